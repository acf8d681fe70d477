#include "config.h"

#include "repl.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#else
#include <editline/readline.h>
#endif

#include "signals.h"

enum { HISTORY_LINES = 1000 };

static const char prompt_first[] = "skill> ", prompt_more[] = "  ...> ";

static const char help_text[] =
    "Type statements of the language (see skill(5)); declarations (param, skill,\n"
    "model, optimizer, def, import) are added to the program, other statements\n"
    "run at once and their 'let' values are kept.  A bare 'run M for N steps'\n"
    "draws the skills' curves and the key numbers, beside the previous run's;\n"
    "'NAME = value' sets a parameter and runs the latest run again.  The latest\n"
    "run is '_'.  A bare expression prints its value.\n"
    "\n"
    "  :help           this text\n"
    "  :load FILE      start over from FILE (its declarations; nothing is run)\n"
    "  :reload         read the file again and run the latest run again\n"
    "  :run            run the file's own statements\n"
    "  :params         the parameters and their values (* set in this session)\n"
    "  :skills         the skills and their frequencies\n"
    "  :ir             the compiled program, as 'skill ir' shows it\n"
    "  :graph [FILE]   the dependency graph: DOT here, or to FILE (.dot .svg .png .pdf)\n"
    "  :plot FILE      plot the latest run to FILE\n"
    "  :complete TEXT  what Tab would offer at the end of TEXT\n"
    "  :quit           leave (also Ctrl-D)\n";

typedef struct repl {
    skill *s;
    skill_stream *tracked;      /* standard output's tracker, or NULL */
    int interactive;
    int errors;                 /* inputs that had errors */
    int quit;
    char *history;              /* the history file, when interactive */
} repl;

/* ---- continuation lines ---- */

int repl_needs_more(const char *text)
{
    int depth = 0, in_string = 0;
    char last = 0;
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (in_string) {
            if (c == '\\' && p[1] && p[1] != '\n')
                p++;
            else if (c == '"' || c == '\n')
                in_string = 0;
            continue;
        }
        if (c == '#') {
            while (p[1] && p[1] != '\n')
                p++;
            continue;
        }
        if (c == '"')
            in_string = 1;
        else if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}')
            depth--;
        if (!isspace((unsigned char)c))
            last = c;
    }
    return depth > 0 || (last && strchr(",+-*/^%=<>", last));
}

/* ---- commands ---- */

static char *quoted(const char *path)
{
    size_t n = strlen(path);
    char *q = malloc(2 * n + 3), *o = q;
    if (!q)
        abort();
    *o++ = '"';
    for (const char *p = path; *p; p++) {
        if (strchr("\"\\{}", *p))
            *o++ = '\\';
        *o++ = *p;
    }
    *o++ = '"';
    *o = '\0';
    return q;
}

/* The statement `HEAD "PATH"` run as if typed. */
static int run_to_file(repl *r, const char *head, const char *path)
{
    char *q = quoted(path);
    size_t n = strlen(head) + strlen(q) + 2;
    char *text = malloc(n);
    if (!text)
        abort();
    snprintf(text, n, "%s%s", head, q);
    int rc = skill_exec(r->s, text);
    free(text);
    free(q);
    return rc;
}

static int cmd_params(repl *r)
{
    int n = skill_param_count(r->s);
    if (n == 0)
        printf("no parameters\n");
    for (int i = 0; i < n; i++) {
        printf("%s = ", skill_param_name(r->s, i));
        skill_value *v = skill_param_value(r->s, i);
        skill_value_print(v, stdout);
        skill_value_free(v);
        printf("%s\n", skill_param_overridden(r->s, i) ? "  *" : "");
    }
    return 0;
}

static int cmd_complete(repl *r, const char *text)
{
    int n, start;
    char **c = skill_complete(r->s, text, (int)strlen(text), &start, &n);
    for (int i = 0; i < n; i++)
        printf("%s\n", c[i]);
    skill_strings_free(c, n);
    return 0;
}

static int needs_arg(repl *r, const char *cmd, const char *arg)
{
    if (*arg)
        return 1;
    skill_report(r->s, SKILL_ERROR, "%s needs a FILE", cmd);
    return 0;
}

static int unknown_command(repl *r, const char *cmd)
{
    skill_report(r->s, SKILL_ERROR, "unknown command '%s'", cmd);
    const char *near = skill_suggest(cmd, skill_repl_commands(), 64);
    if (near)
        skill_report(r->s, SKILL_NOTE, "did you mean '%s'?", near);
    else
        skill_report(r->s, SKILL_HINT, ":help lists the commands");
    return -1;
}

/* LINE begins with ':'.  Returns 0, or -1 after reporting. */
static int command(repl *r, char *line)
{
    char *cmd = line, *arg = line;
    while (*arg && !isspace((unsigned char)*arg))
        arg++;
    if (*arg)
        *arg++ = '\0';
    while (isspace((unsigned char)*arg))
        arg++;
    size_t n = strlen(arg);
    while (n > 0 && isspace((unsigned char)arg[n - 1]))
        arg[--n] = '\0';
    if (!strcmp(cmd, ":help") || !strcmp(cmd, ":h") || !strcmp(cmd, ":?")) {
        fputs(help_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, ":quit") || !strcmp(cmd, ":q") || !strcmp(cmd, ":exit")) {
        r->quit = 1;
        return 0;
    }
    if (!strcmp(cmd, ":load"))
        return needs_arg(r, cmd, arg) ? skill_load(r->s, arg) : -1;
    if (!strcmp(cmd, ":reload"))
        return skill_reload(r->s);
    if (!strcmp(cmd, ":run"))
        return skill_run_file(r->s);
    if (!strcmp(cmd, ":params"))
        return cmd_params(r);
    if (!strcmp(cmd, ":skills") || !strcmp(cmd, ":ir")) {
        return cmd[1] == 'i' ? skill_write_ir(r->s, stdout) : skill_write_skills(r->s, stdout);
    }
    if (!strcmp(cmd, ":graph"))
        return *arg ? run_to_file(r, "graph -> ", arg) : skill_write_graph(r->s, NULL, NULL, stdout);
    if (!strcmp(cmd, ":plot")) {
        if (!needs_arg(r, cmd, arg))
            return -1;
        skill_value *latest = skill_lookup(r->s, "_");
        skill_value_free(latest);
        if (!latest) {
            skill_report(r->s, SKILL_ERROR, ":plot: there is no run to plot yet");
            skill_report(r->s, SKILL_HINT, "run a model first, e.g. 'run M for 1000 steps'");
            return -1;
        }
        return run_to_file(r, "plot _ -> ", arg);
    }
    if (!strcmp(cmd, ":complete"))
        return cmd_complete(r, arg);
    return unknown_command(r, cmd);
}

/* ---- reading ---- */

/* readline's hooks take no context: the session they complete in. */
static repl *active;
static char **cands;
static int ncands, next_cand;

static char *next_candidate(const char *text, int state)
{
    (void)text;
    if (state == 0)
        next_cand = 0;
    return next_cand < ncands ? strdup(cands[next_cand++]) : NULL;
}

static char **complete_hook(const char *text, int start, int end)
{
    rl_attempted_completion_over = 1;
    skill_strings_free(cands, ncands);
    int from;
    cands = skill_complete(active->s, rl_line_buffer, end, &from, &ncands);
    (void)start;
#ifdef HAVE_READLINE
    if (ncands == 1 && cands[0][strlen(cands[0]) - 1] == '/')
        rl_completion_suppress_append = 1;
#endif
    return rl_completion_matches(text, next_candidate);
}

#ifdef HAVE_READLINE
static volatile sig_atomic_t interrupted;
static char *typed;
static int typed_ready;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void on_line(char *line)
{
    typed = line;
    typed_ready = 1;
    rl_callback_handler_remove();
}

/* readline's alternate interface, so that Ctrl-C at the prompt can drop
 * the line being typed (readline() itself would wait for another key).
 * Returns the line, NULL at the end, or "\x03" when Ctrl-C dropped it. */
static char *read_edited(const char *prompt)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);      /* no SA_RESTART: select() returns */
    interrupted = 0;
    typed = NULL;
    typed_ready = 0;
    rl_callback_handler_install(prompt, on_line);
    while (!typed_ready && !interrupted && !signals_caught()) {     /* SIGTERM, SIGHUP: leave */
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fileno(rl_instream), &fds);
        int n = select(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL);
        if (n > 0)
            rl_callback_read_char();
        else if (n < 0 && errno != EINTR)
            break;
    }
    if (!typed_ready) {
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_cleanup_after_signal();
        rl_callback_handler_remove();
        fputs("\n", rl_outstream);
        typed = interrupted ? strdup("\x03") : NULL;
    }
    sigaction(SIGINT, &old, NULL);
    return typed;
}
#else
static char *read_edited(const char *prompt)
{
    return readline(prompt);
}
#endif

static char *history_path(void)
{
    const char *h = getenv("SKILL_HISTORY"), *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char buf[4096];
    if (h && *h)
        return strdup(h);
    if (state && *state) {
        snprintf(buf, sizeof buf, "%s/skill", state);
        mkdir(state, 0700);     /* as XDG says: created when missing */
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return NULL;
        snprintf(buf, sizeof buf, "%s/skill/history", state);
        return strdup(buf);
    }
    if (home && *home) {
        snprintf(buf, sizeof buf, "%s/.skill_history", home);
        return strdup(buf);
    }
    return NULL;
}

static void start_editing(repl *r)
{
    active = r;
    rl_readline_name = "skill";
    rl_attempted_completion_function = complete_hook;
    rl_completer_word_break_characters = (char *)skill_word_breaks();
    using_history();
    stifle_history(HISTORY_LINES);
    r->history = history_path();
    if (r->history)
        read_history(r->history);
}

static void remember(repl *r, const char *line)
{
    if (!*line)
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, line) == 0)
        return;
    add_history(line);
    if (r->history)
        write_history(r->history);
}

/* One line, without its newline; NULL at the end of the input. */
static char *read_line(repl *r, int more)
{
    if (!r->interactive) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n = getline(&line, &cap, stdin);
        if (n < 0) {
            free(line);
            return NULL;
        }
        if (n > 0 && line[n - 1] == '\n')
            line[n - 1] = '\0';
        return line;
    }
    char *line = read_edited(more ? prompt_more : prompt_first);
    if (line && line[0] != '\x03')
        remember(r, line);
    return line;
}

/* ---- the loop ---- */

/* On a terminal, Ctrl-C during an input stopped it (the session is as the
 * statements before it left it) and brings back the prompt; SIGTERM and
 * SIGHUP, or any of them when reading a script, end the session. */
static void after_signal(repl *r)
{
    int sig = signals_caught();
    if (sig == SIGINT && r->interactive) {
        fflush(stdout);
        fputs("interrupted\n", stderr);
        signals_forget();
    } else if (sig) {
        r->quit = 1;
    }
}

static void account(repl *r)
{
    int errnum;
    if (skill_stream_check(r->tracked, stdout, &errnum) != 0)
        skill_report(r->s, SKILL_ERROR, "cannot write standard output: %s", strerror(errnum));
    if (skill_take_errors(r->s))
        r->errors++;
    after_signal(r);
}

static void handle(repl *r, char *text)
{
    char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == ':')
        command(r, p);
    else if (*p)
        skill_exec(r->s, text);
    account(r);
}

static void loop(repl *r)
{
    char *pending = NULL;
    size_t len = 0;
    while (!r->quit) {
        char *line = read_line(r, pending != NULL);
        if (!line)
            break;
        if (line[0] == '\x03') {        /* Ctrl-C */
            free(line);
            free(pending);
            pending = NULL;
            continue;
        }
        const char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!pending && *p == ':') {
            handle(r, line);
            free(line);
            continue;
        }
        size_t n = strlen(line);
        pending = realloc(pending, len + n + 2);
        if (!pending)
            abort();
        memcpy(pending + len, line, n);
        len += n;
        pending[len++] = '\n';
        pending[len] = '\0';
        free(line);
        if (repl_needs_more(pending))
            continue;
        handle(r, pending);
        free(pending);
        pending = NULL;
        len = 0;
    }
    if (pending)                /* the input ended inside a block */
        handle(r, pending);
    free(pending);
    if (r->interactive && !r->quit)
        fputc('\n', stdout);
}

int repl_main(const char *file, const skill_options *opt)
{
    repl r = {NULL, opt->tracked, isatty(0), 0, 0, NULL};
    skill_options so = *opt;
    so.interactive = 1;
    r.s = skill_open_empty(&so);
    if (r.interactive) {
        start_editing(&r);
        printf("skill %s: an interactive session; :help for help, :quit or Ctrl-D to leave\n",
               PACKAGE_VERSION);
    }
    if (file) {
        skill_load(r.s, file);
        account(&r);
    }
    loop(&r);
    skill_close(r.s);
    skill_strings_free(cands, ncands);
    cands = NULL;
    ncands = 0;
    free(r.history);
    return r.errors ? SKILL_ERUNTIME : SKILL_OK;
}
