"""The figures measured inside one window on one office, for :mod:`tests.benchmarks`.

    uv run python -m tests.bench_window --data-dir DIR [--repeat 5] [--quick]

Run in a process of its own for each office (so its peak memory is that office's); prints one
JSON line per figure.  A figure that ends with something drawn is timed until that drawing
has happened (the widget has received its paint event inside the timed span), never to the
moment the drawing was merely asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


def emit(key: str, name: str, value: float, floor: float | None = None,
         limit: float | None = None, unit: str = "s", note: str = "") -> None:  # fmt: skip
    """One figure: ``limit`` is the target, a ratio to ``floor`` when there is a floor."""
    figure = dict(key=key, name=name, value=value, floor=floor, limit=limit, unit=unit, note=note)
    print(json.dumps(figure, ensure_ascii=False), flush=True)


class Memory:
    """The process's peak memory while the program's own code runs, in MB.

    Linux lets a process reset its high-water mark (``/proc/self/clear_refs``): it is read
    after the window and its screens, and reset before and read after each of the program's
    exports and workbook readings, which run once for this before the floors' data (the
    plain workbook's cells) exists.  Elsewhere it is the whole run's peak.
    """

    def __init__(self) -> None:
        self.peak = 0.0
        self.where = ""
        self.resettable = Path("/proc/self/clear_refs").exists()

    def reset(self) -> None:
        if self.resettable:
            try:
                Path("/proc/self/clear_refs").write_text("5")
            except OSError:
                self.resettable = False

    def read(self, where: str) -> None:
        mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if self.resettable:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    mb = int(line.split()[1]) / 1024
        if mb > self.peak:
            self.peak, self.where = mb, where

    def around(self, fn: Callable[[], object], where: str) -> Callable[[], object]:
        def measured() -> object:
            self.reset()
            try:
                return fn()
            finally:
                self.read(where)

        return measured


MEMORY = Memory()


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


class Paints(QObject):
    """Counts the paint events ``widget`` receives (installed on it as an event filter)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def drawn(widget: QWidget, before: int, paints: Paints) -> None:
    """Process events until ``widget`` has been painted since the count was ``before``; if
    the paint never comes (it happened before the count began), paint it once more: the
    figure then counts two paints, never none."""
    for _ in range(3):
        QApplication.processEvents()
        if paints.count > before:
            return
    widget.repaint()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a shorter scroll")
    args = parser.parse_args()
    n = args.repeat

    from cchc_desktop.gui.app import application
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow
    from cchc_desktop.paths import database_path
    from cchc_desktop.store.store import Store

    application()
    store = Store.open(database_path(args.data_dir))
    ctx = AppContext(store)
    window = MainWindow(ctx)
    window.closing_for_restore = True
    window.show()
    QApplication.processEvents()
    plan_id = ctx.plan_id
    year = store.catalogue.plan(plan_id).year

    # switching to each main screen: the first time (the screen is built then) and after
    for key, title in window.screen_titles:
        emit(
            f"visit.{key}.first",
            f"switch to “{title}”, first time",
            visit(window, key),
            limit=0.150,
        )
        again = statistics.median(visit(window, key) for _ in range(n))
        emit(f"visit.{key}.again", f"switch to “{title}”, again", again, limit=0.150)

    MEMORY.read("window and its screens")
    keystrokes(window, store, n)
    matrix_scroll(window, args.quick)
    MEMORY.read("window and its screens")
    exports(store, plan_id, year, n, 1 if args.quick else 3)
    emit("memory", "peak memory (program and data)", MEMORY.peak, limit=300, unit="MB",
         note=f"peak memory reached in: {MEMORY.where}")  # fmt: skip
    window.close()
    store.close()
    return 0


def visit(window, key: str) -> float:
    """Seconds to show screen ``key`` (built on the first visit), filled and drawn."""
    window.show_screen("ke-hoach" if key != "ke-hoach" else "don-vi")
    QApplication.processEvents()
    start = time.perf_counter()
    screen = window.show_screen(key)
    paints = getattr(screen, "_bench_paints", None) or Paints(screen)
    screen._bench_paints = paints  # counted from here: showing it only asks for the paint
    drawn(screen, paints.count, paints)
    took = time.perf_counter() - start
    while getattr(screen, "busy", False):  # a large report still being built in its thread:
        QApplication.processEvents()  # let it finish before the next figure
        time.sleep(0.01)
    return took


def keystrokes(window, store, n: int) -> None:
    """One keystroke of search-as-you-type: the catalogue's filter (drawn) and global search."""
    catalogue = window.show_screen("danh-muc")
    QApplication.processEvents()
    text = "tuyen truyen dich vu"
    target = catalogue.tree.viewport()
    paints = Paints(target)

    def keystroke() -> None:
        before = paints.count
        catalogue.filter_edit.setText(text[: len(catalogue.filter_edit.text()) % len(text) + 1])
        drawn(target, before, paints)

    emit("key.filter", "keystroke: catalogue filter", median_time(keystroke, n * 3), limit=0.030)
    emit("key.search", "keystroke: search over everything",
         median_time(lambda: store.search.find("dich vu cong"), n * 3), limit=0.030)  # fmt: skip


def matrix_scroll(window, quick: bool) -> None:
    """Scroll the assignment matrix through every row and every column: wheel steps down the
    first columns, wheel steps across the last rows, then page by page over the whole grid.
    Each frame is timed from the scroll to the end of the view's repaint (``repaint`` paints
    at once, so the frame is drawn when it returns)."""
    matrix = window.show_screen("giao-viec")
    QApplication.processEvents()
    view = matrix.view
    v, h = view.verticalScrollBar(), view.horizontalScrollBar()
    frames: list[float] = []

    def frame(bar, value: int) -> None:
        start = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        view.horizontalHeader().viewport().repaint()
        view.verticalHeader().viewport().repaint()
        frames.append(time.perf_counter() - start)

    wheel = 3 * view.verticalHeader().defaultSectionSize()  # a notch of the wheel: three rows
    v.setValue(0)
    h.setValue(0)
    QApplication.processEvents()
    for value in range(0, v.maximum() + wheel, wheel):
        frame(v, min(value, v.maximum()))
    for value in range(0, h.maximum() + 120, 120):
        frame(h, min(value, h.maximum()))
    if not quick:
        for top in range(0, v.maximum() + v.pageStep(), v.pageStep()):
            frame(v, min(top, v.maximum()))
            for left in range(0, h.maximum() + h.pageStep(), h.pageStep()):
                frame(h, min(left, h.maximum()))
    columns, rows = view.model().columnCount(), view.model().rowCount()
    emit("matrix.scroll", "assignment matrix scrolled through: slowest frame", max(frames),
         limit=0.050, note=f"matrix of {rows} tasks × {columns} units, {len(frames)} frames")  # fmt: skip
    emit("matrix.scroll.median", "  … median frame", statistics.median(frames))


def exports(store, plan_id: int, year: int, n: int, long_runs: int) -> None:
    """Dashboard, annual report (xlsx, pdf) and 40 returned workbooks, each against its floor."""
    from openpyxl import Workbook, load_workbook
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    from cchc_desktop.core.periods import parse_period_code
    from cchc_desktop.exchange.unit_sheets import export_unit_sheets, preview_results
    from cchc_desktop.reports.exports import export_report
    from cchc_desktop.reports.periodic import build_report
    from cchc_desktop.store.dashboard import build_dashboard

    period = parse_period_code(f"{year}-Y")
    day = date(year, 12, 20)
    dash, raw = paired(
        lambda: build_dashboard(store, plan_id, period, day),
        lambda: store.db.execute(  # the raw SQL aggregate behind the dashboard
            "SELECT a.unit_id, r.status, COUNT(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id "
            "JOIN tasks t ON t.id = a.task_id LEFT JOIN results r ON r.occurrence_id = o.id "
            "WHERE t.plan_id = ? AND o.due BETWEEN ? AND ? GROUP BY a.unit_id, r.status",
            [plan_id, period.start.isoformat(), period.end.isoformat()]).fetchall(),
        2 * n,
    )  # fmt: skip
    emit("dashboard", "dashboard, one period", dash, raw, limit=3)

    # The program's own work, once each, before the floors' data exists (the cells of the
    # plain workbook below are the benchmark's, not the program's): the peak memory of a
    # session that exports the year's report and reads 40 returned workbooks.
    out = Path(tempfile.mkdtemp())
    q = parse_period_code(f"{year}-Q3")
    for fmt in ("xlsx", "pdf"):
        MEMORY.around(lambda fmt=fmt: export_report(store, plan_id, period, [fmt], out, day),
                      f"annual report, {fmt}")()  # fmt: skip
    sheets = MEMORY.around(lambda: [p for p in export_unit_sheets(store, plan_id, q, out, with_pdf=False)
                                    if p.suffix == ".xlsx"][:40], "unit workbooks written")()  # fmt: skip
    MEMORY.around(lambda: [preview_results(store, p) for p in sheets], "40 unit workbooks read")()

    report = build_report(store, plan_id, period, day)
    cells = [[str(v) for v in r.values()] for r in report.flat] + [
        r for r in report.annex1 if not isinstance(r, str)
    ]
    del report  # the floors' cells only: the program builds its own report

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

    emit("report.xlsx", "annual report, xlsx",
         *paired(lambda: export_report(store, plan_id, period, ["xlsx"], out, day),
                plain_xlsx, long_runs), limit=2)  # fmt: skip
    emit("report.pdf", "annual report, pdf",
         *paired(lambda: export_report(store, plan_id, period, ["pdf"], out, day),
                plain_pdf, max(1, long_runs - 1)), limit=2)  # fmt: skip

    # 40 returned commune workbooks (written above), against an openpyxl read-only load that
    # reads every row of every sheet (the least any importer does)

    def read_only_load() -> None:
        for p in sheets:
            wb = load_workbook(p, read_only=True)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
            wb.close()

    emit("import.workbooks", f"import {len(sheets)} unit workbooks (preview)",
         *paired(lambda: [preview_results(store, p) for p in sheets],
                read_only_load, long_runs), limit=1.5)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
