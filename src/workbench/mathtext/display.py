"""Lay a formula tree out in two dimensions (display math): stacked fractions, limits, roots.

Formulas wider than the space given break before a relation, then before an operator;
a piece that still does not fit falls back to the one-line form, wrapped.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from workbench.mathtext.box import Align, Box, hjoin, pad, vstack
from workbench.mathtext.inline import (
    SUBSCRIPTS,
    SUPERSCRIPTS,
    accented,
    is_unary,
    row_items,
    single,
    space_before,
    to_inline,
    to_script,
)
from workbench.mathtext.tree import (
    Accent,
    Atom,
    BigOp,
    Fenced,
    Frac,
    Group,
    MathError,
    Node,
    Scripts,
    Sqrt,
    Table,
)

TALL = {
    "(": ("⎛", "⎜", "⎝"), ")": ("⎞", "⎟", "⎠"),
    "[": ("⎡", "⎢", "⎣"), "]": ("⎤", "⎥", "⎦"),
    "⌊": ("⎢", "⎢", "⎣"), "⌋": ("⎥", "⎥", "⎦"),
    "⌈": ("⎡", "⎢", "⎢"), "⌉": ("⎤", "⎥", "⎥"),
    "{": ("⎧", "⎪", "⎩"), "}": ("⎫", "⎪", "⎭"),
    "|": ("│", "│", "│"), "‖": ("‖", "‖", "‖"),
    "⟨": ("╱", "", "╲"), "⟩": ("╲", "", "╱"),
}
MIDDLE = {"{": "⎨", "}": "⎬"}
ENV_DELIMITERS = {"pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
                  "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"), "cases": ("{", "")}
SPACING_MARKS = {"\u0302": "^", "\u0303": "~", "\u0304": "‾", "\u0305": "‾", "\u0307": "˙",
                 "\u20d7": "→"}
"""What to draw over a body too tall for a combining mark."""
CONTINUATION_INDENT = 2
NUMBER = re.compile(r"[−+]?\s?\d+(\.\d+)?")


def to_box(node: Node, compact: bool = False) -> Box:
    """The 2-D layout of `node` (without spaces around operators when `compact`)."""
    if isinstance(node, Atom | BigOp):
        return Box.text(node.text)
    if isinstance(node, Group):
        return _row(node.items, compact)
    if isinstance(node, Scripts):
        return _scripts(node, compact)
    if isinstance(node, Frac):
        num, den = to_box(node.num, compact), to_box(node.den, compact)
        bar = Box.text("─" * max(num.width, den.width, 1))
        return vstack([num, bar, den], 1)
    if isinstance(node, Sqrt):
        return _sqrt(node, compact)
    if isinstance(node, Accent):
        body = to_box(node.body, compact)
        if body.height == 1:
            return Box.text(accented(body.lines[0], node.mark))
        return vstack([Box.text(SPACING_MARKS.get(node.mark, "^")), body], 1)
    if isinstance(node, Fenced):
        body = to_box(node.body, compact)
        return hjoin([delimiter(node.left, body), body, delimiter(node.right, body)])
    if isinstance(node, Table):
        return _table(node)
    raise MathError(f"cannot lay out {type(node).__name__}")


def _row(items: tuple[Node, ...], compact: bool = False) -> Box:
    """A row; a lowered subscript (`𝔼` over `(x,y)∼P`) hangs under what follows its base
    instead of leaving a gap as wide as itself on the baseline, where nothing is below."""
    flat: set[int] = set()
    laid: dict[int, Box] = {}  # each item is laid out once, however many tries
    hanging_of = {i: _hanging(item) for i, item in enumerate(items)}
    while True:
        boxes: list[Box] = []
        hangs: list[tuple[int, int, Box]] = []
        column = 0
        for i, item in enumerate(items):
            if space_before(items, i, boxes[-1].lines[-1] if boxes else "") and not compact:
                boxes.append(Box.text(" "))
                column += 1
            hanging = None if i in flat else hanging_of[i]
            if hanging is None:
                if i not in laid:
                    laid[i] = to_box(item, compact)
                boxes.append(laid[i])
            else:
                boxes.append(hanging[0])
                hangs.append((i, column + hanging[0].width, hanging[1]))
            column += boxes[-1].width
        row = hjoin(boxes)
        clashes = [i for i, col, sub in hangs if not _free(row, col, sub)]
        if not clashes:
            for _, col, sub in hangs:
                row = _overlay(row, col, sub)
            return row
        flat.update(clashes)


def _hanging(node: Node) -> tuple[Box, Box] | None:
    """(base, subscript) of a subscript-only script that cannot be small, else None."""
    if not isinstance(node, Scripts) or node.sup is not None or node.sub is None:
        return None
    if isinstance(node.base, BigOp | Scripts | Frac) or _small_scripts(node) is not None:
        return None
    base = to_box(node.base)
    return (base, to_box(node.sub, True)) if base.height == 1 else None


def _cells(line: str) -> list[str]:
    """One entry per terminal cell: a character with its marks, '' after a wide one."""
    out: list[str] = []
    for cluster in _clusters(line):
        out.append(cluster)
        out.extend([""] * (cell_len(cluster) - 1))
    return out


def _free(row: Box, column: int, sub: Box) -> bool:
    """Whether the cells under `row`'s baseline from `column` are blank where `sub` goes."""
    for offset in range(sub.height):
        r = row.baseline + 1 + offset
        if r >= row.height:
            return True
        cells = _cells(row.lines[r])[column:column + sub.width]
        if any(c.strip() for c in cells):
            return False
    return True


def _overlay(row: Box, column: int, sub: Box) -> Box:
    """`row` with `sub` written under its baseline from `column` (growing it if needed)."""
    lines = list(row.lines)
    width = max(row.width, column + sub.width)
    for offset, text in enumerate(sub.lines):
        r = row.baseline + 1 + offset
        if r >= len(lines):
            lines.append("")
        cells = _cells(pad(lines[r], width))
        cells[column:column + sub.width] = _cells(pad(text, sub.width))
        lines[r] = "".join(cells)
    return Box(tuple(pad(line, width) for line in lines), row.baseline)


def delimiter(char: str, body: Box) -> Box:
    """A delimiter as tall as `body` (one character when the body is one line)."""
    if not char:
        return Box(("",) * body.height, body.baseline)
    if body.height == 1 or char not in TALL:
        return Box((char,), 0) if body.height == 1 else hjoin([Box.text(char)])
    top, mid, bottom = TALL[char]
    rows = [mid] * body.height
    rows[0], rows[-1] = top, bottom
    if char in MIDDLE and body.height >= 3:
        rows[body.height // 2] = MIDDLE[char]
    if char in "⟨⟩":
        half = body.height // 2
        rows = [top] * half + [bottom] * (body.height - half)
        if body.height % 2:
            rows[half] = char
    return Box(tuple(rows), body.baseline)


def _scripts(node: Scripts, compact: bool) -> Box:
    base = to_box(node.base)
    if isinstance(node.base, BigOp) and node.base.limits:
        parts = [to_box(node.sup, True)] if node.sup is not None else []
        parts.append(base)
        if node.sub is not None:
            parts.append(to_box(node.sub, True))
        return vstack(parts, 1 if node.sup is not None else 0)
    small = _small_scripts(node)
    if small is not None and base.height == 1:
        return Box.text(base.lines[0] + small)
    if compact and base.height == 1:
        return Box.text(to_inline(node, compact=True))
    if isinstance(node.base, Scripts | Frac):
        base = hjoin([Box.text("("), base, Box.text(")")]) if base.height == 1 else hjoin(
            [delimiter("(", base), base, delimiter(")", base)])
    column: list[str] = []
    sup = to_box(node.sup, True) if node.sup is not None else Box(())
    sub = to_box(node.sub, True) if node.sub is not None else Box(())
    width = max(sup.width, sub.width)
    column.extend(pad(line, width) for line in sup.lines)
    column.extend([" " * width] * base.height)
    column.extend(pad(line, width) for line in sub.lines)
    return hjoin([base, Box(tuple(column), sup.height + base.baseline)])


def _small_scripts(node: Scripts) -> str | None:
    """Both scripts as Unicode small characters, or None if either has none."""
    parts = []
    for script, table in ((node.sub, SUBSCRIPTS), (node.sup, SUPERSCRIPTS)):
        if script is None:
            continue
        text = to_inline(script)
        if table is SUPERSCRIPTS and text and set(text) == {"′"}:
            parts.append(text)
            continue
        small = to_script(text.replace(" ", ""), table)
        if small is None:
            return None
        parts.append(small)
    return "".join(parts)


def _sqrt(node: Sqrt, compact: bool) -> Box:
    body = to_box(node.body, compact)
    sign = "√"
    if node.degree is not None:
        index = to_inline(node.degree)
        sign = {"3": "∛", "4": "∜"}.get(index) or (to_script(index, SUPERSCRIPTS) or
                                                   f"({index})") + "√"
    if body.height == 1 and single(node.body):
        return Box.text(sign + body.lines[0])
    lead = " " * (cell_len(sign) - 1)
    left = [lead + " "] + [lead + "│"] * (body.height - 1) + [sign]
    left[-1] = sign
    rows = ["─" * body.width, *body.lines]
    lines = tuple(pad(a, cell_len(sign)) + b for a, b in zip(left, rows, strict=True))
    return Box(lines, body.baseline + 1)


def _table(node: Table) -> Box:
    rows = [[_cell(cell, col, node.env) for col, cell in enumerate(row)] for row in node.rows]
    columns = max((len(r) for r in rows), default=0)
    widths = [max((r[c].width for r in rows if c < len(r)), default=0) for c in range(columns)]
    numeric = [node.env not in ("lines", "cases") and all(
        _number(r[c]) for r in rows if c < len(r)) for c in range(columns)]
    gap = "" if node.env == "lines" else "  "
    lines_boxes: list[Box] = []
    for row in rows:
        cells: list[Box] = []
        for c, box in enumerate(row):
            align: Align = "right" if numeric[c] else _align(node.env, c)
            aligned = vstack([box, Box.text(" " * widths[c])], 0, align)
            cells.append(Box(aligned.lines[:-1], aligned.baseline))
            if c < len(row) - 1 and gap:
                cells.append(Box.text(gap))
        lines_boxes.append(hjoin(cells) if cells else Box.text(""))
    body = vstack(lines_boxes, (len(lines_boxes) - 1) // 2 if node.env != "lines" else 0,
                  "left") if lines_boxes else Box.text("")
    if node.env == "lines":
        return body
    left, right = ENV_DELIMITERS.get(node.env, ("", ""))
    return hjoin([delimiter(left, body), Box.text(" ") if left else Box(()), body,
                  Box.text(" ") if right else Box(()), delimiter(right, body)])


def _number(box: Box) -> bool:
    """A one-line signed decimal such as `−2.5`: matrix columns of these are right-aligned."""
    return box.height == 1 and NUMBER.fullmatch(box.lines[0]) is not None


def _align(env: str, column: int) -> Align:
    if env == "lines":
        return "right" if column % 2 == 0 else "left"
    return "left" if env == "cases" else "center"


def _cell(cell: Group, column: int, env: str) -> Box:
    box = to_box(cell)
    starts_joined = bool(cell.items) and isinstance(cell.items[0], Atom) and \
        cell.items[0].kind in ("rel", "bin")
    if env == "lines" and column > 0 and starts_joined:
        return hjoin([Box.text(" "), box])
    return box


def fit(node: Node, width: int) -> list[str]:
    """Display lines for `node`, none wider than `width` cells."""
    width = max(1, width)
    box = to_box(node)
    if box.width <= width:
        return _strip(box.lines)
    if isinstance(node, Table) and node.env == "lines":
        out: list[str] = []
        for row in node.rows:
            out.extend(fit(Group(row_items(row)), width))
        return out
    if isinstance(node, Group):
        return _break(node.items, width)
    return wrap(to_inline(node), width)


def _break(items: tuple[Node, ...], width: int) -> list[str]:
    """Break a row before relations (then operators), indenting continuation lines."""
    for kinds in (("rel",), ("rel", "bin")):
        pieces = _split(items, kinds)
        if len(pieces) == 1:
            continue
        if any(_width(p, i > 0) > width for i, p in enumerate(pieces)):
            continue
        lines: list[str] = []
        current: tuple[Node, ...] = ()
        for piece in pieces:
            if current and _width(current + piece, bool(lines)) > width:
                lines.extend(_indent(current, bool(lines)))
                current = piece
            else:
                current += piece
        lines.extend(_indent(current, bool(lines)))
        return lines
    return wrap(to_inline(Group(items)), width)


def _width(items: tuple[Node, ...], continuation: bool) -> int:
    return max((cell_len(line) for line in _indent(items, continuation)), default=0)


def _split(items: tuple[Node, ...], kinds: tuple[str, ...]) -> list[tuple[Node, ...]]:
    pieces: list[list[Node]] = [[]]
    for i, item in enumerate(items):
        breaks = isinstance(item, Atom) and item.kind in kinds and i > 0 and not (
            item.kind == "bin" and is_unary(items, i))
        if breaks and pieces[-1]:
            pieces.append([])
        pieces[-1].append(item)
    return [tuple(p) for p in pieces]


def _indent(items: tuple[Node, ...], continuation: bool) -> list[str]:
    """A line of a broken formula; a continuation starting with `+` or `=` keeps its spaces."""
    if not continuation:
        return _strip(_row(items).lines)
    if items and isinstance(items[0], Atom) and items[0].kind in ("rel", "bin"):
        box = _row((Atom(""), *items))
        prefix = " " * (CONTINUATION_INDENT - 1)
    else:
        box, prefix = _row(items), " " * CONTINUATION_INDENT
    return _strip(tuple(prefix + line for line in box.lines))


def _strip(lines: tuple[str, ...]) -> list[str]:
    return [line.rstrip() for line in lines]


def wrap(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` cells, at spaces where possible."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for cluster in _clusters(word):
                if cell_len(cluster) > width:
                    cluster = "?"
                if cell_len(line + cluster) > width:
                    lines.append(line)
                    line = ""
                line += cluster
        lines.append(line)
    return lines


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks attached, so a cut never strands a mark."""
    out: list[str] = []
    for char in text:
        if out and cell_len(char) == 0:
            out[-1] += char
        else:
            out.append(char)
    return out
