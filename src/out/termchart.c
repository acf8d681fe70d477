#include "termchart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "numfmt.h"

enum { AXIS_WIDTH = 5, DEFAULT_WIDTH = 60, MIN_WIDTH = 20, MAX_WIDTH = 160, HEIGHT = 10 };

termchart_style termchart_style_for(FILE *out)
{
    termchart_style st = {DEFAULT_WIDTH, HEIGHT, TC_PLAIN};
    int fd = fileno(out);
    if (!isatty(fd))
        return st;
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        int w = ws.ws_col - AXIS_WIDTH - 2;
        st.width = w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
    }
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM"), *ct = getenv("COLORTERM");
    if ((nc && *nc) || (term && strcmp(term, "dumb") == 0))
        return st;
    st.colour = ct && (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0) ? TC_TRUECOLOUR : TC_256;
    return st;
}

int termchart_pick(int n, int *pick, int max)
{
    if (n <= max) {
        for (int i = 0; i < n; i++)
            pick[i] = i;
        return n;
    }
    for (int k = 0; k < max; k++)
        pick[k] = (int)lround((double)k * (n - 1) / (max - 1));
    return max;
}

/* ---- colours: viridis, from its dark end's blue (purple is lost on a
 * dark terminal) to yellow ---- */

static void viridis(double t, int rgb[3])
{
    static const unsigned char stops[9][3] = {
        {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
        {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};
    double x = (t < 0 ? 0 : t > 1 ? 1 : t) * 8;
    int i = x >= 8 ? 7 : (int)x;
    double f = x - i;
    for (int c = 0; c < 3; c++)
        rgb[c] = (int)lround(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]));
}

/* The nearest colour of xterm's 6 x 6 x 6 cube. */
static int xterm256(const int rgb[3])
{
    static const int levels[6] = {0, 95, 135, 175, 215, 255};
    int idx[3];
    for (int c = 0; c < 3; c++) {
        int best = 0;
        for (int k = 1; k < 6; k++)
            if (abs(levels[k] - rgb[c]) < abs(levels[best] - rgb[c]))
                best = k;
        idx[c] = best;
    }
    return 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
}

static void set_colour(FILE *out, const termchart_style *st, int curve, int ncurves)
{
    if (st->colour == TC_PLAIN)
        return;
    if (curve < 0) {
        fputs("\033[0m", out);
        return;
    }
    int rgb[3];
    viridis(ncurves == 1 ? 0.6 : 0.25 + 0.75 * curve / (ncurves - 1), rgb);
    if (st->colour == TC_TRUECOLOUR)
        fprintf(out, "\033[38;2;%d;%d;%dm", rgb[0], rgb[1], rgb[2]);
    else
        fprintf(out, "\033[38;5;%dm", xterm256(rgb));
}

/* ---- the canvas ---- */

typedef struct canvas {
    int w, h;                   /* in characters */
    unsigned char *dots;        /* braille bits per cell */
    signed char *owner;         /* the curve that drew last in a cell; -1 none */
    char *label;                /* a curve's number shown in a cell; 0 none */
} canvas;

static void canvas_dot(canvas *cv, int x, int y, int curve)
{
    static const unsigned char bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    if (x < 0 || y < 0 || x >= 2 * cv->w || y >= 4 * cv->h)
        return;
    int cell = (y / 4) * cv->w + x / 2;
    cv->dots[cell] |= bit[y % 4][x % 2];
    cv->owner[cell] = (signed char)curve;
}

/* Skill K's level at STEP, linear between the recorded rows. */
static double level_at(const result *r, int k, double step)
{
    int lo = 0, hi = r->nrec - 1;
    if (step <= r->steps[0] || hi == 0)
        return r->levels[k];
    if (step >= r->steps[hi])
        return r->levels[(size_t)hi * r->nskills + k];
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (r->steps[mid] <= step)
            lo = mid;
        else
            hi = mid;
    }
    double f = (step - r->steps[lo]) / (r->steps[hi] - r->steps[lo]);
    double a = r->levels[(size_t)lo * r->nskills + k], b = r->levels[(size_t)hi * r->nskills + k];
    return a + f * (b - a);
}

static int dot_row(double level, int h)
{
    if (!(level > 0))           /* also nan */
        level = 0;
    if (level > 1)
        level = 1;
    return (int)lround((1 - level) * (4 * h - 1));
}

static void draw_curve(canvas *cv, const result *r, int k, int curve)
{
    int ncols = 2 * cv->w, prev = -1, label_x = -1;
    double first = r->steps[0], last = r->steps[r->nrec - 1], top = 0;
    for (int row = 0; row < r->nrec; row++) {
        double v = r->levels[(size_t)row * r->nskills + k];
        if (v > top)
            top = v;
    }
    for (int x = 0; x < ncols; x++) {
        double step = ncols > 1 ? first + (last - first) * x / (ncols - 1) : first;
        double v = level_at(r, k, step);
        int y = dot_row(v, cv->h);
        int from = prev < 0 ? y : prev;  /* join to the previous column */
        for (int yy = from < y ? from : y; yy <= (from < y ? y : from); yy++)
            canvas_dot(cv, x, yy, curve);
        prev = y;
        if (label_x < 0 && v >= top / 2)
            label_x = x;
    }
    if (label_x < 0)
        label_x = ncols - 1;
    int cy = dot_row(level_at(r, k, ncols > 1 ? first + (last - first) * label_x / (ncols - 1) : first), cv->h) / 4;
    for (int cx = label_x / 2; cx < cv->w; cx++)
        if (!cv->label[cy * cv->w + cx]) {
            cv->label[cy * cv->w + cx] = (char)('1' + curve);
            cv->owner[cy * cv->w + cx] = (signed char)curve;
            break;
        }
}

static void put_braille(FILE *out, unsigned char bits)
{
    unsigned cp = 0x2800u + bits;
    fputc(0xE0 | (cp >> 12), out);
    fputc(0x80 | ((cp >> 6) & 0x3F), out);
    fputc(0x80 | (cp & 0x3F), out);
}

static void put_row(FILE *out, const canvas *cv, int cy, int ncurves, const termchart_style *st)
{
    int current = -1, end = cv->w;
    while (end > 0 && !cv->dots[cy * cv->w + end - 1] && !cv->label[cy * cv->w + end - 1])
        end--;              /* no trailing blanks */
    for (int cx = 0; cx < end; cx++) {
        int cell = cy * cv->w + cx;
        int who = cv->dots[cell] || cv->label[cell] ? cv->owner[cell] : -1;
        if (who != current && who >= 0) {
            set_colour(out, st, who, ncurves);
            current = who;
        }
        if (cv->label[cell])
            fputc(cv->label[cell], out);
        else if (cv->dots[cell])
            put_braille(out, cv->dots[cell]);
        else
            fputc(' ', out);
    }
    if (current >= 0)
        set_colour(out, st, -1, ncurves);
}

static void put_axis_label(FILE *out, int cy, int h)
{
    if (cy == dot_row(1, h) / 4)
        fputs("  1 ┤", out);
    else if (cy == dot_row(0.5, h) / 4)
        fputs("0.5 ┤", out);
    else if (cy == dot_row(0, h) / 4)
        fputs("  0 ┤", out);
    else
        fputs("    │", out);
}

static void put_x_axis(FILE *out, const result *r, int w)
{
    fputs("    └", out);
    for (int i = 0; i < w; i++)
        fputs("─", out);
    char a[NUMFMT_MAX], b[NUMFMT_MAX];
    numfmt(a, r->steps[0]);
    numfmt(b, r->steps[r->nrec - 1]);
    int gap = w - (int)strlen(a) - (int)strlen(b);
    fprintf(out, "\n     %s%*s%s steps\n", a, gap > 1 ? gap : 1, "", b);
}

static void put_legend(FILE *out, const result *r, const int *pick, int npick, const termchart_style *st)
{
    fputs("    ", out);
    for (int k = 0; k < npick; k++) {
        fputs(k ? "  " : " ", out);
        set_colour(out, st, k, npick);
        fprintf(out, "%d %s", k + 1, r->names[pick[k]]);
        set_colour(out, st, -1, npick);
    }
    if (npick < r->nskills)
        fprintf(out, "  (%d of %d skills)", npick, r->nskills);
    fputc('\n', out);
}

void termchart_draw(FILE *out, const result *r, const int *pick, int npick, const termchart_style *st)
{
    if (r->nrec == 0 || npick == 0)
        return;
    canvas cv = {st->width, st->height, NULL, NULL, NULL};
    size_t cells = (size_t)cv.w * cv.h;
    cv.dots = calloc(cells, 1);
    cv.owner = malloc(cells);
    cv.label = calloc(cells, 1);
    if (!cv.dots || !cv.owner || !cv.label)
        abort();
    memset(cv.owner, -1, cells);
    for (int k = 0; k < npick; k++)
        draw_curve(&cv, r, pick[k], k);
    for (int cy = 0; cy < cv.h; cy++) {
        put_axis_label(out, cy, cv.h);
        put_row(out, &cv, cy, npick, st);
        fputc('\n', out);
    }
    put_x_axis(out, r, cv.w);
    put_legend(out, r, pick, npick, st);
    free(cv.dots);
    free(cv.owner);
    free(cv.label);
}
