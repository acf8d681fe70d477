/* Task vectors from a correlation matrix (vectors = from_correlation(C)):
 * their Gram matrix T T^T is C to 1e-12, whether C is positive definite
 * (Cholesky) or only semi-definite (eigenvectors); the identity gives the
 * `orthogonal` vectors of the same seed bit for bit; the same seed gives
 * the same bytes; a matrix that is not positive semi-definite names its
 * smallest eigenvalue, and one of higher rank than dim is refused. */
#include <math.h>
#include <stdint.h>

#include "testkit.h"
#include "vectors.h"

/* A deterministic generator, so the test needs nothing but vectors.c. */
static double uniform(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(*state >> 11) / 9007199254740992.0 - 0.5;
}

/* C = A A^T scaled to a unit diagonal, A K x r: a correlation of rank r. */
static double *correlation_of_rank(int K, int r, unsigned long seed)
{
    double *A = malloc((size_t)K * r * sizeof *A), *C = malloc((size_t)K * K * sizeof *C);
    for (int i = 0; i < K * r; i++)
        A[i] = uniform(&seed);
    for (int i = 0; i < K; i++)
        for (int j = 0; j < K; j++) {
            double s = 0;
            for (int k = 0; k < r; k++)
                s += A[i * r + k] * A[j * r + k];
            C[i * K + j] = s;
        }
    for (int i = 0; i < K; i++)
        for (int j = 0; j < K; j++)
            if (i != j)
                C[i * K + j] /= sqrt(C[i * K + i] * C[j * K + j]);
    for (int i = 0; i < K; i++)
        C[i * K + i] = 1;
    free(A);
    return C;
}

/* max |(T T^T)_ij - C_ij| */
static double gram_error(const double *T, const double *C, int K, int n)
{
    double worst = 0;
    for (int i = 0; i < K; i++)
        for (int j = 0; j < K; j++) {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += T[i * n + k] * T[j * n + k];
            worst = fmax(worst, fabs(s - C[i * K + j]));
        }
    return worst;
}

static void check_gram(const char *what, const double *C, int K, int n, int want_rank)
{
    double *T = malloc((size_t)K * n * sizeof *T), *again = malloc((size_t)K * n * sizeof *again);
    char err[256] = "";
    int rank;
    double smallest;
    CHECK(vectors_correlation_rank(C, K, &rank, &smallest) == 0 && rank == want_rank,
          "%s: rank %d (want %d), smallest eigenvalue %g", what, rank, want_rank, smallest);
    CHECK(vectors_from_correlation(C, T, K, n, 7, err, sizeof err) == 0, "%s: %s", what, err);
    double e = gram_error(T, C, K, n);
    CHECK(e < 1e-12, "%s: T T^T differs from C by %.3g", what, e);
    CHECK(vectors_from_correlation(C, again, K, n, 7, err, sizeof err) == 0 &&
          memcmp(T, again, (size_t)K * n * sizeof *T) == 0, "%s: the same seed gave other vectors", what);
    CHECK(vectors_from_correlation(C, again, K, n, 8, err, sizeof err) == 0 &&
          memcmp(T, again, (size_t)K * n * sizeof *T) != 0 && gram_error(again, C, K, n) < 1e-12,
          "%s: another seed should turn the vectors, keeping their Gram matrix", what);
    free(T);
    free(again);
}

static void test_identity_is_orthogonal(void)
{
    enum { K = 5, N = 16 };
    double C[K * K] = {0}, T[K * N], O[K * N];
    char err[256] = "";
    for (int i = 0; i < K; i++)
        C[i * K + i] = 1;
    CHECK(vectors_from_correlation(C, T, K, N, 3, err, sizeof err) == 0, "identity: %s", err);
    CHECK(vectors_fill(VEC_ORTHOGONAL, O, K, N, 3, err, sizeof err) == 0, "orthogonal: %s", err);
    CHECK(memcmp(T, O, sizeof T) == 0, "from_correlation(I) is not `orthogonal` with the same seed");
}

static void test_not_semidefinite(void)
{
    double C[4] = {1, 1.5, 1.5, 1};    /* eigenvalues 2.5 and -0.5 */
    double T[2 * 4];
    char err[256] = "";
    int rank;
    double smallest;
    CHECK(vectors_correlation_rank(C, 2, &rank, &smallest) == -1, "[[1, 1.5], [1.5, 1]] passed as PSD");
    CHECK(fabs(smallest + 0.5) < 1e-15, "smallest eigenvalue %.17g, not -0.5", smallest);
    CHECK(vectors_from_correlation(C, T, 2, 4, 0, err, sizeof err) == -1 &&
          strstr(err, "not positive semi-definite"), "built vectors for a non-PSD matrix: '%s'", err);
}

static void test_rank_above_dim(void)
{
    double *C = correlation_of_rank(6, 3, 11), T[6 * 2];
    char err[256] = "";
    CHECK(vectors_from_correlation(C, T, 6, 2, 0, err, sizeof err) == -1 &&
          strcmp(err, "the correlation matrix has rank 3, more than dim = 2") == 0, "rank 3 in dim 2: '%s'", err);
    free(C);
}

int main(void)
{
    test_identity_is_orthogonal();
    double *pd = correlation_of_rank(8, 12, 1), *psd = correlation_of_rank(8, 3, 2);
    check_gram("positive definite, K 8 in dim 20", pd, 8, 20, 8);
    check_gram("positive definite, K 8 in dim 8", pd, 8, 8, 8);
    check_gram("rank 3, K 8 in dim 3", psd, 8, 3, 3);
    check_gram("rank 3, K 8 in dim 50", psd, 8, 50, 3);
    double ones[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};       /* one vector three times */
    check_gram("all ones, rank 1", ones, 3, 4, 1);
    free(pd);
    free(psd);
    test_not_semidefinite();
    test_rank_above_dim();
    printf("%s\n", failures ? "FAIL" : "PASS: vectors from a correlation matrix");
    return failures != 0;
}
