"""The “Đơn vị” screen: the office's units and the named groups tasks can name as one entry."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.models import UNIT_KINDS, Unit
from cchc_desktop.core.text import matches
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.dialogs import GroupDialog, UnitDialog
from cchc_desktop.gui.screen import Screen
from cchc_desktop.gui.table_model import Index, TableModel
from cchc_desktop.gui.unit_picker import down_moves_to
from cchc_desktop.gui.widgets import action, ask, hint, run_dialog, tool_button


class UnitsModel(TableModel[Unit]):
    HEADERS = (
        "TT",
        "Tên đơn vị",
        "Viết tắt",
        "Loại",
        "Người liên hệ",
        "Điện thoại",
        "Thư điện tử",
        "Đang dùng",
    )

    def __init__(self) -> None:
        super().__init__()
        self.order: dict[int, int] = {}

    @property
    def units(self) -> list[Unit]:
        return self.rows

    def load(self, units: list[Unit], order: dict[int, int]) -> None:
        with self.resetting():
            self.rows, self.order = units, order

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        u = self.units[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                str(self.order.get(u.id, 0)), u.name, u.short_name, UNIT_KINDS.get(u.kind, u.kind),
                u.contact_person, u.phone, u.email, "Có" if u.active else "Ngừng dùng",
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole and not u.active:
            return QColor("#9e9e9e")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 7):
            return Qt.AlignmentFlag.AlignCenter
        return None


class UnitsScreen(Screen):
    """Create, edit, deactivate and reorder units; manage groups of units."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Đơn vị", parent)
        self.model = UnitsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.edit_unit())

        self.filter_edit = QLineEdit(placeholderText="Lọc đơn vị: gõ không dấu cũng được (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _t: self.reload())
        down_moves_to(self.filter_edit, self.table)  # Down: from the filter into the list
        self.show_inactive = QCheckBox("Hiện cả đơn vị ngừng dùng")
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(lambda _b: self.reload())
        action(self, "Lọc", lambda: self.filter_edit.setFocus(), "Ctrl+F")

        self.add_action = action(self, "Thêm đơn vị", self.add_unit, "Ctrl+N", "add")
        self.edit_action = action(self, "Sửa", self.edit_unit, "F2", "edit")
        self.toggle_action = action(
            self, "Ngừng dùng / Dùng lại", self.toggle_unit, "Ctrl+D", "toggle"
        )
        self.up_action = action(self, "Lên", lambda: self.move(-1), "Ctrl+Up", "up")
        self.down_action = action(self, "Xuống", lambda: self.move(+1), "Ctrl+Down", "down")
        self.sort_action = action(self, "Sắp xếp theo vần", self.sort_units, None, "sort")

        row = QHBoxLayout()
        for act in (self.add_action, self.edit_action, self.toggle_action, self.up_action,
                    self.down_action, self.sort_action):  # fmt: skip
            row.addWidget(tool_button(act))
        row.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.show_inactive)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(row)
        lv.addLayout(filters)
        lv.addWidget(self.table, 1)

        # groups
        self.group_list = QListWidget(objectName="groupList")
        self.group_list.itemDoubleClicked.connect(lambda _i: self.edit_group())
        self.add_group_action = action(self, "Thêm nhóm", self.add_group, "Ctrl+G", "add")
        self.edit_group_action = action(self, "Sửa nhóm", self.edit_group, None, "edit")
        self.delete_group_action = action(self, "Xóa nhóm", self.delete_group, None, "delete")
        gbox = QGroupBox("Nhóm đơn vị")
        gv = QVBoxLayout(gbox)
        gv.addWidget(hint("Một nhiệm vụ có thể giao cho cả nhóm (ví dụ “UBND các xã, thị trấn”); "
                          "khi tính giao việc, nhóm được tách thành từng đơn vị thành viên."))  # fmt: skip
        grow = QHBoxLayout()
        for act in (self.add_group_action, self.edit_group_action, self.delete_group_action):
            grow.addWidget(tool_button(act))
        grow.addStretch(1)
        gv.addLayout(grow)
        gv.addWidget(self.group_list, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(gbox)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 320])

        self.main_layout.addWidget(splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.reload()

    def wants(self, record: Changes) -> bool:
        return record.touches(Kind.UNITS, Kind.GROUPS)

    def refresh(self, record: Changes) -> None:
        self.reload()

    # -- data --------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected()
        all_units = self.ctx.store.org.units()
        order = {u.id: i + 1 for i, u in enumerate(all_units)}
        text = self.filter_edit.text()
        units = [
            u for u in all_units
            if (u.active or self.show_inactive.isChecked())
            and matches(text, u.name, u.short_name, u.contact_person, UNIT_KINDS.get(u.kind, ""))
        ]  # fmt: skip
        self.model.load(units, order)
        if selected:
            self.select_unit(selected.id)
        self.group_list.clear()
        names = {u.id: u.name for u in all_units}
        for g in self.ctx.store.org.groups():
            item = QListWidgetItem(f"{g.name} ({len(g.member_ids)} đơn vị)")
            item.setData(Qt.ItemDataRole.UserRole, g.id)
            item.setToolTip(
                "\n".join(names.get(i, "") for i in g.member_ids) or "Chưa có thành viên"
            )
            self.group_list.addItem(item)
        self._update_actions()

    def select_unit(self, unit_id: int) -> None:
        for row, u in enumerate(self.model.units):
            if u.id == unit_id:
                self.table.selectRow(row)
                return

    def selected(self) -> Unit | None:
        row = self.table.currentIndex().row()
        return self.model.units[row] if 0 <= row < len(self.model.units) else None

    def _update_actions(self) -> None:
        u = self.selected()
        for act in (self.edit_action, self.toggle_action, self.up_action, self.down_action):
            act.setEnabled(u is not None)
        if u is not None:
            self.toggle_action.setText("Dùng lại" if not u.active else "Ngừng dùng")

    def selected_group_id(self) -> int | None:
        item = self.group_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # -- unit actions ------------------------------------------------------------------
    def add_unit(self) -> None:
        dialog = UnitDialog(None, self)
        if run_dialog(dialog):
            v = dialog.values()
            uid = self.ctx.act(self.ctx.store.org.add_unit, v.pop("name"), touches=Kind.UNITS,
                               parent=self, **v)  # fmt: skip
            if uid:
                self.select_unit(uid)

    def edit_unit(self) -> None:
        u = self.selected()
        if u is None:
            return
        dialog = UnitDialog(u, self)
        if run_dialog(dialog):
            self.ctx.act(self.ctx.store.org.update_unit, u.id, touches=Kind.UNITS, parent=self,
                         **dialog.values())  # fmt: skip

    def toggle_unit(self) -> None:
        u = self.selected()
        if u is not None:
            self.ctx.act(self.ctx.store.org.set_unit_active, u.id, not u.active, touches=Kind.UNITS,
                         parent=self)  # fmt: skip

    def move(self, delta: int) -> None:
        u = self.selected()
        if u is not None:
            self.ctx.act(self.ctx.store.org.move_unit, u.id, delta, touches=Kind.UNITS, parent=self)
            self.select_unit(u.id)

    def sort_units(self) -> None:
        self.ctx.act(self.ctx.store.org.sort_units_alphabetically, touches=Kind.UNITS, parent=self)

    # -- group actions -----------------------------------------------------------------
    def add_group(self) -> None:
        dialog = GroupDialog(None, self.ctx.store.org.units(), self)
        if run_dialog(dialog):
            v = dialog.values()
            self.ctx.act(self.ctx.store.org.add_group, v["name"], v["member_ids"], v["note"],
                         touches=Kind.GROUPS, parent=self)  # fmt: skip

    def edit_group(self) -> None:
        gid = self.selected_group_id()
        group = next((g for g in self.ctx.store.org.groups() if g.id == gid), None)
        if group is None:
            return
        dialog = GroupDialog(group, self.ctx.store.org.units(), self)
        if run_dialog(dialog):
            self.ctx.act(self.ctx.store.org.update_group, group.id, touches=Kind.GROUPS, parent=self,
                         **dialog.values())  # fmt: skip

    def delete_group(self) -> None:
        gid = self.selected_group_id()
        group = next((g for g in self.ctx.store.org.groups() if g.id == gid), None)
        if group and ask(
            self, "Xóa nhóm đơn vị",
            f"Xóa nhóm “{group.name}”? Các nhiệm vụ đang giao cho nhóm này sẽ không còn tên nhóm.\n\n"
            "Có thể hoàn tác bằng Ctrl+Z.",
        ):  # fmt: skip
            self.ctx.act(
                self.ctx.store.org.delete_group, group.id, touches=Kind.GROUPS, parent=self
            )
