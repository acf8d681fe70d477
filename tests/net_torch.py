"""net_torch.py - repeats one pass of tests/unit/net_driver in PyTorch.

Reads the driver's JSON on stdin (layout, parameters, inputs, targets,
mask, and the engine's outputs, loss and gradient), builds the same network
from the same numbers with torch (nn.Linear's y = x W^T + b, a modular
layer as W * mask as the paper's Fig. 19 code does, an embedding as a row
lookup), runs forward and backward, and compares: the outputs, the loss
and each parameter tensor's gradient must agree to TOL relative to the
tensor's largest entry.  With "reweight" in the JSON the gradient is
that of the loss reweighted as skill(5) says (each term's loss l times
l / the mask's mean of l, detached), the loss compared the plain mean.
Prints one line per quantity; exits 1 on a mismatch.  Usage: net_torch.py TOL < driver.json
"""
import json
import sys

import torch
import torch.nn.functional as F


def block_mask(groups, l):
    """The 0/1 mask of layer l's weight (out x in) of a modular net."""
    rows, cols = sum(groups[l + 1]), sum(groups[l])
    m = torch.zeros(rows, cols, dtype=torch.float64)
    r = c = 0
    for gin, gout in zip(groups[l], groups[l + 1]):
        m[r:r + gout, c:c + gin] = 1
        r, c = r + gout, c + gin
    return m


def unpack(d, dtype):
    """The parameter tensors, in the engine's flat order."""
    theta = torch.tensor(d["params"], dtype=torch.float64)
    tensors, at = [], 0
    if d["vocab"]:
        size = d["vocab"] * d["dim"]
        tensors.append(("E", theta[at:at + size].reshape(d["vocab"], d["dim"])))
        at += size
    w = d["widths"]
    for l in range(len(w) - 1):
        size = w[l + 1] * w[l]
        tensors.append(("W%d" % (l + 1), theta[at:at + size].reshape(w[l + 1], w[l])))
        at += size
        tensors.append(("b%d" % (l + 1), theta[at:at + w[l + 1]]))
        at += w[l + 1]
    return [(name, t.to(dtype).clone().requires_grad_(True)) for name, t in tensors]


def forward(d, params, dtype):
    p = dict(params)
    act = {"relu": F.relu, "silu": F.silu, "tanh": torch.tanh, "gelu": F.gelu}[d["activation"]]
    n = d["n"]
    x = torch.tensor(d["x"], dtype=torch.float64)
    if d["vocab"]:
        h = p["E"][x.long()].reshape(n, d["ntokens"] * d["dim"])
    else:
        h = x.reshape(n, d["widths"][0]).to(dtype)
    layers = len(d["widths"]) - 1
    for l in range(layers):
        W = p["W%d" % (l + 1)]
        if d["groups"]:
            W = W * block_mask(d["groups"], l).to(dtype)
        h = h @ W.T + p["b%d" % (l + 1)]
        if l + 1 < layers:
            h = act(h)
    return h


def loss_of(d, y):
    t = torch.tensor(d["target"], dtype=torch.float64)
    if d["loss"] == "ce":
        return F.cross_entropy(y, t.long())
    t = t.reshape(y.shape).to(y.dtype)
    mask = torch.tensor(d["mask"], dtype=y.dtype).reshape(y.shape) if "mask" in d else 1
    if d["loss"] == "mse":
        return ((y - t) ** 2 * mask).mean()
    return F.binary_cross_entropy_with_logits(y, t, weight=mask if "mask" in d else None)


def terms_of(d, y):
    """Each term's unmasked loss, and the mask (ones without one)."""
    t = torch.tensor(d["target"], dtype=torch.float64)
    if d["loss"] == "ce":
        return F.cross_entropy(y, t.long(), reduction="none"), torch.ones(y.shape[0], dtype=y.dtype)
    t = t.reshape(y.shape).to(y.dtype)
    mask = torch.tensor(d["mask"], dtype=y.dtype).reshape(y.shape) if "mask" in d else torch.ones_like(y)
    if d["loss"] == "mse":
        return (y - t) ** 2, mask
    return F.binary_cross_entropy_with_logits(y, t, reduction="none"), mask


def reweighted(d, y):
    """The reweighted loss (its gradient) and the plain one (its value)."""
    l, m = terms_of(d, y)
    w = (l * m.sum() / (l * m).sum()).detach()
    return (l * m * w).mean(), (l * m).mean()


def off(ours, theirs):
    top = theirs.abs().max().item()
    return (ours - theirs).abs().max().item() / (top if top > 0 else 1)


def main():
    tol = float(sys.argv[1])
    d = json.load(sys.stdin)
    dtype = torch.float32 if d["single"] else torch.float64
    params = unpack(d, dtype)
    y = forward(d, params, dtype)
    if d.get("reweight"):
        objective, loss = reweighted(d, y)
    else:
        objective = loss = loss_of(d, y)
    objective.backward()
    bad = 0
    checks = [("outputs", torch.tensor(d["out"], dtype=torch.float64), y.detach().double().flatten()),
              ("loss", torch.tensor([d["loss_value"]], dtype=torch.float64), loss.detach().double().reshape(1))]
    grad = torch.tensor(d["grad"], dtype=torch.float64)
    at = 0
    for name, t in params:
        size = t.numel()
        checks.append(("grad " + name, grad[at:at + size], t.grad.double().flatten()))
        at += size
    for name, ours, theirs in checks:
        e = off(ours, theirs)
        ok = e <= tol and ours.shape == theirs.shape
        bad += not ok
        print("%s %-8s %.3g relative (largest %.6g)" % ("ok:  " if ok else "FAIL:", name, e,
                                                      theirs.abs().max().item()))
    sys.exit(1 if bad else 0)


main()
