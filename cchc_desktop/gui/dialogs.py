"""Dialogs built on the Designer forms: plan, unit and unit-group editors.

Each dialog only collects values (NFC, trimmed) and validates them; the screen that opened it
writes them through the store in one action.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from cchc_desktop.core.models import (
    PLAN_STATUSES,
    UNIT_KINDS,
    Office,
    Plan,
    PlanDuty,
    Unit,
    UnitGroup,
)
from cchc_desktop.core.text import clean_line, matches, nfc
from cchc_desktop.gui.forms.ui_group_dialog import Ui_GroupDialog
from cchc_desktop.gui.forms.ui_plan_dialog import Ui_PlanDialog
from cchc_desktop.gui.forms.ui_unit_dialog import Ui_UnitDialog
from cchc_desktop.gui.theme import style_form
from cchc_desktop.gui.unit_picker import down_moves_to

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PlanSectionsTabs:
    """The plan's own sections as three more tabs of the plan dialog: Nội dung and Hình thức,
    Tổ chức thực hiện unit by unit (ticked = “Đề nghị …”), the duty to report and the closing,
    and the Quyết định that issues the plan.  Each is pre-filled with what the office's data
    gives (``defaults``); a section left as its default keeps following the data (saved as
    ``None``), an edited one is kept as typed."""

    def __init__(self, tabs, plan: Plan | None, defaults: dict[str, Any] | None) -> None:
        from PySide6.QtWidgets import (
            QCheckBox,
            QFormLayout,
            QHBoxLayout,
            QLabel,
            QLineEdit,
            QListWidget,
            QPlainTextEdit,
            QPushButton,
            QVBoxLayout,
        )

        self.defaults = defaults or {}
        current = (
            {
                k: getattr(plan, k)
                for k in ("topics", "forms_text", "duties", "reporting", "closing")
            }
            if plan
            else {}
        )
        self.edits: dict[str, QPlainTextEdit] = {}

        def page(*rows: tuple[str, str]) -> QWidget:
            w = QWidget()
            form = QFormLayout(w)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            for key, label in rows:
                edit = QPlainTextEdit(objectName=f"{key}Edit")
                edit.setTabChangesFocus(True)
                value = current.get(key)
                edit.setPlainText(value if value is not None else self.defaults.get(key, ""))
                self.edits[key] = edit
                form.addRow(label, edit)
            return w

        tabs.addTab(page(("topics", "Nội dung tuyên truyền (mỗi dòng một ý):"),
                         ("forms_text", "Hình thức tuyên truyền theo đối tượng:")), "Nội dung, hình thức")  # fmt: skip
        duties_page = QWidget()
        dv = QVBoxLayout(duties_page)
        dv.addWidget(QLabel("Tổ chức thực hiện: mỗi đơn vị một mục; đánh dấu các cơ quan Đảng, Mặt trận, đoàn thể "
                            "(in “Đề nghị …”)."))  # fmt: skip
        row = QHBoxLayout()
        self.duty_list = QListWidget(objectName="dutyList")
        right = QVBoxLayout()
        self.duty_name = QLineEdit(placeholderText="Tên đơn vị")
        self.duty_request = QCheckBox("Đề nghị (cơ quan không thuộc quyền điều hành)")
        self.duty_text = QPlainTextEdit()
        self.duty_text.setTabChangesFocus(True)
        right.addWidget(self.duty_name)
        right.addWidget(self.duty_request)
        right.addWidget(self.duty_text, 1)
        buttons = QHBoxLayout()
        for text, slot in (("Thêm", self._add_duty), ("Xóa", self._remove_duty), ("Lên", lambda: self._move(-1)),
                           ("Xuống", lambda: self._move(1))):  # fmt: skip
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        right.addLayout(buttons)
        row.addWidget(self.duty_list, 2)
        row.addLayout(right, 3)
        dv.addLayout(row, 1)
        tabs.addTab(duties_page, "Tổ chức thực hiện")
        self._duties: list[PlanDuty] = list(current.get("duties") if current.get("duties") is not None
                                            else self.defaults.get("duties", ()))  # fmt: skip
        self._shown = -1
        self.duty_list.currentRowChanged.connect(self._show_duty)
        self._fill_list()
        tabs.addTab(page(("reporting", "Chế độ báo cáo (nội dung, thời hạn, nơi nhận báo cáo):"),
                         ("closing", "Đoạn kết:")), "Báo cáo, đoạn kết")  # fmt: skip
        issue = QWidget()
        iv = QVBoxLayout(issue)
        self.decision_check = QCheckBox(
            "Kế hoạch ban hành kèm theo Quyết định", objectName="decisionCheck"
        )
        self.decision_edit = QLineEdit(objectName="decisionEdit")
        decision = plan.decision if plan else ""
        self.decision_check.setChecked(bool(decision))
        self.decision_edit.setText(decision or self.defaults.get("decision", ""))
        self.decision_edit.setEnabled(bool(decision))
        self.decision_check.toggled.connect(self.decision_edit.setEnabled)
        iv.addWidget(self.decision_check)
        iv.addWidget(self.decision_edit)
        iv.addWidget(QLabel("In dưới tên kế hoạch, trong ngoặc; văn bản không ghi số, ngày riêng và không có nơi nhận "
                            "(nơi nhận ở Quyết định)."))  # fmt: skip
        iv.addStretch(1)
        tabs.addTab(issue, "Quyết định ban hành")
        fill = QPushButton("Điền lại các phần từ dữ liệu")
        fill.clicked.connect(self.fill_defaults)
        iv.addWidget(fill)

    def _fill_list(self) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        self.duty_list.blockSignals(True)
        self.duty_list.clear()
        for d in self._duties:
            self.duty_list.addItem(QListWidgetItem(("Đề nghị " if d.request else "") + d.name))
        self.duty_list.blockSignals(False)
        self._shown = -1
        if self._duties:
            self.duty_list.setCurrentRow(0)

    def _keep_shown(self) -> None:
        if 0 <= self._shown < len(self._duties):
            self._duties[self._shown] = PlanDuty(
                clean_line(self.duty_name.text()), nfc(self.duty_text.toPlainText()).strip(),
                self.duty_request.isChecked(),
            )  # fmt: skip
            item = self.duty_list.item(self._shown)
            d = self._duties[self._shown]
            if item is not None:
                item.setText(("Đề nghị " if d.request else "") + d.name)

    def _show_duty(self, row: int) -> None:
        self._keep_shown()
        self._shown = row
        d = self._duties[row] if 0 <= row < len(self._duties) else PlanDuty("", "")
        self.duty_name.setText(d.name)
        self.duty_request.setChecked(d.request)
        self.duty_text.setPlainText(d.text)

    def _add_duty(self) -> None:
        self._keep_shown()
        self._duties.append(PlanDuty("Đơn vị mới", ""))
        self._fill_list()
        self.duty_list.setCurrentRow(len(self._duties) - 1)

    def _remove_duty(self) -> None:
        row = self.duty_list.currentRow()
        if 0 <= row < len(self._duties):
            del self._duties[row]
            self._fill_list()

    def _move(self, delta: int) -> None:
        self._keep_shown()
        i = self.duty_list.currentRow()
        j = i + delta
        if 0 <= i < len(self._duties) and 0 <= j < len(self._duties):
            self._duties.insert(j, self._duties.pop(i))
            self._fill_list()
            self.duty_list.setCurrentRow(j)

    def fill_defaults(self) -> None:
        for key, edit in self.edits.items():
            edit.setPlainText(self.defaults.get(key, ""))
        self._duties = list(self.defaults.get("duties", ()))
        self._fill_list()

    def values(self) -> dict[str, Any]:
        self._keep_shown()
        out: dict[str, Any] = {}
        for key, edit in self.edits.items():
            text = nfc(edit.toPlainText()).strip()
            out[key] = None if text == (self.defaults.get(key) or "").strip() else text
        duties = tuple(d for d in self._duties if d.name)
        out["duties"] = None if duties == tuple(self.defaults.get("duties", ())) else list(duties)
        out["decision"] = (
            nfc(self.decision_edit.text()).strip() if self.decision_check.isChecked() else ""
        )
        return out


class PlanDialog(QDialog):
    """Create or edit a plan's metadata and its own sections."""

    def __init__(
        self, plan: Plan | None, office: Office | None, parent: QWidget | None = None,
        defaults: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ui = Ui_PlanDialog()
        self.ui.setupUi(self)
        style_form(self)
        self.sections = PlanSectionsTabs(self.ui.tabs, plan, defaults)
        self.setWindowTitle("Sửa kế hoạch" if plan else "Thêm kế hoạch")
        for code, name in PLAN_STATUSES.items():
            self.ui.statusCombo.addItem(name, code)
        self.ui.noDateCheck.toggled.connect(lambda on: self.ui.dateEdit.setEnabled(not on))
        self.ui.buttonBox.accepted.connect(self._accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        today = date.today()
        if plan is None:
            self.ui.yearSpin.setValue(today.year)
            self.ui.titleEdit.setText(f"Tuyên truyền cải cách hành chính năm {today.year}")
            self.ui.dateEdit.set_date(today)
            self.ui.noDateCheck.setChecked(True)
            if office:
                self.ui.issuingEdit.setText(office.name)
                self.ui.governingEdit.setText(office.governing_body)
        else:
            self.ui.titleEdit.setText(plan.title)
            self.ui.yearSpin.setValue(plan.year)
            self.ui.numberEdit.setText(plan.number)
            self.ui.dateEdit.set_date(plan.issued_on or today)
            self.ui.noDateCheck.setChecked(plan.issued_on is None)
            self.ui.issuingEdit.setText(plan.issuing_body)
            self.ui.governingEdit.setText(plan.governing_body)
            self.ui.statusCombo.setCurrentIndex(self.ui.statusCombo.findData(plan.status))
            self.ui.basesEdit.setPlainText(plan.legal_bases)
            self.ui.purposesEdit.setPlainText(plan.purposes)
            self.ui.requirementsEdit.setPlainText(plan.requirements)
            self.ui.audiencesEdit.setPlainText(plan.audiences)
            self.ui.budgetEdit.setPlainText(plan.budget_note)
        self._year = self.ui.yearSpin.value()
        self.ui.yearSpin.valueChanged.connect(self._year_changed)
        self.ui.dateEdit.edit.textEdited.connect(lambda _t: self.ui.formError.setText(""))
        self.ui.titleEdit.setFocus()

    def _year_changed(self, year: int) -> None:
        """The year named in the title and the year of the issue date follow the year chosen
        (a title the user wrote without the year is left as it is)."""
        old, self._year = self._year, year
        title = self.ui.titleEdit.text()
        if re.search(rf"\b{old}\b", title):
            self.ui.titleEdit.setText(re.sub(rf"\b{old}\b", str(year), title))
        day = self.ui.dateEdit.date()
        if day is not None and day.year == old:
            try:
                self.ui.dateEdit.set_date(day.replace(year=year))
            except ValueError:  # 29/02 into a year without it
                self.ui.dateEdit.set_date(day.replace(year=year, day=28))

    def values(self) -> dict[str, Any]:
        return {
            "title": clean_line(self.ui.titleEdit.text()),
            "year": self.ui.yearSpin.value(),
            "number": clean_line(self.ui.numberEdit.text()),
            "issued_on": None if self.ui.noDateCheck.isChecked() else self.ui.dateEdit.date(),
            "issuing_body": clean_line(self.ui.issuingEdit.text()),
            "governing_body": clean_line(self.ui.governingEdit.text()),
            "status": self.ui.statusCombo.currentData(),
            "legal_bases": nfc(self.ui.basesEdit.toPlainText()).strip(),
            "purposes": nfc(self.ui.purposesEdit.toPlainText()).strip(),
            "requirements": nfc(self.ui.requirementsEdit.toPlainText()).strip(),
            "audiences": nfc(self.ui.audiencesEdit.toPlainText()).strip(),
            "budget_note": nfc(self.ui.budgetEdit.toPlainText()).strip(),
            **self.sections.values(),
        }

    def _accept(self) -> None:
        if not self.values()["title"]:
            self.ui.formError.setText("Hãy nhập trích yếu (tên) của kế hoạch.")
            self.ui.tabs.setCurrentIndex(0)
            self.ui.titleEdit.setFocus()
            return
        if not self.ui.noDateCheck.isChecked() and self.ui.dateEdit.date() is None:
            # a day the month does not have is refused, never moved to another day
            self.ui.formError.setText(self.ui.dateEdit.problem() or "Hãy nhập ngày ban hành (dd/mm/yyyy) "
                                      "hoặc đánh dấu “Chưa có ngày”.")  # fmt: skip
            self.ui.tabs.setCurrentIndex(0)
            self.ui.dateEdit.setFocus()
            return
        self.accept()


class UnitDialog(QDialog):
    """Create or edit one unit."""

    def __init__(self, unit: Unit | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_UnitDialog()
        self.ui.setupUi(self)
        style_form(self)
        self.setWindowTitle("Sửa đơn vị" if unit else "Thêm đơn vị")
        for code, name in UNIT_KINDS.items():
            self.ui.kindCombo.addItem(name, code)
        if unit:
            self.ui.nameEdit.setText(unit.name)
            self.ui.shortEdit.setText(unit.short_name)
            self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData(unit.kind))
            self.ui.contactEdit.setText(unit.contact_person)
            self.ui.phoneEdit.setText(unit.phone)
            self.ui.emailEdit.setText(unit.email)
        else:
            self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData("commune"))
        self.ui.buttonBox.accepted.connect(self._accept)
        self.ui.buttonBox.rejected.connect(self.reject)

    def values(self) -> dict[str, Any]:
        return {
            "name": clean_line(self.ui.nameEdit.text()),
            "short_name": clean_line(self.ui.shortEdit.text()),
            "kind": self.ui.kindCombo.currentData(),
            "contact_person": clean_line(self.ui.contactEdit.text()),
            "phone": clean_line(self.ui.phoneEdit.text()),
            "email": clean_line(self.ui.emailEdit.text()),
        }

    def _accept(self) -> None:
        v = self.values()
        if not v["name"]:
            self.ui.formError.setText("Hãy nhập tên đơn vị.")
            self.ui.nameEdit.setFocus()
        elif v["email"] and not _EMAIL.match(v["email"]):
            self.ui.formError.setText("Thư điện tử chưa đúng dạng (ví dụ: noivu@vinhloc.gov.vn).")
            self.ui.emailEdit.setFocus()
        else:
            self.accept()


class GroupDialog(QDialog):
    """Create or edit a named group of units, such as “UBND các xã, thị trấn”."""

    def __init__(
        self, group: UnitGroup | None, units: list[Unit], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_GroupDialog()
        self.ui.setupUi(self)
        style_form(self)
        self.setWindowTitle("Sửa nhóm đơn vị" if group else "Thêm nhóm đơn vị")
        self.units = units
        members = set(group.member_ids) if group else set()
        for u in units:
            item = QListWidgetItem(u.name + ("" if u.active else " (ngừng dùng)"))
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if u.id in members else Qt.CheckState.Unchecked
            )
            self.ui.memberList.addItem(item)
        if group:
            self.ui.nameEdit.setText(group.name)
            self.ui.noteEdit.setText(group.note)
        self.ui.filterEdit.textChanged.connect(self._filter)
        down_moves_to(self.ui.filterEdit, self.ui.memberList)
        self.ui.communesButton.clicked.connect(lambda: self._check_kind("commune"))
        self.ui.departmentsButton.clicked.connect(lambda: self._check_kind("department"))
        self.ui.noneButton.clicked.connect(self._check_none)
        self.ui.memberList.itemChanged.connect(self._count)
        self.ui.buttonBox.accepted.connect(self._accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._count()

    def _items(self) -> list[QListWidgetItem]:
        return [self.ui.memberList.item(i) for i in range(self.ui.memberList.count())]

    def _filter(self, text: str) -> None:
        for item in self._items():
            item.setHidden(not matches(text, item.text()))

    def _check_kind(self, kind: str) -> None:
        ids = {u.id for u in self.units if u.kind == kind and u.active}
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) in ids:
                item.setCheckState(Qt.CheckState.Checked)

    def _check_none(self) -> None:
        for item in self._items():
            item.setCheckState(Qt.CheckState.Unchecked)

    def _count(self) -> None:
        self.ui.countLabel.setText(f"Đã chọn {len(self.member_ids())} đơn vị")

    def member_ids(self) -> list[int]:
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in self._items()
            if i.checkState() == Qt.CheckState.Checked
        ]

    def values(self) -> dict[str, Any]:
        return {
            "name": clean_line(self.ui.nameEdit.text()),
            "note": clean_line(self.ui.noteEdit.text()),
            "member_ids": self.member_ids(),
        }

    def _accept(self) -> None:
        if not self.values()["name"]:
            self.ui.formError.setText("Hãy nhập tên nhóm.")
            self.ui.nameEdit.setFocus()
            return
        self.accept()
