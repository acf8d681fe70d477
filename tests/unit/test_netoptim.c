/* test_netoptim.c - two steps of every optimizer (skill(5), OPTIMIZERS)
 * on a tiny network, against the update rules written out by hand from
 * PyTorch's documented algorithms and the Lion and AdEMAMix authors' code
 * (docs/reference-conventions.md, section 5).
 *
 * The network is test_network.c's: 1 -> relu -> 1, theta = (W1, b1, W2,
 * b2) = (0.5, 0.25, 2, -1), inputs x = (2, -1), targets (1, 0), the mean
 * squared error.  Each case sets keys away from their defaults and takes
 * two steps at two learning rates; the second step's gradient is the
 * network's own after the first step, and the test shows that the state
 * kept from the first step changes the second. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"
#include "optim.h"
#include "testkit.h"

enum { P = 4, MAXKEYS = 7 };

static const double X[] = {2, -1}, TARGET[] = {1, 0}, THETA0[P] = {0.5, 0.25, 2, -1};

/* ---- the network and its gradient by the chain rule ---- */

static net *tiny_net(void)
{
    net_spec s;
    memset(&s, 0, sizeof s);
    s.nlayers = 2;
    s.width[0] = s.width[1] = s.width[2] = 1;
    s.activation = NET_RELU;
    char err[200] = "";
    net *n = net_new(&s, err, sizeof err);
    CHECK(n != NULL, "net_new: %s", err);
    if (!n)
        exit(1);
    memcpy(net_params(n), THETA0, sizeof THETA0);
    net_params_changed(n);
    return n;
}

/* y_i = W2 relu(W1 x_i + b1) + b2 and loss = mean_i (y_i - t_i)^2 over
 * the two samples, so dloss/dy_i = 2 (y_i - t_i) / 2. */
static void hand_gradient(const double *theta, double *g)
{
    double W1 = theta[0], b1 = theta[1], W2 = theta[2], b2 = theta[3];
    memset(g, 0, P * sizeof *g);
    for (int i = 0; i < 2; i++) {
        double z = W1 * X[i] + b1, h = z > 0 ? z : 0;
        double dy = 2 * (W2 * h + b2 - TARGET[i]) / 2;
        double dz = z > 0 ? dy * W2 : 0;
        g[0] += dz * X[i];
        g[1] += dz;
        g[2] += dy * h;
        g[3] += dy;
    }
}

/* ---- the rules by hand, one coordinate at a time ---- */

/* What a rule keeps between steps, as PyTorch starts it: all 0 but
 * Adagrad's sum; SGD's momentum buffer is empty until the first step. */
typedef struct hand_state {
    double m[P], v[P], slow[P], gavg[P], buf[P], sum[P];
} hand_state;

typedef void hand_rule(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                       const double *g);

static double sign(double x)
{
    return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* torch.optim.SGD, dampening 0: d = g + wd theta; buf = d at step 1, then
 * momentum buf + d; theta -= lr buf. */
static void hand_sgd(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                     const double *g)
{
    for (int j = 0; j < P; j++) {
        double d = g[j] + c->wd * theta[j];
        s->buf[j] = t == 1 ? d : c->momentum * s->buf[j] + d;
        theta[j] -= lr * s->buf[j];
    }
}

static void hand_signgd(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                        const double *g)
{
    (void)c, (void)t, (void)s;
    for (int j = 0; j < P; j++)
        theta[j] -= lr * sign(g[j]);
}

/* torch.optim.Adam's step on the gradient G (decay already in it). */
static void adam_move(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                      const double *g)
{
    for (int j = 0; j < P; j++) {
        s->m[j] = c->beta1 * s->m[j] + (1 - c->beta1) * g[j];
        s->v[j] = c->beta2 * s->v[j] + (1 - c->beta2) * g[j] * g[j];
        double m_hat = s->m[j] / (1 - pow(c->beta1, t)), v_hat = s->v[j] / (1 - pow(c->beta2, t));
        theta[j] -= lr * m_hat / (sqrt(v_hat) + c->eps);
    }
}

/* torch.optim.Adam: L2 decay, g + wd theta. */
static void hand_adam(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                      const double *g)
{
    double decayed[P];
    for (int j = 0; j < P; j++)
        decayed[j] = g[j] + c->wd * theta[j];
    adam_move(c, lr, t, s, theta, decayed);
}

/* torch.optim.AdamW: theta *= 1 - lr wd, then Adam on g. */
static void hand_adamw(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                       const double *g)
{
    for (int j = 0; j < P; j++)
        theta[j] *= 1 - lr * c->wd;
    adam_move(c, lr, t, s, theta, g);
}

/* Lion: theta *= 1 - lr wd; theta -= lr sign(beta1 m + (1 - beta1) g);
 * then m = beta2 m + (1 - beta2) g. */
static void hand_lion(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                      const double *g)
{
    (void)t;
    for (int j = 0; j < P; j++) {
        theta[j] = theta[j] * (1 - lr * c->wd) - lr * sign(c->beta1 * s->m[j] + (1 - c->beta1) * g[j]);
        s->m[j] = c->beta2 * s->m[j] + (1 - c->beta2) * g[j];
    }
}

/* AdEMAMix's warm-up of beta3: linear in the half-life ln 0.5 / ln beta - 1,
 * from beta1's to beta3's. */
static double half_life(double beta)
{
    return log(0.5) / log(beta + 1e-8) - 1;
}

/* AdEMAMix: before step `warmup`, alpha grows as t / warmup and beta3
 * through the half-lives; theta -= lr ((m / bc1 + alpha slow) /
 * (sqrt(v / bc2) + eps) + wd theta), the slow moment without correction. */
static void hand_ademamix(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                          const double *g)
{
    double alpha = c->alpha, beta3 = c->beta3;
    if (t < c->warmup) {
        double a = t / c->warmup;
        alpha = a * c->alpha;
        beta3 = pow(0.5, 1 / ((1 - a) * half_life(c->beta1) + a * half_life(c->beta3) + 1));
    }
    for (int j = 0; j < P; j++) {
        s->m[j] = c->beta1 * s->m[j] + (1 - c->beta1) * g[j];
        s->slow[j] = beta3 * s->slow[j] + (1 - beta3) * g[j];
        s->v[j] = c->beta2 * s->v[j] + (1 - c->beta2) * g[j] * g[j];
        double m_hat = s->m[j] / (1 - pow(c->beta1, t)), v_hat = s->v[j] / (1 - pow(c->beta2, t));
        theta[j] -= lr * ((m_hat + alpha * s->slow[j]) / (sqrt(v_hat) + c->eps) + c->wd * theta[j]);
    }
}

/* torch.optim.RMSprop: d = g + wd theta; v = alpha v + (1 - alpha) d^2;
 * centered: gavg likewise and the denominator sqrt(v - gavg^2) + eps;
 * momentum: buf = momentum buf + d / denominator, theta -= lr buf. */
static void hand_rmsprop(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                         const double *g)
{
    (void)t;
    for (int j = 0; j < P; j++) {
        double d = g[j] + c->wd * theta[j];
        s->v[j] = c->alpha * s->v[j] + (1 - c->alpha) * d * d;
        s->gavg[j] = c->alpha * s->gavg[j] + (1 - c->alpha) * d;
        double var = c->centered ? s->v[j] - s->gavg[j] * s->gavg[j] : s->v[j];
        double step = d / (sqrt(var) + c->eps);
        s->buf[j] = c->momentum * s->buf[j] + step;
        theta[j] -= lr * (c->momentum > 0 ? s->buf[j] : step);
    }
}

/* torch.optim.Adagrad: d = g + wd theta; sum += d^2 (from
 * initial_accumulator_value); theta -= lr / (1 + (t - 1) lr_decay) d /
 * (sqrt(sum) + eps). */
static void hand_adagrad(const optim_config *c, double lr, long t, hand_state *s, double *theta,
                         const double *g)
{
    for (int j = 0; j < P; j++) {
        double d = g[j] + c->wd * theta[j];
        s->sum[j] += d * d;
        theta[j] -= lr / (1 + (t - 1) * c->lr_decay) * d / (sqrt(s->sum[j]) + c->eps);
    }
}

/* ---- the cases ---- */

typedef struct setting {
    const char *key;
    double value;
} setting;

typedef struct net_case {
    const char *kind;
    setting keys[MAXKEYS];     /* ended by a NULL key (at most MAXKEYS - 1) */
    double lr[2];              /* steps 1 and 2 */
    hand_rule *rule;
    int stateless;             /* the first step leaves nothing for the second */
} net_case;

/* Learning rates large enough that the gradients of W1, b1 and W2 change
 * sign between the steps; sample 2's relu stays off throughout. */
static const net_case cases[] = {
    {"sgd", {{"momentum", 0.9}, {"wd", 0.05}}, {0.1, 0.05}, hand_sgd, 0},
    {"signgd", {{0}}, {0.3, 0.1}, hand_signgd, 1},
    {"adam", {{"beta1", 0.8}, {"beta2", 0.9}, {"eps", 1e-3}, {"wd", 0.05}}, {0.2, 0.1}, hand_adam, 0},
    {"adamw", {{"beta1", 0.5}, {"beta2", 0.75}, {"eps", 1e-4}, {"wd", 0.1}}, {0.2, 0.1}, hand_adamw, 0},
    {"lion", {{"beta1", 0.9}, {"beta2", 0.5}, {"wd", 0.2}}, {0.3, 0.1}, hand_lion, 0},
    {"ademamix",
     {{"beta1", 0.7}, {"beta2", 0.8}, {"beta3", 0.95}, {"alpha", 3}, {"warmup", 2}, {"wd", 0.1}},
     {0.3, 0.1}, hand_ademamix, 0},
    {"rmsprop", {{"alpha", 0.9}, {"eps", 1e-4}, {"wd", 0.05}, {"momentum", 0.5}, {"centered", 1}},
     {0.05, 0.02}, hand_rmsprop, 0},
    {"rmsprop", {{"alpha", 0.8}, {"eps", 1e-3}}, {0.05, 0.02}, hand_rmsprop, 0},
    {"adagrad", {{"lr_decay", 0.5}, {"wd", 0.1}, {"initial_accumulator_value", 0.2}, {"eps", 1e-3}},
     {0.3, 0.2}, hand_adagrad, 0},
};

enum { NCASES = sizeof cases / sizeof *cases };

/* The kind's defaults with the case's keys, each checked to be a key of the
 * kind and in its range. */
static optim_config case_config(const net_case *k)
{
    const optim_info *info = optim_find(k->kind);
    optim_config c = optim_defaults(info->kind);
    for (const setting *s = k->keys; s->key; s++) {
        const optim_key *key = optim_key_find(info, s->key);
        CHECK(key && !optim_key_invalid(key, s->value), "%s: bad key %s = %g", k->kind, s->key, s->value);
        if (key)
            optim_config_set(&c, key, s->value);
    }
    return c;
}

static hand_state fresh_state(const optim_config *c)
{
    hand_state s;
    memset(&s, 0, sizeof s);
    for (int j = 0; j < P; j++)
        s.sum[j] = c->initial_accumulator_value;
    return s;
}

/* The network and the rules differ by a few roundings (2e-15 measured). */
static int near(double got, double want)
{
    return fabs(got - want) <= 1e-13 * fabs(want);
}

/* GOT against WANT, coordinate by coordinate. */
static void check_near(int index, long t, const char *what, const double *got, const double *want)
{
    for (int j = 0; j < P; j++)
        CHECK(near(got[j], want[j]), "case %d (%s), step %ld: %s %d is %.17g, by hand %.17g", index,
              cases[index].kind, t, what, j, got[j], want[j]);
}

/* Case INDEX's two steps through the network and the optimizer against its
 * rule; the largest change the first step's state makes to the second
 * (against the second step taken from a fresh state). */
static double two_steps(int index)
{
    const net_case *k = &cases[index];
    optim_config c = case_config(k);
    net *n = tiny_net();
    optim *o = optim_new(&c, P);
    hand_state state = fresh_state(&c);
    double want[P], g[P], from_fresh[P], state_effect = 0;
    memcpy(want, THETA0, sizeof want);
    for (long t = 1; t <= 2; t++) {
        hand_gradient(want, g);
        net_forward(n, X, 2);
        net_backward(n, NET_LOSS_MSE, TARGET, NULL);
        check_near(index, t, "gradient", net_grad(n), g);
        hand_state fresh = fresh_state(&c);
        memcpy(from_fresh, want, sizeof want);
        k->rule(&c, k->lr[t - 1], t, &fresh, from_fresh, g);
        k->rule(&c, k->lr[t - 1], t, &state, want, g);
        optim_step(o, net_params(n), net_grad(n), k->lr[t - 1], t);
        net_params_changed(n);
        check_near(index, t, "parameter", net_params(n), want);
    }
    for (int j = 0; j < P; j++)
        state_effect = fmax(state_effect, fabs(want[j] - from_fresh[j]));
    optim_free(o);
    net_free(n);
    return state_effect;
}

static int has_case(const char *kind)
{
    for (int i = 0; i < NCASES; i++)
        if (strcmp(cases[i].kind, kind) == 0)
            return 1;
    return 0;
}

static void test_cases(void)
{
    for (int i = 0; i < NCASES; i++) {
        double effect = two_steps(i);
        if (cases[i].stateless)
            CHECK(effect == 0, "case %d (%s): the first step changes the second by %g", i, cases[i].kind,
                  effect);
        else
            CHECK(effect > 1e-3, "case %d (%s): the first step's state changes the second only by %g", i,
                  cases[i].kind, effect);
    }
    for (int i = 0; optim_at(i); i++)
        CHECK(has_case(optim_at(i)->name), "no case for %s", optim_at(i)->name);
}

int main(void)
{
    test_cases();
    if (failures)
        printf("%d failures\n", failures);
    return failures != 0;
}
