/* geometry.h - the Geometry model (paper §2.2-§2.5.1, §4, §6.2): parameters
 * theta in R^dim start at 0; skill i's level is s_i = t_i . theta; the loss
 * sum_i w_i L(s_i), L = (1 - s)^2 or -log sigmoid(s), with w the normalised
 * frequencies or the empirical frequencies of a batch drawn each step
 * (with reweight = loss, each times its L(s_i) over the batch's mean loss,
 * §4.3); the gradient (plus Gaussian noise) goes to an optimizer. */
#ifndef SKILL_GEOMETRY_H
#define SKILL_GEOMETRY_H

#include "backend.h"
#include "optim.h"

/* An optimizer as a run uses it: its rule, and a learning rate that may
 * follow a schedule in t. */
typedef struct geometry_optimizer {
    optim_config config;
    const expr_prog *lr;
} geometry_optimizer;

int geometry_run(const backend_run *b, const geometry_optimizer *opt, result **out);

/* The task vectors a geometry model with settings SET would use (K x dim,
 * malloc'd), for gram(G).  NULL with a reason in ERR. */
double *geometry_vectors(const ir_settings *set, int K, char *err, size_t errlen);

/* Bytes of the largest array a geometry model of K skills in DIM
 * dimensions allocates, for refusing impossible sizes up front. */
double geometry_bytes(int K, double dim);

#endif
