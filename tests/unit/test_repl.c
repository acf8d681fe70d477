/* The REPL's pieces that need no session: when an input continues on the
 * next line, which skills a chart picks, what the chart draws, and the
 * completions offered without a program. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "repl.h"
#include "result.h"
#include "termchart.h"

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static void continuation(void)
{
    static const struct { const char *text; int more; } cases[] = {
        {"print 1\n", 0},
        {"resource R {\n", 1},
        {"resource R {\n  eta = 1\n}\n", 0},
        {"print f(1,\n", 1},
        {"print 1 +\n", 1},
        {"run R for 10 steps ->\n", 1},
        {"let x =\n", 1},
        {"print \"(\"\n", 0},               /* brackets in strings do not count */
        {"print \"\\\"(\"\n", 0},           /* nor after an escaped quote */
        {"print 1 # (\n", 0},               /* nor in comments */
        {"print 1 # ends in +\n", 0},
        {"print [1, 2\n", 1},
        {"print [1, 2\n]\n", 0},
        {"print )\n", 0},                   /* too many closers: the parser says so */
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char what[128];
        snprintf(what, sizeof what, "needs_more(%.60s)", cases[i].text);
        expect(repl_needs_more(cases[i].text) == cases[i].more, what);
    }
}

static void picking(void)
{
    int pick[TERMCHART_MAX_CURVES];
    expect(termchart_pick(3, pick, 8) == 3 && pick[0] == 0 && pick[2] == 2, "pick all of 3");
    int n = termchart_pick(100, pick, 8);
    expect(n == 8 && pick[0] == 0 && pick[7] == 99, "pick 8 of 100: first and last");
    for (int k = 1; k < n; k++)
        expect(pick[k] > pick[k - 1], "picks ascend");
    expect(pick[1] == 14 && pick[4] == 57, "picks spread evenly: round(k * 99 / 7)");
}

/* One skill whose level rises linearly from 0 to 1 over steps 0..10. */
static void chart(void)
{
    const char *names[] = {"A"};
    const char **owned = malloc(sizeof names);
    memcpy(owned, names, sizeof names);
    result *r = result_new("R", 1, owned, 0);
    for (int t = 0; t <= 10; t++)
        *result_add_row(r, t, 1 - t / 10.0, NULL) = t / 10.0;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    termchart_style st = {20, 5, TC_PLAIN};
    int pick[1] = {0};
    termchart_draw(f, r, pick, 1, &st);
    fclose(f);
    /* Rows: 5 of the plot, the axis, its labels, the legend. */
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    expect(lines == 8, "chart: 8 lines");
    char *row[8];
    char *p = text;
    for (int i = 0; i < 8 && p; i++) {
        row[i] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    /* The line starts bottom left and ends top right: a braille dot in the
     * first cell of the last row, and the last cell of the first row. */
    expect(strncmp(row[4], "  0 ┤⣀", strlen("  0 ┤⣀")) == 0 ||
           strncmp(row[4], "  0 ┤⣠", strlen("  0 ┤⣠")) == 0, "chart: starts at 0 on the left");
    expect(strncmp(row[0], "  1 ┤", strlen("  1 ┤")) == 0, "chart: level 1 at the top");
    const unsigned char *end = (const unsigned char *)row[0] + strlen(row[0]);
    int cells = 0;
    for (const char *q = row[0] + strlen("  1 ┤"); *q; q++)
        cells += ((unsigned char)*q & 0xC0) != 0x80;
    expect(cells == 20 && end[-3] == 0xE2 && end[-2] >= 0xA0 && end[-2] <= 0xA3,
           "chart: the top row ends in a braille cell under the last column");
    expect(strstr(text, "1") && strstr(row[2], "1") != NULL, "chart: the label 1 at half height");
    expect(strstr(row[6], "10 steps") != NULL, "chart: the last step under the axis");
    expect(strstr(row[7], "1 A") != NULL, "chart: the legend");
    expect(strchr(text, '\033') == NULL, "chart: no escapes without colour");
    free(text);
    result_free(r);
}

static void completion(void)
{
    int n;
    char **c = complete_candidates(NULL, NULL, "pri", 0, 3, &n);
    expect(n == 1 && strcmp(c[0], "print") == 0, "complete pri -> print");
    complete_free(c, n);
    c = complete_candidates(NULL, NULL, ":re", 0, 3, &n);
    expect(n == 1 && strcmp(c[0], ":reload") == 0, "complete :re -> :reload");
    complete_free(c, n);
    c = complete_candidates(NULL, NULL, "  :q", 2, 4, &n);
    expect(n == 1 && strcmp(c[0], ":quit") == 0, "complete :q after blanks");
    complete_free(c, n);
    const char *line = "print final_loss(_), ti";
    int end = (int)strlen(line), start = complete_word_start(line, end);
    expect(start == end - 2, "the word starts after the last break");
    c = complete_candidates(NULL, NULL, line, start, end, &n);
    expect(n == 1 && strcmp(c[0], "time_to") == 0, "complete ti -> time_to");
    complete_free(c, n);
    c = complete_candidates(NULL, NULL, "print s", 6, 7, &n);
    int sorted = 1;
    for (int i = 1; i < n; i++)
        sorted &= strcmp(c[i - 1], c[i]) < 0;
    expect(n >= 3 && sorted, "candidates sorted, no duplicates");
    complete_free(c, n);
}

int main(void)
{
    continuation();
    picking();
    chart();
    completion();
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
