"""Every key of the app, as data; the help screen renders it and a test keeps it complete."""

from __future__ import annotations

HELP: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("?", "this help"),
            ("ctrl+p", "command palette: go to a topic, run a command"),
            ("q", "quit"),
            ("tab / shift+tab", "move focus between panes"),
            ("ctrl+b", "show or hide the topic tree"),
            ("m", "maximise the reader (again to restore)"),
            ("n / p", "next / previous question (crosses into the next topic)"),
            ("g", "demo gallery: every live demo, one after another"),
        ],
    ),
    (
        "Search (/)",
        [
            ("/", "focus the search box; results replace the tree as you type"),
            ("down", "from the box into the results"),
            ("enter", "open the highlighted result (its words stay highlighted)"),
            ("escape", "clear the search and go back to the tree"),
            ("syntax", '"a phrase"  prefix*  -word  difficulty:H  tag:...  chapter:...'),
        ],
    ),
    (
        "Demo pane (tab to it)",
        [
            ("space", "pause or resume the animation"),
            (".", "one step"),
            ("r / R", "restart / restart with a new seed"),
            ("v", "draw the demo another way"),
            ("[ ]  { }  < >", "parameter 1 / 2 / 3 down and up"),
            ("P", "predict what a change will do, then watch it (also the Predict button)"),
            ("1 / 2 / 3 / 4", "answer the prediction; once it has played, change the grade"),
            ("o", "after a prediction: read why, in the notes"),
            ("escape", "leave the prediction (the demo keeps running)"),
        ],
    ),
    (
        "Topic tree",
        [
            ("up / down, j / k", "move the cursor; the reader follows"),
            ("left / right, h / l", "collapse / expand"),
            ("enter", "open the question and focus the reader"),
            ("G", "last entry"),
        ],
    ),
    (
        "Reader",
        [
            ("up / down, j / k", "scroll"),
            ("pgup / pgdn, home / end", "scroll by page / to the ends"),
        ],
    ),
    (
        "Study (main screen)",
        [
            ("s", "review everything due, then new questions"),
            ("D", "jump to the next due question"),
            ("b", "bookmark / un-bookmark the question in the reader"),
            ("e", "write a personal note on it (ctrl+s saves, escape cancels)"),
            ("S", "statistics: reviews, retention, forecast, coverage"),
            ("tree marks", "· new  ● due  ◐ learning  ✓ learned  ★ bookmarked"),
        ],
    ),
    (
        "Review screen",
        [
            ("space", "show the answer (and the topic's demo on wide screens)"),
            ("1 / 2 / 3 / 4", "grade again / hard / good / easy (interval on each button)"),
            ("j / k, up / down", "scroll the question and answer"),
            ("u", "undo the last grade of this session"),
            ("b / e", "bookmark / note the question on screen"),
            ("B", "switch to bookmarked questions only (and back)"),
            ("d", "nothing starred due: drill the bookmarks now (not graded, schedule unchanged)"),
            ("enter", "prediction card: answered in the demo pane (1-4), enter saves the grade"),
            ("escape", "back to the main screen"),
        ],
    ),
    (
        "Note editor (e)",
        [
            ("ctrl+s", "save the note (it is shown under the answer and searchable)"),
            ("escape", "close; asks before dropping unsaved changes"),
        ],
    ),
    (
        "Statistics screen",
        [
            ("j / k", "scroll the plots"),
            ("escape / q", "back"),
        ],
    ),
    (
        "Demo gallery",
        [
            ("up / down", "choose a demo; it starts running beside the list"),
            ("enter / t", "open the demo's topic on the main screen"),
            ("space / .", "pause or resume / one step"),
            ("r / R", "restart / restart with a new seed"),
            ("v", "draw the demo another way"),
            ("[ ]  { }  < >", "parameter 1 / 2 / 3 down and up"),
            ("escape / q", "back"),
        ],
    ),
]
