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
]
