#!/usr/bin/python3
"""bench_torch.py - PyTorch peer for `make bench`.

The same three experiments as tests/bench/bench.c and scripts/bench_ref.py,
written the way a practitioner would in PyTorch: a batch of T independent
networks goes through layer by layer as (T, P, n) float32 tensors, one
torch.bmm per layer, networks dropped once they are dead.  Prints one line
per experiment:

    NAME-torch trials seconds trials_per_sec [gflops] alive=P

Model (THEORY.md sections 1-2): z = h A + b, h = relu(z); weights He-normal
N(0, 2/fan_in), biases N(0, 1); a point is alive while h_l != 0, a network is
alive at depth k when some point is alive after layer k.

Usage: bench_torch.py [-t SECONDS] [-s SEED] [-j THREADS]
"""
import argparse
import math
import re
import sys

import torch

from bench_common import BIAS_SCALE, RADIUS, blas_in_use, run_all


def sample_inputs(gen, kind, T, P, d):
    if kind == "origin":
        return torch.zeros((T, P, d))
    g = torch.randn((T, P, d), generator=gen)
    g /= g.norm(dim=-1, keepdim=True)
    g *= RADIUS * torch.rand((T, P, 1), generator=gen) ** (1.0 / d)
    return g


@torch.no_grad()
def run_batch(gen, exp, T):
    """Runs T trials; returns how many networks are alive at full depth."""
    _, depth, width, d, kind, P = exp
    h = sample_inputs(gen, kind, T, P, d)
    alive = torch.ones((T, P), dtype=torch.bool)
    fan_in = d
    for _ in range(depth):
        n = h.shape[0]
        W = torch.randn((n, fan_in, width), generator=gen) * math.sqrt(2.0 / fan_in)
        b = torch.randn((n, 1, width), generator=gen) * BIAS_SCALE
        z = torch.baddbmm(b, h, W)
        alive &= (z > 0).any(dim=-1)
        h = torch.relu_(z)
        net = alive.any(dim=1)
        nlive = int(net.sum())
        if nlive == 0:
            return 0
        if nlive < 0.9 * n:  # a dead network stays dead: drop it
            h = h[net]
            alive = alive[net]
        fan_in = width
    return int(alive.any(dim=1).sum())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-t", type=float, default=2.0, help="minimum seconds per experiment")
    ap.add_argument("-s", type=int, default=12345, help="seed")
    ap.add_argument("-j", type=int, default=1, help="threads (torch.set_num_threads)")
    args = ap.parse_args()
    torch.set_num_threads(args.j)
    gen = torch.Generator().manual_seed(args.s)
    torch.bmm(torch.ones(1, 2, 2), torch.ones(1, 2, 2))  # loads the BLAS
    info = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    blas = "%s (BLAS_INFO=%s)" % (blas_in_use(), info.group(1) if info else "?")
    print("# torch %s, python %s, %d thread(s), float32, BLAS %s" % (torch.__version__, sys.version.split()[0],
          torch.get_num_threads(), blas))
    run_all(run_batch, gen, args.t, "torch")


if __name__ == "__main__":
    main()
