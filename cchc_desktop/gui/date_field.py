"""A date typed as dd/mm/yyyy or picked on a calendar, refused (never moved) when not real.

Qt's QDateEdit silently turns a day the month does not have into another one: 31/02/2024
became 29/02/2024 in the plan dialog without a word.  Here the text is what the user typed;
:func:`cchc_desktop.core.formatting.read_date` says whether it is a day and, if not, why.
The calendar follows the application's locale (Vietnamese: month and day names, Monday first).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from cchc_desktop.core.formatting import fmt_date, read_date
from cchc_desktop.gui.icons import icon


class DateField(QWidget):
    """``dd/mm/yyyy`` in a text box, with a calendar button (Alt+↓ or F4 opens it)."""

    dateChanged = Signal(object)  # a date, or None when the text is not one

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(placeholderText="dd/mm/yyyy")
        self.edit.setMaxLength(10)
        width = self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 16
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width + 40)
        self.button = QToolButton()
        self.button.setIcon(icon("calendar"))
        self.button.setToolTip("Chọn ngày trên lịch (Alt+↓)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        self.calendar = QCalendarWidget(self, windowFlags=Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        # only as wide as the box and its button: a wider field would centre them in its space
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.edit.textChanged.connect(lambda _t: self.dateChanged.emit(self.date()))
        self.edit.installEventFilter(self)

    # -- value ------------------------------------------------------------------------------
    def date(self) -> date | None:
        """The day typed, or ``None`` (nothing typed, or not a real day: see :meth:`problem`)."""
        return read_date(self.edit.text())[0]

    def problem(self) -> str | None:
        """Why the text is not a day (Vietnamese), or ``None``."""
        return read_date(self.edit.text())[1]

    def text(self) -> str:
        return self.edit.text()

    def set_date(self, day: date | None) -> None:
        self.edit.setText(fmt_date(day))

    # -- calendar ---------------------------------------------------------------------------
    def show_calendar(self) -> None:
        day = self.date() or date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        hint = self.calendar.sizeHint()
        self.calendar.resize(hint)
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and below.y() + hint.height() > screen.bottom():
            below = self.mapToGlobal(QPoint(0, -hint.height()))
        self.calendar.move(below)
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.set_date(date(day.year(), day.month(), day.day()))
        self.calendar.hide()
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and (
            event.key() == Qt.Key.Key_F4
            or (event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier)
        ):  # fmt: skip
            self.show_calendar()
            return True
        return False
