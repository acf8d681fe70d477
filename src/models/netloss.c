/* netloss.c - the losses of network.h as PyTorch's reductions compute
 * them (MSELoss, BCEWithLogitsLoss, CrossEntropyLoss: mean), their
 * gradients by the outputs, and the per-output statistics. */
#include "vectorize.h"

#include <math.h>

#include "netimpl.h"
#include "vexp.h"

static double sigmoid(double y)
{
    if (y >= 0)
        return 1 / (1 + exp(-y));
    double e = exp(y);
    return e / (1 + e);
}

/* Binary cross-entropy of logit Y against T, stably. */
static double bce(double y, double t)
{
    return (y > 0 ? y : 0) - y * t + log1p(exp(-fabs(y)));
}

/* log sum exp of the K logits Y. */
static double log_sum_exp(const double *y, int K)
{
    double top = y[0], sum = 0;
    for (int k = 1; k < K; k++)
        top = y[k] > top ? y[k] : top;
    for (int k = 0; k < K; k++)
        sum += vexp_d(y[k] - top);
    return top + log(sum);
}

/* -1 unless T is a class index of K. */
static int class_of(double t, int K)
{
    return t >= 0 && t < K && t == floor(t) ? (int)t : -1;
}

static double elementwise(net *n, net_loss loss, const double *target, const double *mask)
{
    size_t count = (size_t)n->n * (size_t)n->outputs;
    double sum = 0, scale = 1.0 / (double)count;
    for (size_t i = 0; i < count; i++) {
        double y = n->out[i], t = target[i], m = mask ? mask[i] : 1;
        if (loss == NET_LOSS_MSE) {
            sum += m * (y - t) * (y - t);
            n->dout[i] = 2 * m * (y - t) * scale;
        } else {
            sum += m * bce(y, t);
            n->dout[i] = m * (sigmoid(y) - t) * scale;
        }
    }
    return sum * scale;
}

/* Row by row: e = exp(y - max y) into dy, then dy = softmax * weight,
 * less the weight at the class. */
VECTOR_CLONES static double cross_entropy(net *n, const double *target, const double *mask)
{
    int K = n->outputs;
    double sum = 0, scale = 1.0 / (double)n->n;
    for (long i = 0; i < n->n; i++) {
        const double *y = n->out + (size_t)i * (size_t)K;
        double *dy = n->dout + (size_t)i * (size_t)K, m = mask ? mask[i] : 1;
        int c = class_of(target[i], K);
        if (c < 0)
            return NAN;
        double top = y[0], total = 0;
        for (int k = 1; k < K; k++)
            top = y[k] > top ? y[k] : top;
        for (int k = 0; k < K; k++)
            dy[k] = vexp_d(y[k] - top);
        for (int k = 0; k < K; k++)
            total += dy[k];
        sum += m * (top + log(total) - y[c]);
        double w = m * scale / total;
        for (int k = 0; k < K; k++)
            dy[k] *= w;
        dy[c] -= m * scale;
    }
    return sum * scale;
}

/* The loss of sample I's term K (CE: its row, K = 0), unmasked. */
static double term_loss(const net *n, net_loss loss, const double *target, long i, int k)
{
    int K = n->outputs;
    const double *y = n->out + (size_t)i * (size_t)K;
    if (loss == NET_LOSS_CE)
        return log_sum_exp(y, K) - y[class_of(target[i], K)];
    double t = target[(size_t)i * (size_t)K + (size_t)k];
    return loss == NET_LOSS_MSE ? (y[k] - t) * (y[k] - t) : bce(y[k], t);
}

/* The mean loss of the terms, weighted by the mask (terms: a sample's
 * row under CE, each output of a sample else). */
static double mean_term_loss(const net *n, net_loss loss, const double *target, const double *mask)
{
    int terms = loss == NET_LOSS_CE ? 1 : n->outputs;
    double sum = 0, weight = 0;
    for (long i = 0; i < n->n; i++)
        for (int k = 0; k < terms; k++) {
            double m = mask ? mask[(size_t)i * (size_t)terms + (size_t)k] : 1;
            sum += m * term_loss(n, loss, target, i, k);
            weight += m;
        }
    return sum / weight;
}

/* Each term's gradient times its loss over the terms' mean loss, so the
 * weights average 1. */
static void reweight_by_loss(net *n, net_loss loss, const double *target, const double *mask)
{
    int K = n->outputs, terms = loss == NET_LOSS_CE ? 1 : K;
    double mean = mean_term_loss(n, loss, target, mask), scale = mean > 0 ? 1 / mean : 0;
    for (long i = 0; i < n->n; i++)
        for (int k = 0; k < terms; k++) {
            double w = term_loss(n, loss, target, i, k) * scale;
            double *dy = n->dout + (size_t)i * (size_t)K;
            if (loss == NET_LOSS_CE)
                for (int c = 0; c < K; c++)
                    dy[c] *= w;
            else
                dy[k] *= w;
        }
}

double net_loss_grad(net *n, net_loss loss, const double *target, const double *mask)
{
    double value = loss == NET_LOSS_CE ? cross_entropy(n, target, mask)
                                       : elementwise(n, loss, target, mask);
    if (n->reweight && !isnan(value))
        reweight_by_loss(n, loss, target, mask);
    if (isnan(value))
        for (size_t i = 0; i < (size_t)n->n * (size_t)n->outputs; i++)
            n->dout[i] = 0;
    return value;
}

static void class_stats(const net *n, const double *target, const double *mask,
                        const unsigned char *rows, double *loss_k, double *acc_k)
{
    int K = n->outputs;
    double loss = 0, weight = 0, hits = 0, count = 0;
    for (long i = 0; i < n->n; i++) {
        if (rows && !rows[i])
            continue;
        const double *y = n->out + (size_t)i * (size_t)K;
        double m = mask ? mask[i] : 1;
        int c = class_of(target[i], K), best = 0;
        for (int k = 1; k < K; k++)
            best = y[k] > y[best] ? k : best;
        loss += c < 0 ? NAN : m * (log_sum_exp(y, K) - y[c]);
        weight += m;
        hits += best == c;
        count++;
    }
    loss_k[0] = loss / weight;
    acc_k[0] = hits / count;
}

void net_output_stats(const net *n, net_loss loss, const double *target, const double *mask,
                      const unsigned char *rows, double *loss_k, double *acc_k)
{
    if (loss == NET_LOSS_CE) {
        class_stats(n, target, mask, rows, loss_k, acc_k);
        return;
    }
    int K = n->outputs;
    double threshold = loss == NET_LOSS_MSE ? 0.5 : 0;
    for (int k = 0; k < K; k++) {
        double sum = 0, weight = 0, hits = 0, count = 0;
        for (long i = 0; i < n->n; i++) {
            if (rows && !rows[i])
                continue;
            size_t at = (size_t)i * (size_t)K + (size_t)k;
            double y = n->out[at], t = target[at], m = mask ? mask[at] : 1;
            sum += m * (loss == NET_LOSS_MSE ? (y - t) * (y - t) : bce(y, t));
            weight += m;
            hits += (y > threshold) == (t > 0.5);
            count++;
        }
        loss_k[k] = sum / weight;
        acc_k[k] = hits / count;
    }
}
