"""The detail form of the selected task (or section): every change saved as it is made.

There is no Save button.  A text field saves when it loses focus (or on Enter), a checkbox or
picker at once; each save is one store action, hence one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Kind
from cchc_desktop.core.formatting import fmt_date, fmt_number, parse_date, parse_number
from cchc_desktop.core.models import Section, Task
from cchc_desktop.core.text import clean_line, nfc
from cchc_desktop.core.timeline import KIND_NAMES, describe, read_timeline, rule_from_dates
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.theme import styled
from cchc_desktop.gui.unit_picker import UnitPicker
from cchc_desktop.gui.widgets import hint, page_title


class _FocusOut(QObject):
    """Calls ``callback`` when the watched widget loses focus (QPlainTextEdit has no signal)."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False


class ManualRuleDialog(QDialog):
    """Set the schedule by hand when the wording cannot be read; the words stay as typed."""

    def __init__(self, task: Task, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Đặt lịch bằng tay")
        self.kind = QComboBox()
        for code in ("once", "recurring", "ongoing", "event"):
            self.kind.addItem(KIND_NAMES[code], code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(task.manual_kind or "once")))
        self.dates = QPlainTextEdit()
        self.dates.setPlaceholderText(f"Mỗi dòng một ngày, dạng dd/mm/yyyy, ví dụ 30/06/{year}")
        self.dates.setPlainText("\n".join(fmt_date(d) for d in task.manual_dates))
        self.error = styled(QLabel(objectName="formError"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Thời gian thực hiện (giữ nguyên): “{task.timeline}”"))
        form.addRow("Loại lịch:", self.kind)
        form.addRow("Các hạn:", self.dates)
        form.addRow(self.error)
        form.addRow(buttons)

    def values(self) -> tuple[str, list[date]] | None:
        kind = self.kind.currentData()
        lines = [line for line in self.dates.toPlainText().splitlines() if line.strip()]
        dates = [parse_date(line) for line in lines]
        if any(d is None for d in dates):
            bad = next(line for line, d in zip(lines, dates, strict=True) if d is None)
            self.error.setText(f"Ngày “{bad.strip()}” không hợp lệ (dạng dd/mm/yyyy).")
            return None
        if kind in ("once", "recurring") and not dates:
            self.error.setText("Hãy nhập ít nhất một hạn.")
            return None
        return kind, [d for d in dates if d is not None] if kind in ("once", "recurring") else []

    def _accept(self) -> None:
        if self.values() is not None:
            self.accept()


class TaskForm(QWidget):
    """Edits one task (or a section's title) of the current plan."""

    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.section: Section | None = None
        self.year = date.today().year
        self._loading = False

        # section page
        self.section_title = QLineEdit()
        self.section_title.editingFinished.connect(self._save_section)
        section_page = QWidget()
        sf = QFormLayout(section_page)
        self.section_heading = page_title("")
        sf.addRow(self.section_heading)
        sf.addRow("Tên mục:", self.section_title)

        # task page
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setFixedHeight(90)
        self.content.installEventFilter(
            _FocusOut(lambda: self._save_text("content", self.content.toPlainText()), self)
        )
        self.lead = UnitPicker(ctx.store, "Đơn vị chủ trì")
        self.lead.changed.connect(lambda refs: self._save(lead=refs))
        self.coordinating = UnitPicker(ctx.store, "Đơn vị phối hợp")
        self.coordinating.changed.connect(lambda refs: self._save(coordinating=refs))
        self.product = QLineEdit()
        self.product.editingFinished.connect(
            lambda: self._save_text("product", self.product.text())
        )
        self.timeline = QLineEdit(objectName="timelineEdit")
        self.timeline.setPlaceholderText("Ví dụ: Hằng quý; Quý II/2023; 02 kỳ/tháng; Thường xuyên")
        self.timeline.textChanged.connect(self._show_understood)
        self.timeline.editingFinished.connect(
            lambda: self._save_text("timeline", self.timeline.text())
        )
        self.understood = styled(QLabel(objectName="timelineUnderstood"))
        self.understood.setWordWrap(True)
        self.understood.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.manual_button = QPushButton("Đặt lịch bằng tay…")
        self.manual_button.clicked.connect(self._set_manual)
        self.clear_manual_button = QPushButton("Bỏ lịch đặt tay")
        self.clear_manual_button.clicked.connect(
            lambda: self._save(manual_kind=None, manual_dates=[])
        )
        manual_row = QHBoxLayout()
        manual_row.addWidget(self.manual_button)
        manual_row.addWidget(self.clear_manual_button)
        manual_row.addStretch(1)

        self.forms = QListWidget()
        self.forms.setMaximumHeight(130)
        self.forms.itemChanged.connect(lambda _i: self._save_forms())
        self.audiences_box = QWidget()
        self.audience_checks: dict[str, QCheckBox] = {}
        self.audiences_layout = QHBoxLayout(self.audiences_box)
        self.audiences_layout.setContentsMargins(0, 0, 0, 0)
        self.targets = QTableWidget(0, 2)
        self.targets.setHorizontalHeaderLabels(["Chỉ tiêu", "Số lượng"])
        self.targets.verticalHeader().setVisible(False)
        self.targets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.targets.setMaximumHeight(150)
        self.targets.itemChanged.connect(self._target_changed)
        self.budget = QLineEdit()
        self.budget.setPlaceholderText("đồng, ví dụ 15.000.000")
        self.budget.editingFinished.connect(self._save_budget)
        self.note = QLineEdit()
        self.note.editingFinished.connect(lambda: self._save_text("note", self.note.text()))
        self.error = styled(QLabel(objectName="formError"))
        self.history_button = QPushButton("Lịch sử thay đổi…")
        self.history_button.setToolTip("Ai đã sửa gì, khi nào, trên nhiệm vụ, giao việc và kết quả")
        self.history_button.clicked.connect(self.show_history)
        self.assigned = hint("")

        task_page = QWidget()
        tf = QFormLayout(task_page)
        tf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        tf.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows
        )  # labels above: fits a side panel
        self.task_heading = page_title("")
        self.task_heading.setWordWrap(True)
        tf.addRow(self.task_heading)
        tf.addRow("Nội dung công việc:", self.content)
        tf.addRow("Đơn vị chủ trì:", self.lead)
        tf.addRow("Đơn vị phối hợp:", self.coordinating)
        tf.addRow("Sản phẩm dự kiến:", self.product)
        tf.addRow("Thời gian thực hiện:", self.timeline)
        tf.addRow(self.understood)
        tf.addRow(manual_row)
        tf.addRow("Hình thức tuyên truyền:", self.forms)
        tf.addRow("Đối tượng:", self.audiences_box)
        tf.addRow("Chỉ tiêu:", self.targets)
        tf.addRow("Kinh phí dự kiến:", self.budget)
        tf.addRow("Ghi chú:", self.note)
        tf.addRow("Giao việc:", self.assigned)
        tf.addRow(self.error)
        tf.addRow(self.history_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(task_page)

        empty = styled(
            QLabel("Chọn một mục hoặc nhiệm vụ để xem và sửa chi tiết.", objectName="emptyState")
        )
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        self.pages = QStackedWidget()
        for page in (empty, section_page, scroll):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    # -- showing -----------------------------------------------------------------------
    def show_nothing(self) -> None:
        self.task = self.section = None
        self.pages.setCurrentIndex(0)

    def show_section(self, section: Section, number: str) -> None:
        self.task = None
        if self.section == section and self.pages.currentIndex() == 1:
            return
        self.section = section
        self._loading = True
        self.section_heading.setText(f"Mục {number}")
        self.section_title.setText(section.title)
        self._loading = False
        self.pages.setCurrentIndex(1)

    def show_task(self, task: Task, number: str, year: int) -> None:
        self.section = None
        self.task_heading.setText(f"Nhiệm vụ {number}")
        if self.task == task and self.year == year and self.pages.currentIndex() == 2:
            return  # nothing changed underneath: keep what the user is doing
        self.task, self.year = task, year
        self._loading = True
        try:
            self.error.clear()
            if self.content.toPlainText() != task.content:
                self.content.setPlainText(task.content)
            self.lead.set_refs(list(task.lead))
            self.coordinating.set_refs(list(task.coordinating))
            _set_line(self.product, task.product)
            _set_line(self.timeline, task.timeline)
            _set_line(self.note, task.note)
            _set_line(self.budget, fmt_number(task.budget) if task.budget else "")
            self._fill_forms(task)
            self._fill_audiences(task)
            self._fill_targets(task)
            self._show_understood()
            self._show_assigned(task)
        finally:
            self._loading = False
        self.pages.setCurrentIndex(2)

    def show_assigned(self) -> None:
        """Say again whom the task shown is given to (the matrix may have changed it)."""
        if self.task is not None:
            self._show_assigned(self.task)

    def _show_assigned(self, task: Task) -> None:
        a = self.ctx.store.tracking.assignments(task.id)
        lead = sum(1 for x in a if x.role == "lead")
        self.assigned.setText(
            f"{lead} đơn vị chủ trì, {len(a) - lead} đơn vị phối hợp (nhóm đã tách thành từng đơn vị)" if a
            else "Chưa giao cho đơn vị nào."
        )  # fmt: skip

    def show_history(self) -> None:
        if self.task is None:
            return
        from cchc_desktop.gui.occurrence_views import HistoryDialog, HistoryNames

        store = self.ctx.store
        HistoryDialog(
            "Lịch sử thay đổi của nhiệm vụ", store.history.of_task(task_id=self.task.id), self,
            HistoryNames(store, self.task.plan_id), f"Nhiệm vụ: {self.task.content[:120]}",
        ).exec()  # fmt: skip

    def _fill_forms(self, task: Task) -> None:
        self.forms.clear()
        terms = self.ctx.store.settings.terms("forms")
        known = {t.code for t in terms}
        for t in terms:
            self._form_item(t.code, t.name, t.code in task.forms)
        for code in task.forms:  # a code removed from settings stays visible while used
            if code not in known:
                self._form_item(code, f"{code} (không còn trong danh sách)", True)

    def _form_item(self, code: str, name: str, checked: bool) -> None:
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.forms.addItem(item)

    def _fill_audiences(self, task: Task) -> None:
        layout = self.audiences_layout
        while layout.count():
            w = layout.takeAt(0).widget()
            if w:
                w.deleteLater()
        self.audience_checks = {}
        for t in self.ctx.store.settings.terms("audiences"):
            box = QCheckBox(t.name)
            box.setChecked(t.code in task.audiences)
            box.toggled.connect(lambda _on: self._save_audiences())
            self.audience_checks[t.code] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def _fill_targets(self, task: Task) -> None:
        terms = self.ctx.store.settings.terms("indicators")
        self.targets.setRowCount(len(terms))
        for row, t in enumerate(terms):
            name = QTableWidgetItem(f"{t.name} ({t.unit})" if t.unit else t.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(Qt.ItemDataRole.UserRole, t.code)
            self.targets.setItem(row, 0, name)
            value = task.targets.get(t.code)
            self.targets.setItem(row, 1, QTableWidgetItem(fmt_number(value) if value else ""))

    def _show_understood(self) -> None:
        task = self.task
        if task is not None and task.manual_kind:
            rule = rule_from_dates(task.timeline, task.manual_kind, task.manual_dates)
        else:
            rule = read_timeline(self.timeline.text(), self.year)
        # amber when unreadable or read with a warning (a year not the plan's, a part unread)
        name = "timelineUnknown" if rule.needs_attention else "timelineUnderstood"
        self.understood.setText(describe(rule))
        if self.understood.objectName() != name:
            self.understood.setObjectName(name)
            self.understood.style().unpolish(self.understood)
            self.understood.style().polish(self.understood)
        self.clear_manual_button.setVisible(bool(task and task.manual_kind))

    # -- saving ------------------------------------------------------------------------
    def _save(self, **fields: Any) -> None:
        if self._loading or self.task is None:
            return
        task_id = self.task.id
        self.ctx.act(
            self.ctx.store.catalogue.update_task, task_id, touches=Kind.TASKS, parent=self, **fields
        )
        self.task = self.ctx.store.catalogue.task(task_id)
        self._show_understood()
        self.saved.emit()

    def _save_text(self, field: str, value: str) -> None:
        if self.task is None:
            return
        value = nfc(value).strip() if field == "content" else clean_line(value)
        if field == "content" and not value:
            self.error.setText("Nội dung công việc không được để trống.")
            return
        if getattr(self.task, field) != value:
            self._save(**{field: value})

    def _save_forms(self) -> None:
        codes = [
            self.forms.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.forms.count())
            if self.forms.item(i).checkState() == Qt.CheckState.Checked
        ]
        if self.task and tuple(codes) != self.task.forms:
            self._save(forms=codes)

    def _save_audiences(self) -> None:
        codes = [code for code, box in self.audience_checks.items() if box.isChecked()]
        if self.task and tuple(codes) != self.task.audiences:
            self._save(audiences=codes)

    def _target_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.task is None or item.column() != 1:
            return
        targets: dict[str, float] = {}
        for row in range(self.targets.rowCount()):
            code = self.targets.item(row, 0).data(Qt.ItemDataRole.UserRole)
            cell = self.targets.item(row, 1)
            text = cell.text() if cell else ""
            if not text.strip():
                continue
            value = parse_number(text)
            if value is None or value < 0:
                self.error.setText(
                    f"Chỉ tiêu “{self.targets.item(row, 0).text()}” phải là số không âm."
                )
                return
            targets[code] = int(value) if float(value).is_integer() else value
        self.error.clear()
        if targets != self.task.targets:
            self._save(targets=targets)

    def _save_budget(self) -> None:
        if self.task is None:
            return
        text = self.budget.text()
        value = parse_number(text) if text.strip() else 0
        if value is None or value < 0:
            self.error.setText("Kinh phí phải là số đồng, ví dụ 15.000.000.")
            return
        self.error.clear()
        self.budget.setText(fmt_number(value) if value else "")
        if int(value) != self.task.budget:
            self._save(budget=int(value))

    def _save_section(self) -> None:
        if self._loading or self.section is None:
            return
        title = clean_line(self.section_title.text())
        if title and title != self.section.title:
            sid = self.section.id
            self.ctx.act(self.ctx.store.catalogue.update_section, sid, title, touches=Kind.SECTIONS,
                         parent=self)  # fmt: skip
            self.section = next(
                (s for s in self.ctx.store.catalogue.sections(self.section.plan_id) if s.id == sid),
                None,
            )
            self.saved.emit()

    def _set_manual(self) -> None:
        if self.task is None:
            return
        from cchc_desktop.gui.widgets import run_dialog

        dialog = ManualRuleDialog(self.task, self.year, self)
        if run_dialog(dialog):
            values = dialog.values()
            if values:
                kind, dates = values
                self._save(manual_kind=kind, manual_dates=dates)

    def flush(self) -> None:
        """Save whatever field has focus (before switching selection or closing)."""
        if self.task is not None:
            self._save_text("content", self.content.toPlainText())
            for field, edit in (
                ("product", self.product),
                ("timeline", self.timeline),
                ("note", self.note),
            ):
                self._save_text(field, edit.text())


def _set_line(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
