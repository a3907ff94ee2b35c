"""The crash test, small: a handful of SIGKILLs mid-write must leave a sound, whole file.

Set ``CCHC_CRASH_KILLS=200`` for the full run (or ``uv run python -m tests.crash_test``).
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.crash_test import run


def test_killed_writer_leaves_sound_file(tmp_path: Path) -> None:
    kills = int(os.environ.get("CCHC_CRASH_KILLS", "12"))
    figures = run(kills, seed=int(os.environ.get("CCHC_CRASH_SEED", "1")), workdir=tmp_path)
    print(figures.summary())
    assert not figures.failures, "\n".join(figures.failures)
    assert figures.survived == figures.kills == kills
    assert figures.backups_checked > 0  # the backups the child made were checked too
