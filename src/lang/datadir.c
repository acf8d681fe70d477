#include "datadir.h"

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SKILL_STDLIB_DIR
#define SKILL_STDLIB_DIR "/usr/local/share/skill/stdlib"
#endif

/* A source tree holds both of these; an installed prefix holds neither
 * (its pages are under share/man/man5/). */
static bool is_source_tree(const char *dir)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/stdlib/prelude.skill", dir);
    if (access(path, R_OK) != 0)
        return false;
    snprintf(path, sizeof path, "%s/man/skill.5", dir);
    return access(path, R_OK) == 0;
}

/* A build tree made outside the source tree (a VPATH build) has no
 * stdlib/ of its own: the source tree it was configured from serves it.
 * Stores that tree, without '..' and links, in SOURCE (PATH_MAX bytes). */
static bool vpath_source_tree(const char *dir, char *source)
{
#if defined(SKILL_BUILDDIR) && defined(SKILL_SRCDIR)
    char built[PATH_MAX];
    return realpath(SKILL_BUILDDIR, built) && strcmp(built, dir) == 0 && realpath(SKILL_SRCDIR, source) &&
           is_source_tree(source);
#else
    (void)dir;
    (void)source;
    return false;
#endif
}

static struct {
    char tree[PATH_MAX];
    bool uninstalled;
    char stdlib[PATH_MAX + 8];
    char man[2][PATH_MAX + 32];
} found;
static pthread_once_t found_once = PTHREAD_ONCE_INIT;

/* The uninstalled program is TREE/src/skill: TREE is two levels up. */
static void find_tree(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
    }
    if (is_source_tree(exe))
        snprintf(found.tree, sizeof found.tree, "%s", exe);
    else if (!vpath_source_tree(exe, found.tree))
        return;
    found.uninstalled = true;
}

static void find_folders(void)
{
    find_tree();
    if (!found.uninstalled) {
        snprintf(found.stdlib, sizeof found.stdlib, "%s", SKILL_STDLIB_DIR);
        snprintf(found.man[0], sizeof found.man[0], "man 1 skill");
        snprintf(found.man[1], sizeof found.man[1], "man 5 skill");
        return;
    }
    snprintf(found.stdlib, sizeof found.stdlib, "%s/stdlib", found.tree);
    snprintf(found.man[0], sizeof found.man[0], "man -l %s/man/skill.1", found.tree);
    snprintf(found.man[1], sizeof found.man[1], "man -l %s/man/skill.5", found.tree);
}

const char *datadir_tree(void)
{
    pthread_once(&found_once, find_folders);
    return found.uninstalled ? found.tree : NULL;
}

const char *datadir_stdlib(void)
{
    const char *env = getenv("SKILL_STDLIB");
    if (env && *env)
        return env;
    pthread_once(&found_once, find_folders);
    return found.stdlib;
}

const char *datadir_man(int section)
{
    pthread_once(&found_once, find_folders);
    return found.man[section == 1 ? 0 : 1];
}
