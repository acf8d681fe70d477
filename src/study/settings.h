/* settings.h - resolving a model's settings: each key's value taken as its
 * row of the table (src/lang/modelkeys.h) says, then the rules that tie keys
 * together (eta from dim and lr, what geometry requires).  Used by the
 * checker (at the declared parameter values) and again by a run (after
 * sweeps and `with`). */
#ifndef SKILL_SETTINGS_H
#define SKILL_SETTINGS_H

#include "eval.h"
#include "ir.h"

/* KEY = V for one run (a `with` clause, a fit's trial value, a library
 * caller's override), already evaluated.  Messages about the key point at
 * KEY_LOC, about the value at AT.  V belongs to the caller. */
typedef struct setting_value {
    const char *key;
    loc key_loc, at;
    value v;
    const ast_expr *expr;       /* as written, or NULL; a key that follows t or the
                                   state (eta, N0) is kept so, with V none */
} setting_value;

typedef struct setting_list {
    const setting_value *items;
    int n;
} setting_list;

/* Fills OUT from M's settings, then the model keys among WITH (may be NULL;
 * other keys, parameters, are skipped) on top.  0 on success, -1 after
 * reporting every problem found. */
int settings_resolve(eval_ctx *ev, const ir_model *m, const setting_list *with, ir_settings *out);
/* The value of a setting as written: a bare word (`loss = ce`) is a
 * symbol, gram(G) the model G, `record = [...]` a list of symbols,
 * from_correlation(C) a record {from_correlation: C}; an eta or N0 that
 * reads t or the state is none (the run compiles it); any other
 * expression is evaluated.  0, or -1 after reporting. */
int settings_value_of(eval_ctx *ev, const ast_setting *s, value *out);
void settings_release(ir_settings *s);     /* ir_settings_release */
/* Bytes of memory on this machine (0 if unknown), for refusing sizes that
 * cannot fit before allocating them. */
double settings_memory_bytes(void);

/* The keys a model kind accepts, NULL-terminated, from the table. */
const char *const *settings_keys(ast_model_kind kind);
int settings_key_known(ast_model_kind kind, const char *key);

#endif
