"""The Fig. 2 bottom replica's accuracy curves for seed 4 (the reference's
seed) and p2 = 0.1, one line per step, for comparing curves by eye:
results/fig02_trace_seed4_p0.1.txt, columns step acc1 acc2 (after that many
updates)."""
import os

import common
import fig02_bottom


def main():
    common.setup()
    acc = fig02_bottom.train(4, 0.1)
    path = os.path.join(common.RESULTS, "fig02_trace_seed4_p0.1.txt")
    with open(path, "w") as f:
        f.write("# Fig. 2 bottom replica, seed 4, p2 = 0.1: training accuracy of each task after each step\n")
        f.write("# step acc1 acc2\n")
        for t, (a1, a2) in enumerate(acc, start=1):
            f.write("%d %.4f %.4f\n" % (t, a1, a2))
    print("t(0.9):", fig02_bottom.times(acc, 0.9))


if __name__ == "__main__":
    main()
