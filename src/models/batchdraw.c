#include "batchdraw.h"

#include <immintrin.h>

enum { MT_N = 624, MT_M = 397 };

void batchdraw_seed(batchdraw *s, unsigned long seed)
{
    if (seed == 0)
        seed = 4357;            /* GSL's default seed */
    s->mt[0] = (uint32_t)seed;
    for (int i = 1; i < MT_N; i++)
        s->mt[i] = 1812433253u * (s->mt[i - 1] ^ (s->mt[i - 1] >> 30)) + (uint32_t)i;
    s->next = MT_N;
}

static uint32_t twist(uint32_t upper, uint32_t lower, uint32_t far)
{
    uint32_t y = (upper & 0x80000000u) | (lower & 0x7fffffffu);
    return far ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
}

/* The next 624 words of Matsumoto and Nishimura's recurrence. */
static void refill(batchdraw *s)
{
    uint32_t *mt = s->mt;
    int k = 0;
    for (; k < MT_N - MT_M; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < MT_N - 1; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M - MT_N]);
    mt[MT_N - 1] = twist(mt[MT_N - 1], mt[0], mt[MT_M - 1]);
    s->next = 0;
}

static inline uint32_t temper(uint32_t y)
{
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

uint32_t batchdraw_word(batchdraw *s)
{
    if (s->next >= MT_N)
        refill(s);
    return temper(s->mt[s->next++]);
}

/* GSL keeps Knuth's form of the table: F[c] is (c + the probability of
 * keeping c) / K, so u itself is compared with it. */
static inline int draw_one(uint32_t word, double K, const double *F, const size_t *A)
{
    double u = temper(word) / 4294967296.0;
    size_t c = (size_t)(u * K);
    double f = F[c];
    size_t alias = A[c];
    /* keep c or take its alias without a branch: which one is as random
     * as u, and a mispredicted branch costs more than both */
    size_t keep = (size_t)0 - (size_t)((f == 1.0) | (u < f));
    return (int)((c & keep) | (alias & ~keep));
}

/* Four draws from words already tempered (as int32, less 2^31), with
 * AVX2: each lane does draw_one's operations, all exact but the one
 * rounding of u K, which is the same IEEE multiply, so the same skills. */
__attribute__((target("avx2"))) static inline __m128i draw_four(__m128i shifted, __m256d K, const double *F,
                                                                 const size_t *A)
{
    const __m256d two31 = _mm256_set1_pd(2147483648.0), inv32 = _mm256_set1_pd(1.0 / 4294967296.0);
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d u = _mm256_mul_pd(_mm256_add_pd(_mm256_cvtepi32_pd(shifted), two31), inv32);
    __m128i c = _mm256_cvttpd_epi32(_mm256_mul_pd(u, K));
    __m256d f = _mm256_i32gather_pd(F, c, 8);
    __m256i alias = _mm256_i32gather_epi64((const long long *)A, c, 8);
    __m256d keep = _mm256_or_pd(_mm256_cmp_pd(f, one, _CMP_EQ_OQ), _mm256_cmp_pd(u, f, _CMP_LT_OQ));
    __m256i chosen = _mm256_blendv_epi8(alias, _mm256_cvtepi32_epi64(c), _mm256_castpd_si256(keep));
    __m256i low = _mm256_permutevar8x32_epi32(chosen, _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0));
    return _mm256_castsi256_si128(low);
}

/* TAKE draws from WORDS, eight words tempered at a time, the rest one by one. */
__attribute__((target("avx2"))) static void draw_run_avx2(const uint32_t *words, int take, double K,
                                                          const double *F, const size_t *A, int *out)
{
    const __m256i mask7 = _mm256_set1_epi32((int)0x9d2c5680u), mask15 = _mm256_set1_epi32((int)0xefc60000u);
    const __m256i sign = _mm256_set1_epi32((int)0x80000000u);
    const __m256d Kv = _mm256_set1_pd(K);
    int i = 0;
    for (; i + 8 <= take; i += 8) {
        __m256i y = _mm256_loadu_si256((const __m256i *)(words + i));
        y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 11));
        y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 7), mask7));
        y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 15), mask15));
        y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 18));
        y = _mm256_xor_si256(y, sign);
        _mm_storeu_si128((__m128i *)(out + i), draw_four(_mm256_castsi256_si128(y), Kv, F, A));
        _mm_storeu_si128((__m128i *)(out + i + 4), draw_four(_mm256_extracti128_si256(y, 1), Kv, F, A));
    }
    for (; i < take; i++)
        out[i] = draw_one(words[i], K, F, A);
}

static void draw_run(const uint32_t *words, int take, double K, const double *F, const size_t *A, int *out)
{
    for (int i = 0; i < take; i++)
        out[i] = draw_one(words[i], K, F, A);
}

/* The words are taken a run of the state at a time. */
static void draw_with(batchdraw *s, const gsl_ran_discrete_t *table, int count, int *out, int vector)
{
    for (int b = 0; b < count;) {
        if (s->next >= MT_N)
            refill(s);
        int take = count - b < MT_N - s->next ? count - b : MT_N - s->next;
        const uint32_t *words = s->mt + s->next;
        if (vector)
            draw_run_avx2(words, take, (double)table->K, table->F, table->A, out + b);
        else
            draw_run(words, take, (double)table->K, table->F, table->A, out + b);
        s->next += take;
        b += take;
    }
}

void batchdraw_draw(batchdraw *s, const gsl_ran_discrete_t *table, int count, int *out)
{
    draw_with(s, table, count, out, __builtin_cpu_supports("avx2"));
}

void batchdraw_draw_scalar(batchdraw *s, const gsl_ran_discrete_t *table, int count, int *out)
{
    draw_with(s, table, count, out, 0);
}
