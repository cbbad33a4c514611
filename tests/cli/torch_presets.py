"""torch_presets.py - deadrelu's initialisation presets against PyTorch's own
initialisers (run by test_torch_presets.sh with Debian's python3).

For each case, PyTorch MLPs of that depth and width are built layer by layer
with nn.Linear and the initialiser a framework uses, run in float64 over the
sklearn digits data (1797 x 64) or over points drawn uniformly from a ball,
and two rates counted: networks alive (some point alive after every layer)
and the mean fraction of living points. deadrelu's `--json simulate` of the
preset gives the same two with their intervals. The two estimates are
independent (other generators, other code), so each comparison is a
two-sample test: |difference| <= 3.29 combined standard errors (99.9% each,
for the 2 x cases comparisons), deadrelu's standard error taken from the
interval it reports, torch's from its own binomial count. Fixed seeds.

Prints one "PASS torch/NAME" or "FAIL torch/NAME: why" line per check.
argv: the deadrelu binary, a scratch directory.
"""
import json
import math
import os
import subprocess
import sys

import torch
import torch.nn as nn
from sklearn.datasets import load_digits

DEADRELU, TMP = sys.argv[1], sys.argv[2]
NETS = 1000      # torch networks per case
TRIALS = 3000    # deadrelu networks per case
Z = 3.29         # two-sided 99.9%

torch.set_default_dtype(torch.float64)


def init_torch(layer):      # nn.Linear's own reset_parameters()
    layer.reset_parameters()


def init_keras(layer):      # Keras Dense: glorot_uniform, zeros
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)


def init_flax(layer):       # Flax Dense: lecun_normal (truncated at 2 sd, variance 1/fan_in), zeros
    sd = math.sqrt(1.0 / layer.in_features) / 0.87962566103423978
    nn.init.trunc_normal_(layer.weight, std=sd, a=-2 * sd, b=2 * sd)
    nn.init.zeros_(layer.bias)


def init_fan_out(layer):    # kaiming_normal_ mode fan_out, zero bias
    nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
    nn.init.zeros_(layer.bias)


def init_orthogonal(layer):  # orthogonal_ with gain 1, bias N(0, 1) (deadrelu's normal bias)
    nn.init.orthogonal_(layer.weight, gain=1.0)
    nn.init.normal_(layer.bias, 0.0, 1.0)


def init_trunc(layer):      # truncated normal sd 0.02 cut at 2 sd, bias N(0, 0.02^2)
    nn.init.trunc_normal_(layer.weight, std=0.02, a=-0.04, b=0.04)
    nn.init.normal_(layer.bias, 0.0, 0.02)


def init_playground(layer):  # TensorFlow Playground: U(-0.5, 0.5), bias 0.1
    nn.init.uniform_(layer.weight, -0.5, 0.5)
    nn.init.constant_(layer.bias, 0.1)


def init_positive(layer):   # he-normal (kaiming_normal_ fan_in) and every bias 0.01
    nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
    nn.init.constant_(layer.bias, 0.01)


digits = torch.tensor(load_digits().data)
DIGITS_CSV = os.path.join(TMP, "digits.csv")
with open(DIGITS_CSV, "w") as f:
    for row in digits.tolist():
        f.write(",".join("%.17g" % v for v in row) + "\n")

# name, initialiser, deadrelu settings, input (digits or (d, points, radius)), depth, width
CASES = [
    ("torch-digits", init_torch, "weights torch", "digits", 10, 3),
    ("torch-ball", init_torch, "weights torch", (2, 64, 1.0), 10, 3),
    ("keras-digits", init_keras, "weights keras", "digits", 8, 3),
    ("flax-ball", init_flax, "weights flax", (3, 32, 1.0), 10, 3),
    ("he-fan-out-digits", init_fan_out, "weights he-fan-out bias zero", "digits", 8, 4),
    ("orthogonal-ball", init_orthogonal, "weights orthogonal", (4, 32, 2.0), 12, 3),
    ("orthogonal-digits", init_orthogonal, "weights orthogonal", "digits", 10, 3),
    ("truncated-ball", init_trunc, "weights truncated-normal w_scale 0.02 bias normal bias_scale 0.02",
     (2, 32, 1.0), 10, 3),
    ("playground-digits", init_playground, "weights playground", "digits", 10, 3),
    ("he-positive-ball", init_positive, "weights he-positive", (2, 64, 1.0), 10, 3),
]


def ball(d, n, r, gen):
    g = torch.randn(n, d, generator=gen)
    u = torch.rand(n, 1, generator=gen) ** (1.0 / d)
    return r * u * g / g.norm(dim=1, keepdim=True)


def torch_rates(init, inputs, depth, width, seed):
    """Networks alive and the mean living fraction over NETS networks."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    alive = 0
    living = 0.0
    for _ in range(NETS):
        x = digits if inputs == "digits" else ball(*inputs, gen)
        live = torch.ones(x.shape[0], dtype=torch.bool)
        h = x
        for l in range(depth):
            layer = nn.Linear(h.shape[1], width)
            init(layer)
            with torch.no_grad():
                h = torch.relu(layer(h))
            live &= (h > 0).any(dim=1)
        alive += bool(live.any())
        living += live.double().mean().item()
    return alive / NETS, living / NETS


def se_binomial(p, n):
    return math.sqrt(max(p * (1 - p), 0.25 / n) / n)


def check(name, ok, why):
    print(("PASS torch/%s" % name) if ok else ("FAIL torch/%s: %s" % (name, why)), flush=True)


for i, (name, init, settings, inputs, depth, width) in enumerate(CASES):
    if inputs == "digits":
        where = "input data data_file %s input_dim 64" % DIGITS_CSV
    else:
        d, n, r = inputs
        where = "input ball input_dim %d points %d radius %g" % (d, n, r)
    cmd = "set %s %s depth %d width %d trials %d seed %d; simulate" % (settings, where, depth, width, TRIALS, 11 + i)
    out = subprocess.run([DEADRELU, "--json", "-c", cmd], capture_output=True, text=True)
    if out.returncode != 0:
        check(name + "/deadrelu", False, "deadrelu -c '%s' failed: %s" % (cmd, out.stderr.strip()))
        continue
    dr = json.loads(out.stdout)
    t_alive, t_living = torch_rates(init, inputs, depth, width, 100 + i)
    for what, t, key in (("alive", t_alive, "alive"), ("living", t_living, "living_ratio")):
        est, lo, hi = dr[key], dr[key + "_lo"], dr[key + "_hi"]
        se_dr = (hi - lo) / (2 * 1.959963984540054)  # from the 95% interval deadrelu reports
        # torch's: binomial for the alive count; for the living fraction the
        # same bound (a mean of values in [0, 1] has variance <= p(1 - p) / n)
        se_t = se_binomial(t, NETS)
        tol = Z * math.sqrt(se_dr ** 2 + se_t ** 2)
        check("%s/%s" % (name, what), abs(est - t) <= tol,
              "deadrelu %.4f [%.4f, %.4f], torch %.4f over %d networks: differ by %.4f > %.4f (%s)"
              % (est, lo, hi, t, NETS, abs(est - t), tol, cmd))
