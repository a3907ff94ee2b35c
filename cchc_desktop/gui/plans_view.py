"""The “Kế hoạch” screen: the office's plans, year by year."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.formatting import fmt_date
from cchc_desktop.core.models import PLAN_STATUSES, Plan
from cchc_desktop.core.text import clip
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.dialogs import PlanDialog
from cchc_desktop.gui.printing import add_print_shortcut, print_plan
from cchc_desktop.gui.screen import Screen
from cchc_desktop.gui.table_model import Index, TableModel
from cchc_desktop.gui.widgets import action, ask, hint, run_dialog, tool_button


class PlansModel(TableModel[Plan]):
    HEADERS = (
        "Năm",
        "Số, ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Trạng thái",
        "Số mục",
        "Số nhiệm vụ",
    )

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[int, tuple[int, int]] = {}

    @property
    def plans(self) -> list[Plan]:
        return self.rows

    def load(self, plans: list[Plan], counts: dict[int, tuple[int, int]]) -> None:
        with self.resetting():
            self.rows, self.counts = plans, counts

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.plans[index.row()]
        sections, tasks = self.counts.get(p.id, (0, 0))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                str(p.year), p.number, fmt_date(p.issued_on), p.title,
                PLAN_STATUSES.get(p.status, p.status), str(sections), str(tasks),
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 5, 6):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.UserRole:
            return p.id
        return None

    def row_of(self, plan_id: int | None) -> int:
        return next((i for i, p in enumerate(self.plans) if p.id == plan_id), -1)


class CopyPlanDialog(QDialog):
    """Next year's plan from this one: the year, and which unfinished tasks to carry over
    (work done once is ticked; ongoing and recurring work repeats in the copy anyway)."""

    def __init__(self, plan: Plan, unfinished: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tạo kế hoạch từ năm trước")
        self.year_spin = QSpinBox(minimum=2000, maximum=2100, value=plan.year + 1)
        self.list = QListWidget()
        for u in unfinished:
            units = ", ".join(u.unit_names[:3]) + (
                f" và {len(u.unit_names) - 3} đơn vị khác" if len(u.unit_names) > 3 else ""
            )
            item = QListWidgetItem(
                f"{u.number}. {clip(u.content, 90)} — {u.timeline} — chưa xong: {units}"
            )
            item.setData(Qt.ItemDataRole.UserRole, u.task_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if u.one_off else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(
            f"Chép “{plan.title}” (năm {plan.year}) và toàn bộ danh mục sang năm:", self.year_spin
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(
            "Chỉ năm của chính kế hoạch được đổi (tiêu đề, thời gian thực hiện); văn bản được trích dẫn, "
            "“giai đoạn 2021-2030” giữ nguyên. "
            + (f"{len(unfinished)} nhiệm vụ còn đơn vị chưa hoàn thành: đánh dấu để chuyển sang kế hoạch mới "
               "(mục cuối, giao cho đơn vị chưa hoàn thành, hạn quý I)." if unfinished
               else "Mọi nhiệm vụ đã hoàn thành.")
        ))  # fmt: skip
        if unfinished:
            layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(760, 460 if unfinished else 160)

    def year(self) -> int:
        return self.year_spin.value()

    def carried(self) -> list[int]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]


class PlansScreen(Screen):
    """List, create, edit, copy and delete plans; choosing one makes it the current plan."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Kế hoạch tuyên truyền cải cách hành chính", parent)
        self.model = PlansModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.edit_plan())

        self.add_action = action(self, "Thêm kế hoạch", self.add_plan, "Ctrl+N", "add")
        self.edit_action = action(self, "Sửa", self.edit_plan, "F2", "edit")
        self.copy_action = action(
            self, "Tạo từ kế hoạch năm trước…", self.copy_plan, "Ctrl+Shift+C", "copy"
        )
        self.delete_action = action(self, "Xóa", self.delete_plan, "Delete", "delete")
        self.open_action = action(
            self, "Mở danh mục nhiệm vụ", self.open_catalogue, "Ctrl+Return", "catalogue"
        )
        add_print_shortcut(self, lambda: print_plan(self))  # Ctrl+P: the plan's document

        buttons = QHBoxLayout()
        for act in (
            self.add_action,
            self.edit_action,
            self.copy_action,
            self.delete_action,
            self.open_action,
        ):
            buttons.addWidget(tool_button(act))
        buttons.addStretch(1)

        layout = self.main_layout
        layout.addWidget(hint(
            "Mỗi năm một kế hoạch. Chọn một kế hoạch để làm việc với danh mục nhiệm vụ của nó; "
            "“Tạo từ kế hoạch năm trước” chép cả danh mục sang năm mới (bản dự thảo)."
        ))  # fmt: skip
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        ctx.plan_changed.connect(lambda _pid: self._select(ctx.plan_id))
        self.reload()

    # -- data --------------------------------------------------------------------------
    def wants(self, record: Changes) -> bool:
        return record.touches(Kind.PLANS, Kind.SECTIONS, Kind.TASKS)  # the list and its counts

    def refresh(self, record: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        self.model.load(self.ctx.store.catalogue.plans(), self.ctx.store.catalogue.plan_counts())
        self._select(self.ctx.plan_id)
        self._update_actions()

    def _select(self, plan_id: int | None) -> None:
        row = self.model.row_of(plan_id)
        if row >= 0 and self.table.currentIndex().row() != row:
            self.table.selectRow(row)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.ctx.set_plan(self.model.plans[current.row()].id)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.selected() is not None
        for act in (self.edit_action, self.copy_action, self.delete_action, self.open_action):
            act.setEnabled(has)

    def selected(self) -> Plan | None:
        row = self.table.currentIndex().row()
        return self.model.plans[row] if 0 <= row < len(self.model.plans) else None

    # -- actions -----------------------------------------------------------------------
    def add_plan(self) -> None:
        dialog = PlanDialog(None, self.ctx.store.org.office(), self)
        if run_dialog(dialog):
            v = dialog.values()
            new_id = self.ctx.act(self.ctx.store.catalogue.add_plan, v.pop("year"), v.pop("title"),
                                  touches=Kind.PLANS, parent=self, **v)  # fmt: skip
            if new_id:
                self.ctx.set_plan(new_id)

    def edit_plan(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        dialog = PlanDialog(
            plan,
            self.ctx.store.org.office(),
            self,
            self.ctx.store.catalogue.plan_section_defaults(plan.id),
        )
        if run_dialog(dialog):
            self.ctx.act(self.ctx.store.catalogue.update_plan, plan.id, touches=Kind.PLANS, parent=self,
                         **dialog.values())  # fmt: skip

    def copy_plan(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        dialog = CopyPlanDialog(plan, self.ctx.store.catalogue.unfinished_tasks(plan.id), self)
        if not run_dialog(dialog):
            return
        year, carry = dialog.year(), dialog.carried()
        taken = self.ctx.store.catalogue.plans_of_year(year)
        if taken and not ask(
            self, "Năm đã có kế hoạch",
            f"Năm {year} đã có kế hoạch “{taken[0].title}”. Vẫn tạo thêm một kế hoạch thứ hai "
            f"cho năm {year}?",
        ):  # fmt: skip
            return
        new_id = self.ctx.act(
            self.ctx.store.catalogue.copy_plan, plan.id, year, carry, bool(taken), parent=self,
            touches=(Kind.PLANS, Kind.SECTIONS, Kind.TASKS, Kind.ASSIGNMENTS, Kind.OCCURRENCES),
        )  # fmt: skip
        if new_id:
            self.ctx.set_plan(new_id)

    def delete_plan(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        sections, tasks = self.model.counts.get(plan.id, (0, 0))
        text = (
            f"Xóa kế hoạch “{plan.title}” (năm {plan.year}) cùng {sections} mục và {tasks} nhiệm vụ?\n\n"
            "Có thể hoàn tác bằng Ctrl+Z."
        )
        if ask(self, "Xóa kế hoạch", text):
            self.ctx.act(
                self.ctx.store.catalogue.delete_plan, plan.id, touches=Kind.PLANS, parent=self
            )

    def open_catalogue(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        self.ctx.set_plan(plan.id)
        window = self.window_actions()
        if window is not None:
            window.show_screen("danh-muc")
