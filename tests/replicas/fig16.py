"""Fig. 16 replica (and Fig. 2 top, Case 2): three parities on 32-bit
strings, one output each, 8000 training samples (of 10000; the other 2000
are the test set), full batch, no mask (reference: code_Fig16 /
code_Fig2_top_sparse_parity, seed 1).

  dependent:   y1 = x2^x3, y2 = x0^x1, y3 = x0^x1^x2^x3 = y1^y2, 1000 steps
  independent: y1 = x2^x3, y2 = x0^x1, y3 = x4^x5^x6^x7,         3000 steps

For each seed it records t_k, the first step (after that many Adam updates)
at which task k's training accuracy is >= 0.9.

usage: fig16.py [SEEDS...]   (default 0..5)"""
import sys

import numpy as np
import torch

import common

N, NTRAIN = 10000, 8000
LABELS = {
    "dependent": ([2, 3], [0, 1], [0, 1, 2, 3]),
    "independent": ([2, 3], [0, 1], [4, 5, 6, 7]),
}
STEPS = {"dependent": 1000, "independent": 3000}


def make_data(case):
    x = common.random_bits(N)
    y = np.stack([common.parity(x, cols) for cols in LABELS[case]], axis=1)
    train = np.random.choice(N, NTRAIN, replace=False)
    return torch.tensor(x[train]), torch.tensor(y[train])


def train(seed, case):
    """Per-step training accuracies (steps x 3), after each update."""
    common.seed_all(seed)
    x, y = make_data(case)
    model = common.MLP([32, 50, 3], "relu", seed=seed).double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999))
    steps = STEPS[case]
    acc = np.zeros((steps, 3))
    out = model(x)
    for t in range(steps):
        # Full batch without a mask: the reference's per-step permutation
        # of the batch changes nothing, so the next step's forward pass
        # gives this step's post-update accuracies.
        loss = torch.mean((out - y) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
        out = model(x)
        acc[t] = ((out.detach() > 0.5).double() == y).double().mean(0).numpy()
    return acc


def times(acc, level=0.9):
    return [common.first_step(acc[:, k], lambda a: a >= level) for k in range(acc.shape[1])]


def main(seeds):
    common.setup()
    rows = []
    for case in ("dependent", "independent"):
        for seed in seeds:
            acc = train(seed, case)
            t = times(acc)
            first = None if None in t[:2] else max(t[:2])
            ratio = None if first is None or t[2] is None else t[2] / first
            row = [case, seed, t[0], t[1], t[2], ratio, float(acc[-1, 2])]
            print(*map(common.fmt, row), flush=True)
            rows.append(row)
    common.write_table(
        "fig16.txt",
        ["Fig. 16 replica: [32,50,3] relu, Adam 1e-3, full batch 8000 of 10000, float64",
         "dependent: y3 = y1 xor y2, 1000 steps; independent: y3 = 4-bit parity, 3000 steps",
         "t1, t2, t3: first step (after t updates) with training accuracy >= 0.9 (NA: never)",
         "ratio = t3 / max(t1, t2)"],
        ["case", "seed", "t1", "t2", "t3", "ratio", "acc3_final"], rows)
    for case in ("dependent", "independent"):
        sel = [r for r in rows if r[0] == case]
        print("%s ratio: %s" % (case, common.summary([r[5] for r in sel])))
        print("%s t3-max(t1,t2) min: %s" % (case, min(r[4] - max(r[2], r[3]) for r in sel if None not in r[2:5])))


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or range(6))
