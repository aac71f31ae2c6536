"""The small formula tree that the parser builds and both layouts (inline, display) walk.

Nodes are NamedTuples: the first answer with math waits for these classes to be made, and
a frozen dataclass takes five times as long to make. Like tuples, nodes of two types with
equal fields compare equal: tell them apart by type (the layouts dispatch on it).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Kind = Literal["ord", "bin", "rel", "open", "close", "punct", "op", "text", "space"]


class MathError(Exception):
    """LaTeX that the renderer cannot lay out; callers show the source as code instead."""


class Atom(NamedTuple):
    """A symbol, number, name or text run; `kind` decides the spacing around it."""

    text: str
    kind: Kind = "ord"


class BigOp(NamedTuple):
    """∑, ∏, ∫, lim, max…; `limits` puts its scripts above and below in display math."""

    text: str
    limits: bool = True


class Group(NamedTuple):
    """A horizontal row of nodes."""

    items: tuple[Node, ...] = ()


class Scripts(NamedTuple):
    """A base with a subscript and/or a superscript."""

    base: Node
    sub: Node | None = None
    sup: Node | None = None


class Frac(NamedTuple):
    """A fraction."""

    num: Node
    den: Node


class Sqrt(NamedTuple):
    """A root, with an optional index (`\\sqrt[3]{x}`)."""

    body: Node
    degree: Node | None = None


class Accent(NamedTuple):
    """A body with a combining mark over it (hat, bar, tilde…)."""

    body: Node
    mark: str


class Fenced(NamedTuple):
    """`\\left( … \\right)`: delimiters that grow with their body ('' for `.`)."""

    left: str
    body: Node
    right: str


class Table(NamedTuple):
    """Rows of cells: a matrix, cases, aligned equations, or plain `\\\\`-separated lines."""

    rows: tuple[tuple[Group, ...], ...]
    env: str
    """'matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'cases' or 'lines'."""


Node = Atom | BigOp | Group | Scripts | Frac | Sqrt | Accent | Fenced | Table
