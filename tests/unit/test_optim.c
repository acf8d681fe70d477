/* Hand-checked single steps of every optimizer rule
 * (docs/reference-conventions.md, section 5),
 * on theta = (1, -2), g = (0.5, -0.25); expected values computed by hand. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "optim.h"

static int failures;

static void expect(const char *what, double got, double want)
{
    double tol = 1e-15 * (fabs(want) > 1 ? fabs(want) : 1);
    if (fabs(got - want) > tol) {
        printf("FAIL %s: got %.17g, want %.17g\n", what, got, want);
        failures++;
    }
}

static void run(optim_config c, int steps, const double *gs, double *theta, double lr)
{
    optim *o = optim_new(&c, 2);
    for (int t = 1; t <= steps; t++)
        optim_step(o, theta, gs + 2 * (t - 1), lr, t);
    optim_free(o);
}

/* Every rule in parts (optim_step_range over [0, 6) and [6, 13), as the
 * Geometry model's two threads do) gives the whole step's bits, over
 * five steps, with every key set away from its default. */
static void parts_equal_whole(void)
{
    enum { N = 13 };
    for (int i = 0; optim_at(i); i++) {
        optim_config c = optim_defaults(optim_at(i)->kind);
        c.wd = 0.01;
        c.momentum = 0.5;
        c.centered = 1;
        c.warmup = 3;
        c.lr_decay = 0.1;
        optim *whole = optim_new(&c, N), *parts = optim_new(&c, N);
        double a[N], b[N], g[N];
        for (int j = 0; j < N; j++)
            a[j] = b[j] = 0.1 * j - 0.5;
        for (int t = 1; t <= 5; t++) {
            for (int j = 0; j < N; j++)
                g[j] = sin(1.7 * j + t) * (j % 3 ? 1 : 1e-3);
            optim_step(whole, a, g, 0.01, t);
            optim_step_range(parts, b, g, 0.01, t, 6, N);
            optim_step_range(parts, b, g, 0.01, t, 0, 6);
        }
        if (memcmp(a, b, sizeof a) != 0) {
            printf("FAIL %s: the parts' step differs from the whole step\n", optim_at(i)->name);
            failures++;
        }
        if (memcmp(optim_last_update(whole), optim_last_update(parts), N * sizeof(double)) != 0) {
            printf("FAIL %s: the parts' last update differs\n", optim_at(i)->name);
            failures++;
        }
        optim_free(whole);
        optim_free(parts);
    }
}

int main(void)
{
    parts_equal_whole();
    const double g2[4] = {0.5, -0.25, 0.1, 0.2};

    /* SGD: theta - lr g; with wd, g + wd theta; momentum buffer starts at g. */
    optim_config c = optim_defaults(OPT_SGD);
    double th[2] = {1, -2};
    run(c, 1, g2, th, 0.1);
    expect("sgd 1", th[0], 1 - 0.1 * 0.5);
    expect("sgd 2", th[1], -2 + 0.1 * 0.25);
    c.wd = 0.01; c.momentum = 0.9;
    th[0] = 1; th[1] = -2;
    run(c, 2, g2, th, 0.1);
    double b1 = 0.5 + 0.01 * 1, x1 = 1 - 0.1 * b1;              /* step 1: buf = d */
    double b2 = 0.9 * b1 + (0.1 + 0.01 * x1), x2 = x1 - 0.1 * b2;
    expect("sgd momentum wd", th[0], x2);

    /* SignGD: exact sign, sign(0) = 0. */
    c = optim_defaults(OPT_SIGNGD);
    th[0] = 1; th[1] = -2;
    const double gz[2] = {0, -3};
    run(c, 1, gz, th, 0.01);
    expect("signgd zero", th[0], 1);
    expect("signgd neg", th[1], -2 + 0.01);

    /* Adam, two steps. */
    c = optim_defaults(OPT_ADAM);
    th[0] = 1; th[1] = -2;
    run(c, 2, g2, th, 0.01);
    double m = 0.1 * 0.5, v = 0.001 * 0.25;
    double a1 = 1 - 0.01 * (m / 0.1) / (sqrt(v) / sqrt(0.001) + 1e-8);
    m = 0.9 * m + 0.1 * 0.1;
    v = 0.999 * v + 0.001 * 0.01;
    double bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
    double a2 = a1 - (0.01 / bc1) * m / (sqrt(v) / sqrt(bc2) + 1e-8);
    expect("adam 2 steps", th[0], a2);

    /* Adam with betas 0: the paper's SignGD, g / (|g| + 1e-8). */
    c = optim_defaults(OPT_ADAM);
    c.beta1 = 0; c.beta2 = 0;
    th[0] = 1; th[1] = -2;
    run(c, 1, g2, th, 0.01);
    expect("adam(0,0)", th[0], 1 - 0.01 * 0.5 / (0.5 + 1e-8));

    /* Adam's L2 decay against AdamW's decoupled decay. */
    c = optim_defaults(OPT_ADAM);
    c.wd = 0.1;
    th[0] = 1; th[1] = -2;
    run(c, 1, g2, th, 0.01);
    double gd = 0.5 + 0.1 * 1;
    expect("adam wd", th[0], 1 - 0.01 * (0.1 * gd / 0.1) / (sqrt(0.001 * gd * gd) / sqrt(0.001) + 1e-8));
    c = optim_defaults(OPT_ADAMW);
    c.wd = 0.1;
    th[0] = 1; th[1] = -2;
    run(c, 1, g2, th, 0.01);
    expect("adamw", th[0], 1 * (1 - 0.01 * 0.1) - 0.01 * 0.5 / (0.5 + 1e-8));

    /* Lion: sign(beta1 m + (1 - beta1) g), then m <- beta2 m + (1 - beta2) g. */
    c = optim_defaults(OPT_LION);
    th[0] = 1; th[1] = -2;
    const double gl[4] = {0.5, -0.25, -0.4, 0.2};
    run(c, 2, gl, th, 0.01);
    double lm = 0.01 * 0.5;                         /* after step 1 */
    double lx = 1 - 0.01 * 1;                       /* sign(0.1 * 0.5) = 1 */
    double u2 = 0.9 * lm + 0.1 * -0.4;              /* = 0.0045 - 0.04 < 0 */
    expect("lion 2 steps", th[0], lx - 0.01 * (u2 > 0 ? 1 : -1));

    /* AdEMAMix, no warm-up: (m1/bc1 + alpha m2) / (sqrt(v/bc2) + eps), m2 without bias correction. */
    c = optim_defaults(OPT_ADEMAMIX);
    th[0] = 1; th[1] = -2;
    run(c, 1, g2, th, 0.01);
    double m1 = 0.1 * 0.5, m2 = (1 - 0.9999) * 0.5, vv = 0.001 * 0.25;
    expect("ademamix", th[0], 1 - 0.01 * (m1 / 0.1 + 2 * m2) / (sqrt(vv) / sqrt(0.001) + 1e-8));

    /* AdEMAMix with warm-up 10 at step 1: alpha/10 and beta3 from the half-life schedule. */
    c.warmup = 10;
    th[0] = 1; th[1] = -2;
    run(c, 1, g2, th, 0.01);
    double f1 = log(0.5) / log(0.9 + 1e-8) - 1, f3 = log(0.5) / log(0.9999 + 1e-8) - 1;
    double b3 = pow(0.5, 1 / (0.9 * f1 + 0.1 * f3 + 1));
    m2 = (1 - b3) * 0.5;
    expect("ademamix warmup", th[0], 1 - 0.01 * (m1 / 0.1 + 0.2 * m2) / (sqrt(vv) / sqrt(0.001) + 1e-8));

    /* RMSprop: v = alpha v + (1 - alpha) g^2, theta -= lr g / (sqrt(v) + eps). */
    c = optim_defaults(OPT_RMSPROP);
    th[0] = 1; th[1] = -2;
    run(c, 1, g2, th, 0.01);
    expect("rmsprop", th[0], 1 - 0.01 * (0.5 / (sqrt(0.01 * 0.25) + 1e-8)));
    expect("rmsprop 2", th[1], -2 - 0.01 * (-0.25 / (sqrt(0.01 * 0.0625) + 1e-8)));

    /* RMSprop, two steps, centered, momentum and L2 decay: g + wd theta;
     * denominator sqrt(v - gavg^2) + eps; buf = momentum buf + g / denom. */
    c.centered = 1; c.momentum = 0.9; c.wd = 0.1;
    th[0] = 1; th[1] = -2;
    run(c, 2, g2, th, 0.01);
    double rg = 0.5 + 0.1 * 1, rv = 0.01 * rg * rg, ra = 0.01 * rg;
    double rbuf = rg / (sqrt(rv - ra * ra) + 1e-8), rx = 1 - 0.01 * rbuf;
    rg = 0.1 + 0.1 * rx;
    rv = 0.99 * rv + 0.01 * rg * rg;
    ra = 0.99 * ra + 0.01 * rg;
    rbuf = 0.9 * rbuf + rg / (sqrt(rv - ra * ra) + 1e-8);
    expect("rmsprop centered momentum wd", th[0], rx - 0.01 * rbuf);

    /* Adagrad: sum += g^2, theta -= lr g / (sqrt(sum) + 1e-10). */
    c = optim_defaults(OPT_ADAGRAD);
    th[0] = 1; th[1] = -2;
    run(c, 1, g2, th, 0.01);
    expect("adagrad", th[0], 1 - 0.01 * (0.5 / (0.5 + 1e-10)));

    /* Adagrad, two steps: the sum starts at initial_accumulator_value, g
     * gets wd theta, the step size is lr / (1 + (t-1) lr_decay). */
    c.lr_decay = 0.5; c.initial_accumulator_value = 0.1; c.wd = 0.1;
    th[0] = 1; th[1] = -2;
    run(c, 2, g2, th, 0.01);
    double ag = 0.5 + 0.1 * 1, asum = 0.1 + ag * ag, ax = 1 - 0.01 * (ag / (sqrt(asum) + 1e-10));
    ag = 0.1 + 0.1 * ax;
    asum += ag * ag;
    expect("adagrad decay", th[0], ax - 0.01 / 1.5 * (ag / (sqrt(asum) + 1e-10)));

    if (!failures)
        printf("all optimizer rules agree with the hand computations\n");
    return failures ? 1 : 0;
}
