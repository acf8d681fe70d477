"""A program: one libskill handle, its calls run on a worker thread so that
Ctrl-C (KeyboardInterrupt) in the main thread cancels them cleanly."""
import ctypes
import math
import numbers
import os
import re
import sys
import tempfile
import threading

import numpy as np

from . import _display, _errors, _lib, _values
from ._lib import lib, libc

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class Cancelled(_errors.Error):
    """Work stopped by Program.cancel() or a progress function's True."""


def _expr(value):
    """VALUE as the text of a .skill expression: numbers, booleans, vectors;
    a str is taken as an expression already (solver="euler")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x) or math.isinf(x):
            raise ValueError("skill: %r has no .skill literal" % value)
        return "%.17g" % x
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[%s]" % ", ".join(_expr(x) for x in np.asarray(value, dtype=float).ravel())
    raise TypeError("skill: cannot write %r as a .skill value" % (value,))


def _strings(items):
    arr = (ctypes.c_char_p * (len(items) + 1))()
    arr[:len(items)] = [s.encode() for s in items]
    return arr


class _State:
    """What the C callbacks see (no reference back to the Program)."""

    def __init__(self, progress):
        self.raw = []
        self.progress = progress    # None: the default display; False: none; else a callable
        self.shown = None
        self.cancelled = False


class _Handle:
    """The C handle and everything it points at; closed when the Program
    and every value it made are gone (a Result keeps its Program)."""

    def __init__(self, state, jobs, outdir):
        self.state = state
        self.out = libc.tmpfile()
        self.outdir = outdir.encode() if outdir else None
        self.on_diagnostic = _lib.DIAGNOSTIC_FN(self._diagnostic)
        self.on_progress = _lib.PROGRESS_FN(self._progress)
        self.ptr = ctypes.c_void_p()

    def options(self, defines, jobs):
        self.defines = _strings(defines)
        return _lib.Options(defines=self.defines, ndefines=len(defines), outdir=self.outdir,
                            jobs=jobs, quiet=1, out=self.out, on_diagnostic=self.on_diagnostic,
                            on_progress=self.on_progress)

    def _diagnostic(self, d, _user):
        d = d.contents
        text = lambda b: b.decode("utf-8", "replace") if b is not None else None
        self.state.raw.append((d.severity, text(d.file), d.line, d.column, d.end_column,
                               text(d.message), text(d.source_line)))

    def _progress(self, what, done, total, _user):
        st = self.state
        if st.progress is False:
            return 0
        try:
            if st.shown is None:
                st.shown = st.progress or _display.default_progress() or False
            if st.shown and st.shown(what.decode(), done, total) is True:
                st.cancelled = True
                return 1
        except Exception:       # a display's failure must not stop the run
            st.shown = False
        return 0

    def take_output(self):
        """What `print` wrote since the last call, then the file emptied."""
        libc.fflush(self.out)
        fd = libc.fileno(self.out)
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        os.ftruncate(fd, 0)
        libc.rewind(self.out)
        return b"".join(chunks).decode("utf-8", "replace")

    def __del__(self):
        if self.ptr:
            lib.skill_close(self.ptr)
            self.ptr = ctypes.c_void_p()
        if self.out:
            libc.fclose(self.out)
            self.out = None


def _is_path(source):
    return "\n" not in source and (os.path.exists(source) or source.endswith(".skill"))


class Program:
    """A loaded .skill program and the values its statements bind."""

    def __init__(self, source, name=None, jobs=0, outdir=None, progress=None, params=None):
        self._lock = threading.RLock()
        self._load_error = None
        self._state = _State(progress)
        self._handle = h = _Handle(self._state, jobs, outdir)
        opts = h.options(["%s=%s" % (k, _expr(v)) for k, v in (params or {}).items()], jobs)
        source = os.fspath(source)
        if _is_path(source):
            self.name = name or source
            status = lib.skill_open_file(source.encode(), ctypes.byref(opts), ctypes.byref(h.ptr))
        else:
            self.name = name or "<string>"
            status = lib.skill_open_string(self.name.encode(), source.encode(),
                                           ctypes.byref(opts), ctypes.byref(h.ptr))
        try:
            self._check(status)
        except _errors.Error as e:
            self._load_error = e

    # ---- calls ----

    def _ptr(self):
        if self._handle is None:
            raise ValueError("skill: the program is closed")
        if self._load_error:
            raise self._load_error
        return self._handle.ptr

    def _check(self, status, what=None):
        state = self._state
        raw, state.raw = state.raw, []
        if status == _lib.OK:
            return
        lib.skill_take_errors(self._ptr())
        records = _errors.group(raw)
        if state.cancelled and not records:
            raise Cancelled(status, [], "skill: cancelled")
        raise _errors.Error(status, records, what)

    def _call(self, fn, *args, what=None):
        """FN(handle, *ARGS) on a worker thread; Ctrl-C cancels it, waits for
        it to stop, and raises KeyboardInterrupt."""
        with self._lock:
            ptr = self._ptr()
            st = self._state
            st.raw, st.shown, st.cancelled = [], None, False
            box, done = [], threading.Event()

            def work():
                try:
                    box.append(fn(ptr, *args))
                except BaseException as e:     # raised again below, in the caller
                    box.append(e)
                finally:
                    done.set()
            threading.Thread(target=work, daemon=True).start()
            # An Event, not Thread.join: a join interrupted by Ctrl-C may
            # report the thread finished while it still runs.
            try:
                while not done.wait(0.05):
                    pass
            except KeyboardInterrupt:
                lib.skill_cancel(ptr)
                _wait_regardless(done)
                self._flush_output()
                st.raw = []
                raise
            self._flush_output()
            if isinstance(box[0], BaseException):
                raise box[0]
            self._check(box[0], what)

    def _flush_output(self):
        text = self._handle.take_output()
        if text:
            sys.stdout.write(text)

    def cancel(self):
        """Stops the work under way (from another thread); it raises Cancelled."""
        self._state.cancelled = True
        if self._handle is not None:
            lib.skill_cancel(self._handle.ptr)

    def check(self):
        """Raises Error if the program has errors; returns the program."""
        if self._load_error:
            raise self._load_error
        return self

    def run(self):
        """Runs the program's statements in order."""
        self._call(lib.skill_run)
        return self

    def exec(self, text):
        """Runs statements or declarations as typed at the REPL."""
        self._call(lib.skill_exec, text.encode())
        return self

    def eval(self, expr):
        """The value of one expression, the program's `let`s visible."""
        out = ctypes.c_void_p()
        self._call(lib.skill_eval, expr.encode(), ctypes.byref(out))
        return _values.convert(self, out)

    def run_model(self, model, steps, every=0, **settings):
        """Runs MODEL for STEPS steps, recorded every EVERY (0: about a
        thousand rows), with keys of the model or parameters overridden."""
        items = ["%s=%s" % (k, _expr(v)) for k, v in settings.items()]
        out = ctypes.c_void_p()
        self._call(lib.skill_run_model, model.encode(), float(steps), float(every),
                   _strings(items), len(items), ctypes.byref(out))
        return _values.convert(self, out)

    # ---- values ----

    def __getitem__(self, name):
        if not _NAME.match(name):
            raise KeyError(name)
        with self._lock:
            v = lib.skill_lookup(self._ptr(), name.encode())
        if v:
            return _values.convert(self, ctypes.c_void_p(v))
        try:
            return self.eval(name)      # a parameter, a skill's or model's name
        except _errors.Error:
            raise KeyError(name) from None

    def __setitem__(self, name, value):
        self.bind(name, value)

    def bind(self, name, value):
        """Binds VALUE (a Result of this program, a number, a vector) to
        NAME, as `let` would, for eval, exec, fit and infer."""
        if isinstance(value, _values.Result):
            with self._lock:
                self._check(lib.skill_bind(self._ptr(), name.encode(), value._v))
            return
        out = ctypes.c_void_p()
        self._call(lib.skill_eval, _expr(value).encode(), ctypes.byref(out))
        try:
            with self._lock:
                self._check(lib.skill_bind(self._ptr(), name.encode(), out))
        finally:
            lib.skill_value_free(out)

    def from_arrays(self, steps, levels, skills, loss=None, name=None):
        """A run result from curves measured elsewhere (a training log):
        STEPS (rows), LEVELS (rows x skills; NaN: missing), the SKILLS'
        names (declared in the program), LOSS (rows, optional).  Bound to
        NAME too if given."""
        steps = np.ascontiguousarray(steps, dtype=np.float64)
        levels = np.ascontiguousarray(levels, dtype=np.float64)
        if levels.ndim == 1:
            levels = levels.reshape(-1, 1)
        if steps.ndim != 1 or levels.shape != (len(steps), len(skills)):
            raise ValueError("skill: levels are %d rows x %d skills, not %s"
                             % (len(steps), len(skills), levels.shape))
        if loss is not None:
            loss = np.ascontiguousarray(loss, dtype=np.float64)
            if loss.shape != steps.shape:
                raise ValueError("skill: loss has %d rows, not %s" % (len(steps), loss.shape))
        dp = lambda a: a.ctypes.data_as(ctypes.POINTER(ctypes.c_double)) if a is not None else None
        out = ctypes.c_void_p()
        with self._lock:
            self._state.raw = []
            self._check(lib.skill_result_from_arrays(self._ptr(), _strings(list(skills)), len(skills),
                                                     dp(steps), len(steps), dp(levels), dp(loss),
                                                     ctypes.byref(out)))
        result = _values.convert(self, out)
        if name:
            self.bind(name, result)
        return result

    def fit(self, model, data, vary, clauses=""):
        """`fit MODEL to DATA vary VARY CLAUSES`: DATA a Result or a bound
        name; the fit's record (its parameters, residual, ...)."""
        if isinstance(data, _values.Result):
            self.bind("__skill_fit_data", data)
            data = "__skill_fit_data"
        return self.eval("fit %s to %s vary %s %s" % (model, data, vary, clauses))

    # ---- pictures ----

    def _svg(self, fn, make_args):
        fd, path = tempfile.mkstemp(suffix=".svg", prefix="skill-")
        os.close(fd)
        try:
            self._call(fn, *make_args(path.encode()))
            with open(path, encoding="utf-8") as f:
                return _display.SVG(f.read())
        finally:
            os.unlink(path)

    def plot(self, value, options=None):
        """The plot `plot VALUE OPTIONS` draws, as an SVG that shows inline
        in Jupyter.  VALUE is a Result, or an expression as text: a bound
        name, "[net, fitted]", a table with OPTIONS "x: dim, y: loss"."""
        opts = options or ""
        if isinstance(value, str):
            text = "plot %s %s -> " % (value, opts)
            return self._svg(lib.skill_exec, lambda p: (text.encode() + b'"' + p + b'"',))
        if not isinstance(value, _values.Result):
            raise TypeError("skill: plot takes a run result or an expression")
        return self._svg(lib.skill_write_plot, lambda p: (value._v, opts.encode(), p))

    def graph(self, model=None):
        """The dependency graph (of MODEL's skills, or all), as an SVG."""
        m = model.encode() if model else None
        return self._svg(lib.skill_write_graph, lambda p: (m, p, None))

    def _repr_svg_(self):
        try:
            return self.graph().data
        except (_errors.Error, ValueError):
            return None         # Jupyter shows the repr instead

    # ---- lifetime ----

    def close(self):
        """Lets the handle go; it is closed once no value of it is left."""
        self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<skill.Program %s>" % self.name


def _wait_regardless(done):
    """Waits for DONE through further Ctrl-Cs: the handle is in use until then."""
    while not done.is_set():
        try:
            done.wait(0.05)
        except KeyboardInterrupt:
            pass


def load(source, *, name=None, jobs=0, outdir=None, progress=None, check=True, **params):
    """A Program from a path or the program's text, with PARAMS overriding
    declared parameters (as -D does).  JOBS: threads its sweeps may use (0:
    every CPU).  PROGRESS: None shows long runs' progress in a notebook or
    on a terminal, False nothing, a function f(what, done, total) is called
    (returning True cancels).  Raises Error on errors in the program, or with
    CHECK false leaves that to .check() (and to every later call)."""
    prog = Program(source, name=name, jobs=jobs, outdir=outdir, progress=progress, params=params)
    return prog.check() if check else prog
