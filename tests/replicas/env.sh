# Sourced by run.sh: one thread, nice, and a malloc that keeps its memory
# (PyTorch's per-step tensors otherwise cost as much in mmap/munmap as in
# arithmetic: about 2.5x the wall time for the Fig. 2 runs).
export OMP_NUM_THREADS=1
export MALLOC_MMAP_THRESHOLD_=4000000000
export MALLOC_TRIM_THRESHOLD_=4000000000
export MALLOC_TOP_PAD_=536870912
PY="nice -n 10 /usr/bin/python3"
export PYTHONDONTWRITEBYTECODE=1
