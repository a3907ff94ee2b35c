"""Importing a catalogue from a Word or Excel annex: confirm the columns, preview, create."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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

from cchc_desktop.core.changes import Kind
from cchc_desktop.core.text import clip
from cchc_desktop.exchange.catalogue import (
    FIELD_NAMES,
    FIELDS,
    CatalogueDraft,
    apply_catalogue,
    draft_catalogue,
    duplicate_tasks,
    empty_groups,
)
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.widgets import hint

if TYPE_CHECKING:
    from cchc_desktop.gui.runner import Task

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
        self.reading: Task | None = None  # the annex being read (gui/runner.py)
        self._generation = 0  # which reading the dialog is waiting for
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
        return self.ctx.store.catalogue.plan(self.ctx.plan_id).year if self.ctx.plan_id else 2000

    @property
    def busy(self) -> bool:
        """The annex is being read off the GUI thread."""
        return self.reading is not None and self.reading.running

    def load(self, path: Path) -> None:
        """Read the annex off the GUI thread (a large Word table takes seconds), then offer its
        columns as found."""
        self.path = path
        self.file_label.setText(str(path))
        self._read(None)

    def reparse(self) -> None:
        if self.path is None:
            return
        mapping = {
            name: c.currentData()
            for name, c in self.mapping.items()
            if c.currentData() is not None and c.currentData() >= 0
        }
        self._read(mapping)

    def _read(self, mapping: dict[str, int] | None) -> None:
        """Draft the catalogue from the file with ``mapping`` (None: the columns found) on a
        reading connection of its own; a newer reading (another column chosen) wins."""
        from cchc_desktop.gui.runner import reading, run

        path, year = self.path, self._year()
        self._generation += 1
        generation = self._generation
        if self.reading is not None and self.reading.running:
            self.reading.cancel()

        def job(store, _progress) -> CatalogueDraft:
            return draft_catalogue(store, path, year, mapping)

        def read(draft: CatalogueDraft) -> None:
            if generation == self._generation:
                self._drafted(draft, first=mapping is None)

        def refused(message: str) -> None:
            if generation != self._generation:
                return
            self.draft = None
            if mapping is None:
                QMessageBox.warning(self, "Không đọc được", message)
            else:
                self.summary.setText(message)
            self._show()

        self.summary.setText(f"Đang đọc {Path(path).name}…")
        self.reading = run(self, f"Đọc phụ lục {Path(path).name}", reading(self.ctx.store.path, job),
                           done=read, failed=refused)  # fmt: skip
        self.reading.ended.connect(lambda _o: self._update())
        self._update()

    def _drafted(self, draft: CatalogueDraft, first: bool) -> None:
        self.draft = draft
        if first:
            for name, combo in self.mapping.items():
                combo.blockSignals(True)
                combo.clear()
                combo.addItem("— không có —", -1)
                for i, head in enumerate(draft.header):
                    combo.addItem(head.replace("\n", " ") or f"(cột {i + 1})", i)
                combo.setCurrentIndex(combo.findData(draft.mapping.get(name, -1)))
                combo.blockSignals(False)
        self._show()

    def _show(self) -> None:
        self.tree.clear()
        d = self.draft
        if d is not None:

            def task_item(parent, t) -> None:
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
        ok = d is not None and d.task_count > 0 and self.ctx.plan_id is not None and not self.busy
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if self.busy:
            return  # the summary says what is being read
        if d is None:
            if not self.summary.text():
                self.summary.setText("Chọn tệp phụ lục để xem trước.")
            return
        s = d.summary()
        new = [f"{n} ({KIND_NAMES.get(d.proposals.get(n, ''), 'mới')})" for n in s["new_names"]]
        warnings = self.warnings()
        self.summary.setText(
            f"{s['sections']} mục, {s['tasks']} nhiệm vụ; đơn vị khớp {s['units_matched']}, thêm mới {s['units_new']}"
            + (f": {', '.join(new[:12])}{'…' if len(new) > 12 else ''}" if new else "")
            + f". Thời gian chưa đọc được: {s['timelines_unread']} (giữ nguyên chữ, đặt lịch bằng tay sau)."
            + "".join(f"\n⚠ {w}" for w in warnings)
        )  # fmt: skip

    def warnings(self) -> list[str]:
        """What the user should know before creating: tasks the plan already holds, groups
        with no member unit (their tasks would be assigned to nobody)."""
        d = self.draft
        if d is None or self.ctx.plan_id is None:
            return []
        out = []
        dups = duplicate_tasks(self.ctx.store, d, self.ctx.plan_id)
        if dups:
            out.append(f"{len(dups)}/{d.task_count} nhiệm vụ đã có trong kế hoạch (cùng nội dung), ví dụ "
                       f"“{clip(dups[0].content, 70)}”.")  # fmt: skip
        for name in empty_groups(self.ctx.store, d):
            out.append(f"Nhóm “{name}” chưa có đơn vị nào: nhiệm vụ giao cho nhóm này sẽ chưa giao được cho "
                       "ai; sau khi nhập, hãy chọn các đơn vị của nhóm ở màn hình Đơn vị.")  # fmt: skip
        return out

    def apply(self) -> None:
        if self.draft is None or self.ctx.plan_id is None or self.busy:
            return
        skip = self.ask_before_creating()
        if skip is None:
            return
        created = self.ctx.act(apply_catalogue, self.ctx.store, self.draft, self.ctx.plan_id,
                               skip_duplicates=skip, parent=self, touches=(
                                   Kind.UNITS, Kind.GROUPS, Kind.SECTIONS, Kind.TASKS,
                                   Kind.ASSIGNMENTS, Kind.OCCURRENCES))  # fmt: skip
        if created:
            skipped = (
                f" Bỏ qua {created['skipped']} nhiệm vụ đã có." if created.get("skipped") else ""
            )
            QMessageBox.information(self, "Đã nhập", f"Đã tạo {created['sections']} mục, {created['tasks']} nhiệm vụ, "
                                    f"{created['units']} đơn vị và {created['groups']} nhóm mới (Ctrl+Z để hoàn tác)."
                                    + skipped)  # fmt: skip
            self.accept()

    def ask_before_creating(self) -> bool | None:
        """Whether to leave out the tasks the plan already holds (``None``: do not import).

        Asked only when there is something to decide: tasks already there, or groups with no
        member unit."""
        d = self.draft
        assert d is not None and self.ctx.plan_id is not None
        dups = duplicate_tasks(self.ctx.store, d, self.ctx.plan_id)
        empty = empty_groups(self.ctx.store, d)
        if not dups and not empty:
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, "Kiểm tra trước khi nhập", "", parent=self)
        lines = []
        if dups:
            lines.append(f"{len(dups)} trong {d.task_count} nhiệm vụ của phụ lục đã có trong kế hoạch này "
                         "(cùng nội dung), có thể do đã nhập phụ lục này rồi:")  # fmt: skip
            lines += [f"  • {clip(t.content, 90)}" for t in dups[:5]] + (
                ["  • …"] if len(dups) > 5 else []
            )
        if empty:
            lines.append("Các nhóm sau chưa có đơn vị nào, nên nhiệm vụ giao cho nhóm sẽ chưa giao được cho ai "
                         "(thêm đơn vị vào nhóm ở màn hình Đơn vị sau khi nhập):")  # fmt: skip
            lines += [f"  • {n}" for n in empty]
        box.setText("\n".join(lines))
        skip_button = (
            box.addButton("Bỏ qua nhiệm vụ đã có", QMessageBox.ButtonRole.AcceptRole)
            if dups
            else None
        )
        all_button = box.addButton("Nhập cả nhiệm vụ trùng" if dups else "Vẫn nhập",
                                   QMessageBox.ButtonRole.DestructiveRole if dups else QMessageBox.ButtonRole.AcceptRole)  # fmt: skip
        cancel = box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(skip_button or all_button)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is cancel or clicked is None:
            return None
        return clicked is skip_button
