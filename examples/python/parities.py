# %% [markdown]
# # Two sparse parities, explained by the Resource model
#
# A notebook as a script (each `# %%` is a cell; Jupyter and VS Code open
# it as one).  A tiny PyTorch MLP learns two sparse-parity tasks at once,
# one seen three times as often as the other; we record each task's skill
# level while it trains, hand the two curves to `skill`, and fit the
# paper's Resource model to them.
#
#     PYTHONPATH=python /usr/bin/python3 examples/python/parities.py      # from the build tree
#
# Options: --steps N (default 3000), --seed S, --svg FILE (the fit's plot).

# %%
import argparse
import sys

import numpy as np
import torch

import skill

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=3000)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--svg", default=None)
args = parser.parse_args()
torch.manual_seed(args.seed)
torch.set_num_threads(1)

# %% [markdown]
# Each input is a one-hot task code followed by 24 random bits; task t's
# label is the parity of 3 bits of its own.  Task "common" is drawn with
# probability 0.75, task "rare" with 0.25.

# %%
N_BITS, K = 24, 3
TASKS = ["common", "rare"]
FREQ = [0.75, 0.25]
SUBSETS = [torch.tensor([0, 1, 2]), torch.tensor([5, 6, 7])]


def batch(n, task=None):
    t = torch.multinomial(torch.tensor(FREQ), n, replacement=True) if task is None else torch.full((n,), task)
    bits = torch.randint(0, 2, (n, N_BITS)).float()
    idx = torch.stack([SUBSETS[i] for i in t.tolist()])
    y = bits.gather(1, idx).sum(1).remainder(2).long()
    x = torch.cat([torch.nn.functional.one_hot(t, len(TASKS)).float(), bits], 1)
    return x, y


model = torch.nn.Sequential(torch.nn.Linear(len(TASKS) + N_BITS, 128), torch.nn.ReLU(),
                            torch.nn.Linear(128, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
tests = [batch(1000, t) for t in range(len(TASKS))]

# %% [markdown]
# Training, with each task's skill level every 20 steps: 2 acc - 1 on a
# held-out batch, 0 at chance and 1 when the parity is solved.

# %%
steps, levels, losses = [], [], []
for step in range(args.steps + 1):
    if step % 20 == 0:
        with torch.no_grad():
            accs = [(model(x).argmax(1) == y).float().mean().item() for x, y in tests]
        steps.append(step)
        levels.append([max(0.0, 2 * a - 1) for a in accs])
    x, y = batch(256)
    loss = torch.nn.functional.cross_entropy(model(x), y)
    if step % 20 == 0:
        losses.append(loss.item())
    opt.zero_grad()
    loss.backward()
    opt.step()
steps, levels, losses = np.array(steps, float), np.array(levels), np.array(losses)
print("final levels:", dict(zip(TASKS, levels[-1].round(3))))

# %% [markdown]
# The curves into `skill`: the program declares the two skills with their
# frequencies and a Resource model; the training log becomes a run result
# bound to `net`, which `fit` takes like any run.

# %%
prog = skill.load("""
skill common freq 0.75
skill rare freq 0.25
resource R { eta = 1e-3; N0 = 1 }
""")
net = prog.from_arrays(steps, levels, TASKS, loss=losses, name="net")
fit = prog.fit("R", "net", "eta in [1e-6, 1], N0 in [1e-4, 100]")
print("fitted: eta = %.4g, N0 = %.4g, residual = %.4g" % (fit.eta, fit.N0, fit.residual))

# %% [markdown]
# What the fit predicts: the steps at which each skill reaches level 0.9,
# measured and fitted, and the two side by side (in Jupyter, `fit.run` or
# `prog.plot(...)` shows inline).

# %%
prog["fitted"] = prog.run_model("R", steps=args.steps, every=20, eta=fit.eta, N0=fit.N0)
for name in TASKS:
    measured = prog.eval("time_to(net, %s, 0.9)" % name)
    fitted = prog.eval("time_to(fitted, %s, 0.9)" % name)
    print("%-6s reaches level 0.9 at step %5g measured, %5g fitted" % (name, measured, fitted))
if args.svg:
    prog.plot("[net, fitted]").save(args.svg)
sys.exit(0 if np.isfinite(fit.residual) else 1)
