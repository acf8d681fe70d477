"""What Jupyter and a terminal show: SVG images and progress."""
import sys
import time


class SVG:
    """An SVG image (a plot, a dependency graph): .data is its text; it
    shows inline in Jupyter and saves with .save(path)."""

    def __init__(self, data):
        self.data = data

    def _repr_svg_(self):
        return self.data

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.data)

    def __repr__(self):
        return "<skill.SVG of %d characters>" % len(self.data)


class TerminalProgress:
    """A line on standard error, redrawn: "run R: 42%"."""

    def __call__(self, what, done, total):
        end = "\n" if total and done >= total else ""
        sys.stderr.write("\r%s: %3.0f%%%s" % (what, 100.0 * done / total if total else 0, end))
        sys.stderr.flush()


class NotebookProgress:
    """A line under the cell, updated in place."""

    def __init__(self):
        from IPython.display import display
        self._handle = display("", display_id=True)
        self._last = 0.0

    def __call__(self, what, done, total):
        now = time.monotonic()
        if now - self._last < 0.2 and done < total:
            return
        self._last = now
        bar = int(30 * done / total) if total else 0
        self._handle.update("%s [%s%s] %.0f%%" % (what, "#" * bar, "." * (30 - bar),
                                                   100.0 * done / total if total else 0))


def in_notebook():
    shell = sys.modules.get("IPython")
    try:
        return shell is not None and shell.get_ipython().__class__.__name__ == "ZMQInteractiveShell"
    except AttributeError:
        return False


def default_progress():
    """What shows a long run's progress here: a notebook's line, a
    terminal's, or nothing."""
    if in_notebook():
        return NotebookProgress()
    if sys.stderr.isatty():
        return TerminalProgress()
    return None
