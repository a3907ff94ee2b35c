"""Shared pieces for lists of occurrences: a table model, the period picker, list and history dialogs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.formatting import fmt_date
from cchc_desktop.core.models import ROLES
from cchc_desktop.core.periods import Period, periods_for_year, reporting_quarters
from cchc_desktop.core.status import BUCKET_NAMES, RESULT_STATUSES, bucket
from cchc_desktop.store.tracking import HistoryEntry, OccurrenceRow

Index = QModelIndex | QPersistentModelIndex

BUCKET_COLOURS = {
    "done_on_time": "#c8e6c9",
    "done_late": "#fff9c4",
    "in_progress": "#e3f2fd",
    "overdue": "#ffcdd2",
    "not_done": "#e0e0e0",
}


_DISPLAY, _TOOLTIP, _BACKGROUND = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
)  # fmt: skip
BUCKET_BRUSHES = {b: QBrush(QColor(c)) for b, c in BUCKET_COLOURS.items()}


class OccurrencesModel(QAbstractTableModel):
    """Read-only list: task, unit, role, due date, status at the cut-off, what was done."""

    HEADERS = ("STT", "Nhiệm vụ", "Đơn vị", "Vai trò", "Hạn", "Tình trạng", "Kết quả")

    def __init__(self, rows: list[OccurrenceRow] | None = None, cutoff: date | None = None) -> None:
        super().__init__()
        self.rows = rows or []
        self.cutoff = cutoff or date.today()
        self.total, self.fetch, self.page = len(self.rows), None, 100
        self._cache: dict[int, tuple[tuple[str, ...], str]] = {}

    def load(self, rows: list[OccurrenceRow], cutoff: date) -> None:
        self.beginResetModel()
        self.rows, self.cutoff = rows, cutoff
        self.total, self.fetch = len(rows), None
        self._cache = {}
        self.endResetModel()

    def load_paged(self, total: int, fetch: Callable[[int, int], list[OccurrenceRow]], cutoff: date,
                   page: int = 100) -> None:  # fmt: skip
        """Show ``total`` rows, loading ``page`` of them at a time (``fetch(offset, limit)``)
        as the user scrolls: a year's overdue list can run to thousands."""
        self.beginResetModel()
        self.cutoff, self.total, self.fetch, self.page = cutoff, total, fetch, page
        self.rows = fetch(0, page) if total else []
        self._cache = {}
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.fetch is not None and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        more = self.fetch(len(self.rows), self.page)  # type: ignore[misc]
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _texts(self, row: int) -> tuple[tuple[str, ...], str]:
        """The row's cell texts and bucket, worked out once: views ask for each cell's data
        many times over (sizing, painting, tooltips).  Rows only ever get appended, and the
        cache is emptied whenever the rows or the cut-off are replaced."""
        hit = self._cache.get(row)
        if hit is None:
            r = self.rows[row]
            b = bucket(r.due, r.status, r.completed_on, self.cutoff)
            result = r.description or (f"Lý do: {r.reason}" if r.reason else "")
            hit = self._cache[row] = ((r.task_number, r.task_content, r.unit_name, ROLES.get(r.role, r.role),
                                       fmt_date(r.due), BUCKET_NAMES[b], result), b)  # fmt: skip
        return hit

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (_DISPLAY, _TOOLTIP):
            return self._texts(index.row())[0][index.column()]
        if role == _BACKGROUND and index.column() == 5:
            return BUCKET_BRUSHES[self._texts(index.row())[1]]
        return None


def occurrence_table(rows: list[OccurrenceRow], cutoff: date) -> QTableView:
    view = QTableView()
    view.setModel(OccurrencesModel(rows, cutoff))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setMaximumSectionSize(420)
    header.setResizeContentsPrecision(30)  # size columns from 30 rows, not every one of thousands
    # Sized to the contents when rows arrive, then left to the user.  (ResizeToContents sizes
    # them again at every layout pass: thousands of data() calls while the window opens.)
    view.model().modelReset.connect(lambda: _fit_columns(view))
    if rows:
        _fit_columns(view)
    return view


def _fit_columns(view: QTableView) -> None:
    """Columns as wide as their contents; the task's text never narrower than 220 pixels (a
    narrow list scrolls sideways rather than squeezing the task to “…”)."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    header.resizeSection(1, max(220, header.sectionSize(1)))


class OccurrenceListDialog(QDialog):
    """The list behind a number the user clicked."""

    def __init__(
        self, title: str, rows: list[OccurrenceRow], cutoff: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1100, 600)
        self.table = occurrence_table(rows, cutoff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"{title}: {len(rows)} lần thực hiện (tính đến {fmt_date(cutoff)})")
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


FIELD_NAMES = {
    "content": "Nội dung", "product": "Sản phẩm", "timeline": "Thời gian", "manual_kind": "Lịch đặt tay",
    "manual_dates": "Các hạn đặt tay", "forms": "Hình thức", "audiences": "Đối tượng", "targets": "Chỉ tiêu",
    "budget": "Kinh phí", "note": "Ghi chú", "section_id": "Mục", "position": "Thứ tự", "unit_id": "Đơn vị",
    "role": "Vai trò", "origin": "Nguồn", "active": "Đang giao", "status": "Trạng thái",
    "completed_on": "Ngày hoàn thành", "reason": "Lý do", "description": "Kết quả", "values": "Số liệu",
    "occurrence_id": "Lần thực hiện", "task_id": "Nhiệm vụ", "group_id": "Nhóm",
}  # fmt: skip
TABLE_NAMES = {
    "tasks": "Nhiệm vụ",
    "assignments": "Giao việc",
    "results": "Kết quả",
    "task_units": "Đơn vị của nhiệm vụ",
}
ACTION_NAMES = {"insert": "Thêm", "update": "Sửa", "delete": "Xóa"}


def describe_change(h: HistoryEntry) -> str:
    """“Trạng thái: Đang thực hiện → Hoàn thành; Kết quả: … → …”."""
    keys = list((h.new or h.old or {}).keys())
    parts = []
    for k in keys:
        old = (h.old or {}).get(k)
        new = (h.new or {}).get(k)
        if h.action == "update" and old == new:
            continue
        name = FIELD_NAMES.get(k, k)
        old_s, new_s = _show(k, old), _show(k, new)
        parts.append(
            f"{name}: {old_s} → {new_s}"
            if h.action == "update"
            else f"{name}: {new_s if h.new else old_s}"
        )
    return "; ".join(parts)


def _show(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if key == "status":
        return RESULT_STATUSES.get(value, value)
    if key == "role":
        return ROLES.get(value, value)
    if key == "completed_on":
        try:
            return fmt_date(date.fromisoformat(value))
        except ValueError:
            return str(value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


class HistoryDialog(QDialog):
    """When, by whom, and what changed (old → new) on a task and its assignments and results."""

    def __init__(
        self, title: str, entries: list[HistoryEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 520)
        self.table = QTableWidget(len(entries), 4)
        self.table.setHorizontalHeaderLabels(["Thời điểm", "Người sửa", "Bản ghi", "Thay đổi"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, h in enumerate(entries):
            at = h.at
            try:
                y, m, rest = at[:4], at[5:7], at[8:]
                at = f"{rest[:2]}/{m}/{y} {rest[3:8]}"
            except IndexError:
                pass
            what = f"{ACTION_NAMES.get(h.action, h.action)} {TABLE_NAMES.get(h.table_name, h.table_name).lower()}"
            for col, text in enumerate((at, h.user, what, describe_change(h))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(entries)} thay đổi, mới nhất trước"))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


class PeriodCombo(QComboBox):
    """Reporting periods of a year: the four quarters, then the cumulative reports."""

    def set_year(self, year: int, rules: tuple, keep: str | None = None) -> None:  # noqa: ANN001
        """Fill the year's periods, keeping ``keep`` (or the current period) when it is one.

        Only the final choice is signalled, and only if the caller has not blocked signals
        (a caller that picks another period itself blocks them around both).
        """
        current = keep or (self.current().code if self.count() else None)
        was_blocked = self.blockSignals(True)
        self.clear()
        seen = set()
        for p in [*reporting_quarters(year, rules), *periods_for_year(year, rules)]:
            if p.code not in seen:
                seen.add(p.code)
                self.addItem(f"{p.name} ({fmt_date(p.start)} – {fmt_date(p.end)})", p)
        idx = next((i for i in range(self.count()) if self.itemData(i).code == current), -1)
        self.blockSignals(was_blocked)
        self.setCurrentIndex(idx if idx >= 0 else 0)

    def current(self) -> Period:
        return self.currentData()

    def select_containing(self, day: date) -> None:
        """The quarter whose report names work due on ``day`` (its calendar span)."""
        for i in range(self.count()):
            p = self.itemData(i)
            if p.code.split("-")[1].startswith("Q") and p.span[0] <= day <= p.span[1]:
                self.setCurrentIndex(i)
                return
