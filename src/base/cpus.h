/* cpus.h - how many CPUs this process may use, the default of -j: the CPUs
 * of its affinity mask (taskset, cpusets), further bounded by the CPU quota
 * of its cgroup and of the cgroups above it (cgroup v2 cpu.max, v1
 * cpu.cfs_quota_us / cpu.cfs_period_us), rounded up.  From 1 to 1024. */
#ifndef SKILL_CPUS_H
#define SKILL_CPUS_H

int cpus_usable(void);

/* The parts, for testing.  The CPUs a quota allows, rounded up: from the
 * text of a cpu.max file ("150000 100000" gives 2), or of cpu.cfs_quota_us
 * and cpu.cfs_period_us; 0 for no limit ("max", -1) or text that is not a
 * quota. */
int cpus_from_cpu_max(const char *text);
int cpus_from_cfs(const char *quota_text, const char *period_text);
/* The tightest quota from the process's cgroup up to the root, the cgroups
 * being those SELF_CGROUP (the text of /proc/self/cgroup) names and the
 * hierarchies mounted under ROOT (normally /sys/fs/cgroup); 0 for none. */
int cpus_cgroup_limit(const char *root, const char *self_cgroup);

#endif
