"""The first-run form: who is the office, or load the demo instead."""

from __future__ import annotations

import contextlib
import getpass

from PySide6.QtWidgets import QDialog, QWidget

from cchc_desktop.core.models import Office
from cchc_desktop.core.text import clean_line
from cchc_desktop.gui.forms.ui_first_run import Ui_FirstRunDialog
from cchc_desktop.gui.theme import style_form
from cchc_desktop.gui.widgets import hint
from cchc_desktop.paths import data_location_text
from cchc_desktop.store.store import Store


class FirstRunDialog(QDialog):
    """Asks for the office; ``wants_demo`` is set when the user prefers the demo office."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.wants_demo = False
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        style_form(self)
        where = hint(data_location_text(store.path))  # the data stays per Windows account
        self.ui.verticalLayout.insertWidget(
            self.ui.verticalLayout.indexOf(self.ui.formError), where
        )
        with contextlib.suppress(Exception):  # no OS user name on some systems
            self.ui.userEdit.setText(getpass.getuser())
        self.ui.startButton.clicked.connect(self.start)
        self.ui.demoButton.clicked.connect(self.use_demo)
        self.ui.cancelButton.clicked.connect(self.reject)

    def start(self) -> None:
        name = clean_line(self.ui.nameEdit.text())
        if not name:
            self.ui.formError.setText("Hãy nhập tên cơ quan (ví dụ: UBND huyện Vĩnh Lộc).")
            self.ui.nameEdit.setFocus()
            return
        self.store.org.set_office(
            Office(
                name=name,
                governing_body=clean_line(self.ui.governingEdit.text()),
                place_name=clean_line(self.ui.placeEdit.text()),
                user_name=clean_line(self.ui.userEdit.text()),
            )
        )
        self.store.undo_log.reset()  # declaring the office is not an edit to undo
        self.accept()

    def use_demo(self) -> None:
        self.wants_demo = True
        self.accept()
