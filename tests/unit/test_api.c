/* The library through include/skill.h only: diagnostics as records from
 * the lexer, the parser and the checker; runs read as arrays against the
 * paper's Eq. 3; statements, expressions, overrides, tables; progress and
 * cancellation; two handles on two threads. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "skill.h"
#include "testkit.h"

#define EXPECT(cond) CHECK(cond, "%s", #cond)

/* ---- diagnostics as records ---- */

enum { MAX_RECORDS = 16 };

typedef struct record {
    skill_severity severity;
    char file[64], message[256], source_line[128];
    int line, column, end_column;
} record;

typedef struct records {
    record r[MAX_RECORDS];
    int n;
} records;

static void keep(const skill_diagnostic *d, void *user)
{
    records *rs = user;
    if (rs->n == MAX_RECORDS)
        return;
    record *r = &rs->r[rs->n++];
    r->severity = d->severity;
    snprintf(r->file, sizeof r->file, "%s", d->file ? d->file : "");
    snprintf(r->message, sizeof r->message, "%s", d->message);
    snprintf(r->source_line, sizeof r->source_line, "%s", d->source_line ? d->source_line : "");
    r->line = d->line;
    r->column = d->column;
    r->end_column = d->end_column;
}

static skill_options quiet_to(records *rs)
{
    skill_options o = {0};
    o.quiet = 1;
    o.jobs = 1;
    o.on_diagnostic = keep;
    o.diagnostic_user = rs;
    return o;
}

/* TEXT fails to open with STATUS and first the error MESSAGE at LINE:COL. */
static void expect_error(const char *text, int status, int line, int col, const char *message)
{
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    skill *h;
    int got = skill_open_string("t.skill", text, &o, &h);
    EXPECT(got == status);
    EXPECT(rs.n >= 1);
    EXPECT(rs.r[0].severity == SKILL_ERROR);
    EXPECT(strcmp(rs.r[0].file, "t.skill") == 0);
    EXPECT(rs.r[0].line == line && rs.r[0].column == col);
    if (strcmp(rs.r[0].message, message) != 0)
        fprintf(stderr, "got message: %s\n", rs.r[0].message);
    EXPECT(strcmp(rs.r[0].message, message) == 0);
    skill_close(h);
}

static void test_front_end_errors(void)
{
    /* the lexer */
    expect_error("param x = 1\nprint !x\n", SKILL_EINVALID, 2, 7, "unexpected character '!'");
    /* the parser */
    expect_error("skill a freq 1\nresource R { dim = 10 \nprint 1\n", SKILL_EINVALID, 2, 12,
                 "'{' is never closed");
    /* the checker: an unknown name, with its "did you mean" note */
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    skill *h;
    EXPECT(skill_open_string("t.skill", "param alpha = 2\nprint alpah + 1\n", &o, &h) == SKILL_EINVALID);
    EXPECT(rs.n == 2);
    EXPECT(rs.r[0].line == 2 && rs.r[0].column == 7 && rs.r[0].end_column == 12);
    EXPECT(strcmp(rs.r[0].source_line, "print alpah + 1") == 0);
    EXPECT(strstr(rs.r[0].message, "alpah") != NULL);
    EXPECT(rs.r[1].severity == SKILL_NOTE && strstr(rs.r[1].message, "alpha") != NULL);
    skill_close(h);
    /* an unreadable file, and an override of nothing declared */
    rs.n = 0;
    EXPECT(skill_open_file("/nonexistent/x.skill", &o, &h) == SKILL_EUNREADABLE);
    EXPECT(rs.n == 1 && rs.r[0].line == 0 && rs.r[0].file[0] == '\0');
    skill_close(h);
    const char *defines[] = {"beta=3"};
    o.defines = defines;
    o.ndefines = 1;
    rs.n = 0;
    EXPECT(skill_open_string("t.skill", "param alpha = 2\n", &o, &h) == SKILL_EUSAGE);
    EXPECT(rs.n >= 1 && strstr(rs.r[0].message, "beta") != NULL);
    skill_close(h);
}

/* ---- a run against the closed form ---- */

/* One skill of frequency 1: Eq. 3 gives t = (1 - u - N0 ln u) / eta for its
 * unskill u; solved here for u by bisection (t grows as u falls). */
static double unskill_at(double t, double eta, double n0)
{
    double lo = 1e-300, hi = 1;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        double tm = (1 - mid - n0 * log(mid)) / eta;
        if (tm > t)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static const char one_skill[] =
    "param rate = 1e-4\n"
    "skill a freq 1\n"
    "resource R { dim = 100; lr = rate; N0 = 0.01; solver = rk8pd; tol = 1e-12 }\n"
    "let r = run R for 400 steps every 4\n";

/* R, a run of one_skill's R, has levels 1 - u(t) of Eq. 3 with eta = 2 sqrt(100) RATE. */
static void check_result(const skill_value *r, double rate)
{
    EXPECT(r && skill_value_kind(r) == SKILL_RESULT);
    if (!r)
        return;
    EXPECT(skill_result_rows(r) == 101 && skill_result_skills(r) == 1);
    EXPECT(strcmp(skill_result_skill_name(r, 0), "a") == 0);
    EXPECT(strcmp(skill_result_model(r), "R") == 0);
    const double *steps = skill_result_steps(r), *level = skill_result_levels(r, 0);
    const double *loss = skill_result_loss(r);
    EXPECT(steps && level && loss && skill_result_levels(r, 1) == NULL);
    double worst = 0;
    for (int i = 0; i < 101; i++) {
        EXPECT(steps[i] == 4.0 * i);
        double want = 1 - unskill_at(steps[i], 2 * sqrt(100) * rate, 0.01);
        worst = fmax(worst, fabs(level[i] - want));
        if (i)
            EXPECT(loss[i] < loss[i - 1]);
    }
    if (worst > 1e-8)
        fprintf(stderr, "largest difference from Eq. 3: %g\n", worst);
    EXPECT(worst <= 1e-8);
}

static void check_run(skill *h, const char *name, double rate)
{
    skill_value *r = skill_lookup(h, name);
    check_result(r, rate);
    skill_value_free(r);
}

static void test_run_and_values(void)
{
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    skill *h;
    EXPECT(skill_open_string("one.skill", one_skill, &o, &h) == SKILL_OK);
    EXPECT(skill_lookup(h, "r") == NULL);        /* nothing ran yet */
    EXPECT(skill_run(h) == SKILL_OK);
    check_run(h, "r", 1e-4);
    /* an expression, with the script's `let`s visible */
    skill_value *v;
    EXPECT(skill_eval(h, "time_to(r, a, 0.5) + 0 * 1", &v) == SKILL_OK);
    double t_half = (1 - 0.5 - 0.01 * log(0.5)) / (2 * sqrt(100) * 1e-4);
    EXPECT(skill_value_kind(v) == SKILL_NUMBER && fabs(skill_value_number(v) - t_half) <= 4);
    skill_value_free(v);
    EXPECT(skill_eval(h, "[1, 2, 3] * 2", &v) == SKILL_OK);
    size_t n;
    const double *x = skill_value_doubles(v, &n);
    EXPECT(skill_value_kind(v) == SKILL_VECTOR && n == 3 && x[0] == 2 && x[2] == 6);
    skill_value_free(v);
    EXPECT(skill_eval(h, "\"s{1 + 1}\"", &v) == SKILL_OK);
    EXPECT(skill_value_kind(v) == SKILL_STRING && strcmp(skill_value_string(v), "s2") == 0);
    skill_value_free(v);
    EXPECT(skill_eval(h, "a", &v) == SKILL_OK);
    EXPECT(skill_value_kind(v) == SKILL_NAME && strcmp(skill_value_string(v), "a") == 0);
    skill_value_free(v);
    /* statements keep their `let`s; a table's columns by name */
    EXPECT(skill_exec(h, "let t = sweep i in [1, 2, 3] { row x = i, sq = i * i }") == SKILL_OK);
    skill_value *t = skill_lookup(h, "t");
    EXPECT(t && skill_value_kind(t) == SKILL_TABLE && skill_value_length(t) == 2);
    EXPECT(strcmp(skill_value_key(t, 1), "sq") == 0);
    const double *sq = skill_table_column(t, "sq", &n);
    EXPECT(sq && n == 3 && sq[0] == 1 && sq[1] == 4 && sq[2] == 9);
    EXPECT(skill_table_column(t, "nope", &n) == NULL && n == 0);
    skill_value_free(t);
    /* errors: no change, a status, a record */
    int before = rs.n;
    EXPECT(skill_eval(h, "1 +", &v) != SKILL_OK && v == NULL);
    EXPECT(skill_exec(h, "let y = nosuch") == SKILL_EINVALID);
    EXPECT(skill_exec(h, "let z = 1 / [1, 2][5]") == SKILL_ERUNTIME);
    EXPECT(rs.n > before && skill_lookup(h, "y") == NULL);
    EXPECT(skill_take_errors(h) == 3 && skill_take_errors(h) == 0);
    /* the parameters */
    EXPECT(skill_param_count(h) == 1 && strcmp(skill_param_name(h, 0), "rate") == 0);
    EXPECT(!skill_param_overridden(h, 0));
    skill_close(h);

    /* an override is the declared parameter's value everywhere */
    const char *defines[] = {"rate=2e-4"};
    o.defines = defines;
    o.ndefines = 1;
    EXPECT(skill_open_string("one.skill", one_skill, &o, &h) == SKILL_OK);
    EXPECT(skill_param_overridden(h, 0));
    EXPECT(skill_run(h) == SKILL_OK);
    check_run(h, "r", 2e-4);
    skill_close(h);
}

/* ---- a network run's further series ---- */

static void test_network_series(void)
{
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    skill *h;
    const char *text = "skill A freq 1\nskill B freq 0.1\n"
                       "network N { bits = 8; parity = [[2, 3], [0, 1]]; samples = 512; split = 0.75;"
                       " hidden = [64]; optimizer = adam(lr: 1e-2); seed = 4 }\n"
                       "let r = run N for 400 steps every 10\n";
    EXPECT(skill_open_string("net.skill", text, &o, &h) == SKILL_OK);
    EXPECT(skill_run(h) == SKILL_OK);
    skill_value *r = skill_lookup(h, "r");
    EXPECT(skill_result_rows(r) == 41 && skill_result_series_count(r) == 3);
    EXPECT(strcmp(skill_result_series_name(r, 2), "test_acc") == 0);
    const double *test_a = skill_result_series(r, "test_acc", 0);
    const double *train_a = skill_result_series(r, "train_acc", 0);
    const double *level_a = skill_result_levels(r, 0);
    /* A (x2 xor x3, the frequent skill) is learned exactly: the 128 test
     * samples all right at the end; at step 0, about chance */
    EXPECT(test_a && train_a && test_a[40] == 1 && train_a[40] == 1);
    EXPECT(fabs(test_a[0] - 0.5) < 0.15 && fabs(level_a[0] - 0.5) < 0.15);
    EXPECT(level_a[40] == train_a[40]);        /* the level is the training accuracy */
    EXPECT(skill_result_series(r, "nosuch", 0) == NULL && skill_result_series(r, "test_acc", 2) == NULL);
    skill_value_free(r);
    skill_close(h);
    EXPECT(rs.n == 0);
}

/* ---- progress and cancellation ---- */

typedef struct watch {
    int calls;
    double last_total;
} watch;

static int stop_at_once(const char *what, double done, double total, void *user)
{
    watch *w = user;
    (void)done;
    EXPECT(strncmp(what, "run ", 4) == 0);
    w->calls++;
    w->last_total = total;
    return 1;
}

static void test_progress_cancels(void)
{
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    watch w = {0, 0};
    o.on_progress = stop_at_once;
    o.progress_user = &w;
    skill *h;
    const char *text = "skill s[1..20] freq zipf(2)\n"
                       "geometry G { dim = 400; batch = 64; seed = 1; optimizer = sgd(lr: 1e-3) }\n";
    EXPECT(skill_open_string("long.skill", text, &o, &h) == SKILL_OK);
    skill_value *v;
    /* about a minute's work if not stopped */
    EXPECT(skill_eval(h, "final_loss(run G for 100000000 steps every 1000000)", &v) == SKILL_ERUNTIME);
    EXPECT(w.calls == 1 && w.last_total == 1e8);
    EXPECT(rs.n == 0);                           /* cancelled: no error of its own */
    EXPECT(skill_eval(h, "2 + 2", &v) == SKILL_OK && skill_value_number(v) == 4);
    skill_value_free(v);
    skill_close(h);
}

/* ---- two handles, two threads ---- */

typedef struct job {
    double rate;
    const char *bad;            /* a statement with an error, run first */
    records rs;
    double final;
    int ok;
} job;

static void *work(void *arg)
{
    job *j = arg;
    char define[64];
    snprintf(define, sizeof define, "rate=%g", j->rate);
    const char *defines[] = {define};
    skill_options o = quiet_to(&j->rs);
    o.defines = defines;
    o.ndefines = 1;
    skill *h;
    j->ok = skill_open_string("one.skill", one_skill, &o, &h) == SKILL_OK;
    j->ok &= skill_exec(h, j->bad) == SKILL_EINVALID;
    for (int i = 0; i < 20 && j->ok; i++) {
        skill_value *v;
        j->ok &= skill_eval(h, "final_loss(run R for 400 steps every 4)", &v) == SKILL_OK;
        double x = skill_value_number(v);
        j->ok &= i == 0 || x == j->final;       /* the same number every time */
        j->final = x;
        skill_value_free(v);
    }
    skill_close(h);
    return NULL;
}

static void test_two_threads(void)
{
    job alone[2] = {{1e-4, "print nosuch1", {.n = 0}, 0, 0}, {3e-4, "print nosuch2", {.n = 0}, 0, 0}};
    job both[2] = {alone[0], alone[1]};
    work(&alone[0]);
    work(&alone[1]);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_create(&t[i], NULL, work, &both[i]) == 0);
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_join(t[i], NULL) == 0);
    for (int i = 0; i < 2; i++) {
        EXPECT(alone[i].ok && both[i].ok);
        EXPECT(both[i].final == alone[i].final);
        /* each handle's diagnostics reached its own callback only */
        EXPECT(both[i].rs.n == 1 && strstr(both[i].rs.r[0].message, i ? "nosuch2" : "nosuch1"));
    }
    EXPECT(alone[0].final != alone[1].final);
}

/* ---- calls in place of statements ---- */

static int has_record(const records *rs, skill_severity sev, const char *message)
{
    for (int i = 0; i < rs->n; i++)
        if (rs->r[i].severity == sev && strcmp(rs->r[i].message, message) == 0)
            return 1;
    return 0;
}

static void test_run_model(void)
{
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    skill *h;
    EXPECT(skill_open_string("one.skill", one_skill, &o, &h) == SKILL_OK);
    const char *settings[] = {"lr=2e-4"};
    skill_value *r;
    EXPECT(skill_run_model(h, "R", 400, 4, settings, 1, &r) == SKILL_OK);
    check_result(r, 2e-4);
    skill_value_free(r);
    const char *rate[] = {"rate = 1e-4 * 3"};  /* a parameter, and an expression */
    EXPECT(skill_run_model(h, "R", 400, 4, rate, 1, &r) == SKILL_OK);
    check_result(r, 3e-4);
    skill_value_free(r);
    EXPECT(skill_run_model(h, "RR", 400, 4, NULL, 0, &r) == SKILL_EUSAGE && r == NULL);
    EXPECT(has_record(&rs, SKILL_ERROR, "the program declares no model named 'RR'"));
    const char *bad[] = {"lr"};
    EXPECT(skill_run_model(h, "R", 400, 4, bad, 1, &r) == SKILL_EUSAGE && r == NULL);
    EXPECT(has_record(&rs, SKILL_ERROR, "a setting is written KEY=VALUE, not 'lr'"));
    const char *unknown[] = {"lrr=1"};
    EXPECT(skill_run_model(h, "R", 400, 4, unknown, 1, &r) != SKILL_OK && r == NULL);
    skill_close(h);
}

/* Eq. 3's curve with eta = 2 sqrt(100) 1e-4 and N0 = 0.05, fitted back. */
static void test_from_arrays(void)
{
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    skill *h;
    EXPECT(skill_open_string("one.skill", one_skill, &o, &h) == SKILL_OK);
    enum { ROWS = 81 };
    double steps[ROWS], levels[ROWS];
    for (int i = 0; i < ROWS; i++) {
        steps[i] = 5.0 * i;
        levels[i] = 1 - unskill_at(steps[i], 2 * sqrt(100) * 1e-4, 0.05);
    }
    const char *names[] = {"a"};
    skill_value *d;
    EXPECT(skill_result_from_arrays(h, names, 1, steps, ROWS, levels, NULL, &d) == SKILL_OK);
    EXPECT(skill_result_rows(d) == ROWS && skill_result_levels(d, 0)[40] == levels[40]);
    EXPECT(isnan(skill_result_loss(d)[0]));
    EXPECT(skill_bind(h, "data", d) == SKILL_OK);
    skill_value_free(d);
    skill_value *f;
    EXPECT(skill_eval(h, "(fit R to data vary N0 in [1e-4, 1]).N0", &f) == SKILL_OK);
    EXPECT(fabs(skill_value_number(f) - 0.05) < 1e-4);
    skill_value_free(f);
    /* refusals */
    const char *nosuch[] = {"b"};
    EXPECT(skill_result_from_arrays(h, nosuch, 1, steps, ROWS, levels, NULL, &d) == SKILL_EUSAGE && !d);
    EXPECT(has_record(&rs, SKILL_ERROR, "unknown skill 'b'"));
    double back[3] = {0, 2, 1};
    EXPECT(skill_result_from_arrays(h, names, 1, back, 3, levels, NULL, &d) == SKILL_EUSAGE && !d);
    EXPECT(has_record(&rs, SKILL_ERROR, "step 1 in row 3: steps are finite, at least 0 and ascending"));
    EXPECT(skill_bind(h, "R", NULL) == SKILL_EUSAGE);
    EXPECT(has_record(&rs, SKILL_ERROR, "'R' is already declared by the program"));
    EXPECT(skill_bind(h, "2x", NULL) == SKILL_EUSAGE);
    skill *other;
    EXPECT(skill_open_string("one.skill", one_skill, &o, &other) == SKILL_OK);
    skill_value *x = skill_lookup(h, "data");
    EXPECT(skill_bind(other, "data", x) == SKILL_EUSAGE);
    skill_value_free(x);
    skill_close(other);
    skill_close(h);
}

static int svg_file(const char *path)
{
    char head[512] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(head, 1, sizeof head - 1, f);
    head[n] = 0;
    fclose(f);
    remove(path);
    return strstr(head, "<svg") != NULL;
}

static void test_svg(void)
{
    records rs = {.n = 0};
    skill_options o = quiet_to(&rs);
    skill *h;
    EXPECT(skill_open_string("one.skill", one_skill, &o, &h) == SKILL_OK);
    skill_value *r;
    EXPECT(skill_run_model(h, "R", 100, 10, NULL, 0, &r) == SKILL_OK);
    char path[] = "/tmp/test_api_plot_XXXXXX.svg";
    int fd = mkstemps(path, 4);
    EXPECT(fd >= 0);
    EXPECT(skill_write_plot(h, r, NULL, path) == SKILL_OK && svg_file(path));
    EXPECT(skill_write_plot(h, r, NULL, "/tmp/a\"b.svg") == SKILL_EUSAGE);
    EXPECT(skill_lookup(h, "__skill_plot") == NULL);
    EXPECT(skill_write_graph(h, "R", path, NULL) == SKILL_OK && svg_file(path));
    close(fd);
    skill_value_free(r);
    skill_close(h);
}

int main(void)
{
    test_front_end_errors();
    test_run_and_values();
    test_network_series();
    test_progress_cancels();
    test_two_threads();
    test_run_model();
    test_from_arrays();
    test_svg();
    if (failures)
        printf("%d failed\n", failures);
    return failures != 0;
}
