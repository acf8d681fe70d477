#include "irdump.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "modelkeys.h"
#include "numfmt.h"
#include "output.h"

static void put_source(FILE *f, const ast_expr *e)
{
    fprintf(f, "%.*s", (int)(e->at.end - e->at.off), e->at.src->text + e->at.off);
}

static void put_dep(FILE *f, const ir_program *ir, const ir_dep *d, ast_dep_kind parent)
{
    switch (d->kind) {
    case DEP_SKILL:
        fputs(ir->skills[d->skill].name, f);
        return;
    case DEP_NOT:
        fputs("not ", f);
        put_dep(f, ir, d->a, DEP_NOT);
        return;
    default: {
        int paren = parent != DEP_SKILL && parent != d->kind;
        fputs(paren ? "(" : "", f);
        put_dep(f, ir, d->a, d->kind);
        fputs(d->kind == DEP_AND ? " and " : " or ", f);
        put_dep(f, ir, d->b, d->kind);
        fputs(paren ? ")" : "", f);
    }
    }
}

/* B as a formula of g: and -> product, or -> max, not -> 1 - g. */
static void put_bfactor(FILE *f, const ir_program *ir, const ir_dep *d)
{
    switch (d->kind) {
    case DEP_SKILL:
        fprintf(f, "g(u_%s)", ir->skills[d->skill].name);
        return;
    case DEP_NOT:
        fputs("(1 - ", f);
        put_bfactor(f, ir, d->a);
        fputc(')', f);
        return;
    case DEP_AND:
        put_bfactor(f, ir, d->a);
        fputs(" * ", f);
        put_bfactor(f, ir, d->b);
        return;
    case DEP_OR:
        fputs("max(", f);
        put_bfactor(f, ir, d->a);
        fputs(", ", f);
        put_bfactor(f, ir, d->b);
        fputc(')', f);
        return;
    }
}

enum { FAMILY_SHOWN = 6 };

/* A skill's line in columns: its name, its frequency, what it needs, its
 * gate (empty when it has none). */
enum { SKILL_COLUMNS = 4 };
typedef struct skill_row {
    char *col[SKILL_COLUMNS];
} skill_row;

static char *freq_column(const ir_skill *sk, const double *pv, dist_cache *cache)
{
    char *text = NULL, buf[NUMFMT_MAX];
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    fputs("freq ", f);
    put_source(f, sk->freq_ast);
    if (sk->freq && expr_is_constant(sk->freq)) {
        expr_env env = {pv, 0, NULL, NULL, NULL, cache};
        double p = expr_eval(sk->freq, &env);
        if (sk->freq->n != 1 || sk->freq_ast->kind != E_NUM)
            fprintf(f, " = %s", numfmt(buf, p));
    } else if (sk->freq) {
        fputs("  (varies in time or with the state)", f);
    }
    fclose(f);
    return text;
}

static skill_row skill_columns(const ir_program *ir, const ir_skill *sk, const double *pv,
                               dist_cache *cache)
{
    skill_row r;
    size_t len;
    r.col[0] = strdup(sk->name);
    r.col[1] = freq_column(sk, pv, cache);
    FILE *f = open_memstream(&r.col[2], &len);
    if (sk->needs) {
        fputs("needs ", f);
        put_dep(f, ir, sk->needs, DEP_SKILL);
    }
    fclose(f);
    f = open_memstream(&r.col[3], &len);
    if (sk->gate_ast) {
        fputs("gate ", f);
        put_source(f, sk->gate_ast);
    }
    fclose(f);
    if (!r.col[0] || !r.col[1] || !r.col[2] || !r.col[3])
        abort();
    return r;
}

/* Width on a terminal: UTF-8 continuation bytes take no column. */
static int text_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Prints ROW with each column padded to WIDTH when another follows it. */
static void put_skill_row(FILE *f, const skill_row *row, const int *width)
{
    int last = SKILL_COLUMNS - 1;
    while (last > 0 && !*row->col[last])
        last--;
    fputs(" ", f);
    for (int c = 0; c <= last; c++)
        fprintf(f, " %s%*s", row->col[c], c < last ? width[c] - text_width(row->col[c]) + 1 : 0, "");
    fputc('\n', f);
}

/* Long families show their first members and their last. */
static int skill_shown(const ir_skill *sk)
{
    return sk->family_n <= FAMILY_SHOWN || sk->family_i <= FAMILY_SHOWN - 2 ||
           sk->family_i == sk->family_n;
}

static void dump_skills(const ir_program *ir, FILE *f, const double *pv)
{
    dist_cache cache = {0, 0, 0, 0, 0};
    skill_row *rows = calloc((size_t)ir->nskills + 1, sizeof *rows);
    int width[SKILL_COLUMNS] = {0};
    if (!rows)
        abort();
    for (int i = 0; i < ir->nskills; i++) {
        if (!skill_shown(&ir->skills[i]))
            continue;
        rows[i] = skill_columns(ir, &ir->skills[i], pv, &cache);
        for (int c = 0; c < SKILL_COLUMNS; c++)
            if (text_width(rows[i].col[c]) > width[c])
                width[c] = text_width(rows[i].col[c]);
    }
    fprintf(f, "skills (%d):\n", ir->nskills);
    for (int i = 0; i < ir->nskills; i++) {
        const ir_skill *sk = &ir->skills[i];
        if (skill_shown(sk)) {
            put_skill_row(f, &rows[i], width);
            for (int c = 0; c < SKILL_COLUMNS; c++)
                free(rows[i].col[c]);
        } else if (sk->family_i == FAMILY_SHOWN - 1) {
            fprintf(f, "  ... (%d more members)\n", sk->family_n - FAMILY_SHOWN + 1);
        }
    }
    free(rows);
}

static void dump_params(const ir_program *ir, FILE *f)
{
    if (!ir->nparams)
        return;
    fprintf(f, "params:\n");
    for (int i = 0; i < ir->nparams; i++) {
        fprintf(f, "  %s = ", ir->params[i].name);
        output_value(f, ir, ir->params[i].val);
        fputc('\n', f);
    }
}

/* One key's resolved value as `skill ir` shows it. */
static void put_key_value(FILE *f, const model_key *key, const ir_settings *s)
{
    const char *field = (const char *)s + key->field;
    char buf[NUMFMT_MAX];
    const char *word;
    switch (key->type) {
    case MKEY_NUMBER:
        if (key->flags & MKEY_FOLLOWS) {
            const ast_expr *e = key->field == (int)offsetof(ir_settings, eta) ? s->eta_expr : s->N0_expr;
            if (e) {
                put_source(f, e);
                return;
            }
        }
        fputs(numfmt(buf, *(const double *)field), f);
        return;
    case MKEY_WORD:
    case MKEY_VECTORS:
        word = model_key_word(key, *(const int *)field);
        fputs(word ? word : key->type == MKEY_VECTORS && s->vectors == VEC_CORRELATION
                            ? "from_correlation(C)" : "matrix", f);
        return;
    case MKEY_BOOL:
        fputs(*(const int *)field ? "true" : "false", f);
        return;
    default:
        return;                 /* shown on lines of their own */
    }
}

/* What follows from a key, beside it. */
static void put_derived(FILE *f, const ir_model *m, const model_key *key)
{
    char buf[NUMFMT_MAX];
    if (m->kind == MODEL_DOMINO && key->field == (int)offsetof(ir_settings, eta) && m->resolved.modules > 1)
        fprintf(f, "  t0 = sqrt(modules)/eta = %s steps", numfmt(buf, sqrt(m->resolved.modules) / m->resolved.eta));
    else if (m->kind == MODEL_DOMINO && key->field == (int)offsetof(ir_settings, eta))
        fprintf(f, "  t0 = 1/eta = %s steps", numfmt(buf, 1 / m->resolved.eta));
}

#define TASK(t) (1 << (t))
#define ALL_TASKS (TASK(NET_TASK_PARITY) | TASK(NET_TASK_MULTITASK) | TASK(NET_TASK_REGRESSION) | TASK(NET_TASK_MODULAR))

/* The network tasks a network key means something for (skill(5)). */
static const struct { int field, tasks; } network_key_tasks[] = {
    {(int)offsetof(ir_settings, bits), TASK(NET_TASK_PARITY) | TASK(NET_TASK_MULTITASK)},
    {(int)offsetof(ir_settings, k), TASK(NET_TASK_PARITY) | TASK(NET_TASK_MULTITASK)},
    {(int)offsetof(ir_settings, samples), ALL_TASKS & ~TASK(NET_TASK_MODULAR)},
    {(int)offsetof(ir_settings, modular), TASK(NET_TASK_REGRESSION)},
    {(int)offsetof(ir_settings, level), ALL_TASKS & ~TASK(NET_TASK_REGRESSION)},
};

static int key_used(const ir_model *m, const model_key *key)
{
    if (!(key->shown & MKEY_KIND(m->kind)))
        return 0;
    if (m->kind != MODEL_NETWORK)
        return 1;
    if (key->field == (int)offsetof(ir_settings, k) && m->resolved.parity.kind != V_NONE)
        return 0;               /* every skill's bits are given */
    for (size_t i = 0; i < sizeof network_key_tasks / sizeof *network_key_tasks; i++)
        if (network_key_tasks[i].field == key->field)
            return (network_key_tasks[i].tasks & TASK(m->resolved.task)) != 0;
    return 1;
}

/* The keys the table shows for M's kind and, for a network, its task:
 * "  eta = 0.1  N0 = 0 ...". */
static void put_settings_line(FILE *f, const ir_model *m)
{
    const model_key *key;
    for (int i = 0; (key = model_key_at(i)); i++) {
        if (!key_used(m, key))
            continue;
        fprintf(f, "  %s = ", key->name);
        put_key_value(f, key, &m->resolved);
        put_derived(f, m, key);
    }
    fputc('\n', f);
}

static const char *skill_name(const ir_program *ir, const ir_settings *s, int k)
{
    return ir->skills[s->skills[k]].name;
}

static void dump_resource(const ir_program *ir, const ir_model *m, FILE *f)
{
    const ir_settings *s = &m->resolved;
    char a[NUMFMT_MAX], b[NUMFMT_MAX];
    int ce = s->loss == LOSS_CE;
    put_settings_line(f, m);
    if (s->has_dim && s->has_lr && !s->has_eta)
        fprintf(f, "  eta = 2*sqrt(dim)*lr with dim = %s, lr = %s\n", numfmt(a, s->dim), numfmt(b, s->lr));
    fputs("  gate g(u) = ", f);
    if (s->gate)
        put_source(f, s->gate);
    else
        fputs("sharp(0.01) = 1 - u^0.01", f);
    fputc('\n', f);
    const char *x = ce ? "sigmoid(-s_%s)" : "u_%s";
    const char *corr = s->correlation.kind == V_MATRIX ? "matrix" : s->correlation.kind == V_MODEL
                     ? "gram" : NULL;
    fprintf(f, "  D = sum_j %sp_j %s", s->compete == COMPETE_GATED ? "B_j " : "", ce ? "sigmoid(-s_j)" : "u_j");
    fprintf(f, "  (over %d skills)\n", s->nskills);
    for (int k = 0; k < s->nskills; k++) {
        int i = s->skills[k];
        const char *name = skill_name(ir, s, k);
        fprintf(f, "  d%s_%s/dt = %s eta * ", ce ? "s" : "u", name, ce ? "+" : "-");
        if (m->bfactor && m->bfactor[i])
            fprintf(f, "B_%s * ", name);
        if (corr) {
            fprintf(f, "sum_k C_%s,k p_k %s", name, ce ? "sigmoid(-s_k)" : "u_k");
        } else {
            fprintf(f, "p_%s * ", name);
            fprintf(f, x, name);
        }
        fputs(" / (D + N0)", f);
        if (ir->skills[i].gate_ast) {
            fprintf(f, ",  B_%s = ", name);
            put_source(f, ir->skills[i].gate_ast);
        } else if (ir->skills[i].needs) {
            fprintf(f, ",  B_%s = ", name);
            put_bfactor(f, ir, ir->skills[i].needs);
        }
        fputc('\n', f);
    }
    if (corr && s->correlation.kind == V_MODEL)
        fprintf(f, "  C = gram(%s): C_ij = t_i . t_j of the geometry model's task vectors\n",
                ir->models[s->correlation.u.index].name);
    else if (corr) {
        fputs("  C = ", f);
        output_value(f, ir, s->correlation);
        fputc('\n', f);
    }
}

static void dump_domino(const ir_model *m, FILE *f)
{
    char buf[NUMFMT_MAX];
    put_settings_line(f, m);
    if (m->resolved.modules > 1)
        fprintf(f, "  modules = %s learn in parallel, one skill each at a time, in order of decreasing\n"
                "  frequency, each taking t0;\n", numfmt(buf, m->resolved.modules));
    else
        fputs("  skills are learned one at a time, in order of decreasing frequency, each taking t0;\n", f);
    fputs("  a skill never starts before the skills it needs are complete\n", f);
}

static void dump_quanta(const ir_model *m, FILE *f)
{
    put_settings_line(f, m);
    fputs("  skills are learned independently: s_i(t) = 1 - exp(-eta p_i t),\n"
          "  but for the skills beyond capacity (in order of decreasing frequency), which stay at 0\n", f);
}

static void put_optimizer(const ir_program *ir, const ir_settings *s, FILE *f)
{
    fputs("  optimizer = ", f);
    output_value(f, ir, s->optimizer);
    if (s->optimizer.kind == V_OPT && ir->opts[s->optimizer.u.index].name) {
        const ir_optimizer *o = &ir->opts[s->optimizer.u.index];
        fprintf(f, " = %s(", o->kind_name);
        for (int i = 0; i < o->nargs; i++) {
            fprintf(f, "%s%s: ", i ? ", " : "", o->keys[i]);
            put_source(f, o->arg_asts[i]);
        }
        fputc(')', f);
    }
    fputc('\n', f);
}

/* reweight = loss (the paper's section 4.3) in words. */
static void put_reweight(const ir_settings *s, FILE *f)
{
    char steps[NUMFMT_MAX];
    if (s->reweight != REWEIGHT_LOSS)
        return;
    fputs("  reweight: each loss term's gradient times its loss / the batch's mean loss"
          " (a constant: no gradient through it)", f);
    if (s->reweight_steps > 0)
        fprintf(f, ", in the first %s steps", numfmt(steps, s->reweight_steps));
    fputc('\n', f);
}

static void dump_geometry(const ir_program *ir, const ir_model *m, FILE *f)
{
    const ir_settings *s = &m->resolved;
    put_settings_line(f, m);
    put_optimizer(ir, s, f);
    fprintf(f, "  s_i = t_i . theta;  loss = sum_i p_i %s;  record level, loss%s\n",
            s->loss == LOSS_CE ? "-log sigmoid(s_i)" : "(1 - s_i)^2", s->record_align ? ", align" : "");
    put_reweight(s, f);
}

/* "[0, 1]" */
static void put_widths(FILE *f, const double *x, int n)
{
    char buf[NUMFMT_MAX];
    fputc('[', f);
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? ", " : "", numfmt(buf, x[i]));
    fputc(']', f);
}

/* Row I of a parity list, as written. */
static void put_parity_row(FILE *f, value p, int i)
{
    if (p.kind == V_MATRIX)
        put_widths(f, p.u.obj->u.mat.x + (size_t)i * p.u.obj->u.mat.cols, p.u.obj->u.mat.cols);
    else
        put_widths(f, p.u.obj->u.list.items[i].u.obj->u.vec.x, p.u.obj->u.list.items[i].u.obj->u.vec.n);
}

/* "y_A xor y_B": a parity skill's prerequisites (joined by `and`). */
static void put_xor(FILE *f, const ir_program *ir, const ir_dep *d)
{
    if (d->kind == DEP_AND) {
        put_xor(f, ir, d->a);
        fputs(" xor ", f);
        put_xor(f, ir, d->b);
    } else if (d->kind == DEP_SKILL) {
        fprintf(f, "y_%s", ir->skills[d->skill].name);
    }
}

/* Each skill's label: its bits, or the xor of its prerequisites'. */
static void put_parity_labels(const ir_program *ir, const ir_settings *s, FILE *f)
{
    char buf[NUMFMT_MAX];
    for (int k = 0, own = 0; k < s->nskills; k++) {
        const ir_skill *sk = &ir->skills[s->skills[k]];
        fprintf(f, "  y_%s = ", sk->name);
        if (sk->needs) {
            put_xor(f, ir, sk->needs);
        } else if (s->parity.kind != V_NONE) {
            fputs("parity of bits ", f);
            put_parity_row(f, s->parity, own++);
        } else {
            fprintf(f, "parity of %s bits drawn at random", numfmt(buf, s->k));
        }
        fputc('\n', f);
    }
}

static const char *level_formula(const ir_settings *s)
{
    if (s->task == NET_TASK_REGRESSION)
        return "1 - min(1, train_loss / train_loss at step 0)";
    if (s->level == NET_LEVEL_ACCURACY)
        return "train_acc";
    return s->task == NET_TASK_MODULAR ? "(train_acc - 1/modulus) / (1 - 1/modulus)" : "2 train_acc - 1";
}

static const char *const task_lines[] = {
    "random bits, one output a skill; a skill's frequency is the share of samples its loss counts on",
    "control bits (one-hot, drawn by frequency) and data bits, one shared output; a new batch a step",
    "x uniform in [-1, 1], a sample of one skill keeps its coordinate; target x^2 on that skill's output",
    "all pairs (a, b) of Z_p as two embedded tokens, class (a + b) mod p",
};

static void dump_network(const ir_program *ir, const ir_model *m, FILE *f)
{
    const ir_settings *s = &m->resolved;
    put_settings_line(f, m);
    fputs("  hidden = ", f);
    if (s->hidden.kind == V_VEC)
        put_widths(f, s->hidden.u.obj->u.vec.x, s->hidden.u.obj->u.vec.n);
    else
        fputs("[50]", f);
    if (s->task == NET_TASK_MODULAR) {
        char a[NUMFMT_MAX], b[NUMFMT_MAX];
        fprintf(f, "  modulus = %s  embed = %s", numfmt(a, s->modulus), numfmt(b, s->embed));
    }
    fputc('\n', f);
    put_optimizer(ir, s, f);
    put_reweight(s, f);
    fprintf(f, "  data: %s\n", task_lines[s->task]);
    if (s->task == NET_TASK_PARITY || s->task == NET_TASK_MULTITASK)
        put_parity_labels(ir, s, f);
    fprintf(f, "  record level = %s, loss, train_loss%s%s\n", level_formula(s),
            s->task == NET_TASK_REGRESSION ? "" : ", train_acc",
            s->split < 1 ? s->task == NET_TASK_REGRESSION ? ", test_loss" : ", test_acc" : "");
}

void ir_dump_skills(const ir_program *ir, FILE *f)
{
    double *pv = ir_param_values(ir->params, ir->nparams);
    dump_skills(ir, f, pv);
    free(pv);
}

void ir_dump(const ir_program *ir, FILE *f)
{
    double *pv = ir_param_values(ir->params, ir->nparams);
    dump_params(ir, f);
    dump_skills(ir, f, pv);
    for (int k = 0; k < ir->nmodels; k++) {
        const ir_model *m = &ir->models[k];
        fprintf(f, "%s %s (%d skills):\n", ir_model_kind_name(m->kind), m->name, m->resolved.nskills);
        if (m->kind == MODEL_RESOURCE)
            dump_resource(ir, m, f);
        else if (m->kind == MODEL_DOMINO)
            dump_domino(m, f);
        else if (m->kind == MODEL_QUANTA)
            dump_quanta(m, f);
        else if (m->kind == MODEL_GEOMETRY)
            dump_geometry(ir, m, f);
        else
            dump_network(ir, m, f);
    }
    free(pv);
}
