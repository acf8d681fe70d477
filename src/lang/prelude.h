/* prelude.h - stdlib/prelude.skill, built into the program (see Makefile.am):
 * the gate functions and other definitions every file sees without import. */
#ifndef SKILL_PRELUDE_H
#define SKILL_PRELUDE_H

extern const char skill_prelude[];

#endif
