/* modelkeys.h - the one table of model settings: for each key, the model
 * kinds that accept it, its type, range, default, the ir_settings field
 * it fills and a line of documentation (skill(5), MODELS).  The checker,
 * the resolver (src/study/settings.c), `with`, `skill ir`, completion and
 * the test against skill(5) all read it.  Adding a key is a row here, its
 * field in ir.h and its entry in skill(5); a new type also needs its
 * resolver in settings.c. */
#ifndef SKILL_MODELKEYS_H
#define SKILL_MODELKEYS_H

#include "ast.h"

typedef enum {
    MKEY_NUMBER,                /* a double, checked against its range */
    MKEY_WORD,                  /* one of its words; the field holds the index */
    MKEY_BOOL,                  /* true or false; an int */
    MKEY_VECTORS,               /* a word, or a matrix into vector_matrix */
    MKEY_CORRELATION,           /* a matrix or gram(G); a value */
    MKEY_GATE,                  /* a gate function, kept as written */
    MKEY_OPTIMIZER,             /* an optimizer value */
    MKEY_RECORD,                /* a list of words; sets record_align */
    MKEY_SKILLS,                /* skills and nskills */
    MKEY_NUMBERS,               /* a vector, matrix or list of vectors, kept as a value */
} mkey_type;

/* Which numbers a MKEY_NUMBER accepts (every one is finite). */
typedef enum {
    MKEY_ANY,
    MKEY_POSITIVE,
    MKEY_NONNEG,
    MKEY_WHOLE_DIM,             /* a whole number from 1 to 1e9 */
    MKEY_WHOLE_COUNT,           /* a whole number from 0 to 1e9 */
    MKEY_WHOLE_NONNEG,          /* a whole number up to 2^53 */
} mkey_range;

enum {
    MKEY_NO_FIELD = -1,
    MKEY_FIXED = 1,             /* flag: `with` cannot change it */
    MKEY_FOLLOWS = 2,           /* flag: in a resource model the value may read t and
                                   u/s/p(X); it is then compiled, not a number (ir.h) */
};

#define MKEY_KIND(k) (1u << (k))
#define MKEY_RESOURCE MKEY_KIND(MODEL_RESOURCE)
#define MKEY_DOMINO MKEY_KIND(MODEL_DOMINO)
#define MKEY_GEOMETRY MKEY_KIND(MODEL_GEOMETRY)
#define MKEY_NETWORK MKEY_KIND(MODEL_NETWORK)
#define MKEY_QUANTA MKEY_KIND(MODEL_QUANTA)
#define MKEY_ALL_KINDS (MKEY_RESOURCE | MKEY_DOMINO | MKEY_GEOMETRY | MKEY_NETWORK | MKEY_QUANTA)

typedef struct model_key {
    const char *name;
    unsigned kinds;             /* MKEY_KIND bits of the kinds that accept it */
    mkey_type type;
    mkey_range range;           /* MKEY_NUMBER */
    const char *const *words;   /* MKEY_WORD, MKEY_VECTORS, MKEY_RECORD: NULL-ended */
    double fallback;            /* the default of a number, word (index) or bool */
    int field;                  /* offsetof in ir_settings */
    int given;                  /* offsetof an int set to 1 when given, or MKEY_NO_FIELD */
    int given_at;               /* offsetof a loc set to where it is given, or MKEY_NO_FIELD */
    unsigned flags;             /* MKEY_FIXED */
    unsigned shown;             /* the kinds whose `skill ir` settings line shows it */
    const char *doc;            /* one line */
} model_key;

/* The rows, in table order: I from 0; NULL past the last. */
const model_key *model_key_at(int i);
/* KEY as KIND accepts it, or NULL. */
const model_key *model_key_find(ast_model_kind kind, const char *key);
/* KEY for any kind, or NULL. */
const model_key *model_key_named(const char *key);
/* The names of KIND's keys in table order, NULL-ended (built once). */
const char *const *model_key_names(ast_model_kind kind);

/* What X must be, as a message says it ("positive"), if it is outside
 * KEY's range; NULL if X is valid. */
const char *model_key_invalid(const model_key *key, double x);

/* KEY's default for KIND: the table's fallback, but for a geometry
 * model's precision, single. */
double model_key_default(const model_key *key, ast_model_kind kind);

/* A word value's name: KEY's words[INDEX], or NULL past them. */
const char *model_key_word(const model_key *key, int index);

#endif
