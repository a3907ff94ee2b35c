"""Typing Vietnamese into widgets the way a keyboard does.

``qtbot.keyClicks`` aborts the process on letters such as ê or đ, so we send ``QKeyEvent``s
that carry the text (and an input-method commit for whole words, as Unikey delivers them).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Send one key press/release per character, each carrying its text."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def commit_text(widget: QWidget, text: str) -> None:
    """An input method committing ``text`` (how Vietnamese keyboards deliver composed words)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(
    widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def select_all(widget: QWidget) -> None:
    press(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
