"""The C library, libskill, through ctypes: where it is found and the
prototypes of the skill_* functions the package calls."""
import ctypes
import ctypes.util
import os

OK, ERUNTIME, EUSAGE, EINVALID, EUNREADABLE = 0, 1, 2, 65, 66
ERROR, NOTE, HINT = 0, 1, 2
(NONE, NUMBER, BOOL, STRING, VECTOR, MATRIX, LIST, RECORD, TABLE, RESULT,
 NAME) = range(11)


class Diagnostic(ctypes.Structure):
    _fields_ = [("severity", ctypes.c_int), ("file", ctypes.c_char_p),
                ("line", ctypes.c_int), ("column", ctypes.c_int),
                ("end_column", ctypes.c_int), ("message", ctypes.c_char_p),
                ("source_line", ctypes.c_char_p)]


DIAGNOSTIC_FN = ctypes.CFUNCTYPE(None, ctypes.POINTER(Diagnostic), ctypes.c_void_p)
PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_double,
                               ctypes.c_double, ctypes.c_void_p)
CANCELLED_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


class Options(ctypes.Structure):
    _fields_ = [("defines", ctypes.POINTER(ctypes.c_char_p)), ("ndefines", ctypes.c_int),
                ("outdir", ctypes.c_char_p), ("jobs", ctypes.c_int), ("quiet", ctypes.c_int),
                ("out", ctypes.c_void_p), ("tracked", ctypes.c_void_p),
                ("on_diagnostic", DIAGNOSTIC_FN), ("diagnostic_user", ctypes.c_void_p),
                ("on_progress", PROGRESS_FN), ("progress_user", ctypes.c_void_p),
                ("cancelled", CANCELLED_FN), ("cancel_user", ctypes.c_void_p),
                ("interactive", ctypes.c_int)]


def _candidates():
    """Where libskill may be: $SKILL_LIBRARY, the folder `make install` put
    it in, the build tree this package sits in, the system's search path."""
    here = os.path.dirname(os.path.abspath(__file__))
    if os.environ.get("SKILL_LIBRARY"):
        yield os.environ["SKILL_LIBRARY"]
    try:
        from ._installed import LIBDIR
        yield os.path.join(LIBDIR, "libskill.so.0")
    except ImportError:
        pass
    yield os.path.join(here, "..", "..", "src", ".libs", "libskill.so.0")
    found = ctypes.util.find_library("skill")
    if found:
        yield found


def _open():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        return ctypes.CDLL(path)
    raise ImportError("skill: libskill not found (tried %s); build the project, "
                      "or set SKILL_LIBRARY to the library's path" % ", ".join(tried))


lib = _open()
libc = ctypes.CDLL(None)

_P, _V = ctypes.c_void_p, ctypes.c_void_p
_D = ctypes.POINTER(ctypes.c_double)
_S = ctypes.c_char_p
_I = ctypes.c_int
_SIZE = ctypes.POINTER(ctypes.c_size_t)
_PROTOS = {
    "skill_open_file": (_I, [_S, ctypes.POINTER(Options), ctypes.POINTER(_P)]),
    "skill_open_string": (_I, [_S, _S, ctypes.POINTER(Options), ctypes.POINTER(_P)]),
    "skill_close": (None, [_P]),
    "skill_run": (_I, [_P]),
    "skill_exec": (_I, [_P, _S]),
    "skill_eval": (_I, [_P, _S, ctypes.POINTER(_V)]),
    "skill_lookup": (_V, [_P, _S]),
    "skill_cancel": (None, [_P]),
    "skill_take_errors": (_I, [_P]),
    "skill_run_model": (_I, [_P, _S, ctypes.c_double, ctypes.c_double,
                             ctypes.POINTER(_S), _I, ctypes.POINTER(_V)]),
    "skill_result_from_arrays": (_I, [_P, ctypes.POINTER(_S), _I, _D, _I, _D, _D,
                                      ctypes.POINTER(_V)]),
    "skill_bind": (_I, [_P, _S, _V]),
    "skill_write_plot": (_I, [_P, _V, _S, _S]),
    "skill_write_graph": (_I, [_P, _S, _S, _P]),
    "skill_param_count": (_I, [_P]),
    "skill_param_name": (_S, [_P, _I]),
    "skill_value_kind": (_I, [_V]),
    "skill_value_free": (None, [_V]),
    "skill_value_number": (ctypes.c_double, [_V]),
    "skill_value_string": (_S, [_V]),
    "skill_value_doubles": (_D, [_V, _SIZE]),
    "skill_matrix_rows": (_I, [_V]),
    "skill_matrix_cols": (_I, [_V]),
    "skill_value_length": (_I, [_V]),
    "skill_value_item": (_V, [_V, _I]),
    "skill_value_key": (_S, [_V, _I]),
    "skill_result_rows": (_I, [_V]),
    "skill_result_skills": (_I, [_V]),
    "skill_result_skill_name": (_S, [_V, _I]),
    "skill_result_model": (_S, [_V]),
    "skill_result_steps": (_D, [_V]),
    "skill_result_loss": (_D, [_V]),
    "skill_result_levels": (_D, [_V, _I]),
    "skill_result_series_count": (_I, [_V]),
    "skill_result_series_name": (_S, [_V, _I]),
    "skill_result_series": (_D, [_V, _S, _I]),
}
for _name, (_res, _args) in _PROTOS.items():
    _fn = getattr(lib, _name)
    _fn.restype, _fn.argtypes = _res, _args

libc.tmpfile.restype = ctypes.c_void_p
libc.tmpfile.argtypes = []
libc.fclose.argtypes = [ctypes.c_void_p]
libc.fflush.argtypes = [ctypes.c_void_p]
libc.fileno.argtypes = [ctypes.c_void_p]
libc.rewind.argtypes = [ctypes.c_void_p]
