"""The Resource model of res_rate_replica.skill, written again from the
equations (paper Eq. 1, with eta and N0 read at the current time and
state):  du_i/dt = -eta(t) p_i u_i / (sum_j p_j u_j + N0(u)).
Euler must match euler.csv exactly; a fourth-order Runge-Kutta with
steps of 0.005 must match rk8pd.csv to 1e-9."""
import csv
import sys

P = [0.5, 0.3, 0.2]


def eta(t):
    return 0.01 / (1 + t / 200)


def n0(u):
    return 0.02 * u[0] + 0.01 * (1 - u[2])


def rhs(t, y):
    u = [0.0 if v < 0 else v for v in y]
    d = 0.0
    for k in range(3):
        d += 1.0 * P[k] * u[k]
    denom = d + n0(u)
    out = []
    for k in range(3):
        dk = -1.0 * eta(t) * 1.0 * (P[k] * u[k]) / denom if denom > 0 else 0.0
        if y[k] <= 0 and dk < 0:
            dk = 0.0
        out.append(dk)
    return out


def euler(steps):
    y, rows = [1.0, 1.0, 1.0], {}
    for t in range(steps):
        d = rhs(float(t), y)
        y = [max(y[k] + d[k], 0.0) for k in range(3)]
        rows[t + 1] = [1 - v for v in y]
    return rows


def rk4(steps, h):
    y, t, rows, n = [1.0, 1.0, 1.0], 0.0, {}, round(1 / h)
    for step in range(steps * n):
        t = step * h
        k1 = rhs(t, y)
        k2 = rhs(t + h / 2, [y[i] + h / 2 * k1[i] for i in range(3)])
        k3 = rhs(t + h / 2, [y[i] + h / 2 * k2[i] for i in range(3)])
        k4 = rhs(t + h, [y[i] + h * k3[i] for i in range(3)])
        y = [y[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) for i in range(3)]
        if (step + 1) % n == 0:
            rows[(step + 1) // n] = [1 - v for v in y]
    return rows


def read(path):
    rows = list(csv.reader(open(path)))
    assert rows[0] == ["step", "loss", "A", "B", "C"], rows[0]
    return {int(r[0]): [float(x) for x in r[2:]] for r in rows[1:]}


problems = 0
want = euler(400)
got = read("euler.csv")
for step, levels in got.items():
    if step and levels != want[step]:
        print(f"euler: step {step}: {levels} != replica {want[step]}")
        problems += 1
        break
want = rk4(400, 0.005)
worst = max(abs(a - b) for step, levels in read("rk8pd.csv").items() if step
            for a, b in zip(levels, want[step]))
if not worst < 1e-9:
    print(f"rk8pd: largest difference from RK4 {worst:.3g}")
    problems += 1
print(f"euler rows: {len(got)}, levels at step 400: {got[400]}; rk8pd within {worst:.1e} of RK4")
sys.exit(1 if problems else 0)
