"""The small formula tree that the parser builds and both layouts (inline, display) walk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["ord", "bin", "rel", "open", "close", "punct", "op", "text", "space"]


class MathError(Exception):
    """LaTeX that the renderer cannot lay out; callers show the source as code instead."""


@dataclass(frozen=True)
class Atom:
    """A symbol, number, name or text run; `kind` decides the spacing around it."""

    text: str
    kind: Kind = "ord"


@dataclass(frozen=True)
class BigOp:
    """∑, ∏, ∫, lim, max…; `limits` puts its scripts above and below in display math."""

    text: str
    limits: bool = True


@dataclass(frozen=True)
class Group:
    """A horizontal row of nodes."""

    items: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Scripts:
    """A base with a subscript and/or a superscript."""

    base: Node
    sub: Node | None = None
    sup: Node | None = None


@dataclass(frozen=True)
class Frac:
    """A fraction."""

    num: Node
    den: Node


@dataclass(frozen=True)
class Sqrt:
    """A root, with an optional index (`\\sqrt[3]{x}`)."""

    body: Node
    index: Node | None = None


@dataclass(frozen=True)
class Accent:
    """A body with a combining mark over it (hat, bar, tilde…)."""

    body: Node
    mark: str


@dataclass(frozen=True)
class Fenced:
    """`\\left( … \\right)`: delimiters that grow with their body ('' for `.`)."""

    left: str
    body: Node
    right: str


@dataclass(frozen=True)
class Table:
    """Rows of cells: a matrix, cases, aligned equations, or plain `\\\\`-separated lines."""

    rows: tuple[tuple[Group, ...], ...]
    env: str
    """'matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'cases' or 'lines'."""


Node = Atom | BigOp | Group | Scripts | Frac | Sqrt | Accent | Fenced | Table
