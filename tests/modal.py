"""Answering the modal dialogs a program opens (message boxes, input dialogs) the way a user
does: by looking at what is shown and pressing keys in it, while its modal loop runs.

``answer(qtbot, steps)`` schedules ``steps``, one per modal dialog to come, each a function
given the dialog; it returns the list the texts of the dialogs shown are added to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QWidget

from tests.vn_keys import press, type_text

Step = Callable[[QWidget], None]


def answer(steps: list[Step]) -> list[str]:
    """Answer the next ``len(steps)`` modal dialogs with ``steps`` (in order)."""
    seen: list[str] = []
    remaining = list(steps)

    def poll(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or getattr(dialog, "_answered", False):
            if tries < 500 and remaining:
                QTimer.singleShot(10, lambda: poll(tries + 1))
            return
        dialog._answered = True  # type: ignore[attr-defined]
        seen.append(text_of(dialog))
        step = remaining.pop(0)
        step(dialog)
        if remaining:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def text_of(dialog: QWidget) -> str:
    if isinstance(dialog, QMessageBox):
        return dialog.text()
    labels = [w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text") and
              not isinstance(w, QLineEdit) and isinstance(w.text(), str)]  # fmt: skip
    return " ".join(labels)


def type_and_enter(text: str) -> Step:
    """Replace the text of the dialog's box with ``text`` and press Enter."""

    def step(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit)
        assert edit is not None, "no text box in the dialog"
        edit.selectAll()
        if text:
            type_text(edit, text)
        else:
            press(edit, Qt.Key.Key_Delete)
        press(edit, Qt.Key.Key_Return)

    return step


def enter(dialog: QWidget) -> None:
    """Press Enter (the default button: OK)."""
    target = dialog.focusWidget() or dialog
    press(target, Qt.Key.Key_Return)
    if dialog.isVisible() and isinstance(dialog, QDialog):  # no default button took it
        press(dialog, Qt.Key.Key_Escape)


def escape(dialog: QWidget) -> None:
    """Press Escape (cancel)."""
    press(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
