"""Fig. 19 replica: masked regression, a frequent task (990 of 1000 samples)
and a rare one (10), trained by a non-modular [2,100,100,2] SiLU network
and by a modular one (the same layers block-masked into two [1,50,50,1]
networks), float32, Adam 5e-4, full batch, 1000 steps (reference:
code_Fig19_modularity; NumPy and PyTorch seeded once with 1, its "100
seeds" are 100 consecutive runs from that one stream).

Each run draws the data and one full-layer initialisation, then trains both
networks from it (the modular one sees the weights block-masked), so the
pair differs only in modularity.  t_k is the first step whose pre-update
task-k loss is < 1e-3 (0-based, as the reference), 1000 if never.

usage: fig19.py [RUNS]   (default 30)"""
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import common

N, NRARE, STEPS, HIDDEN = 1000, 10, 1000, 100


def make_data():
    x = np.random.uniform(-1, 1, size=(N, 2)).astype(np.float32)
    task1 = np.random.choice(N, N - NRARE, replace=False)
    task2 = np.setdiff1d(np.arange(N), task1)
    x[task2, 0] = 0
    x[task1, 1] = 0
    mask = np.zeros((N, 2), dtype=np.float32)
    mask[task1, 0] = 1
    mask[task2, 1] = 1
    return torch.tensor(x), torch.tensor(x ** 2), torch.tensor(mask), task1, task2


def block_masks():
    """Layer masks (out x in) splitting every layer into two groups:
    inputs [1,1] -> [50,50] -> [50,50] -> outputs [1,1]."""
    def block(groups_in, groups_out):
        m = torch.zeros(sum(groups_out), sum(groups_in))
        i0 = o0 = 0
        for gi, go in zip(groups_in, groups_out):
            m[o0:o0 + go, i0:i0 + gi] = 1
            i0, o0 = i0 + gi, o0 + go
        return m
    half = [HIDDEN // 2, HIDDEN // 2]
    return [block([1, 1], half), block(half, half), block(half, [1, 1])]


class Net(nn.Module):
    def __init__(self, masks=None):
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(2, HIDDEN), nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, 2)])
        self.masks = masks

    def forward(self, x):
        for i, layer in enumerate(self.linears):
            w = layer.weight if self.masks is None else layer.weight * self.masks[i]
            x = F.linear(x, w, layer.bias)
            if i < 2:
                x = F.silu(x)
        return x


def train(model, x, target, mask, task1, task2):
    opt = torch.optim.Adam(model.parameters(), lr=5e-4, betas=(0.9, 0.999))
    l1, l2 = np.zeros(STEPS), np.zeros(STEPS)
    for t in range(STEPS):
        pred = model(x)
        loss = torch.mean((pred - target) ** 2 * mask)
        with torch.no_grad():
            l1[t] = torch.mean((pred[task1, 0] - target[task1, 0]) ** 2).item()
            l2[t] = torch.mean((pred[task2, 1] - target[task2, 1]) ** 2).item()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return l1, l2


def learn_time(losses):
    t = common.first_step(losses, lambda v: v < 1e-3, offset=0)
    return STEPS if t is None else t


def run_pair():
    x, target, mask, task1, task2 = make_data()
    plain = Net()
    modular = Net(block_masks())
    modular.load_state_dict(plain.state_dict())
    times = []
    for model in (plain, modular):
        l1, l2 = train(model, x, target, mask, task1, task2)
        times += [learn_time(l1), learn_time(l2)]
    return times


def main(runs):
    common.setup()
    common.seed_all(1)
    rows = []
    for run in range(runs):
        t1n, t2n, t1m, t2m = run_pair()
        row = [run, t1n, t2n, t2n / t1n, t1m, t2m, t2m / t1m, int(t2m / t1m < t2n / t1n)]
        print(*map(common.fmt, row), flush=True)
        rows.append(row)
    common.write_table(
        "fig19.txt",
        ["Fig. 19 replica: masked regression 990/10, SiLU, Adam 5e-4, full batch 1000, float32, 1000 steps",
         "runs = consecutive draws after seeding NumPy and PyTorch once with 1; each run trains both",
         "networks from the same data and the same initial weights (block-masked for the modular one)",
         "t: first pre-update step with task loss < 1e-3 (1000: never); *_n non-modular, *_m modular",
         "mod_better: 1 when the modular t2/t1 is smaller than the non-modular t2/t1"],
        ["run", "t1_n", "t2_n", "ratio_n", "t1_m", "t2_m", "ratio_m", "mod_better"], rows)
    print("ratio_n: " + common.summary([r[3] for r in rows]))
    print("ratio_m: " + common.summary([r[6] for r in rows]))
    print("t1_n: " + common.summary([r[1] for r in rows]) + "  t2_n: " + common.summary([r[2] for r in rows]))
    print("t1_m: " + common.summary([r[4] for r in rows]) + "  t2_m: " + common.summary([r[5] for r in rows]))
    print("fraction mod_better: %.3f" % np.mean([r[7] for r in rows]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
