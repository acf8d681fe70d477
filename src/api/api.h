/* api.h - what the library's files share behind include/skill.h: the
 * handle and the wrapping of interpreter values. */
#ifndef SKILL_API_H
#define SKILL_API_H

#include <stdatomic.h>

#include "skill.h"

#include "diag.h"
#include "ir.h"
#include "session.h"
#include "value.h"

struct skill {
    skill_options opt;          /* the caller's, with DEFINES copied */
    char **defines;
    diag d;
    session *s;
    atomic_int cancelled;       /* skill_cancel, or the progress callback */
    char **bound;               /* names skill_bind gave `let`s (the scope keeps pointers) */
    int nbound;
};

/* The writers' record behind a tracked stream (NULL for NULL). */
struct output_tracker *api_tracker(skill_stream *t);

/* Wraps V (taking it) as a value of program IR, whose names it shows. */
skill_value *api_value_new(const ir_program *ir, value v);
/* V's interpreter value (not retained) and, through *IR, its program. */
value api_value_of(const skill_value *v, const ir_program **ir);

#endif
