/* "did you mean": which names diag_suggest offers, and that checking a
 * program full of unknown names costs work linear in its size (counted in
 * edit distances, not timed). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "testkit.h"

static void offers(void)
{
    static const char *const keys[] = {"eta", "dim", "lr", "N0", "loss", "correlation", NULL};
    static const struct { const char *name, *want; } cases[] = {
        {"NO", "N0"},                   /* a letter O for the digit 0 */
        {"n0", "N0"},                   /* case */
        {"LR", "lr"},
        {"no", "N0"},
        {"l", NULL},                    /* one character: too close to everything */
        {"NA", NULL},                   /* two characters: only look-alikes */
        {"et", NULL},
        {"etta", "eta"},
        {"los", "loss"},
        {"corelation", "correlation"},
        {"corr", NULL},                 /* too many characters missing */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = diag_suggest(cases[i].name, keys, 16);
        CHECK(cases[i].want ? got && strcmp(got, cases[i].want) == 0 : got == NULL,
              "diag_suggest(%s) = %s, want %s", cases[i].name, got ? got : "NULL",
              cases[i].want ? cases[i].want : "NULL");
    }
    static const char *const names[] = {"pi", "Alpha", "Beta", NULL};
    const char *got = diag_suggest("p2", names, 3);
    CHECK(got == NULL, "p2 is not offered pi (got %s)", got ? got : "NULL");
    got = diag_suggest("Alpah", names, 3);
    CHECK(got && strcmp(got, "Alpha") == 0, "a transposition is one edit");
}

/* Edit distances spent checking the program TEXT (which must fail);
 * *NERRORS gets its number of errors. */
static unsigned long work_checking(char *text, size_t len, int *nerrors)
{
    source *src = source_from_string("many.skill", text, len);
    free(text);
    FILE *sink = fopen("/dev/null", "w");
    diag d;
    diag_init(&d, sink);
    check_options opt = {0};
    int status = 0;
    unsigned long before = diag_edit_distances();
    ir_program *ir = check_source(src, &opt, &d, &status);
    unsigned long work = diag_edit_distances() - before;
    CHECK(ir == NULL && status == EXIT_INVALID, "status %d", status);
    fclose(sink);
    *nerrors = d.nerrors;
    return work;
}

/* Edit distances spent checking N skills whose frequencies are N unknown
 * names: every skill is a candidate for every unknown name. */
static unsigned long work_for(int n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    for (int i = 0; i < n; i++)
        fprintf(f, "skill skill_%d freq unknown_%d\n", i, i);
    fclose(f);
    int nerrors;
    unsigned long work = work_checking(text, len, &nerrors);
    CHECK(nerrors == n, "%d unknown names: %d errors", n, nerrors);
    return work;
}

/* Edit distances spent on 60 unknown names beside a family of 300 000
 * members, most of them as long as the unknown names (found by fuzzing:
 * 11 s an input under the sanitizers). */
static unsigned long work_beside_family(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    fprintf(f, "skill S[1..300000] freq 1\n");
    for (int i = 0; i < 60; i++)
        fprintf(f, "skill T%d freq Q%05d\n", i, 10000 + i);
    fclose(f);
    int nerrors;
    unsigned long work = work_checking(text, len, &nerrors);
    CHECK(nerrors == 60, "60 unknown names beside a family: %d errors", nerrors);
    return work;
}

static void linear(void)
{
    unsigned long small = work_for(1000), large = work_for(4000);
    /* Only the shown errors get suggestions: each looks once at every skill
     * and at the few hundred names of the prelude and the builtins. */
    CHECK(large <= (unsigned long)DIAG_MAX_SHOWN * (4000 + 1000), "4000 unknown names: %lu edit distances", large);
    CHECK(large <= 5 * small, "1000 names: %lu edit distances, 4000: %lu (quadratic?)", small, large);
    /* The checker's budget of names compared, 4 000 000, bounds the work
     * however many names are in scope (50 shown errors x 300 000 without it). */
    unsigned long family = work_beside_family();
    CHECK(family <= 4000000, "a family of 300000 and 60 unknown names: %lu edit distances", family);
}

int main(void)
{
    offers();
    linear();
    if (failures)
        printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
