#include "plot.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h"
#include "viridis.h"

/* The page, in points (SVG and PDF); PNG is drawn at twice that in pixels. */
enum { WIDTH = 720, HEIGHT = 450, PNG_SCALE = 2 };
enum { MAX_MAJOR = 64, MAX_MINOR = 128, LEGEND_LIST_MAX = 12 };
static const char FONT[] = "sans-serif";
static const double TITLE_SIZE = 15, LABEL_SIZE = 13, TICK_SIZE = 11, LEGEND_SIZE = 11;
static const double TICK_LEN = 5, MINOR_LEN = 3, LINE_WIDTH = 1.5;

typedef enum { FMT_NONE, FMT_SVG, FMT_PNG, FMT_PDF } format;

static format format_of(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return FMT_NONE;
    return !strcasecmp(dot, ".svg") ? FMT_SVG : !strcasecmp(dot, ".png") ? FMT_PNG
         : !strcasecmp(dot, ".pdf") ? FMT_PDF : FMT_NONE;
}

int plot_format_known(const char *path)
{
    return format_of(path) != FMT_NONE;
}

/* ---- colours ---- */

/* Distinct colours for a few unrelated series (Tableau 10). */
static const rgb category_colours[] = {
    {0.122, 0.467, 0.706}, {1.000, 0.498, 0.055}, {0.173, 0.627, 0.173},
    {0.839, 0.153, 0.157}, {0.580, 0.404, 0.741}, {0.549, 0.337, 0.294},
    {0.890, 0.467, 0.761}, {0.498, 0.498, 0.498}, {0.737, 0.741, 0.133},
    {0.090, 0.745, 0.812},
};

static rgb colour_of(const plot_figure *fig, int k)
{
    if (k < 0)
        return (rgb){0.3, 0.3, 0.3};    /* a legend entry for a style */
    if (fig->palette == PLOT_CATEGORY)
        return category_colours[k % (int)(sizeof category_colours / sizeof *category_colours)];
    return viridis(fig->ncolours > 1 ? (double)k / (fig->ncolours - 1) : 0);
}

static void set_colour(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* ---- axes ---- */

typedef struct axis {
    plot_scale scale;
    double lo, hi;              /* drawn range; log10 of the values on a log axis */
    double step;                /* linear: spacing of the labelled ticks */
    int plain;                  /* log: ticks labelled 20, 50, not as powers of ten */
    double major[MAX_MAJOR], minor[MAX_MINOR];
    int nmajor, nminor;
} axis;

static int shown(plot_scale s, double v)
{
    return isfinite(v) && (s == PLOT_LINEAR || v > 0);
}

static double scaled(plot_scale s, double v)
{
    return s == PLOT_LOG ? log10(v) : v;
}

static int point_shown(const plot_figure *fig, const plot_series *s, int i)
{
    return shown(fig->xscale, s->x[i]) && shown(fig->yscale, s->y[i]);
}

/* 1, 2 or 5 times a power of ten, near RAW. */
static double nice_step(double raw)
{
    double p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/* The least of 1, 2 or 5 times a power of ten that is at least RAW. */
static double nice_above(double raw)
{
    double p = pow(10, floor(log10(raw)));
    return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

/* Labelled ticks every 1, 2 or 5 times a power of ten, within the data's
 * range, or (PADDED) a little beyond it. */
static void fit_linear(axis *a, double min, double max, int intervals, int padded)
{
    double half = max / 2 - min / 2;    /* max - min may overflow */
    if (!(half > fmax(fabs(min), fabs(max)) * 5e-13) || half < 1e-300) {
        double d = fabs(min) > 1e-290 ? fabs(min) * 0.1 : 1;   /* flat: widen */
        min = fmax(min - d, -DBL_MAX);
        max = fmin(max + d, DBL_MAX);
        half = max / 2 - min / 2;
    }
    a->step = nice_step(half / intervals * 2);
    a->lo = padded ? fmax(min - 0.08 * half, -DBL_MAX) : min;
    a->hi = padded ? fmin(max + 0.08 * half, DBL_MAX) : max;
    double k0 = ceil(a->lo / a->step - 1e-9), k1 = floor(a->hi / a->step + 1e-9);
    for (double k = k0; k <= k1 && a->nmajor < MAX_MAJOR; k++)
        a->major[a->nmajor++] = k * a->step;
}

static void add_tick(axis *a, double t, int major)
{
    if (t < a->lo - 1e-9 || t > a->hi + 1e-9)
        return;
    if (major && a->nmajor < MAX_MAJOR)
        a->major[a->nmajor++] = t;
    else if (!major && a->nminor < MAX_MINOR)
        a->minor[a->nminor++] = t;
}

/* Labelled decades (every 1, 2, 5, 10, 20... when there are many); the
 * other decades as minor ticks, and 2..9 times each decade when there are
 * few. */
static void decade_ticks(axis *a)
{
    double span = a->hi - a->lo, every = span <= 8 ? 1 : nice_above(span / 8);
    for (double e = floor(a->lo); e <= a->hi; e++) {
        int major = fmod(e, every) == 0;
        if (major || span <= 40)
            add_tick(a, e, major);
        for (int m = 2; span <= 6 && m <= 9; m++)
            add_tick(a, e + log10(m), 0);
    }
}

/* Less than two decades: 1, 2 and 5 times powers of ten are labelled
 * (every digit if that makes fewer than three), as plain numbers. */
static void digit_ticks(axis *a)
{
    a->plain = 1;
    for (int all = 0; all < 2 && a->nmajor < 3; all++) {
        a->nmajor = a->nminor = 0;
        for (double e = floor(a->lo); e <= a->hi; e++)
            for (int m = 1; m <= 9; m++)
                add_tick(a, e + log10(m), all || m == 1 || m == 2 || m == 5);
    }
}

/* A little beyond the data, in decades; as ticks go, see above. */
static void fit_log(axis *a, double min, double max)
{
    double pad = max > min ? 0.04 * (max - min) : 0.1;
    a->lo = min - pad;
    a->hi = max + pad;
    if (floor(a->hi) - ceil(a->lo) >= 1)
        decade_ticks(a);
    else
        digit_ticks(a);
}

/* Widens [MIN, MAX] to V (scaled), if V can be shown. */
static void take_value(plot_scale sc, double v, double *min, double *max)
{
    if (!shown(sc, v))
        return;
    *min = fmin(*min, scaled(sc, v));
    *max = fmax(*max, scaled(sc, v));
}

/* The range of the points that can be shown, and of their error bars, scaled. */
static void data_range(const plot_figure *fig, int want_x, double *min, double *max)
{
    *min = INFINITY;
    *max = -INFINITY;
    plot_scale sc = want_x ? fig->xscale : fig->yscale;
    for (int k = 0; k < fig->nseries; k++) {
        const plot_series *s = &fig->series[k];
        for (int i = 0; i < s->n; i++) {
            if (!point_shown(fig, s, i))
                continue;
            double v = want_x ? s->x[i] : s->y[i];
            take_value(sc, v, min, max);
            if (!want_x && s->err && isfinite(s->err[i])) {
                take_value(sc, v - fabs(s->err[i]), min, max);
                take_value(sc, v + fabs(s->err[i]), min, max);
            }
        }
    }
}

static int any_markers(const plot_figure *fig)
{
    for (int k = 0; k < fig->nseries; k++)
        if (fig->series[k].style != PLOT_LINE)
            return 1;
    return 0;
}

static void fit_axis(axis *a, const plot_figure *fig, int is_x)
{
    double min, max;
    memset(a, 0, sizeof *a);
    a->scale = is_x ? fig->xscale : fig->yscale;
    data_range(fig, is_x, &min, &max);
    if (a->scale == PLOT_LOG)
        fit_log(a, min, max);
    else
        fit_linear(a, min, max, is_x ? 7 : 6, !is_x || any_markers(fig));
}

int plot_check(const plot_figure *fig, char *err, size_t errlen)
{
    int points = 0, finite = 0;
    for (int k = 0; k < fig->nseries; k++) {
        const plot_series *s = &fig->series[k];
        for (int i = 0; i < s->n; i++) {
            points++;
            finite += isfinite(s->x[i]) && isfinite(s->y[i]);
            if (point_shown(fig, s, i))
                return 0;
        }
    }
    if (!points)
        snprintf(err, errlen, "nothing to plot: there are no points");
    else if (!finite)
        snprintf(err, errlen, "nothing to plot: no point has finite coordinates");
    else
        snprintf(err, errlen, "nothing to plot: a log axis shows only positive values, and no point has %s",
                 fig->xscale == PLOT_LOG && fig->yscale == PLOT_LOG ? "both coordinates positive"
                 : fig->xscale == PLOT_LOG ? "a positive x" : "a positive y");
    return points && finite ? -2 : -1;
}

/* ---- text ---- */

static void use_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double text_width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

/* Draws S with the point (X, Y) at fraction AX of its width and AY of its
 * height (0, 0: top left; 0.5, 0.5: centre). */
static void text_at(cairo_t *cr, const char *s, double x, double y, double ax, double ay)
{
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    double h = fe.ascent + fe.descent;
    cairo_move_to(cr, x - ax * text_width(cr, s), y + fe.ascent - ay * h);
    cairo_show_text(cr, s);
}

/* "-" as a typographic minus sign. */
static void put_minus(char *buf, size_t len, const char *s)
{
    if (s[0] == '-')
        snprintf(buf, len, "\xe2\x88\x92%s", s + 1);
    else
        snprintf(buf, len, "%s", s);
}

/* A linear tick's label, with as many digits as the tick spacing needs. */
static void linear_label(char *buf, size_t len, double v, double step)
{
    char raw[64];
    if (fabs(v) < step * 1e-6)
        v = 0;
    double big = fmax(fabs(v), step);
    if (v != 0 && (big >= 1e6 || step < 1e-4)) {
        int digits = (int)(floor(log10(fabs(v))) - floor(log10(step) + 1e-9));
        snprintf(raw, sizeof raw, "%.*e", digits > 0 ? digits : 0, v);
        char *e = strchr(raw, 'e'), *end = e;
        int ex = atoi(e + 1);
        while (strchr(raw, '.') && (end[-1] == '0' || end[-1] == '.'))
            if (*--end == '.')
                break;          /* 1.50e6 -> 1.5e6, 1.0e6 -> 1e6 */
        snprintf(end, sizeof raw - (size_t)(end - raw), "e%d", ex);
    } else {
        int decimals = step >= 1 ? 0 : (int)-floor(log10(step) + 1e-9);
        snprintf(raw, sizeof raw, "%.*f", decimals, v);
    }
    put_minus(buf, len, raw);
}

/* A decade's label, 10 with a raised exponent; returns its width, and
 * draws it only if DRAW. */
static double decade_label(cairo_t *cr, double e, double x, double y, double ax, double ay, int draw)
{
    char exp[40], raw[32];
    snprintf(raw, sizeof raw, "%.0f", e);
    put_minus(exp, sizeof exp, raw);
    use_font(cr, TICK_SIZE, 0);
    double base = text_width(cr, "10");
    use_font(cr, TICK_SIZE * 0.75, 0);
    double w = base + text_width(cr, exp) + 1;
    if (draw) {
        double left = x - ax * w;
        use_font(cr, TICK_SIZE, 0);
        text_at(cr, "10", left, y, 0, ay);
        use_font(cr, TICK_SIZE * 0.75, 0);
        text_at(cr, exp, left + base + 1, y - TICK_SIZE * 0.4, 0, ay);
        use_font(cr, TICK_SIZE, 0);
    }
    return w;
}

static double tick_label(cairo_t *cr, const axis *a, double t, double x, double y,
                         double ax, double ay, int draw)
{
    if (a->scale == PLOT_LOG && !a->plain)
        return decade_label(cr, t, x, y, ax, ay, draw);
    char buf[80];
    if (a->scale == PLOT_LOG)
        linear_label(buf, sizeof buf, pow(10, t), pow(10, floor(t + 1e-9)));
    else
        linear_label(buf, sizeof buf, t, a->step);
    use_font(cr, TICK_SIZE, 0);
    if (draw)
        text_at(cr, buf, x, y, ax, ay);
    return text_width(cr, buf);
}

static double font_height(cairo_t *cr, double size, int bold)
{
    cairo_font_extents_t fe;
    use_font(cr, size, bold);
    cairo_font_extents(cr, &fe);
    return fe.ascent + fe.descent;
}

static int has_text(const char *s)
{
    return s && *s;
}

/* ---- layout ---- */

typedef struct frame {
    double x0, y0, x1, y1;      /* the plotting area */
    axis ax, ay;
    double legend_w;
    int colour_bar;             /* the legend is a colour bar, first to last */
} frame;

/* Where T (scaled) lies along A: 0 at its low end, 1 at its high end.
 * Halves, because hi - lo may overflow. */
static double axis_frac(const axis *a, double t)
{
    return (t / 2 - a->lo / 2) / (a->hi / 2 - a->lo / 2);
}

static double tick_x(const frame *f, double t)
{
    return f->x0 + axis_frac(&f->ax, t) * (f->x1 - f->x0);
}

static double tick_y(const frame *f, double t)
{
    return f->y1 - axis_frac(&f->ay, t) * (f->y1 - f->y0);
}

static double map_x(const frame *f, double v)
{
    return tick_x(f, scaled(f->ax.scale, v));
}

static double map_y(const frame *f, double v)
{
    return tick_y(f, scaled(f->ay.scale, v));
}

/* Legend entries for styles come first; the rest are colours. */
static int style_keys(const plot_figure *fig)
{
    int n = 0;
    while (n < fig->nkeys && fig->keys[n].colour < 0)
        n++;
    return n;
}

static double names_width(cairo_t *cr, const plot_key *keys, int n)
{
    double w = 0;
    for (int k = 0; k < n; k++)
        w = fmax(w, text_width(cr, keys[k].name));
    return w;
}

static double legend_width(cairo_t *cr, const plot_figure *fig, int colour_bar)
{
    if (fig->nkeys < 2)
        return 0;
    use_font(cr, LEGEND_SIZE, 0);
    int nstyle = style_keys(fig);
    if (colour_bar) {
        double styles = nstyle ? 22 + 6 + fmin(names_width(cr, fig->keys, nstyle), 200) : 0;
        return fmax(12 + 6 + fmax(text_width(cr, fig->keys[nstyle].name),
                                  text_width(cr, fig->keys[fig->nkeys - 1].name)), styles);
    }
    double w = fig->nkeys > 20 ? text_width(cr, "+000000 more") : 0;
    w = fmax(w, names_width(cr, fig->keys, fig->nkeys));
    return 22 + 6 + fmin(w, 200);
}

static void lay_out(cairo_t *cr, const plot_figure *fig, frame *f)
{
    fit_axis(&f->ax, fig, 1);
    fit_axis(&f->ay, fig, 0);
    double ytick_w = 0;
    for (int i = 0; i < f->ay.nmajor; i++)
        ytick_w = fmax(ytick_w, tick_label(cr, &f->ay, f->ay.major[i], 0, 0, 0, 0, 0));
    double tick_h = font_height(cr, TICK_SIZE, 0), label_h = font_height(cr, LABEL_SIZE, 0);
    f->colour_bar = fig->palette == PLOT_VIRIDIS && fig->nkeys - style_keys(fig) > LEGEND_LIST_MAX;
    f->legend_w = legend_width(cr, fig, f->colour_bar);
    f->x0 = 14 + (has_text(fig->ylabel) ? label_h + 8 : 0) + ytick_w + 4 + TICK_LEN;
    f->x1 = WIDTH - (f->legend_w > 0 ? f->legend_w + 34 : 24);
    f->y0 = has_text(fig->title) ? 14 + font_height(cr, TITLE_SIZE, 1) + 12 : 20;
    f->y1 = HEIGHT - (14 + TICK_LEN + 4 + tick_h + (has_text(fig->xlabel) ? 8 + label_h : 0));
}

/* ---- drawing ---- */

static void draw_grid(cairo_t *cr, const frame *f)
{
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
    cairo_set_line_width(cr, 0.6);
    for (int i = 0; i < f->ax.nmajor; i++) {
        double x = tick_x(f, f->ax.major[i]);
        cairo_move_to(cr, x, f->y0);
        cairo_line_to(cr, x, f->y1);
    }
    for (int i = 0; i < f->ay.nmajor; i++) {
        double y = tick_y(f, f->ay.major[i]);
        cairo_move_to(cr, f->x0, y);
        cairo_line_to(cr, f->x1, y);
    }
    cairo_stroke(cr);
}

/* One polyline a run of shown points; points closer than a fraction of a
 * unit to the last one drawn are dropped (the line's last point is kept),
 * so that long runs make small files without visible change. */
static void trace_series(cairo_t *cr, const frame *f, const plot_figure *fig, const plot_series *s)
{
    const double close = 0.25;
    int down = 0, pending = 0;
    double lx = 0, ly = 0, px = 0, py = 0;
    for (int i = 0; i < s->n; i++) {
        if (!point_shown(fig, s, i)) {
            if (pending)
                cairo_line_to(cr, px, py);
            down = pending = 0;
            continue;
        }
        double x = map_x(f, s->x[i]), y = map_y(f, s->y[i]);
        if (!down) {
            cairo_move_to(cr, x, y);
            cairo_line_to(cr, x, y);    /* a lone point shows as a dot */
            down = 1;
        } else if (fabs(x - lx) < close && fabs(y - ly) < close) {
            px = x;
            py = y;
            pending = 1;
            continue;
        } else {
            cairo_line_to(cr, x, y);
        }
        lx = x;
        ly = y;
        pending = 0;
    }
    if (pending)
        cairo_line_to(cr, px, py);
}

/* A marker of VARIANT centred on (X, Y), added to the path. */
static void add_marker(cairo_t *cr, int variant, double x, double y)
{
    const double r = 3;
    cairo_new_sub_path(cr);
    switch (variant % PLOT_VARIANTS) {
    case 0:
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
        break;
    case 2:
        cairo_move_to(cr, x, y - 1.3 * r);
        cairo_line_to(cr, x + 1.15 * r, y + 0.75 * r);
        cairo_line_to(cr, x - 1.15 * r, y + 0.75 * r);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - 1.3 * r);
        cairo_line_to(cr, x + 1.3 * r, y);
        cairo_line_to(cr, x, y + 1.3 * r);
        cairo_line_to(cr, x - 1.3 * r, y);
        cairo_close_path(cr);
        break;
    }
}

static void mark_points(cairo_t *cr, const frame *f, const plot_figure *fig, const plot_series *s)
{
    for (int i = 0; i < s->n; i++)
        if (point_shown(fig, s, i))
            add_marker(cr, s->variant, map_x(f, s->x[i]), map_y(f, s->y[i]));
    cairo_fill(cr);
}

/* Solid, dashed, dotted, dash-dotted; solid sets nothing. */
static void set_dash(cairo_t *cr, int variant)
{
    static const double dashes[][4] = {{0}, {6, 4}, {0.1, 3.5}, {6, 3.5, 0.1, 3.5}};
    static const int ndashes[] = {0, 2, 2, 4};
    int v = variant % PLOT_VARIANTS;
    if (v != 0)
        cairo_set_dash(cr, dashes[v], ndashes[v], 0);
}

/* The screen y of an error bar's end at value V; off the bottom of the
 * frame where a log axis cannot show it. */
static double bar_end(const frame *f, double v)
{
    return shown(f->ay.scale, v) ? map_y(f, v) : f->y1 + 8;
}

static void draw_error_bars(cairo_t *cr, const frame *f, const plot_figure *fig, const plot_series *s)
{
    const double cap = 3;
    cairo_save(cr);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < s->n; i++) {
        double e = fabs(s->err[i]);
        if (!point_shown(fig, s, i) || !isfinite(e) || e == 0)
            continue;
        double x = map_x(f, s->x[i]), lo = bar_end(f, s->y[i] - e), hi = bar_end(f, s->y[i] + e);
        cairo_move_to(cr, x, lo);
        cairo_line_to(cr, x, hi);
        cairo_move_to(cr, x - cap, hi);
        cairo_line_to(cr, x + cap, hi);
        if (lo <= f->y1) {
            cairo_move_to(cr, x - cap, lo);
            cairo_line_to(cr, x + cap, lo);
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void draw_one(cairo_t *cr, const frame *f, const plot_figure *fig, const plot_series *s)
{
    set_colour(cr, colour_of(fig, s->colour));
    if (s->style != PLOT_MARKERS) {
        set_dash(cr, s->variant);
        trace_series(cr, f, fig, s);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    if (s->err)
        draw_error_bars(cr, f, fig, s);
    if (s->style != PLOT_LINE)
        mark_points(cr, f, fig, s);
}

static void draw_series(cairo_t *cr, const frame *f, const plot_figure *fig)
{
    cairo_save(cr);
    cairo_rectangle(cr, f->x0 - 4, f->y0 - 4, f->x1 - f->x0 + 8, f->y1 - f->y0 + 8);
    cairo_clip(cr);
    cairo_set_line_width(cr, LINE_WIDTH);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (int k = 0; k < fig->nseries; k++)
        draw_one(cr, f, fig, &fig->series[k]);
    cairo_restore(cr);
}

static void draw_ticks(cairo_t *cr, const frame *f)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8);
    const axis *ax = &f->ax, *ay = &f->ay;
    for (int i = 0; i < ax->nmajor + ax->nminor; i++) {
        int major = i < ax->nmajor;
        double t = major ? ax->major[i] : ax->minor[i - ax->nmajor];
        double x = tick_x(f, t);
        cairo_move_to(cr, x, f->y1);
        cairo_line_to(cr, x, f->y1 + (major ? TICK_LEN : MINOR_LEN));
    }
    for (int i = 0; i < ay->nmajor + ay->nminor; i++) {
        int major = i < ay->nmajor;
        double t = major ? ay->major[i] : ay->minor[i - ay->nmajor];
        double y = tick_y(f, t);
        cairo_move_to(cr, f->x0, y);
        cairo_line_to(cr, f->x0 - (major ? TICK_LEN : MINOR_LEN), y);
    }
    cairo_stroke(cr);
    for (int i = 0; i < ax->nmajor; i++) {
        double x = tick_x(f, ax->major[i]);
        tick_label(cr, ax, ax->major[i], x, f->y1 + TICK_LEN + 4, 0.5, 0, 1);
    }
    for (int i = 0; i < ay->nmajor; i++) {
        double y = tick_y(f, ay->major[i]);
        tick_label(cr, ay, ay->major[i], f->x0 - TICK_LEN - 4, y, 1, 0.5, 1);
    }
}

static void draw_texts(cairo_t *cr, const frame *f, const plot_figure *fig)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (has_text(fig->title)) {
        use_font(cr, TITLE_SIZE, 1);
        text_at(cr, fig->title, (f->x0 + f->x1) / 2, 14, 0.5, 0);
    }
    use_font(cr, LABEL_SIZE, 0);
    if (has_text(fig->xlabel))
        text_at(cr, fig->xlabel, (f->x0 + f->x1) / 2, HEIGHT - 14, 0.5, 1);
    if (has_text(fig->ylabel)) {
        cairo_save(cr);
        cairo_translate(cr, 14, (f->y0 + f->y1) / 2);
        cairo_rotate(cr, -M_PI / 2);
        text_at(cr, fig->ylabel, 0, 0, 0.5, 0);
        cairo_restore(cr);
    }
}

/* Many viridis colours: a bar from the first (top) to the last, from
 * Y down. */
static void draw_colour_bar(cairo_t *cr, const frame *f, const plot_figure *fig, double x, double y)
{
    double h = fmin(f->y1 - y, 220);
    cairo_pattern_t *p = cairo_pattern_create_linear(0, y, 0, y + h);
    for (int i = 0; i < VIRIDIS_STOPS; i++)
        cairo_pattern_add_color_stop_rgb(p, (double)i / (VIRIDIS_STOPS - 1), viridis_stops[i].r,
                                         viridis_stops[i].g, viridis_stops[i].b);
    cairo_rectangle(cr, x, y, 12, h);
    cairo_set_source(cr, p);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text_at(cr, fig->keys[style_keys(fig)].name, x + 18, y, 0, 0);
    text_at(cr, fig->keys[fig->nkeys - 1].name, x + 18, y + h, 0, 1);
}

/* A short line, or a marker, as the key's series are drawn. */
static void draw_sample(cairo_t *cr, const plot_figure *fig, const plot_key *key, double x, double y)
{
    set_colour(cr, colour_of(fig, key->colour));
    if (key->style != PLOT_MARKERS) {
        set_dash(cr, key->variant);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x + 22, y);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    if (key->style != PLOT_LINE) {
        add_marker(cr, key->variant, x + 11, y);
        cairo_fill(cr);
    }
}

static void draw_legend(cairo_t *cr, const frame *f, const plot_figure *fig)
{
    if (f->legend_w <= 0)
        return;
    double x = f->x1 + 14, row = 16;
    use_font(cr, LEGEND_SIZE, 0);
    int fit = (int)((f->y1 - f->y0) / row), n = f->colour_bar ? style_keys(fig) : fig->nkeys;
    int shown = n <= fit ? n : fit - 1;
    cairo_set_line_width(cr, LINE_WIDTH * 1.5);
    for (int k = 0; k < shown; k++) {
        double y = f->y0 + row * (k + 0.5);
        draw_sample(cr, fig, &fig->keys[k], x, y);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text_at(cr, fig->keys[k].name, x + 28, y, 0, 0.5);
    }
    if (shown < n) {
        char more[32];
        snprintf(more, sizeof more, "+%d more", n - shown);
        text_at(cr, more, x + 28, f->y0 + row * (shown + 0.5), 0, 0.5);
    }
    if (f->colour_bar)
        draw_colour_bar(cr, f, fig, x, f->y0 + (n ? row * n + 4 : 0));
}

static void draw(cairo_t *cr, const plot_figure *fig)
{
    frame f;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    lay_out(cr, fig, &f);
    draw_grid(cr, &f);
    draw_series(cr, &f, fig);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
    cairo_stroke(cr);
    draw_ticks(cr, &f);
    draw_texts(cr, &f, fig);
    draw_legend(cr, &f, fig);
}

/* ---- files ---- */

static cairo_status_t write_chunk(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_surface_t *surface_for(format fmt, const plot_figure *fig, FILE *f)
{
    if (fmt == FMT_PNG)
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE);
    if (fmt == FMT_SVG)
        return cairo_svg_surface_create_for_stream(write_chunk, f, WIDTH, HEIGHT);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_chunk, f, WIDTH, HEIGHT);
    /* An empty creation date leaves the date out: same figure, same bytes. */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skill");
    if (has_text(fig->title))
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, fig->title);
    return s;
}

static cairo_status_t render(const plot_figure *fig, format fmt, FILE *f)
{
    cairo_surface_t *s = surface_for(fmt, fig, f);
    cairo_t *cr = cairo_create(s);
    if (fmt == FMT_PNG)
        cairo_scale(cr, PNG_SCALE, PNG_SCALE);
    draw(cr, fig);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && fmt == FMT_PNG)
        st = cairo_surface_write_to_png_stream(s, write_chunk, f);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return st;
}

/* cairo names an SVG's page group after a process-wide count of surfaces
 * ("surface7"): renumber such names in their order of appearance, so that
 * the same figure gives the same bytes whatever was drawn before it.
 * SVG is a NUL-terminated TEXT; it goes to F. */
static void copy_renumbered(const char *text, FILE *f)
{
    enum { MAX_NAMES = 16 };
    long seen[MAX_NAMES];
    int nseen = 0;
    const char *p = text, *hit;
    while ((hit = strstr(p, "surface")) != NULL) {
        const char *digits = hit + strlen("surface"), *end = digits;
        while (*end >= '0' && *end <= '9')
            end++;
        int named = hit > text && (hit[-1] == '"' || hit[-1] == '#') && end > digits;
        fwrite(p, 1, (size_t)(digits - p), f);
        p = digits;
        if (!named)
            continue;
        long n = strtol(digits, NULL, 10);
        int k = 0;
        while (k < nseen && seen[k] != n)
            k++;
        if (k == nseen && nseen < MAX_NAMES)
            seen[nseen++] = n;
        if (k < nseen) {
            fprintf(f, "%d", k + 1);
            p = end;
        }
    }
    fputs(p, f);
}

static cairo_status_t render_to(const plot_figure *fig, format fmt, FILE *f)
{
    if (fmt != FMT_SVG)
        return render(fig, fmt, f);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return CAIRO_STATUS_NO_MEMORY;
    cairo_status_t st = render(fig, fmt, m);
    if (fclose(m) != 0 && st == CAIRO_STATUS_SUCCESS)
        st = CAIRO_STATUS_NO_MEMORY;
    if (st == CAIRO_STATUS_SUCCESS)
        copy_renumbered(text, f);
    free(text);
    return st;
}

int plot_write(const plot_figure *fig, const char *path, const output_policy *policy, char *err,
               size_t errlen)
{
    format fmt = format_of(path);
    if (fmt == FMT_NONE) {
        snprintf(err, errlen, "unknown plot format for '%s' (use .svg, .png or .pdf)", path);
        return -1;
    }
    if (plot_check(fig, err, errlen) != 0)
        return -1;
    output_file o;
    if (output_open(&o, path, policy, err, errlen) != 0)
        return -1;
    cairo_status_t st = render_to(fig, fmt, o.f);
    if (st != CAIRO_STATUS_SUCCESS && st != CAIRO_STATUS_WRITE_ERROR) {
        snprintf(err, errlen, "cannot draw '%s': %s", path, cairo_status_to_string(st));
        output_abort(&o);
        return -1;
    }
    return output_commit(&o, err, errlen);
}
