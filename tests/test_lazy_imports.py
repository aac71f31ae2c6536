"""The first screen does not wait for what it does not show: importing the app leaves numpy,
plotext and textual-plotext unloaded (they load when a demo, the gallery or stats show), FSRS
and the progress store too (opened in a thread once the first screen is up), the notes
parser and folder watcher (a start from the catalog cache parses nothing), and
the screens opened later (help, gallery, review, stats, import) load when they open."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "plotext", "textual_plotext", "fsrs", "workbench.study.store",
         "workbench.study.session", "workbench.content.topic_file",
         "workbench.content.watch", "workbench.tui.help_data",
         "workbench.tui.screens.gallery", "workbench.tui.screens.review",
         "workbench.tui.screens.stats", "workbench.tui.screens.import_notes")


def test_importing_the_app_loads_only_what_the_first_screen_needs() -> None:
    code = (
        "import sys\n"
        "import workbench.tui.app, workbench.tui.run\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"the app imports {result.stdout.strip()}"
