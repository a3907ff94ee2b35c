"""Importing a catalogue from a Word or Excel annex: confirm the columns, preview, create."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.exchange.catalogue import (
    FIELD_NAMES,
    FIELDS,
    CatalogueDraft,
    CatalogueError,
    apply_catalogue,
    draft_catalogue,
)
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.widgets import hint

KIND_NAMES = {"group": "nhóm mới", "unit:commune": "xã/phường mới", "unit:department": "phòng, ban mới",
              "unit:media": "cơ quan báo chí mới", "unit:mass_org": "đoàn thể mới", "unit:other": "đơn vị mới"}  # fmt: skip


class CatalogueImportDialog(QDialog):
    def __init__(
        self, ctx: AppContext, path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft: CatalogueDraft | None = None
        self.path: Path | None = None
        self.setWindowTitle("Nhập danh mục nhiệm vụ từ phụ lục (Word, Excel)")
        self.resize(1100, 700)
        pick = QPushButton("Chọn tệp .docx hoặc .xlsx…")
        pick.clicked.connect(self.pick)
        self.file_label = QLabel("Chưa chọn tệp.")
        self.mapping: dict[str, QComboBox] = {name: QComboBox() for name in FIELDS}
        form = QFormLayout()
        for name in FIELDS:
            self.mapping[name].currentIndexChanged.connect(lambda _i: self.reparse())
            form.addRow(f"{FIELD_NAMES[name]}:", self.mapping[name])
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Mục / nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"])
        self.tree.setColumnWidth(0, 480)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tạo mục và nhiệm vụ")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(pick)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Chương trình tự nhận các cột theo tiêu đề (STT, Nội dung công việc, Đơn vị thực hiện/chủ trì, "
                              "Đơn vị phối hợp, Sản phẩm dự kiến, Thời gian thực hiện); kiểm tra và sửa nếu cần. Tên đơn vị "
                              "được so khớp với danh sách của cơ quan; tên chưa có sẽ được thêm mới."))  # fmt: skip
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._update()
        if path:
            self.load(path)

    def pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Chọn phụ lục", "", "Word, Excel (*.docx *.xlsx);;Mọi tệp (*)"
        )
        if name:
            self.load(Path(name))

    def _year(self) -> int:
        return self.ctx.store.plan(self.ctx.plan_id).year if self.ctx.plan_id else 2000

    def load(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        try:
            self.draft = draft_catalogue(self.ctx.store, path, self._year())
        except CatalogueError as exc:
            self.draft = None
            QMessageBox.warning(self, "Không đọc được", str(exc))
            self._update()
            return
        for name, combo in self.mapping.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("— không có —", -1)
            for i, head in enumerate(self.draft.header):
                combo.addItem(head.replace("\n", " ") or f"(cột {i + 1})", i)
            combo.setCurrentIndex(combo.findData(self.draft.mapping.get(name, -1)))
            combo.blockSignals(False)
        self._show()

    def reparse(self) -> None:
        if self.path is None:
            return
        mapping = {
            name: c.currentData()
            for name, c in self.mapping.items()
            if c.currentData() is not None and c.currentData() >= 0
        }
        try:
            self.draft = draft_catalogue(self.ctx.store, self.path, self._year(), mapping)
        except CatalogueError as exc:
            self.draft = None
            self.summary.setText(str(exc))
        self._show()

    def _show(self) -> None:
        self.tree.clear()
        d = self.draft
        if d is not None:

            def task_item(parent, t) -> None:  # noqa: ANN001
                QTreeWidgetItem(
                    parent, [t.content, "; ".join(t.lead), "; ".join(t.coordinating), t.timeline]
                )

            for t in d.loose_tasks:
                task_item(self.tree, t)
            items: dict[str, QTreeWidgetItem] = {}
            for s in d.sections:
                parent_key = s.number.rsplit(".", 1)[0] if "." in s.number else None
                parent = items.get(parent_key) if parent_key else None
                item = QTreeWidgetItem(parent or self.tree, [f"{s.number}. {s.title}"])
                items[s.number] = item
                for t in s.tasks:
                    task_item(item, t)
            self.tree.expandAll()
        self._update()

    def _update(self) -> None:
        d = self.draft
        ok = d is not None and d.task_count > 0 and self.ctx.plan_id is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if d is None:
            if not self.summary.text():
                self.summary.setText("Chọn tệp phụ lục để xem trước.")
            return
        s = d.summary()
        new = [f"{n} ({KIND_NAMES.get(d.proposals.get(n, ''), 'mới')})" for n in s["new_names"]]
        self.summary.setText(
            f"{s['sections']} mục, {s['tasks']} nhiệm vụ; đơn vị khớp {s['units_matched']}, thêm mới {s['units_new']}"
            + (f": {', '.join(new[:12])}{'…' if len(new) > 12 else ''}" if new else "")
            + f". Thời gian chưa đọc được: {s['timelines_unread']} (giữ nguyên chữ, đặt lịch bằng tay sau)."
        )  # fmt: skip

    def apply(self) -> None:
        if self.draft is None or self.ctx.plan_id is None:
            return
        created = self.ctx.act(
            apply_catalogue, self.ctx.store, self.draft, self.ctx.plan_id, parent=self
        )
        if created:
            QMessageBox.information(self, "Đã nhập", f"Đã tạo {created['sections']} mục, {created['tasks']} nhiệm vụ, "
                                    f"{created['units']} đơn vị và {created['groups']} nhóm mới (Ctrl+Z để hoàn tác).")  # fmt: skip
            self.accept()
