"""seedci_coverage.py - calibration of the error bars over seeds
(tests/scripts/seedci-coverage.sh).

  gen FILE     writes synthetic two-width data with a known exponent:
               groups of m seeds (m = 4 and 8), GROUPS of each, one row a
               seed: seeds, grp, seed, y40, y220.
  check DATA INTERVALS
               reads skill's intervals for each group (jackknife, t,
               bootstrap), checks them against an independent numpy replica,
               prints each method's coverage of the true exponent and
               asserts the calibration; exit 1 on a failed check.

The data: each seed s has its own exponent a_s = ALPHA + TAU eta_s and level
c_s = KAPPA zeta_s; y(x) = exp(c_s - a_s ln x + SIGMA eps) at x = 40 and
220, with eta, zeta, eps independent standard normals.  Groups of 4 seeds
then scatter like the paper's Fig. 10 study at alpha = 2 (a standard
deviation of about 0.05 in the median-of-seeds exponent).  Each seed's own
two-point exponent is normal with mean ALPHA, so the t interval is exact:
+-1 stderr covers ALPHA with probability P(|T_{m-1}| <= 1) and [lo, hi] with
0.95.
"""
import csv
import itertools
import math
import sys

import numpy as np

ALPHA, TAU, SIGMA, KAPPA = 2.0, 0.08, 0.05, 0.3
GROUPS, SEED_COUNTS, WIDTHS = 1000, (4, 8), (40.0, 220.0)
LOG_RATIO = math.log(WIDTHS[1] / WIDTHS[0])


def gen(path):
    rng = np.random.default_rng(20261203)
    with open(path, "w") as f:
        f.write("seeds,grp,seed,y40,y220\n")
        for m in SEED_COUNTS:
            for g in range(GROUPS):
                slopes = ALPHA + TAU * rng.standard_normal(m)
                levels = KAPPA * rng.standard_normal(m)
                noise = SIGMA * rng.standard_normal((m, 2))
                for s in range(m):
                    y = [math.exp(levels[s] - slopes[s] * math.log(x) + noise[s, i])
                         for i, x in enumerate(WIDTHS)]
                    f.write("%d,%d,%d,%.17g,%.17g\n" % (m, g + 1, s + 1, y[0], y[1]))


def t_within(nu, t):
    """P(|T_nu| <= t), Simpson's rule on Student's density."""
    c = math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(nu * math.pi)
    u = np.linspace(0.0, t, 20001)
    f = c * (1 + u * u / nu) ** (-(nu + 1) / 2)
    h = u[1] - u[0]
    return 2 * h / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())


def slope(y40, y220):
    return -(np.log(y220) - np.log(y40)) / LOG_RATIO


def median_slope(y40, y220):
    return slope(np.median(y40, axis=-1), np.median(y220, axis=-1))


def jackknife(y40, y220):
    m = y40.shape[1]
    loo = np.stack([median_slope(np.delete(y40, i, 1), np.delete(y220, i, 1)) for i in range(m)], 1)
    return np.sqrt((m - 1) / m * ((loo - loo.mean(1, keepdims=True)) ** 2).sum(1))


def exact_bootstrap_sd(y40, y220):
    """The bootstrap's standard deviation over all m^m equally likely draws."""
    m = y40.shape[1]
    draws = np.array(list(itertools.product(range(m), repeat=m)))
    return np.array([median_slope(a[draws], b[draws]).std() for a, b in zip(y40, y220)])


class Checks:
    def __init__(self):
        self.failed = 0

    def require(self, ok, what):
        if not ok:
            print("FAIL:", what)
            self.failed += 1


def coverage(est, se, lo, hi):
    err = np.abs(est - ALPHA)
    return np.mean(err <= se), np.mean(err <= 2 * se), np.mean((lo <= ALPHA) & (ALPHA <= hi))


def check_replica(checks, m, col, y40, y220):
    per_seed = slope(y40, y220)
    checks.require(np.allclose(col("t"), per_seed.mean(1), rtol=0, atol=1e-12) and
                   np.allclose(col("t_se"), per_seed.std(1, ddof=1) / math.sqrt(m), rtol=0, atol=1e-12),
                   "m = %d: t_slope differs from numpy's mean and sd / sqrt(m)" % m)
    median = median_slope(y40, y220)
    checks.require(np.allclose(col("jk"), median, rtol=0, atol=1e-12) and
                   np.allclose(col("bs"), median, rtol=0, atol=1e-12),
                   "m = %d: the median-of-seeds exponent differs from numpy's" % m)
    checks.require(np.allclose(col("jk_se"), jackknife(y40, y220), rtol=0, atol=1e-12),
                   "m = %d: jackknife_slope's stderr differs from numpy's" % m)
    if m == 4:      # 256 draws; 2000 resamples put the sd within a few per cent
        exact = exact_bootstrap_sd(y40[:200], y220[:200])
        worst = np.max(np.abs(col("bs_se")[:200] - exact) / exact)
        print("m = 4: bootstrap stderr within %.1f %% of the exact bootstrap's (200 groups)" % (100 * worst))
        checks.require(worst < 0.1, "m = 4: bootstrap_slope's stderr is %.0f %% off the exact bootstrap's" % (100 * worst))


def check_calibration(checks, m, col):
    n = len(col("t"))
    within1 = t_within(m - 1, 1.0)
    band = 3.2905 * math.sqrt(within1 * (1 - within1) / n)      # binomial, two-sided 99.9 %
    print("m = %d, %d groups; +-1 stderr of an exact t interval covers %.4f (band %.3f..%.3f)"
          % (m, n, within1, within1 - band, within1 + band))
    print("  method     +-1 se  +-2 se  [lo, hi]  mean se  sd of estimate  bias")
    cover = {}
    for name, key in (("jackknife", "jk"), ("t", "t"), ("bootstrap", "bs")):
        cover[key] = coverage(col(key), col(key + "_se"), col(key + "_lo"), col(key + "_hi"))
        est = col(key)
        print("  %-9s  %6.3f  %6.3f  %8.3f  %7.4f  %14.4f  %+.4f" % ((name,) + cover[key] + (
            col(key + "_se").mean(), est.std(ddof=1), est.mean() - ALPHA)))
    checks.require(cover["t"][2] >= 0.90, "m = %d: the t interval covers %.3f < 0.90" % (m, cover["t"][2]))
    checks.require(abs(cover["t"][0] - within1) <= band,
                   "m = %d: +-1 t stderr covers %.3f, outside %.3f +- %.3f" % (m, cover["t"][0], within1, band))
    # The jackknife of a median: a stderr as large as the spread on average,
    # but so variable that its nominal 95 % interval covers about 0.88.
    low = 0.95 - 3.2905 * math.sqrt(0.95 * 0.05 / n)
    checks.require(cover["jk"][2] < low, "m = %d: the jackknife's 95 %% interval covers %.3f, "
                   "no longer below %.3f: update skill(5)" % (m, cover["jk"][2], low))
    if m == 4:      # 35 distinct resamples: the percentile interval is too short
        checks.require(cover["bs"][2] < low, "m = 4: the bootstrap's interval covers %.3f, no longer "
                       "below %.3f: update skill(5)" % (cover["bs"][2], low))


def check(data_path, intervals_path):
    data = np.genfromtxt(data_path, delimiter=",", names=True)
    rows = list(csv.DictReader(open(intervals_path)))
    checks = Checks()
    for m in SEED_COUNTS:
        mine = [r for r in rows if int(r["m"]) == m]
        group = data[data["seeds"] == m]
        y40, y220 = group["y40"].reshape(-1, m), group["y220"].reshape(-1, m)
        checks.require(len(mine) == GROUPS == len(y40), "m = %d: %d groups of intervals" % (m, len(mine)))

        def col(key):
            return np.array([float(r[key]) for r in mine])
        check_replica(checks, m, col, y40, y220)
        check_calibration(checks, m, col)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["gen"]:
        gen(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3]))
