"""Shared pieces of the PyTorch replicas (see docs/network-validation.md).

Every replica runs on one thread (the machine is shared) and seeds NumPy and
PyTorch itself; nothing here is used by `make check`."""
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")


def setup():
    torch.set_num_threads(1)
    os.makedirs(RESULTS, exist_ok=True)


def seed_all(seed):
    np.random.seed(seed)
    torch.manual_seed(seed)


class MLP(nn.Module):
    """Dense layers with an activation between them (not after the last),
    nn.Linear's default initialisation; the reference re-seeds torch with
    SEED just before building the layers."""

    def __init__(self, width, act="relu", seed=None):
        super().__init__()
        if seed is not None:
            torch.manual_seed(seed)
        self.linears = nn.ModuleList(nn.Linear(a, b) for a, b in zip(width[:-1], width[1:]))
        self.act = {"relu": nn.ReLU(), "silu": nn.SiLU()}[act]

    def forward(self, x):
        last = len(self.linears) - 1
        for i, layer in enumerate(self.linears):
            x = layer(x)
            if i < last:
                x = self.act(x)
        return x


def random_bits(nsamples, nbits=32):
    """NSAMPLES integers drawn from [0, 2^32) with replacement, as NBITS
    bits, most significant first (column 0 = MSB), as 0/1 floats."""
    ints = np.random.choice(2 ** 32, nsamples)
    shifts = np.arange(nbits - 1, -1, -1, dtype=np.int64)
    return ((ints[:, None] >> shifts[None, :]) & 1).astype(np.float64)


def parity(x, cols):
    return np.sum(x[:, cols], axis=1) % 2


def first_step(values, ok, offset=1):
    """The step of the first entry of VALUES for which OK holds (entry i is
    step i + OFFSET), or None."""
    for i, v in enumerate(values):
        if ok(v):
            return i + offset
    return None


def write_table(name, header_lines, columns, rows):
    path = os.path.join(RESULTS, name)
    with open(path, "w") as f:
        for line in header_lines:
            f.write("# " + line + "\n")
        f.write("# " + " ".join(columns) + "\n")
        for row in rows:
            f.write(" ".join(fmt(v) for v in row) + "\n")
    print("wrote", path, file=sys.stderr)


def fmt(v):
    if v is None:
        return "NA"
    if isinstance(v, float):
        return "%.6g" % v
    return str(v)


def summary(values):
    a = np.asarray([v for v in values if v is not None], dtype=float)
    if len(a) == 0:
        return "n=0"
    return "n=%d min=%.4g median=%.4g mean=%.4g sd=%.4g max=%.4g" % (
        len(a), a.min(), np.median(a), a.mean(), a.std(ddof=1) if len(a) > 1 else 0.0, a.max())
