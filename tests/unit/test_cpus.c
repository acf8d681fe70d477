/* cpus: the CPUs a quota allows (cpu.max and cfs texts), the tightest
 * quota along a fake cgroup tree (v2, v2 beside v1 under unified/, v1 with
 * cpu and cpuacct joined, a cgroup path the mount does not show), and
 * cpus_usable under an affinity mask of one CPU. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cpus.h"
#include "testkit.h"

/* Writes TEXT to the file at REL in the scratch folder, making its folders. */
static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s", path_in_dir(rel));
    for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        mkdir(path, 0777);
        *p = '/';
    }
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "cannot write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void check_texts(void)
{
    CHECK(cpus_from_cpu_max("max 100000\n") == 0, "max");
    CHECK(cpus_from_cpu_max("150000 100000\n") == 2, "1.5 CPUs round up to 2");
    CHECK(cpus_from_cpu_max("200000 100000") == 2, "2 CPUs");
    CHECK(cpus_from_cpu_max("1000 100000") == 1, "a hundredth of a CPU is 1");
    CHECK(cpus_from_cpu_max("400000 50000") == 8, "another period");
    CHECK(cpus_from_cpu_max("") == 0 && cpus_from_cpu_max(NULL) == 0 &&
          cpus_from_cpu_max("quota") == 0, "not a quota");
    CHECK(cpus_from_cfs("-1\n", "100000\n") == 0, "cfs: no limit");
    CHECK(cpus_from_cfs("250000\n", "100000\n") == 3, "cfs: 2.5 CPUs");
    CHECK(cpus_from_cfs("250000", NULL) == 0, "cfs: no period");
}

static void check_trees(void)
{
    char root[512];
    snprintf(root, sizeof root, "%s", path_in_dir("v2"));
    put("v2/a/cpu.max", "250000 100000\n");
    put("v2/a/b/cpu.max", "max 100000\n");
    CHECK(cpus_cgroup_limit(root, "0::/a/b\n") == 3, "v2: the parent's quota, got %d",
          cpus_cgroup_limit(root, "0::/a/b\n"));
    put("v2/a/b/cpu.max", "50000 100000\n");
    CHECK(cpus_cgroup_limit(root, "0::/a/b\n") == 1, "v2: the tighter child's");
    CHECK(cpus_cgroup_limit(root, "0::/\n") == 0, "v2: the root has no quota");

    snprintf(root, sizeof root, "%s", path_in_dir("hybrid"));
    put("hybrid/unified/x/cpu.max", "150000 100000\n");
    CHECK(cpus_cgroup_limit(root, "1:cpu:/\n0::/x\n") == 2, "v2 under unified/, got %d",
          cpus_cgroup_limit(root, "1:cpu:/\n0::/x\n"));

    snprintf(root, sizeof root, "%s", path_in_dir("v1"));
    put("v1/cpu,cpuacct/docker/c/cpu.cfs_quota_us", "-1\n");
    put("v1/cpu,cpuacct/docker/c/cpu.cfs_period_us", "100000\n");
    put("v1/cpu,cpuacct/docker/cpu.cfs_quota_us", "200000\n");
    put("v1/cpu,cpuacct/docker/cpu.cfs_period_us", "100000\n");
    const char *self = "5:memory:/docker/c\n4:cpu,cpuacct:/docker/c\n0::/\n";
    CHECK(cpus_cgroup_limit(root, self) == 2, "v1: the parent's quota, got %d",
          cpus_cgroup_limit(root, self));
    CHECK(cpus_cgroup_limit(root, "4:cpuacct:/docker/c\n") == 0, "v1: cpuacct alone has no quota");

    snprintf(root, sizeof root, "%s", path_in_dir("ns"));
    put("ns/cpu/cpu.cfs_quota_us", "300000\n");
    put("ns/cpu/cpu.cfs_period_us", "100000\n");
    CHECK(cpus_cgroup_limit(root, "3:cpu:/host/only/path\n") == 3,
          "v1: a path outside the mount falls back to its root, got %d",
          cpus_cgroup_limit(root, "3:cpu:/host/only/path\n"));
    CHECK(cpus_cgroup_limit(path_in_dir("none"), "0::/a\n") == 0, "no hierarchy");
    CHECK(cpus_cgroup_limit(root, "") == 0 && cpus_cgroup_limit(root, NULL) == 0 &&
          cpus_cgroup_limit(root, "garbage\n") == 0, "no cgroup text");
}

static void check_affinity(void)
{
    cpu_set_t all, one;
    int n = cpus_usable();
    CHECK(n >= 1 && n <= 1024, "cpus_usable %d", n);
    if (sched_getaffinity(0, sizeof all, &all) != 0)
        return;
    CHECK(n <= CPU_COUNT(&all), "cpus_usable %d, affinity %d", n, CPU_COUNT(&all));
    CPU_ZERO(&one);
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &all)) {
            CPU_SET(c, &one);
            break;
        }
    if (sched_setaffinity(0, sizeof one, &one) == 0) {
        CHECK(cpus_usable() == 1, "pinned to one CPU: cpus_usable %d", cpus_usable());
        sched_setaffinity(0, sizeof all, &all);
    }
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    check_texts();
    check_trees();
    check_affinity();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", dir);
    if (failures)
        return 1;
    printf("cpus: all checks passed\n");
    return 0;
}
