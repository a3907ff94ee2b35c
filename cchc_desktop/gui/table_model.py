"""The base of the screens' table models: a list of rows, a list of column headings.

Each model says what its rows are and what a cell shows; counting rows and columns, headings
(with their tooltips) and replacing the rows in one reset are the same everywhere, and live
here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class TableModel(QAbstractTableModel, Generic[Row]):
    """Rows of one kind in :attr:`rows`; headings from :attr:`HEADERS` or :meth:`headers`."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, rows: list[Row] | None = None) -> None:
        super().__init__()
        self.rows: list[Row] = rows or []

    # -- what a model says of itself ---------------------------------------------------
    def headers(self) -> Sequence[str]:
        """The column headings (fixed by default; a model with columns from data overrides)."""
        return self.HEADERS

    def header_tip(self, section: int) -> str | None:
        """The tooltip of column ``section``'s heading, if it has one."""
        return None

    def row_heading(self, section: int, role: int) -> Any:
        """What the vertical header shows for row ``section`` (nothing by default)."""
        return None

    # -- shared -------------------------------------------------------------------------
    @contextlib.contextmanager
    def resetting(self) -> Iterator[None]:
        """Replace the model's data inside the block: views are told before and after."""
        self.beginResetModel()
        try:
            yield
        finally:
            self.endResetModel()

    def set_rows(self, rows: list[Row]) -> None:
        """Replace every row (selections are reset)."""
        with self.resetting():
            self.rows = rows

    def row_at(self, index: Index) -> Row | None:
        """The row under ``index``, or ``None`` when it points at none."""
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self.row_heading(section, role)
        if role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tip(section)
        return None
