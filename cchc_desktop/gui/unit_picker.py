"""Choosing a task's lead or coordinating units: single units or whole groups."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.models import UnitRef
from cchc_desktop.core.text import matches
from cchc_desktop.store.store import Store

_ROLE = Qt.ItemDataRole.UserRole


class UnitChoiceDialog(QDialog):
    """A filterable checklist of groups (first) and active units."""

    def __init__(
        self, store: Store, chosen: list[UnitRef], title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 600)
        self.filter_edit = QLineEdit(placeholderText="Lọc: gõ không dấu cũng được")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        keys = {(r.kind, r.id) for r in chosen}
        for g in store.groups():
            self._add(
                UnitRef("group", g.id, g.name), f"{g.name} ({len(g.member_ids)} đơn vị)", keys
            )
        for u in store.units(active_only=True):
            self._add(UnitRef("unit", u.id, u.name), u.name, keys)
        # keep entries that are no longer active but still named by the task
        for r in chosen:
            if not any(
                self._ref(self.list.item(i)) == (r.kind, r.id) for i in range(self.list.count())
            ):
                self._add(r, f"{r.name} (ngừng dùng)", keys)
        self.filter_edit.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.filter_edit.setFocus()

    def _add(self, ref: UnitRef, text: str, keys: set) -> None:
        item = QListWidgetItem(text)
        item.setData(_ROLE, (ref.kind, ref.id, ref.name))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(
            Qt.CheckState.Checked if (ref.kind, ref.id) in keys else Qt.CheckState.Unchecked
        )
        if ref.kind == "group":
            f = item.font()
            f.setBold(True)
            item.setFont(f)
        self.list.addItem(item)

    @staticmethod
    def _ref(item: QListWidgetItem) -> tuple[str, int]:
        kind, rid, _name = item.data(_ROLE)
        return kind, rid

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not matches(text, item.text()))

    def set_checked(self, names: list[str]) -> None:
        """Check entries by name (used by tests and keyboard users alike)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(_ROLE)[2] in names:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[UnitRef]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                kind, rid, name = item.data(_ROLE)
                out.append(UnitRef(kind, rid, name))
        return out


class UnitPicker(QWidget):
    """Shows the chosen units and groups; “Chọn…” opens the checklist."""

    changed = Signal(list)

    def __init__(self, store: Store, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.title = store, title
        self.refs: list[UnitRef] = []
        self.label = QLabel("—")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton("Chọn…")
        self.button.setToolTip(f"Chọn {title.lower()}")
        self.button.clicked.connect(self.choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def set_refs(self, refs: list[UnitRef]) -> None:
        self.refs = list(refs)
        self.label.setText("; ".join(r.name for r in refs) if refs else "— chưa chọn —")

    def dialog(self) -> UnitChoiceDialog:
        return UnitChoiceDialog(self.store, self.refs, self.title, self)

    def choose(self) -> None:
        from cchc_desktop.gui.widgets import run_dialog

        dialog = self.dialog()
        if run_dialog(dialog):
            self.apply(dialog.chosen())

    def apply(self, refs: list[UnitRef]) -> None:
        if [(r.kind, r.id) for r in refs] != [(r.kind, r.id) for r in self.refs]:
            self.set_refs(refs)
            self.changed.emit(refs)
