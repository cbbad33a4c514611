#!/usr/bin/python3
"""bench_ref.py - numpy reference for `make bench`.

The same three experiments as tests/bench/bench.c, written the way one would
in numpy: a batch of T independent networks is pushed through layer by layer
as (T, P, n) arrays with one batched matmul per layer.  Prints one line per
experiment:

    NAME-numpy trials seconds trials_per_sec [gflops] alive=P

Model (THEORY.md sections 1-2): z = h A + b, h = relu(z); weights He-normal
N(0, 2/fan_in), biases N(0, 1); a point is alive while h_l != 0, a network is
alive at depth k when some point is alive after layer k.  Each trial draws a
fresh network and fresh points.

Usage: bench_ref.py [-t SECONDS] [-s SEED]
"""
import argparse
import sys
import time

import numpy as np

# name, depth, width, input_dim, input ("ball" or "origin"), points
EXPERIMENTS = [
    ("a-plain", 32, 4, 2, "ball", 256),
    ("b-point", 1000, 8, 2, "origin", 1),
    ("c-wide", 8, 256, 2, "ball", 1024),
]

RADIUS = 1.0
BIAS_SCALE = 1.0
# Largest activation array of one batch, in doubles (about 256 MB); keeps
# experiment (c) from asking for gigabytes when the batch grows.
MAX_BATCH_ELEMS = 32 * 1024 * 1024


def sample_inputs(rng, kind, T, P, d):
    if kind == "origin":
        return np.zeros((T, P, d))
    # Uniform in the ball: gaussian direction, radius r * U^(1/d).
    g = rng.standard_normal((T, P, d))
    g /= np.linalg.norm(g, axis=-1, keepdims=True)
    g *= RADIUS * rng.random((T, P, 1)) ** (1.0 / d)
    return g


def run_batch(rng, exp, T):
    """Runs T trials; returns how many networks are alive at full depth."""
    _, depth, width, d, kind, P = exp
    h = sample_inputs(rng, kind, T, P, d)
    alive = np.ones((T, P), dtype=bool)
    fan_in = d
    for _ in range(depth):
        W = rng.standard_normal((h.shape[0], fan_in, width)) * np.sqrt(2.0 / fan_in)
        b = rng.standard_normal((h.shape[0], 1, width)) * BIAS_SCALE
        z = np.matmul(h, W)
        z += b
        alive &= (z > 0).any(axis=-1)
        h = np.maximum(z, 0.0, out=z)
        # A dead network stays dead: drop it so later layers cost nothing.
        # Compacting only pays once a fair share has died.
        net = alive.any(axis=1)
        nlive = int(np.count_nonzero(net))
        if nlive == 0:
            return 0
        if nlive < 0.9 * len(net):
            h = h[net]
            alive = alive[net]
        fan_in = width
    return int(np.count_nonzero(alive.any(axis=1)))


def flops_per_trial(exp):
    # Upper count, as in bench.c: ignores that dead points/nets are dropped.
    _, depth, width, d, _, P = exp
    return 2.0 * (d * width + (depth - 1) * width * width) * P


def bench(rng, exp, seconds):
    _, depth, width, d, _, P = exp
    cap = max(1, MAX_BATCH_ELEMS // (P * max(width, d)))
    T = 1
    trials = alive = 0
    t0 = time.perf_counter()
    while True:
        tb = time.perf_counter()
        alive += run_batch(rng, exp, T)
        trials += T
        now = time.perf_counter()
        if now - t0 >= seconds:
            break
        # Grow the batch until one batch is about a tenth of the budget:
        # big enough that python overhead vanishes, small enough not to
        # overshoot the time by much.
        if now - tb < seconds / 10 and T < cap:
            T = min(cap, T * 2)
    return trials, time.perf_counter() - t0, alive / trials


def blas_in_use():
    """The BLAS library numpy actually loaded (Debian switches it through
    alternatives, so the build config does not tell)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ",".join(sorted(libs)) or "unknown"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-t", type=float, default=2.0, help="minimum seconds per experiment")
    ap.add_argument("-s", type=int, default=12345, help="seed")
    args = ap.parse_args()
    rng = np.random.default_rng(args.s)
    print("# numpy %s, python %s, BLAS %s" % (np.__version__, sys.version.split()[0], blas_in_use()))
    for exp in EXPERIMENTS:
        trials, secs, p = bench(rng, exp, args.t)
        line = "%s-numpy %d %.3f %.1f" % (exp[0], trials, secs, trials / secs)
        if exp[0].startswith("c"):
            line += " %.2f" % (flops_per_trial(exp) * trials / secs / 1e9)
        print(line + " alive=%.4f" % p, flush=True)


if __name__ == "__main__":
    main()
