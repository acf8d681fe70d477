/* test_cancel.c - the interpreter's cancel token, as a library caller (the
 * REPL, an embedding program) uses it: interp_options.cancel set part-way
 * through a run, a sweep on two threads, a fit or a save stops the program
 * with EXIT_RUNTIME and no diagnostic, polls the token often, leaves no
 * temporary and keeps the old output file; a token never set changes
 * nothing.  Exit status 0 when all pass. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "interp.h"

#include "testkit.h"

static long polls, stop_at;

static int stop_later(void *arg)
{
    (void)arg;
    return __atomic_add_fetch(&polls, 1, __ATOMIC_RELAXED) > stop_at;
}

/* Runs TEXT with the token set after AFTER polls (-1: never); returns the
 * status and checks the diagnostics were empty. */
static int run_text(const char *name, const char *text, long after, int *nerrors)
{
    FILE *f = fopen(path_in_dir("prog.skill"), "w");
    fputs(text, f);
    fclose(f);
    f = fopen(path_in_dir("out.csv"), "w");
    fputs("old\n", f);
    fclose(f);
    char *msgs = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&msgs, &len);
    diag d;
    diag_init(&d, m);
    int status;
    check_options copt = {0};
    ir_program *ir = check_file(path_in_dir("prog.skill"), &copt, &d, &status);
    CHECK(ir != NULL, "%s: does not check", name);
    polls = 0;
    stop_at = after < 0 ? 1L << 60 : after;
    interp_options opt = {.outdir = dir, .quiet = 1, .jobs = 2, .cancel = {stop_later, NULL}};
    status = ir ? interp_run(ir, &opt, &d) : -1;
    ir_program_free(ir);
    fclose(m);
    *nerrors = d.nerrors;
    CHECK(after >= 0 || len == 0, "%s: diagnostics: %s", name, msgs);
    CHECK(after < 0 || len == 0, "%s: a stopped program reported: %s", name, msgs);
    free(msgs);
    return status;
}

static void expect_stopped(const char *name, const char *text, long after)
{
    int nerrors;
    int status = run_text(name, text, after, &nerrors);
    CHECK(status == EXIT_RUNTIME && nerrors == 0, "%s: status %d, %d errors", name, status,
          nerrors);
    CHECK(polls > after, "%s: the token was polled %ld times", name, polls);
    char *old = slurp(path_in_dir("out.csv"), NULL);
    CHECK(old && strcmp(old, "old\n") == 0, "%s: out.csv was replaced", name);
    free(old);
    CHECK(leftover_temporaries() == 0, "%s: a temporary is left", name);
}

static const char run_prog[] =
    "skill S[1..50] freq zipf(1)\n"
    "resource R { eta = 1e-3; N0 = 1; solver = euler }\n"
    "let r = run R for 100000000 steps every 1000000 -> \"out.csv\"\n";

static const char sweep_prog[] =
    "skill S[1..50] freq zipf(1)\n"
    "param N0 = 1\n"
    "resource R { eta = 1e-3; N0 = N0; solver = euler }\n"
    "let t = sweep n in [1, 2, 3, 4] {\n"
    "  let r = run R with N0 = n for 100000000 steps every 1000000\n"
    "  row n = n, loss = final_loss(r)\n"
    "}\n"
    "save t -> \"out.csv\"\n";

static const char fit_prog[] =
    "skill S[1..20] freq zipf(1)\n"
    "param N0 = 0.01\n"
    "resource R { eta = 1e-3; N0 = N0; solver = euler }\n"
    "let target = run R for 100000 steps every 10000\n"
    "let f = fit R to target vary N0 in [1e-5, 1]\n"
    "save target -> \"out.csv\"\n";

/* The engine's fit (two parameters): stopped between or inside its runs. */
static const char fit_multi_prog[] =
    "skill S[1..20] freq zipf(1)\n"
    "resource R { eta = 1e-3; N0 = 0.01; solver = euler }\n"
    "let target = run R for 100000 steps every 10000\n"
    "let f = fit R to target vary N0 in [1e-5, 1], eta in [1e-4, 1e-2]\n"
    "save target -> \"out.csv\"\n";

static const char geometry_prog[] =
    "skill S[1..5] freq zipf(1)\n"
    "geometry G { dim = 20; vectors = random; loss = ce; batch = 8; optimizer = adam(lr: 0.01) }\n"
    "let r = run G for 100000000 steps every 1000000 -> \"out.csv\"\n";

static const char domino_prog[] =
    "skill S[1..5] freq zipf(1)\n"
    "domino D { eta = 1e-3 }\n"
    "let r = run D for 10000000 steps every 10 -> \"out.csv\"\n";

static const char quanta_prog[] =
    "skill S[1..5] freq zipf(1)\n"
    "quanta Q { eta = 1e-3 }\n"
    "let r = run Q for 10000000 steps every 10 -> \"out.csv\"\n";

/* A big table written in many chunks: stopped part-way through the write. */
static const char save_prog[] =
    "skill S[1..100] freq zipf(1)\n"
    "resource R { eta = 1e-3; N0 = 1; solver = euler }\n"
    "let r = run R for 2000 steps every 1\n"
    "save r -> \"out.csv\"\n";

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    expect_stopped("run", run_prog, 10);
    expect_stopped("sweep -j 2", sweep_prog, 10);
    expect_stopped("fit", fit_prog, 1000);     /* past the target run's ~400 polls */
    expect_stopped("fit, two parameters", fit_multi_prog, 1000);
    expect_stopped("fit, two parameters, later", fit_multi_prog, 20000);
    expect_stopped("geometry", geometry_prog, 10);
    expect_stopped("domino", domino_prog, 3);
    expect_stopped("quanta", quanta_prog, 3);
    /* The run polls every 256 steps (8 times), the save every chunk. */
    expect_stopped("save", save_prog, 20);
    int nerrors;
    CHECK(run_text("never", save_prog, -1, &nerrors) == EXIT_OK && nerrors == 0,
          "an unset token stopped the program");
    char *saved = slurp(path_in_dir("out.csv"), NULL);
    CHECK(saved && strncmp(saved, "step,loss,S1,", 13) == 0, "the save without a stop is missing");
    free(saved);
    unlink(path_in_dir("out.csv"));
    unlink(path_in_dir("prog.skill"));
    rmdir(dir);
    if (failures == 0)
        printf("PASS: test_cancel\n");
    return failures ? 1 : 0;
}
