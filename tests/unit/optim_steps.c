/* optim_steps KIND STEPS LR [KEY=VALUE ...]: runs optimizer KIND (from the
 * optimizer table, defaults for keys not given) for STEPS steps on theta =
 * (1, -2, 0.5) with the gradients of optim_steps_grad, and prints theta
 * after each step, for tests/scripts/optim-torch.sh to compare with torch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optim.h"

enum { N = 3 };

/* Step T's gradient: fixed numbers that change sign now and then. */
static void grad(long t, double *g)
{
    g[0] = 0.5 - 0.1 * (double)t;
    g[1] = -0.25 + 0.05 * (double)(t % 3);
    g[2] = (t % 2 ? 1.0 : -0.5) * 0.3;
}

int main(int argc, char **argv)
{
    const optim_info *info = argc >= 4 ? optim_find(argv[1]) : NULL;
    if (!info) {
        fprintf(stderr, "usage: optim_steps KIND STEPS LR [KEY=VALUE ...]\n");
        return 2;
    }
    optim_config c = optim_defaults(info->kind);
    for (int i = 4; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        const optim_key *key = eq ? (*eq = 0, optim_key_find(info, argv[i])) : NULL;
        if (!key) {
            fprintf(stderr, "optim_steps: %s has no key '%s'\n", info->name, argv[i]);
            return 2;
        }
        optim_config_set(&c, key, strtod(eq + 1, NULL));
    }
    long steps = strtol(argv[2], NULL, 10);
    double lr = strtod(argv[3], NULL), theta[N] = {1, -2, 0.5}, g[N];
    optim *o = optim_new(&c, N);
    if (!o)
        return 1;
    for (long t = 1; t <= steps; t++) {
        grad(t, g);
        optim_step(o, theta, g, lr, t);
        printf("%.17g %.17g %.17g\n", theta[0], theta[1], theta[2]);
    }
    optim_free(o);
    return 0;
}
