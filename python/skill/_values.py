"""Values of a program seen from Python: numbers, strings, numpy arrays,
lists, records (dicts), tables and run results."""
import ctypes
import html

import numpy as np

from . import _lib
from ._lib import lib


def _array(ptr, n):
    """A numpy copy of N doubles at PTR (empty for NULL)."""
    if not ptr or n <= 0:
        return np.empty(0)
    return np.ctypeslib.as_array(ptr, shape=(n,)).copy()


def _text(b):
    return b.decode("utf-8", "replace") if b is not None else None


class Record(dict):
    """A record: a dict whose keys also read as attributes (f.N0)."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


class Table:
    """A table: named columns of equal length, each a numpy array."""

    def __init__(self, columns):
        self.columns = dict(columns)

    @property
    def names(self):
        return list(self.columns)

    def __getitem__(self, name):
        return self.columns[name]

    def __len__(self):
        return len(next(iter(self.columns.values()), ()))

    def to_numpy(self):
        """The columns side by side, rows x columns."""
        return np.column_stack([np.asarray(c, dtype=float) for c in self.columns.values()])

    def to_pandas(self):
        import pandas
        return pandas.DataFrame(self.columns)

    def __repr__(self):
        return "<skill.Table of %d rows: %s>" % (len(self), ", ".join(self.columns))

    def _repr_html_(self, limit=50):
        head = "".join("<th>%s</th>" % html.escape(k) for k in self.columns)
        rows = []
        for i in range(min(len(self), limit)):
            cells = "".join("<td>%s</td>" % html.escape("%.6g" % c[i] if isinstance(c[i], (float, np.floating)) else str(c[i]))
                            for c in self.columns.values())
            rows.append("<tr>%s</tr>" % cells)
        more = "<p>%d more rows</p>" % (len(self) - limit) if len(self) > limit else ""
        return "<table><tr>%s</tr>%s</table>%s" % (head, "".join(rows), more)


class Result:
    """A run's result: .steps, .loss (rows), .levels (rows x skills),
    .skills (names), .model, and further per-skill series by name."""

    def __init__(self, owner, handle):
        self._owner, self._v = owner, handle
        rows, nskills = lib.skill_result_rows(handle), lib.skill_result_skills(handle)
        self.model = _text(lib.skill_result_model(handle))
        self.skills = [_text(lib.skill_result_skill_name(handle, k)) for k in range(nskills)]
        self.steps = _array(lib.skill_result_steps(handle), rows)
        self.loss = _array(lib.skill_result_loss(handle), rows)
        self.levels = np.column_stack([_array(lib.skill_result_levels(handle, k), rows)
                                       for k in range(nskills)]) if nskills else np.empty((rows, 0))
        self._series = {}
        for e in range(lib.skill_result_series_count(handle)):
            name = lib.skill_result_series_name(handle, e)
            self._series[_text(name)] = np.column_stack(
                [_array(lib.skill_result_series(handle, name, k), rows) for k in range(nskills)])

    def __del__(self):
        if getattr(self, "_v", None):
            lib.skill_value_free(self._v)
            self._v = None

    @property
    def series_names(self):
        return list(self._series)

    def series(self, name):
        """A per-skill series as rows x skills: "levels", "loss" (a column)
        or one the run recorded (a network's train_loss, test_acc, ...)."""
        if name == "levels":
            return self.levels
        if name == "loss":
            return self.loss
        if name not in self._series:
            raise KeyError("the run records no series '%s' (it has %s)"
                           % (name, ", ".join(["levels", "loss"] + self.series_names)))
        return self._series[name]

    def level(self, skill):
        """One skill's levels, a column."""
        return self.levels[:, self.skills.index(skill)]

    def to_pandas(self):
        """A DataFrame indexed by step: loss, then a column per skill."""
        import pandas
        data = {"loss": self.loss}
        data.update({s: self.levels[:, k] for k, s in enumerate(self.skills)})
        for name, x in self._series.items():
            data.update({"%s_%s" % (name, s): x[:, k] for k, s in enumerate(self.skills)})
        return pandas.DataFrame(data, index=pandas.Index(self.steps, name="step"))

    def plot(self, options=None):
        """The plot `plot r OPTIONS` draws, as an SVG that shows inline."""
        return self._owner.plot(self, options)

    def _repr_svg_(self):
        try:
            return self.plot().data
        except Exception:       # a closed program, a run with nothing to draw: the repr instead
            return None

    def __repr__(self):
        return "<skill.Result of %s: %d rows, steps %g..%g, skills %s>" % (
            self.model, len(self.steps), self.steps[0] if len(self.steps) else 0,
            self.steps[-1] if len(self.steps) else 0, ", ".join(self.skills))


def convert(owner, v):
    """V (a skill_value the caller owns) as a Python value; V is freed
    unless a Result keeps it."""
    kind = lib.skill_value_kind(v)
    if kind == _lib.RESULT:
        return Result(owner, v)
    try:
        return _convert_plain(owner, v, kind)
    finally:
        lib.skill_value_free(v)


def _convert_plain(owner, v, kind):
    if kind == _lib.NONE:
        return None
    if kind == _lib.NUMBER:
        return float(lib.skill_value_number(v))
    if kind == _lib.BOOL:
        return bool(lib.skill_value_number(v))
    if kind in (_lib.STRING, _lib.NAME):
        return _text(lib.skill_value_string(v))
    if kind in (_lib.VECTOR, _lib.MATRIX):
        n = ctypes.c_size_t()
        x = _array(lib.skill_value_doubles(v, ctypes.byref(n)), n.value)
        return x.reshape(lib.skill_matrix_rows(v), lib.skill_matrix_cols(v)) if kind == _lib.MATRIX else x
    items = [convert(owner, lib.skill_value_item(v, i)) for i in range(lib.skill_value_length(v))]
    if kind == _lib.LIST:
        return items
    keys = [_text(lib.skill_value_key(v, i)) for i in range(len(items))]
    if kind == _lib.TABLE:
        return Table((k, np.asarray(x) if isinstance(x, np.ndarray) else x) for k, x in zip(keys, items))
    return Record(zip(keys, items))
