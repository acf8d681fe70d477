/* fma_peak.c - this machine's float32 arithmetic peak, on one core and on
 * all cores: independent chains of 8-wide FMAs (a fused multiply-add is 2
 * flops a lane), and independent 8-wide multiplies and adds without fusing
 * (what the Geometry kernels use, so that their bits do not depend on the
 * CPU: src/models/kernels32.h).  Each thread runs its own chains for a
 * fixed number of rounds; the rate is flops over the slowest thread's
 * wall time.  Prints "fma 1 R", "fma N R", "muladd 1 R", "muladd N R"
 * (R in GFLOP/s, N the threads).
 * Build: cc -O2 -pthread bench/fma_peak.c -o fma_peak
 * Usage: fma_peak [threads] */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <immintrin.h>

enum { CHAINS = 12, ROUNDS = 200000000 };

typedef struct job {
    int fused;
    float out;
} job;

/* Twelve chains in named variables, so that they live in registers. */
#define CHAINS12(OP) OP(0) OP(1) OP(2) OP(3) OP(4) OP(5) OP(6) OP(7) OP(8) OP(9) OP(10) OP(11)
#define DECLARE(c) __m256 acc##c = _mm256_set1_ps((float)(c));
#define SUM(c) _mm256_storeu_ps(lane, acc##c); s += lane[0];
#define FMA(c) acc##c = _mm256_fmadd_ps(acc##c, a, b);
/* even chains multiply, odd chains add: a multiply pipe and an add pipe */
#define MULADD(c) acc##c = (c) % 2 ? _mm256_add_ps(acc##c, b) : _mm256_mul_ps(acc##c, a);

__attribute__((target("avx2,fma"))) static float fma_chains(void)
{
    const __m256 a = _mm256_set1_ps(0.99999f), b = _mm256_set1_ps(1e-5f);
    CHAINS12(DECLARE)
    for (long r = 0; r < ROUNDS; r++) {
        CHAINS12(FMA)
    }
    float lane[8], s = 0;
    CHAINS12(SUM)
    return s;
}

__attribute__((target("avx2"))) static float muladd_chains(void)
{
    const __m256 a = _mm256_set1_ps(0.99999f), b = _mm256_set1_ps(1e-5f);
    CHAINS12(DECLARE)
    for (long r = 0; r < ROUNDS; r++) {
        CHAINS12(MULADD)
    }
    float lane[8], s = 0;
    CHAINS12(SUM)
    return s;
}

static void *run(void *arg)
{
    job *j = arg;
    j->out = j->fused ? fma_chains() : muladd_chains();
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* GFLOP/s of THREADS threads at once. */
static double rate(int fused, int threads)
{
    pthread_t t[64];
    job jobs[64];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        jobs[i] = (job){fused, 0};
        pthread_create(&t[i], NULL, run, &jobs[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    double seconds = now() - t0;
    double flops_per_op = fused ? 16.0 : 8.0;
    return threads * (double)ROUNDS * CHAINS * flops_per_op / seconds / 1e9;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "usage: fma_peak [threads 1..64]\n");
        return 2;
    }
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
        fprintf(stderr, "fma_peak: this CPU has no AVX2 and FMA\n");
        return 2;
    }
    printf("fma 1 %.1f\n", rate(1, 1));
    printf("fma %d %.1f\n", threads, rate(1, threads));
    printf("muladd 1 %.1f\n", rate(0, 1));
    printf("muladd %d %.1f\n", threads, rate(0, threads));
    return 0;
}
