/* vexp.h - exp(x) in straight-line code that a compiler turns into SIMD
 * instructions inside a loop (libm's exp is a call per element, which
 * left the network's silu at a third of a training step).  Cody-Waite
 * reduction x = k ln2 + r, |r| <= ln2/2, a Taylor polynomial of e^r
 * (degree 13 in double, 7 in float: truncation below half an ulp), and
 * 2^k put together from its bits.  Within a few ulps of exp; arguments
 * are clamped to where 2^k is a normal number (e^-708 for anything
 * smaller, e^709 for anything larger: the callers take 1 / (1 + e^x)). */
#ifndef SKILL_VEXP_H
#define SKILL_VEXP_H

#include <stdint.h>
#include <string.h>

static inline double vexp_d(double x)
{
    const double shift = 0x1.8p52, log2e = 0x1.71547652b82fep0;
    const double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
    x = x < -708 ? -708 : x;
    x = x > 709 ? 709 : x;
    double t = x * log2e + shift, k = t - shift;
    double r = (x - k * ln2_hi) - k * ln2_lo;
    double p = 1.0 / 6227020800;
    p = p * r + 1.0 / 479001600;
    p = p * r + 1.0 / 39916800;
    p = p * r + 1.0 / 3628800;
    p = p * r + 1.0 / 362880;
    p = p * r + 1.0 / 40320;
    p = p * r + 1.0 / 5040;
    p = p * r + 1.0 / 720;
    p = p * r + 1.0 / 120;
    p = p * r + 1.0 / 24;
    p = p * r + 1.0 / 6;
    p = p * r + 0.5;
    p = p * r + 1;
    p = p * r + 1;
    uint64_t tb, sb;
    memcpy(&tb, &t, sizeof tb);
    memcpy(&sb, &shift, sizeof sb);
    uint64_t scale_bits = (tb - sb + 1023) << 52;
    double scale;
    memcpy(&scale, &scale_bits, sizeof scale);
    return p * scale;
}

static inline float vexp_f(float x)
{
    const float shift = 0x1.8p23f, log2e = 0x1.715476p0f;
    const float ln2_hi = 0x1.62e400p-1f, ln2_lo = 0x1.7f7d1cp-20f;
    x = x < -87 ? -87 : x;
    x = x > 88 ? 88 : x;
    float t = x * log2e + shift, k = t - shift;
    float r = (x - k * ln2_hi) - k * ln2_lo;
    float p = 1.0f / 5040;
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1;
    p = p * r + 1;
    uint32_t tb, sb;
    memcpy(&tb, &t, sizeof tb);
    memcpy(&sb, &shift, sizeof sb);
    uint32_t scale_bits = (tb - sb + 127) << 23;
    float scale;
    memcpy(&scale, &scale_bits, sizeof scale);
    return p * scale;
}

#endif
