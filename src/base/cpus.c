#define _GNU_SOURCE              /* sched_getaffinity, CPU_COUNT */
#include "cpus.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_CPUS = 1024 };

static int quota_cpus(long long quota, long long period)
{
    if (quota <= 0 || period <= 0)
        return 0;
    long long cpus = (quota + period - 1) / period;
    return cpus > MAX_CPUS ? MAX_CPUS : (int)cpus;
}

int cpus_from_cpu_max(const char *text)
{
    long long quota, period;
    if (!text || sscanf(text, "%lld %lld", &quota, &period) != 2)
        return 0;               /* also "max 100000" */
    return quota_cpus(quota, period);
}

int cpus_from_cfs(const char *quota_text, const char *period_text)
{
    long long quota, period;
    if (!quota_text || !period_text || sscanf(quota_text, "%lld", &quota) != 1 ||
        sscanf(period_text, "%lld", &period) != 1)
        return 0;
    return quota_cpus(quota, period);
}

/* The first line of DIR/NAME, in BUF; NULL if unreadable. */
static char *read_line(const char *dir, const char *name, char *buf, size_t size)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *got = fgets(buf, (int)size, f);
    fclose(f);
    return got;
}

static int quota_in(const char *dir, int v2)
{
    char a[128], b[128];
    if (v2)
        return cpus_from_cpu_max(read_line(dir, "cpu.max", a, sizeof a));
    return cpus_from_cfs(read_line(dir, "cpu.cfs_quota_us", a, sizeof a),
                         read_line(dir, "cpu.cfs_period_us", b, sizeof b));
}

static int tighter(int limit, int cpus)
{
    return cpus > 0 && (limit == 0 || cpus < limit) ? cpus : limit;
}

/* The tightest quota from MOUNT + CGROUP up to MOUNT.  The process's own
 * cgroup may not exist under MOUNT (a container that sees only its own
 * part of the tree); its ancestors that do are still read. */
static int walk_up(const char *mount, const char *cgroup, int v2)
{
    char dir[4096];
    size_t root_len = strlen(mount);
    if ((size_t)snprintf(dir, sizeof dir, "%s%s", mount, cgroup) >= sizeof dir)
        return 0;
    int limit = 0;
    for (;;) {
        size_t len = strlen(dir);
        while (len > root_len && dir[len - 1] == '/')
            dir[--len] = '\0';
        limit = tighter(limit, quota_in(dir, v2));
        char *slash = strrchr(dir, '/');
        if (len <= root_len || !slash || (size_t)(slash - dir) < root_len)
            return limit;
        *slash = '\0';
    }
}

/* Whether the comma-separated LIST names CONTROLLER. */
static int names(const char *list, size_t len, const char *controller)
{
    size_t want = strlen(controller);
    for (const char *p = list; p < list + len;) {
        const char *comma = memchr(p, ',', (size_t)(list + len - p));
        size_t n = comma ? (size_t)(comma - p) : (size_t)(list + len - p);
        if (n == want && strncmp(p, controller, n) == 0)
            return 1;
        p += n + 1;
    }
    return 0;
}

/* One line of /proc/self/cgroup: "ID:CONTROLLERS:PATH". */
static int line_limit(const char *root, const char *line, size_t len)
{
    const char *c1 = memchr(line, ':', len);
    const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(line + len - c1 - 1)) : NULL;
    if (!c2)
        return 0;
    char path[2048], mount[2048];
    size_t plen = (size_t)(line + len - c2 - 1), clen = (size_t)(c2 - c1 - 1);
    if (plen >= sizeof path || clen + strlen(root) + 2 >= sizeof mount)
        return 0;
    memcpy(path, c2 + 1, plen);
    path[plen] = '\0';
    if (clen == 0) {            /* v2: mounted at ROOT, or at ROOT/unified beside v1 */
        snprintf(mount, sizeof mount, "%s/unified", root);
        return tighter(walk_up(root, path, 1), walk_up(mount, path, 1));
    }
    if (!names(c1 + 1, clen, "cpu"))
        return 0;
    snprintf(mount, sizeof mount, "%s/%.*s", root, (int)clen, c1 + 1);
    int limit = walk_up(mount, path, 0);
    snprintf(mount, sizeof mount, "%s/cpu", root);
    return tighter(limit, walk_up(mount, path, 0));
}

int cpus_cgroup_limit(const char *root, const char *self_cgroup)
{
    int limit = 0;
    for (const char *line = self_cgroup; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        limit = tighter(limit, line_limit(root, line, len));
        line = end ? end + 1 : NULL;
    }
    return limit;
}

static int affinity_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_CPUS ? MAX_CPUS : (int)n;
}

static char *self_cgroup(void)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return NULL;
    size_t cap = 4096;
    char *text = calloc(cap + 1, 1);
    if (text)
        text[fread(text, 1, cap, f)] = '\0';
    fclose(f);
    return text;
}

int cpus_usable(void)
{
    int cpus = affinity_cpus();
    char *cgroup = self_cgroup();
    int limit = cpus_cgroup_limit("/sys/fs/cgroup", cgroup);
    free(cgroup);
    if (limit > 0 && limit < cpus)
        cpus = limit;
    return cpus < 1 ? 1 : cpus > MAX_CPUS ? MAX_CPUS : cpus;
}
