"""Fig. 11 replica at a reduced size: multitask sparse parity (Michaud et
al.'s task; the paper gives no code).  An input is NTASKS control bits,
one-hot (bit i set with probability p_i proportional to i^-alpha), then N
uniform data bits; the label is the parity of the chosen task's own K
data bits (a random K-subset per task).  A one-hidden-layer ReLU MLP with
one output is trained on the binary cross-entropy of its logit, Adam,
a fresh batch each step.

The paper: NTASKS 500, N 100, K 3, batch 20000, width 300 for the curves,
alpha_S between 1e3 and 1e4 steps, alpha_N at 1e5 steps.  The reduction
(every size a constant below) is listed in docs/network-validation.md.

Measured, for each alpha of ALPHAS and each seed (task subsets, data and weights all drawn from it):
  the expected loss L(S) = sum_i p_i l_i(S), with l_i the loss on a fixed
  evaluation set of EVAL samples of task i, at log-spaced steps S;
  alpha_S = -slope of log L against log S over [S_LO, S_HI] (least squares
  over the checkpoints in that decade), with a jackknife error leaving out
  one checkpoint at a time;
  alpha_N = -slope of log L(STEPS) against log(parameter count) over the
  widths, with a jackknife error leaving out one width at a time.

usage: fig11.py [SEEDS...]   (default 0..4)"""
import sys

import numpy as np
import torch
import torch.nn as nn

import common

NTASKS, N, K = 32, 16, 3
ALPHAS = (1.2, 1.5, 2.0)
BATCH = 1000
LR, BETAS = 3e-3, (0.9, 0.999)
STEPS = 2000
S_LO, S_HI = 200, 2000
WIDTHS = (16, 32, 64, 128)
CURVE_WIDTH = 128
EVAL = 256
CHECKPOINTS = sorted(set(np.unique(np.round(np.logspace(1, np.log10(STEPS), 41)).astype(int))))


def frequencies(alpha):
    p = np.arange(1, NTASKS + 1, dtype=float) ** -alpha
    return p / p.sum()


def samples(subsets, tasks):
    """Inputs and labels for the given task of each sample."""
    m = len(tasks)
    x = np.zeros((m, NTASKS + N), dtype=np.float32)
    x[np.arange(m), tasks] = 1
    data = np.random.randint(0, 2, size=(m, N))
    x[:, NTASKS:] = data
    labels = data[np.arange(m)[:, None], subsets[tasks]].sum(1) % 2
    return torch.tensor(x), torch.tensor(labels, dtype=torch.float32)


def per_task_loss(model, evalset):
    x, y = evalset
    with torch.no_grad():
        l = nn.functional.binary_cross_entropy_with_logits(model(x)[:, 0], y, reduction="none")
    return l.reshape(NTASKS, EVAL).mean(1).numpy()


def train(seed, width, alpha):
    """Expected loss at CHECKPOINTS (and the per-task losses at the end)."""
    common.seed_all(seed)
    p = frequencies(alpha)
    subsets = np.stack([np.random.choice(N, K, replace=False) for _ in range(NTASKS)])
    evalset = samples(subsets, np.repeat(np.arange(NTASKS), EVAL))
    model = common.MLP([NTASKS + N, width, 1], "relu", seed=seed)
    opt = torch.optim.Adam(model.parameters(), lr=LR, betas=BETAS)
    lossf = nn.BCEWithLogitsLoss()
    curve = {}
    for t in range(1, STEPS + 1):
        x, y = samples(subsets, np.random.choice(NTASKS, BATCH, p=p))
        loss = lossf(model(x)[:, 0], y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if t in CHECKPOINTS:
            curve[t] = float(p @ per_task_loss(model, evalset))
    return curve, per_task_loss(model, evalset)


def nparams(width):
    return (NTASKS + N) * width + width + width + 1


def slope_jackknife(logx, logy):
    """-slope of a least-squares line and its jackknife standard error."""
    full = -np.polyfit(logx, logy, 1)[0]
    m = len(logx)
    loo = np.array([-np.polyfit(np.delete(logx, i), np.delete(logy, i), 1)[0] for i in range(m)])
    err = np.sqrt((m - 1) / m * np.sum((loo - loo.mean()) ** 2))
    return full, err


def alpha_s(curve):
    s = np.array([t for t in sorted(curve) if S_LO <= t <= S_HI], dtype=float)
    return slope_jackknife(np.log(s), np.log([curve[int(t)] for t in s]))


def alpha_n(final_losses):
    w = np.array(WIDTHS)
    return slope_jackknife(np.log([nparams(x) for x in w]), np.log(final_losses))


def run(seed, alpha, curves):
    finals = []
    for width in WIDTHS:
        curve, tasks = train(seed, width, alpha)
        finals.append(curve[STEPS])
        if width == CURVE_WIDTH:
            a_s, e_s = alpha_s(curve)
            curves.append([alpha, seed] + [curve[t] for t in CHECKPOINTS])
        print(alpha, seed, width, "%.5g" % curve[STEPS], "learned tasks: %d" % int((tasks < 0.1).sum()),
              flush=True)
    a_n, e_n = alpha_n(finals)
    return [alpha, seed, a_s, e_s, a_n, e_n] + finals


def main(seeds):
    common.setup()
    rows, curves = [], []
    for alpha in ALPHAS:
        for seed in seeds:
            row = run(seed, alpha, curves)
            print(*map(common.fmt, row), flush=True)
            rows.append(row)
    common.write_table(
        "fig11.txt",
        ["Fig. 11 replica (reduced): ntasks %d, n %d, k %d, batch %d, Adam lr %g betas %s, %d steps"
         % (NTASKS, N, K, BATCH, LR, BETAS, STEPS),
         "alpha_S: slope over steps [%d, %d] at width %d; alpha_N: slope of L(%d) over widths %s"
         % (S_LO, S_HI, CURVE_WIDTH, STEPS, WIDTHS),
         "*_err: jackknife standard errors; L_w*: expected loss at the last step per width"],
        ["alpha", "seed", "alpha_S", "alpha_S_err", "alpha_N", "alpha_N_err"] + ["L_w%d" % w for w in WIDTHS], rows)
    common.write_table(
        "fig11_curves.txt",
        ["Fig. 11 replica: expected loss of the width-%d network at log-spaced steps, one row per alpha and seed"
         % CURVE_WIDTH],
        ["alpha", "seed"] + ["S%d" % t for t in CHECKPOINTS], curves)
    for alpha in ALPHAS:
        sel = [r for r in rows if r[0] == alpha]
        print("alpha %g: quanta (alpha-1)/alpha = %.3f, domino alpha-1 = %.3f" % (alpha, (alpha - 1) / alpha, alpha - 1))
        print("  alpha_S: " + common.summary([r[2] for r in sel]))
        print("  alpha_N: " + common.summary([r[4] for r in sel]))


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or range(5))
