"""Shared pieces for lists of occurrences: a table model, the period picker, list and history dialogs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
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

from cchc_desktop.core.formatting import fmt_date, fmt_number
from cchc_desktop.core.models import ROLES
from cchc_desktop.core.periods import Period, periods_for_year, reporting_quarters
from cchc_desktop.core.status import BUCKET_NAMES, RESULT_STATUSES, bucket
from cchc_desktop.core.text import clip
from cchc_desktop.gui.table_model import Index, TableModel
from cchc_desktop.store.history import HistoryEntry
from cchc_desktop.store.tracking import OccurrenceRow

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


class OccurrencesModel(TableModel[OccurrenceRow]):
    """Read-only list: task, unit, role, due date, status at the cut-off, what was done."""

    HEADERS = ("STT", "Nhiệm vụ", "Đơn vị", "Vai trò", "Hạn", "Đánh giá theo hạn", "Kết quả")

    def __init__(self, rows: list[OccurrenceRow] | None = None, cutoff: date | None = None) -> None:
        super().__init__(rows)
        self.cutoff = cutoff or date.today()
        self.total, self.fetch, self.page = len(self.rows), None, 100
        self._cache: dict[int, tuple[tuple[str, ...], str]] = {}

    def load(self, rows: list[OccurrenceRow], cutoff: date) -> None:
        with self.resetting():
            self.rows, self.cutoff = rows, cutoff
            self.total, self.fetch = len(rows), None
            self._cache = {}

    def load_paged(self, total: int, fetch: Callable[[int, int], list[OccurrenceRow]], cutoff: date,
                   page: int = 100) -> None:  # fmt: skip
        """Show ``total`` rows, loading ``page`` of them at a time (``fetch(offset, limit)``)
        as the user scrolls: a year's overdue list can run to thousands."""
        with self.resetting():
            self.cutoff, self.total, self.fetch, self.page = cutoff, total, fetch, page
            self.rows = fetch(0, page) if total else []
            self._cache = {}

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.fetch is not None and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        more = self.fetch(len(self.rows), self.page)  # type: ignore[misc]
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def _texts(self, row: int) -> tuple[tuple[str, ...], str]:
        """The row's cell texts and bucket, worked out once: views ask for each cell's data
        many times over (sizing, painting, tooltips).  Rows only ever get appended, and the
        cache is emptied whenever the rows or the cut-off are replaced."""
        hit = self._cache.get(row)
        if hit is None:
            r = self.rows[row]
            b = bucket(r.due, r.status, r.completed_on, self.cutoff)
            result = r.description or (f"Lý do: {r.reason}" if r.reason else "")
            result = " ".join(result.split())  # one line: a row has room for one
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
ORIGIN_NAMES = {"plan": "theo kế hoạch", "manual": "giao thêm"}
# what the row itself is (the task of a task's history, the occurrence of a result's): never shown
_SELF = {"tasks": (), "assignments": ("task_id",), "results": ("occurrence_id",),
         "task_units": ("task_id",)}  # fmt: skip


class HistoryNames:
    """Names for the ids and codes a history entry holds (units, groups, sections,
    indicators, forms, audiences, occurrences), read from the store once per dialog."""

    def __init__(self, store: Any, plan_id: int | None = None) -> None:  # a Store
        self.store = store
        self.units = {u.id: u.name for u in store.org.units()}
        self.groups = {g.id: g.name for g in store.org.groups()}
        self.sections = (
            {s.id: s.title for s in store.catalogue.sections(plan_id)} if plan_id else {}
        )
        self.terms = {kind: {t.code: t.name for t in store.settings.terms(kind)}
                      for kind in ("forms", "audiences", "indicators")}  # fmt: skip
        self._occurrences: dict[int, OccurrenceRow | None] = {}

    def occurrence(self, occurrence_id: Any) -> OccurrenceRow | None:
        if not isinstance(occurrence_id, int):
            return None
        if occurrence_id not in self._occurrences:
            try:
                self._occurrences[occurrence_id] = self.store.tracking.occurrence(occurrence_id)
            except Exception:
                self._occurrences[occurrence_id] = None
        return self._occurrences[occurrence_id]

    def unit_of(self, h: HistoryEntry) -> str:
        """The unit an entry is about (a result's or an assignment's), or ``""``."""
        row = h.new or h.old or {}
        if h.table_name == "results":
            occ = self.occurrence(row.get("occurrence_id"))
            return occ.unit_name if occ else ""
        if row.get("unit_id") is not None:
            return self.units.get(row["unit_id"], "")
        if row.get("group_id") is not None:
            return self.groups.get(row["group_id"], "")
        return ""


def describe_change(h: HistoryEntry, names: HistoryNames | None = None) -> str:
    """“Trạng thái: Đang thực hiện → Hoàn thành; Kết quả: … → …”, in words: names for ids,
    indicator names for figures, dates as dd/mm/yyyy; no raw keys, JSON or ids."""
    keys = [k for k in (h.new or h.old or {}) if k not in _SELF.get(h.table_name, ())]
    parts = []
    for k in keys:
        old = (h.old or {}).get(k)
        new = (h.new or {}).get(k)
        if h.action == "update" and old == new:
            continue
        name = FIELD_NAMES.get(k, k)
        if k in ("values", "targets") and h.action == "update":
            parts.extend(_figure_changes(old, new, names))
            continue
        if h.action != "update":
            value = new if h.new else old
            if value in (None, "", "{}", "[]", 0) and k not in ("active", "position"):
                continue  # an empty field of a new row says nothing
            parts.append(f"{name}: {_show(k, value, names)}")
        else:
            parts.append(f"{name}: {_show(k, old, names)} → {_show(k, new, names)}")
    return "; ".join(parts)


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _figure_changes(old: Any, new: Any, names: HistoryNames | None) -> list[str]:
    """Figures that changed, one by one: “Tin, bài: — → 4”."""
    old, new = _json(old) or {}, _json(new) or {}
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [
            f"{FIELD_NAMES['values']}: {_show('values', old, names)} → {_show('values', new, names)}"
        ]
    indicators = names.terms["indicators"] if names else {}
    out = []
    for code in dict.fromkeys([*old, *new]):
        if old.get(code) != new.get(code):
            label = indicators.get(code, code)
            out.append(f"{label}: {_number(old.get(code))} → {_number(new.get(code))}")
    return out


def _number(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return (
        fmt_number(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else str(value)
    )


def _show(key: str, value: Any, names: HistoryNames | None = None) -> str:
    if value is None or value == "":
        return "—"
    if key == "status":
        return RESULT_STATUSES.get(value, value)
    if key == "role":
        return ROLES.get(value, value)
    if key == "origin":
        return ORIGIN_NAMES.get(value, value)
    if key == "active":
        return "có" if value else "không"
    if key == "position" and isinstance(value, int):
        return str(value + 1)
    if key in ("completed_on", "manual_dates"):
        days = _json(value)
        days = days if isinstance(days, list) else [days]
        try:
            return ", ".join(fmt_date(date.fromisoformat(str(d))) for d in days) or "—"
        except ValueError:
            return str(value)
    if key in ("values", "targets"):
        figures = _json(value)
        if isinstance(figures, dict):
            indicators = names.terms["indicators"] if names else {}
            return (
                "; ".join(f"{indicators.get(c, c)}: {_number(v)}" for c, v in figures.items())
                or "—"
            )
    if key in ("forms", "audiences"):
        codes = _json(value)
        if isinstance(codes, list):
            known = names.terms[key] if names else {}
            return ", ".join(known.get(c, c) for c in codes) or "—"
    if key == "budget" and isinstance(value, int | float):
        return f"{fmt_number(value)} đồng"
    if names is not None:
        if key == "unit_id":
            return names.units.get(value, "(đơn vị đã xóa)")
        if key == "group_id":
            return names.groups.get(value, "(nhóm đã xóa)")
        if key == "section_id":
            return names.sections.get(value, "(mục đã xóa)")
        if key == "occurrence_id":
            occ = names.occurrence(value)
            return (
                f"{occ.label} (hạn {fmt_date(occ.due)})"
                if occ and occ.due
                else (occ.label if occ else "—")
            )
    elif key.endswith("_id"):
        return "—" if value is None else "(đã ghi)"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


class HistoryDialog(QDialog):
    """When, by whom, for which unit and what changed (old → new), in words."""

    def __init__(
        self, title: str, entries: list[HistoryEntry], parent: QWidget | None = None,
        names: HistoryNames | None = None, heading: str = "",
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 520)
        headers = ["Thời điểm", "Người nhập", "Đơn vị", "Việc", "Thay đổi"]
        self.table = QTableWidget(len(entries), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
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
            unit = names.unit_of(h) if names else ""
            for col, text in enumerate((at, h.user or "—", unit, what, describe_change(h, names))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        if names is None:
            self.table.hideColumn(2)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if heading:
            label = QLabel(heading)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(QLabel(f"{len(entries)} thay đổi, mới nhất trước" if entries else
                                "Chưa có thay đổi nào."))  # fmt: skip
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


def result_history_dialog(
    store: Any, r: OccurrenceRow, parent: QWidget | None = None
) -> HistoryDialog:
    """The history of one result: this unit's entries for this occurrence, not the whole task's."""
    heading = (f"{r.unit_name} · nhiệm vụ {r.task_number}: {clip(r.task_content, 90)}"
               f" · {r.label}" + (f" (hạn {fmt_date(r.due)})" if r.due and fmt_date(r.due) not in r.label else ""))  # fmt: skip
    return HistoryDialog(
        f"Lịch sử kết quả — {r.unit_name}, nhiệm vụ {r.task_number}",
        store.history.of_result(r.id), parent, HistoryNames(store, r.plan_id), heading,
    )  # fmt: skip


class PeriodCombo(QComboBox):
    """Reporting periods of a year: the four quarters, then the cumulative reports."""

    def set_year(self, year: int, rules: tuple, keep: str | None = None) -> None:
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
                # what the period names (its calendar span) and when its figures are taken
                start, end = p.span
                self.addItem(
                    f"{p.name} (hạn {fmt_date(start)[:5]}–{fmt_date(end)}, số liệu đến "
                    f"{fmt_date(p.end)[:5]})",
                    p,
                )
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
