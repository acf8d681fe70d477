/* test_check.c - the checker's entry points (check.h), called directly:
 * an unknown name gives one located error and its 'did you mean'; a
 * family expands into its members (with -D changing its size); an import
 * cycle reads each file once and imports nested too deep are an error; a
 * -D of an undeclared parameter is a usage error; a valid program lowers
 * to the expected IR; errors come out in the order of the passes; the
 * REPL's check_actions sees the program's names and the session's.
 * Exit status 0 when all pass. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testkit.h"

/* What one check gave: the program (or NULL), its status, the errors and
 * every message, as the user would read them. */
typedef struct outcome {
    ir_program *ir;
    int status, nerrors;
    char *msgs;
} outcome;

static outcome check_with(const char *name, const char *text, const check_options *opt)
{
    outcome o = {NULL, 0, 0, NULL};
    size_t len = 0;
    FILE *m = open_memstream(&o.msgs, &len);
    diag d;
    diag_init(&d, m);
    o.ir = check_source(source_from_string(name, text, strlen(text)), opt, &d, &o.status);
    fclose(m);
    o.nerrors = d.nerrors;
    return o;
}

static outcome check_text(const char *name, const char *text)
{
    check_options opt = {0};
    return check_with(name, text, &opt);
}

static outcome check_path(const char *path)
{
    outcome o = {NULL, 0, 0, NULL};
    size_t len = 0;
    FILE *m = open_memstream(&o.msgs, &len);
    diag d;
    diag_init(&d, m);
    check_options opt = {0};
    o.ir = check_file(path, &opt, &d, &o.status);
    fclose(m);
    o.nerrors = d.nerrors;
    return o;
}

static void outcome_free(outcome *o)
{
    ir_program_free(o->ir);
    free(o->msgs);
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(path_in_dir(name), "w");
    fputs(text, f);
    fclose(f);
}

static void unknown_name(void)
{
    outcome o = check_text("t.skill", "param alpha = 2\nskill A freq 1\nskill B freq alhpa needs A\n");
    CHECK(o.ir == NULL && o.status == EXIT_INVALID, "unknown name: status %d", o.status);
    CHECK(o.nerrors == 1, "unknown name: %d errors", o.nerrors);
    const char *want = "t.skill:3:14: error: undefined name 'alhpa'\n"
                       " 3 | skill B freq alhpa needs A\n"
                       "   |              ^~~~~\n"
                       "note: did you mean 'alpha'?\n";
    CHECK(strcmp(o.msgs, want) == 0, "unknown name: got\n%s", o.msgs);
    outcome_free(&o);
}

static const char family_prog[] = "param n = 4\nskill A freq 1\nskill F[1..n] freq zipf(1) needs A\n";

static void family_expands(void)
{
    outcome o = check_text("f.skill", family_prog);
    CHECK(o.ir && o.nerrors == 0, "family: %s", o.msgs);
    if (o.ir) {
        const ir_program *ir = o.ir;
        CHECK(ir->nskills == 5, "family: %d skills, want A and F1..F4", ir->nskills);
        CHECK(ir->nfamilies == 1 && ir->families[0].first == 1 && ir->families[0].n == 4 &&
              ir->families[0].lo == 1, "family: %d families", ir->nfamilies);
        CHECK(ir->nskills == 5 && strcmp(ir->skills[1].name, "F1") == 0 &&
              strcmp(ir->skills[4].name, "F4") == 0 && ir->skills[4].family_i == 4 &&
              ir->skills[4].family_n == 4, "family: members misnamed");
        CHECK(ir->nskills == 5 && ir->skills[4].needs && ir->skills[4].needs->skill == 0,
              "family: F4 does not need A");
        CHECK(ir_find_family(ir, "F") == 0 && ir_find_skill(ir, "F3") == 3, "family: lookups");
    }
    outcome_free(&o);

    const char *defines[] = {"n=7"};
    check_options opt = {defines, 1, NULL, 0, 0};
    o = check_with("f.skill", family_prog, &opt);
    CHECK(o.ir && o.ir->nskills == 8 && o.ir->families[0].n == 7, "family with -D n=7: %s", o.msgs);
    outcome_free(&o);

    o = check_text("e.skill", "skill E[1..0] freq 1\n");
    CHECK(o.ir == NULL && o.status == EXIT_INVALID && o.nerrors == 1, "empty family: status %d",
          o.status);
    CHECK(strncmp(o.msgs, "e.skill:1:9: error: the family 'E' is empty: its range has no members\n",
                  70) == 0, "empty family: got\n%s", o.msgs);
    outcome_free(&o);
}

static void import_cycle(void)
{
    write_file("a.skill", "import \"b\"\nparam pa = 1\n");
    write_file("b.skill", "import \"a\"\nimport \"main\"\nparam pb = 2\n");
    write_file("main.skill", "import \"a\"\nskill S freq pa + pb\n");
    outcome o = check_path(path_in_dir("main.skill"));
    CHECK(o.ir && o.nerrors == 0, "import cycle: %s", o.msgs);
    /* The file, the prelude, a and b: each read once. */
    CHECK(o.ir && o.ir->nsources == 4, "import cycle: %d sources read", o.ir ? o.ir->nsources : -1);
    CHECK(o.ir && o.ir->nparams == 2 && o.ir->nskills == 1, "import cycle: declarations");
    outcome_free(&o);
}

/* deep imports m1, m1 imports m2, ... m32 imports m33: the 33rd nested
 * import is one too deep. */
static void imports_too_deep(void)
{
    char name[32], text[64];
    for (int i = 1; i <= 33; i++) {
        snprintf(name, sizeof name, "m%d.skill", i);
        snprintf(text, sizeof text, "import \"m%d\"\n", i + 1);
        write_file(name, text);
    }
    write_file("m34.skill", "let deep = 1\n");
    write_file("deep.skill", "import \"m1\"\n");
    outcome o = check_path(path_in_dir("deep.skill"));
    char *real = realpath(dir, NULL), want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s/m32.skill:1:8: error: imports nest more than 32 deep\n", real);
    free(real);
    CHECK(o.ir == NULL && o.status == EXIT_INVALID && o.nerrors == 1, "deep imports: status %d, %d errors",
          o.status, o.nerrors);
    CHECK(strncmp(o.msgs, want, strlen(want)) == 0, "deep imports: got\n%s", o.msgs);
    outcome_free(&o);
    write_file("m32.skill", "let deep = 1\n");     /* 32 nested imports are allowed */
    o = check_path(path_in_dir("deep.skill"));
    CHECK(o.ir && o.nerrors == 0, "32 deep: %s", o.msgs);
    outcome_free(&o);
}

static void defines(void)
{
    static const char prog[] = "param alpha = 2\nskill A freq alpha\n";
    static const struct { const char *define, *want; } bad[] = {
        {"alhpa=3", "skill: error: -D alhpa=3: no parameter named 'alhpa' is declared\n"
                    "note: did you mean 'alpha'?\n"},
        {"beta=3", "skill: error: -D beta=3: no parameter named 'beta' is declared\n"
                   "hint: declare it in the file with 'param beta = ...'\n"},
        {"alpha", "skill: error: -D expects NAME=VALUE, not 'alpha'\n"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        check_options opt = {&bad[i].define, 1, NULL, 0, 0};
        outcome o = check_with("d.skill", prog, &opt);
        CHECK(o.ir == NULL && o.status == EXIT_USAGE && o.nerrors == 1, "-D %s: status %d, %d errors",
              bad[i].define, o.status, o.nerrors);
        CHECK(strcmp(o.msgs, bad[i].want) == 0, "-D %s: got\n%s", bad[i].define, o.msgs);
        outcome_free(&o);
    }
    const char *good = "alpha=5";
    check_options opt = {&good, 1, NULL, 0, 0};
    outcome o = check_with("d.skill", prog, &opt);
    CHECK(o.ir && o.ir->nparams == 1 && o.ir->params[0].val.kind == V_NUM &&
          o.ir->params[0].val.u.num == 5 && o.ir->params[0].fixed, "-D alpha=5: %s", o.msgs);
    outcome_free(&o);
}

static void lowers(void)
{
    outcome o = check_text("low.skill",
                           "param n = 4\n"
                           "skill A freq 1\n"
                           "skill B freq 2 needs A\n"
                           "skill F[1..n] freq zipf(1) needs A\n"
                           "resource R { eta = 1e-3; N0 = 1 }\n"
                           "resource Q { eta = 2e-3; N0 = 2 }\n"
                           "optimizer fast = adam(lr: 3e-4)\n"
                           "let r = run R for 100 steps\n"
                           "print r\n");
    CHECK(o.ir && o.nerrors == 0, "lowering: %s", o.msgs);
    if (!o.ir) {
        outcome_free(&o);
        return;
    }
    const ir_program *ir = o.ir;
    CHECK(ir->nparams == 1 && ir->nskills == 6 && ir->nfamilies == 1 && ir->nmodels == 2 &&
          ir->nopts == 1, "lowering: %d params, %d skills, %d families, %d models, %d optimizers",
          ir->nparams, ir->nskills, ir->nfamilies, ir->nmodels, ir->nopts);
    CHECK(ir->ndefs == 3, "lowering: %d defs, want the prelude's soft, sharp and hard", ir->ndefs);
    CHECK(ir->nstmts == 2 && ir->stmts[0]->kind == S_LET && ir->stmts[1]->kind == S_PRINT,
          "lowering: %d statements (the optimizer's is not one)", ir->nstmts);
    CHECK(strcmp(ir->opts[0].name, "fast") == 0 && strcmp(ir->opts[0].kind_name, "adam") == 0 &&
          ir->opts[0].nargs == 1 && ir->opts[0].args[0] != NULL, "lowering: optimizer 'fast'");
    CHECK(ir->skills[0].freq && ir->skills[1].needs && ir->skills[1].needs->skill == 0 &&
          ir->skills[1].nreads == 1 && ir->skills[1].reads[0] == 0, "lowering: B needs A");
    for (int k = 0; k < ir->nmodels; k++)
        CHECK(ir->models[k].bfactor && ir->models[k].bfactor[0] == NULL &&
              ir->models[k].bfactor[1] != NULL && ir->models[k].resolved.nskills == 6,
              "lowering: model %s's dependency factors", ir->models[k].name);
    CHECK(ir->models[1].resolved.N0 == 2, "lowering: Q's N0 is %g", ir->models[1].resolved.N0);
    outcome_free(&o);
}

/* Errors come in the order of the passes, not of the text: parameters,
 * skills, statements, models. */
static void pass_order(void)
{
    outcome o = check_text("o.skill", "print zz1\nskill A freq zz2\nresource R { eta = zz3; N0 = 1 }\n"
                                      "param p = zz4\n");
    CHECK(o.ir == NULL && o.nerrors == 4, "order: %d errors", o.nerrors);
    static const char *const order[] = {"o.skill:4:11: error: undefined name 'zz4'",
                                        "o.skill:2:14: error: undefined name 'zz2'",
                                        "o.skill:1:7: error: undefined name 'zz1'",
                                        "o.skill:3:20: error: undefined name 'zz3'"};
    const char *at = o.msgs;
    for (int i = 0; i < 4; i++) {
        const char *found = strstr(at, order[i]);
        CHECK(found != NULL, "order: '%s' missing or out of order in\n%s", order[i], o.msgs);
        at = found ? found + 1 : at;
    }
    outcome_free(&o);
}

static void repl_actions(void)
{
    outcome o = check_text("r.skill", "param alpha = 2\nskill A freq alpha\n");
    CHECK(o.ir != NULL, "repl: %s", o.msgs);
    if (!o.ir) {
        outcome_free(&o);
        return;
    }
    static const char good_text[] = "print x + alpha\nparam beta = 1\n", bad_text[] = "print alhpa\n";
    source *good = source_from_string("<repl>", good_text, strlen(good_text));
    source *bad = source_from_string("<repl>", bad_text, strlen(bad_text));
    const char *locals[] = {"x"};
    char *msgs = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&msgs, &len);
    diag d;
    diag_init(&d, m);
    int n = -1;
    const ast_stmt **stmts = check_actions(o.ir, good, locals, 1, &d, &n);
    CHECK(stmts && n == 1 && stmts[0]->kind == S_PRINT && d.nerrors == 0,
          "repl: the declaration is left out, the print kept (%d statements)", n);
    CHECK(stmts && n == 1 && !check_is_declaration(stmts[0]) && check_is_declaration(o.ir->defs[0]),
          "check_is_declaration");
    stmts = check_actions(o.ir, bad, locals, 1, &d, &n);
    fclose(m);
    CHECK(stmts == NULL && d.nerrors == 1, "repl: unknown name: %d errors", d.nerrors);
    CHECK(strstr(msgs, "<repl>:1:7: error: undefined name 'alhpa'\n") &&
          strstr(msgs, "note: did you mean 'alpha'?\n"), "repl: got\n%s", msgs);
    free(msgs);
    outcome_free(&o);
    source_free(good);
    source_free(bad);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    unknown_name();
    family_expands();
    import_cycle();
    imports_too_deep();
    defines();
    lowers();
    pass_order();
    repl_actions();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", dir);
    if (failures)
        printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
