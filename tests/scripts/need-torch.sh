# need-torch.sh - sourced by the tests that compare with PyTorch: sets $py
# to a python3 that imports torch (Debian's python3-torch is installed for
# /usr/bin/python3), or skips the test (exit 77).
py=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import torch' 2>/dev/null; then py=$p; break; fi
done
test -n "$py" || { echo "SKIP: torch is not importable"; exit 77; }
