#include "infersearch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum {
    INFER_JOINT_LIMIT = 4096,   /* a stretch's graphs tried one by one up to this many */
    INFER_MAX_PASSES = 50,      /* revisions (each lowers the BIC; a guard only) */
    INFER_MAX_CANDIDATES = 62   /* prerequisites considered per skill (a subset is a mask) */
};

/* A graph already fitted on some compared skills, so that none is fitted twice. */
typedef struct fitted {
    infer_graph g;
    int ncompared;
    double bic;
} fitted;

/* Skill I's admissible prerequisites and the subsets of them tried. */
typedef struct needs_options {
    int skill;
    int cand[INFER_MAX_CANDIDATES];
    int ncand;
    unsigned long *subsets;     /* masks over cand, by size, then lexicographic */
    int nsubsets;
} needs_options;

typedef struct search {
    eval_ctx *ev;
    const infer_spec *spec;
    arena *programs;            /* every candidate's compiled factors */
    fitted *memo;
    int nmemo, capmemo;
    int *order;                 /* the searched skills by the step they start to learn */
    int ncompared;              /* the curves compared now: order[0..ncompared) */
    needs_options *options;     /* per position in spec->nodes */
} search;

static int fit_graph(search *s, const infer_graph *g, fit_outcome *out)
{
    expr_prog **factor = infergraph_factors(s->ev, g, s->spec->gate, s->programs);
    if (!factor)
        return -1;
    fit_problem p = s->spec->problem;
    p.skills = s->order;
    p.nskills = s->ncompared;
    p.bfactor = (expr_prog *const *)factor;
    return fit_solve(s->ev, &p, out);
}

/* An edge is a structural parameter: one ln n each, as a fitted value. */
static double graph_bic(const fit_outcome *o, const infer_graph *g)
{
    return o->bic + infergraph_edges(g) * log((double)o->n);
}

static int score(search *s, const infer_graph *g, double *bic)
{
    for (int k = 0; k < s->nmemo; k++)
        if (s->memo[k].ncompared == s->ncompared && infergraph_same(&s->memo[k].g, g)) {
            *bic = s->memo[k].bic;
            return 0;
        }
    fit_outcome o;
    if (fit_graph(s, g, &o) != 0)
        return -1;
    *bic = graph_bic(&o, g);
    fit_outcome_free(&o);
    s->memo = xgrow(s->memo, &s->capmemo, s->nmemo + 1, sizeof *s->memo);
    s->memo[s->nmemo++] = (fitted){infergraph_copy(g), s->ncompared, *bic};
    return 0;
}

/* ---- what may be tried ---- */

/* j -> i may be tried: a prerequisite reaches the ordering level in the
 * data before its dependent does (which also keeps every graph acyclic). */
static int admissible(const search *s, int j, int i)
{
    const double *t = s->spec->learned;
    return j != i && isfinite(t[j]) && !(t[i] <= t[j]);
}

/* The next M-subset PICK of 0..K-1 (ascending) in lexicographic order; 0
 * after the last. */
static int next_subset(int *pick, int m, int k)
{
    int p = m - 1;
    while (p >= 0 && pick[p] == k - m + p)
        p--;
    if (p < 0)
        return 0;
    pick[p]++;
    for (int q = p + 1; q < m; q++)
        pick[q] = pick[q - 1] + 1;
    return 1;
}

static void options_of(const search *s, int i, needs_options *o)
{
    const infer_spec *sp = s->spec;
    o->skill = i;
    o->ncand = 0;
    for (int b = 0; b < sp->nnodes && o->ncand < INFER_MAX_CANDIDATES; b++)
        if (admissible(s, sp->nodes[b], i))
            o->cand[o->ncand++] = sp->nodes[b];
    int most = sp->max_needs < o->ncand ? sp->max_needs : o->ncand, cap = 0, pick[INFER_MAX_CANDIDATES];
    o->subsets = NULL;
    o->nsubsets = 0;
    for (int m = 0; m <= most; m++) {
        for (int q = 0; q < m; q++)
            pick[q] = q;
        do {
            unsigned long mask = 0;
            for (int q = 0; q < m; q++)
                mask |= 1UL << pick[q];
            o->subsets = xgrow(o->subsets, &cap, o->nsubsets + 1, sizeof *o->subsets);
            o->subsets[o->nsubsets++] = mask;
        } while (next_subset(pick, m, o->ncand));
    }
}

/* G with skill O->skill needing exactly the subset MASK of its options. */
static void set_needs(infer_graph *g, const needs_options *o, unsigned long mask)
{
    for (int j = 0; j < g->n; j++)
        infergraph_set(g, j, o->skill, 0);
    for (int c = 0; c < o->ncand; c++)
        if (mask >> c & 1)
            infergraph_set(g, o->cand[c], o->skill, 1);
}

static int by_start(const search *s, int a, int b)
{
    double ta = s->spec->start[a], tb = s->spec->start[b];
    ta = isnan(ta) ? INFINITY : ta;
    tb = isnan(tb) ? INFINITY : tb;
    return ta < tb ? -1 : ta > tb ? 1 : a < b ? -1 : a > b;
}

/* The searched skills by the step their data start to learn (insertion
 * sort: few skills, and stable). */
static void order_by_start(search *s)
{
    const infer_spec *sp = s->spec;
    for (int a = 0; a < sp->nnodes; a++) {
        int at = a;
        for (; at > 0 && by_start(s, s->order[at - 1], sp->nodes[a]) > 0; at--)
            s->order[at] = s->order[at - 1];
        s->order[at] = sp->nodes[a];
    }
}

static needs_options *options_for(search *s, int skill)
{
    for (int a = 0; a < s->spec->nnodes; a++)
        if (s->options[a].skill == skill)
            return &s->options[a];
    return NULL;
}

/* ---- the search ---- */

/* The best graph a step has seen. */
typedef struct choice {
    infer_graph g;
    double bic;
    int found;
} choice;

static int consider(search *s, const infer_graph *g, choice *c)
{
    double bic;
    if (score(s, g, &bic) != 0)
        return -1;
    if (bic < c->bic) {
        memcpy(c->g.edge, g->edge, (size_t)g->n * g->n);
        c->bic = bic;
        c->found = 1;
    }
    return 0;
}

/* Keeps C's graph in F if it was better. */
static void take(infer_found *f, choice *c)
{
    if (c->found) {
        memcpy(f->best.edge, c->g.edge, (size_t)c->g.n * c->g.n);
        f->bic = c->bic;
    }
    infergraph_free(&c->g);
}

/* Skill I's set revised, every subset of its options tried with the
 * others held.  1 if a better one was found, 0 if not, -1 on error. */
static int revise_one(search *s, infer_found *f, const needs_options *o)
{
    choice c = {infergraph_copy(&f->best), f->bic, 0};
    infer_graph t = infergraph_copy(&f->best);
    int rc = 0;
    for (int k = 0; k < o->nsubsets && rc == 0; k++) {
        set_needs(&t, o, o->subsets[k]);
        rc = consider(s, &t, &c);
    }
    infergraph_free(&t);
    int found = c.found;
    take(f, &c);
    return rc < 0 ? -1 : found;
}

/* The sets of SKILLS[0..n) revised one skill at a time until a pass over
 * them changes nothing. */
static int revise(search *s, infer_found *f, const int *skills, int n)
{
    if (score(s, &f->best, &f->bic) != 0)
        return -1;
    for (int pass = 0, changed = 1; changed && pass < INFER_MAX_PASSES; pass++) {
        changed = 0;
        for (int a = 0; a < n; a++) {
            int rc = revise_one(s, f, options_for(s, skills[a]));
            if (rc < 0)
                return -1;
            changed |= rc;
        }
    }
    return 0;
}

/* Every combination of the sets of SKILLS[0..n), when there are at most
 * INFER_JOINT_LIMIT (a mixed-radix count over their subsets). */
static int joint(search *s, infer_found *f, const int *skills, int n, int *done)
{
    double total = 1;
    for (int a = 0; a < n; a++)
        total *= options_for(s, skills[a])->nsubsets;
    *done = total <= INFER_JOINT_LIMIT;
    if (!*done)
        return 0;
    if (score(s, &f->best, &f->bic) != 0)
        return -1;
    int *digit = calloc((size_t)n + 1, sizeof *digit), rc = 0;
    choice c = {infergraph_copy(&f->best), f->bic, 0};
    infer_graph t = infergraph_copy(&f->best);
    for (int more = 1; more && rc == 0;) {
        for (int a = 0; a < n; a++) {
            const needs_options *o = options_for(s, skills[a]);
            set_needs(&t, o, o->subsets[digit[a]]);
        }
        rc = consider(s, &t, &c);
        more = 0;
        for (int a = 0; a < n && !more; a++) {
            more = ++digit[a] < options_for(s, skills[a])->nsubsets;
            if (!more)
                digit[a] = 0;
        }
    }
    infergraph_free(&t);
    free(digit);
    take(f, &c);
    return rc;
}

/* The skills from order[FIRST] whose learning overlaps the stretch's: each
 * starts before all earlier ones of the stretch are learned.  Its end. */
static int stretch_end(const search *s, int first)
{
    double done = s->spec->done[s->order[first]];
    int end = first + 1;
    for (; end < s->spec->nnodes; end++) {
        double start = s->spec->start[s->order[end]];
        if (!(start < done) && !isnan(done))
            break;
        double d = s->spec->done[s->order[end]];
        done = isnan(d) || isnan(done) ? NAN : fmax(done, d);
    }
    return end;
}

/* Skills learned in the same stretch share the resource and are chosen
 * together; a later stretch barely touches an earlier one as long as its
 * skills wait on their prerequisites, so each stretch is settled on the
 * curves up to it, the later skills meanwhile needing every skill learned
 * before them. */
static int by_stretches(search *s, infer_found *f)
{
    const infer_spec *sp = s->spec;
    for (int a = 0; a < sp->nnodes; a++) {
        const needs_options *o = &s->options[a];
        set_needs(&f->best, o, (1UL << o->ncand) - 1);
    }
    for (int first = 0, end; first < sp->nnodes; first = end) {
        end = stretch_end(s, first);
        s->ncompared = end;
        int done, rc = joint(s, f, s->order + first, end - first, &done);
        if (rc == 0 && !done) {
            for (int a = first; a < end; a++)
                set_needs(&f->best, options_for(s, s->order[a]), 0);
            rc = revise(s, f, s->order + first, end - first);
        }
        if (rc != 0)
            return -1;
    }
    s->ncompared = sp->nnodes;
    return revise(s, f, s->order, sp->nnodes);
}

/* ---- the evidence ---- */

static int compare_changes(const void *pa, const void *pb)
{
    const infer_change *a = pa, *b = pb;
    if (a->delta_bic != b->delta_bic)
        return a->delta_bic < b->delta_bic ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return a->from < b->from ? -1 : a->from > b->from;
}

/* Every single-edge change of the best graph, scored against it. */
static int evidence(search *s, infer_found *f)
{
    const infer_spec *sp = s->spec;
    f->changes = calloc((size_t)sp->nnodes * sp->nnodes + 1, sizeof *f->changes);
    if (!f->changes)
        abort();
    for (int a = 0; a < sp->nnodes; a++)
        for (int b = 0; b < sp->nnodes; b++) {
            int i = sp->nodes[a], j = sp->nodes[b], added = !infergraph_has(&f->best, j, i);
            if (added && (!admissible(s, j, i) || infergraph_needs(&f->best, i) >= sp->max_needs))
                continue;
            infer_graph c = infergraph_copy(&f->best);
            infergraph_set(&c, j, i, added);
            double bic;
            int rc = score(s, &c, &bic);
            infergraph_free(&c);
            if (rc != 0)
                return -1;
            f->changes[f->nchanges++] = (infer_change){j, i, added, bic - f->bic};
        }
    qsort(f->changes, (size_t)f->nchanges, sizeof *f->changes, compare_changes);
    return 0;
}

static int run_search(search *s, infer_found *f)
{
    int rc = by_stretches(s, f);
    if (rc == 0)
        rc = evidence(s, f);
    if (rc == 0)
        rc = fit_graph(s, &f->best, &f->fit);
    return rc;
}

static void search_free(search *s)
{
    for (int k = 0; k < s->nmemo; k++)
        infergraph_free(&s->memo[k].g);
    free(s->memo);
    for (int a = 0; s->options && a < s->spec->nnodes; a++)
        free(s->options[a].subsets);
    free(s->options);
    free(s->order);
    arena_free(s->programs);
}

int infer_search(eval_ctx *ev, const infer_spec *spec, infer_found *out)
{
    memset(out, 0, sizeof *out);
    out->best = infergraph_new(ev->ir->nskills);
    search s = {ev, spec, arena_new(), NULL, 0, 0, NULL, spec->nnodes, NULL};
    s.order = calloc((size_t)spec->nnodes + 1, sizeof *s.order);
    s.options = calloc((size_t)spec->nnodes + 1, sizeof *s.options);
    if (!s.order || !s.options)
        abort();
    order_by_start(&s);
    for (int a = 0; a < spec->nnodes; a++)
        options_of(&s, spec->nodes[a], &s.options[a]);
    int rc = run_search(&s, out);
    out->candidates = s.nmemo;
    search_free(&s);
    if (rc != 0)
        infer_found_free(out);
    return rc;
}

void infer_found_free(infer_found *f)
{
    infergraph_free(&f->best);
    if (f->fit.runs)
        fit_outcome_free(&f->fit);
    free(f->changes);
    memset(f, 0, sizeof *f);
}

double infer_edge_evidence(const infer_found *f, int from, int to)
{
    for (int k = 0; k < f->nchanges; k++)
        if (f->changes[k].from == from && f->changes[k].to == to && !f->changes[k].added)
            return f->changes[k].delta_bic;
    return NAN;
}
