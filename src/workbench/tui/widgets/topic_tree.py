"""The topic tree: chapters > topics > questions, with difficulty badges and counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Self

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.css.styles import RenderStyles
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from workbench.content import Chapter, Library, Question, Topic
from workbench.mathtext.titles import render_title
from workbench.tui.widgets.badges import badge
from workbench.tui.widgets.drawn_lines import DrawnLines
from workbench.tui.widgets.progress_marks import (
    bookmark_mark,
    count_badges,
    state_mark,
    summary_state,
)
from workbench.tui.widgets.virtual_size import follow_height, needs_layout

NodeData = Chapter | Topic | Question
EXPAND_ALL_UP_TO = 100
"""Libraries with up to this many topics start with every chapter open."""
DRAWN_LINES = 256
"""Nodes whose last drawn lines are kept (some screens of the tree: they are objects the
garbage collector walks)."""


class TopicTree(Tree[NodeData]):
    """Keyboard-first tree of the whole library; the screen follows its cursor."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down",
                tooltip="move the cursor down; the reader follows"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up",
                tooltip="move the cursor up; the reader follows"),
        Binding("h", "collapse", "Collapse", show=False, id="tree.collapse", tooltip="collapse"),
        Binding("l", "expand", "Expand", show=False, id="tree.expand", tooltip="expand"),
        Binding("G", "scroll_end", "Last", show=False, id="tree.last", tooltip="last entry"),
    ]

    _label_width: int | None = None
    """The width labels have, read once per frame (Tree measures labels from its __init__)."""
    _frame_styles: dict[tuple[str, ...], Style | RenderStyles] | None = None
    """The tree's style (key `()`) and its components' styles, while a frame is drawn."""
    _frame_look: tuple[object, ...] | None = None
    """What every line's look depends on, while a frame is drawn (read at its first line)."""
    _layout_held: bool | None = None
    """While `select_id` adds and expands nodes: whether a layout was asked for meanwhile
    (None: layouts are not held; Tree refreshes from its __init__)."""
    _repaint_held = False
    """Whether a repaint of the whole tree was asked for while layouts are held."""

    def __init__(self, library: Library, *, id: str | None = None,
                 on_cursor: Callable[[NodeData], object] | None = None) -> None:
        """`on_cursor` is called with a node's data as soon as the cursor lands on it."""
        self._drawn = DrawnLines(DRAWN_LINES)
        super().__init__(Text("Topics"), id=id)
        self._on_cursor = on_cursor
        self._announced: TreeNode[NodeData] | None = None
        """The node the cursor was last reported on."""
        self.show_root = False
        self.guide_depth = 2
        self._by_id: dict[str, TreeNode[NodeData]] = {}
        """Nodes built so far: a node's children are built when it is first expanded."""
        self._library = library
        self._progress_labels: dict[str, Text] = {}
        self._states: Mapping[str, str] | None = None
        self._bookmarks: set[str] = set()
        self._target: TreeNode[NodeData] | None = None
        """The node the cursor goes to once the nodes just expanded are laid out."""
        self._quiet: TreeNode[NodeData] | None = None
        """A node the cursor is put back on after a reload: landing on it is not reported."""
        self._populate()

    def _populate(self) -> None:
        expand = sum(len(c.topics) for c in self._library.chapters) <= EXPAND_ALL_UP_TO
        for chapter in self._library.chapters:
            count = sum(len(t.questions) for t in chapter.topics)
            label = Text.assemble((chapter.title, "bold"), (f"  {count} Q", "dim"))
            chapter_node = self.root.add(label, data=chapter, allow_expand=bool(chapter.topics))
            self._by_id[f"chapter:{chapter.id}"] = chapter_node
            if expand:
                self._build_children(chapter_node)
                chapter_node.expand()

    def _build_children(self, node: TreeNode[NodeData]) -> None:
        """Add a chapter's topics or a topic's questions, once (a big library stays cheap)."""
        data = node.data
        if node.children or not isinstance(data, Chapter | Topic):
            return
        if isinstance(data, Chapter):
            for topic in data.topics:
                self._by_id[topic.id] = node.add(self._topic_label(topic), data=topic,
                                                 allow_expand=bool(topic.questions))
        else:
            self._add_questions(data, node)
        if self._states is not None:
            self._label_children(node)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        self._build_children(event.node)

    def node_for(self, node_id: str) -> TreeNode[NodeData] | None:
        """The node of a `chapter:<id>`, topic or question id, building its parents' children."""
        if node_id in self._by_id:
            return self._by_id[node_id]
        question = self._library.question(node_id)
        topic = self._library.topic(question.topic_id if question else node_id)
        chapter_node = self._by_id.get(f"chapter:{topic.chapter_id}") if topic else None
        if chapter_node is None or topic is None:
            return None
        self._build_children(chapter_node)
        if question is not None and topic.id in self._by_id:
            self._build_children(self._by_id[topic.id])
        return self._by_id.get(node_id)

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

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of `crop`, with the width labels have and the tree's styles read once
        for all of them (the Tree reads them for each line: its style walks up the DOM)."""
        self._label_width = self.scrollable_content_region.width
        self._frame_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._label_width, self._frame_styles, self._frame_look = None, None, None

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: as drawn before for its node, if that node and what the
        line's look depends on are unchanged (the Tree draws it again after every expand,
        though most lines only move)."""
        line = y + self.scroll_offset.y
        node = self.get_node_at_line(line)
        if node is None or self._frame_styles is None or self.hover_line >= 0:
            return super().render_line(y)  # (under the mouse: as the Tree draws it)
        look = self._line_look(node, line)
        strip = self._drawn.get(node, look, line)
        if strip is None:
            strip = super().render_line(y)
            self._drawn.keep(node, look, line, strip)
        return strip

    def _line_look(self, node: TreeNode[NodeData], line: int) -> tuple[object, ...]:
        """What the Tree draws a node's line from (its line number aside): the node's
        label and state, where the guides of its path end, where the cursor is on the path,
        and the tree's style, state and widths (read once a frame). Component styles
        change with these or with a stylesheet update (`notify_style_update`)."""
        frame = self._frame_look
        if frame is None:
            frame = self._frame_look = (
                self.rich_style, self.get_pseudo_class_state(), self.has_focus,
                self.size.width, max(self.virtual_size.width, self.size.width),
                self._label_width, self.scroll_offset.x, self.show_guides, self.guide_depth)
        path, cursor = [], self.cursor_node
        at: TreeNode[NodeData] | None = node
        while at is not None and at is not self.root:
            path.append(at)
            at = at.parent
        path.reverse()
        return (frame, node.label, node.is_expanded, node.allow_expand,
                tuple(n.is_last for n in path), path.index(cursor) if cursor in path else -1,
                self.cursor_line == line)

    def notify_style_update(self) -> None:
        """Styles changed: lines are drawn anew."""
        super().notify_style_update()
        self._drawn.clear()

    @property
    def rich_style(self) -> Style:
        """The tree's style (read once a frame while its lines are drawn)."""
        styles = self._frame_styles
        if styles is None:
            return super().rich_style
        style = styles.get(())
        if style is None:
            style = styles[()] = super().rich_style
        assert isinstance(style, Style)
        return style

    def get_component_styles(self, *names: str) -> RenderStyles:
        """A component's styles (read once a frame while the lines are drawn)."""
        styles = self._frame_styles
        if styles is None:
            return super().get_component_styles(*names)
        component = styles.get(names)
        if component is None:
            component = styles[names] = super().get_component_styles(*names)
        assert isinstance(component, RenderStyles)
        return component

    def get_label_width(self, node: TreeNode[NodeData]) -> int:
        """The label's width as drawn, without drawing it (the Tree measures every line
        each time a node is expanded)."""
        label = node.label
        width = cell_len(label.plain if isinstance(label, Text) else label) + (
            cell_len(self.ICON_NODE) if node.allow_expand else 0)
        room = self._room(node)
        return min(width, room) if room > 0 else width

    def _room(self, node: TreeNode[NodeData]) -> int:
        """The columns a label has beside its guides."""
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        width = self._label_width
        if width is None:
            width = self.scrollable_content_region.width
        return width - depth * self.guide_depth

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        """The label, ending with `…` when the tree is too narrow for it (Tree just cuts it)."""
        label = super().render_label(node, base_style, style)
        room = self._room(node)
        if room > 0 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")
        return label

    # -- study progress -----------------------------------------------------

    def show_progress(self, states: Mapping[str, str], bookmarks: set[str]) -> None:
        """Relabel nodes with study marks: counts per chapter and topic, a state per question.

        Only nodes already built are relabelled; the others get their marks when built.
        """
        self._states, self._bookmarks = states, bookmarks
        for chapter in self._library.chapters:
            in_chapter = [states.get(qid, "") for t in chapter.topics for qid in t.question_ids()]
            self._relabel(f"chapter:{chapter.id}",
                          Text.assemble((chapter.title, "bold"), "  ", count_badges(in_chapter)))
            self._label_children(self._by_id[f"chapter:{chapter.id}"])

    def _label_children(self, node: TreeNode[NodeData]) -> None:
        """Put study marks on the built topics under `node` and the questions under them."""
        states, bookmarks = self._states or {}, self._bookmarks
        topic_nodes = [node] if isinstance(node.data, Topic) else node.children
        for child in topic_nodes:
            data = child.data
            if not isinstance(data, Topic):
                continue
            in_topic = [states.get(q.id, "") for q in data.questions]
            self._relabel(data.id, Text.assemble(
                state_mark(summary_state(in_topic)), " ", badge(data.difficulty), " ",
                render_title(data.title), " ", count_badges(in_topic)))
            for question in data.questions:
                if question.id in self._by_id:  # built (a stem node shares its data)
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
        with self._lines_only():
            node = self.node_for(node_id)
            if node is None:
                return False
            self._select_node(node)
        return True

    @contextmanager
    def _lines_only(self) -> Iterator[None]:
        """Add and expand nodes without a layout of the screen (the Tree asks for one
        each time, which lays out and redraws every pane): only the tree's lines and its
        scrollbar's thumb change, unless the scrollbar comes or goes. Of the lines, only
        those from the first one that shows something else are drawn again (the Tree
        redraws all of them on each expand; those above an expanded node stay as they
        were, unless the tree scrolls)."""
        if self._layout_held is not None or not self.size.height:
            yield  # held already, or not laid out yet (its first layout is to come)
            return
        self._layout_held, self._repaint_held = False, False
        before = self._shown_lines()
        try:
            yield
        finally:
            asked, self._layout_held = self._layout_held, None
            repaint, self._repaint_held = self._repaint_held, False
            if asked and needs_layout(self, self.last_line + 1):
                self.refresh(layout=True)
            else:
                if asked:
                    follow_height(self)
                if repaint:
                    self._repaint_changed(before)

    def _shown_lines(self) -> tuple[tuple[int, int], list[tuple[object, ...]]]:
        """The scroll offsets and what each line in view shows (its node, that node's
        label and state, and where the guides of its path end)."""
        top, rows = self.scroll_offset.y, self.size.height
        shown = []
        for y in range(top, top + rows):
            node = self.get_node_at_line(y)
            if node is None:
                break
            path: list[object] = []
            parent: TreeNode[NodeData] | None = node
            while parent is not None:
                path += (parent, parent.is_last)
                parent = parent.parent
            shown.append((node.label, node.is_expanded, node.allow_expand, *path))
        return (self.scroll_offset.x, top), shown

    def _repaint_changed(self, before: tuple[tuple[int, int], list[tuple[object, ...]]]
                         ) -> None:
        """Repaint the lines in view from the first one that shows something else than
        `before` (all of them after a scroll)."""
        offsets, shown = before
        now_offsets, now = self._shown_lines()
        if now_offsets != offsets:
            self.refresh()
            return
        first = next((y for y, (was, is_) in enumerate(zip(shown, now, strict=False))
                      if was != is_), min(len(shown), len(now)))
        if first < self.size.height and (first < len(now) or len(shown) != len(now)):
            self.refresh(Region(0, first, self.size.width, self.size.height - first))

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """As Textual's, but while `_lines_only` holds layouts, a layout asked for is a
        repaint and a repaint of the whole tree waits (it decides at the end what is
        needed)."""
        if self._layout_held is not None and not recompose:
            if layout:
                self._layout_held, layout = True, False
            if not regions and repaint:
                self._repaint_held = True
                return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _move_to(self, node: TreeNode[NodeData]) -> None:
        """Put the cursor on `node`; off screen, it is brought to the middle rather than
        to the edge, so the next `n`/`p` need not scroll again (a scroll redraws every
        line of the tree)."""
        line, top = node.line, round(self.scroll_y)
        rows = self.scrollable_content_region.height
        if line >= 0 and rows > 0 and not top <= line < top + rows:
            self.scroll_to(y=max(0, line - rows // 2), animate=False, immediate=True)
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    def set_library(self, library: Library) -> None:
        """Show a reloaded `library`: the same nodes stay expanded and the cursor stays on
        its node, or the nearest one still there (its topic, its chapter). Putting the
        cursor back is not reported (the screen keeps what it shows)."""
        expanded = [node_id for node_id, node in self._by_id.items() if node.is_expanded]
        places = self._places(self.cursor_node.data if self.cursor_node is not None else None)
        self.clear()
        self.move_cursor(None)
        self._drawn.clear()  # the old nodes' lines
        self._by_id, self._progress_labels, self._library = {}, {}, library
        self._populate()
        for node_id in expanded:
            node = self.node_for(node_id)
            if node is not None and not node.is_expanded:
                self._build_children(node)
                node.expand()
        target = next((n for n in map(self.node_for, places) if n is not None), None)
        if target is not None:
            self._quiet = target
            self._select_node(target)

    def _places(self, data: NodeData | None) -> list[str]:
        """Ids to put the cursor back on, nearest first: the node, its topic, its chapter."""
        if isinstance(data, Chapter):
            return [f"chapter:{data.id}"]
        topic = self._library.topic(data.topic_id if isinstance(data, Question) else data.id) \
            if data is not None else None
        if topic is None or data is None:
            return []
        ids = [data.id, topic.id] if isinstance(data, Question) else [topic.id]
        return [*ids, f"chapter:{topic.chapter_id}"]

    def _select_node(self, node: TreeNode[NodeData]) -> None:
        """Move the cursor to a built node, expanding its parents: only the collapsed ones
        (expanding an open node still makes the Tree redraw every line). The lines are
        built at once and the cursor moves in the same frame, unless the tree is yet to
        be laid out (then after its first refresh)."""
        opened, parent = False, node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
                opened = True
            parent = parent.parent
        self._target = node  # the last one asked for wins over one still waiting
        if opened and not self.size.height:
            self.call_after_refresh(self._move_to_target)
        else:
            _ = self.last_line  # the lines are built (the node's line is known)
            self._move_to_target()

    def _move_to_target(self) -> None:
        node, self._target = self._target, None
        if node is not None:
            self._move_to(node)

    def on_mount(self) -> None:
        self.watch(self, "cursor_line", self._cursor_moved, init=False)

    def _cursor_moved(self) -> None:
        """Report the node the cursor landed on while the key that moved it is handled
        (`NodeHighlighted` arrives after the tree has already been repainted alone: the
        screen's follow-up would wait for the next frame)."""
        node = self.cursor_node
        if node is self._announced:
            return
        self._announced = node
        quiet, self._quiet = self._quiet, None
        if node is not None and node is not quiet and node.data is not None \
                and self._on_cursor is not None:
            self._on_cursor(node.data)

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
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        else:
            self.action_cursor_down()
