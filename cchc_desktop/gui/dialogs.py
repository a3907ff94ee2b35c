"""Dialogs built on the Designer forms: plan, unit and unit-group editors.

Each dialog only collects values (NFC, trimmed) and validates them; the screen that opened it
writes them through the store in one action.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from cchc_desktop.core.models import PLAN_STATUSES, UNIT_KINDS, Office, Plan, Unit, UnitGroup
from cchc_desktop.core.text import clean_line, matches, nfc
from cchc_desktop.gui.forms.ui_group_dialog import Ui_GroupDialog
from cchc_desktop.gui.forms.ui_plan_dialog import Ui_PlanDialog
from cchc_desktop.gui.forms.ui_unit_dialog import Ui_UnitDialog
from cchc_desktop.gui.theme import style_form

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PlanDialog(QDialog):
    """Create or edit a plan's metadata."""

    def __init__(
        self, plan: Plan | None, office: Office | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PlanDialog()
        self.ui.setupUi(self)
        style_form(self)
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
            self.ui.dateEdit.setDate(QDate(today.year, today.month, today.day))
            self.ui.noDateCheck.setChecked(True)
            if office:
                self.ui.issuingEdit.setText(office.name)
                self.ui.governingEdit.setText(office.governing_body)
        else:
            self.ui.titleEdit.setText(plan.title)
            self.ui.yearSpin.setValue(plan.year)
            self.ui.numberEdit.setText(plan.number)
            d = plan.issued_on or today
            self.ui.dateEdit.setDate(QDate(d.year, d.month, d.day))
            self.ui.noDateCheck.setChecked(plan.issued_on is None)
            self.ui.issuingEdit.setText(plan.issuing_body)
            self.ui.governingEdit.setText(plan.governing_body)
            self.ui.statusCombo.setCurrentIndex(self.ui.statusCombo.findData(plan.status))
            self.ui.basesEdit.setPlainText(plan.legal_bases)
            self.ui.purposesEdit.setPlainText(plan.purposes)
            self.ui.requirementsEdit.setPlainText(plan.requirements)
            self.ui.audiencesEdit.setPlainText(plan.audiences)
            self.ui.budgetEdit.setPlainText(plan.budget_note)
        self.ui.titleEdit.setFocus()

    def values(self) -> dict[str, Any]:
        d = self.ui.dateEdit.date()
        return {
            "title": clean_line(self.ui.titleEdit.text()),
            "year": self.ui.yearSpin.value(),
            "number": clean_line(self.ui.numberEdit.text()),
            "issued_on": None
            if self.ui.noDateCheck.isChecked()
            else date(d.year(), d.month(), d.day()),
            "issuing_body": clean_line(self.ui.issuingEdit.text()),
            "governing_body": clean_line(self.ui.governingEdit.text()),
            "status": self.ui.statusCombo.currentData(),
            "legal_bases": nfc(self.ui.basesEdit.toPlainText()).strip(),
            "purposes": nfc(self.ui.purposesEdit.toPlainText()).strip(),
            "requirements": nfc(self.ui.requirementsEdit.toPlainText()).strip(),
            "audiences": nfc(self.ui.audiencesEdit.toPlainText()).strip(),
            "budget_note": nfc(self.ui.budgetEdit.toPlainText()).strip(),
        }

    def _accept(self) -> None:
        if not self.values()["title"]:
            self.ui.formError.setText("Hãy nhập trích yếu (tên) của kế hoạch.")
            self.ui.tabs.setCurrentIndex(0)
            self.ui.titleEdit.setFocus()
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
