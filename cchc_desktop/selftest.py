"""``cchc-desktop --self-test``: prove an installed or frozen program works, then exit.

With a temporary data folder it creates the demo office, renders every main screen
offscreen, exports the periodic report and the plan in every format, checks each file, and
exits non-zero on any failure.  CI runs it on the source tree, an installed wheel and the
frozen bundle, so resources must be found in all three.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
import zipfile
from datetime import date
from pathlib import Path


def _check(ok: bool, what: str, failures: list[str]) -> None:
    print(("OK   " if ok else "LỖI ") + what, flush=True)
    if not ok:
        failures.append(what)


def run_self_test(keep: Path | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures: list[str] = []
    base = keep or Path(tempfile.mkdtemp(prefix="cchc-selftest-"))
    try:
        from cchc_desktop.resources import font_paths, resources_dir

        _check(
            all(p.exists() for p in font_paths().values()),
            f"phông chữ tại {resources_dir()}",
            failures,
        )

        from cchc_desktop.demo import write_demo
        from cchc_desktop.paths import database_path
        from cchc_desktop.store.store import Store

        data = base / "data"
        write_demo(data, 2023, today=date(2023, 11, 24))
        store = Store.open(database_path(data))
        _check(
            len(store.catalogue.tasks(store.catalogue.plans()[0].id)) >= 28, "dữ liệu mẫu", failures
        )

        from cchc_desktop.gui.app import application
        from cchc_desktop.gui.context import AppContext
        from cchc_desktop.gui.main_window import MainWindow

        application()
        window = MainWindow(AppContext(store))
        window.show()
        shots = window.save_screenshots(base / "screens")
        _check(len(shots) == len(window.screens) and all(p.stat().st_size > 5000 for p in shots),
               f"{len(shots)} màn hình chính", failures)  # fmt: skip
        window.close()

        from openpyxl import load_workbook

        from cchc_desktop.core.periods import parse_period_code
        from cchc_desktop.reports.exports import export_plan, export_report

        out = base / "out"
        out.mkdir()
        plan_id = store.catalogue.plans()[0].id
        files = export_report(
            store,
            plan_id,
            parse_period_code("2023-Y"),
            ["pdf", "xlsx", "docx"],
            out,
            date(2023, 12, 18),
        )
        files += export_plan(store, plan_id, ["pdf", "xlsx", "docx"], out)
        for f in files:
            if f.suffix == ".pdf":
                raw = f.read_bytes()
                ok = (
                    raw.startswith(b"%PDF") and b"%%EOF" in raw[-1024:] and b"/FontFile2" in raw
                )  # fonts embedded
            elif f.suffix == ".xlsx":
                wb = load_workbook(f)
                ok = (
                    len(wb.sheetnames) >= 2
                    and wb.worksheets[0]["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
                )
            else:
                with zipfile.ZipFile(f) as z:
                    ok = "Hạnh phúc" in z.read("word/document.xml").decode("utf-8")
            _check(ok, f"xuất {f.name}", failures)

        from PySide6.QtPrintSupport import QPrinter

        from cchc_desktop.gui.printing import pdf_page_count, print_pdf

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # printing to a PDF file
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(base / "in-thu.pdf"))
        report_pdf = next(f for f in files if f.suffix == ".pdf")
        sheets = print_pdf(report_pdf, printer, dpi=50)
        _check(
            sheets == pdf_page_count(report_pdf) > 0, f"in thử {sheets} trang (PDFium)", failures
        )
        store.close()
    except Exception:
        traceback.print_exc()
        failures.append("ngoại lệ")
    print(
        f"Tự kiểm tra: {'ĐẠT' if not failures else 'KHÔNG ĐẠT'} ({len(failures)} lỗi)", flush=True
    )
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(run_self_test())
