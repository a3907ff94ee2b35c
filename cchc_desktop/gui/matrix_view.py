"""“Giao việc”: the task × unit matrix of the plan (CT = chủ trì, PH = phối hợp, coloured by status).

The model answers from dictionaries, read a block of tasks at a time as the view first asks
for a cell of the block: a province's matrix is twenty thousand cells, a screen shows a few
hundred, so the first visit reads a screenful and scrolling reads the rest once.
Space / Delete change the assignment under the cursor.
"""

from __future__ import annotations

from collections.abc import Callable
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
from cchc_desktop.store.dashboard import MatrixCell as Cell
from cchc_desktop.store.dashboard import matrix_cells, matrix_tasks

SHORT = {"lead": "CT", "coordinating": "PH"}
BLOCK = 16  # tasks whose cells are read together: some 5 ms on a province, a screenful in two


class MatrixModel(TableModel[tuple[int, str, str]]):
    """Tasks down (id, number, content), units across (id, name, short name); a cell's
    assignment read with its block of :data:`BLOCK` tasks the first time one is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.units: list[tuple[int, str, str]] = []  # id, name, short name
        self._cells: dict[tuple[int, int], Cell] = {}  # (task, unit) -> cell, blocks read so far
        self._blocks: set[int] = set()  # the blocks read
        self._read: Callable[[list[int]], dict[tuple[int, int], Cell]] = lambda _ids: {}
        self._row_of: dict[int, int] = {}  # task id -> row
        self._headers: list[str] = []

    @property
    def tasks(self) -> list[tuple[int, str, str]]:
        return self.rows

    def load(self, tasks, units, read: Callable[[list[int]], dict[tuple[int, int], Cell]]) -> None:
        """New rows and columns; ``read`` gives the cells of a list of task ids."""
        with self.resetting():
            self.rows, self.units, self._read = tasks, units, read
            self._cells, self._blocks = {}, set()
            self._row_of = {t[0]: row for row, t in enumerate(tasks)}
            self._headers = [_wrap(short or _short(name)) for _id, name, short in units]

    def cell_at(self, task_id: int, unit_id: int) -> Cell | None:
        """The assignment of ``unit_id`` to ``task_id``, if any."""
        row = self._row_of.get(task_id)
        if row is None:
            return None
        self._read_block(row // BLOCK)
        return self._cells.get((task_id, unit_id))

    def every_cell(self) -> dict[tuple[int, int], Cell]:
        """Every assigned cell, reading the blocks not read yet."""
        for first_row in range(0, len(self.rows), BLOCK):
            self._read_block(first_row // BLOCK)
        return dict(self._cells)

    def _read_block(self, block: int) -> None:
        if block not in self._blocks:
            self._blocks.add(block)
            tasks = self.rows[block * BLOCK : (block + 1) * BLOCK]
            self._cells.update(self._read([t[0] for t in tasks]))

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

    def cell(self, index: Index) -> Cell | None:
        return self.cell_at(self.tasks[index.row()][0], self.units[index.column()][0])

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
            self.model.load([], [], lambda _ids: {})
            return
        store, today = self.ctx.store, self.today
        tasks = matrix_tasks(store, plan_id)
        units = [(u.id, u.name, u.short_name) for u in store.org.units(active_only=True)]
        keep = self._current()
        self.model.load(
            tasks, units, lambda ids: {} if store.closed else matrix_cells(store, ids, today)
        )
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
        cell = self.model.cell_at(*cur)
        if cell is not None:
            self.ctx.act(self.ctx.store.tracking.set_assignment_role, cell[0], role,
                         touches=Kind.ASSIGNMENTS, parent=self)  # fmt: skip
        else:
            self.ctx.act(self.ctx.store.tracking.add_assignment, cur[0], cur[1], role,
                         touches=Kind.ASSIGNMENTS, parent=self)  # fmt: skip

    def remove(self) -> None:
        cur = self._current()
        cell = self.model.cell_at(*cur) if cur else None
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
