"""Parse LaTeX math with pylatexenc's LatexWalker into the small tree of `tree.py`.

pylatexenc does the parsing and knows the symbols, Greek letters, accents and font
alphabets (its latex2text tables); this module only adds the structure pylatexenc leaves
flat: `_`/`^` scripts, `\\left`/`\\right` pairs, fractions, roots, matrices and lines.
Anything unknown raises `MathError`, so nothing is silently dropped.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import NamedTuple

from pylatexenc import latex2text, latexwalker, macrospec

from workbench.mathtext.tree import (
    Accent,
    Atom,
    BigOp,
    Fenced,
    Frac,
    Group,
    Kind,
    MathError,
    Node,
    Scripts,
    Sqrt,
    Table,
)

RELATIONS = set("=<>≤≥≠≈∼≃≅≡∈∉⊂⊆⊃⊇→←↔⇒⇐⇔↦∝≪≫⊥∥≺≻⟹⟸⟺∣:")
BINARIES = set("+-−±∓×÷·⋅∗⋆∘⊕⊗⊙∪∩∧∨∖*")
OPENERS = set("([⟨⌊⌈{")
CLOSERS = set(")]⟩⌋⌉}")
PUNCTUATION = set(",;")
MINUS = "\u2212"
"""A hyphen in math is a minus sign (text in `\\text{non-zero}` keeps its hyphen)."""

BIG_SYMBOLS = {"sum", "prod", "coprod", "bigcup", "bigcap", "bigoplus", "bigotimes",
               "bigvee", "bigwedge", "bigsqcup"}
INTEGRALS = {"int", "iint", "iiint", "oint"}
LIMIT_NAMES = {"lim": "lim", "max": "max", "min": "min", "sup": "sup", "inf": "inf",
               "limsup": "lim sup", "liminf": "lim inf", "argmax": "arg max",
               "argmin": "arg min"}
FUNCTION_NAMES = {"log", "ln", "exp", "sin", "cos", "tan", "tanh", "det", "dim", "ker",
                  "deg", "gcd", "Pr", "arg", "sec", "csc", "cot", "sinh", "cosh", "lg"}
OWN_SYMBOLS = {"|": "‖", "ne": "≠", "cdot": "⋅", "iff": "⟺", "implies": "⟹",
               "colon": ":", "Vert": "‖", "lVert": "‖", "rVert": "‖", "cdotp": "⋅"}
"""Symbols pylatexenc lacks, or renders with a character the spec does not want."""
TEXT_MACROS = {"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "textnormal",
               "emph"}
LIBRARY_FONTS = {"mathbb", "mathbf", "mathcal", "mathit", "mathsf", "mathtt", "mathfrak"}
PLAIN_FONTS = {"mathrm", "boldsymbol", "bm", "mathnormal", "displaystyle", "textstyle"}
FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
OWN_ACCENTS = {"overline": "\u0305", "widehat": "\u0302", "widetilde": "\u0303"}
SIZERS = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
          "Biggl", "Biggr", "middle"}
IGNORED = {"limits", "nolimits", "displaystyle", "textstyle", "scriptstyle"}
TABLE_ENVIRONMENTS = {"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix",
                      "smallmatrix", "cases", "aligned", "align", "align*", "gathered",
                      "gather", "gather*", "split", "array"}
ENV_KIND = {"smallmatrix": "matrix", "aligned": "lines", "align": "lines", "align*": "lines",
            "gathered": "lines", "gather": "lines", "gather*": "lines", "split": "lines",
            "array": "matrix"}

_EXTRA_SPECS = [
    macrospec.MacroSpec("operatorname", "*{"),
    macrospec.MacroSpec("boldsymbol", "{"),
    macrospec.MacroSpec("bm", "{"),
    macrospec.MacroSpec("mathnormal", "{"),
    macrospec.MacroSpec("dfrac", "{{"),
    macrospec.MacroSpec("tfrac", "{{"),
    macrospec.MacroSpec("cfrac", "{{"),
    macrospec.MacroSpec("widehat", "{"),
    macrospec.MacroSpec("widetilde", "{"),
    macrospec.MacroSpec("textnormal", "{"),
]
_ARRAY_SPEC = macrospec.EnvironmentSpec("array", "{")


@cache
def _walker_context() -> macrospec.LatexContextDb:
    db = latexwalker.get_default_latex_context_db()
    db.add_context_category("workbench-math", macros=_EXTRA_SPECS, environments=[_ARRAY_SPEC],
                            prepend=True)
    return db


@cache
def _to_text() -> latex2text.LatexNodes2Text:
    return latex2text.LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


@cache
def _library_db() -> macrospec.LatexContextDb:
    return latex2text.get_default_latex_context_db()


@cache
def _accent_mark(macro: str) -> str | None:
    """The combining mark pylatexenc puts for an accent macro, or None if it has none."""
    spec = _library_db().get_macro_spec(macro)
    if spec is None or not callable(getattr(spec, "simplify_repl", None)):
        return None
    probe = unicodedata.normalize("NFD", _to_text().latex_to_text(f"\\{macro}{{o}}"))
    mark = probe[1:] if probe.startswith("o") else ""
    return mark if mark and all(unicodedata.combining(c) for c in mark) else None


def _symbol(macro: str) -> str | None:
    """The Unicode text pylatexenc gives a bare symbol macro (`\\alpha` → α), if any."""
    if macro in OWN_SYMBOLS:
        return OWN_SYMBOLS[macro]
    spec = _library_db().get_macro_spec(macro)
    repl = getattr(spec, "simplify_repl", None) if spec is not None else None
    if isinstance(repl, str) and "%" not in repl:
        return repl
    return None


def kind_of(text: str) -> Kind:
    """Spacing class of a symbol."""
    if text.isspace() or text == "":
        return "space"
    if text in RELATIONS:
        return "rel"
    if text in BINARIES:
        return "bin"
    if text in OPENERS:
        return "open"
    if text in CLOSERS:
        return "close"
    if text in PUNCTUATION:
        return "punct"
    return "ord"


class _Tok(NamedTuple):
    """One parse token: a single character, or a walker node (macro, group, environment, &)."""

    char: str = ""
    node: latexwalker.LatexNode | None = None


def parse(latex: str) -> Node:
    """The tree for a LaTeX math string; raises MathError when it cannot be laid out."""
    if not latex.strip():
        return Group()
    try:
        walker = latexwalker.LatexWalker(latex, latex_context=_walker_context(),
                                         tolerant_parsing=False)
        nodes, _, _ = walker.get_latex_nodes()
    except latexwalker.LatexWalkerError as exc:
        raise MathError(f"cannot parse: {exc}") from exc
    except (IndexError, KeyError, ValueError, TypeError, RecursionError) as exc:
        raise MathError(f"cannot parse: {exc}") from exc
    return _rows_or_group(_tokens(nodes), "lines")


def _tokens(nodes: list[latexwalker.LatexNode] | None) -> list[_Tok]:
    out: list[_Tok] = []
    for node in nodes or []:
        if isinstance(node, latexwalker.LatexCharsNode):
            out.extend(_Tok(char=c) for c in node.chars)
        elif isinstance(node, latexwalker.LatexCommentNode):
            raise MathError("comment in math")
        elif isinstance(node, latexwalker.LatexMathNode):
            raise MathError("stray $ in math")
        else:
            out.append(_Tok(node=node))
    return out


def _is_macro(tok: _Tok, *names: str) -> bool:
    return isinstance(tok.node, latexwalker.LatexMacroNode) and tok.node.macroname in names


def _is_amp(tok: _Tok) -> bool:
    return isinstance(tok.node, latexwalker.LatexSpecialsNode) and tok.node.specials_chars == "&"


def _rows_or_group(tokens: list[_Tok], env: str) -> Node:
    """A Table when the tokens hold `\\\\` or `&`, else a Group."""
    if not any(_is_macro(t, "\\") or _is_amp(t) for t in tokens):
        return _row(tokens)
    return _table(tokens, env)


def _table(tokens: list[_Tok], env: str) -> Table:
    rows: list[tuple[Group, ...]] = []
    cells: list[Group] = []
    current: list[_Tok] = []
    for tok in tokens:
        if _is_amp(tok):
            cells.append(_row(current))
            current = []
        elif _is_macro(tok, "\\"):
            cells.append(_row(current))
            rows.append(tuple(cells))
            cells, current = [], []
        else:
            current.append(tok)
    if cells or any(not t.char.isspace() for t in current):
        cells.append(_row(current))
        rows.append(tuple(cells))
    return Table(tuple(rows), env)


def _row(tokens: list[_Tok]) -> Group:
    items: list[Node] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.char in ("_", "^"):
            arg, i = _script_argument(tokens, i + 1)
            items.append(_attach(items.pop() if items else Atom(""), tok.char, arg))
            continue
        if tok.char == "'":
            items.append(_attach(items.pop() if items else Atom(""), "'", Atom("′")))
            i += 1
            continue
        if _is_macro(tok, "left"):
            fenced, i = _fenced(tokens, i)
            items.append(fenced)
            continue
        if _is_macro(tok, *SIZERS):
            delim, i = _delimiter(tokens, i + 1)
            items.append(Atom(delim, kind_of(delim) if delim not in "|‖" else "ord"))
            continue
        if tok.char:
            atom, i = _chars(tokens, i)
            if atom is not None:
                items.append(atom)
            continue
        found = _node(tok)
        if found is not None:
            items.append(found)
        i += 1
    return Group(tuple(items))


def _attach(base: Node, which: str, arg: Node) -> Node:
    """Hang a script on `base`, merging `x_i^2` into one Scripts node."""
    if which == "'":
        if isinstance(base, Scripts) and base.sup is not None and base.sub is None:
            return Scripts(base.base, None, Group((base.sup, arg)))
        if isinstance(base, Scripts) and base.sup is None:
            return Scripts(base.base, base.sub, arg)
        return Scripts(base, None, arg)
    if isinstance(base, Scripts):
        if which == "_" and base.sub is None:
            return Scripts(base.base, arg, base.sup)
        if which == "^" and base.sup is None:
            return Scripts(base.base, base.sub, arg)
        raise MathError("double script")
    return Scripts(base, arg, None) if which == "_" else Scripts(base, None, arg)


def _script_argument(tokens: list[_Tok], i: int) -> tuple[Node, int]:
    while i < len(tokens) and tokens[i].char.isspace() and tokens[i].char:
        i += 1
    if i >= len(tokens):
        raise MathError("script without argument")
    tok = tokens[i]
    if tok.char:
        if tok.char in "_^&":
            raise MathError("script without argument")
        char = MINUS if tok.char == "-" else tok.char
        return Atom(char, kind_of(char)), i + 1
    node = _node(tok)
    if node is None:
        raise MathError("script without argument")
    return node, i + 1


def _chars(tokens: list[_Tok], i: int) -> tuple[Node | None, int]:
    char = tokens[i].char
    if char.isspace():
        return None, i + 1
    if char == "~":
        return Atom(" ", "space"), i + 1
    if char in "#$%&{}\\":
        raise MathError(f"stray {char!r}")
    if char == "-":
        return Atom(MINUS, "bin"), i + 1
    if char.isdigit():
        j = i + 1
        while j < len(tokens) and (tokens[j].char.isdigit() or (
                tokens[j].char == "." and j + 1 < len(tokens) and tokens[j + 1].char.isdigit())):
            j += 1
        return Atom("".join(t.char for t in tokens[i:j])), j
    return Atom(char, kind_of(char)), i + 1


def _delimiter(tokens: list[_Tok], i: int) -> tuple[str, int]:
    while i < len(tokens) and tokens[i].char.isspace() and tokens[i].char:
        i += 1
    if i >= len(tokens):
        raise MathError("missing delimiter")
    tok = tokens[i]
    if tok.char:
        return ("" if tok.char == "." else tok.char), i + 1
    if isinstance(tok.node, latexwalker.LatexMacroNode):
        text = _symbol(tok.node.macroname)
        if text is not None and len(text) == 1:
            return text, i + 1
    raise MathError("bad delimiter")


def _fenced(tokens: list[_Tok], i: int) -> tuple[Node, int]:
    left, j = _delimiter(tokens, i + 1)
    depth, k = 0, j
    while k < len(tokens):
        if _is_macro(tokens[k], "left"):
            depth += 1
        elif _is_macro(tokens[k], "right"):
            if depth == 0:
                right, end = _delimiter(tokens, k + 1)
                return Fenced(left, _row(tokens[j:k]), right), end
            depth -= 1
        k += 1
    raise MathError("\\left without \\right")


def _arg(node: latexwalker.LatexMacroNode, index: int) -> latexwalker.LatexNode | None:
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    return args[index] if index < len(args) else None


def _arg_node(arg: latexwalker.LatexNode | None) -> Node:
    if arg is None:
        raise MathError("missing argument")
    if isinstance(arg, latexwalker.LatexGroupNode):
        return _row(_tokens(arg.nodelist))
    return _row(_tokens([arg]))


def _plain_chars(arg: latexwalker.LatexNode | None) -> bool:
    if isinstance(arg, latexwalker.LatexGroupNode):
        return all(isinstance(n, latexwalker.LatexCharsNode) for n in arg.nodelist)
    return isinstance(arg, latexwalker.LatexCharsNode)


def _node(tok: _Tok) -> Node | None:
    node = tok.node
    if isinstance(node, latexwalker.LatexGroupNode):
        return _rows_or_group(_tokens(node.nodelist), "lines")
    if isinstance(node, latexwalker.LatexEnvironmentNode):
        return _environment(node)
    if isinstance(node, latexwalker.LatexSpecialsNode):
        raise MathError(f"stray {node.specials_chars!r}")
    if isinstance(node, latexwalker.LatexMacroNode):
        return _macro(node)
    raise MathError("unexpected input")


def _environment(node: latexwalker.LatexEnvironmentNode) -> Node:
    name = node.environmentname
    if name not in TABLE_ENVIRONMENTS:
        raise MathError(f"unknown environment {name}")
    table = _table(_tokens(node.nodelist), ENV_KIND.get(name, name))
    return table


def _macro(node: latexwalker.LatexMacroNode) -> Node | None:
    name = node.macroname
    if name in IGNORED:
        return None
    if name in FRACTIONS:
        return Frac(_arg_node(_arg(node, 0)), _arg_node(_arg(node, 1)))
    if name == "sqrt":
        index = _arg(node, 0)
        return Sqrt(_arg_node(_arg(node, 1)), _arg_node(index) if index is not None else None)
    if name in BIG_SYMBOLS or name in INTEGRALS:
        return BigOp(_symbol(name) or name, limits=name not in INTEGRALS)
    if name in LIMIT_NAMES:
        return BigOp(LIMIT_NAMES[name], limits=True)
    if name == "operatorname":
        text = _text_of(_arg(node, 1))
        return BigOp(text, limits=True) if _arg(node, 0) is not None else Atom(text, "op")
    if name == "mid":
        return Atom("|", "rel")
    if name in FUNCTION_NAMES:
        return Atom(name, "op")
    if name in TEXT_MACROS:
        return Atom(_text_of(_arg(node, 0)), "text")
    if name in PLAIN_FONTS:
        return _arg_node(_arg(node, 0))
    if name in LIBRARY_FONTS:
        arg = _arg(node, 0)
        if _plain_chars(arg):
            return Atom(_to_text().macro_node_to_text(node))
        return _arg_node(arg)
    mark = OWN_ACCENTS.get(name) or _accent_mark(name)
    if mark is not None:
        return Accent(_arg_node(_arg(node, 0)), mark)
    if name in ("left", "right", "\\"):
        raise MathError(f"unbalanced \\{name}")
    symbol = _symbol(name)
    if symbol is None:
        raise MathError(f"unknown macro \\{name}")
    if symbol.isspace() or symbol == "":
        return Atom(symbol, "space")
    return Atom(symbol, kind_of(symbol))


def _text_of(arg: latexwalker.LatexNode | None) -> str:
    """Text-mode content (`\\text{…}`, `\\operatorname{…}`), converted by pylatexenc."""
    if arg is None:
        raise MathError("missing argument")
    nodes = arg.nodelist if isinstance(arg, latexwalker.LatexGroupNode) else [arg]
    for sub in nodes:
        if isinstance(sub, latexwalker.LatexMacroNode) and _symbol(sub.macroname) is None \
                and sub.macroname not in TEXT_MACROS and _accent_mark(sub.macroname) is None:
            raise MathError(f"unknown macro \\{sub.macroname}")
    return _to_text().nodelist_to_text(nodes)
