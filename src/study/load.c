#include "load.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "checker.h"
#include "csv.h"
#include "json.h"
#include "npy.h"

typedef enum { FORMAT_NONE, FORMAT_CSV, FORMAT_TSV, FORMAT_JSON, FORMAT_NPY } data_format;

static const struct { const char *ext; data_format format; } formats[] = {
    {".csv", FORMAT_CSV}, {".tsv", FORMAT_TSV}, {".json", FORMAT_JSON}, {".npy", FORMAT_NPY},
};

void load_keep_names(const load_ctx *lc, const data_frame *f, const char **names)
{
    size_t len = 0;
    for (int c = 0; c < f->ncols; c++)
        len += strlen(f->cols[c].name) + 1;
    char *block = malloc(len + 1), *p = block;
    if (!block)
        abort();
    for (int c = 0; c < f->ncols; c++)
        p = stpcpy(p, f->cols[c].name) + 1;
    source *kept = source_from_string("<column names>", block, len);
    free(block);
    loader_keep_source(lc->ev->ir, kept);
    p = kept->text;
    for (int c = 0; c < f->ncols; c++, p += strlen(p) + 1)
        names[c] = p;
}

int load_fail(const load_ctx *lc, size_t off, size_t end, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (end > lc->src->len)
        end = lc->src->len;
    if (off > end)
        off = end;
    diag_error(lc->ev->d, (loc){lc->src, off, end}, "%s", message);
    lc->ev->d->status = EXIT_INVALID;
    return -1;
}

static data_format format_of(const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    for (size_t i = 0; dot && (!slash || dot > slash) && i < sizeof formats / sizeof *formats; i++)
        if (strcasecmp(dot, formats[i].ext) == 0)
            return formats[i].format;
    return FORMAT_NONE;
}

/* PATH from the folder of the file that names it (the working folder for
 * the REPL and -D); malloc'd. */
static char *resolve_path(const ast_expr *e, const char *path)
{
    const char *from = e->at.src ? e->at.src->name : "<repl>";
    const char *slash = strrchr(from, '/');
    size_t dirlen = path[0] == '/' || from[0] == '<' || !slash ? 0 : (size_t)(slash - from) + 1;
    char *full = malloc(dirlen + strlen(path) + 1);
    if (!full)
        abort();
    memcpy(full, from, dirlen);
    strcpy(full + dirlen, path);
    return full;
}

/* A device or a pipe could be read forever: data files are regular files. */
static int regular_file(const char *path, char *err, size_t len)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        snprintf(err, len, "cannot read '%s': it is not a regular file", path);
        return 0;
    }
    return 1;                   /* source_read reports the rest */
}

static int report_data_error(const load_ctx *lc, const data_error *err, int binary)
{
    loc at = {lc->src, err->off, err->end > lc->src->len ? lc->src->len : err->end};
    if (binary)
        diag_error_bare(lc->ev->d, at, "%s", err->message);
    else
        diag_error(lc->ev->d, at, "%s", err->message);
    if (err->hint[0])
        diag_hint(lc->ev->d, "%s", err->hint);
    lc->ev->d->status = EXIT_INVALID;
    return -1;
}

static int from_frame(const load_ctx *lc, const data_frame *f, value *out)
{
    if (f->headerless)
        return load_matrix(lc, f, out);
    if (load_is_run(lc->ev->ir, f))
        return load_run(lc, f, out);
    return load_table(lc, f, out);
}

static int from_npy(const load_ctx *lc, value *out)
{
    npy_array a;
    data_error err;
    if (npy_read((const unsigned char *)lc->src->text, lc->src->len, &a, &err) != 0)
        return report_data_error(lc, &err, 1);
    if (a.ndim == 1) {
        *out = value_vec((int)a.cols);
        memcpy(out->u.obj->u.vec.x, a.x, (size_t)a.cols * sizeof *a.x);
    } else {
        *out = value_matrix((int)a.rows, (int)a.cols);
        memcpy(out->u.obj->u.mat.x, a.x, (size_t)a.rows * (size_t)a.cols * sizeof *a.x);
    }
    npy_free(&a);
    return 0;
}

static int parse_and_convert(const load_ctx *lc, data_format format, value *out)
{
    if (format == FORMAT_NPY)
        return from_npy(lc, out);
    data_frame f;
    data_error err;
    int rc = format == FORMAT_JSON ? json_read(lc->src->text, lc->src->len, &f, &err)
                                   : csv_read(lc->src->text, lc->src->len, format == FORMAT_CSV ? ',' : '\t',
                                              &f, &err);
    if (rc != 0)
        return report_data_error(lc, &err, 0);
    rc = from_frame(lc, &f, out);
    frame_free(&f);
    return rc;
}

int load_call(eval_ctx *ev, const ast_expr *e, value path, value *out)
{
    const ast_setting *arg = e->u.call.args.n == 1 ? e->u.call.args.items[0] : NULL;
    loc at = arg ? arg->value->at : e->at;
    if (path.kind != V_STR) {
        diag_error(ev->d, at, "'load' needs a file name, not %s", value_kind_name(path.kind));
        diag_hint(ev->d, "write load \"curves.csv\"");
        return -1;
    }
    const char *name = path.u.obj->u.str.text;
    if (ev->no_files) {
        diag_error(ev->d, at, "'load' reads no files in a confined session");
        return -1;
    }
    data_format format = format_of(name);
    if (format == FORMAT_NONE) {
        diag_error(ev->d, at, "cannot tell the format of '%s'", name);
        diag_hint(ev->d, "'load' reads .csv, .tsv, .json and .npy files");
        return -1;
    }
    char *full = resolve_path(e, name), err[1024];
    source *src = regular_file(full, err, sizeof err) ? source_read(full, err, sizeof err) : NULL;
    free(full);
    if (!src) {
        diag_error(ev->d, at, "%s", err);
        diag_hint(ev->d, "a relative path is read from the folder of the file that says 'load' (in the REPL, the current folder)");
        ev->d->status = EXIT_UNREADABLE;
        return -1;
    }
    loader_keep_source(ev->ir, src);
    load_ctx lc = {ev, src};
    return parse_and_convert(&lc, format, out);
}
