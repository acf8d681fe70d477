/* settings.h - the keys of each model kind: which exist, their types, their
 * defaults, and their valid ranges.  Used by the checker (at the declared
 * parameter values) and again by a run (after sweeps and `with`). */
#ifndef SKILL_SETTINGS_H
#define SKILL_SETTINGS_H

#include "eval.h"
#include "ir.h"

/* Fills OUT from M's settings, then WITH (ast_setting*, may be NULL) on top.
 * 0 on success, -1 after reporting every problem found. */
int settings_resolve(eval_ctx *ev, const ir_model *m, const ast_vec *with, ir_settings *out);
void settings_release(ir_settings *s);
/* Bytes of memory on this machine (0 if unknown), for refusing sizes that
 * cannot fit before allocating them. */
double settings_memory_bytes(void);

/* The keys a model kind accepts, NULL-terminated. */
const char *const *settings_keys(ast_model_kind kind);
int settings_key_known(ast_model_kind kind, const char *key);

extern const char *const settings_loss_names[];
extern const char *const settings_solver_names[];
extern const char *const settings_vector_names[];
extern const char *const settings_compete_names[];

#endif
