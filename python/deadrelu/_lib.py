"""Finding and loading libdeadrelu, and the C declarations ctypes needs.

The library is, in this order: the file $DEADRELU_LIBRARY names (nothing
else is tried when it is set); build/libdeadrelu.so.0 of the source tree
this package is in (python/deadrelu/ of a checkout, e.g. PYTHONPATH=python);
libdeadrelu.so.0 in the LIBDIR that `make install` put this package under
(PYTHONDIR is LIBDIR/python3[.MINOR]/dist-packages); and last what the
dynamic loader finds by that name (LD_LIBRARY_PATH, ldconfig's cache).

Only functions of deadrelu.h are declared, and only one struct is laid out
here, the small dr_param_info (for the text of a parameter's allowed
values); bounds and results are read through the engine's accessors by
name, so their layout can change without this file.
"""

import ctypes
import os

SONAME = "libdeadrelu.so.0"

# A message buffer: DR_ERRLEN (256) always suffices; this is more.
ERRLEN = 1024


class ParamInfo(ctypes.Structure):
    """dr_param_info of deadrelu.h."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("kind", ctypes.c_int),
        ("help", ctypes.c_char_p),
        ("allowed", ctypes.c_char_p),
        ("values", ctypes.c_void_p),
        ("value_help", ctypes.c_void_p),
    ]


def _candidates():
    here = os.path.dirname(os.path.realpath(__file__))
    found = []
    tree = os.path.dirname(os.path.dirname(here))
    if os.path.isfile(os.path.join(tree, "src", "engine", "deadrelu.h")):
        found.append(os.path.join(tree, "build", SONAME))
    libdir = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    found.append(os.path.join(libdir, SONAME))
    return found


def _load():
    env = os.environ.get("DEADRELU_LIBRARY")
    if env:
        try:
            return ctypes.CDLL(env), env
        except OSError as e:
            raise ImportError("deadrelu: cannot load DEADRELU_LIBRARY=%s (%s)" % (env, e)) from None
    tried = []
    for path in _candidates():
        if os.path.isfile(path):
            try:
                return ctypes.CDLL(path), path
            except OSError as e:
                tried.append("%s (%s)" % (path, e))
        else:
            tried.append("%s (no such file)" % path)
    try:
        return ctypes.CDLL(SONAME), SONAME
    except OSError as e:
        tried.append("%s through the loader (%s)" % (SONAME, e))
    raise ImportError(
        "deadrelu: libdeadrelu not found (build it with make, install it, or set DEADRELU_LIBRARY); tried: "
        + "; ".join(tried)
    )


lib, path = _load()

_P = ctypes.c_void_p
_S = ctypes.c_char_p
_I = ctypes.c_int
_LL = ctypes.c_longlong
_D = ctypes.c_double
_Z = ctypes.c_size_t

# name: (result type, argument types)
_DECLS = {
    "dr_version": (_S, []),
    "dr_strerror": (_S, [_I]),
    "dr_params_new": (_P, []),
    "dr_bounds_new": (_P, []),
    "dr_result_new": (_P, []),
    "dr_free": (None, [_P]),
    "dr_param_find": (ctypes.POINTER(ParamInfo), [_S]),
    "dr_param_parse": (_I, [_P, _S, _S, _S, _Z]),
    "dr_params_check": (_I, [_P, _S, _Z]),
    "dr_parse_number": (_I, [_S, ctypes.POINTER(_D)]),
    "dr_bounds_compute": (_I, [_P, _P, _S, _Z]),
    "dr_bounds_number": (_I, [_P, _S, ctypes.POINTER(_D)]),
    "dr_bounds_text": (_S, [_P, _S, _I]),
    "dr_min_width": (_I, [_LL, _D, ctypes.POINTER(_LL), _S, _Z]),
    "dr_max_depth": (_I, [_LL, _D, ctypes.POINTER(_LL), _S, _Z]),
    "dr_sim_start": (_I, [_P, _P, _P, ctypes.POINTER(_P), _S, _Z]),
    "dr_sim_done": (_I, [_P]),
    "dr_sim_wait": (None, [_P]),
    "dr_sim_snapshot": (_I, [_P, _P, _S, _Z]),
    "dr_sim_free": (None, [_P]),
    "dr_result_free": (None, [_P]),
    "dr_result_number": (_I, [_P, _S, ctypes.POINTER(_D)]),
    "dr_result_text": (_S, [_P, _S]),
    "dr_result_column": (_I, [_P, _S, ctypes.POINTER(_D), _LL]),
}

for _name, (_res, _args) in _DECLS.items():
    _fn = getattr(lib, _name)
    _fn.restype = _res
    _fn.argtypes = _args
