"""Benchmarks on a “ten-year office”: figures, and each one's ratio to its floor, in one run.

    uv run cchc-desktop demo --scale large --data-dir /tmp/large
    uv run python -m tests.benchmarks --data-dir /tmp/large [--repeat 5]

Not part of the test run: a slow machine must not fail the tests.  Each measure runs several
times and the median is printed, with the floor measured in the same run (see the table in
the README's performance section).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The floor of the cold start: a bare PySide6 main window, timed like the program (see
# ``gui/app.py``, ``_quit_after_first_paint``): from launch until the window has been drawn
# once and says ``shown``.  Quitting and the interpreter's exit are not part of a start.
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print("shown", flush=True)
    app.quit()

app = QApplication(sys.argv)
w = QMainWindow()
f = FirstPaint(w)
w.installEventFilter(f)
w.show()
app.exec()
"""

# Not a floor, a yardstick for the target: the bare window given the program's frame (the
# sidebar's eight titles, a toolbar with the plan list and the search box, a status line and
# one line of Vietnamese text), still in bare PySide6, with no data and none of our modules.
# Drawing text and touching the ``Qt`` namespace cost any real window; this shows how much of
# the 1.5× they leave to everything else.
FRAME_ONLY = BARE_WINDOW.replace(
    "w = QMainWindow()",
    """from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QToolBar, QWidget)
w = QMainWindow()
nav = QListWidget()
nav.addItems(["Tổng quan", "Kế hoạch", "Danh mục nhiệm vụ", "Giao việc", "Theo đơn vị",
              "Báo cáo", "Đơn vị", "Cài đặt"])
nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
central = QWidget()
row = QHBoxLayout(central)
row.addWidget(nav)
row.addWidget(QLabel("Tổng quan — Quý IV năm 2026: 1.234 lần thực hiện, 87,5% hoàn thành"), 1,
              Qt.AlignmentFlag.AlignTop)
w.setCentralWidget(central)
bar = QToolBar("Thanh công cụ")
w.addToolBar(bar)
bar.addAction("Hoàn tác")
bar.addAction("Làm lại")
plans = QComboBox()
plans.addItem("2026: Kế hoạch tuyên truyền cải cách hành chính — 25/KH-UBND")
bar.addWidget(plans)
bar.addWidget(QLineEdit(placeholderText="Tìm kiếm (Ctrl+K)…"))
w.statusBar().showMessage("UBND huyện — Phòng Nội vụ")
w.resize(1366, 800)""",
)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(
    fn: Callable[[], object], floor: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Medians of ``fn`` and of its floor, run alternately: a shared machine's load drifts, and
    two series measured one after the other would tilt the ratio."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for f, into in ((floor, times[1]), (fn, times[0])):
            start = time.perf_counter()
            f()
            into.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def row(name: str, value: float, floor: float | None = None, target: str = "") -> None:
    ratio = f"{value / floor:6.2f}×" if floor else "      "
    floor_s = f"{floor * 1000:9.1f} ms" if floor else " " * 12
    print(f"{name:<44} {value * 1000:9.1f} ms  {floor_s}  {ratio}  {target}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data, n = args.data_dir, args.repeat
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CCHC_EXIT_WHEN_SHOWN": "1"}
    print(f"{'Measure':<44} {'median':>12}  {'floor':>12}  {'ratio':>7}  target")

    # 1. cold start to an interactive main window, against a bare PySide6 window.  Both run
    #    from compiled bytecode, as an installed program does (PYTHONDONTWRITEBYTECODE, set on
    #    some machines, would otherwise make every start recompile the whole package).
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[1] / "cchc_desktop", quiet=2)
    for site in {Path(p) for p in sys.path if p.endswith("site-packages")}:
        compileall.compile_dir(site, quiet=2, workers=0)
    work = Path(tempfile.mkdtemp()) / "copy"
    import shutil

    shutil.copytree(data, work)

    # Bare and program starts alternate, twice as many as other figures: a start is short and
    # a shared machine's load drifts, which would tilt a ratio of two separate series.
    def start(*args: str) -> tuple[float, float]:
        """Seconds from launch to ``shown`` (the window drawn once), and to the process's end."""
        begin = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        line = proc.stdout.readline() if proc.stdout else b""
        shown = time.perf_counter() - begin
        proc.communicate()
        if proc.returncode != 0 or line.strip() != b"shown":
            raise SystemExit(f"start of {args[:2]} failed: {line!r}, exit {proc.returncode}")
        return shown, time.perf_counter() - begin

    bare_runs, cold_runs, frame_runs = [], [], []
    for _ in range(2 * n):
        bare_runs.append(start("-c", BARE_WINDOW))
        cold_runs.append(start("-m", "cchc_desktop", "--data-dir", str(work)))
        frame_runs.append(start("-c", FRAME_ONLY))
    bare, cold, frame = (statistics.median(r[0] for r in runs)
                         for runs in (bare_runs, cold_runs, frame_runs))  # fmt: skip
    row("cold start to main window (drawn)", cold, bare, "≤ 1.5×")
    bare_end, cold_end = (statistics.median(r[1] for r in runs) for runs in (bare_runs, cold_runs))
    row("  … with quitting and exit, for reference", cold_end, bare_end)
    row("  … bare PySide6 with the frame only, no data", frame, bare)

    from PySide6.QtWidgets import QApplication

    from cchc_desktop.core.periods import parse_period_code
    from cchc_desktop.gui.app import application
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow
    from cchc_desktop.paths import database_path
    from cchc_desktop.store.store import Store

    application()
    store = Store.open(database_path(work))
    ctx = AppContext(store)
    window = MainWindow(ctx)
    window.closing_for_restore = True
    window.show()
    QApplication.processEvents()
    year = store.catalogue.plans()[0].year

    # 2. switching to each main screen: the first time (the screen is built then) and after
    for key, title in window.screen_titles:

        def switch(key: str = key) -> float:
            window.show_screen("ke-hoach" if key != "ke-hoach" else "don-vi")
            QApplication.processEvents()
            start = time.perf_counter()
            screen = window.show_screen(key)
            QApplication.processEvents()
            took = time.perf_counter() - start
            while getattr(screen, "busy", False):  # a large report still being built in its
                QApplication.processEvents()  # thread: let it finish before the next figure
                time.sleep(0.01)
            return took

        first = switch()
        again = statistics.median(switch() for _ in range(n))
        row(f"switch to “{title}”, first time", first, None, "≤ 150 ms")
        row(f"switch to “{title}”, again", again, None, "≤ 150 ms")

    # 3. one keystroke of search-as-you-type (catalogue filter and global search)
    catalogue = window.show_screen("danh-muc")
    text = "tuyen truyen dich vu"

    def keystroke() -> None:
        catalogue.filter_edit.setText(text[: len(catalogue.filter_edit.text()) % len(text) + 1])
        QApplication.processEvents()

    row("keystroke: catalogue filter", median_time(keystroke, n * 3), None, "≤ 30 ms")
    row(
        "keystroke: search over everything",
        median_time(lambda: store.search.find("dich vu cong"), n * 3),
        None,
        "≤ 30 ms",
    )

    # 4. dashboard for one period, against the raw SQL aggregate behind it
    from cchc_desktop.store.dashboard import build_dashboard

    plan_id = store.catalogue.plans()[0].id
    period = parse_period_code(f"{year}-Y")
    dash, raw = paired(
        lambda: build_dashboard(store, plan_id, period, date(year, 12, 20)),
        lambda: store.db.execute(
            "SELECT a.unit_id, r.status, COUNT(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id "
            "JOIN tasks t ON t.id = a.task_id LEFT JOIN results r ON r.occurrence_id = o.id "
            "WHERE t.plan_id = ? AND o.due BETWEEN ? AND ? GROUP BY a.unit_id, r.status",
            [plan_id, period.start.isoformat(), period.end.isoformat()]).fetchall(),
        2 * n,
    )  # fmt: skip
    row("dashboard, one period", dash, raw, "≤ 3×")

    # 5-6. annual report in xlsx and pdf, against unstyled writes of the same cells
    from openpyxl import Workbook
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    from cchc_desktop.reports.exports import export_report
    from cchc_desktop.reports.periodic import build_report

    out = Path(tempfile.mkdtemp())
    report = build_report(store, plan_id, period, date(year, 12, 20))
    cells = [[str(v) for v in r.values()] for r in report.flat] + [
        r for r in report.annex1 if not isinstance(r, str)
    ]

    def plain_xlsx() -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        for r in cells:
            ws.append(r)
        wb.save(out / "plain.xlsx")

    def plain_pdf() -> None:
        SimpleDocTemplate(str(out / "plain.pdf"), pagesize=A4).build(
            [Table([r[:6] for r in cells[:4000]] or [[""]])]
        )

    row("annual report, xlsx", *paired(lambda: export_report(store, plan_id, period, ["xlsx"], out, date(year, 12, 20)),
                                       plain_xlsx, 3), "≤ 2×")  # fmt: skip
    row("annual report, pdf", *paired(lambda: export_report(store, plan_id, period, ["pdf"], out, date(year, 12, 20)),
                                      plain_pdf, 2), "≤ 2×")  # fmt: skip

    # 7. import of 40 returned commune workbooks, against an openpyxl read-only load that reads
    #    every row of every sheet (the least any importer does)
    from openpyxl import load_workbook

    from cchc_desktop.exchange.unit_sheets import export_unit_sheets, preview_results

    q = parse_period_code(f"{year}-Q3")
    sheets = [
        p for p in export_unit_sheets(store, plan_id, q, out, with_pdf=False) if p.suffix == ".xlsx"
    ][:40]

    def read_only_load() -> None:
        for p in sheets:
            wb = load_workbook(p, read_only=True)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
            wb.close()

    row(f"import {len(sheets)} unit workbooks (preview)",
        *paired(lambda: [preview_results(store, p) for p in sheets], read_only_load, 3), "≤ 1.5×")  # fmt: skip

    # 8. peak memory of this process (program + data)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory (this process)':<44} {peak:9.1f} MB{'':>30}≤ 300 MB")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
