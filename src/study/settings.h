/* settings.h - resolving a model's settings: evaluating each key's value
 * as its row of the table (src/lang/modelkeys.h) says, then the rules
 * that tie keys together (eta from dim and lr, what geometry requires).
 * Used by the checker (at the declared parameter values) and again by a
 * run (after sweeps and `with`). */
#ifndef SKILL_SETTINGS_H
#define SKILL_SETTINGS_H

#include "eval.h"
#include "ir.h"

/* Fills OUT from M's settings, then WITH (ast_setting*, may be NULL) on top.
 * 0 on success, -1 after reporting every problem found. */
int settings_resolve(eval_ctx *ev, const ir_model *m, const ast_vec *with, ir_settings *out);
void settings_release(ir_settings *s);     /* ir_settings_release */
/* Bytes of memory on this machine (0 if unknown), for refusing sizes that
 * cannot fit before allocating them. */
double settings_memory_bytes(void);

/* The keys a model kind accepts, NULL-terminated, from the table. */
const char *const *settings_keys(ast_model_kind kind);
int settings_key_known(ast_model_kind kind, const char *key);

#endif
