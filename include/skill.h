/* skill.h - the .skill interpreter as a library (libskill).
 *
 * A handle holds one program and the values its statements bind:
 *
 *     skill *h;
 *     if (skill_open_file("fig04.skill", NULL, &h) == SKILL_OK) {
 *         skill_run(h);                          // the script's statements
 *         skill_value *r = skill_lookup(h, "r"); // a `let` it bound
 *         ...                                    // read r as C arrays
 *         skill_value_free(r);
 *     }
 *     skill_close(h);                            // also after a failed open
 *
 * Every function takes its handle; the library keeps no state of its own
 * between calls, so two handles may be used at once from two threads (one
 * handle is used from one thread at a time; skill_cancel excepted).
 * Diagnostics go to the options' callback as records, or are printed as
 * the command line prints them (skill(1), DIAGNOSTICS).  The language is
 * skill(5); the command line, skill(1), is a client of this interface. */
#ifndef SKILL_H
#define SKILL_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Statuses, as the command line exits with them (skill(1), EXIT STATUS). */
enum {
    SKILL_OK = 0,
    SKILL_ERUNTIME = 1,         /* a run, a write or an evaluation failed; or cancelled */
    SKILL_EUSAGE = 2,           /* a bad override or argument */
    SKILL_EINVALID = 65,        /* errors in the program text */
    SKILL_EUNREADABLE = 66      /* the file could not be read */
};

typedef enum skill_severity { SKILL_ERROR, SKILL_NOTE, SKILL_HINT } skill_severity;

/* One message.  A note or hint belongs to the error before it.  FILE is
 * NULL (and LINE, COLUMN 0) for messages with no place in a source; the
 * strings live until the callback returns. */
typedef struct skill_diagnostic {
    skill_severity severity;
    const char *file;
    int line, column;           /* 1-based; COLUMN counts characters */
    int end_column;             /* one past the span on LINE; at least COLUMN + 1 */
    const char *message;
    const char *source_line;    /* the text of LINE without its newline, or NULL */
} skill_diagnostic;

typedef void (*skill_diagnostic_fn)(const skill_diagnostic *d, void *user);

/* Work under way: WHAT is "run M" or "sweep"; DONE of TOTAL steps or
 * points.  Called at most about ten times a second, from the thread doing
 * the work.  A nonzero return cancels, as skill_cancel does. */
typedef int (*skill_progress_fn)(const char *what, double done, double total, void *user);

/* A stream that keeps the reason (an errno value) of its failed writes,
 * which stdio forgets: a host gives the library its standard output this
 * way to have "No space left on device" rather than a bare I/O error. */
typedef struct skill_stream skill_stream;

typedef struct skill_options {
    const char *const *defines; /* "name=value" overrides of declared parameters (-D) */
    int ndefines;
    const char *outdir;         /* relative output paths go here; NULL: the current folder */
    int jobs;                   /* threads a run may use; 0: the CPUs this process may use */
    int quiet;                  /* no progress line on a terminal's stderr */
    FILE *out;                  /* where `print` and shown values go; NULL: stdout */
    skill_stream *tracked;      /* OUT's (or stdout's) tracker, if it is one; NULL: none */
    skill_diagnostic_fn on_diagnostic;  /* NULL: printed to stderr */
    void *diagnostic_user;
    skill_progress_fn on_progress;      /* NULL: none (a terminal line unless quiet) */
    void *progress_user;
    /* Polled during long work, from any thread; nonzero stops it as
     * skill_cancel does (the command line's signals).  NULL: never. */
    int (*cancelled)(void *user);
    void *cancel_user;
    /* The REPL's presentation: a summary after a load, a chart and key
     * numbers after each run, values of expression statements shown. */
    int interactive;
} skill_options;

typedef struct skill skill;
typedef struct skill_value skill_value;

/* Open a program (OPT may be NULL).  *OUT is always set (close it); its
 * program is empty if the status is not SKILL_OK. */
int skill_open_file(const char *path, const skill_options *opt, skill **out);
int skill_open_string(const char *name, const char *text, const skill_options *opt, skill **out);
/* An empty program (the REPL before :load). */
skill *skill_open_empty(const skill_options *opt);
void skill_close(skill *h);

/* Runs the program's statements in order: SKILL_OK or SKILL_ERUNTIME (or
 * SKILL_EINVALID, SKILL_EUNREADABLE: a data file `load` reads is invalid,
 * cannot be read). */
int skill_run(skill *h);
/* Statements or declarations, as typed at the REPL (skill(1), REPL): a
 * declaration extends the program, `PARAM = value` sets a parameter and
 * runs the latest run again, other statements run with the `let`s kept.
 * On an error nothing changes.  SKILL_OK or the failure's status. */
int skill_exec(skill *h, const char *text);
/* The value of one expression, with the handle's `let`s visible. */
int skill_eval(skill *h, const char *expr, skill_value **out);
/* A `let` binding (also `_`, the latest REPL run); NULL if none. */
skill_value *skill_lookup(skill *h, const char *name);
/* Ask work under way to stop; safe from any thread and signal handler. */
void skill_cancel(skill *h);

/* Runs MODEL for STEPS steps, recording every EVERY (0: the default), as
 * `run MODEL with KEY = VALUE, ... for STEPS steps every EVERY` would;
 * SETTINGS holds NSETTINGS "KEY=VALUE" strings (VALUE an expression).
 * *OUT is the result (free it), or NULL on a failure: SKILL_EUSAGE (no
 * such model, a malformed setting) or the run's status. */
int skill_run_model(skill *h, const char *model, double steps, double every,
                    const char *const *settings, int nsettings, skill_value **out);
/* A run result measured elsewhere (a training log): NSKILLS skills named
 * NAMES (each declared in H's program), NROWS rows at STEPS (finite,
 * ascending), LEVELS row-major (NROWS x NSKILLS; NaN: missing), LOSS (NULL:
 * missing).  It is H's: fit, infer, queries and plots take it as a run.
 * SKILL_OK, or SKILL_EUSAGE with *OUT NULL. */
int skill_result_from_arrays(skill *h, const char *const *names, int nskills,
                             const double *steps, int nrows, const double *levels,
                             const double *loss, skill_value **out);
/* Binds V (a value of H's program; NULL: none) to NAME as `let` would, for
 * skill_eval and skill_exec to use.  SKILL_EUSAGE if NAME is not a name, is
 * declared by the program, or V belongs to another handle. */
int skill_bind(skill *h, const char *name, const skill_value *v);
/* Plots V to PATH (its extension: .svg, .png, .pdf, .csv) as `plot V
 * OPTIONS -> PATH` would; OPTIONS (may be NULL) is the statement's text. */
int skill_write_plot(skill *h, const skill_value *v, const char *options, const char *path);

/* REPL verbs: load a file (starting over), load it again and rerun the
 * latest run, run the loaded file's own statements.  SKILL_OK or not. */
int skill_load(skill *h, const char *path);
int skill_reload(skill *h);
int skill_run_file(skill *h);

/* Writers of the program: `skill ir`, the skill table, the dependency
 * graph (of MODEL's skills, or all if NULL) as DOT to F when PATH is NULL,
 * else to PATH by its extension. */
int skill_write_ir(skill *h, FILE *f);
int skill_write_skills(skill *h, FILE *f);
int skill_write_graph(skill *h, const char *model, const char *path, FILE *f);

/* The program's parameters: name, current value, and whether it was set
 * by an override or at the REPL rather than by its declaration. */
int skill_param_count(skill *h);
const char *skill_param_name(skill *h, int i);
skill_value *skill_param_value(skill *h, int i);
int skill_param_overridden(skill *h, int i);

/* Completion: the candidates for the word ending at END in LINE, which
 * starts at *START (set); a malloc'd array of *N malloc'd strings. */
char **skill_complete(skill *h, const char *line, int end, int *start, int *n);
void skill_strings_free(char **strings, int n);
/* The REPL's colon commands, NULL-terminated; the characters that end a
 * word for completion. */
const char *const *skill_repl_commands(void);
const char *skill_word_breaks(void);

/* A message of the client's own, through the handle's diagnostics. */
void skill_report(skill *h, skill_severity severity, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The candidate closest to NAME if it is a plausible typo; NULL otherwise.
 * CANDS ends at N entries or a NULL. */
const char *skill_suggest(const char *name, const char *const *cands, int n);
/* The errors reported through H since the last call (or the open), after
 * saying how many of them were not shown; the count starts again. */
int skill_take_errors(skill *h);

/* A tracked stream writing to descriptor FD, or NULL when FD is a
 * terminal (which keeps stdio's line buffering) or on failure. */
skill_stream *skill_stream_track(int fd);
FILE *skill_stream_file(skill_stream *t);
/* 0 if everything written to F (T's stream, or any other if T is NULL)
 * has reached the system; else -1 with the reason in *ERRNUM, once. */
int skill_stream_check(skill_stream *t, FILE *f, int *errnum);
/* Frees T (not its stream, which the host closes or keeps as stdout). */
void skill_stream_free(skill_stream *t);

/* ---- MPI (skill(1), MPI) ---- */

/* Joins the MPI job if an MPI launcher (mpirun, srun) started this process:
 * SKILL_OK, or SKILL_ERUNTIME with the reason in ERR (MPI failed to start,
 * or this library was built without MPI and the launcher started more than
 * one process).  Call it first, with main's arguments.  Afterwards every
 * handle's skill_run shares its sweeps with the job's other processes, and
 * only the first process writes files. */
int skill_mpi_start(int *argc, char ***argv, char *err, size_t errlen);
/* This process's number in the job (0: the one that writes) and the
 * number of processes: 0 and 1 outside a job. */
int skill_mpi_rank(void);
int skill_mpi_size(void);
/* 1 if this library can run sweeps on MPI (./configure --with-mpi). */
int skill_mpi_available(void);
/* The job's other processes: their standard output and error go nowhere
 * (the first process speaks for all). */
void skill_mpi_quiet_others(void);
/* Ends the job with this process's exit STATUS, and returns it: if the
 * processes disagree (one stopped elsewhere), the job is aborted. */
int skill_mpi_finish(int status);

/* ---- values ---- */

typedef enum skill_kind {
    SKILL_NONE, SKILL_NUMBER, SKILL_BOOL, SKILL_STRING, SKILL_VECTOR, SKILL_MATRIX,
    SKILL_LIST, SKILL_RECORD, SKILL_TABLE, SKILL_RESULT,
    SKILL_NAME,                 /* a skill, model, optimizer, symbol or function: its name */
} skill_kind;

/* A value is valid until it is freed or its handle closed.  The readers
 * below take NULL (and values of other kinds) and then return SKILL_NONE,
 * NaN, 0 or NULL. */
skill_kind skill_value_kind(const skill_value *v);
void skill_value_free(skill_value *v);
/* Writes V as `print` would. */
void skill_value_print(const skill_value *v, FILE *f);
/* A number or boolean; NaN for other kinds. */
double skill_value_number(const skill_value *v);
/* A string's text, or a name; NULL for other kinds. */
const char *skill_value_string(const skill_value *v);
/* A vector's elements (*N of them), a matrix's (row-major, *N = rows x
 * cols) or a table column's; NULL for other kinds. */
const double *skill_value_doubles(const skill_value *v, size_t *n);
int skill_matrix_rows(const skill_value *v);
int skill_matrix_cols(const skill_value *v);
/* Lists, records and tables: item I (a record's or table's field I). */
int skill_value_length(const skill_value *v);
skill_value *skill_value_item(const skill_value *v, int i);
const char *skill_value_key(const skill_value *v, int i);  /* records and tables */

/* A run's result: NROWS recorded steps; the steps, the loss and each
 * skill's level at them, each an array of skill_result_rows() doubles. */
int skill_result_rows(const skill_value *v);
int skill_result_skills(const skill_value *v);
const char *skill_result_skill_name(const skill_value *v, int k);
const char *skill_result_model(const skill_value *v);
const double *skill_result_steps(const skill_value *v);
const double *skill_result_loss(const skill_value *v);
const double *skill_result_levels(const skill_value *v, int k);
/* Further per-skill series a run records (a network's train_loss,
 * train_acc, test_acc; skill(5)): their number, names, and series NAME of
 * skill K as an array of skill_result_rows() doubles (NULL if absent). */
int skill_result_series_count(const skill_value *v);
const char *skill_result_series_name(const skill_value *v, int e);
const double *skill_result_series(const skill_value *v, const char *name, int k);

/* A table (a record of equal-length columns): its columns by name. */
const double *skill_table_column(const skill_value *v, const char *name, size_t *n);

#ifdef __cplusplus
}
#endif

#endif
