"""Printing a document as its PDF's own pages, through the system's print dialog (Ctrl+P).

Offices print every report and plan for signing; what comes out of the printer must be the
pages of the PDF that is sent, not a second layout.  The PDF's pages are drawn by PDFium
(pypdfium2: QtPdf's engine, which PySide6-Essentials does not carry) at up to 300 dpi and
painted onto the QPrinter the dialog set up, one sheet per page.  A landscape page (an annex)
is turned to fit portrait paper, as PDF readers do.

Ctrl+P works on the report screen (the PDF just exported when it still matches the screen,
otherwise one made now), the plan screen (the selected plan's document) and a unit's screen
(that unit's Phiếu giao nhiệm vụ for the chosen period).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from cchc_desktop.core.progress import Cancelled

if TYPE_CHECKING:
    from cchc_desktop.core.progress import Progress
    from cchc_desktop.gui.runner import Task
    from cchc_desktop.store.store import Store

PRINT_DPI = 300  # sharp text on any office printer; an A4 page is then 2480 × 3508 pixels


class PrintError(Exception):
    """Printing could not be done; the message is Vietnamese."""


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise PrintError(f"Không đọc được tệp PDF “{Path(path).name}” để in.") from exc


def pdf_page_count(path: Path) -> int:
    doc = _open(path)
    try:
        return len(doc)
    finally:
        doc.close()


def page_image(page, dpi: int = PRINT_DPI) -> QImage:
    """One PDF page as a white-backed RGB image at ``dpi``."""
    bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255), prefer_bgrx=True,
                         optimize_mode="print")  # fmt: skip
    image = QImage(
        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
    )
    return image.copy()  # the bitmap's memory goes with it


def _pages_wanted(printer: QPrinter, count: int) -> list[int]:
    """0-based pages the dialog asked for: a range (“Trang 2–3”) or every page."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() == QPrinter.PrintRange.PageRange and first > 0:
        return list(range(first - 1, min(last or count, count)))
    return list(range(count))


def print_pdf(
    path: Path, printer: QPrinter, dpi: int | None = None, progress: Progress | None = None
) -> int:
    """Print the PDF at ``path`` on ``printer`` (set up by a dialog, or a PDF-file printer in
    tests), one sheet per page; returns the number of sheets drawn.

    Each page is a 300-dpi picture (a quarter of a second here, more on an old office PC) and
    a province's report has many pages, so the window runs this off the GUI thread
    (:func:`print_pdf_dialog`); Qt paints on a printer from any one thread.  ``progress``
    hears each page, and a cancel stops before the next one and aborts the print job, so the
    printer does not go on with half a report."""
    doc = _open(path)
    painter = QPainter()
    drawn = 0
    try:
        pages = _pages_wanted(printer, len(doc))
        if not pages:
            return 0
        dpi = dpi or min(PRINT_DPI, max(printer.resolution(), 72))
        copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
        total = copies * len(pages)
        printer.setFullPage(True)  # the PDF has its own margins
        for _copy in range(copies):
            for index in pages:
                if progress is not None:
                    progress.step(drawn, total, f"Đang in trang {drawn + 1}/{total}…")
                if drawn == 0:
                    if not painter.begin(printer):
                        raise PrintError(
                            "Không mở được máy in (máy in tắt, hết giấy hoặc bị lỗi?)."
                        )
                elif not printer.newPage():
                    raise PrintError("Máy in ngừng giữa chừng; hãy kiểm tra máy in rồi in lại.")
                page = doc[index]
                try:
                    image = page_image(page, dpi)
                finally:
                    page.close()
                paper = printer.paperRect(QPrinter.Unit.DevicePixel)
                target = QRectF(0, 0, paper.width(), paper.height())
                if (image.width() > image.height()) != (target.width() > target.height()):
                    image = image.transformed(
                        _quarter_turn(), Qt.TransformationMode.SmoothTransformation
                    )
                painter.drawImage(_fit(image, target), image)
                drawn += 1
    except Cancelled:
        if painter.isActive():
            printer.abort()  # what was drawn so far is not sent as a job of its own
        raise
    finally:
        if painter.isActive():
            painter.end()
        doc.close()
    return drawn


def _quarter_turn():
    from PySide6.QtGui import QTransform

    return QTransform().rotate(90)


def _fit(image: QImage, target: QRectF) -> QRectF:
    """``image``'s shape scaled into ``target`` and centred (paper a shade off A4 still takes
    the whole page, undistorted)."""
    scale = min(target.width() / image.width(), target.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    return QRectF(
        target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2, w, h
    )


def _first_page_size(path: Path) -> QPageSize | None:
    doc = _open(path)
    try:
        if not len(doc):
            return None
        w, h = doc[0].get_size()
        return QPageSize(
            QSizeF(min(w, h), max(w, h)),
            QPageSize.Unit.Point,
            "",
            QPageSize.SizeMatchPolicy.FuzzyMatch,
        )  # A4 stays A4
    finally:
        doc.close()


def print_pdf_dialog(parent: QWidget | None, path: Path, title: str = "",
                     printer: QPrinter | None = None) -> Task | None:  # fmt: skip
    """The system's print dialog for the PDF at ``path``, then the printing off the GUI
    thread under a progress dialog with “Hủy” (:func:`print_pdf`); its task, or None when
    the user closed the dialog or the PDF could not be read (said in a message).  The file
    must stay until the task has ended."""
    try:
        count = pdf_page_count(path)
        size = _first_page_size(path)
    except PrintError as exc:
        QMessageBox.warning(parent, "Chưa in được", str(exc))
        return None
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title or Path(path).stem)
    if size is not None:
        printer.setPageSize(size)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"In {title or Path(path).name}")
    dialog.setMinMax(1, max(count, 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    from cchc_desktop.gui.runner import run

    return run(parent, f"In {title or Path(path).name}",
               lambda progress: print_pdf(path, printer, progress=progress),
               failed=lambda message: QMessageBox.warning(parent, "Chưa in được", message))  # fmt: skip


def print_made_pdf(parent: QWidget, make: Callable[[Store, Path], Path | None], title: str,
                   printer: QPrinter | None = None, nothing: str = "") -> Task:  # fmt: skip
    """Write a PDF with ``make(store, folder)`` into a temporary folder off the GUI thread (a
    year's report takes seconds), then open the print dialog for it and remove the folder.

    ``make`` runs on its own reading connection (``store``); it returns None when there is
    nothing to print, and ``nothing`` then says why.  The folder goes once nothing reads the
    PDF any more: when the printing has ended, or when there is none."""
    from cchc_desktop.gui.runner import reading, run

    folder = Path(tempfile.mkdtemp(prefix="cchc-in-"))
    store_path = parent.ctx.store.path  # type: ignore[attr-defined]
    printing: list[Task] = []

    def made(pdf: Path | None) -> None:
        if pdf is None:
            QMessageBox.information(parent, title, nothing)
            return
        task = print_pdf_dialog(parent, pdf, title, printer)
        if task is not None:
            printing.append(task)
            task.ended.connect(lambda _o: shutil.rmtree(folder, ignore_errors=True))

    def made_ended(_outcome: str) -> None:
        if not printing:
            shutil.rmtree(folder, ignore_errors=True)

    task = run(parent, f"Chuẩn bị in {title}", reading(store_path, lambda store, _p: make(store, folder)),
               done=made, failed=lambda message: QMessageBox.warning(parent, "Chưa in được", message))  # fmt: skip
    task.ended.connect(made_ended)
    return task


def add_print_shortcut(screen: QWidget, slot: Callable[[], object]) -> QAction:
    """Ctrl+P on ``screen`` (and only while it is the one shown) calls ``slot``."""
    act = QAction("In… (Ctrl+P)", screen)
    act.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    act.triggered.connect(lambda _=False: slot())
    screen.addAction(act)
    return act


# -- the screens' documents ------------------------------------------------------------------
def print_plan(screen, printer: QPrinter | None = None) -> Task | None:
    """The plan chosen on the plan screen (or the current plan), as its PDF document."""
    from cchc_desktop.reports.exports import export_plan

    ctx = screen.ctx
    plan = screen.selected() if hasattr(screen, "selected") else None
    plan_id = plan.id if plan is not None else ctx.plan_id
    if plan_id is None:
        QMessageBox.information(screen, "In kế hoạch", "Hãy chọn một kế hoạch để in.")
        return None
    return print_made_pdf(screen, lambda store, folder: export_plan(store, plan_id, ["pdf"], folder)[0],
                          "Văn bản Kế hoạch", printer)  # fmt: skip


def print_unit_sheet(screen, printer: QPrinter | None = None) -> Task | None:
    """The unit's Phiếu giao nhiệm vụ for the period chosen on its screen."""
    from cchc_desktop.exchange.unit_sheets import export_unit_sheets

    ctx = screen.ctx
    combo = screen.unit_combo  # a searchable combo (unit_id) or a plain one (its data)
    unit_id = combo.unit_id() if hasattr(combo, "unit_id") else combo.currentData()
    period = screen.period_combo.current()
    plan_id = ctx.plan_id
    if plan_id is None or unit_id is None or period is None:
        QMessageBox.information(screen, "In phiếu giao nhiệm vụ", "Hãy chọn đơn vị và kỳ để in.")
        return None

    def make(store, folder: Path) -> Path | None:
        paths = export_unit_sheets(store, plan_id, period, folder, [unit_id], with_pdf=True)
        return next((p for p in paths if p.suffix == ".pdf"), None)

    return print_made_pdf(screen, make, f"Phiếu giao nhiệm vụ {period.name}", printer,
                          f"Đơn vị không có việc nào trong {period.name}.")  # fmt: skip


def print_report(screen, printer: QPrinter | None = None) -> Task | None:
    """The report on screen: the PDF just exported when the screen still shows what it holds
    (the paper to sign must be the file that is sent), otherwise a PDF made now from the
    screen as it stands."""
    from cchc_desktop.reports.exports import export_report_files

    exported = getattr(screen, "printable", None)
    if exported is not None and exported() is not None:
        return print_pdf_dialog(screen, exported(), "Báo cáo", printer)
    period = screen.current_period()
    if screen.ctx.plan_id is None or screen.report is None or period is None:
        QMessageBox.information(screen, "In báo cáo", "Chưa có báo cáo để in: hãy chọn kỳ báo cáo.")
        return None
    screen.keep_header()
    screen._save_texts()
    plan_id, texts, day, data_day = (screen.ctx.plan_id, screen.texts_now(), screen._report_day(),
                                     screen._data_day())  # fmt: skip
    return print_made_pdf(
        screen,
        lambda store, folder: export_report_files(
            store, plan_id, period, ["pdf"], folder, day, texts, None, data_day
        ).paths[0],  # fmt: skip
        f"Báo cáo {period.name}",
        printer,
    )
