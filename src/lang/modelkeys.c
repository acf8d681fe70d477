#include "modelkeys.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "ir.h"

static const char *const loss_words[] = {"mse", "ce", NULL};
static const char *const compete_words[] = {"all", "gated", NULL};
static const char *const solver_words[] = {"euler", "rk45", "rk8pd", "msbdf", NULL};
static const char *const vector_words[] = {"orthogonal", "random", "gauss", "onehot", "hadamard", NULL};
static const char *const record_words[] = {"level", "loss", "align", NULL};
static const char *const task_words[] = {"parity", "multitask", "regression", "modular", NULL};
static const char *const activation_words[] = {"relu", "silu", "tanh", "gelu", NULL};
static const char *const precision_words[] = {"double", "single", NULL};
static const char *const level_words[] = {"accuracy", "above_chance", NULL};
static const char *const reweight_words[] = {"none", "loss", NULL};

/* Word keys store the index into their words in an enum field. */
_Static_assert(sizeof(ir_loss) == sizeof(int) && sizeof(ir_compete) == sizeof(int) &&
               sizeof(ir_solver) == sizeof(int) && sizeof(ir_vectors) == sizeof(int) &&
               sizeof(ir_net_task) == sizeof(int) && sizeof(ir_activation) == sizeof(int) &&
               sizeof(ir_precision) == sizeof(int) && sizeof(ir_net_level) == sizeof(int) &&
               sizeof(ir_reweight) == sizeof(int),
               "word fields are ints");

#define FIELD(f) ((int)offsetof(ir_settings, f))
#define NONE MKEY_NO_FIELD
#define R MKEY_RESOURCE
#define D MKEY_DOMINO
#define G MKEY_GEOMETRY
#define N MKEY_NETWORK
#define Q MKEY_QUANTA

/* The order is each kind's order in skill(5) (and of "did you mean"). */
static const model_key table[] = {
    {"eta", R | D | Q, MKEY_NUMBER, MKEY_POSITIVE, NULL, 0, FIELD(eta), FIELD(has_eta), NONE, MKEY_FOLLOWS, R | D | Q,
     "the effective learning rate; default 2*sqrt(dim)*lr"},
    {"dim", R | D | G, MKEY_NUMBER, MKEY_WHOLE_DIM, NULL, 0, FIELD(dim), FIELD(has_dim), NONE, 0, G,
     "the number of parameters (required by geometry)"},
    {"lr", R | D, MKEY_NUMBER, MKEY_POSITIVE, NULL, 0, FIELD(lr), FIELD(has_lr), NONE, 0, 0,
     "the learning rate that, with dim, gives eta"},
    {"N0", R, MKEY_NUMBER, MKEY_NONNEG, NULL, 0, FIELD(N0), NONE, NONE, MKEY_FOLLOWS, R,
     "wasted resources"},
    {"capacity", D | Q, MKEY_NUMBER, MKEY_WHOLE_NONNEG, NULL, 0, FIELD(capacity), FIELD(has_capacity), NONE,
     0, D | Q, "how many skills can be learned; default all"},
    {"modules", D, MKEY_NUMBER, MKEY_WHOLE_DIM, NULL, 1, FIELD(modules), NONE, NONE, 0, 0,
     "modules learning in parallel, each with 1/modules of the parameters"},
    {"vectors", G, MKEY_VECTORS, MKEY_ANY, vector_words, VEC_ORTHOGONAL, FIELD(vectors), NONE,
     FIELD(vectors_at), 0, G,
     "the task vectors: a kind, a matrix or from_correlation(C); default orthogonal if they fit"},
    {"task", N, MKEY_WORD, MKEY_ANY, task_words, NET_TASK_PARITY, FIELD(task), NONE, FIELD(task_at), 0, N,
     "the data the network learns from its skills"},
    {"bits", N, MKEY_NUMBER, MKEY_WHOLE_DIM, NULL, 32, FIELD(bits), NONE, FIELD(bits_at), 0, N,
     "input bits of the parity tasks"},
    {"k", N, MKEY_NUMBER, MKEY_WHOLE_DIM, NULL, 2, FIELD(k), NONE, FIELD(k_at), 0, N,
     "bits per skill when they are drawn at random"},
    {"parity", N, MKEY_NUMBERS, MKEY_ANY, NULL, 0, FIELD(parity), NONE, FIELD(parity_at), 0, 0,
     "each skill's bit indices, from 0; default k random bits"},
    {"samples", N, MKEY_NUMBER, MKEY_WHOLE_DIM, NULL, 10000, FIELD(samples), NONE, NONE, 0, N,
     "the data set's size (multitask: each step's batch)"},
    {"split", N, MKEY_NUMBER, MKEY_POSITIVE, NULL, 1, FIELD(split), NONE, FIELD(split_at), 0, N,
     "the training fraction; 1: no test set"},
    {"hidden", N, MKEY_NUMBERS, MKEY_ANY, NULL, 0, FIELD(hidden), NONE, FIELD(hidden_at), 0, 0,
     "the hidden layers' widths; default [50]"},
    {"activation", N, MKEY_WORD, MKEY_ANY, activation_words, ACT_RELU, FIELD(activation), NONE, NONE, 0, N,
     "the activation between layers"},
    {"loss", R | G | N, MKEY_WORD, MKEY_ANY, loss_words, LOSS_MSE, FIELD(loss), FIELD(has_loss), FIELD(loss_at),
     0, R | G | N, "squared error or cross-entropy"},
    {"modular", N, MKEY_BOOL, MKEY_ANY, NULL, 0, FIELD(modular), NONE, FIELD(modular_at), 0, N,
     "one sub-network per skill (regression)"},
    {"embed", N, MKEY_NUMBER, MKEY_WHOLE_DIM, NULL, 128, FIELD(embed), NONE, NONE, 0, 0,
     "the embedding width of the modular-addition task"},
    {"modulus", N, MKEY_NUMBER, MKEY_WHOLE_DIM, NULL, 59, FIELD(modulus), NONE, FIELD(modulus_at), 0, 0,
     "p of the modular-addition task"},
    {"correlation", R, MKEY_CORRELATION, MKEY_ANY, NULL, 0, FIELD(correlation), NONE,
     FIELD(correlation_at), 0, 0, "the skills' correlation matrix or gram(G); default the identity"},
    {"gate", R, MKEY_GATE, MKEY_ANY, NULL, 0, FIELD(gate), NONE, NONE, MKEY_FIXED, 0,
     "the gate function of needs formulas; default sharp(0.01)"},
    {"compete", R, MKEY_WORD, MKEY_ANY, compete_words, COMPETE_ALL, FIELD(compete), NONE, NONE, 0, R,
     "which skills compete in the denominator"},
    {"solver", R, MKEY_WORD, MKEY_ANY, solver_words, SOLVER_RK8PD, FIELD(solver), NONE, NONE, 0, R,
     "the integrator"},
    {"tol", R, MKEY_NUMBER, MKEY_POSITIVE, NULL, 1e-10, FIELD(tol), NONE, NONE, 0, R,
     "the error tolerance of the adaptive solvers"},
    {"clamp", R, MKEY_BOOL, MKEY_ANY, NULL, 1, FIELD(clamp), NONE, NONE, 0, 0,
     "keep u >= 0 under the squared error"},
    {"batch", G | N, MKEY_NUMBER, MKEY_WHOLE_COUNT, NULL, 0, FIELD(batch), NONE, FIELD(batch_at), 0, G | N,
     "skills (geometry) or samples (network) drawn per step; 0: all"},
    {"noise", G, MKEY_NUMBER, MKEY_NONNEG, NULL, 0, FIELD(noise), NONE, NONE, 0, G,
     "the standard deviation of Gaussian noise on the gradient"},
    {"optimizer", G | N, MKEY_OPTIMIZER, MKEY_ANY, NULL, 0, FIELD(optimizer), NONE, NONE, 0, 0,
     "the optimizer (required)"},
    {"seed", G | N, MKEY_NUMBER, MKEY_WHOLE_NONNEG, NULL, 0, FIELD(seed), NONE, NONE, 0, G | N,
     "the seed of every random draw of the run"},
    {"precision", G | N, MKEY_WORD, MKEY_ANY, precision_words, PRECISION_DOUBLE, FIELD(precision),
     FIELD(has_precision), NONE, 0, G | N, "float64 or float32 arithmetic; default single (geometry), double (network)"},
    {"reweight", G | N, MKEY_WORD, MKEY_ANY, reweight_words, REWEIGHT_NONE, FIELD(reweight), NONE, NONE, 0, 0,
     "weigh each loss term by its own loss, over the batch's mean (the paper's section 4.3)"},
    {"reweight_steps", G | N, MKEY_NUMBER, MKEY_WHOLE_NONNEG, NULL, 0, FIELD(reweight_steps), NONE, NONE, 0, 0,
     "how many steps, from the first, reweight applies to; 0: every step"},
    {"level", N, MKEY_WORD, MKEY_ANY, level_words, NET_LEVEL_ACCURACY, FIELD(level), NONE, NONE, 0, N,
     "a skill's level: its accuracy, or the accuracy above chance scaled to [0, 1]"},
    {"record", G, MKEY_RECORD, MKEY_ANY, record_words, 0, FIELD(record_align), NONE, NONE, 0, 0,
     "what a run records besides level and loss"},
    {"skills", R | D | G | N | Q, MKEY_SKILLS, MKEY_ANY, NULL, 0, FIELD(skills), NONE, NONE, MKEY_FIXED, 0,
     "the skills the model uses; default all"},
};

enum { NKEYS = sizeof table / sizeof *table, NKINDS = MODEL_NKINDS };

const model_key *model_key_at(int i)
{
    return i >= 0 && i < NKEYS ? &table[i] : NULL;
}

const model_key *model_key_named(const char *key)
{
    for (int i = 0; i < NKEYS; i++)
        if (strcmp(table[i].name, key) == 0)
            return &table[i];
    return NULL;
}

const model_key *model_key_find(ast_model_kind kind, const char *key)
{
    const model_key *k = model_key_named(key);
    return k && (k->kinds & MKEY_KIND(kind)) ? k : NULL;
}

static const char *kind_names[NKINDS][NKEYS + 1];
static pthread_once_t kind_names_once = PTHREAD_ONCE_INIT;

static void fill_kind_names(void)
{
    for (int kind = 0; kind < NKINDS; kind++) {
        int n = 0;
        for (int i = 0; i < NKEYS; i++)
            if (table[i].kinds & MKEY_KIND(kind))
                kind_names[kind][n++] = table[i].name;
        kind_names[kind][n] = NULL;
    }
}

const char *const *model_key_names(ast_model_kind kind)
{
    pthread_once(&kind_names_once, fill_kind_names);
    return kind_names[kind];
}

const char *model_key_invalid(const model_key *key, double x)
{
    int whole = isfinite(x) && x == floor(x);
    if (!isfinite(x))
        return "finite";
    switch (key->range) {
    case MKEY_ANY: return NULL;
    case MKEY_POSITIVE: return x > 0 ? NULL : "positive";
    case MKEY_NONNEG: return x >= 0 ? NULL : "zero or positive";
    case MKEY_WHOLE_DIM: return whole && x >= 1 && x <= 1e9 ? NULL : "a whole number from 1 to 1e9";
    /* drawn one by one, counted in an int */
    case MKEY_WHOLE_COUNT: return whole && x >= 0 && x <= 1e9 ? NULL : "a whole number from 0 to 1e9";
    case MKEY_WHOLE_NONNEG:
        return whole && x >= 0 && x <= 9007199254740992.0 ? NULL : "a whole number, zero or more";
    }
    return NULL;
}

double model_key_default(const model_key *key, ast_model_kind kind)
{
    if (kind == MODEL_GEOMETRY && key->field == FIELD(precision))
        return PRECISION_SINGLE;        /* its float32 kernels (src/models/kernels32.h) */
    return key->fallback;
}

const char *model_key_word(const model_key *key, int index)
{
    for (int i = 0; key->words && key->words[i]; i++)
        if (i == index)
            return key->words[i];
    return NULL;
}
