"""The “Cài đặt” screen: the office, and the lists it can edit (forms, audiences, indicators)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.models import Office
from cchc_desktop.core.office_profile import DOCUMENT_KINDS, LEVELS
from cchc_desktop.core.taxonomy import DEFAULTS, TITLES, Term
from cchc_desktop.core.text import clean_line, fold, nfc
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.screen import Screen, window_actions
from cchc_desktop.gui.widgets import hint
from cchc_desktop.paths import data_location_text

FORM_GROUPS = {"it": "Công nghệ thông tin", "traditional": "Truyền thống"}
PROFILE_FIELDS = (
    ("reports_to", "Cơ quan cấp trên nhận báo cáo:"),
    ("standing_unit", "Đơn vị thường trực (theo dõi, tổng hợp):"),
    ("symbol", "Ký hiệu cơ quan trong số văn bản:"),
    ("header_name", "Tên in ở tiêu đề (| để xuống dòng):"),
    ("head", "Người đứng đầu (ghi trong văn bản):"),
)


class TermsEditor(QWidget):
    """One editable list; every change is saved at once as one undoable step."""

    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        extra = {"forms": ["Nhóm"], "indicators": ["Đơn vị tính"]}.get(kind, [])
        self.table = QTableWidget(0, 2 + len(extra))
        self.table.setHorizontalHeaderLabels(["Mã", "Tên", *extra])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if extra:
            self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
            self.table.horizontalHeader().resizeSection(2, 210)
        self.table.itemChanged.connect(lambda _i: self.save())
        buttons = QHBoxLayout()
        for text, slot in (("Thêm", self.add_row), ("Xóa", self.remove_row), ("Lên", lambda: self.move(-1)),
                           ("Xuống", lambda: self.move(1)), ("Khôi phục mặc định", self.restore)):  # fmt: skip
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self._loading = False
        self._shown: list[Term] | None = None
        self.load()

    def load(self) -> None:
        terms = self.ctx.store.settings.terms(self.kind)
        if terms == self._shown:
            return
        self._shown = terms
        self._loading = True
        self.table.setRowCount(len(terms))
        for row, t in enumerate(terms):
            self._set_row(row, t)
        self._loading = False

    def _set_row(self, row: int, t: Term) -> None:
        code = QTableWidgetItem(t.code)
        code.setFlags(code.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, code)
        self.table.setItem(row, 1, QTableWidgetItem(t.name))
        if self.kind == "forms":
            combo = self.table.cellWidget(row, 2)
            if not isinstance(combo, QComboBox):  # reuse: replaced widgets linger until idle
                combo = QComboBox()
                for key, name in FORM_GROUPS.items():
                    combo.addItem(name, key)
                combo.currentIndexChanged.connect(lambda _i: self.save())
                self.table.setCellWidget(row, 2, combo)
            combo.setCurrentIndex(max(0, combo.findData(t.group)))
        elif self.kind == "indicators":
            self.table.setItem(row, 2, QTableWidgetItem(t.unit))

    def terms(self) -> list[Term]:
        out = []
        for row in range(self.table.rowCount()):
            code = self.table.item(row, 0).text() if self.table.item(row, 0) else ""
            name = clean_line(self.table.item(row, 1).text()) if self.table.item(row, 1) else ""
            group = unit = ""
            if self.kind == "forms":
                combo = self.table.cellWidget(row, 2)
                group = combo.currentData() if combo else "traditional"
            elif self.kind == "indicators" and self.table.item(row, 2):
                unit = clean_line(self.table.item(row, 2).text())
            out.append(Term(code, name, group, unit))
        return out

    def save(self) -> None:
        if self._loading:
            return
        terms = self.terms()
        if terms != self.ctx.store.settings.terms(self.kind):
            self.ctx.act(self.ctx.store.settings.set_terms, self.kind, terms, touches=Kind.SETTINGS,
                         parent=self)  # fmt: skip

    def add_row(self) -> None:
        base = "Mục mới"
        codes = {t.code for t in self.terms()}
        code, n = fold(base).replace(" ", "_"), 2
        while code in codes:
            code, n = f"{fold(base).replace(' ', '_')}_{n}", n + 1
        terms = [*self.terms(), Term(code, base, "traditional" if self.kind == "forms" else "")]
        self.ctx.act(
            self.ctx.store.settings.set_terms, self.kind, terms, touches=Kind.SETTINGS, parent=self
        )
        self.table.setCurrentCell(self.table.rowCount() - 1, 1)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            terms = self.terms()
            del terms[row]
            self.ctx.act(self.ctx.store.settings.set_terms, self.kind, terms, touches=Kind.SETTINGS,
                         parent=self)  # fmt: skip

    def move(self, delta: int) -> None:
        row = self.table.currentRow()
        terms = self.terms()
        j = row + delta
        if 0 <= row < len(terms) and 0 <= j < len(terms):
            terms.insert(j, terms.pop(row))
            self.ctx.act(self.ctx.store.settings.set_terms, self.kind, terms, touches=Kind.SETTINGS,
                         parent=self)  # fmt: skip
            self.table.setCurrentCell(j, 1)

    def restore(self) -> None:
        self.ctx.act(self.ctx.store.settings.set_terms, self.kind, DEFAULTS[self.kind],
                     touches=Kind.SETTINGS, parent=self)  # fmt: skip


class PeriodsEditor(QWidget):
    """The office's reporting periods (Nghị định 09/2019 by default; provinces set their own)."""

    HEADERS = (
        "Mã",
        "Tên kỳ",
        "Từ ngày (dd/mm)",
        "Từ năm trước",
        "Đến ngày (dd/mm)",
        "Là kỳ báo cáo",
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton("Lưu kỳ báo cáo")
        self.save_button.clicked.connect(self.save)
        self.default_button = QPushButton("Khôi phục theo Nghị định 09/2019")
        self.default_button.clicked.connect(self.restore)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.default_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Số liệu chốt ngày 14, kỳ tính từ ngày 15. “Tên kỳ” dùng {year} cho năm. "
                              "Quý I–IV dùng để tính các lần báo cáo của nhiệm vụ thường xuyên."))  # fmt: skip
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.load()

    def load(self) -> None:
        rules = self.ctx.store.settings.period_rules()
        self.table.setRowCount(len(rules))
        for row, r in enumerate(rules):
            values = (r.key, r.name_template, f"{r.start_day:02d}/{r.start_month:02d}", "có" if r.start_year_offset else "",
                      f"{r.end_day:02d}/{r.end_month:02d}", "có" if r.report else "")  # fmt: skip
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)

    def rules(self) -> tuple:
        from cchc_desktop.core.periods import PeriodRule

        out = []
        for row in range(self.table.rowCount()):
            cell = [
                self.table.item(row, c).text().strip() if self.table.item(row, c) else ""
                for c in range(6)
            ]
            try:
                sd, sm = (int(x) for x in cell[2].split("/"))
                ed, em = (int(x) for x in cell[4].split("/"))
            except ValueError as exc:
                raise ValueError(f"Dòng {row + 1}: ngày phải có dạng dd/mm.") from exc
            out.append(PeriodRule(cell[0], cell[1], sm, sd, -1 if fold(cell[3]) in ("co", "x", "1") else 0, em, ed,
                                  fold(cell[5]) in ("co", "x", "1")))  # fmt: skip
        return tuple(out)

    def save(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        try:
            rules = self.rules()
        except ValueError as exc:
            QMessageBox.warning(self, "Chưa lưu", str(exc))
            return
        self.ctx.act(
            self.ctx.store.settings.set_period_rules, rules, touches=Kind.SETTINGS, parent=self
        )

    def restore(self) -> None:
        from cchc_desktop.core.periods import DEFAULT_PERIOD_RULES

        self.ctx.act(self.ctx.store.settings.set_period_rules, DEFAULT_PERIOD_RULES, touches=Kind.SETTINGS,
                     parent=self)  # fmt: skip


class ScoreRulesEditor(QWidget):
    """The PAR INDEX rule set as data (JSON): provinces and years differ."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QPlainTextEdit

        self.ctx = ctx
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        save = QPushButton("Lưu bộ tiêu chí")
        save.clicked.connect(self.save)
        restore = QPushButton("Khôi phục mặc định")
        restore.clicked.connect(self.restore)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(restore)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Tiêu chí 4.1 (hoàn thành kế hoạch, type “completion”) và 4.2 (đa dạng hình thức, "
                              "type “forms”: các phần với số điểm và mã hình thức hoặc nhóm). Sửa theo hướng dẫn của tỉnh."))  # fmt: skip
        layout.addLayout(row)
        layout.addWidget(self.edit)
        self.load()

    def load(self) -> None:
        import json

        from cchc_desktop.core.scoring import DEFAULT_SCORE_RULES

        self.edit.setPlainText(json.dumps(self.ctx.store.settings.setting("score_rules") or DEFAULT_SCORE_RULES,
                                          ensure_ascii=False, indent=2))  # fmt: skip

    def save(self) -> None:
        import json

        from PySide6.QtWidgets import QMessageBox

        from cchc_desktop.core.scoring import validate_rules

        try:
            data = json.loads(self.edit.toPlainText())
        except ValueError as exc:
            QMessageBox.warning(self, "Chưa lưu", f"Không đọc được bộ tiêu chí (JSON): {exc}")
            return
        errors = validate_rules(data)
        if errors:
            QMessageBox.warning(self, "Chưa lưu", "\n".join(errors))
            return
        self.ctx.act(self.ctx.store.settings.set_setting, "score_rules", data, "Sửa bộ tiêu chí chấm điểm",
                     touches=Kind.SETTINGS, parent=self)  # fmt: skip

    def restore(self) -> None:
        from cchc_desktop.core.scoring import DEFAULT_SCORE_RULES

        self.ctx.act(self.ctx.store.settings.set_setting, "score_rules", DEFAULT_SCORE_RULES,
                     "Khôi phục bộ tiêu chí", touches=Kind.SETTINGS, parent=self)  # fmt: skip


class BackupPanel(QWidget):
    """Backups: the automatic ones listed with what they hold; copy to USB; restore."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QListWidget

        self.ctx = ctx
        self.list = QListWidget(objectName="backupList")
        self.info = hint("")
        self.task = None  # the backup or export under way (gui/runner.py)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        for text, slot in (("Sao lưu ngay", self.backup_now), ("Sao lưu ra USB / thư mục…", self.backup_to_folder),
                           ("Khôi phục bản đã chọn…", self.restore)):  # fmt: skip
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons.append(b)
        row.addStretch(1)
        move = QHBoxLayout()
        for text, slot in (("Xuất toàn bộ dữ liệu ra tệp (chuyển máy)…", self.export_to_file),
                           ("Nhận dữ liệu từ tệp (chuyển máy)…", self.receive_from_file)):  # fmt: skip
            b = QPushButton(text)
            b.clicked.connect(slot)
            move.addWidget(b)
            self.buttons.append(b)
        move.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Chương trình tự sao lưu khi đóng, vài phút một lần khi có thay đổi, trước khi nâng cấp và "
                              "trước mỗi lần nhập dữ liệu; bản cũ được tỉa bớt (giữ mỗi ngày, mỗi tuần, mỗi tháng). "
                              "Mỗi bản đều được kiểm tra toàn vẹn. Nên sao lưu ra USB định kỳ."))  # fmt: skip
        layout.addLayout(row)
        layout.addLayout(move)
        layout.addWidget(self.info)
        layout.addWidget(self.list, 1)
        self.load()

    def _folder(self):
        return self.ctx.store.path.parent if self.ctx.store.path else None

    def load(self) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        from cchc_desktop.core.formatting import fmt_number
        from cchc_desktop.store.backup import backups_dir, list_backups
        from cchc_desktop.store.backup_state import last_external_backup

        self.list.clear()
        folder = self._folder()
        if folder is None:
            return
        for b in list_backups(backups_dir(folder)):
            size = fmt_number(max(1, b.size // 1024))
            text = (
                f"{b.created:%d/%m/%Y %H:%M:%S} · {b.reason_text} · {size} KB · {b.contents_text}"
            )
            item = QListWidgetItem(text + (" · HỎNG" if b.damaged else ""))
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        last = last_external_backup(folder)
        self.info.setText(f"Thư mục sao lưu: {backups_dir(folder)} · Lần sao lưu ra ngoài máy gần nhất: "
                          + (f"{last:%d/%m/%Y %H:%M}" if last else "chưa có"))  # fmt: skip

    def _run(self, title: str, job, done, failed_title: str = "Chưa sao lưu được"):
        """A backup or an export of the whole database, off the GUI thread (a ten-year
        office's file takes seconds to copy and check); its buttons wait meanwhile."""
        from PySide6.QtWidgets import QMessageBox

        from cchc_desktop.gui.runner import run

        def ended(*_a: object) -> None:
            for b in self.buttons:
                b.setEnabled(True)

        for b in self.buttons:
            b.setEnabled(False)
        task = run(self, title, job, done=done,
                   failed=lambda m: QMessageBox.warning(self, failed_title, m))  # fmt: skip
        task.ended.connect(ended)
        self.task = task
        return task

    def backup_now(self) -> None:
        from cchc_desktop.store.backup import backup_now

        path, folder = self.ctx.store.path, self._folder()
        self._run(
            "Sao lưu", lambda _p: backup_now(path, folder, "thucong"), lambda _info: self.load()
        )

    def backup_to_folder(self, folder=None) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from cchc_desktop.store.backup import backup_to_folder
        from cchc_desktop.store.backup_state import read_state

        before = read_state(self._folder()).get("last_external_folder") if self._folder() else ""
        folder = folder or QFileDialog.getExistingDirectory(  # starts where the last copy went
            self, "Chọn ổ USB hoặc thư mục để sao lưu", before if isinstance(before, str) else ""
        )
        if not folder:
            return
        path, data = self.ctx.store.path, self._folder()

        def done(info) -> None:
            QMessageBox.information(self, "Đã sao lưu", f"Đã sao lưu vào {info.path}.")
            self.load()

        self._run(
            "Sao lưu ra USB / thư mục", lambda _p: backup_to_folder(path, Path(folder), data), done
        )

    def export_to_file(self, target=None) -> None:
        """The whole database as one checked file, to carry to a new computer."""
        from datetime import date
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from cchc_desktop.store.backup import copy_off_pc

        if not target:
            suggested = Path.home() / f"CCHC Desktop - du lieu {date.today():%d-%m-%Y}.sqlite3"
            target, _ = QFileDialog.getSaveFileName(
                self, "Xuất toàn bộ dữ liệu", str(suggested), "Dữ liệu CCHC Desktop (*.sqlite3)"
            )
        if not target:
            return
        target = Path(target)
        if target.suffix.lower() != ".sqlite3":
            target = target.with_suffix(".sqlite3")
        path, data = self.ctx.store.path, self._folder()

        def done(info) -> None:
            QMessageBox.information(
                self, "Đã xuất dữ liệu",
                f"Đã ghi {info.path} ({info.contents_text}). "
                "Trên máy mới, mở Cài đặt → Sao lưu → “Nhận dữ liệu từ tệp”.",
            )  # fmt: skip

        self._run(
            "Xuất toàn bộ dữ liệu",
            lambda _p: copy_off_pc(path, target, data),
            done,
            "Chưa xuất được",
        )

    def receive_from_file(self, source=None, confirm: bool = True) -> None:
        """Take over a database exported on another computer (the current data is backed up
        first and replaced whole, exactly as restoring a backup)."""
        from PySide6.QtWidgets import QFileDialog

        if not source:
            source, _ = QFileDialog.getOpenFileName(
                self, "Nhận dữ liệu từ tệp", "", "Dữ liệu CCHC Desktop (*.sqlite3);;Mọi tệp (*)"
            )
        if source:
            self.restore(source, confirm)

    def restore(self, path=None, confirm: bool = True) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QMessageBox

        from cchc_desktop.store.backup import BackupError, check_restorable, diff_summary

        item = self.list.currentItem()
        path = Path(path) if path else (Path(item.data(Qt.ItemDataRole.UserRole)) if item else None)
        if path is None:
            return
        try:
            check_restorable(path)
        except BackupError as exc:
            QMessageBox.warning(self, "Không khôi phục được", str(exc))
            return
        diff = diff_summary(self.ctx.store.path, path)
        names = {"plans": "Kế hoạch", "sections": "Mục", "tasks": "Nhiệm vụ", "units": "Đơn vị",
                 "unit_groups": "Nhóm đơn vị", "assignments": "Giao việc", "results": "Kết quả"}  # fmt: skip
        lines = "\n".join(
            f"- {names.get(t, t)}: hiện có {now}, bản sao lưu có {then}"
            for t, (now, then) in diff.items()
        )
        if confirm and QMessageBox.question(
            self, "Khôi phục", f"Khôi phục dữ liệu từ bản sao lưu {path.name}?\n\n{lines}\n\n"
            "Dữ liệu hiện tại sẽ được sao lưu trước, rồi thay thế trọn vẹn.",
        ) != QMessageBox.StandardButton.Yes:  # fmt: skip
            return
        window = window_actions(self)
        if window is not None:
            window.restore_backup(path)


class DocumentsEditor(QWidget):
    """Each document type's own signer and Nơi nhận (the plan's and the report's), pre-filled
    from the office's level and data; the report view edits the report's too."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QCheckBox, QPlainTextEdit

        self.ctx = ctx
        self.fields: dict[str, tuple[QPlainTextEdit, QLineEdit, QPlainTextEdit]] = {}
        self._shown: dict[str, tuple[str, str, str]] = {}  # each document's fields as loaded
        row = QHBoxLayout()
        for kind, title in DOCUMENT_KINDS.items():
            box = QGroupBox(title)
            form = QFormLayout(box)
            lines, name, recipients = QPlainTextEdit(), QLineEdit(), QPlainTextEdit()
            for edit in (lines, recipients):
                edit.setTabChangesFocus(True)
            lines.setFixedHeight(70)
            form.addRow("Quyền hạn, chức vụ người ký\n(mỗi dòng một dòng in):", lines)
            form.addRow("Họ tên người ký:", name)
            form.addRow("Nơi nhận (mỗi dòng một nơi;\ndấu ; và . tự thêm):", recipients)
            self.fields[kind] = (lines, name, recipients)
            if kind == "report":
                self.blank_date = QCheckBox("Để trống ngày, tháng (văn thư điền khi ban hành)")
                form.addRow("", self.blank_date)
            row.addWidget(box)
        save = QPushButton("Lưu người ký, nơi nhận")
        save.clicked.connect(self.save)
        fill = QPushButton("Điền mặc định theo cấp của cơ quan")
        fill.clicked.connect(self.fill_defaults)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(fill)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Kế hoạch và báo cáo có người ký và nơi nhận riêng. Mặc định lấy từ cấp, tên cơ quan, "
                              "cơ quan cấp trên và các nhóm đơn vị; sửa một lần, chương trình ghi nhớ."))  # fmt: skip
        layout.addLayout(buttons)
        layout.addLayout(row, 1)
        self.load()

    def _headers(self) -> dict[str, object]:
        from cchc_desktop.core.office_profile import document_defaults, resolved
        from cchc_desktop.reports.periodic import ReportHeader, plan_header

        store = self.ctx.store
        units, groups = store.org.units(), store.org.groups()
        office = resolved(store.org.office(), units)
        report = ReportHeader.from_data(store.settings.setting("report_header"),
                                        document_defaults(office, "report", units, groups), office.symbol)  # fmt: skip
        plan = plan_header(store, document_defaults(office, "plan", units, groups), office.symbol)
        return {"plan": plan, "report": report}

    def load(self, defaults_only: bool = False, keep_typed: bool = False) -> None:
        """The saved signer and Nơi nhận of each document (``defaults_only``: the defaults of
        the office's level instead).  ``keep_typed``: a field edited since it was shown keeps
        what was typed (the office or the units changed the defaults, not this panel)."""
        from cchc_desktop.core.office_profile import document_defaults, resolved

        store = self.ctx.store
        units, groups = store.org.units(), store.org.groups()
        office = resolved(store.org.office(), units)
        headers = self._headers()
        for kind, (lines, name, recipients) in self.fields.items():
            if defaults_only:
                d = document_defaults(office, kind, units, groups)
                values = ("\n".join(d.signer_lines), name.text(), "\n".join(d.recipients))
            else:
                h = headers[kind]
                values = ("\n".join(h.signer_lines), h.signer_name, "\n".join(h.recipients))
            shown = self._shown.get(kind)
            now = (lines.toPlainText(), name.text(), recipients.toPlainText())
            for i, (edit, value) in enumerate(zip((lines, name, recipients), values, strict=True)):
                if keep_typed and shown is not None and now[i] != shown[i]:
                    continue  # typed and not saved
                if isinstance(edit, QLineEdit):
                    edit.setText(value)
                else:
                    edit.setPlainText(value)
            self._shown[kind] = (lines.toPlainText(), name.text(), recipients.toPlainText())
        if not defaults_only:
            self.blank_date.setChecked(store.settings.setting("report_blank_date") is True)

    def fill_defaults(self) -> None:
        self.load(defaults_only=True)

    def save(self) -> None:
        values = {
            kind: (
                [clean_line(x) for x in lines.toPlainText().splitlines() if x.strip()],
                clean_line(name.text()),
                [clean_line(x) for x in recipients.toPlainText().splitlines() if x.strip()],
            )
            for kind, (lines, name, recipients) in self.fields.items()
        }
        self.ctx.act(_save_documents, self.ctx.store, values, self.blank_date.isChecked(),
                     touches=Kind.SETTINGS, parent=self)  # fmt: skip


def _save_documents(store, values: dict, blank_date: bool) -> None:
    """One undoable step: each document type's signer and Nơi nhận, and the blank date."""
    with store.action("Sửa người ký, nơi nhận"):
        for kind, (lines, name, recipients) in values.items():
            key = f"{kind}_header"
            saved = store.settings.setting(key)
            data = dict(saved) if isinstance(saved, dict) else {}
            data.update(signer_lines=lines, signer_name=name, recipients=recipients)
            if data != saved:
                store.settings.set_setting(key, data)
        if (store.settings.setting("report_blank_date") is True) != blank_date:
            store.settings.set_setting("report_blank_date", blank_date)


# The settings the signer and Nơi nhận panel saves (its defaults follow the office's too).
DOCUMENT_KEYS = ("report_header", "plan_header", "report_blank_date")


class SettingsScreen(Screen):
    """The office and the lists it edits, one panel each.  A panel reloads only when its own
    settings change, so that what is typed and not yet saved in one panel survives saving
    another."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Cài đặt", parent)
        office_box = QGroupBox("Cơ quan sử dụng chương trình")
        form = QFormLayout(office_box)
        self.name_edit = QLineEdit()
        self.governing_edit = QLineEdit()
        self.place_edit = QLineEdit()
        self.user_edit = QLineEdit()
        self.level_combo = QComboBox()
        for code, name in LEVELS.items():
            self.level_combo.addItem(name, code)
        # what the documents print about the office: empty = the default shown in grey
        self.profile_edits = {key: QLineEdit() for key, _ in PROFILE_FIELDS}
        left, right = QFormLayout(), QFormLayout()
        left.addRow("Tên cơ quan:", self.name_edit)
        left.addRow("Cơ quan chủ quản:", self.governing_edit)
        left.addRow("Địa danh ghi ngày tháng:", self.place_edit)
        left.addRow("Họ tên người dùng:", self.user_edit)
        right.addRow("Cấp của cơ quan:", self.level_combo)
        for key, label in PROFILE_FIELDS:
            right.addRow(label, self.profile_edits[key])
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        form.addRow(columns)
        self.save_button = QPushButton("Lưu thông tin cơ quan")
        self.save_button.clicked.connect(self.save_office)
        self.defaults_button = QPushButton("Điền mặc định theo cấp")
        self.defaults_button.setToolTip(
            "Điền các ô đang trống bằng giá trị mặc định của cấp cơ quan đã chọn"
        )
        self.defaults_button.clicked.connect(self.fill_office_defaults)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.defaults_button)
        save_row.addStretch(1)
        form.addRow("", save_row)

        self.tabs = QTabWidget()
        self.editors = {}
        for kind in ("forms", "audiences", "indicators"):
            self.editors[kind] = TermsEditor(ctx, kind)
            self.tabs.addTab(self.editors[kind], TITLES[kind])
        self.periods = PeriodsEditor(ctx)
        self.tabs.addTab(self.periods, "Kỳ báo cáo")
        self.scoring = ScoreRulesEditor(ctx)
        self.tabs.addTab(self.scoring, "Chấm điểm PAR INDEX")
        self.backups = BackupPanel(ctx)
        self.tabs.addTab(self.backups, "Sao lưu, khôi phục")
        self.documents = DocumentsEditor(ctx)
        self.tabs.insertTab(0, self.documents, "Người ký, nơi nhận")

        layout = self.main_layout
        layout.addWidget(office_box)
        layout.addWidget(hint(data_location_text(ctx.store.path)))  # where the data lives
        layout.addWidget(hint("Các danh sách dưới đây là dữ liệu của cơ quan: sửa, thêm, bớt theo "
                              "hướng dẫn của tỉnh; nhiệm vụ chọn hình thức, đối tượng và chỉ tiêu từ đây."))  # fmt: skip
        layout.addWidget(self.tabs, 1)
        self.reload()

    def wants(self, record: Changes) -> bool:
        # units and groups: the defaults the office's fields and the documents show in grey
        return record.touches(Kind.SETTINGS, Kind.UNITS, Kind.GROUPS, Kind.IMPORTS)

    def refresh(self, record: Changes) -> None:
        """Reload the panels whose settings ``record`` touched, and only those."""
        if record.touches_setting("office"):
            self._load_office()
        elif record.touches(Kind.UNITS):
            self._show_defaults(self.ctx.store.org.office() or Office())
        if record.touches_setting(*DOCUMENT_KEYS):
            self.documents.load()
        elif record.touches_setting("office") or record.touches(Kind.UNITS, Kind.GROUPS):
            self.documents.load(keep_typed=True)  # new defaults; what is typed stays
        for kind, editor in self.editors.items():
            if record.touches_setting(f"terms.{kind}"):
                editor.load()
        if record.touches_setting("period_rules"):
            self.periods.load()
        if record.touches_setting("score_rules"):
            self.scoring.load()
        if record.touches(Kind.IMPORTS):  # a backup is made before every import
            self.backups.load()

    def activated(self) -> None:
        super().activated()
        self.backups.load()  # the automatic backups made since the screen was last shown

    def reload(self) -> None:
        """Every panel from the store (what is typed and not saved is lost)."""
        self._load_office()
        self.documents.load()
        for editor in self.editors.values():
            editor.load()
        self.periods.load()
        self.scoring.load()
        self.backups.load()

    def _load_office(self) -> None:
        office = self.ctx.store.org.office() or Office()
        self.name_edit.setText(office.name)
        self.governing_edit.setText(office.governing_body)
        self.place_edit.setText(office.place_name)
        self.user_edit.setText(office.user_name)
        self.level_combo.setCurrentIndex(
            max(0, self.level_combo.findData(office.level or "district"))
        )
        self._show_defaults(office)
        for key, _ in PROFILE_FIELDS:
            self.profile_edits[key].setText(getattr(office, key))

    def _typed_office(self) -> Office:
        return Office(
            clean_line(self.name_edit.text()), clean_line(self.governing_edit.text()),
            clean_line(self.place_edit.text()), clean_line(self.user_edit.text()),
            level=self.level_combo.currentData() or "",
            **{key: nfc(self.profile_edits[key].text()).strip() for key, _ in PROFILE_FIELDS},
        )  # fmt: skip

    def _show_defaults(self, office: Office) -> None:
        """The level's default of each field, in grey where the field is empty."""
        from cchc_desktop.core.office_profile import resolved

        filled = resolved(
            replace(office, **{key: "" for key, _ in PROFILE_FIELDS}), self.ctx.store.org.units()
        )
        for key, _ in PROFILE_FIELDS:
            self.profile_edits[key].setPlaceholderText(getattr(filled, key))

    def fill_office_defaults(self) -> None:
        office = self._typed_office()
        self._show_defaults(office)
        for key, _ in PROFILE_FIELDS:
            edit = self.profile_edits[key]
            if not edit.text().strip():
                edit.setText(edit.placeholderText())

    def save_office(self) -> None:
        office = self._typed_office()
        if not office.name:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Thiếu thông tin", "Hãy nhập tên cơ quan.")
            return
        self.ctx.act(self.ctx.store.org.set_office, office, touches=Kind.SETTINGS, parent=self)
