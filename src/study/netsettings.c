#include "netsettings.h"

#include <math.h>
#include <stdio.h>

#include "netrun.h"
#include "numfmt.h"
#include "settings.h"

enum { MAX_WIDTH = 1000000 };

/* Where a key was given, or the model if it was not. */
static loc at_or(const ir_model *m, loc at)
{
    return at.src ? at : m->at;
}

static int is_whole(double x, double lo, double hi)
{
    return isfinite(x) && x == floor(x) && x >= lo && x <= hi;
}

static int check_hidden(eval_ctx *ev, const ir_model *m, const ir_settings *s)
{
    if (s->hidden.kind == V_NONE)
        return 0;
    const vobj *o = s->hidden.u.obj;
    if (s->hidden.kind != V_VEC || o->u.vec.n == 0) {
        diag_error(ev->d, s->hidden_at, "'hidden' must be a non-empty list of widths");
        diag_hint(ev->d, "one width a hidden layer, e.g. hidden = [50] or hidden = [100, 100]");
        return -1;
    }
    if (o->u.vec.n > NET_MAX_LAYERS - 1) {
        diag_error(ev->d, s->hidden_at, "model '%s' has %d hidden layers; at most %d", m->name, o->u.vec.n,
                   NET_MAX_LAYERS - 1);
        diag_hint(ev->d, "list fewer widths in 'hidden'");
        return -1;
    }
    for (int i = 0; i < o->u.vec.n; i++)
        if (!is_whole(o->u.vec.x[i], 1, MAX_WIDTH)) {
            char buf[NUMFMT_MAX];
            diag_error(ev->d, s->hidden_at, "hidden layer %d's width is %s; it must be a whole number "
                       "from 1 to %d", i + 1, numfmt(buf, o->u.vec.x[i]), MAX_WIDTH);
            diag_hint(ev->d, "a width is a number of units, e.g. hidden = [100, 100]");
            return -1;
        }
    return 0;
}

static int is_parity_task(const ir_settings *s)
{
    return s->task == NET_TASK_PARITY || s->task == NET_TASK_MULTITASK;
}

/* A prerequisite formula a parity can compose: skills of the model joined by `and`. */
static int check_dep(eval_ctx *ev, const ir_model *m, const ir_settings *s, const ir_dep *d)
{
    if (d->kind == DEP_AND)
        return check_dep(ev, m, s, d->a) != 0 || check_dep(ev, m, s, d->b) != 0 ? -1 : 0;
    if (d->kind != DEP_SKILL) {
        diag_error(ev->d, d->at, "network '%s' composes a skill's parity from prerequisites joined "
                   "by 'and'; it cannot learn this formula", m->name);
        diag_hint(ev->d, "a skill that needs A and B is labelled A xor B (the paper's Fig. 16)");
        return -1;
    }
    for (int k = 0; k < s->nskills; k++)
        if (s->skills[k] == d->skill)
            return 0;
    diag_error(ev->d, d->at, "network '%s' does not have skill '%s', which this skill needs", m->name,
               ev->ir->skills[d->skill].name);
    diag_hint(ev->d, "add it to the model's 'skills', or leave the dependent skill out");
    return -1;
}

/* The skills whose bits are their own (no prerequisites), in the model's order. */
static int own_bits_skills(const eval_ctx *ev, const ir_settings *s)
{
    int n = 0;
    for (int k = 0; k < s->nskills; k++)
        n += ev->ir->skills[s->skills[k]].needs == NULL;
    return n;
}

/* Row I of the parity list: a vector of its bit indices, its length in *N. */
static const double *parity_row(value p, int i, int *n)
{
    const vobj *o = p.u.obj;
    if (p.kind == V_MATRIX) {
        *n = o->u.mat.cols;
        return o->u.mat.x + (size_t)i * o->u.mat.cols;
    }
    value row = o->u.list.items[i];
    if (row.kind != V_VEC) {
        *n = -1;
        return NULL;
    }
    *n = row.u.obj->u.vec.n;
    return row.u.obj->u.vec.x;
}

static int check_parity_row(eval_ctx *ev, const ir_settings *s, int i)
{
    int n;
    const double *bits = parity_row(s->parity, i, &n);
    if (n < 1) {
        diag_error(ev->d, s->parity_at, "'parity' entry %d must be a non-empty list of bit indices", i + 1);
        return -1;
    }
    for (int j = 0; j < n; j++) {
        char buf[NUMFMT_MAX];
        if (!is_whole(bits[j], 0, s->bits - 1)) {
            diag_error(ev->d, s->parity_at, "'parity' entry %d has bit %s; bits are whole numbers from 0 "
                       "to %.0f (bits - 1)", i + 1, numfmt(buf, bits[j]), s->bits - 1);
            diag_hint(ev->d, "bits count from 0, as the paper's code counts them; raise 'bits' for more");
            return -1;
        }
        for (int l = 0; l < j; l++)
            if (bits[l] == bits[j]) {
                diag_error(ev->d, s->parity_at, "'parity' entry %d has bit %s twice", i + 1, numfmt(buf, bits[j]));
                diag_hint(ev->d, "a bit twice cancels out of a parity; list each once");
                return -1;
            }
    }
    return 0;
}

static int check_parity_list(eval_ctx *ev, const ir_model *m, const ir_settings *s)
{
    int want = own_bits_skills(ev, s);
    int have = s->parity.kind == V_MATRIX ? s->parity.u.obj->u.mat.rows
             : s->parity.kind == V_LIST ? s->parity.u.obj->u.list.n : s->parity.kind == V_VEC ? -1 : 0;
    if (have != want) {
        diag_error(ev->d, s->parity_at, "network '%s' has %d skill%s of its own bits, so 'parity' needs %d "
                   "list%s of bit indices, not %s", m->name, want, want == 1 ? "" : "s", want,
                   want == 1 ? "" : "s", have < 0 ? "one list of numbers" : have == 1 ? "1" : "more or fewer");
        diag_hint(ev->d, "one list a skill that needs none, in the model's order: parity = [[0, 1], [2, 3]]");
        return -1;
    }
    for (int i = 0; i < have; i++)
        if (check_parity_row(ev, s, i) != 0)
            return -1;
    return 0;
}

static int check_parity(eval_ctx *ev, const ir_model *m, const ir_settings *s)
{
    if (s->parity.kind == V_NONE && s->k > s->bits) {
        diag_error(ev->d, at_or(m, s->k_at), "each skill's parity has k = %.0f bits but the inputs have "
                   "only %.0f", s->k, s->bits);
        diag_hint(ev->d, "lower 'k' or raise 'bits'");
        return -1;
    }
    if (s->parity.kind != V_NONE && check_parity_list(ev, m, s) != 0)
        return -1;
    for (int k = 0; k < s->nskills; k++) {
        const ir_dep *d = ev->ir->skills[s->skills[k]].needs;
        if (d && s->task == NET_TASK_MULTITASK) {
            diag_error(ev->d, d->at, "multitask parity has one output for every skill: a skill cannot "
                       "need another");
            diag_hint(ev->d, "use 'task = parity' (one output a skill) to compose parities");
            return -1;
        }
        if (d && check_dep(ev, m, s, d) != 0)
            return -1;
    }
    if (s->task == NET_TASK_MULTITASK && s->batch > 0) {
        diag_error(ev->d, s->batch_at, "multitask parity draws a new batch of 'samples' every step: "
                   "'batch' is not used");
        diag_hint(ev->d, "set the batch size with 'samples = %.0f'", s->batch);
        return -1;
    }
    if (s->task == NET_TASK_MULTITASK && s->split != 1) {
        diag_error(ev->d, s->split_at, "multitask parity draws a new batch every step: it has no test set");
        diag_hint(ev->d, "leave 'split' at 1");
        return -1;
    }
    return 0;
}

static int check_modular_addition(eval_ctx *ev, const ir_model *m, const ir_settings *s)
{
    if (s->nskills != 1) {
        diag_error(ev->d, at_or(m, s->task_at), "modular addition is one skill; network '%s' has %d",
                   m->name, s->nskills);
        diag_hint(ev->d, "give the model one skill: skills = [NAME]");
        return -1;
    }
    if (s->modulus < 2) {
        diag_error(ev->d, s->modulus_at, "'modulus' is %.0f; modular addition needs at least 2", s->modulus);
        diag_hint(ev->d, "the paper's Fig. 13 uses modulus = 59");
        return -1;
    }
    if (s->loss != LOSS_CE) {
        diag_error(ev->d, s->loss_at, "modular addition is learned with 'loss = ce' (softmax cross-entropy)");
        diag_hint(ev->d, "leave 'loss' out: ce is its default");
        return -1;
    }
    return 0;
}

/* Fig. 19: one sub-network a skill, each with its own input and output. */
static int check_modular_net(eval_ctx *ev, const ir_model *m, const ir_settings *s)
{
    if (s->task != NET_TASK_REGRESSION) {
        diag_error(ev->d, s->modular_at, "a modular network needs 'task = regression', where each skill "
                   "has its own input and output");
        diag_hint(ev->d, "parity inputs are shared by every skill, so they cannot be split into sub-networks");
        return -1;
    }
    if (s->nskills > NET_MAX_GROUPS) {
        diag_error(ev->d, s->modular_at, "a modular network has at most %d skills; '%s' has %d",
                   NET_MAX_GROUPS, m->name, s->nskills);
        diag_hint(ev->d, "give the model fewer skills with 'skills = [...]'");
        return -1;
    }
    int n = s->hidden.kind == V_VEC ? s->hidden.u.obj->u.vec.n : 1;
    for (int i = 0; i < n; i++) {
        double w = s->hidden.kind == V_VEC ? s->hidden.u.obj->u.vec.x[i] : NETWORK_DEFAULT_HIDDEN;
        if (fmod(w, s->nskills) != 0) {
            diag_error(ev->d, at_or(m, s->hidden_at), "a modular network splits each hidden layer among "
                       "its %d skills, but layer %d has %.0f units", s->nskills, i + 1, w);
            diag_hint(ev->d, "make each width a multiple of %d", s->nskills);
            return -1;
        }
    }
    return 0;
}

static int check_task(eval_ctx *ev, const ir_model *m, ir_settings *s)
{
    if (s->task == NET_TASK_MODULAR && !s->has_loss)
        s->loss = LOSS_CE;
    if (s->split > 1) {
        char buf[NUMFMT_MAX];
        diag_error(ev->d, s->split_at, "'split' is %s; it is the training fraction, at most 1",
                   numfmt(buf, s->split));
        diag_hint(ev->d, "split = 0.8 trains on 80%% of the samples and tests on the rest; 1 has no test set");
        return -1;
    }
    if (is_parity_task(s) && check_parity(ev, m, s) != 0)
        return -1;
    if (s->task == NET_TASK_MODULAR && check_modular_addition(ev, m, s) != 0)
        return -1;
    if (s->task == NET_TASK_REGRESSION && s->loss != LOSS_MSE) {
        diag_error(ev->d, s->loss_at, "regression is learned with 'loss = mse'");
        diag_hint(ev->d, "its targets are x^2, not classes; leave 'loss' out");
        return -1;
    }
    if (s->modular && check_modular_net(ev, m, s) != 0)
        return -1;
    return 0;
}

static int check_memory(eval_ctx *ev, const ir_model *m, const ir_settings *s)
{
    double need = network_bytes(s, s->nskills), have = settings_memory_bytes();
    if (!(have > 0 && need > 0.8 * have))
        return 0;
    diag_error(ev->d, m->at, "network '%s' needs about %.2g GB for its weights, activations and data, "
               "more than this machine's memory", m->name, need / 1e9);
    diag_hint(ev->d, "lower 'samples', 'batch' or the widths in 'hidden'");
    return -1;
}

int netsettings_finish(eval_ctx *ev, const ir_model *m, ir_settings *out)
{
    if (check_hidden(ev, m, out) != 0 || check_task(ev, m, out) != 0)
        return -1;
    if (out->optimizer.kind != V_OPT) {
        diag_error(ev->d, m->at, "network model '%s' needs an 'optimizer'", m->name);
        diag_hint(ev->d, "for example: optimizer = adam(lr: 1e-3)");
        return -1;
    }
    return check_memory(ev, m, out);
}
