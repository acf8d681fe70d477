/* test_two_programs.c - two programs run at once in two threads of one
 * process, as a library caller may: each writes its files as its own
 * interp_options say (one discards every output, the other keeps them),
 * whatever the other does meanwhile.  Exit status 0 when all pass. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "interp.h"

#include "testkit.h"

enum { ROUNDS = 20 };

static const char program[] =
    "skill A freq 1\n"
    "skill B freq 0.5\n"
    "resource R { eta = 1e-2; N0 = 0.1; solver = euler }\n"
    "let r = run R for 100 steps every 10 -> \"run.csv\"\n"
    "save r -> \"saved.json\"\n"
    "graph R -> \"deps.dot\"\n";

typedef struct job {
    interp_options opt;
    ir_program *ir;
    int ok;                     /* rounds that ran with no error */
} job;

static void *run_rounds(void *arg)
{
    job *j = arg;
    for (int i = 0; i < ROUNDS; i++) {
        char *msgs = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&msgs, &len);
        diag d;
        diag_init(&d, m);
        j->ok += interp_run(j->ir, &j->opt, &d) == EXIT_OK && d.nerrors == 0;
        fclose(m);
        free(msgs);
    }
    return NULL;
}

static int files_in(const char *folder)
{
    int n = 0;
    static const char *const names[] = {"run.csv", "saved.json", "deps.dot"};
    char path[600];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", folder, names[i]);
        n += access(path, F_OK) == 0;
    }
    return n;
}

static ir_program *checked(void)
{
    diag d;
    diag_init(&d, stderr);
    check_options copt = {0};
    int status;
    return check_source(source_from_string("prog.skill", program, strlen(program)), &copt, &d,
                        &status);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    char keep_dir[600], gone_dir[600];
    snprintf(keep_dir, sizeof keep_dir, "%s", path_in_dir("keep"));
    snprintf(gone_dir, sizeof gone_dir, "%s", path_in_dir("gone"));
    if (mkdir(keep_dir, 0777) != 0 || mkdir(gone_dir, 0777) != 0) {
        perror("mkdir");
        return 99;
    }
    /* A checked program each: a run sets its parameters in the IR. */
    job keep = {{.outdir = keep_dir, .quiet = 1, .jobs = 1}, checked(), 0};
    job gone = {{.outdir = gone_dir, .quiet = 1, .jobs = 1, .discard = 1}, checked(), 0};
    CHECK(keep.ir && gone.ir, "the program does not check");
    if (!keep.ir || !gone.ir)
        return 1;
    pthread_t a, b;
    pthread_create(&a, NULL, run_rounds, &gone);
    pthread_create(&b, NULL, run_rounds, &keep);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    CHECK(keep.ok == ROUNDS && gone.ok == ROUNDS, "rounds without errors: kept %d, discarded %d of %d",
          keep.ok, gone.ok, ROUNDS);
    CHECK(files_in(keep_dir) == 3, "the keeping program wrote %d of its 3 files", files_in(keep_dir));
    CHECK(files_in(gone_dir) == 0, "the discarding program wrote %d files", files_in(gone_dir));
    char *csv = slurp(path_in_dir("keep/run.csv"), NULL);
    CHECK(csv && strncmp(csv, "step,loss,A,B\n0,", 16) == 0, "run.csv begins '%.20s'", csv ? csv : "");
    free(csv);
    ir_program_free(keep.ir);
    ir_program_free(gone.ir);
    static const char *const names[] = {"keep/run.csv", "keep/saved.json", "keep/deps.dot"};
    for (int i = 0; i < 3; i++)
        unlink(path_in_dir(names[i]));
    rmdir(keep_dir);
    rmdir(gone_dir);
    rmdir(dir);
    if (failures == 0)
        printf("PASS: test_two_programs\n");
    return failures ? 1 : 0;
}
