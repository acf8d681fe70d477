"""Writes bounds.txt from results/*.txt: the ranges the C tests assert.

Rules (docs/network-validation.md, "Margins"):
  seed:   every seed's value lies in [min / 1.25, 1.25 * max] of the
          measured per-seed values;
  median: the median over M runs lies in the 99.9 % bootstrap interval of
          that median (M of the measured runs resampled 100 000 times),
          widened by 10 %;
  fixed:  a bound stated with its reason on its line."""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WIDEN_SEED, WIDEN_MEDIAN = 1.25, 1.10


def table(name):
    """Rows of results/NAME as lists of fields (comments skipped)."""
    with open(os.path.join(HERE, "results", name)) as f:
        return [line.split() for line in f if line.strip() and not line.startswith("#")]


def column(rows, i, keep=lambda r: True):
    return np.array([float(r[i]) for r in rows if keep(r) and r[i] != "NA"])


def per_seed(name, values, what):
    lo, hi = values.min() / WIDEN_SEED, values.max() * WIDEN_SEED
    return name, lo, hi, "seed: %s; %d values measured %.4g..%.4g, widened 25%%" % (
        what, len(values), values.min(), values.max())


def median_of(name, values, m, what):
    rng = np.random.default_rng(12)
    medians = np.median(rng.choice(values, size=(100000, m)), axis=1)
    qlo, qhi = np.quantile(medians, [0.0005, 0.9995])
    return name, qlo / WIDEN_MEDIAN, qhi * WIDEN_MEDIAN, (
        "median over %d runs: %s; 99.9%% bootstrap %.4g..%.4g from %d measured (median %.4g), widened 10%%"
        % (m, what, qlo, qhi, len(values), np.median(values)))


def fig02():
    rows = table("fig02_bottom.txt")
    out = [per_seed("fig02_t1_90", column(rows, 2), "steps to accuracy 0.9 of the frequent task, any p2")]
    for p2 in ("1", "0.5", "0.2", "0.1", "0.05"):
        out.append(per_seed("fig02_ratio90_p" + p2, column(rows, 4, lambda r: r[1] == p2),
                            "t2/t1 at accuracy 0.9, p2 = " + p2))
    out.append(median_of("fig02_ratio90_p0.1_median5", column(rows, 4, lambda r: r[1] == "0.1"), 5,
                         "t2/t1 at accuracy 0.9, p2 = 0.1"))
    return out


def fig16():
    rows = table("fig16.txt")
    out = []
    for case, short in (("dependent", "dep"), ("independent", "ind")):
        sel = [r for r in rows if r[0] == case]
        t12 = np.concatenate([column(sel, 2), column(sel, 3)])
        gap = np.array([float(r[4]) - max(float(r[2]), float(r[3])) for r in sel])
        out += [per_seed("fig16_%s_t12" % short, t12, "%s case, steps to accuracy 0.9 of tasks 1 and 2" % case),
                per_seed("fig16_%s_ratio" % short, column(sel, 5), "%s case, t3 / max(t1, t2)" % case),
                per_seed("fig16_%s_gap" % short, gap, "%s case, t3 - max(t1, t2) in steps" % case)]
    return out


def fig13():
    rows = table("fig13.txt")
    names = ("signgd_wd0", "signgd_wd0.03", "adam_wd0.03", "adam_wd0")
    out = []
    for i, name in enumerate(names[:3]):
        out.append(per_seed("fig13_%s_t80" % name, column(rows, 1 + 3 * i), name + ", steps to test accuracy 0.8"))
        if name != "signgd_wd0":
            out.append(per_seed("fig13_%s_t90" % name, column(rows, 2 + 3 * i),
                                name + ", steps to test accuracy 0.9"))
    ratio80 = column(rows, 7) / column(rows, 4)
    out.append(per_seed("fig13_wd0.03_ratio80", ratio80, "adam t80 / signgd t80, weight decay 0.03"))
    out.append(per_seed("fig13_wd0.03_ratio90", column(rows, 13), "adam t90 / signgd t90, weight decay 0.03"))
    adam0 = column(rows, 12)
    out.append(("fig13_adam_wd0_maxacc", 0.0, 0.1,
                "fixed: adam without weight decay, best test accuracy in 1000 steps; measured %.4g..%.4g "
                "over %d seeds (the reference: 0.020 at step 1000); 0.1 is 1.7 times the largest, 6 times chance (1/59)"
                % (adam0.min(), adam0.max(), len(adam0))))
    return out


def fig19():
    rows = table("fig19.txt")
    rn, rm = column(rows, 3), column(rows, 6)
    t1n, t2n, t1m, t2m = (column(rows, i) for i in (1, 2, 4, 5))
    better = column(rows, 7)
    return [
        per_seed("fig19_ratio_nonmodular", rn, "non-modular t2/t1"),
        per_seed("fig19_ratio_modular", rm, "modular t2/t1"),
        per_seed("fig19_ratio_of_ratios", rn / rm, "non-modular t2/t1 over modular t2/t1, same data and weights"),
        per_seed("fig19_t1_modular_over_nonmodular", t1m / t1n, "modular t1 / non-modular t1"),
        per_seed("fig19_t2_modular_over_nonmodular", t2m / t2n, "modular t2 / non-modular t2"),
        median_of("fig19_ratio_nonmodular_median20", rn, 20, "non-modular t2/t1"),
        median_of("fig19_ratio_modular_median20", rm, 20, "modular t2/t1"),
        ("fig19_fraction_modular_faster", 0.75, 1.0,
         "fixed: fraction of >= 20 runs whose modular t2/t1 is the smaller; measured %d/%d; "
         "P(fraction < 0.75) is 1.1%% for 20 runs if the true fraction were 0.9 (95%% lower limit of %d/%d: %.3f)"
         % (better.sum(), len(better), better.sum(), len(better), 0.05 ** (1 / len(better))))]


def fig11():
    rows = table("fig11.txt")
    out = []
    for alpha in sorted({r[0] for r in rows}, key=float):
        sel = [r for r in rows if r[0] == alpha]
        out += [per_seed("fig11_alpha%s_alpha_S" % alpha, column(sel, 2), "alpha_S, reduced multitask parity, alpha " + alpha),
                per_seed("fig11_alpha%s_alpha_N" % alpha, column(sel, 4), "alpha_N, reduced multitask parity, alpha " + alpha),
                per_seed("fig11_alpha%s_loss_w128" % alpha, column(sel, 9),
                         "expected loss at the last step, width 128, alpha " + alpha)]
    return out


def main():
    lines = []
    for part in (fig02, fig16, fig13, fig19, fig11):
        for name, lo, hi, how in part():
            lines.append("%-36s %-10.4g %-10.4g # %s" % (name, lo, hi, how))
    with open(os.path.join(HERE, "bounds.txt"), "w") as f:
        f.write("# Statistical bounds from the PyTorch replicas (docs/network-validation.md);\n")
        f.write("# written by derive_bounds.py from results/*.txt.  name lo hi  # how\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
