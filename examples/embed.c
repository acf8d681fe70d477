/* embed.c - skill inside another program (skill(3)): run a .skill script,
 * then read a run it bound as plain C arrays.
 *   cc embed.c $(pkg-config --cflags --libs skill) -o embed
 *   ./embed FILE RUN [name=value]...     e.g.  ./embed two.skill r p2=0.2 */
#include <stdio.h>
#include <skill.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: embed FILE RUN [name=value]...\n");
        return 2;
    }
    skill_options opt = {.defines = (const char *const *)argv + 3, .ndefines = argc - 3, .quiet = 1};
    skill *h;
    int status = skill_open_file(argv[1], &opt, &h);
    if (status == SKILL_OK)
        status = skill_run(h);
    skill_value *r = status == SKILL_OK ? skill_lookup(h, argv[2]) : NULL;
    if (status == SKILL_OK && skill_value_kind(r) != SKILL_RESULT) {
        fprintf(stderr, "embed: the script binds no run named '%s'\n", argv[2]);
        status = 1;
    }
    int rows = skill_result_rows(r), last = rows - 1;
    for (int k = 0; rows && k < skill_result_skills(r); k++)
        printf("%s: level %.6f at step %g\n", skill_result_skill_name(r, k),
               skill_result_levels(r, k)[last], skill_result_steps(r)[last]);
    if (rows)
        printf("final loss %.6g\n", skill_result_loss(r)[last]);
    skill_value_free(r);
    skill_close(h);
    return status;
}
