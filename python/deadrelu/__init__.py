"""deadrelu: neuron death in randomly initialised ReLU networks.

The engine of the deadrelu program (libdeadrelu) through ctypes: the bounds
on P(alive), the probability that a network is alive at initialisation, and
reproducible Monte Carlo estimates of it. Pure Python; see python/README.

    import deadrelu
    deadrelu.bounds(depth=20, width=4)["lower"]      # 0.27505878988833..., (1 - 2**-4)**20
    r = deadrelu.simulate(depth=20, width=4, trials=2000)
    r["alive"], r["alive_lo"], r["alive_hi"]         # the estimate and its Wilson interval
    deadrelu.min_width(1000, 0.9), deadrelu.max_depth(8, 0.5)    # (14, 177)

Parameters are deadrelu's (`deadrelu -c help`), given as keywords; each
value is converted to the text the command language's `set` takes (True
and False to on and off, a list or tuple to a comma-separated list) and
parsed and checked by the engine, so the names, ranges and messages are the
program's. A bad one raises deadrelu.Error with the engine's one-line
message. The results are dicts with the fields of the Lua API
(deadrelu-lua(7)); a simulation's "by_depth" is a dict of columns, numpy
arrays when numpy can be imported, else lists, with a "depth" column.
"""

import ctypes
import numbers
import os
import time

from . import _lib

__all__ = ["Error", "bounds", "simulate", "min_width", "max_depth"]

__version__ = _lib.lib.dr_version().decode()
#: The file of the libdeadrelu in use.
library = _lib.path

_lib_ = _lib.lib

_BOUNDS_NUMBERS = ("lower", "upper", "log_lower", "log_upper", "log_dead_lower", "log_dead_upper", "first_factor")
_RESULT_NUMBERS = (
    "alive",
    "alive_lo",
    "alive_hi",
    "living_ratio",
    "living_ratio_lo",
    "living_ratio_hi",
    "min_living_ratio",
    "seconds",
)
_CERT_NUMBERS = ("certified_alive", "certified_dead", "region_lo", "region_hi")
_DEPTH_COLUMNS = ("alive", "alive_lo", "alive_hi", "living_ratio", "min_living_ratio", "dead_units")

_INT64 = (-(2**63), 2**63 - 1)


class Error(ValueError):
    """A refusal of the engine: str(e) is its one-line message, naming the
    parameter, the value and what is allowed; e.code is the negative DR_E*
    code of deadrelu.h (-1 for a bad value)."""

    def __init__(self, message, code=-1):
        super().__init__(message)
        self.code = code


def _err():
    return ctypes.create_string_buffer(_lib.ERRLEN)


def _check(rc, err):
    if rc != 0:
        msg = err.value.decode("utf-8", "replace") or _lib_.dr_strerror(rc).decode()
        raise Error(msg, rc)


def _new(fn):
    obj = fn()
    if not obj:
        raise MemoryError("deadrelu: out of memory")
    return obj


# ---- parameters: Python values to the command language's text ----


def _allowed(info):
    return info.contents.allowed.decode("utf-8", "replace")


def _scalar(name, value, info):
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))  # the shortest text that reads back as the same double
    if isinstance(value, (str, bytes, os.PathLike)):
        return os.fsdecode(value)  # a path as the file system spells it
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):  # a numpy scalar
        plain = value.tolist()
        if not isinstance(plain, (list, tuple)):
            return _scalar(name, plain, info)
    raise Error("%s: bad value %r of type %s (allowed: %s)" % (name, value, type(value).__name__, _allowed(info)))


def _text(name, value, info):
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()  # numpy arrays (and scalars)
    if isinstance(value, (list, tuple, range)):
        text = ",".join(_scalar(name, v, info) for v in value)
    else:
        text = _scalar(name, value, info)
    data = os.fsencode(text)
    if b"\0" in data:
        raise Error("%s: bad value %r (allowed: text without NUL bytes)" % (name, value))
    return data


def _params(params):
    """A dr_params on the heap with params set on the defaults (free it
    with dr_free): each value parsed by the engine, then the whole checked,
    as the Lua API does, so an order of the keywords never matters."""
    p = _new(_lib_.dr_params_new)
    err = _err()
    try:
        for name, value in params.items():
            if "\0" in name:
                raise Error("unknown parameter %r (allowed: see deadrelu -c help)" % name)
            key = name.encode("utf-8", "surrogateescape")
            info = _lib_.dr_param_find(key)
            if not info:  # the engine's message, with the list of names
                _check(_lib_.dr_param_parse(p, key, b"", err, len(err)), err)
            _check(_lib_.dr_param_parse(p, key, _text(name, value, info), err, len(err)), err)
        _check(_lib_.dr_params_check(p, err, len(err)), err)
    except BaseException:
        _lib_.dr_free(p)
        raise
    return p


# ---- the API ----


def bounds(**params):
    """The bounds on P(alive) for these parameters (the others at their
    defaults): a dict of lower, upper, log_lower, log_upper (natural logs,
    exact where the bounds underflow), log_dead_lower, log_dead_upper,
    first_factor, first_factor_kind, applies (whether the assumptions hold)
    and notes (a list of strings)."""
    p = _params(params)
    b = None
    err = _err()
    try:
        b = _new(_lib_.dr_bounds_new)
        _check(_lib_.dr_bounds_compute(p, b, err, len(err)), err)
        out = {name: _number(_lib_.dr_bounds_number, b, name) for name in _BOUNDS_NUMBERS}
        out["first_factor_kind"] = _lib_.dr_bounds_text(b, b"first_factor_kind", 0).decode()
        out["applies"] = bool(_number(_lib_.dr_bounds_number, b, "applies"))
        n = int(_number(_lib_.dr_bounds_number, b, "nnotes"))
        out["notes"] = [_lib_.dr_bounds_text(b, b"notes", i).decode("utf-8", "replace") for i in range(n)]
        return out
    finally:
        _lib_.dr_free(b)
        _lib_.dr_free(p)


def _number(fn, obj, name):
    v = ctypes.c_double()
    if fn(obj, name.encode(), ctypes.byref(v)) != 0:
        raise AssertionError("deadrelu: the library has no field %r" % name)  # a stale library
    return v.value


def _column(r, name, rows, np):
    if np is not None:
        out = np.empty(rows, dtype=np.float64)
        ptr = out.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    else:
        out = (ctypes.c_double * rows)()
        ptr = ctypes.cast(out, ctypes.POINTER(ctypes.c_double))
    if _lib_.dr_result_column(r, name.encode(), ptr, rows) != 0:
        raise AssertionError("deadrelu: the library has no column %r" % name)
    if name == "depth":
        return out.astype(np.int64) if np is not None else [int(x) for x in out]
    return out if np is not None else list(out)


def _numpy():
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def simulate(**params):
    """Samples `trials` networks for these parameters (the others at their
    defaults) in worker threads; the same parameters, seed included, give
    the same numbers. A dict of alive (the fraction of networks alive at
    full depth), alive_lo and alive_hi (its Wilson interval at
    `confidence`), living_ratio with living_ratio_lo and living_ratio_hi,
    min_living_ratio, seconds, trials, points and finished; with certify on
    also certified_alive, certified_dead, region_lo, region_hi and
    certify_note (when there is one); and by_depth, a dict of columns
    (depth, alive, alive_lo, alive_hi, living_ratio, min_living_ratio,
    dead_units, and the certified ones with certify on), row i being depth
    i + 1. Ctrl-C stops the workers and raises KeyboardInterrupt."""
    p = _params(params)
    err = _err()
    sim = ctypes.c_void_p()
    try:
        _check(_lib_.dr_sim_start(p, None, None, ctypes.byref(sim), err, len(err)), err)
    finally:
        _lib_.dr_free(p)  # the run holds its own copy
    r = None
    try:
        # Waiting in Python, not in dr_sim_wait: Ctrl-C is seen meanwhile.
        nap = 0.0002
        while not _lib_.dr_sim_done(sim):
            time.sleep(nap)
            nap = min(2 * nap, 0.005)
        _lib_.dr_sim_wait(sim)
        r = _new(_lib_.dr_result_new)
        _check(_lib_.dr_sim_snapshot(sim, r, err, len(err)), err)
        out = {name: _number(_lib_.dr_result_number, r, name) for name in _RESULT_NUMBERS}
        out["trials"] = int(_number(_lib_.dr_result_number, r, "trials"))
        out["points"] = int(_number(_lib_.dr_result_number, r, "points"))
        out["finished"] = bool(_number(_lib_.dr_result_number, r, "finished"))
        cert = _lib_.dr_result_text(r, b"certify").decode() != "off"
        if cert:
            for name in _CERT_NUMBERS:
                out[name] = _number(_lib_.dr_result_number, r, name)
            note = _lib_.dr_result_text(r, b"certify_note")
            if note is not None:
                out["certify_note"] = note.decode("utf-8", "replace")
        rows = int(_number(_lib_.dr_result_number, r, "rows"))
        np = _numpy()
        names = ("depth",) + _DEPTH_COLUMNS + (_CERT_NUMBERS if cert else ())
        out["by_depth"] = {name: _column(r, name, rows, np) for name in names}
        return out
    finally:
        _lib_.dr_sim_free(sim)  # stops the workers if still running
        if r:
            _lib_.dr_result_free(r)
            _lib_.dr_free(r)


def _integer(name, value):
    if not isinstance(value, bool):
        if isinstance(value, numbers.Integral):
            v = int(value)
        elif isinstance(value, numbers.Real) and float(value).is_integer():
            v = int(value)
        elif isinstance(value, str):
            d = ctypes.c_double()
            ok = "\0" not in value and _lib_.dr_parse_number(value.encode(), ctypes.byref(d)) == 0
            v = int(d.value) if ok and d.value.is_integer() else None
        else:
            v = None
        if v is not None and _INT64[0] <= v <= _INT64[1]:
            return v
    raise Error("%s: bad value %r (allowed: an integer)" % (name, value))


def _probability(value):
    if not isinstance(value, bool):
        if isinstance(value, numbers.Real):
            return float(value)
        if isinstance(value, str):
            d = ctypes.c_double()
            if "\0" not in value and _lib_.dr_parse_number(value.encode(), ctypes.byref(d)) == 0:
                return d.value
    raise Error("p: bad value %r (allowed: a number 0 < p < 1)" % (value,))


def _inverse(fn, name, given, p):
    n = _integer(name, given)
    prob = _probability(p)
    out = ctypes.c_longlong()
    err = _err()
    _check(fn(n, prob, ctypes.byref(out), err, len(err)), err)
    return out.value


def min_width(depth, p):
    """The smallest constant width whose lower bound on P(alive) is at
    least p at this depth (1 to 1000000000; 0 < p < 1)."""
    return _inverse(_lib_.dr_min_width, "depth", depth, p)


def max_depth(width, p):
    """The largest depth whose lower bound on P(alive) at this constant
    width is at least p: 0 when not even one layer is, 2**63 - 1 when the
    depth is unlimited in 64 bits."""
    return _inverse(_lib_.dr_max_depth, "width", width, p)
