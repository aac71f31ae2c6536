"""The first screen does not wait for the demos' libraries: importing the app leaves numpy,
plotext and textual-plotext unloaded (they load when a demo, the gallery or stats show)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "plotext", "textual_plotext")


def test_importing_the_app_loads_no_demo_library() -> None:
    code = (
        "import sys\n"
        "import workbench.tui.app, workbench.tui.run\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"the app imports {result.stdout.strip()}"
