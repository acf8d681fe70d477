/* netrun.h - running a `network` model (skill(5), The network model): the
 * net and the data a model's settings describe, and the training loop that
 * records each skill's level, loss and accuracies. */
#ifndef SKILL_NETRUN_H
#define SKILL_NETRUN_H

#include "backend.h"
#include "geometry.h"
#include "netdata.h"
#include "network.h"

/* As a geometry model takes it: a rule and a learning rate that may follow t. */
typedef geometry_optimizer network_optimizer;

enum { NETWORK_DEFAULT_HIDDEN = 50 };

/* The layers of a model with settings SET (already checked) and K skills. */
void network_shape(const ir_settings *set, int K, net_spec *out);
/* Samples in one training step of SET's model when NTRAIN are for training. */
long network_batch(const ir_settings *set, long ntrain);
/* Bytes the run of SET's model needs (net and data), for refusing
 * impossible sizes before allocating them. */
double network_bytes(const ir_settings *set, int K);

int network_run(const backend_run *b, const network_optimizer *opt, result **out);

#endif
