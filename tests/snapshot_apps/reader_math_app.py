"""A small app for snapshot tests: two topic bodies (ERM, L1/L2) as rendered Markdown."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from workbench.content.loader import load_library
from workbench.tui.widgets.markdown_text import MarkdownText

CONTENT = Path(__file__).resolve().parents[2] / "content"


def topic_markdown(topic_id: str) -> str:
    """A topic as one Markdown document: title, then each question and its answer."""
    topic = load_library([CONTENT]).topic(topic_id)
    assert topic is not None, topic_id
    parts = [f"# {topic.title}"]
    parts += [f"## {q.title}\n\n{q.body}" for q in topic.questions]
    return "\n\n".join(parts)


class ReaderMathApp(App[None]):
    """Shows the ERM and L1/L2 topics one after the other."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield MarkdownText(topic_markdown("erm"), id="erm")
            yield MarkdownText(topic_markdown("l1-vs-l2"), id="l1")


if __name__ == "__main__":
    ReaderMathApp().run()
