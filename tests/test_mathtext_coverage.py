"""Every topic in content/ renders without leftover LaTeX outside code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it.token import Token

from workbench.content.loader import load_library
from workbench.mathtext import display_math, inline_math
from workbench.mathtext.markdown import BLOCK_MATH, INLINE_MATH, make_parser

CONTENT = Path(__file__).resolve().parents[1] / "content"
MACRO = re.compile(r"\\[A-Za-z]+")


def _visible_text(markdown: str) -> str:
    """What a reader sees of `markdown`: prose and rendered math, without code."""
    out: list[str] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type in ("fence", "code_block", "code_inline"):
                continue
            if token.type in BLOCK_MATH:
                rendered = display_math(token.content, 80)
                assert rendered.ok, token.content
                out.append(rendered.text)
            elif token.type in INLINE_MATH:
                rendered = inline_math(token.content)
                assert rendered.ok, token.content
                out.append(rendered.text)
            elif token.type == "text":
                out.append(token.content)
            if token.children:
                walk(token.children)

    walk(make_parser().parse(markdown))
    return "\n".join(out)


LIBRARY = load_library([CONTENT])
TOPICS = list(LIBRARY.topics())


def test_content_is_there() -> None:
    assert len(TOPICS) >= 20


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_topic_renders_clean(topic) -> None:  # type: ignore[no-untyped-def]
    for markdown in [topic.intro] + [q.body for q in topic.questions]:
        text = _visible_text(markdown)
        assert not MACRO.search(text), MACRO.search(text)
        assert "{" not in text and "}" not in text, text
        assert "$" not in text, text
