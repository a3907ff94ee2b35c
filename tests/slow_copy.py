"""A slow disk under the backup copy, and a watch on the GUI thread while the program waits
for it: what the tests of the work done under a progress dialog (an upgrade, a restore, the
closing backup) look at, as a user would see it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from cchc_desktop.store import backup


@dataclass
class Watch:
    ticks: list[float] = field(default_factory=list)  # when a 50 ms timer fired
    dialogs: list[tuple[str, bool]] = field(default_factory=list)  # (title, offers “Hủy”)

    @property
    def titles(self) -> set[str]:
        return {title for title, _hủy in self.dialogs}


def progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]  # fmt: skip


def slow_disk(monkeypatch: pytest.MonkeyPatch, seconds: float = 1.0) -> None:
    """Every backup copy takes ``seconds`` more: a province's file on an office PC's disk."""
    real = backup._online_copy

    def slow_copy(src, dst) -> None:
        time.sleep(seconds)
        real(src, dst)

    monkeypatch.setattr(backup, "_online_copy", slow_copy)


@contextlib.contextmanager
def watching(
    monkeypatch: pytest.MonkeyPatch, on_tick: Callable[[Watch], None] | None = None
) -> Iterator[Watch]:
    """A slow disk, and a 50 ms timer on the GUI thread noting when it fired and which
    progress dialogs were showing (``on_tick`` runs after each note)."""
    slow_disk(monkeypatch)
    watch = Watch()

    def tick() -> None:
        watch.ticks.append(time.monotonic())
        for dialog in progress_dialogs():
            buttons = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
            watch.dialogs.append((dialog.windowTitle(), "Hủy" in buttons))
        if on_tick is not None:
            on_tick(watch)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    try:
        yield watch
    finally:
        timer.stop()
