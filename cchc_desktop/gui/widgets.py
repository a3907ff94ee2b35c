"""Small pieces every screen uses: titles, actions with shortcuts, modal questions.

``run_dialog`` and ``ask`` are the only places a modal loop starts, so tests replace them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QToolButton, QWidget

from cchc_desktop.gui.icons import icon
from cchc_desktop.gui.theme import styled


def set_keys(obj: QObject, **keys: str) -> None:
    """Set Qt properties by the names of their enum keys, as a Designer form does
    (``set_keys(frame, focusPolicy="NoFocus")``).

    The window's frame, and what it is made of, is set up this way rather than with
    ``Qt.FocusPolicy.NoFocus``: the first mention of ``Qt`` makes PySide6's ``Qt`` namespace,
    a hundred enums that take some 15 ms, and the frame is drawn before it is needed."""
    for name, key in keys.items():
        if not obj.setProperty(name, key):
            raise ValueError(f"{type(obj).__name__}.{name} has no key {key!r}")


def key_sequences(*keys: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """Shortcuts from their texts (``"Ctrl+K"``) or standard keys (the platform's first binding
    of it, as ``QKeySequence(key)`` gives; an empty one where the platform binds none), for
    ``QAction.setShortcuts``.

    Made without ``QKeySequence``'s overloaded constructor and ``setShortcut``: resolving their
    overloads makes PySide6's ``Qt`` namespace (see :func:`set_keys`)."""
    native = QKeySequence.SequenceFormat.NativeText  # what QKeySequence(text) reads
    return [
        QKeySequence.fromString(k, native)
        if isinstance(k, str)
        else next(iter(QKeySequence.keyBindings(k)), QKeySequence())
        for k in keys
    ]


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
        (seq,) = key_sequences(shortcut)
        act.setShortcuts([seq])
        set_keys(act, shortcutContext="WidgetWithChildrenShortcut")
        act.setToolTip(f"{text} ({seq.toString(QKeySequence.SequenceFormat.NativeText)})")
    act.triggered.connect(lambda _=False: slot())
    parent.addAction(act)
    return act


def tool_button(act: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(act)
    set_keys(button, toolButtonStyle="ToolButtonTextBesideIcon")
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
