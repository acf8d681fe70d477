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


EXCERPT_WIDTH = 120      # a longer line is shown as a window around the column


def _utf8_len(byte):
    return 4 if byte >= 0xF0 else 3 if byte >= 0xE0 else 2 if byte >= 0xC0 else 1


def _byte_of(text, column):
    """The byte offset of 1-based character COLUMN (past the end: a byte a column)."""
    return len(text[:column - 1].encode()) + max(0, column - 1 - len(text))


def _window(raw, b, e):
    """The bytes [FROM, TO) of a long line shown around B, and E clipped to them."""
    length, half = len(raw), EXCERPT_WIDTH // 2
    if length <= EXCERPT_WIDTH:
        return 0, length, e
    frm = b - half if b > half else 0
    to = min(frm + EXCERPT_WIDTH, length)
    while frm > 0 and raw[frm] & 0xC0 == 0x80:
        frm -= 1
    while to < length and raw[to] & 0xC0 == 0x80:
        to += 1
    return frm, to, min(e, to + 1)


def _excerpt(line, column, end_column, text):
    """The source line and a caret line under [COLUMN, END_COLUMN), as the
    command line draws them (tabs as spaces, control bytes as '?')."""
    raw = text.encode()
    length = len(raw)
    b = min(_byte_of(text, column), length)
    e = min(_byte_of(text, end_column) if end_column > column else b + 1, length + 1)
    frm, to, e = _window(raw, b, e)
    shown = bytes(0x20 if c == 0x09 else 0x3F if c < 0x20 or c == 0x7F else c for c in raw[frm:to])
    gutter = str(line)
    spaces, i = 0, frm
    while i < b:
        spaces, i = spaces + 1, i + _utf8_len(raw[i])
    tildes, i = 0, b + _utf8_len(raw[b]) if b < length else b + 1
    while i < e:
        tildes, i = tildes + 1, i + (_utf8_len(raw[i]) if i < length else 1)
    return [" %s |%s %s%s" % (gutter, " ..." if frm > 0 else "", shown.decode("utf-8", "replace"),
                              " ..." if to < length else ""),
            " %s |%s %s^%s" % (" " * len(gutter), "    " if frm > 0 else "", " " * spaces, "~" * tildes)]


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
