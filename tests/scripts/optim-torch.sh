#!/bin/sh
# optim-torch.sh - rmsprop and adagrad against torch.optim.RMSprop and
# torch.optim.Adagrad in double precision: ten steps from the same start
# with the same gradients (tests/unit/optim_steps.c), each coordinate equal
# to 1e-12 relative.  Skipped (77) where python3 cannot import torch.
#
# Environment: abs_top_builddir (set by `make check`).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).
steps=${abs_top_builddir:?abs_top_builddir must be set}/tests/unit/optim_steps
. "$(dirname "$0")/need-torch.sh"
. "$(dirname "$0")/scratch.sh"

# compare NAME TORCH_CTOR -- ARGS for optim_steps
compare() {
    name=$1 ctor=$2
    shift 2
    ours=$("$steps" "$@") || { echo "FAIL: optim_steps $*"; return 1; }
    theirs=$("$py" - "$ctor" <<'PY'
import sys, torch
theta = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64, requires_grad=True)
opt = eval("torch.optim." + sys.argv[1].replace("PARAMS", "[theta]"))
for t in range(1, 11):
    g = [0.5 - 0.1 * t, -0.25 + 0.05 * (t % 3), (1.0 if t % 2 else -0.5) * 0.3]
    theta.grad = torch.tensor(g, dtype=torch.float64)
    opt.step()
    print(" ".join("%.17g" % x for x in theta.detach().tolist()))
PY
) || { echo "FAIL: torch $ctor"; return 1; }
    printf '%s\n' "$ours" > ours
    printf '%s\n' "$theirs" > theirs
    if paste -d' ' ours theirs | awk '
        { for (i = 1; i <= 3; i++) { a = $i; b = $(i + 3); d = a - b; if (d < 0) d = -d;
              s = b < 0 ? -b : b; if (d > 1e-12 * (s > 1 ? s : 1)) bad = 1 } }
        END { exit bad || NR != 10 }'; then
        echo "ok: $name"
        rc=0
    else
        echo "FAIL: $name differs from torch"
        paste -d'|' ours theirs
        rc=1
    fi
    return $rc
}

fail=0
compare "rmsprop defaults" "RMSprop(PARAMS, lr=0.01)" rmsprop 10 0.01 || fail=1
compare "rmsprop all keys" \
    "RMSprop(PARAMS, lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1, momentum=0.8, centered=True)" \
    rmsprop 10 0.01 alpha=0.9 eps=1e-6 wd=0.1 momentum=0.8 centered=1 || fail=1
compare "adagrad defaults" "Adagrad(PARAMS, lr=0.1)" adagrad 10 0.1 || fail=1
compare "adagrad all keys" \
    "Adagrad(PARAMS, lr=0.1, lr_decay=0.3, weight_decay=0.05, initial_accumulator_value=0.2, eps=1e-8)" \
    adagrad 10 0.1 lr_decay=0.3 wd=0.05 initial_accumulator_value=0.2 eps=1e-8 || fail=1
exit $fail
