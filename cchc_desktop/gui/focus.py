"""The keyboard focus comes back to where it was after a dialog or message box closes.

Qt gives the focus back to the window's last focused widget; when that was a cell's editor
(closed while the message was up) or a widget the dialog's work rebuilt, the focus fell to the
first widget of the window, the sidebar, and the next keystrokes went nowhere the user could
see.  One filter on the application remembers, for every dialog, what had the focus when it
opened (the table rather than its cell editor) and puts the focus back when it closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget
from shiboken6 import getCppPointer, isValid


def _owner(widget: QWidget | None) -> QWidget | None:
    """``widget``, or the item view whose cell editor it is (editors do not outlive a dialog)."""
    w = widget
    while w is not None:
        parent = w.parentWidget()
        if isinstance(parent, QWidget) and isinstance(parent.parentWidget(), QAbstractItemView) and (
            parent is parent.parentWidget().viewport()
        ):  # fmt: skip
            return parent.parentWidget()
        w = parent
    return widget


class FocusKeeper(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # dialog (its C++ address: a dialog made by Qt, as QMessageBox.warning makes, gets a
        # new Python wrapper each time it is seen) -> the widget that had the focus
        self._before: dict[int, QWidget] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: the object's class is checked first,
        # because reading an event's type makes a Python enum each time (a tenth of the
        # cost of building a screen when it came first).
        if not isinstance(watched, QDialog):
            return False
        kind = event.type()
        if kind not in (QEvent.Type.Show, QEvent.Type.Hide):
            return False
        key = getCppPointer(watched)[0]
        if kind == QEvent.Type.Show:
            before = _owner(QApplication.focusWidget())
            if before is not None and before.window() is not watched:
                self._before[key] = before
        else:
            before = self._before.pop(key, None)
            if before is not None:
                # at once, for keys typed straight after, and once Qt has finished closing
                # (which hands the focus to the window's last focused widget, maybe gone)
                QTimer.singleShot(0, lambda: _give_back(before))
                _give_back(before, closing=watched)
        return False


def _give_back(widget: QWidget, closing: QWidget | None = None) -> None:
    if not isValid(widget) or not widget.isVisible() or not widget.isEnabled():
        return
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not closing:
        return  # another dialog is up: it keeps the keyboard
    current = QApplication.focusWidget()
    if current is not None and (current is widget or widget.isAncestorOf(current)):
        return  # already there (in the cell editor the table opened meanwhile, say)
    target = _open_editor(widget) or widget
    widget.window().activateWindow()
    target.setFocus(Qt.FocusReason.OtherFocusReason)


def _open_editor(widget: QWidget) -> QWidget | None:
    """The cell editor open in ``widget`` (a table that moved on to the next cell while the
    dialog was up, as Tab does), which must get the keys typed next."""
    if not isinstance(widget, QAbstractItemView):
        return None
    if widget.state() != QAbstractItemView.State.EditingState:
        return None
    spot = widget.visualRect(widget.currentIndex()).center()
    for child in widget.viewport().children():
        if isinstance(child, QWidget) and child.isVisible() and child.geometry().contains(spot):
            return child
    return None


def install(app: QApplication | None = None) -> None:
    """Install the filter once on the application."""
    app = app or QApplication.instance()
    if app is None or getattr(app, "_cchc_focus_keeper", None) is not None:
        return
    keeper = FocusKeeper(app)
    app.installEventFilter(keeper)
    app._cchc_focus_keeper = keeper  # type: ignore[attr-defined]
