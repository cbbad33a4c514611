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

import numpy as np

from bench_common import BIAS_SCALE, RADIUS, blas_in_use, run_all


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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-t", type=float, default=2.0, help="minimum seconds per experiment")
    ap.add_argument("-s", type=int, default=12345, help="seed")
    args = ap.parse_args()
    rng = np.random.default_rng(args.s)
    print("# numpy %s, python %s, BLAS %s" % (np.__version__, sys.version.split()[0], blas_in_use()))
    run_all(run_batch, rng, args.t, "numpy")


if __name__ == "__main__":
    main()
