/* loader.c - the checker's first pass: reads the prelude, the file and
 * the modules it imports (searched beside it, in SKILL_PATH, then in the
 * standard library), each once, into one list of statements; and applies
 * -D overrides to the parameters.  Separate because it is the only part
 * of the checker that touches the file system and the environment. */
#include "checker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"
#include "parse.h"
#include "prelude.h"
#include "xalloc.h"

enum { MAX_IMPORT_DEPTH = 32 };

static void load_stmts(checker *c, ast_vec *out, const ast_program *prog, const char *path);

void loader_add_source(ir_program *ir, source *s)
{
    int cap = ir->nsources;
    ir->sources = xgrow(ir->sources, &cap, ir->nsources + 1, sizeof *ir->sources);
    ir->sources[ir->nsources++] = s;
}

void loader_keep_source(ir_program *ir, source *src)
{
    pthread_mutex_lock(&ir->keep_lock);
    loader_add_source(ir, src);
    pthread_mutex_unlock(&ir->keep_lock);
}

const char *loader_keep_text(ir_program *ir, const char *text)
{
    source *kept = source_from_string("<names made at run time>", text, strlen(text));
    loader_keep_source(ir, kept);
    return kept->text;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    return strndup(path, (size_t)(slash - path) + (slash == path));
}

/* Tries DIR/NAME and DIR/NAME.skill; returns a malloc'd path or NULL. */
static char *try_dir(const char *dir, const char *name)
{
    for (int ext = 0; ext < 2; ext++) {
        size_t n = strlen(dir) + strlen(name) + 8;
        char *p = malloc(n);
        if (!p)
            abort();
        snprintf(p, n, "%s/%s%s", dir, name, ext ? ".skill" : "");
        char *real = realpath(p, NULL);
        free(p);
        struct stat st;
        if (real && stat(real, &st) == 0 && S_ISREG(st.st_mode) && access(real, R_OK) == 0)
            return real;
        free(real);
    }
    return NULL;
}

/* Calls fn(dir, arg) on each folder of SKILL_PATH until it returns non-NULL. */
static char *each_path_dir(char *(*fn)(const char *dir, void *arg), void *arg)
{
    const char *path = getenv("SKILL_PATH");
    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        char *dir = strndup(path, n);
        char *found = n ? fn(dir, arg) : NULL;
        free(dir);
        if (found)
            return found;
        path = colon ? colon + 1 : NULL;
    }
    return NULL;
}

static char *try_path_dir(const char *dir, void *name) { return try_dir(dir, name); }

static char *find_module(const char *name, const char *from_dir, int stdlib_only)
{
    char *found = NULL;
    if (stdlib_only)
        return name[0] == '/' || strstr(name, "..") ? NULL : try_dir(datadir_stdlib(), name);
    if (name[0] == '/')
        return try_dir("", name);
    if ((found = try_dir(from_dir, name)) || (found = each_path_dir(try_path_dir, (void *)name)))
        return found;
    return try_dir(datadir_stdlib(), name);
}

static char *list_path_dir(const char *dir, void *out)
{
    fprintf(out, "%s'%s'", ftell(out) ? ", " : "", dir);
    return NULL;
}

/* The hint of a missing module: every folder searched, in order. */
static void hint_searched(checker *c, const char *name, const char *from_dir)
{
    if (name[0] == '/') {
        diag_hint(c->d, "looked for '%s' and '%s.skill' (an absolute path is not searched for)", name, name);
        return;
    }
    char *dirs = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&dirs, &len);
    if (!out)
        abort();
    each_path_dir(list_path_dir, out);
    fclose(out);
    diag_hint(c->d, "looked for '%s' and '%s.skill' beside the importing file ('%s'), in SKILL_PATH (%s), "
              "then in the standard library ('%s')", name, name, from_dir, len ? dirs : "not set",
              datadir_stdlib());
    diag_hint(c->d, "the standard library's modules are listed in '%s', under STANDARD LIBRARY", datadir_man(5));
    free(dirs);
}

static void import_module(checker *c, ast_vec *out, const ast_stmt *s, const char *from)
{
    const char *name = s->u.import.path;
    if (!name || !*name) {
        diag_error(c->d, s->u.import.path_loc, "an import needs a module name");
        return;
    }
    char *dir = dir_of(from);
    char *path = find_module(name, dir, c->stdlib_only);
    if (!path) {
        diag_error(c->d, s->u.import.path_loc, "cannot find module '%s'", name);
        hint_searched(c, name, dir);
    }
    free(dir);
    if (!path)
        return;
    for (int i = 0; i < c->loaded.n; i++)
        if (strcmp(c->loaded.items[i], path) == 0) {
            free(path);
            return;             /* each module is read once */
        }
    ast_vec_push(c->a, &c->loaded, arena_strdup(c->a, path));
    char err[512];
    source *src = source_read(path, err, sizeof err);
    free(path);
    if (!src) {
        diag_error(c->d, s->u.import.path_loc, "%s", err);
        return;
    }
    loader_add_source(c->ir, src);
    if (++c->import_depth > MAX_IMPORT_DEPTH) {
        diag_error(c->d, s->u.import.path_loc, "imports nest more than %d deep", MAX_IMPORT_DEPTH);
    } else {
        ast_program *prog = parse_program(src, c->a, c->d);
        load_stmts(c, out, prog, src->name);
    }
    c->import_depth--;
}

static void load_stmts(checker *c, ast_vec *out, const ast_program *prog, const char *path)
{
    for (int i = 0; i < prog->stmts.n; i++) {
        ast_stmt *s = prog->stmts.items[i];
        if (s->kind == S_IMPORT)
            import_module(c, out, s, path);
        else
            ast_vec_push(c->a, out, s);
    }
}

int check_is_declaration(const ast_stmt *s)
{
    switch (s->kind) {
    case S_PARAM: case S_SKILL: case S_MODEL: case S_OPTIMIZER: case S_DEF: case S_IMPORT:
        return 1;
    default:
        return 0;
    }
}

/* The REPL's declarations, as if they were appended to the file. */
static void load_more(checker *c, ast_vec *out, const check_options *opt)
{
    for (int k = 0; k < opt->nmore; k++) {
        const ast_program *prog = parse_program(opt->more[k], c->a, c->d);
        ast_program decls = {{NULL, 0, 0}};
        for (int i = 0; i < prog->stmts.n; i++)
            if (check_is_declaration(prog->stmts.items[i]))
                ast_vec_push(c->a, &decls.stmts, prog->stmts.items[i]);
        load_stmts(c, out, &decls, opt->more[k]->name);
    }
}

void loader_load_program(checker *c, ast_vec *all, const ast_program *main_prog,
                         const check_options *opt)
{
    ir_program *ir = c->ir;
    source *pre = source_from_string("<prelude>", skill_prelude, strlen(skill_prelude));
    loader_add_source(ir, pre);
    c->prelude = pre;
    load_stmts(c, all, parse_program(pre, c->a, c->d), pre->name);
    char *main_path = realpath(ir->src->name, NULL);
    if (main_path)              /* a module importing the main file does not read it again */
        ast_vec_push(c->a, &c->loaded, arena_strdup(c->a, main_path));
    free(main_path);
    load_stmts(c, all, main_prog, ir->src->name);
    load_more(c, all, opt);
}

int loader_apply_define(checker *c, const char *def)
{
    const char *eq = strchr(def, '=');
    if (!eq || eq == def) {
        diag_fail(c->d, "-D expects NAME=VALUE, not '%s'", def);
        return -1;
    }
    char *name = strndup(def, (size_t)(eq - def));
    const symbol *sym = symtab_get(&c->ir->names, name);
    if (!sym || sym->kind != SYM_PARAM) {
        diag_fail(c->d, "-D %s: no parameter named '%s' is declared", def, name);
        const char **cands = malloc(((size_t)c->ir->nparams + 1) * sizeof *cands);
        for (int i = 0; i < c->ir->nparams; i++)
            cands[i] = c->ir->params[i].name;
        const char *near = diag_suggest(name, cands, c->ir->nparams);
        if (near)
            diag_note(c->d, NULL, "did you mean '%s'?", near);
        else
            diag_hint(c->d, "declare it in the file with 'param %s = ...'", name);
        free(cands);
        free(name);
        return -1;
    }
    free(name);
    char label[64];
    snprintf(label, sizeof label, "-D %.*s", (int)(eq - def) > 40 ? 40 : (int)(eq - def), def);
    source *src = source_from_string(label, eq + 1, strlen(eq + 1));
    loader_add_source(c->ir, src);
    ast_expr *e = parse_expression(src, 0, src->len, c->a, c->d);
    value v;
    if (!e || eval_expr(&c->ev, e, &v) != 0)
        return -1;
    ir_param *p = &c->ir->params[sym->index];
    value_release(p->val);
    p->val = v;
    p->state = 2;
    p->fixed = 1;
    return 0;
}
