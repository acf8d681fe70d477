/* test_graph.c - unit tests for graph.c: exact DOT text for small graphs,
 * SVG/PNG/PDF output, and the failure cases.  Exit status 0 when all pass. */
#include "graph.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testkit.h"

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = path_in_dir(e->d_name);
        if (unlink(p) != 0)
            rmdir(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* ---- the graphs ---------------------------------------------------------- */

static const graph_dep dep_a = { GDEP_SKILL, 0, 0, NULL };
static const graph_dep dep_b = { GDEP_SKILL, 1, 0, NULL };
static const graph_dep dep_c = { GDEP_SKILL, 2, 0, NULL };
static const graph_dep *const args_ab[] = { &dep_a, &dep_b };
static const graph_dep dep_and_ab = { GDEP_AND, 0, 2, args_ab };
static const graph_dep dep_or_ab = { GDEP_OR, 0, 2, args_ab };
static const graph_dep *const args_and_ab_c[] = { &dep_and_ab, &dep_c };
static const graph_dep dep_nested = { GDEP_OR, 0, 2, args_and_ab_c };
static const graph_dep *const args_a[] = { &dep_a };
static const graph_dep dep_not_a = { GDEP_NOT, 0, 1, args_a };

static const graph_skill chain[] = {
    { "A", "0.1", NULL, NULL, 0, 0, 0 },
    { "B", "0.2", &dep_a, NULL, 0, 0, 0 },
};

static const graph_skill and2[] = {
    { "A", "0.1", NULL, NULL, 0, 0, 0 },
    { "B", "0.2", NULL, NULL, 0, 0, 0 },
    { "C", "0.3", &dep_and_ab, NULL, 0, 0, 0 },
};

static const graph_skill or2[] = {
    { "A", "0.1", NULL, NULL, 0, 0, 0 },
    { "B", "zipf(2)", NULL, NULL, 0, 0, 0 },
    { "C", "0.3", &dep_or_ab, NULL, 0, 0, 0 },
};

static const graph_skill nested[] = {
    { "A", "0.1", NULL, NULL, 0, 0, 0 },
    { "B", "0.2", NULL, NULL, 0, 0, 0 },
    { "C", "0.3", NULL, NULL, 0, 0, 0 },
    { "D", "0.4", &dep_nested, NULL, 0, 0, 0 },
};

static const graph_skill not1[] = {
    { "A", "0.1", NULL, NULL, 0, 0, 0 },
    { "B", "0.2", &dep_not_a, NULL, 0, 0, 0 },
};

static const int reads_b[] = { 1 };
static const graph_skill gated[] = {
    { "A", "0.1", NULL, NULL, 0, 0, 0 },
    { "B", "0.2", NULL, NULL, 0, 0, 0 },
    { "C", "0.3", &dep_a, reads_b, 1, 0, 0 },
};

/* ---- expected DOT text ---------------------------------------------------- */

static const char dot_chain[] =
    "digraph skills {\n"
    "\tnode [label=\"\\N\",\n"
    "\t\tshape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tA\t[label=\"A\\np=0.1\"];\n"
    "\tB\t[label=\"B\\np=0.2\"];\n"
    "\tA -> B;\n"
    "}\n";

static const char dot_and2[] =
    "digraph skills {\n"
    "\tgraph [label=\"AND of two\"];\n"
    "\tnode [label=\"\\N\",\n"
    "\t\tshape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tA\t[label=\"A\\np=0.1\"];\n"
    "\t\"and:C:1\"\t[fontsize=8,\n"
    "\t\theight=0.3,\n"
    "\t\tlabel=AND,\n"
    "\t\tmargin=0.02,\n"
    "\t\tshape=circle,\n"
    "\t\tstyle=solid,\n"
    "\t\twidth=0.3];\n"
    "\tA -> \"and:C:1\";\n"
    "\tB\t[label=\"B\\np=0.2\"];\n"
    "\tB -> \"and:C:1\";\n"
    "\tC\t[label=\"C\\np=0.3\"];\n"
    "\t\"and:C:1\" -> C;\n"
    "}\n";

static const char dot_or2[] =
    "digraph skills {\n"
    "\tnode [label=\"\\N\",\n"
    "\t\tshape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tA\t[label=\"A\\np=0.1\"];\n"
    "\t\"or:C:1\"\t[fontsize=8,\n"
    "\t\theight=0.3,\n"
    "\t\tlabel=OR,\n"
    "\t\tmargin=0.02,\n"
    "\t\tshape=circle,\n"
    "\t\tstyle=solid,\n"
    "\t\twidth=0.3];\n"
    "\tA -> \"or:C:1\";\n"
    "\tB\t[label=\"B\\np=zipf(2)\"];\n"
    "\tB -> \"or:C:1\";\n"
    "\tC\t[label=\"C\\np=0.3\"];\n"
    "\t\"or:C:1\" -> C;\n"
    "}\n";

static const char dot_nested[] =
    "digraph skills {\n"
    "\tgraph [label=nested];\n"
    "\tnode [label=\"\\N\",\n"
    "\t\tshape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tA\t[label=\"A\\np=0.1\"];\n"
    "\t\"and:D:2\"\t[fontsize=8,\n"
    "\t\theight=0.3,\n"
    "\t\tlabel=AND,\n"
    "\t\tmargin=0.02,\n"
    "\t\tshape=circle,\n"
    "\t\tstyle=solid,\n"
    "\t\twidth=0.3];\n"
    "\tA -> \"and:D:2\";\n"
    "\tB\t[label=\"B\\np=0.2\"];\n"
    "\tB -> \"and:D:2\";\n"
    "\tC\t[label=\"C\\np=0.3\"];\n"
    "\t\"or:D:1\"\t[fontsize=8,\n"
    "\t\theight=0.3,\n"
    "\t\tlabel=OR,\n"
    "\t\tmargin=0.02,\n"
    "\t\tshape=circle,\n"
    "\t\tstyle=solid,\n"
    "\t\twidth=0.3];\n"
    "\tC -> \"or:D:1\";\n"
    "\tD\t[label=\"D\\np=0.4\"];\n"
    "\t\"or:D:1\" -> D;\n"
    "\t\"and:D:2\" -> \"or:D:1\";\n"
    "}\n";

static const char dot_not1[] =
    "digraph skills {\n"
    "\tnode [label=\"\\N\",\n"
    "\t\tshape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tA\t[label=\"A\\np=0.1\"];\n"
    "\t\"not:B:1\"\t[fontsize=8,\n"
    "\t\theight=0.3,\n"
    "\t\tlabel=NOT,\n"
    "\t\tmargin=0.02,\n"
    "\t\tshape=circle,\n"
    "\t\tstyle=solid,\n"
    "\t\twidth=0.3];\n"
    "\tA -> \"not:B:1\";\n"
    "\tB\t[label=\"B\\np=0.2\"];\n"
    "\t\"not:B:1\" -> B\t[arrowhead=tee];\n"
    "}\n";

static const char dot_gated[] =
    "digraph skills {\n"
    "\tnode [label=\"\\N\",\n"
    "\t\tshape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tA\t[label=\"A\\np=0.1\"];\n"
    "\tC\t[label=\"C\\np=0.3\"];\n"
    "\tA -> C;\n"
    "\tB\t[label=\"B\\np=0.2\"];\n"
    "\tB -> C\t[label=gate,\n"
    "\t\tstyle=dashed];\n"
    "}\n";

/* ---- tests ---------------------------------------------------------------- */

static void check_dot(const char *name, const graph_skill *skills, int n,
                      const char *title, const char *expected)
{
    char err[256] = "";
    char *path = path_in_dir(name);
    int rc = graph_write(skills, n, title, NULL, path, NULL, err, sizeof err);
    CHECK(rc == 0, "%s: graph_write failed: %s", name, err);
    char *got = slurp(path, NULL);
    CHECK(got && strcmp(got, expected) == 0,
          "%s: DOT differs\n--- expected\n%s--- got\n%s---", name, expected,
          got ? got : "(unreadable)\n");
    free(got);
}

static void test_dot(void)
{
    check_dot("chain.dot", chain, 2, NULL, dot_chain);
    check_dot("and2.dot", and2, 3, "AND of two", dot_and2);
    check_dot("or2.dot", or2, 3, NULL, dot_or2);
    check_dot("nested.dot", nested, 4, "nested", dot_nested);
    check_dot("not1.dot", not1, 2, NULL, dot_not1);
    check_dot("gated.dot", gated, 3, NULL, dot_gated);
    /* upper-case extension, and an overwrite of an existing file */
    check_dot("NESTED.DOT", nested, 4, "nested", dot_nested);
    check_dot("NESTED.DOT", nested, 4, "nested", dot_nested);
}

static void test_svg(void)
{
    char err[256] = "";
    char *path = path_in_dir("nested.svg");
    CHECK(graph_write(nested, 4, "nested", NULL, path, NULL, err, sizeof err) == 0,
          "svg: graph_write failed: %s", err);
    char *svg = slurp(path, NULL);
    CHECK(svg && strncmp(svg, "<?xml", 5) == 0, "svg: no XML declaration");
    CHECK(svg && strstr(svg, "</svg>"), "svg: no </svg>");
    const char *want[] = { "<title>A</title>", "<title>B</title>",
                           "<title>C</title>", "<title>D</title>",
                           ">p=0.4</text>", ">AND</text>", ">OR</text>",
                           ">nested</text>" };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        CHECK(svg && strstr(svg, want[i]), "svg: no '%s'", want[i]);
    free(svg);
}

static void test_png_pdf(void)
{
    char err[256] = "";
    char *png = path_in_dir("gated.png");
    CHECK(graph_write(gated, 3, NULL, NULL, png, NULL, err, sizeof err) == 0,
          "png: graph_write failed: %s", err);
    size_t len = 0;
    char *data = slurp(png, &len);
    CHECK(data && len > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0,
          "png: no PNG signature");
    free(data);

    char *pdf = path_in_dir("not1.pdf");
    CHECK(graph_write(not1, 2, "t", NULL, pdf, NULL, err, sizeof err) == 0,
          "pdf: graph_write failed: %s", err);
    data = slurp(pdf, &len);
    CHECK(data && len > 5 && memcmp(data, "%PDF-", 5) == 0,
          "pdf: no PDF signature");
    free(data);
}

/* Rendering must not change later DOT output (gvContext has global side
 * effects in Graphviz), and the same input gives the same text. */
static void test_dot_after_render(void)
{
    check_dot("nested-again.dot", nested, 4, "nested", dot_nested);
    check_dot("chain-again.dot", chain, 2, NULL, dot_chain);
}

static void test_mode(void)
{
    struct stat st;
    mode_t mask = umask(022);
    char err[256] = "";
    char *path = path_in_dir("mode.svg");
    graph_write(chain, 2, NULL, NULL, path, NULL, err, sizeof err);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644,
          "mode: expected 0644, got %o", (unsigned)(st.st_mode & 0777));
    umask(mask);
}

static void test_unknown_format(void)
{
    char err[256] = "";
    char *path = path_in_dir("out.txt");
    CHECK(graph_write(chain, 2, NULL, NULL, path, NULL, err, sizeof err) == -1,
          "txt: graph_write succeeded");
    CHECK(strcmp(err, "unknown graph format 'txt' (use .dot, .svg, .png or .pdf)") == 0,
          "txt: message is '%s'", err);
    CHECK(!exists(path), "txt: %s was created", path);

    path = path_in_dir("noext");
    CHECK(graph_write(chain, 2, NULL, NULL, path, NULL, err, sizeof err) == -1,
          "noext: graph_write succeeded");
    CHECK(!exists(path), "noext: %s was created", path);

    CHECK(graph_format_known("a.dot") && graph_format_known("a.SVG")
          && graph_format_known("dir/a.Png") && graph_format_known("a.b.pdf"),
          "graph_format_known rejects a known extension");
    CHECK(!graph_format_known("a.txt") && !graph_format_known("a")
          && !graph_format_known("a.dot/b") && !graph_format_known("a.")
          && !graph_format_known("a.dott"),
          "graph_format_known accepts an unknown extension");
}

static void test_unwritable(void)
{
    char err[256] = "";
    char *path = path_in_dir("no-such-dir/x.dot");
    CHECK(graph_write(chain, 2, NULL, NULL, path, NULL, err, sizeof err) == -1,
          "missing dir: graph_write succeeded");
    CHECK(strstr(err, path) && strstr(err, strerror(ENOENT)),
          "missing dir: message is '%s'", err);

    path = path_in_dir("missing/x.svg");
    CHECK(graph_write(chain, 2, NULL, NULL, path, NULL, err, sizeof err) == -1,
          "missing dir (svg): graph_write succeeded");
    CHECK(strstr(err, path) != NULL, "missing dir (svg): message is '%s'", err);

    /* the target is a folder: the rename fails, the temporary must go */
    path = path_in_dir("folder.svg");
    mkdir(path, 0755);
    CHECK(graph_write(chain, 2, NULL, NULL, path, NULL, err, sizeof err) == -1,
          "folder target: graph_write succeeded");
    CHECK(strstr(err, path) != NULL, "folder target: message is '%s'", err);
}

/* A failure must leave an existing file as it was. */
static void test_whole_or_nothing(void)
{
    static const graph_dep bad = { GDEP_SKILL, 7, 0, NULL };
    static const graph_skill broken[] = { { "A", "0.1", &bad, NULL, 0, 0, 0 } };
    char err[256] = "";
    char *path = path_in_dir("keep.dot");
    graph_write(chain, 2, NULL, NULL, path, NULL, err, sizeof err);
    CHECK(graph_write(broken, 1, NULL, NULL, path, NULL, err, sizeof err) == -1,
          "bad index: graph_write succeeded");
    CHECK(strstr(err, "7") != NULL, "bad index: message is '%s'", err);
    char *got = slurp(path, NULL);
    CHECK(got && strcmp(got, dot_chain) == 0, "bad index: old file changed");
    free(got);
}

static int always(void *arg)
{
    (void)arg;
    return 1;
}

/* A stop requested during the layout: nothing is written, the old file
 * stays; over a file-size limit (EFBIG, as a full disk gives ENOSPC)
 * Graphviz must not end the process: the error comes back to us. */
static void test_stopped_and_refused(void)
{
    cancel_token token = { always, NULL };
    output_policy stop = { &token, 0, NULL };
    char err[256] = "", want[600];
    char *path = path_in_dir("keep.dot"), *svg = path_in_dir("keep.svg");
    CHECK(graph_write(nested, 4, "nested", NULL, path, &stop, err, sizeof err) == -1,
          "cancelled: graph_write succeeded");
    char *got = slurp(path, NULL);
    CHECK(got && strcmp(got, dot_chain) == 0, "cancelled: old file changed");
    free(got);
    struct rlimit old, small = { 256, 0 };
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    int rc = graph_write(nested, 4, "nested", NULL, svg, NULL, err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    snprintf(want, sizeof want, "cannot write '%s': %s", svg, strerror(EFBIG));
    CHECK(rc == -1 && strcmp(err, want) == 0, "over the size limit: rc %d, '%s'", rc, err);
    CHECK(!exists(svg), "over the size limit: %s was created", svg);
}

/* Graphviz warnings (here: a name that is not UTF-8) stay off stderr. */
static void test_quiet(void)
{
    char err[256] = "";
    static const graph_skill latin1[] = { { "caf\xe9", "0.1", NULL, NULL, 0, 0, 0 } };
    char *log = path_in_dir("stderr.log");
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int saved = dup(2);
    fflush(stderr);
    dup2(fd, 2);
    int rc = graph_write(latin1, 1, NULL, NULL, path_in_dir("latin1.svg"), NULL, err,
                         sizeof err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    CHECK(rc == 0, "latin1: graph_write failed: %s", err);
    size_t len = 0;
    char *text = slurp(log, &len);
    CHECK(text && len == 0, "latin1: Graphviz wrote to stderr: %s", text);
    free(text);
}

/* A PNG's size from its IHDR chunk. */
static int png_size(const char *path, unsigned *w, unsigned *h)
{
    size_t len = 0;
    unsigned char *d = (unsigned char *)slurp(path, &len);
    int ok = d && len > 24 && memcmp(d + 12, "IHDR", 4) == 0;
    if (ok) {
        *w = (unsigned)d[16] << 24 | (unsigned)d[17] << 16 | (unsigned)d[18] << 8 | d[19];
        *h = (unsigned)d[20] << 24 | (unsigned)d[21] << 16 | (unsigned)d[22] << 8 | d[23];
    }
    free(d);
    return ok;
}

/* An SVG's width and height in points, from its root element. */
static int svg_size(const char *path, double *w, double *h)
{
    char *text = slurp(path, NULL);
    const char *svg = text ? strstr(text, "<svg width=\"") : NULL;
    int ok = svg && sscanf(svg, "<svg width=\"%lfpt\" height=\"%lfpt\"", w, h) == 2;
    free(text);
    return ok;
}

/* A PNG has two pixels a point of the SVG, as a plot's PNG has. */
static void test_png_resolution(void)
{
    char err[256] = "";
    char svg[4096], png[4096];
    snprintf(svg, sizeof svg, "%s", path_in_dir("res.svg"));
    snprintf(png, sizeof png, "%s", path_in_dir("res.png"));
    CHECK(graph_write(nested, 4, "nested", NULL, svg, NULL, err, sizeof err) == 0 &&
          graph_write(nested, 4, "nested", NULL, png, NULL, err, sizeof err) == 0, "res: %s", err);
    double sw = 0, sh = 0;
    unsigned pw = 0, ph = 0;
    CHECK(svg_size(svg, &sw, &sh) && png_size(png, &pw, &ph), "res: sizes unreadable");
    CHECK(fabs(pw - 2 * sw) <= 4 && fabs(ph - 2 * sh) <= 4,
          "res: PNG %u x %u for an SVG of %g x %g points", pw, ph, sw, sh);
}

/* A run's learning steps: the first learned dark purple, the last yellow
 * (matplotlib's viridis at 0 and 1: #440154, #fde725), one between at
 * (300 - 100) / (500 - 100) = 0.5 (#21918c), the unlearned grey and dashed;
 * a skill the run does not have is drawn as ever. */
static void test_timed(void)
{
    graph_skill timed[5];
    memcpy(timed, nested, 4 * sizeof *timed);
    timed[4] = (graph_skill){ "E", "0.5", NULL, NULL, 0, 0, 0 };
    double steps[] = {100, 500, 300, NAN};
    for (int i = 0; i < 4; i++) {
        timed[i].timed = 1;
        timed[i].learned_at = steps[i];
    }
    graph_timing level = {0.9};
    char err[256] = "";
    char *path = path_in_dir("timed.dot");
    CHECK(graph_write(timed, 5, "timed", &level, path, NULL, err, sizeof err) == 0, "timed: %s", err);
    char *dot = slurp(path, NULL);
    static const char *const want[] = {
        "A\t[fillcolor=\"#440154\",\n\t\tfontcolor=white,\n\t\tlabel=\"A\\np=0.1\\nt=100\",\n\t\tstyle=\"rounded,filled\"];",
        "B\t[fillcolor=\"#fde725\",\n\t\tfontcolor=black,\n\t\tlabel=\"B\\np=0.2\\nt=500\",",
        "C\t[fillcolor=\"#21918c\",\n\t\tfontcolor=black,\n\t\tlabel=\"C\\np=0.3\\nt=300\",",
        "D\t[fillcolor=\"#e0e0e0\",\n\t\tlabel=\"D\\np=0.4\\nnot learned\",\n\t\tstyle=\"rounded,filled,dashed\"];",
        "E\t[label=\"E\\np=0.5\"];",
        "<TR><TD COLSPAN=\"6\">t: first step at level 0.9</TD></TR><TR>"
        "<TD BGCOLOR=\"#440154\"><FONT COLOR=\"white\">100</FONT></TD>"
        "<TD BGCOLOR=\"#3b528b\"><FONT COLOR=\"white\">200</FONT></TD>"
        "<TD BGCOLOR=\"#21918c\"><FONT COLOR=\"black\">300</FONT></TD>"
        "<TD BGCOLOR=\"#5ec962\"><FONT COLOR=\"black\">400</FONT></TD>"
        "<TD BGCOLOR=\"#fde725\"><FONT COLOR=\"black\">500</FONT></TD>"
        "<TD BGCOLOR=\"#e0e0e0\">not learned</TD></TR>",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        CHECK(dot && strstr(dot, want[i]), "timed: no\n%s\nin\n%s", want[i], dot ? dot : "");
    free(dot);
    char *svg = path_in_dir("timed.svg");
    CHECK(graph_write(timed, 5, "timed", &level, svg, NULL, err, sizeof err) == 0, "timed svg: %s", err);
    char *text = slurp(svg, NULL);
    CHECK(text && strstr(text, "fill=\"#440154\"") && strstr(text, ">t=100<") &&
          strstr(text, ">not learned<"), "timed svg: fills or labels missing");
    free(text);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    test_dot();
    test_svg();
    test_png_pdf();
    test_png_resolution();
    test_timed();
    test_dot_after_render();
    test_mode();
    test_unknown_format();
    test_unwritable();
    test_whole_or_nothing();
    test_stopped_and_refused();
    test_quiet();
    CHECK(leftover_temporaries() == 0, "temporary files left behind");
    remove_dir();
    if (failures) {
        printf("test_graph: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_graph: all passed\n");
    return 0;
}
