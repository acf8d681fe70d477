#!/usr/bin/env python3
"""plotfile.py - check that plot files are well-formed (for golden .check files).

usage: plotfile.py [--colour RRGGBB]... [--line|--dashed|--markers|--bars RRGGBB]... FILE...

  .svg  parses as XML, its root is an SVG element 720pt x 450pt, and it
        draws paths
  .png  signature, IHDR first (1440 x 900, 8-bit RGB), every chunk's CRC,
        IDAT inflating to exactly the image's scanlines, IEND last
  .pdf  %PDF- header, %%EOF trailer, startxref pointing at the xref table,
        one page, and no creation date (so the same plot gives the same bytes)

--colour RRGGBB: the colour must be drawn: in an SVG as cairo writes it
(rgb(P%,P%,P%)), first used in the order the colours are given (series are
drawn in order); in a PNG as at least 20 pixels within 2 of it.
--line, --dashed, --markers, --bars RRGGBB (SVG only): a curve of that
colour is drawn as a solid line, a dashed (or dotted) line, markers (one
filled path of at least two shapes) or error bars (1-unit strokes).
Prints one line per problem and exits 1 if there is any.
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

WIDTH, HEIGHT, PNG_SCALE = 720, 450, 2
problems = []


def problem(path, msg):
    problems.append(f"{path}: {msg}")


def check_svg(path, data, colours, styles=()):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return problem(path, f"not well-formed XML: {e}")
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        return problem(path, f"root element is {root.tag}, not svg")
    if (root.get("width"), root.get("height")) != (f"{WIDTH}pt", f"{HEIGHT}pt"):
        problem(path, f"size {root.get('width')} x {root.get('height')}")
    if not any(e.tag.endswith("}path") for e in root.iter()):
        problem(path, "draws no path")
    drawn_as(path, root, styles)
    text = data.decode("utf-8")
    last = -1
    for c in colours:
        # cairo writes channels as percentages: compare within 2 of 255
        first = None
        for m in re.finditer(r"rgb\(([0-9.]+)%,([0-9.]+)%,([0-9.]+)%\)", text):
            if all(abs(float(m.group(i + 1)) * 2.55 - c[i]) <= 2 for i in range(3)):
                first = m.start()
                break
        if first is None:
            problem(path, "colour %02x%02x%02x is not drawn" % c)
        elif first < last:
            problem(path, "colour %02x%02x%02x is drawn before the one named before it" % c)
        else:
            last = first


def near(m, c):
    return all(abs(float(m.group(i + 1)) * 2.55 - c[i]) <= 2 for i in range(3))


RGB = r"rgb\(([0-9.]+)%,([0-9.]+)%,([0-9.]+)%\)"


def drawn_as(path, root, styles):
    """Each (kind, colour) of STYLES must be drawn so in the SVG ROOT."""
    paths = [(e.get("style") or "", e.get("d") or "") for e in root.iter() if e.tag.endswith("}path")]
    for kind, c in styles:
        found = False
        for style, d in paths:
            stroke = re.search("stroke:" + RGB, style)
            fill = re.search("fill:" + RGB, style)
            if kind in ("line", "dashed") and stroke and near(stroke, c) and "stroke-width:1.5;" in style:
                found |= ("stroke-dasharray" in style) == (kind == "dashed")
            elif kind == "bars" and stroke and near(stroke, c) and "stroke-width:1;" in style:
                found = True
            elif kind == "markers" and fill and near(fill, c) and d.count("M") >= 2:
                found = True
        if not found:
            problem(path, "no %s drawn in %02x%02x%02x" % (kind, *c))


def png_rows(path, raw, width, height, bpp):
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        problem(path, f"image data is {len(raw)} bytes, not {height * (stride + 1)}")
        return None
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            elif f != 0:
                problem(path, f"row {y} has filter type {f}")
                return None
        rows.append(bytes(line))
        prev = line
    return rows


def check_png(path, data, colours):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return problem(path, "no PNG signature")
    pos, chunks = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8]) if pos + 8 <= len(data) else (0, b"")
        if pos + 12 + n > len(data):
            return problem(path, "truncated chunk")
        body = data[pos + 8:pos + 8 + n]
        crc = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        if zlib.crc32(kind + body) != crc:
            return problem(path, f"bad CRC in {kind!r}")
        chunks.append((kind, body))
        pos += 12 + n
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        return problem(path, "IHDR must come first and IEND last")
    w, h, depth, ctype = struct.unpack(">IIBB", chunks[0][1][:10])
    if (w, h) != (WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE):
        problem(path, f"size {w} x {h}")
    if (depth, ctype) != (8, 2):
        return problem(path, f"depth {depth}, colour type {ctype}; expected 8-bit RGB")
    try:
        raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    except zlib.error as e:
        return problem(path, f"image data does not inflate: {e}")
    if len(raw) != h * (w * 3 + 1):
        return problem(path, f"image data is {len(raw)} bytes, not {h * (w * 3 + 1)}")
    rows = png_rows(path, raw, w, h, 3) if colours else None   # slow: only when asked
    if rows is None:
        return
    for c in colours:
        hits = 0
        for line in rows:
            for i in range(0, len(line), 3):
                if abs(line[i] - c[0]) <= 2 and abs(line[i + 1] - c[1]) <= 2 and abs(line[i + 2] - c[2]) <= 2:
                    hits += 1
        if hits < 20:
            problem(path, "colour %02x%02x%02x is drawn in %d pixels" % (*c, hits))


def check_pdf(path, data, colours):
    if not data.startswith(b"%PDF-1."):
        return problem(path, "no %PDF- header")
    if not data.rstrip().endswith(b"%%EOF"):
        return problem(path, "no %%EOF trailer")
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if not m or not data[int(m.group(1)):].startswith(b"xref"):
        problem(path, "startxref does not point at an xref table")
    if len(re.findall(rb"/Type\s*/Page\b", data)) != 1:
        problem(path, "not exactly one page")
    if b"/CreationDate" in data:
        problem(path, "has a creation date")
    if colours:
        problem(path, "--colour is not checked in PDF files")


def main(argv):
    colours, styles, files = [], [], []
    args = iter(argv)
    for a in args:
        if a == "--colour":
            h = next(args)
            colours.append(tuple(int(h[i:i + 2], 16) for i in (0, 2, 4)))
        elif a in ("--line", "--dashed", "--markers", "--bars"):
            h = next(args)
            styles.append((a[2:], tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))))
        else:
            files.append(a)
    if not files:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    for f in files:
        try:
            data = open(f, "rb").read()
        except OSError as e:
            problem(f, str(e))
            continue
        check = {"svg": check_svg, "png": check_png, "pdf": check_pdf}.get(f.rsplit(".", 1)[-1].lower())
        if not check:
            problem(f, "unknown extension")
        elif check is check_svg:
            check(f, data, colours, styles)
        else:
            if styles:
                problem(f, "--line, --dashed, --markers and --bars are checked in SVG files only")
            check(f, data, colours)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
