"""“Báo cáo”: review the periodic report in one screen, edit its wording, export it.

The header fields are remembered per office; the sections come pre-filled with sentences
generated from the data and the officer edits them before exporting to PDF, Excel and Word.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.formatting import fmt_date, fmt_number
from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS
from cchc_desktop.core.text import clean_line, nfc
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.occurrence_views import PeriodCombo
from cchc_desktop.gui.printing import add_print_shortcut, print_report
from cchc_desktop.gui.runner import Task, reading, run
from cchc_desktop.gui.screen import Screen
from cchc_desktop.gui.widgets import hint
from cchc_desktop.reports.periodic import (
    QUANTITY_RULE,
    TASK_RULE,
    PeriodicReport,
    ReportHeader,
    ReportTexts,
    build_report,
    indicator_line,
    money_sentence,
    pct,
    texts_key,
)
from cchc_desktop.store.dashboard import count_due, cutoff_for

if TYPE_CHECKING:  # the writers (openpyxl, reportlab, python-docx) load at the first export
    from cchc_desktop.reports.exports import ExportedReport

# Above this many occurrences in the period, the report is built off the GUI thread (a
# ten-year office's year takes about a second; a normal office's, a few milliseconds).
BUILD_OFF_THREAD_FROM = 3000


SECTIONS = (
    ("issuance", "I.1. Công tác ban hành và triển khai kế hoạch"),
    ("results", "I.2. Kết quả thực hiện nhiệm vụ"),
    ("shortcomings", "II. Tồn tại, hạn chế và nguyên nhân"),
    ("next_tasks", "III. Nhiệm vụ trọng tâm kỳ tới"),
    ("proposals", "IV. Đề xuất, kiến nghị"),
)


class ReportScreen(Screen):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(ctx, "Báo cáo định kỳ", parent)
        self.today = today or date.today()
        self.report: PeriodicReport | None = None
        self.period_combo = PeriodCombo()
        self.period_combo.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.regen_button = QPushButton("Soạn lại từ số liệu")
        self.regen_button.setToolTip("Điền lại các phần bằng câu chữ sinh từ số liệu mới nhất")
        self.regen_button.clicked.connect(lambda: self.regenerate(fresh_texts=True))
        self.custom = QCheckBox("Khoảng ngày tự chọn:")
        self.custom_from = QDateEdit(displayFormat="dd/MM/yyyy", calendarPopup=True)
        self.custom_to = QDateEdit(displayFormat="dd/MM/yyyy", calendarPopup=True)
        for w in (self.custom_from, self.custom_to):
            w.setEnabled(False)
            w.dateChanged.connect(lambda _d: self.custom.isChecked() and self._period_changed())
        self.custom.toggled.connect(self._custom_toggled)
        self.data_date = QDateEdit(displayFormat="dd/MM/yyyy", calendarPopup=True)
        self.data_date.setToolTip(
            "Ngày lấy số liệu: mặc định là ngày chốt số liệu của kỳ (ngày 14); đổi khi báo cáo "
            "được lập muộn hơn"
        )
        self.data_date.dateChanged.connect(lambda _d: self._data_date_changed())
        # two rows, so that the screen fits a 1366-pixel-wide office laptop
        top = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(QLabel("Kỳ báo cáo:"))
        first.addWidget(self.period_combo)
        first.addWidget(self.custom)
        first.addWidget(self.custom_from)
        first.addWidget(QLabel("–"))
        first.addWidget(self.custom_to)
        first.addStretch(1)
        second.addWidget(QLabel("Số liệu tính đến:"))
        second.addWidget(self.data_date)
        second.addWidget(self.regen_button)
        second.addStretch(1)
        top.addLayout(first)
        top.addLayout(second)

        # header fields, remembered per office
        self.number = QLineEdit(placeholderText="…/BC-UBND")
        self.report_date = QDateEdit(displayFormat="dd/MM/yyyy", calendarPopup=True)
        self.report_date.setDate(QDate(self.today.year, self.today.month, self.today.day))
        self.issuing = QLineEdit()
        self.governing = QLineEdit()
        self.place = QLineEdit()
        self.signer_lines = QPlainTextEdit()
        self.signer_lines.setFixedHeight(64)
        self.signer_lines.setTabChangesFocus(True)
        self.signer_name = QLineEdit()
        self.recipients = QPlainTextEdit()
        self.recipients.setFixedHeight(110)
        self.recipients.setTabChangesFocus(True)
        head = QGroupBox("Thể thức (ghi nhớ cho lần sau)")
        hf = QFormLayout(head)
        hf.addRow("Số, ký hiệu:", self.number)
        hf.addRow("Ngày báo cáo:", self.report_date)
        hf.addRow("Cơ quan ban hành\n(| để xuống dòng):", self.issuing)
        hf.addRow("Cơ quan chủ quản:", self.governing)
        hf.addRow("Địa danh:", self.place)
        hf.addRow("Quyền hạn, chức vụ người ký\n(mỗi dòng một dòng in):", self.signer_lines)
        hf.addRow("Họ tên người ký:", self.signer_name)
        hf.addRow("Nơi nhận (mỗi dòng một nơi):", self.recipients)

        self.texts: dict[str, QPlainTextEdit] = {}
        text_box = QGroupBox("Nội dung (sửa trực tiếp)")
        tf = QFormLayout(text_box)
        tf.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for key, title in SECTIONS:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
            self.texts[key] = edit
            tf.addRow(title, edit)

        self.summary = QTextBrowser(objectName="reportSummary")
        self.formats = {f: QCheckBox(f.upper()) for f in ("pdf", "xlsx", "docx")}
        for box in self.formats.values():
            box.setChecked(True)
        self.export_button = QPushButton("Xuất báo cáo… (Ctrl+S)")
        self.export_button.setShortcut("Ctrl+S")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.plan_button = QPushButton("Xuất văn bản Kế hoạch…")
        self.plan_button.clicked.connect(self.export_plan)
        self.rollup_button = QPushButton("Tổng hợp báo cáo các cơ quan…")
        self.rollup_button.setToolTip(
            "Cơ quan cấp trên: gộp sheet Dữ liệu của nhiều báo cáo Excel thành một bảng tổng hợp"
        )
        self.rollup_button.clicked.connect(lambda: self.rollup())  # not clicked(bool)'s flag
        self.print_button = QPushButton("In… (Ctrl+P)")
        self.print_button.setToolTip("In qua hộp thoại in của máy: đúng các trang của bản PDF")
        self.print_button.clicked.connect(lambda: print_report(self))
        add_print_shortcut(self, lambda: print_report(self))
        self.last_label = hint("")
        self.last_label.setOpenExternalLinks(False)
        self.last_label.linkActivated.connect(self._last_link)
        out_row = QHBoxLayout()
        for box in self.formats.values():
            out_row.addWidget(box)
        out_row.addStretch(1)
        out_row.addWidget(self.rollup_button)
        out_row.addWidget(self.print_button)
        out_row.addWidget(self.plan_button)
        out_row.addWidget(self.export_button)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(head)
        lv.addWidget(text_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel("<b>Số liệu đưa vào báo cáo</b>"))
        rv.addWidget(self.summary, 1)
        splitter.addWidget(right)
        splitter.setSizes([640, 420])

        layout = self.main_layout
        layout.addWidget(hint("Chọn kỳ, xem số liệu, sửa câu chữ, rồi xuất PDF (in, ký), Excel (gửi tổng hợp) và Word "
                              "(chỉnh sửa thêm). Tệp được ghi an toàn: lỗi giữa chừng không để lại tệp hỏng."))  # fmt: skip
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(out_row)
        layout.addWidget(self.last_label)
        self.issued_box = QGroupBox("Báo cáo đã ban hành (bản đã gửi, không đổi)")
        ib = QHBoxLayout(self.issued_box)
        self.issued_combo = QComboBox()
        self.issued_combo.setMinimumWidth(360)
        view = QPushButton("Xem bản đã gửi và thay đổi từ đó…")
        view.clicked.connect(self.open_issued)
        ib.addWidget(self.issued_combo)
        ib.addWidget(view)
        ib.addStretch(1)
        layout.addWidget(self.issued_box)
        ctx.plan_changed.connect(lambda _p: (self._set_year(), self._fill_issued()))
        self._build: Task | None = None  # the report being built off the GUI thread
        self._export: Task | None = None  # the export under way
        self._last_paths: list[Path] = []
        self._last_export: ExportedReport | None = None  # what “đánh dấu đã ban hành” freezes
        self._pending_export: dict[str, ExportedReport] = {}
        self._printable: tuple | None = None  # the last report's PDF, period, texts, header
        self._again: tuple | None = None  # (run the export again(folder, name), its folder)
        self._generation = 0  # which regeneration a finished background build belongs to
        self.busy = False
        self._needs_report = [self.export_button, self.regen_button]
        self._set_year()
        self._fill_issued()

    # -- data --------------------------------------------------------------------------
    def _set_year(self) -> None:
        if self.ctx.plan_id is None:
            return
        self._save_texts()
        self.report = None
        year = self.ctx.store.catalogue.plan(self.ctx.plan_id).year
        self.period_combo.blockSignals(True)  # one report, built below, not one per change
        self.period_combo.set_year(year, self.ctx.store.settings.period_rules())
        # default: the latest report period already cut off
        ended = [
            i
            for i in range(self.period_combo.count())
            if self.period_combo.itemData(i).end < self.today
        ]
        if ended:
            self.period_combo.setCurrentIndex(max(ended, key=lambda i: (self.period_combo.itemData(i).end,
                                                                       -self.period_combo.itemData(i).start.toordinal())))  # fmt: skip
        self.period_combo.blockSignals(False)
        self._period_changed()

    def activated(self) -> None:
        super().activated()
        # (a report still being built by the runner is on its way: not built a second time)
        if self.report is None and not self.busy:
            self.regenerate()

    def wants(self, record: Changes) -> bool:
        """Everything a report is built from, and the issued reports; not the screen's own
        writes (the wording and the header it keeps), nor an import's own bookkeeping."""
        return not self.started(record) and record.touches_other_than(Kind.IMPORTS)

    def refresh(self, record: Changes) -> None:
        """The figures follow, now if the screen is shown, else when it is next shown; the
        officer's wording is kept."""
        if record.touches(Kind.REPORTS):
            self._fill_issued()
        if record.touches_other_than(Kind.REPORTS, Kind.IMPORTS):
            self._save_texts()
            self.regenerate()

    def prepare_screenshot(self) -> None:
        self.activated()

    def _custom_toggled(self, on: bool) -> None:
        self.period_combo.setEnabled(not on)
        for w in (self.custom_from, self.custom_to):
            w.setEnabled(on)
        if on:
            p = self.period_combo.current()
            for w, d in ((self.custom_from, p.start), (self.custom_to, p.end)):
                w.blockSignals(True)
                w.setDate(QDate(d.year, d.month, d.day))
                w.blockSignals(False)
        self._period_changed()

    def _period_changed(self) -> None:
        """Another report: keep the officer's edits of the one on screen, and take the figures
        at the new period's cut-off."""
        self._save_texts()
        self.report = None
        period = self.current_period()
        if period is not None and not self.custom.isChecked():
            for w, d in ((self.custom_from, period.start), (self.custom_to, period.end)):
                w.blockSignals(True)  # the range offered when the officer ticks it
                w.setDate(QDate(d.year, d.month, d.day))
                w.blockSignals(False)
        if period is not None:
            d = cutoff_for(period, self._report_day())
            self.data_date.blockSignals(True)
            self.data_date.setDate(QDate(d.year, d.month, d.day))
            self.data_date.blockSignals(False)
        self.regenerate()

    def _data_date_changed(self) -> None:
        self._save_texts()
        self.regenerate()

    def _data_day(self) -> date:
        d = self.data_date.date()
        return date(d.year(), d.month(), d.day())

    def current_period(self):
        """The chosen reporting period, or the custom date range."""
        if self.custom.isChecked():
            from cchc_desktop.core.periods import custom_period

            a, b = self.custom_from.date(), self.custom_to.date()
            try:
                return custom_period(
                    date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())
                )
            except ValueError:
                return None
        return self.period_combo.current()

    def regenerate(self, fresh_texts: bool = False) -> None:
        """Build the report on screen; ``fresh_texts`` replaces the officer's saved wording by
        sentences drawn from the figures (“Soạn lại từ số liệu”)."""
        if self.ctx.plan_id is None or self.period_combo.count() == 0:
            return
        self._generation += 1  # a build still running in its thread is now out of date
        if self._build is not None and self._build.running:
            self._build.cancel()
        self._set_busy(False)
        period = self.current_period()
        if period is None:
            self.summary.setHtml(
                "<p style='color:#b71c1c'>Ngày kết thúc phải sau ngày bắt đầu.</p>"
            )
            return
        plan_id, day, path = self.ctx.plan_id, self._report_day(), self.ctx.store.path
        data_day, saved = self._data_day(), not fresh_texts
        if (
            path is None
            or str(path) == ":memory:"
            or count_due(self.ctx.store, plan_id, period.start, period.end) < BUILD_OFF_THREAD_FROM
        ):
            self._show_report(
                build_report(self.ctx.store, plan_id, period, day, None, data_day, saved)
            )
            return
        # A large year: built by the runner on its own reading connection; the screen says so
        # and stays usable, and a period chosen meanwhile wins over the build under way.
        generation = self._generation
        self.report = None
        self._set_busy(True)
        self.summary.setHtml(f"<p>Đang lập báo cáo {period.name} từ số liệu…</p>")

        def build(store, progress) -> PeriodicReport:
            return build_report(store, plan_id, period, day, None, data_day, saved)

        self._build = run(
            self, f"Lập báo cáo {period.name}", reading(path, build), dialog=False,
            done=lambda report: self._built(report, generation),
            failed=lambda message: self._build_failed(message, generation),
        )  # fmt: skip

    def _built(self, report: PeriodicReport, generation: int) -> None:
        if generation != self._generation:
            return  # the user chose another period meanwhile
        self._set_busy(False)
        self._show_report(report)

    def _build_failed(self, message: str, generation: int) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.summary.setHtml(
            f"<p style='color:#b71c1c'>Không lập được báo cáo: {html_escape(message)}</p>"
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in self._needs_report:
            w.setEnabled(not busy)
        if self._export is not None and self._export.running:
            self.export_button.setEnabled(False)  # one export at a time

    def _show_report(self, report: PeriodicReport) -> None:
        period = report.period
        self.report = report
        h = self.report.header
        self.number.setText(h.number)
        self.issuing.setText(h.issuing_body)
        self.governing.setText(h.governing_body)
        self.place.setText(h.place)
        self.signer_lines.setPlainText("\n".join(h.signer_lines))
        self.signer_name.setText(h.signer_name)
        self.recipients.setPlainText("\n".join(h.recipients))
        for key, edit in self.texts.items():
            edit.setPlainText(getattr(self.report.texts, key))
        self.title.setText(f"Báo cáo định kỳ — {period.name}")
        self._show_summary(self.report)

    def _save_texts(self) -> None:
        """Keep the officer's wording of the report on screen (per plan and period), so that
        choosing another period, another plan or rebuilding never loses it."""
        r = self.report
        if r is None or self.ctx.plan_id is None:
            return
        now = self.texts_now()
        key = texts_key(self.ctx.plan_id, r.period)
        if now == r.texts or asdict(now) == self.ctx.store.settings.setting(key):
            return
        self.ctx.act(self.ctx.store.settings.set_setting, key, asdict(now),
                     f"Sửa nội dung báo cáo {r.period.name}", touches=Kind.SETTINGS, parent=self)  # fmt: skip
        r.texts = now

    def _report_day(self) -> date:
        d = self.report_date.date()
        return date(d.year(), d.month(), d.day())

    def _show_summary(self, r: PeriodicReport) -> None:
        """The figures that go into the report, worded as the documents word them."""
        f = r.figures
        span_start, span_end = r.period.span
        cumulative = span_start == r.period.year_start
        rows = "".join(
            f"<tr><td>{BUCKET_NAMES[b]}</td><td align=right>{fmt_number(f.task_counts[b])}</td>"
            f"<td align=right>{fmt_number(f.share_counts[b])}</td></tr>"
            for b in BUCKETS
        )
        forms = "".join(
            f"<li>{html_escape(name)}: {fmt_number(n)} lượt</li>" for name, n in r.forms[:10]
        )
        inds = "".join(
            f"<li>{html_escape(indicator_line(i, cumulative))}</li>" for i in r.indicators
        )
        scores = "".join(
            f"<li>{html_escape(s.code)} {html_escape(s.name)}: <b>{fmt_number(s.points)}/"
            f"{fmt_number(s.max_points)}</b> — {html_escape(s.explanation)}</li>"
            for s in r.scores
        )
        carried = sum(1 for t in f.tasks.values() if t.carried)
        self.summary.setHtml(
            f"<p>Kỳ: <b>{html_escape(r.period.name)}</b>: nhiệm vụ có hạn từ {fmt_date(span_start)} "
            f"đến {fmt_date(span_end)}"
            + (f", {fmt_number(carried)} nhiệm vụ chuyển từ kỳ trước" if carried else "")
            + f"; số liệu tính đến {fmt_date(r.data_date)}.</p>"
            f"<p>Hoàn thành <b>{fmt_number(f.tasks_done)}/{fmt_number(f.tasks_total)}</b> nhiệm vụ: "
            f"<b>{pct(f.task_rate)}</b> · {fmt_number(f.shares_done)}/{fmt_number(f.shares_total)} "
            f"lượt của đơn vị chủ trì ({pct(f.share_rate)})</p>"
            f"<table cellpadding=3><tr><th></th><th>Nhiệm vụ</th><th>Lượt</th></tr>{rows}</table>"
            f"<p><i>{html_escape(TASK_RULE)}</i></p>"
            f"<p><b>Hình thức tuyên truyền</b> (lượt hoàn thành)</p><ul>{forms or '<li>—</li>'}</ul>"
            f"<p><b>Số liệu so với chỉ tiêu</b></p><ul>{inds or '<li>—</li>'}</ul>"
            f"<p><i>{html_escape(QUANTITY_RULE)}</i></p>"
            f"<p>{html_escape(money_sentence(r, cumulative))}</p>"
            f"<p><b>Tự chấm điểm PAR INDEX</b></p><ul>{scores}</ul>"
            f"<p>Phụ lục I: {fmt_number(sum(1 for x in r.annex1 if not isinstance(x, str)))} nhiệm vụ · "
            f"Phụ lục II: {fmt_number(len(r.annex2) - 1)} đơn vị · Dữ liệu: {fmt_number(len(r.flat))} dòng</p>"
        )

    def header(self) -> ReportHeader:
        return ReportHeader(
            number=clean_line(self.number.text()),
            signer_lines=[
                clean_line(x) for x in self.signer_lines.toPlainText().splitlines() if x.strip()
            ],
            signer_name=clean_line(self.signer_name.text()),
            recipients=[
                clean_line(x) for x in self.recipients.toPlainText().splitlines() if x.strip()
            ],
            place=clean_line(self.place.text()),
            governing_body=clean_line(self.governing.text()),
            issuing_body=clean_line(self.issuing.text()),
        )

    def texts_now(self) -> ReportTexts:
        return ReportTexts(
            **{key: nfc(edit.toPlainText()).strip() for key, edit in self.texts.items()}
        )

    # -- exporting ---------------------------------------------------------------------
    def choose_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục hoặc ổ USB để lưu")
        return Path(folder) if folder else None

    def export(self, folder: Path | None = None, base: str | None = None) -> None:
        if self.ctx.plan_id is None or self.report is None:
            return
        formats = [f for f, box in self.formats.items() if box.isChecked()]
        if not formats:
            QMessageBox.information(self, "Xuất báo cáo", "Hãy chọn ít nhất một định dạng.")
            return
        folder = folder or self.choose_folder()
        if folder is None:
            return
        self.keep_header()
        period = self.current_period()
        if period is None:
            return
        self._save_texts()
        plan_id, texts, day, data_day = (
            self.ctx.plan_id, self.texts_now(), self._report_day(), self._data_day()
        )  # fmt: skip
        held: dict[str, ExportedReport] = {}
        self._last_export = None

        def job(store, progress):
            from cchc_desktop.reports.exports import export_report_files

            held["export"] = export_report_files(
                store, plan_id, period, formats, folder, day, texts, progress, data_day, base
            )
            return held["export"].paths

        self._pending_export = held
        self._again = (lambda f, b: self.export(f, b), folder)
        self._run(f"Xuất báo cáo {period.name}", len(formats), job)

    def keep_header(self) -> None:
        """Remember the header fields on screen for this office (one undoable step)."""
        header = self.header()
        if (
            header.to_data()
            != ReportHeader.from_data(self.ctx.store.settings.setting("report_header")).to_data()
        ):
            self.ctx.act(self.ctx.store.settings.set_setting, "report_header", header.to_data(),
                         "Sửa thể thức báo cáo", touches=Kind.SETTINGS, parent=self)  # fmt: skip

    def printable(self) -> Path | None:
        """The PDF of the last report export while the screen still shows what it holds."""
        if self._printable is None:
            return None
        pdf, code, texts, header = self._printable
        period = self.current_period()
        same = (period is not None and period.code == code and self.texts_now() == texts
                and self.header().to_data() == header)  # fmt: skip
        return pdf if same and pdf.is_file() else None

    def export_plan(self, folder: Path | None = None, base: str | None = None) -> None:
        if self.ctx.plan_id is None:
            return
        formats = [f for f, box in self.formats.items() if box.isChecked()] or ["pdf"]
        folder = folder or self.choose_folder()
        if folder is None:
            return
        plan_id = self.ctx.plan_id

        def job(store, progress):
            from cchc_desktop.reports.exports import export_plan

            return export_plan(store, plan_id, formats, folder, progress, base)

        self._again = (lambda f, b: self.export_plan(f, b), folder)
        self._run("Xuất văn bản Kế hoạch", len(formats), job)

    def _run(self, title: str, steps: int, job) -> None:
        """Export off the GUI thread on a reading connection, one step per file; “Hủy” keeps
        every file of the set out (they are written as one set)."""

        def export(store, progress) -> list[Path]:
            progress.step(0, steps, title)
            return job(store, lambda fmt: progress(f"{title}: tệp {fmt.upper()}"))

        self.export_button.setEnabled(False)
        self.plan_button.setEnabled(False)
        self._export = run(self, title, reading(self.ctx.store.path, export), done=self._done,
                           failed=self._failed, cancelled=self._export_cancelled)  # fmt: skip

    def _export_cancelled(self) -> None:
        self._exported()
        self._again = None
        self.last_label.setText("Đã hủy xuất tệp; không có tệp nào được ghi.")

    def _exported(self) -> None:
        self.export_button.setEnabled(not self.busy)
        self.plan_button.setEnabled(True)

    def _done(self, paths: list[Path]) -> None:
        self._exported()
        self._last_paths = paths
        self._last_export = self._pending_export.pop("export", None)
        pdf = next((p for p in paths if p.suffix == ".pdf"), None)
        if self._last_export is not None:
            r = self._last_export.report
            texts, head = self.texts_now(), self.header().to_data()
            self._printable = (pdf, r.period.code, texts, head) if pdf else None
        names = "<br>".join(html_escape(p.name) for p in paths)
        issue = (
            " · <a href='issue'>Đánh dấu đã ban hành (lưu đúng bản vừa xuất)</a>"
            if self._last_export is not None
            else ""
        )
        self.last_label.setText(
            f"Đã lưu {len(paths)} tệp vào {html_escape(str(paths[0].parent)) if paths else ''}:<br>{names}<br>"
            f"<a href='file'>Mở tệp {(pdf or paths[0]).suffix[1:].upper() if paths else ''}</a> · "
            "<a href='open'>Mở thư mục</a>"
            + (" · <a href='print'>In (Ctrl+P)</a>" if pdf else "")
            + "<br>Gửi thư kèm tệp: <a href='mail'>Outlook cổ điển (tệp .eml)</a> · "
            "<a href='mailto'>chương trình thư khác (Outlook mới, Thunderbird…)</a>"
            + issue
            + self._unsigned_note()
        )

    def _unsigned_note(self) -> str:
        """A reminder, not a stop: offices often print before the signer's name is settled."""
        r = self._last_export.report if self._last_export is not None else None
        if r is None or r.header.signer_name.strip():
            return ""
        return (
            "<br><span style='color:#8a5300'>Lưu ý: báo cáo chưa ghi họ tên người ký "
            "(ô “Họ tên người ký”); hãy điền rồi xuất lại trước khi trình ký.</span>"
        )

    def _failed(self, message: str) -> None:
        from cchc_desktop.gui.handoff import after_failed_export

        self._exported()
        again, self._again = self._again, None
        choice = after_failed_export(self, message, again[1] if again else None)
        if choice is not None and again is not None:
            again[0](*choice)

    def _last_link(self, link: str) -> None:
        if not self._last_paths:
            return
        folder = self._last_paths[0].parent
        if link == "open":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        elif link == "file":
            pdf = next((p for p in self._last_paths if p.suffix == ".pdf"), self._last_paths[0])
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))
        elif link == "print":
            print_report(self)
        elif link == "mailto":
            self.mail_other_app()
        elif link == "issue":
            self.issue()
        else:
            self.make_mail()

    def rollup(self, files: list[Path] | None = None, out: Path | None = None) -> dict | None:
        """Combine several offices' exported Excel reports into one summary workbook."""
        from cchc_desktop.exchange.rollup import (
            check_same_period,
            find_duplicates,
            read_report,
            rollup,
        )
        from cchc_desktop.exchange.unit_sheets import ImportRejected
        from cchc_desktop.reports.safe import ExportError

        if files is None:
            names, _ = QFileDialog.getOpenFileNames(
                self, "Chọn báo cáo Excel của các cơ quan", "", "Excel (*.xlsx)"
            )
            files = [Path(n) for n in names]
        if not files:
            return None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self, "Lưu bảng tổng hợp", "Tong hop bao cao.xlsx", "Excel (*.xlsx)"
            )
            out = Path(name) if name else None
        if out is None:
            return None
        try:
            reports = [read_report(f) for f in files]
            check_same_period(reports)
            on_duplicate = "refuse"
            pairs = find_duplicates(reports)
            if pairs:
                lines = "\n".join(
                    f"- {kept.office}: “{earlier.path.name}” và “{kept.path.name}”"
                    for earlier, kept in pairs
                )
                answer = QMessageBox.question(
                    self, "Một cơ quan có nhiều tệp",
                    f"Các tệp sau là báo cáo cùng kỳ của cùng một cơ quan:\n{lines}\n\n"
                    "Mỗi cơ quan chỉ được tính một lần. Lấy tệp chọn sau cùng của mỗi cơ quan "
                    "(Yes) hay dừng lại để chọn lại tệp (No)?",
                )  # fmt: skip
                if answer != QMessageBox.StandardButton.Yes:
                    return None
                on_duplicate = "replace"
            summary = rollup(files, out, on_duplicate)
        except (ImportRejected, ExportError) as exc:
            QMessageBox.warning(self, "Chưa tổng hợp được", str(exc))
            return None
        QMessageBox.information(
            self,
            "Đã tổng hợp",
            f"Đã tổng hợp {fmt_number(summary['offices'])} cơ quan ({summary['period_name']}), "
            f"{fmt_number(summary['rows'])} dòng vào {out}.",
        )
        return summary

    # -- issued reports ----------------------------------------------------------------
    def issue(self) -> int | None:
        """Freeze the report just exported: the files as written, and the figures and wording
        they were built from (not a rebuild: the data may have changed since), bound to the
        number printed on them.  Issuing is once, and no undo takes it back."""
        exported = self._last_export
        if exported is None or self.ctx.plan_id is None:
            return None
        r = exported.report
        data = {"header": r.header.to_data(), "texts": asdict(r.texts), **r.summary_data()}
        sid = self.ctx.act(self.ctx.store.issued.issue_report, self.ctx.plan_id, r.period.code, r.period.name,
                           r.header.number.strip(), data, exported.paths, touches=Kind.REPORTS,
                           parent=self)  # fmt: skip
        if sid is not None:
            self._last_export = None
            self._done_issuing(r.header.number.strip())
        self._fill_issued()
        return sid

    def _done_issuing(self, number: str) -> None:
        text = self.last_label.text()
        cut = text.find(" · <a href='issue'>")
        self.last_label.setText(
            (text[:cut] if cut >= 0 else text)
            + f" · Đã đánh dấu ban hành số {html_escape(number) or '(chưa có số)'}."
        )

    def _fill_issued(self) -> None:
        self.issued_combo.clear()
        for snap in self.ctx.store.issued.snapshots(self.ctx.plan_id):
            self.issued_combo.addItem(
                f"{snap.number} · {snap.period_name} · ban hành {snap.issued_at[:10]}", snap.id
            )
        self.issued_box.setVisible(self.issued_combo.count() > 0)

    def open_issued(self) -> SnapshotDialog | None:
        sid = self.issued_combo.currentData()
        snap = next(
            (x for x in self.ctx.store.issued.snapshots(self.ctx.plan_id) if x.id == sid), None
        )
        if snap is None:
            return None
        dialog = SnapshotDialog(self.ctx, snap, self.today, self)
        dialog.show()
        return dialog

    def make_mail(self) -> Path | None:
        from cchc_desktop.reports.mail import report_mail_text, write_eml
        from cchc_desktop.reports.safe import ExportError

        if not self._last_paths or self.report is None:
            return None
        h = self.header()
        subject, body = report_mail_text(h.issuing_body, self.report.title, h.number)
        try:
            eml = write_eml(self._last_paths[0].parent, subject, body, self._last_paths)
        except ExportError as exc:
            QMessageBox.warning(self, "Chưa soạn được thư", str(exc))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(eml)))
        return eml

    def mail_other_app(self) -> str | None:
        """New Outlook, Thunderbird and web mail do not open an .eml as a draft: a new message
        in the system's mail program (mailto:), the text also on the clipboard, and the folder
        shown with the files to attach."""
        from cchc_desktop.gui.handoff import mail_with_app
        from cchc_desktop.reports.mail import report_mail_text

        if not self._last_paths or self.report is None:
            return None
        h = self.header()
        subject, body = report_mail_text(h.issuing_body, self.report.title, h.number)
        return mail_with_app(self, subject, body, self._last_paths)

    def closeEvent(self, event) -> None:
        for task in (self._build, self._export):
            if task is not None and task.running:
                task.cancel()
        super().closeEvent(event)


class SnapshotDialog(QDialog):
    """An issued report exactly as sent, and what has changed in the live data since."""

    def __init__(self, ctx: AppContext, snap, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.snap = ctx, snap
        self.setWindowTitle(f"Báo cáo đã ban hành {snap.number} — {snap.period_name}")
        self.resize(900, 640)
        d = snap.data
        texts = d.get("texts", {})
        live = None
        if snap.plan_id is not None and snap.period_code != "custom":
            from cchc_desktop.core.periods import parse_period_code

            try:
                period = parse_period_code(snap.period_code, ctx.store.settings.period_rules())
                cutoff = date.fromisoformat(d["cutoff"]) if d.get("cutoff") else None
                live = build_report(ctx.store, snap.plan_id, period, today, data_date=cutoff)
            except ValueError:
                live = None

        def table(key: str, now: dict[str, int] | None) -> str:
            sent = d.get(key) or {}
            rows = ""
            for b in BUCKETS:
                old = sent.get(b, 0)
                mark = ""
                if now is not None and now[b] != old:
                    mark = f" <b style='color:#b71c1c'>→ {fmt_number(now[b])}</b>"
                rows += f"<tr><td>{BUCKET_NAMES[b]}</td><td align=right>{fmt_number(old)}{mark}</td></tr>"
            return f"<table cellpadding=3>{rows}</table>"

        groups = ctx.store.issued.changes_by_unit(snap)
        n_changes = sum(len(items) for _, items in groups)
        changes = "".join(
            f"<p><b>{html_escape(unit)}</b></p><ul>"
            + "".join(f"<li>{html_escape(c.text)}</li>" for c in items[:50])
            + "</ul>"
            for unit, items in groups
        )
        html = (
            f"<p>Số <b>{html_escape(snap.number) or '—'}</b>, {html_escape(snap.period_name)}; ban hành lúc "
            f"{snap.issued_at} bởi {html_escape(snap.issued_by or '—')}.</p>"
            f"<p><b>Số liệu đã gửi</b> (tính đến {fmt_date(date.fromisoformat(d['cutoff'])) if d.get('cutoff') else ''}; "
            "đỏ: dữ liệu hiện tại đã khác)</p>"
            f"<p>Nhiệm vụ ({fmt_number(d.get('total', 0))}):</p>"
            + table("counts", live.figures.task_counts if live else None)
            + (f"<p>Lượt của đơn vị chủ trì ({fmt_number(d.get('shares_total', 0))}):</p>"
               + table("share_counts", live.figures.share_counts if live else None)
               if "share_counts" in d else "")
            + "".join(f"<p><b>{title}</b><br>{html_escape(texts.get(key, ''))}</p>" for key, title in SECTIONS)
            + f"<p><b>Thay đổi sau khi ban hành</b>: {fmt_number(n_changes)}</p>{changes}"
        )  # fmt: skip
        self.view = QTextBrowser()
        self.view.setHtml(html)
        self.files = QComboBox()
        self.files.addItems(list(snap.files))
        open_button = QPushButton("Mở tệp đã gửi")
        open_button.clicked.connect(self.open_file)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tệp:"))
        row.addWidget(self.files, 1)
        row.addWidget(open_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def open_file(self) -> Path | None:
        import tempfile

        from cchc_desktop.reports.safe import ExportError, atomic_write, safe_filename
        from cchc_desktop.store.errors import StoreError

        name = self.files.currentText()
        if not name:
            return None
        try:
            content = self.ctx.store.issued.snapshot_file(self.snap.id, name)
            folder = Path(tempfile.mkdtemp(prefix="cchc-da-gui-"))
            path = atomic_write(
                folder / safe_filename(Path(name).stem, Path(name).suffix),
                lambda t: t.write_bytes(content),
            )
        except (StoreError, ExportError) as exc:
            QMessageBox.warning(self, "Không mở được", str(exc))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path


__all__ = ["SECTIONS", "Qt", "ReportScreen", "SnapshotDialog"]
