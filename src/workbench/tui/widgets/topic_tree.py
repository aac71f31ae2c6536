"""The topic tree: chapters > topics > questions, with difficulty badges and counts."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from workbench.content import Chapter, Library, Question, Topic
from workbench.mathtext.titles import render_title
from workbench.tui.widgets.badges import badge
from workbench.tui.widgets.progress_marks import (
    bookmark_mark,
    count_badges,
    state_mark,
    summary_state,
)

NodeData = Chapter | Topic | Question


class TopicTree(Tree[NodeData]):
    """Keyboard-first tree of the whole library; the screen follows its cursor."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("h", "collapse", "Collapse", show=False),
        Binding("l", "expand", "Expand", show=False),
        Binding("G", "scroll_end", "Last", show=False),
    ]

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(Text("Topics"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._by_id: dict[str, TreeNode[NodeData]] = {}
        self._library = library
        self._progress_labels: dict[str, Text] = {}
        self._populate()

    def _populate(self) -> None:
        for chapter in self._library.chapters:
            count = sum(len(t.questions) for t in chapter.topics)
            label = Text.assemble((chapter.title, "bold"), (f"  {count} Q", "dim"))
            chapter_node = self.root.add(label, data=chapter, expand=True)
            self._by_id[f"chapter:{chapter.id}"] = chapter_node
            for topic in chapter.topics:
                topic_node = chapter_node.add(self._topic_label(topic), data=topic)
                self._by_id[topic.id] = topic_node
                self._add_questions(topic, topic_node)

    def _add_questions(self, topic: Topic, topic_node: TreeNode[NodeData]) -> None:
        """Questions under their parent question; sub-questions under the stem they share.

        A stem node carries its first question, so selecting it shows that question with
        the stem above it.
        """
        parents = {q.parent_id for q in topic.questions}
        stems = {stem.id: stem for stem in topic.stems}
        nodes: dict[str, TreeNode[NodeData]] = {}

        def stem_node(stem_id: str, question: Question) -> TreeNode[NodeData]:
            node = nodes.get(stem_id)
            if node is None:
                stem = stems[stem_id]
                parent = (stem_node(stem.parent_id, question) if stem.parent_id in stems
                          else nodes.get(stem.parent_id, topic_node))
                label = Text(render_title(stem.title) or "…", style="italic")
                node = nodes[stem_id] = parent.add(label, data=question, expand=True)
            return node

        for question in topic.questions:
            if question.stem_id in stems:
                parent = stem_node(question.stem_id, question)
            else:
                parent = nodes.get(question.parent_id, topic_node)
            label = self._question_label(question)
            if question.id in parents:
                node = parent.add(label, data=question, expand=True)
            else:
                node = parent.add_leaf(label, data=question)
            nodes[question.id] = node
            self._by_id[question.id] = node

    @staticmethod
    def _topic_label(topic: Topic) -> Text:
        return Text.assemble(badge(topic.difficulty), " ", render_title(topic.title),
                             (f" {len(topic.questions)}", "dim"))

    @staticmethod
    def _question_label(question: Question) -> Text:
        return Text.assemble(badge(question.difficulty), " ", render_title(question.title))


    # -- study progress -----------------------------------------------------

    def show_progress(self, states: dict[str, str], bookmarks: set[str]) -> None:
        """Relabel nodes with study marks: counts per chapter and topic, a state per question."""
        for chapter in self._library.chapters:
            in_chapter = [states.get(q.id, "") for t in chapter.topics for q in t.questions]
            self._relabel(f"chapter:{chapter.id}",
                          Text.assemble((chapter.title, "bold"), "  ", count_badges(in_chapter)))
            for topic in chapter.topics:
                in_topic = [states.get(q.id, "") for q in topic.questions]
                self._relabel(topic.id, Text.assemble(
                    state_mark(summary_state(in_topic)), " ", badge(topic.difficulty), " ",
                    render_title(topic.title), " ", count_badges(in_topic)))
                for question in topic.questions:
                    self._relabel(question.id, Text.assemble(
                        state_mark(states.get(question.id)),
                        bookmark_mark(question.id in bookmarks), " ",
                        self._question_label(question)))

    def _relabel(self, node_id: str, label: Text) -> None:
        """Set a node's label only when it changes (a refresh per grade stays cheap)."""
        if self._progress_labels.get(node_id) != label:
            self._progress_labels[node_id] = label
            self._by_id[node_id].set_label(label)

    def select_id(self, node_id: str) -> bool:
        """Move the cursor to a topic or question id, expanding its parents."""
        node = self._by_id.get(node_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self._move_to, node)
        return True

    def _move_to(self, node: TreeNode[NodeData]) -> None:
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    def action_collapse(self) -> None:
        """Collapse the node under the cursor, or go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand(self) -> None:
        """Expand the node under the cursor, or step into it."""
        node = self.cursor_node
        if node is None or not node.children:
            return
        if not node.is_expanded:
            node.expand()
        else:
            self.action_cursor_down()
