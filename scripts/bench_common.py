"""bench_common.py - what the benchmark's Python peers share (bench_ref.py,
numpy; bench_torch.py, PyTorch): the three experiments of
tests/bench/bench.c, the timing loop that grows a batch of trials, the
GFLOP/s count and the output line

    NAME-TAG trials seconds trials_per_sec [gflops] alive=P
"""
import time

# name, depth, width, input_dim, input ("ball" or "origin"), points
EXPERIMENTS = [
    ("a-plain", 32, 4, 2, "ball", 256),
    ("b-point", 1000, 8, 2, "origin", 1),
    ("c-wide", 8, 256, 2, "ball", 1024),
]

RADIUS = 1.0
BIAS_SCALE = 1.0
# Largest activation array of one batch, in elements (256 MB of doubles);
# keeps experiment (c) from asking for gigabytes when the batch grows.
MAX_BATCH_ELEMS = 32 * 1024 * 1024


def flops_per_trial(exp):
    # Upper count, as in bench.c: ignores that dead points/nets are dropped.
    _, depth, width, d, _, P = exp
    return 2.0 * (d * width + (depth - 1) * width * width) * P


def bench(run_batch, rng, exp, seconds):
    """Runs run_batch(rng, exp, T) for at least `seconds`; returns trials,
    seconds and the fraction of networks alive at full depth."""
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


def run_all(run_batch, rng, seconds, tag):
    """Every experiment, one output line each."""
    for exp in EXPERIMENTS:
        trials, secs, p = bench(run_batch, rng, exp, seconds)
        line = "%s-%s %d %.3f %.1f" % (exp[0], tag, trials, secs, trials / secs)
        if exp[0].startswith("c"):
            line += " %.2f" % (flops_per_trial(exp) * trials / secs / 1e9)
        print(line + " alive=%.4f" % p, flush=True)


def blas_in_use():
    """The BLAS libraries this process loaded (Debian switches them
    through alternatives, so no build configuration tells)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ",".join(sorted(libs)) or "none loaded"
    except OSError:
        return "unknown"
