"""The program's log in a test: set up in the test's folder, read back, taken down after."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[Path]:
    """The log of ``tmp_path``, taken down after the test (levels as they were)."""
    from cchc_desktop import logs

    saved = logs.log.level, logging.getLogger().level
    logs.shutdown()
    path = logs.setup(tmp_path, "INFO")
    yield path
    logs.shutdown()
    logs.log.setLevel(saved[0])
    logging.getLogger().setLevel(saved[1])


def read_log(path: Path) -> str:
    """The log's text so far (its handlers flushed first)."""
    for h in logging.getLogger().handlers:
        h.flush()
    return path.read_text(encoding="utf-8")
