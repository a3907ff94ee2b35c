"""Printing and mail on a Windows office PC.

Rules checked here:
- Ctrl+P prints a document as its PDF's own pages through the system's print dialog: driven
  here through a fake printer (QPrinter writing a PDF file), the printed file has exactly as
  many pages as the document's PDF, landscape annexes included; a page range prints those
  pages only.  The report, plan and unit screens each answer Ctrl+P.
- The pages are drawn off the GUI thread (a province's report is minutes of 300-dpi pages):
  the window answers meanwhile, a progress dialog counts the pages, and “Hủy” stops before
  the next page and aborts the print job.
- After an export the report screen offers to open the file itself, its folder, and to print.
- Mail for new Outlook and Thunderbird: a ``mailto:`` link with subject and text in UTF-8
  percent-encoding (spaces %20, line breaks %0D%0A), the text also on the clipboard and the
  folder shown, since a ``mailto:`` link cannot carry attachments.
"""

from __future__ import annotations

import urllib.parse
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.gui import printing
from cchc_desktop.reports.mail import MAILTO_LIMIT, mailto_url, report_mail_text
from cchc_desktop.store.store import Store


def fake_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def printed(qtbot, out: Path) -> None:
    """Wait until every job has ended (the PDF made, then its pages printed)."""
    from cchc_desktop.gui import runner

    qtbot.waitUntil(lambda: runner.running() == 0 and out.exists(), timeout=30000)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    xa = s.org.add_unit("UBND xã Đông Hưng", kind="commune")
    pid = s.catalogue.add_plan(
        2023, "Tuyên truyền cải cách hành chính năm 2023", number="25/KH-UBND"
    )
    for i in range(1, 30):
        s.catalogue.add_task(pid, None, f"Nhiệm vụ tuyên truyền số {i} về cải cách hành chính",
                   timeline="Quý III/2023", lead=[UnitRef("unit", xa)])  # fmt: skip
    s.undo_log.reset()
    yield s
    s.close()


def test_a_fake_printer_gets_as_many_pages_as_the_pdf(qapp, store: Store, tmp_path: Path) -> None:
    from cchc_desktop.reports.exports import export_plan

    pdf = export_plan(store, store.catalogue.plans()[0].id, ["pdf"], tmp_path)[0]
    n = printing.pdf_page_count(pdf)
    assert n >= 2  # the plan and its landscape annex
    sizes = {tuple(round(float(x)) for x in p.mediabox[2:]) for p in PdfReader(str(pdf)).pages}
    assert len(sizes) == 2  # portrait and landscape pages
    out = tmp_path / "in.pdf"
    assert printing.print_pdf(pdf, fake_printer(out), dpi=60) == n
    assert pages(out) == n
    # every printed sheet is the paper's shape (A4 portrait); landscape pages were turned
    assert {tuple(round(float(x)) for x in p.mediabox[2:]) for p in PdfReader(str(out)).pages} == {
        (595, 842)
    }


def test_a_page_range_prints_those_pages(qapp, store: Store, tmp_path: Path) -> None:
    from cchc_desktop.reports.exports import export_plan

    pdf = export_plan(store, store.catalogue.plans()[0].id, ["pdf"], tmp_path)[0]
    printer = fake_printer(tmp_path / "trang-2.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert printing.print_pdf(pdf, printer, dpi=60) == 1 and pages(tmp_path / "trang-2.pdf") == 1


def test_a_damaged_pdf_is_said_in_vietnamese(qapp, tmp_path: Path) -> None:
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(printing.PrintError, match="Không đọc được tệp PDF “hong.pdf” để in."):
        printing.print_pdf(bad, fake_printer(tmp_path / "x.pdf"))


def test_a_cancel_stops_before_the_next_page_and_aborts_the_job(
    qapp, store: Store, tmp_path: Path
) -> None:
    from cchc_desktop.core.progress import Cancelled, Progress
    from cchc_desktop.reports.exports import export_plan

    class Printer(QPrinter):  # a printer driver that can drop a job (a PDF file cannot)
        aborted = 0

        def abort(self) -> bool:
            self.aborted += 1
            return super().abort()

    pdf = export_plan(store, store.catalogue.plans()[0].id, ["pdf"], tmp_path)[0]
    printer = Printer(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "dung.pdf"))
    steps: list[tuple[int, int, str]] = []

    def heard(done: int, total: int, text: str) -> None:
        steps.append((done, total, text))
        if done == 1:
            progress.cancel()  # “Hủy” while the second page is drawn

    progress = Progress(heard)
    n = printing.pdf_page_count(pdf)
    assert n >= 3  # a page left to stop before
    with pytest.raises(Cancelled):
        printing.print_pdf(pdf, printer, dpi=60, progress=progress)
    assert steps == [(0, n, f"Đang in trang 1/{n}…"), (1, n, f"Đang in trang 2/{n}…")]
    assert printer.aborted == 1  # while the painter was still on it: the job is dropped


def test_the_pages_are_drawn_off_the_gui_thread_while_the_window_answers(
    qtbot, store: Store, tmp_path: Path, monkeypatch
) -> None:
    import threading

    from cchc_desktop.gui.runner import DONE
    from cchc_desktop.reports.exports import export_plan

    pdf = export_plan(store, store.catalogue.plans()[0].id, ["pdf"], tmp_path)[0]
    out = tmp_path / "in.pdf"
    _accept_dialog(monkeypatch, out)
    threads: list[str] = []
    release = threading.Event()
    drawn = printing.print_pdf

    def print_pdf(path, printer, dpi=None, progress=None):
        threads.append(threading.current_thread().name)
        release.wait(10)  # the pages take their time; the GUI thread goes on meanwhile
        return drawn(path, printer, dpi, progress)

    monkeypatch.setattr(printing, "print_pdf", print_pdf)
    task = printing.print_pdf_dialog(None, pdf, "Kế hoạch")
    assert task is not None and task.running  # the dialog's answer came back at once
    qtbot.waitUntil(lambda: bool(threads), timeout=10000)
    assert threads[0] != threading.current_thread().name
    outcomes: list[str] = []
    task.ended.connect(outcomes.append)
    release.set()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=30000)
    assert outcomes == [DONE] and pages(out) == printing.pdf_page_count(pdf)


def _accept_dialog(monkeypatch, out: Path) -> list[int]:
    """The print dialog answered “In” with the fake printer; returns the ranges it offered."""
    offered: list[int] = []

    def exec_(dialog) -> int:
        offered.append(dialog.maxPage())
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    monkeypatch.setattr(printing, "PRINT_DPI", 60)
    return offered


def test_ctrl_p_on_the_plan_screen_prints_the_plan(
    qtbot, store: Store, tmp_path: Path, monkeypatch
) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.plans_view import PlansScreen

    ctx = AppContext(store)
    screen = PlansScreen(ctx)
    qtbot.addWidget(screen)
    out = tmp_path / "ke-hoach-in.pdf"
    offered = _accept_dialog(monkeypatch, out)
    act = next(
        a for a in screen.actions() if a.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    )
    act.trigger()  # the PDF is made off the GUI thread, then the print dialog opens
    qtbot.waitUntil(lambda: bool(offered), timeout=30000)
    printed(qtbot, out)
    assert offered and pages(out) == offered[0] >= 2
    assert not [p for p in Path(printing.tempfile.gettempdir()).glob("cchc-in-*")]  # cleaned up


def test_ctrl_p_on_a_units_screen_prints_its_sheet(
    qtbot, store: Store, tmp_path: Path, monkeypatch
) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.unit_work_view import UnitWorkScreen

    ctx = AppContext(store)
    screen = UnitWorkScreen(ctx, today=date(2023, 8, 1))
    qtbot.addWidget(screen)
    unit = store.org.units()[0].id
    if hasattr(screen.unit_combo, "select_unit"):
        screen.unit_combo.select_unit(unit)
    else:
        screen.unit_combo.setCurrentIndex(screen.unit_combo.findData(unit))
    q3 = next(
        i
        for i in range(screen.period_combo.count())
        if screen.period_combo.itemData(i).code == "2023-Q3"
    )
    screen.period_combo.setCurrentIndex(q3)
    out = tmp_path / "phieu-in.pdf"
    offered = _accept_dialog(monkeypatch, out)
    printing.print_unit_sheet(screen)
    printed(qtbot, out)
    assert offered[0] == pages(out) >= 1
    assert any(a.shortcut() == QKeySequence("Ctrl+P") for a in screen.actions())


def test_ctrl_p_on_the_report_screen_prints_the_exported_pdf(
    qtbot, store: Store, tmp_path: Path, monkeypatch
) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.report_view import ReportScreen

    ctx = AppContext(store)
    screen = ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    out = tmp_path / "bao-cao-in.pdf"
    offered = _accept_dialog(monkeypatch, out)
    printing.print_report(screen)  # made now: nothing exported yet
    printed(qtbot, out)
    assert pages(out) == offered[0]

    folder = tmp_path / "usb"
    folder.mkdir()
    for fmt in ("xlsx", "docx"):
        screen.formats[fmt].setChecked(False)
    screen.export(folder)
    qtbot.waitUntil(lambda: bool(screen._last_paths), timeout=30000)
    (pdf,) = screen._last_paths
    assert screen.printable() == pdf
    label = screen.last_label.text()
    assert "href='file'>Mở tệp PDF" in label and "href='open'>Mở thư mục" in label
    assert "href='print'" in label and "href='mailto'" in label and "href='mail'" in label
    opened: list[str] = []
    monkeypatch.setattr(
        "cchc_desktop.gui.report_view.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()),
    )
    screen._last_link("file")
    screen._last_link("open")
    assert opened == [str(pdf), str(folder)]
    out.unlink()
    screen._last_link("print")
    printed(qtbot, out)
    assert pages(out) == printing.pdf_page_count(pdf)
    screen.texts["proposals"].setPlainText("Đề nghị sửa sau khi xuất.")
    assert screen.printable() is None  # the screen no longer shows what the file holds


def test_mailto_encodes_vietnamese_subject_and_text() -> None:
    subject, body = report_mail_text("UBND huyện Vĩnh Lộc", "Kết quả tuyên truyền CCHC quý III năm 2023",
                                     "118/BC-UBND")  # fmt: skip
    url = mailto_url(subject, body, "vanthu@sonoivu.gov.vn")
    assert url.startswith("mailto:vanthu@sonoivu.gov.vn?subject=")
    assert url.isascii() and " " not in url and "+" not in url
    query = urllib.parse.urlsplit(url).query
    fields = dict(part.split("=", 1) for part in query.split("&"))
    assert urllib.parse.unquote(fields["subject"], errors="strict") == subject
    assert urllib.parse.unquote(fields["body"]) == body.replace("\n", "\r\n")
    assert "%0D%0A" in fields["body"] and "%20" in fields["subject"]
    assert fields["subject"].startswith("UBND%20huy%E1%BB%87n%20V%C4%A9nh%20L%E1%BB%99c")  # UTF-8
    # decomposed input (a Vietnamese keyboard) is sent precomposed
    decomposed = "Vie\u0323\u0302t Nam"
    assert (
        urllib.parse.unquote(mailto_url(decomposed, "")[len("mailto:?subject=") :].split("&")[0])
        == "Việt Nam"
    )
    # & = ? # in the text stay text
    tricky = mailto_url("Hỏi & đáp = 100%?", "a#b&c")
    assert urllib.parse.unquote(tricky.split("subject=")[1].split("&")[0]) == "Hỏi & đáp = 100%?"
    assert tricky.endswith("body=a%23b%26c")


def test_a_text_too_long_for_a_link_goes_by_the_clipboard_only() -> None:
    url = mailto_url("Báo cáo", "Nội dung rất dài. " * 400)
    assert len(url) <= MAILTO_LIMIT and "body=" not in url


def test_mail_with_app_opens_the_mail_program_and_the_folder(
    qapp, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui import handoff

    files = [tmp_path / "Báo cáo.pdf", tmp_path / "Báo cáo.xlsx"]
    for f in files:
        f.write_bytes(b"x")
    urls: list[str] = []
    monkeypatch.setattr(handoff.QDesktopServices, "openUrl",
                        lambda url: urls.append(url.toString(url.ComponentFormattingOption.FullyEncoded)) or True)  # fmt: skip
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    text = handoff.mail_with_app(
        None, "Báo cáo quý III", "Kính gửi: Sở Nội vụ.\nTrân trọng./.", files
    )
    assert urls[0] == mailto_url("Báo cáo quý III", "Kính gửi: Sở Nội vụ.\nTrân trọng./.")
    assert urls[1] == Path(tmp_path).as_uri() or urls[1].endswith(tmp_path.name)  # the folder
    assert QGuiApplication.clipboard().text() == "Kính gửi: Sở Nội vụ.\nTrân trọng./."
    assert shown == [text] and "Báo cáo.pdf" in text and "không thể tự gắn" in text


def test_the_mail_names_the_office_on_one_line() -> None:
    """The header's issuing body may hold “|” where its printed line breaks (“UBND huyện|Hòa
    Vang Thượng”); the mail's subject and text name the office as a sentence does."""
    subject, body = report_mail_text("UBND huyện|Hòa Vang Thượng", "Kết quả tuyên truyền CCHC "
                                     "quý III năm 2023", "118/BC-UBND")  # fmt: skip
    assert subject.startswith("UBND huyện Hòa Vang Thượng gửi Báo cáo ")
    assert "|" not in subject and "|" not in body
    assert "\nUBND huyện Hòa Vang Thượng gửi Báo cáo số 118/BC-UBND" in body
