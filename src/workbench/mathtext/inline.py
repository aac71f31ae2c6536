"""Lay a formula tree out on one line of Unicode (for math inside a sentence)."""

from __future__ import annotations

import unicodedata

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

SUPERSCRIPTS = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ⊤′",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᵀ′", strict=True))
SUBSCRIPTS = dict(zip(
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))
ROOTS = {"2": "√", "3": "∛", "4": "∜"}
_GREEK = "αβγδεϵζηθϑικλμνξπϖρϱσςτυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ"


def to_inline(node: Node, compact: bool = False) -> str:
    """One line of Unicode for `node` (without spaces around operators when `compact`)."""
    return unicodedata.normalize("NFC", _inline(node, compact))


def _inline(node: Node, compact: bool) -> str:
    if isinstance(node, Atom):
        return node.text
    if isinstance(node, BigOp):
        return node.text
    if isinstance(node, Group):
        return join(node.items, compact)
    if isinstance(node, Scripts):
        return _scripts(node, compact)
    if isinstance(node, Frac):
        num, den = _inline(node.num, compact), _inline(node.den, compact)
        return f"{_wrap(node.num, num)}/{_wrap(node.den, den)}"
    if isinstance(node, Sqrt):
        body = _inline(node.body, compact)
        return _root_sign(node.index) + _wrap(node.body, body)
    if isinstance(node, Accent):
        return accented(_inline(node.body, compact), node.mark)
    if isinstance(node, Fenced):
        return f"{node.left}{_inline(node.body, compact)}{node.right}"
    if isinstance(node, Table):
        return _table(node)
    raise MathError(f"cannot lay out {type(node).__name__}")


def space_before(items: tuple[Node, ...], i: int, before: str = "") -> bool:
    """Whether a space goes between items[i-1] and items[i] (relations, operators, commas).

    `before` is the text laid out so far: after a spelled-out script (`∇_w`) a letter
    needs a space to stay readable (`∇_w L`, not `∇_wL`).
    """
    if i == 0:
        return False
    prev, cur = _kind(items[i - 1]), _kind(items[i])
    if isinstance(items[i - 1], Scripts) and cur == "ord" and _spelled_script(before):
        return not isinstance(items[i], Fenced)
    if isinstance(items[i - 1], Frac) and cur in ("ord", "op", "text"):
        return not isinstance(items[i], Fenced)
    if "space" in (prev, cur):
        return False
    if cur == "rel" or prev == "rel" or prev == "punct":
        return cur not in ("close", "punct")
    if cur == "bin":
        return not is_unary(items, i)
    if prev == "bin":
        return not is_unary(items, i - 1)
    if prev == "op":
        return cur in ("ord", "op", "text", "big") and not isinstance(items[i], Fenced)
    if cur == "big" and prev not in ("open",):
        return True
    return prev == "big" and cur not in ("close", "punct")


def _spelled_script(text: str) -> bool:
    tail = text.rsplit(" ", 1)[-1]
    return "_" in tail or "^" in tail


def is_unary(items: tuple[Node, ...], i: int) -> bool:
    """A `-` or `+` that signs what follows rather than joining two terms."""
    return i == 0 or _kind(items[i - 1]) in ("bin", "rel", "open", "punct", "big")


def _kind(node: Node) -> str:
    if isinstance(node, Atom):
        return node.kind
    if isinstance(node, BigOp) or isinstance(node, Scripts) and isinstance(node.base, BigOp):
        return "big"
    if isinstance(node, Scripts) and isinstance(node.base, Atom) and node.base.kind == "op":
        return "op"
    return "ord"


def join(items: tuple[Node, ...], compact: bool = False) -> str:
    """Items of a row on one line, spaced like typeset math (no spaces when compact)."""
    parts: list[str] = []
    for i, item in enumerate(items):
        if not compact and space_before(items, i, parts[-1] if parts else ""):
            parts.append(" ")
        parts.append(_inline(item, compact))
    return "".join(parts)


def atomic(node: Node) -> bool:
    """Whether `node` reads as one unit, so it needs no parentheses in a/b or √x."""
    if isinstance(node, Group):
        if len(node.items) == 1:
            return atomic(node.items[0])
        return all(isinstance(i, Atom | Scripts | Fenced | Accent)
                   and _kind(i) in ("ord", "open", "close") for i in node.items) and \
            not any(isinstance(i, Atom) and i.kind in ("open", "close") for i in node.items)
    if isinstance(node, Atom):
        return node.kind in ("ord", "op", "text") and " " not in node.text
    if isinstance(node, Scripts):
        return atomic(node.base) and not isinstance(node.base, BigOp)
    return isinstance(node, Fenced | Accent | Sqrt)


def _wrap(node: Node, text: str) -> str:
    return text if atomic(node) else f"({text})"


def _root_sign(index: Node | None) -> str:
    if index is None:
        return "√"
    text = _inline(index, compact=True)
    if text in ROOTS:
        return ROOTS[text]
    small = to_script(text, SUPERSCRIPTS)
    return (small if small is not None else f"({text})") + "√"


def accented(text: str, mark: str) -> str:
    """`text` with the combining `mark` over its letters and digits."""
    if len(text) == 1:
        return text + mark
    return "".join(c + mark if c.isalnum() else c for c in text)


def to_script(text: str, table: dict[str, str]) -> str | None:
    """Unicode sub/superscript characters for `text`, or None if any character has none.

    A run of two letters or more (a word such as `max`) is refused too: `x_max` reads
    better than a line of tiny letters.
    """
    if not text or any(c not in table for c in text):
        return None
    letters = 0
    for c in text:
        letters = letters + 1 if c.isalpha() and c.isascii() else 0
        if letters >= 2:
            return None
    return "".join(table[c] for c in text)


def _word(text: str) -> bool:
    return bool(text) and all((c.isascii() and c.isalnum()) or c in _GREEK for c in text)


def script_text(node: Node, table: dict[str, str], marker: str) -> str:
    """A script in Unicode small characters, else `_word` / `_(text)` as a fallback."""
    text = unicodedata.normalize("NFC", _inline(node, compact=True))
    small = to_script(text, table)
    if small is not None:
        return small
    if marker == "^" and all(c == "′" for c in text):
        return text
    return f"{marker}{text}" if _word(text) else f"{marker}({text})"


def _scripts(node: Scripts, compact: bool) -> str:
    base = _inline(node.base, compact)
    if isinstance(node.base, Scripts | Frac) or (
            isinstance(node.base, Group) and not atomic(node.base)):
        base = f"({base})"
    sub = script_text(node.sub, SUBSCRIPTS, "_") if node.sub is not None else ""
    sup = script_text(node.sup, SUPERSCRIPTS, "^") if node.sup is not None else ""
    return base + sub + sup


def row_items(row: tuple[Group, ...]) -> tuple[Node, ...]:
    """The cells of an aligned row as one row of items (the `&` only marks alignment)."""
    return tuple(item for cell in row for item in cell.items)


def _table(node: Table) -> str:
    if node.env == "lines":
        return "; ".join(join(row_items(row)) for row in node.rows)
    rows = "; ".join(", ".join(join(c.items) for c in row) for row in node.rows)
    if node.env == "cases":
        return "{ " + rows
    left, right = {"pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
                   "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖")}.get(node.env, ("[", "]"))
    return f"{left}{rows}{right}"
