/* xalloc.h - growing heap arrays; running out of memory aborts, since no
 * caller could go on without the memory. */
#ifndef SKILL_XALLOC_H
#define SKILL_XALLOC_H

#include <stddef.h>

/* P (an array of *CAP elements of SIZE bytes) with room for at least NEED
 * elements: the same pointer, or a larger copy with *CAP updated. */
void *xgrow(void *p, int *cap, int need, size_t size);

#endif
