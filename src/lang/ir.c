#include "ir.h"

#include <math.h>
#include <stdlib.h>

static int find(const ir_program *ir, const char *name, sym_kind kind)
{
    const symbol *s = symtab_get(&ir->names, name);
    return s && s->kind == kind && s->index >= 0 ? s->index : -1;
}

int ir_find_param(const ir_program *ir, const char *name) { return find(ir, name, SYM_PARAM); }
int ir_find_skill(const ir_program *ir, const char *name) { return find(ir, name, SYM_SKILL); }
int ir_find_model(const ir_program *ir, const char *name) { return find(ir, name, SYM_MODEL); }
int ir_find_family(const ir_program *ir, const char *name) { return find(ir, name, SYM_FAMILY); }
int ir_find_opt(const ir_program *ir, const char *name) { return find(ir, name, SYM_OPT); }

const ast_stmt *ir_find_def(const ir_program *ir, const char *name)
{
    int k = find(ir, name, SYM_DEF);
    return k >= 0 ? ir->defs[k] : NULL;
}

int ir_find_inline_opt(const ir_program *ir, const ast_expr *call)
{
    for (int i = 0; i < ir->nopts; i++)
        if (ir->opts[i].call == call)
            return i;
    return -1;
}

const char *ir_model_kind_name(ast_model_kind k)
{
    return k == MODEL_RESOURCE ? "resource" : k == MODEL_DOMINO ? "domino"
         : k == MODEL_GEOMETRY ? "geometry" : k == MODEL_QUANTA ? "quanta" : "network";
}

double *ir_param_values(const ir_param *params, int n)
{
    double *pv = calloc((size_t)n + 1, sizeof *pv);
    if (!pv)
        abort();
    for (int i = 0; i < n; i++)
        pv[i] = value_is_number(params[i].val) ? params[i].val.u.num : NAN;
    return pv;
}

void ir_settings_release(ir_settings *s)
{
    value_release(s->correlation);
    value_release(s->vector_matrix);
    value_release(s->optimizer);
    value_release(s->hidden);
    value_release(s->parity);
    s->hidden = s->parity = (value){V_NONE, {0}};
    free(s->skills);
    s->skills = NULL;
    s->correlation = s->vector_matrix = s->optimizer = (value){V_NONE, {0}};
}
