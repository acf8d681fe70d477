"""geometry_reweight.py - the Geometry model's loss reweighting (skill(5):
reweight = loss, the paper's section 4.3) against an independent numpy
replica (tests/scripts/reweight-numpy.sh).

  exact LOSS CSV [A]
      replays the deterministic run of the script (three skills with
      frequencies 0.6, 0.3, 0.1 on the non-orthogonal vectors VECTORS,
      exact frequencies, SGD lr 0.05, float64, reweight = loss, 200
      steps; with A, reweight_steps = A: steps A, A + 1, ... plain) and
      compares every recorded level and loss of skill's CSV to 1e-12.
  stats SKILL_OUT
      runs the replica of Fig. 5's setup (10 skills, Zipf(2), dim 1000,
      orthonormal vectors, batch 128, SignGD lr 3e-4, 3000 steps) over
      REPLICA_SEEDS seeds, with and without reweighting, and checks
      skill's seeds (lines "seed final_none final_loss [times none]
      [times loss]") against it: the paper's claim (the rare skills'
      mean learning time falls, the final loss is not worse) holds in the
      replica and in skill, and each of skill's means lies within Z
      standard errors (the replica's seed spread) of the replica's.
Exit 1 on a failed check.
"""
import math
import re
import sys

import numpy as np

VECTORS = np.array([[1, 0.5, 0, 0], [0, 1, 0.5, 0], [0.3, 0, 0, 1]], dtype=np.float32).astype(np.float64)
EXACT_P = np.array([0.6, 0.3, 0.1])
EXACT_LR, EXACT_STEPS = 0.05, 200

K, ALPHA, DIM, BATCH, LR, STEPS, LEVEL = 10, 2.0, 1000, 128, 3e-4, 3000, 0.9
RARE = slice(5, 10)            # skills 6 to 10
REPLICA_SEEDS = 16
Z = 4.0                        # standard errors allowed between skill's mean and the replica's


def loss_terms(s, ce):
    """Each skill's loss and its slope dL/ds."""
    if ce:
        return np.logaddexp(0, -s), -1 / (1 + np.exp(s))
    return (1 - s) ** 2, -2 * (1 - s)


def reweighted_coef(w, s, ce, reweight):
    """The gradient's coefficient of each task vector."""
    loss, slope = loss_terms(s, ce)
    if reweight:
        mean = (w * loss).sum()
        w = w * loss / mean if mean > 0 else 0 * w
    return w * slope


def exact(ce, path, reweighted_steps):
    data = np.genfromtxt(path, delimiter=",", names=True)
    theta = np.zeros(VECTORS.shape[1])
    worst = 0.0
    for t in range(EXACT_STEPS + 1):
        s = VECTORS @ theta
        loss, _ = loss_terms(s, ce)
        levels = 1 / (1 + np.exp(-s)) if ce else s
        ours = [data[name][t] for name in ("A", "B", "C")] + [data["loss"][t]]
        worst = max(worst, np.abs(np.array(ours) - np.append(levels, EXACT_P @ loss)).max())
        theta -= EXACT_LR * (VECTORS.T @ reweighted_coef(EXACT_P, s, ce, t < reweighted_steps))
    ok = worst <= 1e-12 and len(data) == EXACT_STEPS + 1
    print("%s exact %s, %d steps reweighted: largest difference %.3g over %d steps" % (
        "ok:  " if ok else "FAIL:", "ce" if ce else "mse", min(reweighted_steps, EXACT_STEPS), worst, EXACT_STEPS))
    return ok


def orthonormal_rows(rng):
    q, r = np.linalg.qr(rng.standard_normal((DIM, K)))
    return (q * np.sign(np.diag(r))).T


def replica_run(seed, reweight):
    """Learning times (nan: not learned) and the final expected loss."""
    rng = np.random.default_rng(seed)
    T = orthonormal_rows(rng)
    p = np.arange(1, K + 1) ** -ALPHA
    p /= p.sum()
    theta = np.zeros(DIM)
    times = np.full(K, np.nan)
    for t in range(STEPS + 1):
        s = T @ theta
        times[np.isnan(times) & (s >= LEVEL)] = t
        if t == STEPS:
            return times, p @ (1 - s) ** 2
        w = rng.multinomial(BATCH, p) / BATCH
        g = T.T @ reweighted_coef(w, s, False, reweight)
        theta -= LR * g / (np.abs(g) + 1e-8)


def summaries(times_none, times_loss, final_none, final_loss):
    """Per seed: the rare skills' mean learning time each way, its fall,
    the final losses and their difference."""
    rare_none = np.nanmean(np.where(np.isnan(times_none), STEPS, times_none)[:, RARE], axis=1)
    rare_loss = np.nanmean(np.where(np.isnan(times_loss), STEPS, times_loss)[:, RARE], axis=1)
    return {"rare_time_none": rare_none, "rare_time_loss": rare_loss, "rare_time_fall": rare_none - rare_loss,
            "final_none": final_none, "final_loss": final_loss, "final_rise": final_loss - final_none}


def replica():
    runs = [[replica_run(1000 + s, rw) for s in range(REPLICA_SEEDS)] for rw in (False, True)]
    times = [np.array([r[0] for r in mode]) for mode in runs]
    finals = [np.array([r[1] for r in mode]) for mode in runs]
    return summaries(times[0], times[1], finals[0], finals[1])


def parse_skill(path):
    rows = []
    for line in open(path):
        vecs = re.findall(r"\[([^\]]*)\]", line)
        head = line.split("[")[0].split()
        if len(vecs) != 2 or len(head) != 3:
            continue
        t = [np.array([float(x) for x in v.split(",")]) for v in vecs]
        rows.append((float(head[1]), float(head[2]), t[0], t[1]))
    if not rows:
        sys.exit("FAIL: no seeds in skill's output")
    return summaries(np.array([r[2] for r in rows]), np.array([r[3] for r in rows]),
                     np.array([r[0] for r in rows]), np.array([r[1] for r in rows]))


def mean_se(x):
    return x.mean(), x.std(ddof=1) / math.sqrt(len(x))


def stats(path):
    ours, theirs = parse_skill(path), replica()
    m = len(ours["final_none"])
    ok = True
    for name in theirs:
        a, _ = mean_se(ours[name])
        b, b_se = mean_se(theirs[name])
        bound = Z * theirs[name].std(ddof=1) * math.sqrt(1 / m + 1 / REPLICA_SEEDS)
        good = abs(a - b) <= bound
        ok &= good
        print("%s %-15s skill %.6g (%d seeds)  replica %.6g +- %.3g (%d seeds)  |diff| %.3g <= %.3g" % (
            "ok:  " if good else "FAIL:", name, a, m, b, b_se, REPLICA_SEEDS, abs(a - b), bound))
    for who, d in (("replica", theirs), ("skill", ours)):
        fall, fall_se = mean_se(d["rare_time_fall"])
        rise, rise_se = mean_se(d["final_rise"])
        spread = theirs["final_rise"].std(ddof=1) / math.sqrt(len(d["final_rise"]))
        earlier = fall > 3 * fall_se
        not_worse = rise <= 2 * spread
        ok &= earlier and not_worse
        print("%s %s: the rare skills learned %.1f +- %.1f steps earlier (> 3 stderr)" % (
            "ok:  " if earlier else "FAIL:", who, fall, fall_se))
        print("%s %s: the final loss changes by %.3g +- %.3g (<= 2 x %.3g, the replica's spread)" % (
            "ok:  " if not_worse else "FAIL:", who, rise, rise_se, spread))
    return ok


def main():
    if len(sys.argv) in (4, 5) and sys.argv[1] == "exact":
        steps = int(sys.argv[4]) if len(sys.argv) == 5 else EXACT_STEPS
        sys.exit(0 if exact(sys.argv[2] == "ce", sys.argv[3], steps) else 1)
    if len(sys.argv) == 3 and sys.argv[1] == "stats":
        sys.exit(0 if stats(sys.argv[2]) else 1)
    sys.exit("usage: geometry_reweight.py exact mse|ce CSV [A] | stats SKILL_OUT")


main()
