#include "graph.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gvc.h>

#include "numfmt.h"
#include "outfile.h"
#include "viridis.h"

static const char *const formats[] = { "dot", "svg", "png", "pdf" };

/* What follows the last '.' of the file name; "" if there is none. */
static const char *extension(const char *file)
{
    const char *dot = strrchr(file, '.');
    const char *slash = strrchr(file, '/');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* The Graphviz output format FILE asks for, or NULL. */
static const char *format_of(const char *file)
{
    const char *ext = extension(file);
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcasecmp(ext, formats[i]) == 0)
            return formats[i];
    return NULL;
}

int graph_format_known(const char *file)
{
    return format_of(file) != NULL;
}

/* ---- Graphviz diagnostics ---------------------------------------------
 * Graphviz prints warnings and errors on stderr unless given a function to
 * call instead.  That function receives "Error" or "Warning", then ": ",
 * then the message (continuations of a message come without the prefix).
 * Warnings are dropped; the first error is kept for our own message. */

static char gv_error[256];
static int gv_in_error;

static int gv_errf(char *s)
{
    if (strcmp(s, "Error") == 0 || strcmp(s, "Warning") == 0) {
        gv_in_error = s[0] == 'E';
        return 0;
    }
    if (!gv_in_error || gv_error[0] || strcmp(s, ": ") == 0)
        return 0;
    snprintf(gv_error, sizeof gv_error, "%s", s);
    gv_error[strcspn(gv_error, "\n")] = '\0';
    return 0;
}

typedef struct gv_errsave {
    agusererrf f;
    agerrlevel_t level;
} gv_errsave;

static gv_errsave gv_quiet(void)
{
    gv_error[0] = '\0';
    gv_in_error = 0;
    return (gv_errsave){ agseterrf(gv_errf), agseterr(AGWARN) };
}

static void gv_restore(gv_errsave s)
{
    agseterrf(s.f);
    agseterr(s.level);
}

/* ---- building the graph ------------------------------------------------ */

typedef struct builder {
    Agraph_t *g;
    const graph_skill *skills;
    int nskills;
    const graph_timing *timing;     /* NULL: no run annotates the graph */
    double first, last;             /* the timed skills' first and last learning steps */
    const char *owner;          /* the skill whose formula is being built */
    int njunctions;             /* junctions made so far for OWNER */
    char *err;
    size_t errlen;
} builder;

static void declare_attrs(Agraph_t *g, const char *title, int timed, int png)
{
    if (title)
        agattr(g, AGRAPH, "label", (char *)title);
    if (png)
        agattr(g, AGRAPH, "dpi", "144");
    if (timed) {
        agattr(g, AGNODE, "fillcolor", "");
        agattr(g, AGNODE, "fontcolor", "");
    }
    agattr(g, AGNODE, "label", "\\N");
    agattr(g, AGNODE, "shape", "box");
    agattr(g, AGNODE, "style", "rounded");
    agattr(g, AGNODE, "fontsize", "");
    agattr(g, AGNODE, "width", "");
    agattr(g, AGNODE, "height", "");
    agattr(g, AGNODE, "margin", "");
    agattr(g, AGEDGE, "style", "");
    agattr(g, AGEDGE, "label", "");
    agattr(g, AGEDGE, "arrowhead", "");
}

static Agnode_t *skill_node(builder *b, int i)
{
    if (i < 0 || i >= b->nskills) {
        snprintf(b->err, b->errlen, "graph: skill index %d out of range", i);
        return NULL;
    }
    return agnode(b->g, (char *)b->skills[i].name, 0);
}

/* A string printed into fresh memory; NULL (with ERR set) if out of memory. */
static char *strprintf(builder *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *strprintf(builder *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len < 0 ? NULL : malloc((size_t)len + 1);
    if (!s) {
        snprintf(b->err, b->errlen, "graph: out of memory");
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

static Agnode_t *junction(builder *b, graph_dep_kind kind)
{
    static const char *const label[] = {
        [GDEP_AND] = "AND", [GDEP_OR] = "OR", [GDEP_NOT] = "NOT"
    };
    static const char *const prefix[] = {
        [GDEP_AND] = "and", [GDEP_OR] = "or", [GDEP_NOT] = "not"
    };
    char *name = strprintf(b, "%s:%s:%d", prefix[kind], b->owner,
                           ++b->njunctions);
    if (!name)
        return NULL;
    Agnode_t *n = agnode(b->g, name, 1);
    free(name);
    agset(n, "label", (char *)label[kind]);
    agset(n, "shape", "circle");
    agset(n, "style", "solid");
    agset(n, "fontsize", "8");
    agset(n, "width", "0.3");
    agset(n, "height", "0.3");
    agset(n, "margin", "0.02");
    return n;
}

/* Adds the nodes and edges that feed formula D into node TO. */
static int add_dep(builder *b, const graph_dep *d, Agnode_t *to)
{
    if (d->kind == GDEP_SKILL) {
        Agnode_t *from = skill_node(b, d->skill);
        if (!from)
            return -1;
        agedge(b->g, from, to, NULL, 1);
        return 0;
    }
    Agnode_t *j = junction(b, d->kind);
    if (!j)
        return -1;
    Agedge_t *out = agedge(b->g, j, to, NULL, 1);
    if (d->kind == GDEP_NOT)
        agset(out, "arrowhead", "tee");
    for (int i = 0; i < d->nargs; i++)
        if (add_dep(b, d->args[i], j) < 0)
            return -1;
    return 0;
}

static int add_gate_reads(builder *b, const graph_skill *s, Agnode_t *to)
{
    for (int i = 0; i < s->ngate_reads; i++) {
        Agnode_t *from = skill_node(b, s->gate_reads[i]);
        if (!from)
            return -1;
        Agedge_t *e = agedge(b->g, from, to, NULL, 1);
        agset(e, "style", "dashed");
        agset(e, "label", "gate");
    }
    return 0;
}

/* ---- a run's learning steps ---- */

static const char NOT_LEARNED_FILL[] = "#e0e0e0";

/* The earliest and latest step at which a timed skill was learned. */
static void learning_range(builder *b)
{
    b->first = INFINITY;
    b->last = -INFINITY;
    for (int i = 0; i < b->nskills; i++)
        if (b->skills[i].timed && !isnan(b->skills[i].learned_at)) {
            b->first = fmin(b->first, b->skills[i].learned_at);
            b->last = fmax(b->last, b->skills[i].learned_at);
        }
}

typedef struct swatch { char fill[8]; const char *ink; } swatch;

/* Step T's colour, and a text colour that reads on it. */
static swatch swatch_at(const builder *b, double t)
{
    rgb c = viridis(b->last > b->first ? (t - b->first) / (b->last - b->first) : 0);
    swatch w;
    snprintf(w.fill, sizeof w.fill, "#%02x%02x%02x", (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5),
             (int)(c.b * 255 + 0.5));
    w.ink = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b < 0.45 ? "white" : "black";
    return w;
}

/* The step as a label: shortest form, or whole between legend stops. */
static const char *step_text(char *buf, double t, int whole)
{
    if (whole)
        snprintf(buf, NUMFMT_MAX, "%.0f", t);
    else
        numfmt(buf, t);
    return buf;
}

static void paint_node(builder *b, Agnode_t *n, const graph_skill *s)
{
    if (isnan(s->learned_at)) {
        agset(n, "style", "rounded,filled,dashed");
        agset(n, "fillcolor", (char *)NOT_LEARNED_FILL);
        return;
    }
    swatch w = swatch_at(b, s->learned_at);
    agset(n, "style", "rounded,filled");
    agset(n, "fillcolor", w.fill);
    agset(n, "fontcolor", (char *)w.ink);
}

static char *time_label(builder *b, const graph_skill *s, const char *head)
{
    char buf[NUMFMT_MAX];
    if (isnan(s->learned_at))
        return strprintf(b, "%s\\nnot learned", head);
    return strprintf(b, "%s\\nt=%s", head, step_text(buf, s->learned_at, 0));
}

/* One legend cell: a step in its colour, or the unlearned fill. */
static size_t legend_cell(const builder *b, char *out, size_t size, double t)
{
    char buf[NUMFMT_MAX];
    if (isnan(t))
        return (size_t)snprintf(out, size, "<TD BGCOLOR=\"%s\">not learned</TD>", NOT_LEARNED_FILL);
    swatch w = swatch_at(b, t);
    return (size_t)snprintf(out, size, "<TD BGCOLOR=\"%s\"><FONT COLOR=\"%s\">%s</FONT></TD>", w.fill, w.ink,
                            step_text(buf, t, b->last - b->first >= 4));
}

static int any_unlearned(const builder *b)
{
    for (int i = 0; i < b->nskills; i++)
        if (b->skills[i].timed && isnan(b->skills[i].learned_at))
            return 1;
    return 0;
}

/* The scale, as a row of cells at the first step, a quarter of the way,
 * ..., the last step (one cell if they are equal), and "not learned". */
static int add_legend(builder *b)
{
    enum { STOPS = 5 };
    char cells[1024] = "";
    size_t len = 0;
    int ncells = 0, learned = b->first <= b->last;
    for (int k = 0; learned && k < STOPS && (k == 0 || b->last > b->first); k++, ncells++)
        len += legend_cell(b, cells + len, sizeof cells - len, b->first + (b->last - b->first) * k / (STOPS - 1));
    if (any_unlearned(b)) {
        len += legend_cell(b, cells + len, sizeof cells - len, NAN);
        ncells++;
    }
    char level[NUMFMT_MAX];
    char *html = strprintf(b, "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">"
                              "<TR><TD COLSPAN=\"%d\">t: first step at level %s</TD></TR><TR>%s</TR></TABLE>",
                           ncells, numfmt(level, b->timing->level), cells);
    if (!html)
        return -1;
    Agraph_t *bottom = agsubg(b->g, "legend:rank", 1);
    agsafeset(bottom, "rank", "sink", "");
    Agnode_t *n = agnode(bottom, "legend:steps", 1);
    agset(n, "shape", "plaintext");
    agset(n, "style", "");
    agset(n, "label", agstrdup_html(b->g, html));
    free(html);
    return 0;
}

static int add_skill_node(builder *b, const graph_skill *s)
{
    Agnode_t *n = agnode(b->g, (char *)s->name, 1);
    char *label = s->freq ? strprintf(b, "%s\\np=%s", s->name, s->freq) : NULL;
    if (s->freq && !label)
        return -1;
    if (b->timing && s->timed) {
        char *timed = time_label(b, s, label ? label : s->name);
        free(label);
        if (!(label = timed))
            return -1;
        paint_node(b, n, s);
    }
    if (label)
        agset(n, "label", label);
    free(label);
    return 0;
}

/* Adds skill I's `needs` formula and gate reads as edges into its node. */
static int add_skill_edges(builder *b, int i)
{
    const graph_skill *s = &b->skills[i];
    Agnode_t *n = agnode(b->g, (char *)s->name, 0);
    b->owner = s->name;
    b->njunctions = 0;
    if (s->needs && add_dep(b, s->needs, n) < 0)
        return -1;
    return add_gate_reads(b, s, n);
}

static Agraph_t *build(const graph_skill *skills, int nskills, const char *title,
                       const graph_timing *timing, int png, char *err, size_t errlen)
{
    builder b = { agopen("skills", Agdirected, NULL), skills, nskills, timing, 0, 0,
                  NULL, 0, err, errlen };
    if (!b.g) {
        snprintf(err, errlen, "graph: out of memory");
        return NULL;
    }
    declare_attrs(b.g, title, timing != NULL, png);
    if (timing)
        learning_range(&b);
    int rc = 0;
    for (int i = 0; i < nskills && rc == 0; i++)
        rc = add_skill_node(&b, &skills[i]);
    for (int i = 0; i < nskills && rc == 0; i++)
        rc = add_skill_edges(&b, i);
    if (rc == 0 && timing)
        rc = add_legend(&b);
    if (rc != 0) {
        agclose(b.g);
        return NULL;
    }
    return b.g;
}

/* ---- writing ------------------------------------------------------------ */

/* One context for the whole run: the pango plugin of Graphviz 2.43 keeps a
 * pointer to the last font name it measured, which the context owns, so a
 * context freed between two renders would leave that pointer dangling. */
static GVC_t *the_gvc;

/* Graphviz keeps process-wide state (the context, its error handler): one
 * graph at a time, even from parallel sweep points. */
static pthread_mutex_t graph_lock = PTHREAD_MUTEX_INITIALIZER;

static void free_context(void)
{
    gvFreeContext(the_gvc);
    the_gvc = NULL;
}

static GVC_t *context(void)
{
    if (!the_gvc && (the_gvc = gvContext()) != NULL)
        atexit(free_context);
    return the_gvc;
}

/* Memory from gvRenderData is Graphviz's to free; open_memstream's ours. */
static void free_rendered(const char *format, char *data)
{
    if (data && strcmp(format, "dot") == 0)
        free(data);
    else if (data)
        gvFreeRenderData(data);
}

/* G in FORMAT, in memory: Graphviz never writes a file itself, since it
 * ends the process when a write fails.  0, or -1 with a reason in ERR. */
static int render(Agraph_t *g, const char *format, char **data, size_t *len,
                  char *err, size_t errlen)
{
    *data = NULL;
    *len = 0;
    int rc = -1;
    if (strcmp(format, "dot") == 0) {
        FILE *m = open_memstream(data, len);
        rc = m ? agwrite(g, m) : -1;
        if (m && fclose(m) != 0)
            rc = -1;
    } else {
        GVC_t *gvc = context();
        unsigned int n = 0;
        rc = gvc ? gvLayout(gvc, g, "dot") : -1;
        if (rc == 0)
            rc = gvRenderData(gvc, g, format, data, &n);
        if (gvc)
            gvFreeLayout(gvc, g);
        *len = n;
    }
    if (rc != 0) {
        snprintf(err, errlen, "%s", gv_error[0] ? gv_error : "Graphviz could not render the graph");
        free_rendered(format, *data);
        *data = NULL;
    }
    return rc == 0 ? 0 : -1;
}

/* Builds and renders the graph under the lock Graphviz needs. */
static int build_and_render(const graph_skill *skills, int nskills, const char *title,
                            const graph_timing *timing, const char *format, char **data,
                            size_t *len, char *err, size_t errlen)
{
    pthread_mutex_lock(&graph_lock);
    gv_errsave saved = gv_quiet();
    Agraph_t *g = build(skills, nskills, title, timing, strcmp(format, "png") == 0, err, errlen);
    int rc = g ? render(g, format, data, len, err, errlen) : -1;
    if (g)
        agclose(g);
    gv_restore(saved);
    pthread_mutex_unlock(&graph_lock);
    return rc;
}

int graph_write(const graph_skill *skills, int nskills, const char *title, const graph_timing *timing,
                const char *file, const output_policy *policy, char *err, size_t errlen)
{
    const char *format = format_of(file);
    if (!format) {
        snprintf(err, errlen,
                 "unknown graph format '%s' (use .dot, .svg, .png or .pdf)",
                 extension(file));
        return -1;
    }
    char *data;
    size_t len;
    if (build_and_render(skills, nskills, title, timing, format, &data, &len, err, errlen) != 0)
        return -1;
    int rc = output_write_file(file, data, len, policy, err, errlen);
    free_rendered(format, data);
    return rc;
}

/* Writes LEN bytes to F and flushes it: 0, or the reason (an errno value),
 * taken as soon as a write fails, before anything else can change errno
 * (stdio keeps only a flag). */
static int write_stream(FILE *f, const char *data, size_t len)
{
    errno = 0;
    int errnum = fwrite(data, 1, len, f) < len ? errno : 0;
    int later;
    if (output_stream_check(f, NULL, &later) != 0 && !errnum)
        errnum = later;
    return errnum;
}

int graph_write_stream(const graph_skill *skills, int nskills, const char *title,
                       const graph_timing *timing, const char *format, FILE *f, char *err,
                       size_t errlen)
{
    char *data;
    size_t len;
    if (build_and_render(skills, nskills, title, timing, format, &data, &len, err, errlen) != 0)
        return -1;
    int errnum = write_stream(f, data, len);
    free_rendered(format, data);
    if (errnum) {
        snprintf(err, errlen, "cannot write %s: %s",
                 f == stdout ? "standard output" : "the graph", strerror(errnum));
        return -1;
    }
    return 0;
}
