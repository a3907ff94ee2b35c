"""“Theo đơn vị”: one unit's assignments for a period, with results typed in like a spreadsheet.

This is the screen commune staff use at the office: pick your unit, see what is overdue and
what falls due soon, type what was done.  Every cell saves on its own (one undo step each).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.formatting import fmt_date, fmt_number, parse_date, parse_number
from cchc_desktop.core.models import ROLES
from cchc_desktop.core.periods import opening_day
from cchc_desktop.core.result_entry import (
    completion_date,
    entered_status,
    missing_reason,
    read_completion_date,
)
from cchc_desktop.core.status import BUCKET_NAMES, RESULT_STATUSES, bucket, is_open
from cchc_desktop.core.text import clip
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.frozen_table import FrozenColumnsTable
from cchc_desktop.gui.icons import icon
from cchc_desktop.gui.occurrence_views import BUCKET_BRUSHES, PeriodCombo, result_history_dialog
from cchc_desktop.gui.screen import Screen
from cchc_desktop.gui.table_model import Index, TableModel
from cchc_desktop.gui.theme import styled
from cchc_desktop.gui.unit_picker import UnitSearchCombo
from cchc_desktop.gui.widgets import action, hint, tool_button
from cchc_desktop.store.tracking import OccurrenceRow

FIXED = (
    "STT",
    "Nhiệm vụ",
    "Vai trò",
    "Hạn",
    "Đánh giá theo hạn",
    "Trạng thái",
    "Ngày hoàn thành",
    "Kết quả thực hiện",
    "Lý do không thực hiện",
)
C_BUCKET, C_STATUS, C_DATE, C_TEXT, C_REASON = 4, 5, 6, 7, 8
HEADER_TIPS = {
    C_BUCKET: "Chương trình tự đánh giá từ hạn, trạng thái và ngày hoàn thành, tại ngày tính của kỳ "
    "(hoàn thành đúng hạn, quá hạn, đang thực hiện trong hạn…); không sửa trực tiếp.",
    C_STATUS: "Đơn vị báo: Hoàn thành, Đang thực hiện hoặc Không thực hiện (gõ chữ đầu: H, Đ, K).",
    C_DATE: "Ngày đơn vị hoàn thành việc (dd/mm/yyyy); để trống khi đánh dấu hoàn thành thì "
    "chương trình hỏi ngày, mặc định hôm nay.",
}
_EDITABLE_BRUSH = QBrush(QColor("#fffdf5"))  # cells the unit fills in; one brush for all

STATUS_CHOICES = [("", "— chưa báo cáo —"), *RESULT_STATUSES.items()]


class ResultsGridModel(TableModel[OccurrenceRow]):
    """Occurrences of one unit; editable result columns, one indicator per extra column."""

    def __init__(self, save) -> None:
        super().__init__()
        self.indicators: list[tuple[str, str]] = []
        self.cutoff = date.today()
        self.save = save  # callable(row: OccurrenceRow, **changes) -> bool
        self._headers: list[str] = [*FIXED, "Minh chứng"]

    def load(
        self, rows: list[OccurrenceRow], indicators: list[tuple[str, str]], cutoff: date
    ) -> None:
        with self.resetting():
            self.rows, self.indicators, self.cutoff = rows, indicators, cutoff
            self._headers = [*FIXED, *(name for _code, name in indicators), "Minh chứng"]

    def headers(self) -> list[str]:
        return self._headers

    def header_tip(self, section: int) -> str | None:
        return HEADER_TIPS.get(section) or self._headers[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and C_STATUS <= index.column() < len(FIXED) + len(self.indicators):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        b = bucket(r.due, r.status, r.completed_on, self.cutoff)
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            if col < len(FIXED):
                due = fmt_date(r.due) + (" (cũ)" if r.detached else "")
                text = (r.task_number, r.task_content, ROLES.get(r.role, r.role), due, BUCKET_NAMES[b],
                        RESULT_STATUSES.get(r.status or "", "" if role != Qt.ItemDataRole.EditRole else ""),
                        fmt_date(r.completed_on), r.description, r.reason)[col]  # fmt: skip
                if role == Qt.ItemDataRole.DisplayRole and "\n" in text:
                    # a returned workbook's cell may hold several lines: drawn in a one-line
                    # row they were centred, their capitals and the last line cut off
                    return " ".join(text.split())
                return text
            if col < len(FIXED) + len(self.indicators):
                value = r.values.get(self.indicators[col - len(FIXED)][0])
                return fmt_number(value) if value is not None else ""
            return str(r.evidence_count) if r.evidence_count else ""
        if (
            role == Qt.ItemDataRole.DecorationRole
            and col == self.columnCount() - 1
            and r.evidence_count
        ):
            return icon("file")
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == 4:
                return BUCKET_BRUSHES[b]
            if self.flags(index) & Qt.ItemFlag.ItemIsEditable:
                return _EDITABLE_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= len(FIXED):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.UserRole:
            return r.status or ""
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        r, col = self.rows[index.row()], index.column()
        text = str(value or "").strip()
        if col == C_STATUS:
            return self.save(r, status=text or None)
        if col == C_DATE:
            day, problem = read_completion_date(text)
            if problem:
                return self.save(r, error=problem)
            return self.save(r, completed_on=day)
        if col == C_TEXT:
            return self.save(r, description=text)
        if col == C_REASON:
            return self.save(r, reason=text)
        code = self.indicators[col - len(FIXED)][0]
        number = parse_number(text) if text else None
        if text and (number is None or number < 0):
            return self.save(r, error=f"“{text}” không phải số không âm (ví dụ 1.234).")
        # only this figure: the others are merged from what is stored when it is saved (a row
        # shown before the previous cell's save was reloaded must not wipe that cell's figure)
        return self.save(r, value=(code, number))

    def refresh_row(self, fresh: OccurrenceRow) -> None:
        """Show a row as saved now, without resetting the model (an editor may be open)."""
        for i, r in enumerate(self.rows):
            if r.id == fresh.id:
                self.rows[i] = fresh
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
                return


class StatusDelegate(QStyledItemDelegate):
    """A drop-down for the status column; typing a letter picks (h: hoàn thành…)."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        for code, name in STATUS_CHOICES:
            combo.addItem(name, code)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.UserRole))))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class EvidenceDialog(QDialog):
    """Files (copied into the data folder, opened with the system's viewer) and links."""

    def __init__(
        self, ctx: AppContext, result_id: int, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.result_id = ctx, result_id
        self.setWindowTitle(f"Minh chứng — {title}")
        self.resize(640, 380)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _i: self.open_item())
        row = QHBoxLayout()
        for text, slot in (("Thêm tệp…", self.add_file), ("Thêm đường dẫn…", self.add_link),
                           ("Mở", self.open_item), ("Xóa", self.delete_item)):  # fmt: skip
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                "Tệp được chép vào thư mục dữ liệu kèm mã kiểm tra; có thể xóa bản gốc sau khi thêm."
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for e in self.ctx.store.results.evidence(self.result_id):
            ok = e.kind == "link" or self.ctx.store.results.verify_evidence(e)
            # drawn icons, not emoji: office PCs often have no font with those characters
            text = e.name + ("" if ok else " (tệp bị thiếu hoặc đã thay đổi!)")
            item = QListWidgetItem(icon("link" if e.kind == "link" else "file"), text)
            item.setData(Qt.ItemDataRole.UserRole, e)
            item.setToolTip(e.url or e.path)
            self.list.addItem(item)

    def add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp minh chứng")
        if path:
            self.ctx.act(self.ctx.store.results.add_evidence_file, self.result_id, path,
                         touches=Kind.EVIDENCE, parent=self)  # fmt: skip
            self.reload()

    def add_link(self) -> None:
        url, ok = QInputDialog.getText(self, "Thêm đường dẫn", "Địa chỉ (URL) của minh chứng:")
        if ok and url.strip():
            self.ctx.act(self.ctx.store.results.add_evidence_link, self.result_id, url,
                         touches=Kind.EVIDENCE, parent=self)  # fmt: skip
            self.reload()

    def open_item(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        e = item.data(Qt.ItemDataRole.UserRole)
        if e.kind == "link":
            QDesktopServices.openUrl(QUrl(e.url))
            return
        path = self.ctx.store.results.evidence_path(e)  # None: not a file inside the evidence store
        if path is None or not path.is_file():
            from PySide6.QtWidgets import QMessageBox  # as elsewhere here: loaded when needed

            QMessageBox.warning(
                self, "Không mở được minh chứng",
                f"Tệp minh chứng “{e.name}” không còn trong thư mục dữ liệu hoặc không phải tệp "
                "do chương trình lưu; hãy đính kèm lại.",
            )  # fmt: skip
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def delete_item(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.ctx.act(self.ctx.store.results.delete_evidence, item.data(Qt.ItemDataRole.UserRole).id,
                         touches=Kind.EVIDENCE, parent=self)  # fmt: skip
            self.reload()


class UnitWorkScreen(Screen):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(ctx, "Theo đơn vị: việc được giao và kết quả", parent, loaded=False)
        self.today = today or date.today()
        self.unit_combo = UnitSearchCombo()
        self.unit_combo.setObjectName("unitCombo")
        self.unit_combo.setMinimumWidth(320)
        self.unit_combo.setToolTip(
            "Gõ một phần tên đơn vị, không dấu cũng được (an hoa → An Hòa); Enter để chọn"
        )
        self.unit_combo.chosen.connect(lambda _uid: self.reload())
        self.unit_combo.message.connect(self._say)
        self.period_combo = PeriodCombo()
        self.scope = QComboBox()
        self.scope.addItem("Việc có hạn trong kỳ đã chọn", "period")
        self.scope.addItem("Cả năm", "year")
        for w in (self.period_combo, self.scope):
            w.currentIndexChanged.connect(lambda _i: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel("Đơn vị:"))
        top.addWidget(self.unit_combo)
        top.addWidget(QLabel("Kỳ:"))
        top.addWidget(self.period_combo)
        top.addWidget(self.scope)
        top.addStretch(1)
        self.summary = styled(QLabel(objectName="unitSummary"))
        self.summary.setWordWrap(True)

        self.model = ResultsGridModel(self._save)
        # STT and the task stay in sight when the figures are scrolled into view
        self.grid = FrozenColumnsTable(2, objectName="resultsGrid")
        self.grid.setModel(self.model)
        self.grid.setItemDelegateForColumn(C_STATUS, StatusDelegate(self.grid))
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )  # fmt: skip
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().setVisible(False)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Never narrower than the column's title, nor the bucket column than its longest name,
        # in the font in use (fonts differ from PC to PC).
        longest_bucket = (
            self.grid.fontMetrics().horizontalAdvance(max(BUCKET_NAMES.values(), key=len)) + 12
        )
        for col, width in enumerate((60, 330, 80, 90, longest_bucket, 120, 110, 260, 160)):
            header.resizeSection(col, max(width, header.sectionSizeHint(col)))
        self.grid.refresh_frozen()
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.evidence_action = action(self, "Minh chứng…", self.open_evidence, "Ctrl+E", "open")
        self.history_action = action(self, "Lịch sử…", self.open_history, "Ctrl+H", "search")
        self.event_action = action(
            self, "Thêm lần phát sinh…", self.add_event, "Ctrl+Shift+E", "add"
        )
        self.done_action = action(
            self, "Đánh dấu hoàn thành…", self.mark_done_today, "Ctrl+Return", "edit"
        )
        self.done_action.setToolTip(
            "Đánh dấu hoàn thành: hỏi ngày hoàn thành, mặc định hôm nay (Ctrl+Enter)"
        )
        self.reattach_action = action(self, "Gắn lại kết quả…", self.reattach, "Ctrl+R", "redo")
        self.export_action = action(
            self, "Xuất phiếu giao việc…", self.export_sheets, "Ctrl+Shift+X", "copy"
        )
        self.import_action = action(
            self, "Nhận phiếu đã điền…", self.import_results, "Ctrl+O", "open"
        )
        from cchc_desktop.gui.printing import add_print_shortcut, print_unit_sheet

        add_print_shortcut(self, lambda: print_unit_sheet(self))  # Ctrl+P: the unit's sheet
        bar = QHBoxLayout()
        for act in (self.done_action, self.evidence_action, self.history_action, self.event_action):
            bar.addWidget(tool_button(act))
        bar.addStretch(1)
        for act in (self.export_action, self.import_action):
            bar.addWidget(tool_button(act))
        # the same actions on the grid's right-click menu
        for act in (self.done_action, self.evidence_action, self.history_action, self.event_action,
                    self.reattach_action, self.export_action, self.import_action):  # fmt: skip
            self.grid.addAction(act)

        layout = self.main_layout
        layout.addWidget(hint(
            "Chọn đơn vị và kỳ báo cáo. Gõ thẳng vào ô như bảng tính: Trạng thái (gõ chữ đầu: H, Đ, K), "
            "Ngày hoàn thành dạng dd/mm/yyyy, Kết quả, số liệu. Enter để lưu, Tab lưu và sang ô bên phải. "
            "“Xuất phiếu giao việc” làm phiếu Excel cho từng đơn vị; “Nhận phiếu đã điền” nhập phiếu gửi lại."
        ))  # fmt: skip
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        ctx.plan_changed.connect(lambda _p: self._reset())
        self._due = False  # a reload waits for the edit that asked for it to be over
        self._reset()

    # -- loading -----------------------------------------------------------------------
    def _reset(self) -> None:
        self.unit_combo.set_units(
            [(u.id, u.name) for u in self.ctx.store.org.units(active_only=True)]
        )
        if self.ctx.plan_id is not None:
            year = self.ctx.store.catalogue.plan(self.ctx.plan_id).year
            self.period_combo.blockSignals(True)
            self.period_combo.set_year(year, self.ctx.store.settings.period_rules())
            self.period_combo.select_containing(opening_day(year, self.today))
            self.period_combo.blockSignals(False)
        self._receive(Changes.everything("", "plan"))

    def wants(self, record: Changes) -> bool:
        """The unit's work: tasks, assignments, due dates, results and their evidence, and the
        indicators and periods of the settings."""
        return record.touches(
            Kind.PLANS, Kind.SECTIONS, Kind.TASKS, Kind.UNITS, Kind.ASSIGNMENTS,
            Kind.OCCURRENCES, Kind.RESULTS, Kind.EVIDENCE,
        ) or record.touches_setting("terms.indicators", "period_rules")  # fmt: skip

    def refresh(self, record: Changes) -> None:
        # later, not inside the edit that caused it: a reset during a commit loses the editor
        self._due = True
        QTimer.singleShot(0, self._reload_if_due)

    def _reload_if_due(self) -> None:
        if not self._due:
            return
        if self.grid.state() == QAbstractItemView.State.EditingState:
            QTimer.singleShot(30, self._reload_if_due)  # never reset under an open editor
            return
        self.reload()

    def activated(self) -> None:
        if self._due or self.stale:
            self.reload()

    def prepare_screenshot(self) -> None:
        """Show a commune: the screen commune staff use."""
        commune = next(
            (u for u in self.ctx.store.org.units(active_only=True) if u.kind == "commune"), None
        )
        if commune is not None:
            self.unit_combo.select_unit(commune.id, notify=False)
        self.reload()

    def show_unit(self, unit_id: int, due: date | None = None) -> None:
        self.unit_combo.select_unit(unit_id, notify=False)  # one reload, below
        if due is not None:
            self.period_combo.select_containing(due)
        self.reload()

    def reload(self) -> None:
        self._due, self._pending = False, None
        unit_id = self.unit_combo.unit_id()
        plan_id = self.ctx.plan_id
        if unit_id is None or plan_id is None or self.period_combo.count() == 0:
            self.model.load([], [], self.today)
            self.summary.setText("Chưa có kế hoạch hoặc đơn vị.")
            return
        period = self.period_combo.current()
        cutoff = min(period.end, self.today)
        store = self.ctx.store
        if self.scope.currentData() == "year":
            rows = store.tracking.occurrence_rows(plan_id, unit_id)
        else:
            rows = store.tracking.rows_in_period(plan_id, period, unit_id)
        keep = self._current()
        indicators = [(t.code, t.name) for t in store.settings.terms("indicators")]
        self.model.load(rows, indicators, cutoff)
        year_rows = store.tracking.occurrence_rows(plan_id, unit_id)
        overdue = [
            r for r in year_rows if bucket(r.due, r.status, r.completed_on, self.today) == "overdue"
        ]
        # “due soon” is about the days ahead: only while the period chosen is still running
        current = period.start <= self.today <= period.end
        soon = [
            r
            for r in year_rows
            if r.due
            and self.today <= r.due <= self.today + timedelta(days=14)
            and is_open(r.status)
        ]
        lead = len({r.task_id for r in year_rows if r.role == "lead"})
        coord = len({r.task_id for r in year_rows if r.role == "coordinating"})
        soon_text = (f"Đến hạn trong 14 ngày tới: <b>{fmt_number(len(soon))}</b> · " if current else
                     f"Kỳ đã qua (tính đến {fmt_date(cutoff)}) · ")  # fmt: skip
        self.summary.setText(
            f"<b>{self.unit_combo.currentText()}</b>: chủ trì {lead} nhiệm vụ, phối hợp {coord} nhiệm vụ trong năm. "
            f"<span style='color:#b71c1c'><b>Quá hạn trong năm (đến hôm nay): {fmt_number(len(overdue))}</b></span> · "
            f"{soon_text}Trong danh sách: {fmt_number(len(rows))} lần thực hiện."
        )
        self._restore(keep)

    def _current(self) -> tuple[int, int] | None:
        idx = self.grid.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.model.rows):
            return None
        return self.model.rows[idx.row()].id, idx.column()

    def _restore(self, keep: tuple[int, int] | None) -> None:
        if keep is None:
            return
        for row, r in enumerate(self.model.rows):
            if r.id == keep[0]:
                self.grid.setCurrentIndex(self.model.index(row, keep[1]))
                return

    def current_row(self) -> OccurrenceRow | None:
        idx = self.grid.currentIndex()
        return (
            self.model.rows[idx.row()]
            if idx.isValid() and idx.row() < len(self.model.rows)
            else None
        )

    # -- saving ------------------------------------------------------------------------
    def _save(self, r: OccurrenceRow, error: str | None = None, **changes: Any) -> bool:
        """Merge one cell's change into the occurrence's result and save it.

        What the entry means (its status, its completion date) is decided by
        :mod:`cchc_desktop.core.result_entry`, as for a returned workbook.
        """
        if error:
            self._warn(error)
            return False
        self._ask_staff_name()
        r = self.ctx.store.tracking.occurrence(
            r.id
        )  # merge into what is stored now, not a stale row
        values = dict(r.values)
        if "value" in changes:
            code, number = changes.pop("value")
            if number is None:
                values.pop(code, None)
            else:
                values[code] = number
            changes["values"] = values
        description = changes.get("description", r.description)
        reason = changes.get("reason", r.reason)
        stated = changes.get("completed_on", r.completed_on)
        values = changes.get("values", r.values)
        status = changes["status"] if "status" in changes else entered_status(
            r.status, stated, description, reason, values
        )  # fmt: skip
        if status == "done" and stated is None:
            stated = self.ask_completion_date(r)
            if stated is None:
                return False  # cancelled or refused: the cell stays as it was
        completed = completion_date(status, stated, self.today)
        if missing_reason(status, reason):  # core.result_entry: ask rather than refuse
            reason, ok = QInputDialog.getText(self, "Không thực hiện", "Lý do không thực hiện:")
            if not ok or not reason.strip():
                return False
        with self.ctx.operation(Kind.RESULTS, parent=self, failure="Chưa lưu") as op:
            self.ctx.store.results.set_result(r.id, status, completed, reason=reason,
                                      description=description, values=values)  # fmt: skip
            # the row as saved, before the other screens hear of it (an editor may be open)
            self.model.refresh_row(self.ctx.store.tracking.occurrence(r.id))
        return op.ok

    def ask_completion_date(self, r: OccurrenceRow) -> date | None:
        """The day the work was done, as the user states it: today is offered, and may be
        changed; ``None`` when cancelled or not a real date (with a message)."""
        text, ok = QInputDialog.getText(
            self, "Hoàn thành",
            f"Ngày hoàn thành “{clip(r.task_content, 60)}” (hạn {fmt_date(r.due) or 'không có'}), dạng dd/mm/yyyy:",
            text=fmt_date(self.today),
        )  # fmt: skip
        if not ok:
            return None
        day, problem = read_completion_date(text)
        if day is None:
            self._warn(problem or "Hãy nhập ngày hoàn thành, dạng dd/mm/yyyy.")
        return day

    def _warn(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "Chưa lưu", text)

    def _say(self, text: str) -> None:
        window = self.window_actions()
        if window is not None:
            window.tell(text)
        self.unit_combo.setToolTip(text)

    def _ask_staff_name(self) -> None:
        """Who is entering results: asked once per sitting (commune staff share the office PC),
        so that the history credits the person, not the office's user."""
        if self.ctx.store.settings.sitting_user() is not None:
            return
        office = self.ctx.store.org.office()
        fallback = office.user_name if office and office.user_name else "người dùng của máy"
        name, ok = QInputDialog.getText(
            self, "Người nhập kết quả",
            "Họ tên người nhập kết quả, ghi vào lịch sử (chỉ hỏi một lần mỗi lần mở chương trình;\n"
            f"để trống thì ghi tên {fallback}):",
        )  # fmt: skip
        self.ctx.store.settings.set_sitting_user(name if ok else "")

    def mark_done_today(self) -> None:
        """Mark the row done: the completion date is asked (today offered), never the due date."""
        r = self.current_row()
        if r is not None:
            self._save(r, status="done")

    def open_evidence(self) -> None:
        r = self.current_row()
        if r is None:
            return
        if r.result_id is None:
            if not self._save(r, status="in_progress"):
                return
            r = self.ctx.store.tracking.occurrence(r.id)
        EvidenceDialog(self.ctx, r.result_id, r.task_content[:60], self).exec()

    def open_history(self) -> None:
        """The history of the result at hand: this unit's entry for this occurrence."""
        r = self.current_row()
        if r is not None:
            self.history_dialog = result_history_dialog(self.ctx.store, r, self)
            self.history_dialog.exec()

    def reattach(self) -> None:
        """Move the result of an occurrence the timeline no longer produces (marked “cũ”)."""
        from PySide6.QtWidgets import QMessageBox

        r = self.current_row()
        if r is None or not r.detached:
            QMessageBox.information(self, "Gắn lại kết quả", "Chọn một dòng có hạn ghi “(cũ)”: kết quả của lần "
                                    "thực hiện không còn trong lịch mới.")  # fmt: skip
            return
        targets = [o for o in self.ctx.store.tracking.occurrence_rows(r.plan_id, r.unit_id)
                   if o.assignment_id == r.assignment_id and not o.detached and o.result_id is None]  # fmt: skip
        if not targets:
            QMessageBox.information(
                self, "Gắn lại kết quả", "Không còn lần thực hiện nào chưa có kết quả."
            )
            return
        labels = [f"{o.label}" for o in targets]
        choice, ok = QInputDialog.getItem(
            self, "Gắn lại kết quả", "Gắn kết quả vào lần:", labels, 0, False
        )
        if ok:
            target = targets[labels.index(choice)]
            self.ctx.act(self.ctx.store.results.reattach_result, r.id, target.id, touches=Kind.RESULTS,
                         parent=self)  # fmt: skip

    def export_sheets(self, folder: Path | None = None) -> None:
        """One workbook (and PDF) per unit with work due in the chosen period, off the GUI thread."""
        from PySide6.QtWidgets import QMessageBox

        from cchc_desktop.gui.runner import reading, run

        if self.ctx.plan_id is None:
            return
        folder = folder or (lambda f: Path(f) if f else None)(
            QFileDialog.getExistingDirectory(self, "Lưu phiếu vào thư mục")
        )
        if folder is None:
            return
        plan_id, period = self.ctx.plan_id, self.period_combo.current()

        def job(store, progress) -> list[Path]:
            from cchc_desktop.exchange.unit_sheets import export_unit_sheets

            return export_unit_sheets(store, plan_id, period, folder, progress=progress)

        def done(paths: list[Path]) -> None:
            self.last_sheets = paths
            QMessageBox.information(
                self, "Đã xuất", f"Đã lưu {len(paths)} tệp phiếu giao nhiệm vụ vào {folder}."
            )

        self._runner = run(self, f"Xuất phiếu giao nhiệm vụ {period.name}", reading(self.ctx.store.path, job),
                           done=done, failed=lambda m: QMessageBox.warning(self, "Chưa xuất được", m))  # fmt: skip

    def import_results(self) -> None:
        window = self.window_actions()
        if window is not None:
            window.open_import()
        else:
            from cchc_desktop.gui.import_dialog import ImportDialog

            ImportDialog(self.ctx, [], self).show()

    def add_event(self) -> None:
        r = self.current_row()
        if r is None:
            return
        text, ok = QInputDialog.getText(
            self, "Thêm lần phát sinh", "Ngày thực hiện (dd/mm/yyyy):", text=fmt_date(self.today)
        )
        if ok:
            d = parse_date(text)
            if d is None:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, "Chưa lưu", f"Ngày “{text}” không hợp lệ.")
                return
            self.ctx.act(self.ctx.store.tracking.add_event_occurrence, r.assignment_id, d,
                         touches=Kind.OCCURRENCES, parent=self)  # fmt: skip
