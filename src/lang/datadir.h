/* datadir.h - where the running program finds its standard library and
 * its manual pages: the installed folders, or, for a program run from the
 * tree it was built in (not installed), that tree's stdlib/ and man/. */
#ifndef SKILL_DATADIR_H
#define SKILL_DATADIR_H

/* The standard library folder: SKILL_STDLIB when set and non-empty, else
 * the source tree's stdlib/ when running uninstalled, else the installed
 * folder. */
const char *datadir_stdlib(void);

/* The command that shows manual page skill(SECTION), 1 or 5:
 * "man 5 skill" once installed, "man -l TREE/man/skill.5" uninstalled. */
const char *datadir_man(int section);

/* The source tree the program runs from uninstalled, or NULL. */
const char *datadir_tree(void);

#endif
