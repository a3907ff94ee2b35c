"""“Báo cáo”: review the periodic report in one screen, edit its wording, export it.

The header fields are remembered per office; the sections come pre-filled with sentences
generated from the data and the officer edits them before exporting to PDF, Excel and Word.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from html import escape as html_escape
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, QUrl, Signal
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

from cchc_desktop.core.formatting import fmt_date, fmt_number
from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS
from cchc_desktop.core.text import clean_line, nfc
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.export_worker import run_export
from cchc_desktop.gui.occurrence_views import PeriodCombo
from cchc_desktop.gui.widgets import hint, page_title
from cchc_desktop.reports.periodic import PeriodicReport, ReportHeader, ReportTexts, build_report
from cchc_desktop.store.dashboard import count_due
from cchc_desktop.store.store import Store

# Above this many occurrences in the period, the report is built off the GUI thread (a
# ten-year office's year takes about a second; a normal office's, a few milliseconds).
BUILD_OFF_THREAD_FROM = 3000


class _Relay(QObject):
    """Carries a report built in a worker thread back to the GUI thread (queued signal)."""

    built = Signal(object, int)


SECTIONS = (
    ("issuance", "I.1. Công tác ban hành và triển khai kế hoạch"),
    ("results", "I.2. Kết quả thực hiện nhiệm vụ"),
    ("shortcomings", "II. Tồn tại, hạn chế và nguyên nhân"),
    ("next_tasks", "III. Nhiệm vụ trọng tâm kỳ tới"),
    ("proposals", "IV. Đề xuất, kiến nghị"),
)


class ReportScreen(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.report: PeriodicReport | None = None
        self.period_combo = PeriodCombo()
        self.period_combo.currentIndexChanged.connect(lambda _i: self.regenerate())
        self.regen_button = QPushButton("Soạn lại từ số liệu")
        self.regen_button.setToolTip("Điền lại các phần bằng câu chữ sinh từ số liệu mới nhất")
        self.regen_button.clicked.connect(self.regenerate)
        self.custom = QCheckBox("Khoảng ngày tự chọn:")
        self.custom_from = QDateEdit(displayFormat="dd/MM/yyyy", calendarPopup=True)
        self.custom_to = QDateEdit(displayFormat="dd/MM/yyyy", calendarPopup=True)
        for w in (self.custom_from, self.custom_to):
            w.setEnabled(False)
            w.dateChanged.connect(lambda _d: self.custom.isChecked() and self.regenerate())
        self.custom.toggled.connect(self._custom_toggled)
        top = QHBoxLayout()
        top.addWidget(QLabel("Kỳ báo cáo:"))
        top.addWidget(self.period_combo)
        top.addWidget(self.custom)
        top.addWidget(self.custom_from)
        top.addWidget(QLabel("–"))
        top.addWidget(self.custom_to)
        top.addWidget(self.regen_button)
        top.addStretch(1)

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
        hf.addRow("Cơ quan ban hành:", self.issuing)
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
        self.rollup_button.clicked.connect(self.rollup)
        self.last_label = hint("")
        self.last_label.setOpenExternalLinks(False)
        self.last_label.linkActivated.connect(self._last_link)
        out_row = QHBoxLayout()
        for box in self.formats.values():
            out_row.addWidget(box)
        out_row.addStretch(1)
        out_row.addWidget(self.rollup_button)
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
        splitter.setSizes([700, 460])

        layout = QVBoxLayout(self)
        self.title = page_title("Báo cáo định kỳ")
        layout.addWidget(self.title)
        layout.addWidget(hint("Chọn kỳ, xem số liệu, sửa câu chữ, rồi xuất PDF (in, ký), Excel (gửi tổng hợp) và Word "
                              "(chỉnh sửa thêm). Tệp được ghi an toàn: lỗi giữa chừng không để lại tệp hỏng."))  # fmt: skip
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(out_row)
        layout.addWidget(self.last_label)
        self.issued_box = QGroupBox("Báo cáo đã ban hành (bản đã gửi, không đổi)")
        ib = QHBoxLayout(self.issued_box)
        self.issued_combo = QComboBox()
        self.issued_combo.setMinimumWidth(420)
        view = QPushButton("Xem bản đã gửi và thay đổi từ đó…")
        view.clicked.connect(self.open_issued)
        ib.addWidget(self.issued_combo)
        ib.addWidget(view)
        ib.addStretch(1)
        layout.addWidget(self.issued_box)
        ctx.plan_changed.connect(lambda _p: (self._set_year(), self._fill_issued()))
        self._threads: list = []
        self._last_paths: list[Path] = []
        self._generation = 0  # which regeneration a finished background build belongs to
        self.busy = False
        self._needs_report = [self.export_button, self.regen_button]
        self._relay = _Relay(self)
        self._relay.built.connect(self._built)
        self._set_year()
        self._fill_issued()

    # -- data --------------------------------------------------------------------------
    def _set_year(self) -> None:
        if self.ctx.plan_id is None:
            return
        year = self.ctx.store.plan(self.ctx.plan_id).year
        self.period_combo.blockSignals(True)  # one report, built below, not one per change
        self.period_combo.set_year(year, self.ctx.store.period_rules())
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
        self.regenerate()

    def activated(self) -> None:
        if self.report is None:
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
        self.regenerate()

    def current_period(self):  # noqa: ANN201
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

    def regenerate(self) -> None:
        if self.ctx.plan_id is None or self.period_combo.count() == 0:
            return
        self._generation += 1  # a build still running in its thread is now out of date
        self._set_busy(False)
        period = self.current_period()
        if period is None:
            self.summary.setHtml(
                "<p style='color:#b71c1c'>Ngày kết thúc phải sau ngày bắt đầu.</p>"
            )
            return
        plan_id, day, path = self.ctx.plan_id, self._report_day(), self.ctx.store.path
        if (
            path is None
            or str(path) == ":memory:"
            or count_due(self.ctx.store, plan_id, period.start, period.end) < BUILD_OFF_THREAD_FROM
        ):
            self._show_report(build_report(self.ctx.store, plan_id, period, day))
            return
        # A large year: build it on a reading connection in a thread; the screen stays usable.
        generation = self._generation
        self.report = None
        self._set_busy(True)
        self.summary.setHtml(f"<p>Đang lập báo cáo {period.name} từ số liệu…</p>")

        def work() -> None:
            try:
                store = Store.open_reader(path)
                try:
                    result: object = build_report(store, plan_id, period, day)
                finally:
                    store.close()
            except Exception as exc:  # noqa: BLE001 - shown to the user
                result = exc
            with contextlib.suppress(RuntimeError):  # the screen was closed meanwhile
                self._relay.built.emit(result, generation)

        threading.Thread(target=work, name="lap-bao-cao", daemon=True).start()

    def _built(self, result: object, generation: int) -> None:
        if generation != self._generation:
            return  # the user chose another period meanwhile
        self._set_busy(False)
        if isinstance(result, Exception):
            self.summary.setHtml(
                f"<p style='color:#b71c1c'>Không lập được báo cáo: {html_escape(str(result))}</p>"
            )
            return
        self._show_report(result)  # type: ignore[arg-type]

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in self._needs_report:
            w.setEnabled(not busy)

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

    def _report_day(self) -> date:
        d = self.report_date.date()
        return date(d.year(), d.month(), d.day())

    def _show_summary(self, r: PeriodicReport) -> None:
        done = r.counts["done_on_time"] + r.counts["done_late"]
        rows = "".join(
            f"<tr><td>{BUCKET_NAMES[b]}</td><td align=right>{fmt_number(r.counts[b])}</td></tr>"
            for b in BUCKETS
        )
        forms = "".join(
            f"<li>{html_escape(name)}: {fmt_number(n)}</li>" for name, n in r.forms[:10]
        )
        inds = "".join(
            f"<li>{html_escape(name)}: {fmt_number(total)} {html_escape(unit)}"
            + (f" / {fmt_number(target)}" if target else "")
            + "</li>"
            for name, unit, total, target in r.indicators
        )
        scores = "".join(
            f"<li>{html_escape(s.code)} {html_escape(s.name)}: <b>{s.points:g}/{s.max_points:g}</b> — "
            f"{html_escape(s.explanation)}</li>"
            for s in r.scores
        )
        rate = "—" if r.rate is None else f"{r.rate * 100:.1f}%".replace(".", ",")
        self.summary.setHtml(
            f"<p>Kỳ: <b>{html_escape(r.period.name)}</b> ({fmt_date(r.period.start)} – {fmt_date(r.period.end)}), "
            f"tính đến {fmt_date(r.cutoff)}.</p>"
            f"<p>Hoàn thành <b>{fmt_number(done)}/{fmt_number(r.total)}</b> lượt nhiệm vụ: <b>{rate}</b></p>"
            f"<table cellpadding=3>{rows}</table>"
            f"<p><b>Hình thức tuyên truyền</b></p><ul>{forms or '<li>—</li>'}</ul>"
            f"<p><b>Số liệu so với chỉ tiêu</b></p><ul>{inds or '<li>—</li>'}</ul>"
            f"<p><b>Tự chấm điểm PAR INDEX</b></p><ul>{scores}</ul>"
            f"<p>Phụ lục I: {fmt_number(sum(1 for x in r.annex1 if not isinstance(x, str)))} nhiệm vụ · "
            f"Phụ lục II: {fmt_number(len(r.annex2))} đơn vị · Dữ liệu: {fmt_number(len(r.flat))} dòng</p>"
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

    def export(self, folder: Path | None = None) -> None:
        if self.ctx.plan_id is None or self.report is None:
            return
        formats = [f for f, box in self.formats.items() if box.isChecked()]
        if not formats:
            QMessageBox.information(self, "Xuất báo cáo", "Hãy chọn ít nhất một định dạng.")
            return
        folder = folder or self.choose_folder()
        if folder is None:
            return
        header = self.header()
        if (
            header.to_data()
            != ReportHeader.from_data(self.ctx.store.setting("report_header")).to_data()
        ):
            self.ctx.act(
                self.ctx.store.set_setting,
                "report_header",
                header.to_data(),
                "Sửa thể thức báo cáo",
                parent=self,
            )
        plan_id, period, texts, day = (
            self.ctx.plan_id,
            self.period_combo.current(),
            self.texts_now(),
            self._report_day(),
        )

        def job(store, progress):  # noqa: ANN001, ANN202 - runs in the worker thread
            from cchc_desktop.reports.exports import export_report

            return export_report(store, plan_id, period, formats, folder, day, texts, progress)

        self._run(f"Báo cáo {period.name}", len(formats), job)

    def export_plan(self, folder: Path | None = None) -> None:
        if self.ctx.plan_id is None:
            return
        formats = [f for f, box in self.formats.items() if box.isChecked()] or ["pdf"]
        folder = folder or self.choose_folder()
        if folder is None:
            return
        plan_id = self.ctx.plan_id

        def job(store, progress):  # noqa: ANN001, ANN202
            from cchc_desktop.reports.exports import export_plan

            return export_plan(store, plan_id, formats, folder, progress)

        self._run("Văn bản Kế hoạch", len(formats), job)

    def _run(self, title: str, steps: int, job) -> None:  # noqa: ANN001
        path = self.ctx.store.path
        self.export_button.setEnabled(False)
        thread = run_export(self, title, steps, path, job, self._done, self._failed)
        self._threads.append(thread)

    def _done(self, paths: list[Path]) -> None:
        self.export_button.setEnabled(True)
        self._last_paths = paths
        names = "<br>".join(p.name for p in paths)
        self.last_label.setText(
            f"Đã lưu {len(paths)} tệp vào {paths[0].parent if paths else ''}:<br>{names}<br>"
            "<a href='open'>Mở thư mục</a> · <a href='mail'>Soạn thư điện tử kèm tệp (.eml)</a> · "
            "<a href='issue'>Đánh dấu đã ban hành (lưu đúng bản đã gửi)</a>"
        )

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        QMessageBox.warning(self, "Chưa xuất được", message)

    def _last_link(self, link: str) -> None:
        if not self._last_paths:
            return
        folder = self._last_paths[0].parent
        if link == "open":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        elif link == "issue":
            self.issue()
        else:
            self.make_mail()

    def rollup(self, files: list[Path] | None = None, out: Path | None = None) -> dict | None:
        """Combine several offices' exported Excel reports into one summary workbook."""
        from cchc_desktop.exchange.rollup import rollup
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
            summary = rollup(files, out)
        except (ImportRejected, ExportError) as exc:
            QMessageBox.warning(self, "Chưa tổng hợp được", str(exc))
            return None
        QMessageBox.information(
            self,
            "Đã tổng hợp",
            f"Đã tổng hợp {summary['offices']} cơ quan, {summary['rows']} dòng vào {out}.",
        )
        return summary

    # -- issued reports ----------------------------------------------------------------
    def issue(self) -> int | None:
        """Freeze the report just exported: its figures, wording and the files that were sent."""
        if self.report is None or not self._last_paths or self.ctx.plan_id is None:
            return None
        r = build_report(
            self.ctx.store,
            self.ctx.plan_id,
            self.period_combo.current(),
            self._report_day(),
            self.texts_now(),
        )
        data = {
            "header": self.header().to_data(), "texts": self.texts_now().__dict__, "counts": r.counts,
            "rate": r.rate, "total": r.total, "cutoff": r.cutoff.isoformat(), "report_date": r.report_date.isoformat(),
            "annex2": r.annex2, "indicators": r.indicators,
        }  # fmt: skip
        sid = self.ctx.act(self.ctx.store.issue_report, self.ctx.plan_id, r.period.code, r.period.name,
                           self.header().number, data, self._last_paths, parent=self)  # fmt: skip
        self._fill_issued()
        return sid

    def _fill_issued(self) -> None:
        self.issued_combo.clear()
        for snap in self.ctx.store.snapshots(self.ctx.plan_id):
            self.issued_combo.addItem(
                f"{snap.number} · {snap.period_name} · ban hành {snap.issued_at[:10]}", snap.id
            )
        self.issued_box.setVisible(self.issued_combo.count() > 0)

    def open_issued(self) -> SnapshotDialog | None:
        sid = self.issued_combo.currentData()
        snap = next((x for x in self.ctx.store.snapshots(self.ctx.plan_id) if x.id == sid), None)
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

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        for runner in self._threads:
            runner.cancel()
            runner.thread.quit()
            runner.thread.wait(10000)
        super().closeEvent(event)


class SnapshotDialog(QDialog):
    """An issued report exactly as sent, and what has changed in the live data since."""

    def __init__(self, ctx: AppContext, snap, today: date, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.snap = ctx, snap
        self.setWindowTitle(f"Báo cáo đã ban hành {snap.number} — {snap.period_name}")
        self.resize(900, 640)
        d = snap.data
        texts = d.get("texts", {})
        sent = "".join(
            f"<tr><td>{BUCKET_NAMES[b]}</td><td align=right>{d['counts'].get(b, 0)}</td>"
            for b in BUCKETS
        )
        live = None
        if snap.plan_id is not None:
            from cchc_desktop.core.periods import parse_period_code

            try:
                period = parse_period_code(snap.period_code, ctx.store.period_rules())
                live = build_report(ctx.store, snap.plan_id, period, today)
            except ValueError:
                live = None
        diff_rows = ""
        if live is not None:
            for b in BUCKETS:
                old, new = d["counts"].get(b, 0), live.counts[b]
                mark = "" if old == new else f" <b style='color:#b71c1c'>→ {new}</b>"
                diff_rows += f"<tr><td>{BUCKET_NAMES[b]}</td><td align=right>{old}{mark}</td></tr>"
        changes = ctx.store.changes_since(snap)
        html = (
            f"<p>Số <b>{snap.number}</b>, {snap.period_name}; ban hành lúc {snap.issued_at} bởi {snap.issued_by or '—'}.</p>"
            f"<p><b>Số liệu đã gửi</b> (tính đến {d.get('cutoff', '')}): {d.get('total', 0)} lượt nhiệm vụ</p>"
            f"<table cellpadding=3>{sent}</table>"
            + "".join(f"<p><b>{title}</b><br>{texts.get(key, '')}</p>" for key, title in SECTIONS)
            + (f"<p><b>So với dữ liệu hiện tại</b> (đỏ: đã thay đổi)</p><table cellpadding=3>{diff_rows}</table>" if diff_rows else "")
            + f"<p><b>Thay đổi sau khi ban hành</b>: {len(changes)}</p><ul>"
            + "".join(f"<li>{c}</li>" for c in changes[:50]) + "</ul>"
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
        from cchc_desktop.store.store import StoreError

        name = self.files.currentText()
        if not name:
            return None
        try:
            content = self.ctx.store.snapshot_file(self.snap.id, name)
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
