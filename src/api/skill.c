/* skill.c - the library's handle: a session (src/study/session.c) with its
 * options, diagnostics and cancellation, behind include/skill.h.  Every
 * piece of state lives in the handle, so handles on different threads
 * share nothing but the read-only tables. */
#include "config.h"

#include "skill.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "api.h"
#include "cluster.h"
#include "blas.h"
#include "check.h"
#include "complete.h"
#include "cpus.h"
#include "eval.h"
#include "expr.h"
#include "graph.h"
#include "interp.h"
#include "irdump.h"
#include "output.h"
#include "result.h"
#include "symtab.h"

_Static_assert((int)SKILL_OK == (int)EXIT_OK && (int)SKILL_ERUNTIME == (int)EXIT_RUNTIME &&
               (int)SKILL_EUSAGE == (int)EXIT_USAGE && (int)SKILL_EINVALID == (int)EXIT_INVALID &&
               (int)SKILL_EUNREADABLE == (int)EXIT_UNREADABLE,
               "skill.h's statuses are the exit statuses of diag.h");
_Static_assert((int)SKILL_ERROR == (int)DIAG_ERROR && (int)SKILL_NOTE == (int)DIAG_NOTE &&
               (int)SKILL_HINT == (int)DIAG_HINT, "skill.h's severities are diag.h's");

/* Process-wide settings of the libraries below us, made once: GSL reports
 * through return codes rather than aborting, and BLAS sums on one thread
 * (a threaded BLAS sums in a varying order: same seed, same numbers). */
static pthread_once_t libraries_set = PTHREAD_ONCE_INIT;

static void set_libraries(void)
{
    gsl_set_error_handler_off();
#ifdef HAVE_OPENBLAS
    openblas_set_num_threads(1);
#endif
}

static void put_diagnostic(const diag_record *r, void *user)
{
    skill *h = user;
    skill_diagnostic d = {(skill_severity)r->severity, r->file, r->line, r->column, r->end_column,
                          r->message, r->source_line};
    h->opt.on_diagnostic(&d, h->opt.diagnostic_user);
}

static int cancel_asked(void *arg)
{
    skill *h = arg;
    if (atomic_load_explicit(&h->cancelled, memory_order_relaxed))
        return 1;
    return h->opt.cancelled && h->opt.cancelled(h->opt.cancel_user);
}

static void report_progress(const char *label, double done, double total, void *user)
{
    skill *h = user;
    if (h->opt.on_progress(label, done, total, h->opt.progress_user))
        skill_cancel(h);
}

static skill *handle_new(const skill_options *opt)
{
    pthread_once(&libraries_set, set_libraries);
    skill *h = calloc(1, sizeof *h);
    if (!h)
        abort();
    if (opt)
        h->opt = *opt;
    h->defines = calloc((size_t)h->opt.ndefines + 1, sizeof *h->defines);
    if (!h->defines)
        abort();
    for (int i = 0; i < h->opt.ndefines; i++)
        if (!(h->defines[i] = strdup(h->opt.defines[i])))
            abort();
    h->opt.defines = (const char *const *)h->defines;
    if (h->opt.on_diagnostic)
        diag_init_sink(&h->d, (diag_sink){put_diagnostic, h});
    else
        diag_init(&h->d, stderr);
    interp_options io = {.outdir = h->opt.outdir, .quiet = h->opt.quiet,
                         .jobs = h->opt.jobs ? h->opt.jobs : cpus_usable(),
                         .cancel = {cancel_asked, h}, .out = h->opt.out,
                         .tracker = api_tracker(h->opt.tracked),
                         /* On an MPI job, a handle that prints its diagnostics shares its
                          * sweeps; the first process alone writes files. */
                         .collective = cluster_size() > 1 && !h->opt.on_diagnostic,
                         .discard = cluster_rank() != 0};
    if (h->opt.on_progress)
        io.progress = (progress_hook){report_progress, h};
    h->s = session_new(&io, h->opt.defines, h->opt.ndefines, h->opt.interactive, &h->d);
    return h;
}

skill *skill_open_empty(const skill_options *opt)
{
    return handle_new(opt);
}

/* A model's settings may load a data file while the program is checked:
 * its error's own status (unreadable: 66) wins. */
static int adopt(skill *h, ir_program *ir, int status)
{
    if (ir)
        session_adopt(h->s, ir);
    int own = h->d.status;
    h->d.status = 0;
    return ir ? SKILL_OK : own ? own : status;
}

int skill_open_file(const char *path, const skill_options *opt, skill **out)
{
    skill *h = *out = handle_new(opt);
    check_options co = {.defines = h->opt.defines, .ndefines = h->opt.ndefines};
    int status = SKILL_OK;
    ir_program *ir = check_file(path, &co, &h->d, &status);
    return adopt(h, ir, status);
}

int skill_open_string(const char *name, const char *text, const skill_options *opt, skill **out)
{
    skill *h = *out = handle_new(opt);
    check_options co = {.defines = h->opt.defines, .ndefines = h->opt.ndefines};
    int status = SKILL_OK;
    source *src = source_from_string(name, text, strlen(text));
    ir_program *ir = check_source(src, &co, &h->d, &status);
    return adopt(h, ir, status);
}

void skill_close(skill *h)
{
    if (!h)
        return;
    session_free(h->s);
    diag_finish(&h->d);
    for (int i = 0; i < h->opt.ndefines; i++)
        free(h->defines[i]);
    free(h->defines);
    for (int i = 0; i < h->nbound; i++)
        free(h->bound[i]);
    free(h->bound);
    free(h);
}

void skill_cancel(skill *h)
{
    atomic_store_explicit(&h->cancelled, 1, memory_order_relaxed);
}

/* A call's end: a cancellation stopped what was under way, and the next
 * call starts afresh. */
static int finished(skill *h, int status)
{
    atomic_store_explicit(&h->cancelled, 0, memory_order_relaxed);
    return status;
}

/* A failure is SKILL_ERUNTIME unless its error set a status of its own (a
 * data file that is invalid or cannot be read). */
static int status_of(skill *h, int rc)
{
    int status = rc == 0 ? SKILL_OK : h->d.status ? h->d.status : SKILL_ERUNTIME;
    h->d.status = 0;
    return finished(h, status);
}

int skill_run(skill *h)
{
    return status_of(h, session_run_program(h->s));
}

int skill_run_file(skill *h)
{
    return status_of(h, session_run_file(h->s));
}

/* Errors in the text are SKILL_EINVALID; failures while running, SKILL_ERUNTIME. */
static int input_status(skill *h, int rc, int errors_before, int ran)
{
    if (rc == 0)
        return SKILL_OK;
    return !ran && h->d.nerrors > errors_before ? SKILL_EINVALID : SKILL_ERUNTIME;
}

int skill_exec(skill *h, const char *text)
{
    int before = h->d.nerrors;
    int rc = session_input(h->s, text);
    return finished(h, input_status(h, rc, before, session_ran(h->s)));
}

int skill_load(skill *h, const char *path)
{
    return finished(h, session_load(h->s, path) == 0 ? SKILL_OK : SKILL_EINVALID);
}

int skill_reload(skill *h)
{
    return status_of(h, session_reload(h->s));
}

int skill_eval(skill *h, const char *expr, skill_value **out)
{
    value v;
    *out = NULL;
    if (session_eval(h->s, expr, &v) != 0)
        return finished(h, SKILL_ERUNTIME);
    *out = api_value_new(session_program(h->s), v);
    return finished(h, SKILL_OK);
}

skill_value *skill_lookup(skill *h, const char *name)
{
    scope_var *var = scope_find(session_lets(h->s), name);
    return var ? api_value_new(session_program(h->s), value_retain(var->v)) : NULL;
}

/* ---- the program ---- */

int skill_write_ir(skill *h, FILE *f)
{
    ir_dump(session_program(h->s), f);
    return SKILL_OK;
}

int skill_write_skills(skill *h, FILE *f)
{
    const ir_program *ir = session_program(h->s);
    if (ir->nskills)
        ir_dump_skills(ir, f);
    else
        fprintf(f, "no skills\n");
    return SKILL_OK;
}

static int find_model(skill *h, const char *name)
{
    const ir_program *ir = session_program(h->s);
    int k = ir_find_model(ir, name);
    if (k >= 0)
        return k;
    diag_fail(&h->d, "the program declares no model named '%s'", name);
    const char **names = calloc((size_t)ir->nmodels + 1, sizeof *names);
    if (!names)
        abort();
    for (int i = 0; i < ir->nmodels; i++)
        names[i] = ir->models[i].name;
    const char *near = diag_suggest(name, names, ir->nmodels);
    if (near)
        diag_note(&h->d, NULL, "did you mean '%s'?", near);
    free(names);
    return -1;
}

int skill_write_graph(skill *h, const char *model, const char *path, FILE *f)
{
    int k = model ? find_model(h, model) : -1;
    if (model && k < 0)
        return SKILL_EUSAGE;
    cancel_token cancel = {cancel_asked, h};
    return status_of(h, interp_graph(session_program(h->s), k, path, f, &cancel, &h->d));
}

int skill_param_count(skill *h)
{
    return session_program(h->s)->nparams;
}

const char *skill_param_name(skill *h, int i)
{
    return session_program(h->s)->params[i].name;
}

skill_value *skill_param_value(skill *h, int i)
{
    const ir_program *ir = session_program(h->s);
    return api_value_new(ir, value_retain(ir->params[i].val));
}

int skill_param_overridden(skill *h, int i)
{
    return session_param_set(h->s, skill_param_name(h, i));
}

char **skill_complete(skill *h, const char *line, int end, int *start, int *n)
{
    *start = complete_word_start(line, end);
    return complete_candidates(session_program(h->s), session_lets(h->s), line, *start, end, n);
}

void skill_strings_free(char **strings, int n)
{
    complete_free(strings, n);
}

const char *const *skill_repl_commands(void)
{
    return complete_commands;
}

const char *skill_word_breaks(void)
{
    return complete_breaks;
}

/* ---- the client's own messages ---- */

void skill_report(skill *h, skill_severity severity, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (severity == SKILL_ERROR)
        diag_fail(&h->d, "%s", text);
    else if (severity == SKILL_NOTE)
        diag_note(&h->d, NULL, "%s", text);
    else
        diag_hint(&h->d, "%s", text);
}

const char *skill_suggest(const char *name, const char *const *cands, int n)
{
    return diag_suggest(name, cands, n);
}

int skill_take_errors(skill *h)
{
    int n = h->d.nerrors;
    diag_finish(&h->d);
    h->d.nerrors = h->d.shown = 0;
    return n;
}

/* ---- calls a host makes in place of statements ---- */

static int is_name(const char *s)
{
    if (!s || !(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
        return 0;
    for (s++; *s; s++)
        if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

static int usage_error(skill *h, const char *what, const char *name)
{
    diag_fail(&h->d, what, name);
    return finished(h, SKILL_EUSAGE);
}

/* SETTING's key, without the spaces around it, into KEY; its value, or NULL
 * if SETTING is not KEY=VALUE. */
static const char *split_setting(const char *setting, char *key, size_t size)
{
    const char *eq = strchr(setting, '=');
    if (!eq)
        return NULL;
    const char *b = setting, *e = eq;
    while (*b == ' ')
        b++;
    while (e > b && e[-1] == ' ')
        e--;
    snprintf(key, size, "%.*s", (int)(e - b), b);
    return is_name(key) && eq[1] && (size_t)(e - b) < size ? eq + 1 : NULL;
}

/* "run M with k = (v), ... for N steps [every K]", the expression skill_eval takes. */
static char *run_text(const char *model, double steps, double every,
                      const char *const *settings, int nsettings)
{
    char *text = NULL, key[128];
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    fprintf(f, "run %s", model);
    for (int i = 0; i < nsettings; i++) {
        const char *val = split_setting(settings[i], key, sizeof key);
        fprintf(f, "%s%s = (%s)", i ? ", " : " with ", key, val);
    }
    fprintf(f, " for %.17g steps", steps);
    if (every > 0)
        fprintf(f, " every %.17g", every);
    fclose(f);
    return text;
}

int skill_run_model(skill *h, const char *model, double steps, double every,
                    const char *const *settings, int nsettings, skill_value **out)
{
    *out = NULL;
    if (!is_name(model) || find_model(h, model) < 0)
        return finished(h, SKILL_EUSAGE);
    char key[128];
    for (int i = 0; i < nsettings; i++)
        if (!split_setting(settings[i], key, sizeof key))
            return usage_error(h, "a setting is written KEY=VALUE, not '%s'", settings[i]);
    char *text = run_text(model, steps, every, settings, nsettings);
    int status = skill_eval(h, text, out);
    free(text);
    return status;
}

/* The result's skills as the program's own names: all declared, none twice. */
static const char **declared_skills(skill *h, const char *const *names, int nskills)
{
    const ir_program *ir = session_program(h->s);
    const char **own = calloc((size_t)nskills + 1, sizeof *own);
    if (!own)
        abort();
    for (int i = 0; i < nskills; i++) {
        int k = ir_find_skill(ir, names[i] ? names[i] : "");
        for (int j = 0; k >= 0 && j < i; j++)
            if (own[j] == ir->skills[k].name) {
                diag_fail(&h->d, "skill '%s' is given twice", names[i]);
                free(own);
                return NULL;
            }
        if (k < 0) {
            diag_fail(&h->d, "unknown skill '%s'", names[i] ? names[i] : "");
            diag_hint(&h->d, "a run's skills are the program's, each declared with 'skill'");
            free(own);
            return NULL;
        }
        own[i] = ir->skills[k].name;
    }
    return own;
}

static int steps_ascending(skill *h, const double *steps, int nrows)
{
    for (int i = 0; i < nrows; i++)
        if (!isfinite(steps[i]) || steps[i] < 0 || (i && steps[i] <= steps[i - 1])) {
            diag_fail(&h->d, "step %g in row %d: steps are finite, at least 0 and ascending",
                      steps[i], i + 1);
            return 0;
        }
    return 1;
}

static double frequency(const ir_program *ir, const char *name)
{
    const expr_prog *freq = ir->skills[ir_find_skill(ir, name)].freq;
    if (!freq || !expr_is_constant(freq))
        return NAN;
    double *params = ir_param_values(ir->params, ir->nparams);
    dist_cache cache = {0, 0, 0, 0, 0};
    expr_env env = {params, 0, NULL, NULL, NULL, &cache};
    double p = expr_eval(freq, &env);
    free(params);
    return p;
}

int skill_result_from_arrays(skill *h, const char *const *names, int nskills,
                             const double *steps, int nrows, const double *levels,
                             const double *loss, skill_value **out)
{
    *out = NULL;
    if (nskills < 1 || nrows < 1) {
        diag_fail(&h->d, "a run has at least one skill and one row, not %d and %d", nskills, nrows);
        return finished(h, SKILL_EUSAGE);
    }
    const char **own = declared_skills(h, names, nskills);
    if (!own || !steps_ascending(h, steps, nrows)) {
        free(own);
        return finished(h, SKILL_EUSAGE);
    }
    const ir_program *ir = session_program(h->s);
    result *r = result_new("data", nskills, own, 0);
    for (int k = 0; k < nskills; k++)
        r->p0[k] = frequency(ir, own[k]);
    for (int i = 0; i < nrows; i++) {
        double *row = result_add_row(r, steps[i], loss ? loss[i] : NAN, NULL);
        memcpy(row, levels + (size_t)i * (size_t)nskills, (size_t)nskills * sizeof *row);
    }
    *out = api_value_new(ir, value_result(r));
    return finished(h, SKILL_OK);
}

static const char *keep_name(skill *h, const char *name)
{
    scope_var *var = scope_find(session_lets(h->s), name);
    if (var)
        return var->name;
    h->bound = realloc(h->bound, ((size_t)h->nbound + 1) * sizeof *h->bound);
    if (!h->bound || !(h->bound[h->nbound] = strdup(name)))
        abort();
    return h->bound[h->nbound++];
}

int skill_bind(skill *h, const char *name, const skill_value *v)
{
    const ir_program *ir = session_program(h->s), *own;
    if (!is_name(name))
        return usage_error(h, "'%s' is not a name", name ? name : "");
    if (symtab_get(&ir->names, name))
        return usage_error(h, "'%s' is already declared by the program", name);
    value x = v ? api_value_of(v, &own) : (value){.kind = V_NONE};
    if (v && own != ir)
        return usage_error(h, "the value of '%s' belongs to another program", name);
    scope_bind(session_lets(h->s), keep_name(h, name), value_retain(x));
    return finished(h, SKILL_OK);
}

static void unbind(scope *lets, const char *name)
{
    for (int i = 0; i < lets->n; i++)
        if (strcmp(lets->vars[i].name, name) == 0) {
            value_release(lets->vars[i].v);
            lets->vars[i] = lets->vars[--lets->n];
            return;
        }
}

int skill_write_plot(skill *h, const skill_value *v, const char *options, const char *path)
{
    static const char name[] = "__skill_plot";
    if (!path || !*path || strpbrk(path, "\"\\{}\n"))
        return usage_error(h, "a plot's path may not hold quotes, backslashes, braces or newlines: '%s'",
                           path ? path : "");
    int status = skill_bind(h, name, v);
    if (status != SKILL_OK)
        return status;
    size_t size = strlen(path) + (options ? strlen(options) : 0) + sizeof name + 32;
    char *text = malloc(size);
    if (!text)
        abort();
    snprintf(text, size, "plot %s %s -> \"%s\"", name, options ? options : "", path);
    status = skill_exec(h, text);
    free(text);
    unbind(session_lets(h->s), name);
    return status;
}
