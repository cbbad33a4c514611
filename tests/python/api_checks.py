"""tests/python/api_checks.py - the Python package against what it must
agree with, never against itself: the bounds against their closed form, a
simulation against the command line's --json for the same settings and
seed (another front end, over the static library), the field names against
the Lua API's, errors against the command line's messages, min_width and
max_depth against the command line and their defining inequality.

Run by tests/python/test_python.sh as
    python3 api_checks.py MODE
with MODE "numpy" (numpy importable: by_depth columns must be arrays) or
"list" (numpy made unimportable first: they must be lists), the program as
$DEADRELU. Prints "PASS python/MODE/NAME" or "FAIL python/MODE/NAME: why".
"""

import json
import math
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time

MODE = sys.argv[1]
if MODE == "list":
    sys.modules["numpy"] = None  # import numpy now raises ImportError
DEADRELU = os.environ["DEADRELU"]

import deadrelu  # noqa: E402 (after the numpy switch)

failed = 0


def check(name, ok, why=""):
    global failed
    if ok:
        print("PASS python/%s/%s" % (MODE, name))
    else:
        failed += 1
        print("FAIL python/%s/%s: %s" % (MODE, name, str(why).replace("\n", "|")[:600]))
    sys.stdout.flush()


def cli(commands, json_out=True):
    """deadrelu [--json] -c COMMANDS: (stdout, stderr, status)."""
    args = [DEADRELU] + (["--json"] if json_out else []) + ["-c", commands]
    p = subprocess.run(args, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    return p.stdout, p.stderr, p.returncode


def cli_json(commands):
    out, err, st = cli(commands)
    if st != 0:
        raise RuntimeError("deadrelu -c '%s': status %d: %s" % (commands, st, err))
    return json.loads(out)


def lua_keys(expr):
    """The sorted keys of a Lua table the deadrelu module returns."""
    code = "local t = {} for k in pairs(%s) do t[#t+1] = k end table.sort(t) print(table.concat(t, ' '))" % expr
    p = subprocess.run([DEADRELU, "-e", code], capture_output=True, text=True, timeout=120)
    return p.stdout.split()


def raises(fn, **kw):
    """The deadrelu.Error fn(**kw) raises, or None."""
    try:
        fn(**kw)
    except deadrelu.Error as e:
        return e
    return None


# ---- the library and the version ----

header = pathlib.Path("src/engine/deadrelu.h").read_text()
version = header.split('#define DR_VERSION "', 1)[1].split('"', 1)[0]
check("version", deadrelu.__version__ == version, "%r, deadrelu.h says %r" % (deadrelu.__version__, version))
want_lib = os.environ.get("WANT_LIBRARY")
if want_lib:
    check("library", deadrelu.library == want_lib, "loaded %s, want %s" % (deadrelu.library, want_lib))

# ---- bounds ----

# The default settings (ball inputs, he-normal weights, normal biases): the
# lower bound is the product over the layers of 1 - 2^-width.
for k, n in ((20, 4), (32, 4), (50, 6), (7, 3), (1000, 9)):
    b = deadrelu.bounds(depth=k, width=n)
    want = (1 - 2.0**-n) ** k
    check(
        "bounds.lower_%d_%d" % (k, n),
        abs(b["lower"] - want) <= 1e-12 * want and abs(b["log_lower"] - k * math.log1p(-(2.0**-n))) <= 1e-12 * k,
        "lower %r log_lower %r, (1 - 2^-%d)^%d = %r" % (b["lower"], b["log_lower"], n, k, want),
    )
widths = [8, 4, 2]
want = (1 - 2.0**-8) * (1 - 2.0**-4) * (1 - 2.0**-2) ** 18  # depth 20, the last width repeats
got = deadrelu.bounds(width=widths)["lower"]
check("bounds.width_list", abs(got - want) <= 1e-12 * want, "width=%r: lower %r, want %r" % (widths, got, want))
b = deadrelu.bounds(depth=20, width=4)
check(
    "bounds.fields_as_lua",
    sorted(b) == lua_keys("deadrelu.bounds{}"),
    "python %s, lua %s" % (sorted(b), lua_keys("deadrelu.bounds{}")),
)
j = cli_json("set depth 20 width 4; bounds")
same = all(b[k] == j[k] for k in b)
check("bounds.as_cli", same, "python %r, cli %r" % (b, j))
check(
    "bounds.types",
    isinstance(b["applies"], bool)
    and isinstance(b["notes"], list)
    and isinstance(b["first_factor_kind"], str)
    and isinstance(b["lower"], float),
    repr(b),
)
d = deadrelu.bounds(arch="dense", depth=7)
jd = cli_json("set arch dense depth 7; bounds")
check(
    "bounds.notes",
    d["applies"] is False and d["notes"] == jd["notes"] and len(d["notes"]) > 0,
    "python %r, cli %r" % (d["notes"], jd["notes"]),
)

# ---- values in Python's types ----

cases = [
    ("bool", dict(signflip=True, depth=9), "set signflip on depth 9"),
    ("float", dict(radius=0.25, bias_scale=1e-3, depth=9), "set radius 0.25 bias_scale 0.001 depth 9"),
    ("center_list", dict(input_dim=3, center=[0.5, -1, 2], depth=9), "set input_dim 3 center 0.5,-1,2 depth 9"),
    ("center_first", dict(center=(0.5, -1, 2), input_dim=3, depth=9), "set input_dim 3 center 0.5,-1,2 depth 9"),
    ("enum", dict(input="orthant", weights="he-uniform"), "set input orthant weights he-uniform"),
    ("range", dict(width=range(3, 6)), "set width 3,4,5"),
    ("bias_number", dict(bias=0.5), "set bias 0.5"),
]
for name, kw, cmd in cases:
    got = deadrelu.bounds(**kw)
    want = cli_json(cmd + "; bounds")
    check("values.%s" % name, got["lower"] == want["lower"] and got["upper"] == want["upper"],
          "%r: %r %r, cli '%s': %r %r" % (kw, got["lower"], got["upper"], cmd, want["lower"], want["upper"]))
if MODE == "numpy":
    import numpy

    got = deadrelu.bounds(width=numpy.array([8, 4, 2]), depth=numpy.int64(12))["lower"]
    want = deadrelu.bounds(width=[8, 4, 2], depth=12)["lower"]
    check("values.numpy", got == want, "numpy arguments: %r, lists %r" % (got, want))

# ---- errors: the engine's messages, as the command line shows them ----

for name, kw, cmd in [
    ("width_0", dict(width=0), "set width 0"),
    ("depth_float", dict(depth=2.5), "set depth 2.5"),
    ("unknown", dict(depht=3), "set depht 3"),
    ("enum", dict(arch="resnet"), "set arch resnet"),
    ("radius_nan", dict(radius=float("nan")), "set radius nan"),
    ("bool_on_int", dict(signflip=2), "set signflip 2"),
    ("center_length", dict(center=[1, 2, 3]), "set center 1,2,3"),
]:
    e = raises(deadrelu.bounds, **kw)
    out, err, st = cli(cmd, json_out=False)
    want = err.strip()
    want = want[len("deadrelu: "):] if want.startswith("deadrelu: ") else want
    check(
        "errors.%s" % name,
        e is not None and isinstance(e, ValueError) and str(e) == want and "\n" not in str(e) and e.code < 0,
        "%r raised %r, cli '%s' says %r" % (kw, e, cmd, want),
    )
e = raises(deadrelu.bounds, width=None)
check(
    "errors.type",
    e is not None and str(e).startswith("width: bad value None") and "allowed: an integer 1..4096" in str(e),
    repr(e),
)
e = raises(deadrelu.simulate, data_file="no-such-file.csv")
check("errors.data_file", e is not None and "no-such-file.csv" in str(e) and "No such file" in str(e), repr(e))
e = raises(deadrelu.simulate, depth=2000000)
check("errors.too_deep", e is not None and "too deep to simulate" in str(e), repr(e))
e = raises(deadrelu.bounds, width="4\0" + "8")
check("errors.nul", e is not None and str(e).startswith("width: bad value") and "NUL" in str(e), repr(e))

# ---- simulate against the command line ----

NUMBERS = ("alive", "alive_lo", "alive_hi", "living_ratio", "living_ratio_lo", "living_ratio_hi", "min_living_ratio")
ROW = ("alive", "alive_lo", "alive_hi", "living_ratio", "min_living_ratio", "dead_units")
CERT = ("certified_alive", "certified_dead", "region_lo", "region_hi")


def sim_case(name, kw, cmd, cert=False):
    r = deadrelu.simulate(**kw)
    j = cli_json(cmd + "; simulate")
    names = NUMBERS + (CERT if cert else ())
    bad = [k for k in names if r[k] != j[k]]
    bad += [k for k in ("trials", "points", "finished") if r[k] != j[k] or type(r[k]) is not type(j[k])]
    check("simulate.%s" % name, not bad, "fields %s differ: python %r, cli %r" % (bad, [r.get(k) for k in bad],
                                                                            [j.get(k) for k in bad]))
    rows = j["by_depth"]
    cols = r["by_depth"]
    bad = []
    for k in ("depth",) + ROW + (CERT if cert else ()):
        col = list(cols[k])
        want = [row[k] for row in rows]
        if col != want:
            bad.append(k)
    check("simulate.%s.by_depth" % name, not bad and len(rows) == kw["depth"], "columns %s differ" % bad)
    return r


r = sim_case("plain", dict(depth=12, width=3, trials=3000, seed=7), "set depth 12 width 3 trials 3000 seed 7")
sim_case("point", dict(input="point", depth=30, width=5, trials=2000, seed=3),
         "set input point depth 30 width 5 trials 2000 seed 3")
c = sim_case("certify", dict(depth=6, width=3, trials=500, certify="bracket", arch="batchnorm"),
             "set depth 6 width 3 trials 500 certify bracket arch batchnorm", cert=True)
check("simulate.fields_as_lua", sorted(c) == lua_keys('deadrelu.simulate{trials=10, certify="bracket", arch="batchnorm"}'),
      "python %s" % sorted(c))
check("simulate.row_fields_as_lua",
      sorted(c["by_depth"]) == sorted(lua_keys('deadrelu.simulate{trials=10, certify="bracket"}.by_depth[1]') + ["depth"]),
      "python %s" % sorted(c["by_depth"]))
check("simulate.no_certify_fields", not any(k in r for k in CERT + ("certify_note",)), sorted(r))
# The interval is the engine's Wilson interval: the estimate is inside it.
check("simulate.interval", r["alive_lo"] <= r["alive"] <= r["alive_hi"] and r["alive_hi"] - r["alive_lo"] < 0.05, r)

# a data file by its path (pathlib), its rows the points
csv = pathlib.Path(os.environ["TMPDIR_CHECKS"]) / "points.csv"
csv.write_text("".join("%d,%g\n" % (i, i / 7.0 - 1) for i in range(13)))
got = deadrelu.simulate(input="data", data_file=csv, trials=200, depth=5)
want = cli_json("set input data data_file %s trials 200 depth 5; simulate" % csv)
check("simulate.data_file", got["points"] == 13 and got["alive"] == want["alive"], "points %r alive %r, cli %r"
      % (got["points"], got["alive"], want["alive"]))

# ---- by_depth: arrays with numpy, lists without ----

cols = r["by_depth"]
if MODE == "numpy":
    import numpy

    check("by_depth.numpy",
          all(isinstance(cols[k], numpy.ndarray) and cols[k].dtype == numpy.float64 for k in ROW)
          and cols["depth"].dtype == numpy.int64 and list(cols["depth"]) == list(range(1, 13)),
          {k: type(v).__name__ for k, v in cols.items()})
else:
    check("by_depth.list",
          all(isinstance(cols[k], list) and all(isinstance(x, float) for x in cols[k]) for k in ROW)
          and cols["depth"] == list(range(1, 13)),
          {k: type(v).__name__ for k, v in cols.items()})

# ---- min_width and max_depth ----


def lower(n, k):
    return (1 - 2.0**-n) ** k


for k, p in ((1000, 0.9), (20, 0.5), (1, 0.3), (10**9, 0.99)):
    n = deadrelu.min_width(k, p)
    j = cli_json("min_width %d %r" % (k, p))
    ok = n == j["width"] and isinstance(n, int) and lower(n, k) >= p and (n == 1 or lower(n - 1, k) < p)
    check("min_width_%d_%g" % (k, p), ok, "python %r, cli %r" % (n, j))
for n, p in ((8, 0.5), (3, 0.9), (1, 0.6)):
    k = deadrelu.max_depth(n, p)
    j = cli_json("max_depth %d %r" % (n, p))
    ok = k == j["depth"] and lower(n, k) >= p and lower(n, k + 1) < p
    check("max_depth_%d_%g" % (n, p), ok, "python %r, cli %r" % (k, j))
check("max_depth_unlimited", deadrelu.max_depth(64, 0.5) == 2**63 - 1, deadrelu.max_depth(64, 0.5))
check("min_width_string", deadrelu.min_width("1000", "0.9") == deadrelu.min_width(1000, 0.9), "")
for name, args, part in [
    ("depth_0", (0, 0.5), "depth: bad value '0'"),
    ("p_1", (10, 1.0), "p: bad value '1'"),
    ("depth_float", (2.5, 0.5), "depth: bad value 2.5 (allowed: an integer)"),
    ("p_text", (10, "half"), "p: bad value 'half'"),
]:
    try:
        deadrelu.min_width(*args)
        e = None
    except deadrelu.Error as x:
        e = x
    check("min_width_error.%s" % name, e is not None and str(e).startswith(part), "%r: %r" % (args, e))

# ---- threads and Ctrl-C ----

kw = dict(depth=10, width=3, trials=1500, threads=1)
alone = [deadrelu.simulate(seed=s, **kw)["alive"] for s in (1, 2, 3)]
got = {}
threads = [threading.Thread(target=lambda s=s: got.__setitem__(s, deadrelu.simulate(seed=s, **kw)["alive"]))
           for s in (1, 2, 3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("threads", [got.get(s) for s in (1, 2, 3)] == alone, "in threads %r, one by one %r" % (got, alone))

# SIGINT during a long run: KeyboardInterrupt within a second, the workers stopped.
timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
t0 = time.monotonic()
timer.start()
try:
    deadrelu.simulate(depth=1000, width=64, trials=10**7, points=1024)
    stopped = "finished"
except KeyboardInterrupt:
    stopped = time.monotonic() - t0
check("ctrl_c", stopped != "finished" and stopped < 1.5, "after SIGINT at 0.3 s: %r" % (stopped,))
cpu0 = time.process_time()
time.sleep(0.3)
check("ctrl_c_workers_stopped", time.process_time() - cpu0 < 0.1,
      "%.2f s of CPU in 0.3 s after the interrupt" % (time.process_time() - cpu0))

sys.exit(1 if failed else 0)
