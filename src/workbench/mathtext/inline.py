"""Lay a formula tree out on one line of Unicode (for math inside a sentence)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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
        return f"{_wrap(node.num, num)}/{_wrap(node.den, den, single_only=True)}"
    if isinstance(node, Sqrt):
        body = _inline(node.body, compact)
        return _root_sign(node.degree) + _wrap(node.body, body, single_only=True)
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
        return _starts_with_letter(items[i])
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
    if prev == "big" and cur == "open":
        return not _named_operator(items[i - 1])
    return prev == "big" and cur not in ("close", "punct")


def _named_operator(node: Node) -> bool:
    """`max`, `lim`, `arg min`: a name, written against its parenthesis like a function."""
    base = node.base if isinstance(node, Scripts) else node
    return isinstance(base, BigOp) and base.text.replace(" ", "").isalpha()


def _starts_with_letter(node: Node) -> bool:
    """Whether `node` lays out starting with a letter or digit (it would run into `x_max`)."""
    if isinstance(node, Fenced):
        return False
    text = _inline(node, compact=True)
    return bool(text) and text[0].isalnum()


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


def single(node: Node) -> bool:
    """Whether `node` is one symbol (`x`, `12`, `xᵢ`, `√d`, `(a+b)`), not a product like `2ε`.

    A radicand or a denominator needs parentheses unless it is single: `√2ε` reads as √2·ε.
    """
    if isinstance(node, Group):
        return len(node.items) == 1 and single(node.items[0])
    if isinstance(node, Scripts):
        return single(node.base) and not isinstance(node.base, BigOp)
    return atomic(node)


def _wrap(node: Node, text: str, single_only: bool = False) -> str:
    fits = single(node) if single_only else atomic(node)
    return text if fits else f"({text})"


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

    A word (three letters or more, such as `max`) is refused too: `x_max` reads better
    than a line of tiny letters, while indices such as `ij` stay small (`Hᵢⱼ`).
    """
    if not text or any(c not in table for c in text) or _has_word(text):
        return None
    return "".join(table[c] for c in text)


def _has_word(text: str) -> bool:
    letters = 0
    for c in text:
        letters = letters + 1 if c.isalpha() and c.isascii() else 0
        if letters >= 3:
            return True
    return False


_SPELLED: ContextVar[frozenset[str]] = ContextVar("spelled_scripts", default=frozenset())
"""Markers ('_', '^') whose lettered scripts the formula being laid out spells out."""


def small_script(node: Node, table: dict[str, str], marker: str) -> str | None:
    """`node` as small characters, or None when it has none or its formula spells them out.

    Digits (`W₁₂`) stay small: only lettered indices could read as two styles of one thing.
    """
    text = unicodedata.normalize("NFC", _inline(node, compact=True)).replace(" ", "")
    if marker in _SPELLED.get() and any(c.isalpha() for c in text):
        return None
    return to_script(text, table)


def _index_without_form(node: Node, table: dict[str, str]) -> bool:
    """A lettered index (not a word or `\\text`) with no small form: `q` in `p_q`."""
    if isinstance(node, Atom) and node.kind == "text":
        return False
    text = unicodedata.normalize("NFC", _inline(node, compact=True)).replace(" ", "")
    if not any(c.isalpha() for c in text) or _has_word(text) or set(text) == {"′"}:
        return False
    return to_script(text, table) is None


def _scripts_in(node: Node) -> Iterator[Scripts]:
    if isinstance(node, Scripts):
        yield node
        for part in (node.base, node.sub, node.sup):
            if part is not None:
                yield from _scripts_in(part)
    elif isinstance(node, Group):
        for item in node.items:
            yield from _scripts_in(item)
    elif isinstance(node, Frac):
        yield from _scripts_in(node.num)
        yield from _scripts_in(node.den)
    elif isinstance(node, Sqrt | Accent | Fenced):
        yield from _scripts_in(node.body)
    elif isinstance(node, Table):
        for row in node.rows:
            for cell in row:
                yield from _scripts_in(cell)


@contextmanager
def consistent_scripts(node: Node) -> Iterator[None]:
    """Lay out `node`'s scripts in one style: if one lettered subscript has no small form
    (`p_q`), every lettered subscript of the formula is spelled out (`⟨p_q, p_k⟩`, never
    `⟨p_q, pₖ⟩`); superscripts likewise. Limits of ∑ or lim do not decide it."""
    spelled = set()
    for found in _scripts_in(node):
        if isinstance(found.base, BigOp):
            continue  # a limit (`n→∞`) is a range, not an index
        if found.sub is not None and _index_without_form(found.sub, SUBSCRIPTS):
            spelled.add("_")
        if found.sup is not None and _index_without_form(found.sup, SUPERSCRIPTS):
            spelled.add("^")
    token = _SPELLED.set(frozenset(spelled))
    try:
        yield
    finally:
        _SPELLED.reset(token)


def _word(text: str) -> bool:
    return bool(text) and all((c.isascii() and c.isalnum()) or c in _GREEK for c in text)


def script_text(node: Node, table: dict[str, str], marker: str) -> str:
    """A script in Unicode small characters, else `_word` / `_(text)` as a fallback."""
    text = unicodedata.normalize("NFC", _inline(node, compact=True))
    small = small_script(node, table, marker)
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
