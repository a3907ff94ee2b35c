"""Qt's own texts (standard buttons, text-box menus) appear in Vietnamese."""

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from cchc_desktop.gui.app import application
from cchc_desktop.gui.dialogs import UnitDialog


def test_standard_buttons_and_menus_are_vietnamese(qtbot) -> None:
    application()
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert sorted(b.text() for b in box.buttons()) == ["Hủy", "Đồng ý"]
    question = QMessageBox(
        QMessageBox.Icon.Question,
        "Xóa",
        "Xóa?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    assert sorted(b.text().replace("&", "") for b in question.buttons()) == ["Có", "Không"]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = [a.text() for a in edit.createStandardContextMenu().actions() if a.text()]
    assert menu[0].startswith("&Hoàn tác\t") and menu[0].endswith("Z"), menu  # key names untouched
    assert "Chọn tất cả" in menu[-1]


def test_program_dialogs_have_no_english_buttons(qtbot) -> None:
    dialog = UnitDialog(None)
    qtbot.addWidget(dialog)
    texts = {b.text() for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()}
    assert texts and not texts & {"OK", "Cancel", "&OK", "&Cancel"}, texts
