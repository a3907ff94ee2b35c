"""Small pieces every screen uses: titles, actions with shortcuts, modal questions.

``run_dialog`` and ``ask`` are the only places a modal loop starts, so tests replace them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QToolButton, QWidget

from cchc_desktop.gui.icons import icon
from cchc_desktop.gui.theme import styled


def page_title(text: str) -> QLabel:
    label = styled(QLabel(text, objectName="pageTitle"))
    return label


def hint(text: str) -> QLabel:
    label = styled(QLabel(text, objectName="hint"))
    label.setWordWrap(True)
    return label


def action(
    parent: QWidget, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None,
    icon_name: str | None = None,
) -> QAction:  # fmt: skip
    """A QAction whose tooltip names its shortcut; the shortcut works anywhere in ``parent``."""
    act = QAction(icon(icon_name) if icon_name else icon(""), text, parent)
    if shortcut is not None:
        seq = QKeySequence(shortcut)
        act.setShortcut(seq)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.setToolTip(f"{text} ({seq.toString(QKeySequence.SequenceFormat.NativeText)})")
    act.triggered.connect(lambda _=False: slot())
    parent.addAction(act)
    return act


def tool_button(act: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(act)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button


def run_dialog(dialog: QDialog) -> bool:
    """Show a modal dialog; ``True`` when the user accepted it."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question whose default answer is No (deleting must be deliberate)."""
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes
