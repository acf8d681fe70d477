#include "output.h"

#include <math.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "result.h"

static void put_numbers(FILE *f, const double *x, int n)
{
    char buf[NUMFMT_MAX];
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? ", " : "", numfmt(buf, x[i]));
}

static void put_optimizer(FILE *f, const ir_program *ir, const ir_optimizer *o)
{
    if (o->name) {
        fputs(o->name, f);
        return;
    }
    fprintf(f, "%s(", o->kind_name);
    for (int i = 0; i < o->nargs; i++) {
        const ast_expr *a = o->arg_asts[i];
        fprintf(f, "%s%s: %.*s", i ? ", " : "", o->keys[i], (int)(a->at.end - a->at.off),
                a->at.src->text + a->at.off);
    }
    fputc(')', f);
    (void)ir;
}

static int table_rows(value t);

/* A table inside a record prints as its shape; printed alone it shows its rows. */
static void put_table_summary(FILE *f, value t)
{
    int rows = table_rows(t);
    fprintf(f, "<table of %d row%s:", rows, rows == 1 ? "" : "s");
    for (int c = 0; c < t.u.obj->u.rec.n; c++)
        fprintf(f, "%s %s", c ? "," : "", t.u.obj->u.rec.keys[c]);
    fputc('>', f);
}

void output_value(FILE *f, const ir_program *ir, value v)
{
    char buf[NUMFMT_MAX];
    const vobj *o = v.u.obj;
    switch (v.kind) {
    case V_NONE: fputs("none", f); break;
    case V_NUM: fputs(numfmt(buf, v.u.num), f); break;
    case V_BOOL: fputs(v.u.num != 0 ? "true" : "false", f); break;
    case V_STR: fwrite(o->u.str.text, 1, o->u.str.len, f); break;
    case V_VEC:
        fputc('[', f);
        put_numbers(f, o->u.vec.x, o->u.vec.n);
        fputc(']', f);
        break;
    case V_MATRIX:
        fputc('[', f);
        for (int r = 0; r < o->u.mat.rows; r++) {
            fputs(r ? "; " : "", f);
            put_numbers(f, o->u.mat.x + (size_t)r * o->u.mat.cols, o->u.mat.cols);
        }
        fputc(']', f);
        break;
    case V_LIST:
        fputc('[', f);
        for (int i = 0; i < o->u.list.n; i++) {
            fputs(i ? ", " : "", f);
            output_value(f, ir, o->u.list.items[i]);
        }
        fputc(']', f);
        break;
    case V_SKILL: fputs(ir->skills[v.u.index].name, f); break;
    case V_MODEL: fputs(ir->models[v.u.index].name, f); break;
    case V_OPT: put_optimizer(f, ir, &ir->opts[v.u.index]); break;
    case V_FUNC:
        fprintf(f, "<function %s>", o->u.fn.def ? o->u.fn.def->name : o->u.fn.builtin);
        break;
    case V_SYMBOL: fputs(v.u.sym, f); break;
    case V_RESULT: {
        const result *r = o->u.res;
        fprintf(f, "<run of %s: %d skills, %d rows", r->model, r->nskills, r->nrec);
        if (r->nrec)
            fprintf(f, ", steps %s..", numfmt(buf, r->steps[0]));
        if (r->nrec)
            fprintf(f, "%s", numfmt(buf, r->steps[r->nrec - 1]));
        fputc('>', f);
        break;
    }
    case V_TABLE:
        output_table(f, ir, v, ' ');
        break;
    case V_RECORD:
        fputc('{', f);
        for (int i = 0; i < o->u.rec.n; i++) {
            fprintf(f, "%s%s: ", i ? ", " : "", o->u.rec.keys[i]);
            if (o->u.rec.vals[i].kind == V_TABLE)
                put_table_summary(f, o->u.rec.vals[i]);
            else
                output_value(f, ir, o->u.rec.vals[i]);
        }
        fputc('}', f);
        break;
    }
}

char *output_path(const char *dir, const char *path)
{
    size_t n = strlen(path) + (dir ? strlen(dir) : 0) + 2;
    char *full = malloc(n);
    if (!full)
        abort();
    if (!dir || path[0] == '/')
        snprintf(full, n, "%s", path);
    else
        snprintf(full, n, "%s/%s", dir, path);
    return full;
}

void output_result_table(FILE *f, const result *r, char sep)
{
    char buf[NUMFMT_MAX];
    fprintf(f, "step%closs", sep);
    for (int k = 0; k < r->nskills; k++)
        fprintf(f, "%c%s", sep, r->names[k]);
    for (int k = 0; r->align && k < r->nskills; k++)
        fprintf(f, "%calign_%s", sep, r->names[k]);
    for (int e = 0; e < r->nseries; e++)
        for (int k = 0; k < r->nskills; k++)
            fprintf(f, "%c%s_%s", sep, r->series[e].name, r->names[k]);
    fputc('\n', f);
    for (int row = 0; row < r->nrec; row++) {
        fputs(numfmt(buf, r->steps[row]), f);
        fprintf(f, "%c%s", sep, numfmt(buf, r->loss[row]));
        const double *lv = r->levels + (size_t)row * r->nskills;
        for (int k = 0; k < r->nskills; k++)
            fprintf(f, "%c%s", sep, numfmt(buf, lv[k]));
        const double *al = r->align ? r->align + (size_t)row * r->nskills : NULL;
        for (int k = 0; al && k < r->nskills; k++)
            fprintf(f, "%c%s", sep, numfmt(buf, al[k]));
        for (int e = 0; e < r->nseries; e++)
            for (int k = 0; k < r->nskills; k++)
                fprintf(f, "%c%s", sep, numfmt(buf, r->series[e].x[(size_t)row * r->nskills + k]));
        fputc('\n', f);
    }
}

/* JSON has no nan or inf: they are written as null. */
static void json_number(FILE *f, double x)
{
    char buf[NUMFMT_MAX];
    fputs(isfinite(x) ? numfmt(buf, x) : "null", f);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", *s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void json_column(FILE *f, const double *x, int n, int stride)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        json_number(f, x[(size_t)i * stride]);
    }
    fputc(']', f);
}

/* ,\n  "NAME": {"S": [...], ...} */
static void json_per_skill(FILE *f, const result *r, const char *name, const double *x)
{
    fputs(",\n  ", f);
    json_string(f, name);
    fputs(": {", f);
    for (int k = 0; k < r->nskills; k++) {
        fputs(k ? ",\n    " : "\n    ", f);
        json_string(f, r->names[k]);
        fputs(": ", f);
        json_column(f, x + k, r->nrec, r->nskills);
    }
    fputs("\n  }", f);
}

void output_result_json(FILE *f, const result *r)
{
    fputs("{\n  \"model\": ", f);
    json_string(f, r->model);
    fputs(",\n  \"steps\": ", f);
    json_column(f, r->steps, r->nrec, 1);
    fputs(",\n  \"loss\": ", f);
    json_column(f, r->loss, r->nrec, 1);
    fputs(",\n  \"levels\": {", f);
    for (int k = 0; k < r->nskills; k++) {
        fputs(k ? ",\n    " : "\n    ", f);
        json_string(f, r->names[k]);
        fputs(": ", f);
        json_column(f, r->levels + k, r->nrec, r->nskills);
    }
    fputs("\n  }", f);
    if (r->align)
        json_per_skill(f, r, "align", r->align);
    for (int e = 0; e < r->nseries; e++)
        json_per_skill(f, r, r->series[e].name, r->series[e].x);
    fputs("\n}\n", f);
}

static const char *extension_of(const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot : "";
}

/* What a saved file holds, and how each format writes it. */
typedef struct saving {
    const char *what;           /* "results", "tables" */
    const ir_program *ir;
    const result *r;            /* or */
    value t;
} saving;

static void write_saving(FILE *f, const saving *sv, int kind)
{
    char sep = kind == 1 ? ',' : '\t';
    if (sv->r && kind == 3)
        output_result_json(f, sv->r);
    else if (sv->r)
        output_result_table(f, sv->r, sep);
    else if (kind == 3)
        output_table_json(f, sv->ir, sv->t);
    else
        output_table(f, sv->ir, sv->t, sep);
}

/* DIR/PATH as .csv, .tsv or .json by its extension, whole or not at all. */
static int save(diag *d, loc at, const char *dir, const char *path, const saving *sv,
                const output_policy *policy)
{
    const char *ext = extension_of(path);
    int kind = !strcasecmp(ext, ".csv") ? 1 : !strcasecmp(ext, ".tsv") ? 2 : !strcasecmp(ext, ".json") ? 3 : 0;
    if (!kind) {
        diag_error(d, at, "cannot tell the format of '%s'", path);
        diag_hint(d, "%s are saved as .csv, .tsv or .json", sv->what);
        return -1;
    }
    char *full = output_path(dir, path);
    char err[1024];
    output_file o;
    int rc = output_open(&o, full, policy, err, sizeof err);
    if (rc == 0) {
        write_saving(o.f, sv, kind);
        rc = output_commit(&o, err, sizeof err);
    }
    if (rc != 0 && !cancel_requested(output_cancel(policy)))
        diag_error(d, at, "%s", err);
    free(full);
    return rc;
}

int output_save_result(diag *d, loc at, const char *dir, const char *path, const result *r,
                       const output_policy *policy)
{
    saving sv = {"results", NULL, r, {V_NONE, {0}}};
    return save(d, at, dir, path, &sv, policy);
}

static int table_rows(value t)
{
    const vobj *o = t.u.obj;
    if (o->u.rec.n == 0)
        return 0;
    value c = o->u.rec.vals[0];
    return c.kind == V_VEC ? c.u.obj->u.vec.n : c.u.obj->u.list.n;
}

/* A cell as text; in files, a string holding the separator or a quote is
 * quoted, CSV-style. */
static void put_cell(FILE *f, const ir_program *ir, value col, int row, char sep)
{
    char buf[NUMFMT_MAX];
    if (col.kind == V_VEC) {
        fputs(numfmt(buf, col.u.obj->u.vec.x[row]), f);
        return;
    }
    value v = col.u.obj->u.list.items[row];
    if (v.kind == V_STR && sep != ' ' && strpbrk(v.u.obj->u.str.text, ",\t\"\n")) {
        fputc('"', f);
        for (const char *p = v.u.obj->u.str.text; *p; p++)
            fputs(*p == '"' ? "\"\"" : (char[]){*p, 0}, f);
        fputc('"', f);
        return;
    }
    output_value(f, ir, v);
}

void output_table(FILE *f, const ir_program *ir, value t, char sep)
{
    const vobj *o = t.u.obj;
    int rows = table_rows(t);
    for (int c = 0; c < o->u.rec.n; c++)
        fprintf(f, "%s%s", c ? (char[]){sep, 0} : "", o->u.rec.keys[c]);
    for (int r = 0; r < rows; r++) {
        fputc('\n', f);
        for (int c = 0; c < o->u.rec.n; c++) {
            if (c)
                fputc(sep, f);
            put_cell(f, ir, o->u.rec.vals[c], r, sep);
        }
    }
    if (sep != ' ')
        fputc('\n', f);
}

void output_table_json(FILE *f, const ir_program *ir, value t)
{
    const vobj *o = t.u.obj;
    int rows = table_rows(t);
    fputc('{', f);
    for (int c = 0; c < o->u.rec.n; c++) {
        fputs(c ? ",\n  " : "\n  ", f);
        json_string(f, o->u.rec.keys[c]);
        fputs(": [", f);
        value col = o->u.rec.vals[c];
        for (int r = 0; r < rows; r++) {
            fputs(r ? ", " : "", f);
            if (col.kind == V_VEC) {
                json_number(f, col.u.obj->u.vec.x[r]);
                continue;
            }
            value v = col.u.obj->u.list.items[r];
            char *text = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&text, &len);
            output_value(m, ir, v);
            fclose(m);
            if (value_is_number(v))
                fputs(text, f);
            else
                json_string(f, text);
            free(text);
        }
        fputc(']', f);
    }
    fputs("\n}\n", f);
}

int output_save_table(diag *d, loc at, const char *dir, const char *path, const ir_program *ir, value t,
                      const output_policy *policy)
{
    saving sv = {"tables", ir, NULL, t};
    return save(d, at, dir, path, &sv, policy);
}
