"""A table whose first columns stay put when it scrolls sideways (like Excel's “Freeze Panes”).

A results grid is wider than an office laptop's screen: scrolled right to the figures, a row
must still show its STT and task, or the numbers lose the row they belong to.  Qt has no
frozen columns, so (as in Qt's own "Frozen Column" example) a second view of the same model
and selection is laid over the left edge, showing only those columns, scrolling only up and
down with the main view.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex


class FrozenColumnsTable(QTableView):
    """A QTableView whose first ``frozen`` columns never scroll out of sight."""

    def __init__(
        self, frozen: int = 2, parent: QWidget | None = None, objectName: str = ""
    ) -> None:
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.frozen_count = frozen
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumns")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.frozen.setFrameShape(QFrame.Shape.NoFrame)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.frozen.setRowHeight(row, new)
        )
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        # a click on a frozen cell selects it in the main view, which keeps the keyboard focus
        self.frozen.clicked.connect(lambda index: (self.setCurrentIndex(index), self.setFocus()))

    # -- keeping the two views in step ------------------------------------------------------
    def setModel(self, model: QAbstractItemModel) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.columnsInserted,
            model.columnsRemoved,
        ):
            signal.connect(self.refresh_frozen)
        self.refresh_frozen()

    def setAlternatingRowColors(self, enable: bool) -> None:
        super().setAlternatingRowColors(enable)
        self.frozen.setAlternatingRowColors(enable)

    def setSelectionMode(self, mode: QAbstractItemView.SelectionMode) -> None:
        super().setSelectionMode(mode)
        self.frozen.setSelectionMode(mode)

    def setSelectionBehavior(self, behavior: QAbstractItemView.SelectionBehavior) -> None:
        super().setSelectionBehavior(behavior)
        self.frozen.setSelectionBehavior(behavior)

    def refresh_frozen(self, *_args: object) -> None:
        """Show only the frozen columns in the overlay, as wide as in the main view."""
        model = self.model()
        if model is None:
            return
        for col in range(model.columnCount()):
            self.frozen.setColumnHidden(col, col >= self.frozen_count)
            if col < self.frozen_count:
                self.frozen.setColumnWidth(col, self.columnWidth(col))
        for row in range(model.rowCount()):
            self.frozen.setRowHeight(row, self.rowHeight(row))
        self._place()

    def frozen_width(self) -> int:
        return sum(
            self.columnWidth(c) for c in range(self.frozen_count) if not self.isColumnHidden(c)
        )

    def _column_resized(self, col: int, _old: int, new: int) -> None:
        if col < self.frozen_count:
            self.frozen.setColumnWidth(col, new)
            self._place()

    def _place(self) -> None:
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(
            self.verticalHeader().width() + self.frameWidth(), self.frameWidth(),
            self.frozen_width(), self.viewport().height() + self.horizontalHeader().height(),
        )  # fmt: skip

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place()

    # -- the cursor never hides under the frozen columns --------------------------------------
    def scrollTo(
        self,
        index: Index,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if index.column() >= self.frozen_count:
            super().scrollTo(index, hint)
            self._uncover(index)
        else:  # frozen cells are always in sight: only the rows scroll
            column = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(column)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        if current.isValid() and current.column() >= self.frozen_count:
            self._uncover(current)
        elif current.isValid() and action in (
            QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveLeft,
        ):  # fmt: skip
            self.horizontalScrollBar().setValue(0)  # Home: back to the first columns, as Excel
        return current

    def _uncover(self, index: Index) -> None:
        left = self.visualRect(index).left()
        hidden_by = self.frozen_width() - left
        if hidden_by > 0:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - hidden_by)
