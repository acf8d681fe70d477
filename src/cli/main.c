/* main.c - the command line: `skill run|check|graph|ir|repl FILE`. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "blas.h"

#include "check.h"
#include "cpus.h"
#include "diag.h"
#include "interp.h"
#include "ir.h"
#include "outfile.h"
#include "repl.h"
#include "signals.h"

/* The reasons of failed writes to standard output, which is this
 * process's: the command line's own state, handed to the interpreter. */
static output_tracker stdout_tracker;

static const char usage_text[] =
    "usage: skill run FILE [-D name=value]... [-o DIR] [-j JOBS] [-q]\n"
    "       skill check FILE [-D name=value]...\n"
    "       skill graph FILE [-o OUT] [-m MODEL] [-D name=value]...\n"
    "       skill ir FILE [-D name=value]...\n"
    "       skill repl [FILE]\n"
    "       skill --help | --version\n";

static const char help_text[] =
    "skill - the .skill language: skills, dependencies and the models of\n"
    "\"Physics of Skill Learning\" (Resource, Domino, Geometry).\n\n"
    "commands:\n"
    "  run FILE     run a script: its runs, sweeps, fits, prints, saves, plots\n"
    "  check FILE   parse and check; print diagnostics only\n"
    "  graph FILE   the dependency graph: DOT on standard output, or -o OUT\n"
    "               (.dot .svg .png .pdf); -m MODEL shows one model's skills\n"
    "  ir FILE      the compiled program: skills, gates, model settings and\n"
    "               the resource model's equations\n"
    "  repl [FILE]  an interactive session\n\n"
    "options:\n"
    "  -D name=value  override a declared parameter (repeatable)\n"
    "  -o DIR|OUT     run: folder for output files; graph: the output file\n"
    "  -j JOBS        threads a run may use (default: the CPUs this process may\n"
    "                 use, by its affinity mask and cgroup CPU quota)\n"
    "  -q             no progress display\n\n"
    "exit status: 0 success, 1 runtime failure, 2 usage error,\n"
    "65 invalid .skill input, 66 unreadable input, 128+N stopped by signal N\n"
    "(130 SIGINT, 143 SIGTERM, 129 SIGHUP).\n"
    "NO_COLOR in the environment turns colour off.  See skill(1) and skill(5).\n";

typedef struct cli {
    const char *command;
    const char *file;
    const char **defines;
    int ndefines;
    const char *out;
    const char *model;
    int jobs;
    int quiet;
} cli;

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "skill: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_text);
    return EXIT_USAGE;
}

/* A FILE given where the command goes (`skill a.skill`), or a misspelt
 * command: says what to write instead. */
static int unknown_command(const char *cmd, const char *const *commands)
{
    size_t len = strlen(cmd);
    struct stat st;
    int is_file = (len > 6 && strcmp(cmd + len - 6, ".skill") == 0) ||
                  (stat(cmd, &st) == 0 && S_ISREG(st.st_mode));
    const char *near = is_file ? NULL : diag_suggest(cmd, commands, 16);
    if (!is_file && !near)
        return usage("unknown command '%s'", cmd);
    fprintf(stderr, "skill: error: unknown command '%s'\n", cmd);
    if (is_file)
        fprintf(stderr, "hint: to run the file, write 'skill run %s'\n", cmd);
    else
        fprintf(stderr, "note: did you mean '%s'?\n", near);
    return EXIT_USAGE;
}

static int parse_jobs(const char *s, int *jobs)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || *end || end == s || n < 1 || n > 1024)
        return -1;
    *jobs = (int)n;
    return 0;
}

/* Options may come before or after FILE.  Returns EXIT_OK or EXIT_USAGE. */
static int parse_args(int argc, char **argv, cli *c)
{
    c->defines = calloc((size_t)argc, sizeof *c->defines);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (a[0] == '-' && a[1] && strchr("Doj m", a[1]) && a[1] != ' ') {
            if (a[2])
                val = a + 2;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return usage("option '%s' needs a value", a);
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (c->file)
                return usage("unexpected argument '%s' (one FILE per command)", a);
            c->file = a;
        } else if (a[1] == 'D') {
            c->defines[c->ndefines++] = val;
        } else if (a[1] == 'o') {
            c->out = val;
        } else if (a[1] == 'm') {
            c->model = val;
        } else if (a[1] == 'j') {
            if (parse_jobs(val, &c->jobs) != 0)
                return usage("-j needs a whole number of jobs from 1 to 1024, not '%s'", val);
        } else if (strcmp(a, "-q") == 0) {
            c->quiet = 1;
        } else {
            return usage("unknown option '%s'", a);
        }
    }
    if (!c->file && strcmp(c->command, "repl") != 0)
        return usage("'%s' needs a FILE", c->command);
    return EXIT_OK;
}

static int ensure_dir(const char *dir, diag *d)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    if (mkdir(dir, 0777) == 0)
        return 0;
    diag_fail(d, "cannot use '%s' as the output folder: %s", dir, strerror(errno));
    return -1;
}

static int find_model(const ir_program *ir, const char *name, diag *d)
{
    int k = ir_find_model(ir, name);
    if (k < 0)
        diag_fail(d, "-m %s: the file declares no model named '%s'", name, name);
    return k;
}

static int run_command(const cli *c, diag *d)
{
    check_options opt = {.defines = c->defines, .ndefines = c->ndefines};
    int status = EXIT_OK;
    ir_program *ir = check_file(c->file, &opt, d, &status);
    if (!ir)
        return status;
    const char *cmd = c->command;
    cancel_token cancel = signals_token();
    if (strcmp(cmd, "ir") == 0) {
        ir_dump(ir, stdout);
    } else if (strcmp(cmd, "graph") == 0) {
        int model = c->model ? find_model(ir, c->model, d) : -1;
        if (c->model && model < 0)
            status = EXIT_USAGE;
        else if (interp_graph(ir, model, c->out, stdout, &cancel, d) != 0)
            status = EXIT_RUNTIME;
    } else if (strcmp(cmd, "run") == 0) {
        interp_options io = {.outdir = c->out, .quiet = c->quiet, .jobs = c->jobs ? c->jobs : cpus_usable(),
                             .cancel = cancel, .tracker = &stdout_tracker};
        if (c->out && ensure_dir(c->out, d) != 0)
            status = EXIT_RUNTIME;
        else
            status = interp_run(ir, &io, d);
    }
    ir_program_free(ir);
    return status;
}

/* OpenBLAS starts its thread pool when it is loaded, before main, and
 * those threads spin for a while after every call even when told to use
 * one thread, taking a core from parallel sweeps.  skill threads its own
 * work, so it runs itself again with the pool disabled from the start.
 * (The test suite sets the variable, so valgrind watches this process.) */
static void single_threaded_blas(char **argv)
{
#ifdef HAVE_OPENBLAS
    if (getenv("OPENBLAS_NUM_THREADS"))
        return;
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", argv);      /* only returns on failure: carry on as we are */
#else
    (void)argv;
#endif
}

static int command_main(int argc, char **argv, diag *d)
{
    if (argc < 2 && !(isatty(0) && isatty(1)))
        return usage("no command given%s", "");
    if (argc < 2) {
        repl_options ro = {NULL, NULL, 0,
                           {.jobs = cpus_usable(), .cancel = signals_token(), .tracker = &stdout_tracker}};
        return repl_main(&ro, d);
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        fputs("\n", stdout);
        fputs(help_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("skill %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    static const char *const commands[] = {"run", "check", "graph", "ir", "repl", NULL};
    int known = 0;
    for (int i = 0; commands[i]; i++)
        known |= strcmp(commands[i], cmd) == 0;
    if (!known)
        return unknown_command(cmd, commands);
    cli c = {cmd, NULL, NULL, 0, NULL, NULL, 0, 0};
    int status = parse_args(argc, argv, &c);
    if (status == EXIT_OK && strcmp(cmd, "repl") == 0) {
        repl_options ro = {c.file, c.defines, c.ndefines,
                           {.outdir = c.out, .quiet = c.quiet, .jobs = c.jobs ? c.jobs : cpus_usable(),
                            .cancel = signals_token(), .tracker = &stdout_tracker}};
        if (c.out && ensure_dir(c.out, d) != 0)
            status = EXIT_RUNTIME;
        else
            status = repl_main(&ro, d);
    } else if (status == EXIT_OK) {
        status = run_command(&c, d);
    }
    free(c.defines);
    return status;
}

/* What could not be written to standard output (a full disk, a closed
 * pipe's reader gone, no descriptor at all) is a failure of the command. */
static int check_stdout(int status, diag *d)
{
    int errnum;
    if (output_stream_check(stdout, &stdout_tracker, &errnum) != 0) {
        diag_fail(d, "cannot write standard output: %s", strerror(errnum));
        return status == EXIT_OK ? EXIT_RUNTIME : status;
    }
    return status;
}

/* Stopped by a signal: the work under way has unwound; say so, and exit as
 * the shell reports a process the signal ended. */
static int check_signal(int status)
{
    int sig = signals_caught();
    if (!sig)
        return status;
    fprintf(stderr, "skill: stopped by %s; unfinished output files were removed\n",
            signals_name(sig));
    return 128 + sig;
}

int main(int argc, char **argv)
{
    single_threaded_blas(argv);
    signals_catch();
    output_track(&stdout_tracker, STDOUT_FILENO);
    if (stdout_tracker.f)
        stdout = stdout_tracker.f;
    diag d;
    diag_init(&d, stderr);
    gsl_set_error_handler_off();    /* GSL reports through return codes; never abort */
#ifdef HAVE_OPENBLAS
    openblas_set_num_threads(1);    /* threaded BLAS sums in a varying order: same seed, same numbers */
#endif
    int status = command_main(argc, argv, &d);
    status = check_stdout(status, &d);
    diag_finish(&d);
    return check_signal(status);
}
