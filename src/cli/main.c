/* main.c - the command line: `skill run|check|graph|ir|repl FILE`. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "skill.h"

#include "repl.h"
#include "signals.h"

/* The reasons of failed writes to standard output, which is this
 * process's: the command line's own state, handed to the interpreter. */

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

/* The CLI's own messages, before any program is open. */
static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "skill: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_text);
    return SKILL_EUSAGE;
}

/* A FILE given where the command goes (`skill a.skill`), or a misspelt
 * command: says what to write instead. */
static int unknown_command(const char *cmd, const char *const *commands)
{
    size_t len = strlen(cmd);
    struct stat st;
    int is_file = (len > 6 && strcmp(cmd + len - 6, ".skill") == 0) ||
                  (stat(cmd, &st) == 0 && S_ISREG(st.st_mode));
    const char *near = is_file ? NULL : skill_suggest(cmd, commands, 16);
    if (!is_file && !near)
        return usage("unknown command '%s'", cmd);
    fprintf(stderr, "skill: error: unknown command '%s'\n", cmd);
    if (is_file)
        fprintf(stderr, "hint: to run the file, write 'skill run %s'\n", cmd);
    else
        fprintf(stderr, "note: did you mean '%s'?\n", near);
    return SKILL_EUSAGE;
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

/* Options may come before or after FILE.  Returns SKILL_OK or SKILL_EUSAGE. */
static int parse_args(int argc, char **argv, cli *c)
{
    c->defines = calloc((size_t)argc, sizeof *c->defines);
    if (!c->defines)
        abort();
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
    return SKILL_OK;
}

/* A failure of the command line's own, reported as the library reports
 * one without a place. */
static void cli_fail(const skill_options *so, const char *fmt, const char *a, const char *b)
{
    skill *h = skill_open_empty(so);
    skill_report(h, SKILL_ERROR, fmt, a, b);
    skill_close(h);
}

static int ensure_dir(const char *dir, const skill_options *so)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    if (mkdir(dir, 0777) == 0)
        return 0;
    cli_fail(so, "cannot use '%s' as the output folder: %s", dir, strerror(errno));
    return -1;
}

static int act(const cli *c, skill *h)
{
    const char *cmd = c->command;
    if (strcmp(cmd, "ir") == 0)
        return skill_write_ir(h, stdout);
    if (strcmp(cmd, "graph") == 0)
        return skill_write_graph(h, c->model, c->out, stdout);
    if (strcmp(cmd, "run") == 0)
        return skill_run(h);
    return SKILL_OK;            /* check */
}

/* What could not be written to standard output (a full disk, a closed
 * pipe's reader gone, no descriptor at all) is a failure of the command. */
static int check_stdout(int status, const skill_options *so)
{
    int errnum;
    if (skill_stream_check(so->tracked, stdout, &errnum) != 0) {
        cli_fail(so, "cannot write standard output: %s%s", strerror(errnum), "");
        return status == SKILL_OK ? SKILL_ERUNTIME : status;
    }
    return status;
}

static int run_command(const cli *c, const skill_options *so)
{
    if (strcmp(c->command, "repl") == 0)
        return c->out && ensure_dir(c->out, so) != 0 ? SKILL_ERUNTIME : repl_main(c->file, so);
    skill *h;
    int status = skill_open_file(c->file, so, &h);
    if (status == SKILL_OK && strcmp(c->command, "run") == 0 && c->out && skill_mpi_rank() == 0 &&
        ensure_dir(c->out, so) != 0)
        status = SKILL_ERUNTIME;
    else if (status == SKILL_OK)
        status = act(c, h);
    skill_close(h);
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

/* On an MPI job every process runs `run`; the other commands are the
 * first process's alone, and the REPL needs a terminal the job has not. */
static int mpi_command(const char *cmd, int *skip)
{
    *skip = 0;
    if (skill_mpi_size() == 1)
        return SKILL_OK;
    if (strcmp(cmd, "repl") == 0)
        return usage("'repl' runs in one process, not under mpirun%s (use 'skill run FILE')", "");
    *skip = strcmp(cmd, "run") != 0 && skill_mpi_rank() != 0;
    return SKILL_OK;
}

static int command_main(int argc, char **argv, skill_options *so)
{
    if (argc < 2 && !(isatty(0) && isatty(1)))
        return usage("no command given%s", "");
    if (argc < 2)
        return repl_main(NULL, so);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        fputs("\n", stdout);
        fputs(help_text, stdout);
        return SKILL_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("skill %s\n", PACKAGE_VERSION);
        printf("MPI: %s\n", skill_mpi_available() ? "yes (mpirun -n N skill run FILE shares its sweeps)"
                                                   : "no (./configure --with-mpi)");
        return SKILL_OK;
    }
    static const char *const commands[] = {"run", "check", "graph", "ir", "repl", NULL};
    int known = 0;
    for (int i = 0; commands[i]; i++)
        known |= strcmp(commands[i], cmd) == 0;
    if (!known)
        return unknown_command(cmd, commands);
    int skip;
    if (mpi_command(cmd, &skip) != SKILL_OK || skip)
        return skip ? SKILL_OK : SKILL_EUSAGE;
    cli c = {cmd, NULL, NULL, 0, NULL, NULL, 0, 0};
    int status = parse_args(argc, argv, &c);
    if (status == SKILL_OK) {
        so->defines = c.defines;
        so->ndefines = c.ndefines;
        so->outdir = strcmp(cmd, "graph") == 0 ? NULL : c.out;
        so->jobs = c.jobs;
        so->quiet = c.quiet;
        status = run_command(&c, so);
    }
    free(c.defines);
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

/* Joins the MPI job if mpirun started this process; the other processes
 * then keep quiet.  0, or the exit status of a job that cannot start. */
static int join_mpi(int *argc, char ***argv)
{
    char err[512];
    if (skill_mpi_start(argc, argv, err, sizeof err) != SKILL_OK) {
        fprintf(stderr, "skill: error: %s\n", err);
        return skill_mpi_available() ? SKILL_ERUNTIME : SKILL_EUSAGE;
    }
    skill_mpi_quiet_others();
    return 0;
}

int main(int argc, char **argv)
{
    single_threaded_blas(argv);
    signals_catch();
    int failed = join_mpi(&argc, &argv);
    if (failed)
        return skill_mpi_finish(failed);
    /* Standard output keeps the reasons of its failed writes.  Its tracker
     * lives as long as the stream, to the process's exit. */
    static skill_stream *stdout_tracker;
    stdout_tracker = skill_stream_track(STDOUT_FILENO);
    if (stdout_tracker)
        stdout = skill_stream_file(stdout_tracker);
    skill_options so = {0};
    so.tracked = stdout_tracker;
    so.cancelled = signals_pending;
    int status = command_main(argc, argv, &so);
    status = check_stdout(status, &so);
    return skill_mpi_finish(check_signal(status));
}
