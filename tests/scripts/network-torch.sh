#!/bin/sh
# network-torch.sh - the network engine against PyTorch on the paper's
# networks: one forward and backward pass of tests/unit/net_driver (the
# weights drawn as nn.Linear and nn.Embedding would, the data as the
# experiments make it), repeated by tests/net_torch.py in torch from the
# same numbers.  The outputs, the loss and every gradient agree to 1e-10
# relative (to each tensor's largest entry) in float64, for Fig. 2's
# [32, 50, 2] relu mse net, Fig. 13's embedded [256, 100, 100, 59] silu ce
# net, Fig. 19's modular [2, 100, 100, 2] silu net, and a small gelu net
# with bce (PyTorch's exact erf gelu) and a tanh one; float32 passes
# against torch's float32 agree to 1e-5.  With reweight = loss (skill(5):
# each term weighed by its loss over the mean, detached) the same nets'
# gradients agree with torch's of (l * (l / mean l).detach()).mean().
# Skipped (77) where python3
# cannot import torch.
#
# Environment: abs_top_builddir, abs_top_srcdir (set by `make check`).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (automake's conventions).
driver=${abs_top_builddir:?abs_top_builddir must be set}/tests/unit/net_driver
helper=${abs_top_srcdir:?abs_top_srcdir must be set}/tests/net_torch.py
. "$(dirname "$0")/need-torch.sh"
. "$(dirname "$0")/scratch.sh"

# compare CASE TOL [WORDS: single, reweight]
compare() {
    echo "== $1 ${3:-double}"
    # shellcheck disable=SC2086  # WORDS are words
    "$driver" "$1" $3 > pass.json || { echo "FAIL: net_driver $1 $3"; return 1; }
    "$py" "$helper" "$2" < pass.json
}

fail=0
compare fig2 1e-10 || fail=1
compare fig13 1e-10 || fail=1
compare fig19 1e-10 || fail=1
compare gelu 1e-10 || fail=1
compare tanh 1e-10 || fail=1
compare fig19 1e-5 single || fail=1
compare fig13 1e-5 single || fail=1
compare fig2 1e-10 reweight || fail=1
compare fig13 1e-10 reweight || fail=1
compare fig19 1e-10 reweight || fail=1
compare gelu 1e-10 reweight || fail=1
compare fig19 1e-5 "single reweight" || fail=1
exit $fail
