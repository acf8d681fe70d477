"""Diagnostics: the library's records grouped by error, printed as the
command line prints them."""


class Record:
    """One error: where (file, line, column; None and 0 when it has no place),
    the message, the hint (or None), notes, and the source line."""

    def __init__(self, file, line, column, end_column, message, source_line):
        self.file, self.line, self.column, self.end_column = file, line, column, end_column
        self.message, self.source_line = message, source_line
        self.hint = None
        self.notes = []         # (message, file, line, column, end_column, source_line)
        self.hints = []

    def __repr__(self):
        return "Record(%r, %d, %d, %r, hint=%r)" % (self.file, self.line, self.column,
                                                    self.message, self.hint)

    def __str__(self):
        out = [_header("error", self.file, self.line, self.column, self.message)]
        if self.file is not None and self.source_line is not None:
            out += _excerpt(self.line, self.column, self.end_column, self.source_line)
        for message, file, line, column, end_column, source_line in self.notes:
            out.append(_header("note", file, line, column, message, bare=True))
            if file is not None and source_line is not None:
                out += _excerpt(line, column, end_column, source_line)
        out += ["hint: " + h for h in self.hints]
        return "\n".join(out)


def _header(kind, file, line, column, message, bare=False):
    if file is not None:
        return "%s:%d:%d: %s: %s" % (file, line, column, kind, message)
    return ("%s: %s" if bare else "skill: %s: %s") % (kind, message)


def _excerpt(line, column, end_column, text):
    text = "".join(" " if c == "\t" else "?" if ord(c) < 0x20 or ord(c) == 0x7F else c
                   for c in text)
    gutter = str(line)
    col = min(column - 1, len(text))
    tildes = max(0, min(end_column, len(text) + 2) - col - 2)
    return [" %s | %s" % (gutter, text),
            " %s | %s^%s" % (" " * len(gutter), " " * col, "~" * tildes)]


def group(raw):
    """Raw (severity, file, line, column, end_column, message, source_line)
    tuples as Records: a note or hint belongs to the error before it."""
    records = []
    for severity, file, line, column, end_column, message, source_line in raw:
        if severity == 0 or not records:
            records.append(Record(file, line, column, end_column, message, source_line))
            if severity == 0:
                continue
        last = records[-1]
        if severity == 2:
            last.hints.append(message)
            last.hint = last.hint or message
        else:
            last.notes.append((message, file, line, column, end_column, source_line))
    return records


class Error(Exception):
    """A failure of the library: .status (the command line's exit status)
    and .records, one per error."""

    def __init__(self, status, records, what=None):
        self.status, self.records = status, records
        text = "\n".join(str(r) for r in records) or what or "skill: failed (status %d)" % status
        super().__init__(text)
