"""“Giao việc”: the task × unit matrix of the plan (CT = chủ trì, PH = phối hợp, coloured by status).

The model answers from dictionaries built in one pass, so scrolling hundreds of tasks across
tens of units stays smooth; Space / Delete change the assignment under the cursor.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.status import BUCKET_NAMES
from cchc_desktop.core.text import clip
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.occurrence_views import BUCKET_BRUSHES
from cchc_desktop.gui.screen import Screen
from cchc_desktop.gui.table_model import Index, TableModel
from cchc_desktop.gui.widgets import action, hint, tool_button
from cchc_desktop.store.dashboard import assignment_matrix

SHORT = {"lead": "CT", "coordinating": "PH"}


class MatrixModel(TableModel[tuple[int, str, str]]):
    """Tasks down (id, number, content), units across (id, name, short name)."""

    def __init__(self) -> None:
        super().__init__()
        self.units: list[tuple[int, str, str]] = []  # id, name, short name
        self.cells: dict[
            tuple[int, int], tuple[int, str, str]
        ] = {}  # (task, unit) -> (assignment, role, bucket)
        self._headers: list[str] = []

    @property
    def tasks(self) -> list[tuple[int, str, str]]:
        return self.rows

    def load(self, tasks, units, cells) -> None:
        with self.resetting():
            self.rows, self.units, self.cells = tasks, units, cells
            self._headers = [_wrap(short or _short(name)) for _id, name, short in units]

    def headers(self) -> list[str]:
        return self._headers

    def header_tip(self, section: int) -> str | None:
        return self.units[section][1]

    def row_heading(self, section: int, role: int) -> Any:
        number, content = self.tasks[section][1], self.tasks[section][2]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{number}. {clip(content, 49)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return content
        return None

    def cell(self, index: Index) -> tuple[int, str, str] | None:
        return self.cells.get((self.tasks[index.row()][0], self.units[index.column()][0]))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.cell(index)
        if c is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return SHORT[c[1]]
        if role == Qt.ItemDataRole.BackgroundRole:
            return BUCKET_BRUSHES[c[2]]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{'Chủ trì' if c[1] == 'lead' else 'Phối hợp'} — {BUCKET_NAMES[c[2]]}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None


class MatrixScreen(Screen):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(ctx, "Giao việc: nhiệm vụ × đơn vị", parent, loaded=False)
        self.today = today or date.today()
        self.model = MatrixModel()
        self.view = QTableView(objectName="matrix")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setDefaultSectionSize(52)
        header_font = self.view.horizontalHeader().fontMetrics()
        self.view.horizontalHeader().setMinimumHeight(3 * header_font.height() + 8)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)
        # the task-name column's width from 50 names, not every one of a long plan
        self.view.verticalHeader().setResizeContentsPrecision(50)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter
        )
        self.lead_action = action(
            self, "Giao chủ trì", lambda: self.assign("lead"), "Ctrl+L", "add"
        )
        self.coord_action = action(
            self, "Giao phối hợp", lambda: self.assign("coordinating"), "Ctrl+P", "add"
        )
        self.remove_action = action(self, "Bỏ giao", self.remove, "Delete", "delete")
        bar = QHBoxLayout()
        for act in (self.lead_action, self.coord_action, self.remove_action):
            bar.addWidget(tool_button(act))
        bar.addStretch(1)
        layout = self.main_layout
        layout.addWidget(hint("CT: chủ trì, PH: phối hợp; màu theo tình trạng hôm nay (xanh: hoàn thành, "
                              "đỏ: quá hạn, xanh nhạt: đang thực hiện). Nhóm đơn vị đã được tách ra từng đơn vị."))  # fmt: skip
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        ctx.plan_changed.connect(lambda _p: self._receive(Changes.everything("", "plan")))

    def wants(self, record: Changes) -> bool:
        """Tasks down, units across, assignments in the cells, coloured by their results."""
        return record.touches(Kind.PLANS, Kind.SECTIONS, Kind.TASKS, Kind.UNITS, Kind.GROUPS,
                              Kind.ASSIGNMENTS, Kind.OCCURRENCES, Kind.RESULTS)  # fmt: skip

    def refresh(self, record: Changes) -> None:
        self.reload()

    def prepare_screenshot(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._pending = None
        plan_id = self.ctx.plan_id
        if plan_id is None:
            self.model.load([], [], {})
            return
        store = self.ctx.store
        tasks, cells = assignment_matrix(store, plan_id, self.today)
        units = [(u.id, u.name, u.short_name) for u in store.org.units(active_only=True)]
        keep = self._current()
        self.model.load(tasks, units, cells)
        # each unit's column as wide as its name's widest line (names are wrapped on up to
        # three lines), so that no name is cut at both ends
        header = self.view.horizontalHeader()
        fm = header.fontMetrics()
        for col in range(len(units)):
            lines = str(self.model.headerData(col, Qt.Orientation.Horizontal)).split("\n")
            header.resizeSection(
                col, min(150, max(52, max(fm.horizontalAdvance(x) for x in lines) + 14))
            )
        if keep is not None:  # the cursor stays on the same task and unit
            rows = [t[0] for t in tasks]
            cols = [u[0] for u in units]
            if keep[0] in rows and keep[1] in cols:
                self.view.setCurrentIndex(
                    self.model.index(rows.index(keep[0]), cols.index(keep[1]))
                )

    def _current(self) -> tuple[int, int] | None:
        idx = self.view.currentIndex()
        if (
            not idx.isValid()
            or idx.row() >= len(self.model.tasks)
            or idx.column() >= len(self.model.units)
        ):
            return None
        return self.model.tasks[idx.row()][0], self.model.units[idx.column()][0]

    def assign(self, role: str) -> None:
        cur = self._current()
        if cur is None:
            return
        cell = self.model.cells.get(cur)
        if cell is not None:
            self.ctx.act(self.ctx.store.tracking.set_assignment_role, cell[0], role,
                         touches=Kind.ASSIGNMENTS, parent=self)  # fmt: skip
        else:
            self.ctx.act(self.ctx.store.tracking.add_assignment, cur[0], cur[1], role,
                         touches=Kind.ASSIGNMENTS, parent=self)  # fmt: skip

    def remove(self) -> None:
        cur = self._current()
        cell = self.model.cells.get(cur) if cur else None
        if cell is not None:
            self.ctx.act(self.ctx.store.tracking.remove_assignment, cell[0], touches=Kind.ASSIGNMENTS,
                         parent=self)  # fmt: skip


def _wrap(text: str, width: int = 14) -> str:
    """A column header on up to three short lines (words kept whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:  # the rest on the third line, shortened with “…” (the tooltip has it all)
        rest = " ".join(lines[2:])
        lines = [
            *lines[:2],
            rest if len(rest) <= width + 2 else rest[: width - 1].rstrip(" ,") + "…",
        ]
    return "\n".join(lines) if len(lines) > 1 or not lines else lines[0]


def _short(name: str) -> str:
    for prefix in ("UBND xã ", "UBND thị trấn ", "UBND phường ", "Phòng "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    for suffix in (" huyện", " tỉnh"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
