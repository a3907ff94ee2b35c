"""Work off the GUI thread goes through one runner (``gui/runner.py``): its progress dialog
and “Hủy”, its Vietnamese failures, a window that keeps answering while returned workbooks are
checked, and each path ported onto it still doing its job."""

from __future__ import annotations

import re
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

import cchc_desktop
from cchc_desktop.core.changes import Kind
from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.core.progress import Cancelled, Progress
from cchc_desktop.exchange.unit_sheets import HEAD_ROW, SHEET, export_unit_sheets
from cchc_desktop.gui import runner
from cchc_desktop.store.backup import backups_dir, list_backups
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store
from tests.log_files import read_log

ENGLISH = "list index out of range while frobnicating"
Q3 = parse_period_code("2023-Q3")


def hủy_button(dialog) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "Hủy")


def slow_steps(n: int, pause: float, seen: list[int]):
    def job(progress: Progress) -> int:
        for i in range(n):
            progress.step(i, n, f"Phần {i + 1}")
            seen.append(i)
            time.sleep(pause)
        return n

    return job


# -- the runner itself ---------------------------------------------------------------------------
def test_a_slow_job_shows_a_progress_dialog_whose_huy_stops_it(qtbot) -> None:
    seen: list[int] = []
    answers: list[str] = []
    task = runner.run(None, "Xuất thử", slow_steps(200, 0.02, seen),
                      done=lambda n: answers.append(f"done {n}"),
                      cancelled=lambda: answers.append("cancelled"))  # fmt: skip
    assert task.dialog is None  # nothing flashes for a job that ends quickly
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=5000)
    dialog = task.dialog
    assert dialog.windowTitle() == "Xuất thử" and not dialog.isModal()
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=5000)
    assert dialog.maximum() == 200 and dialog.labelText().startswith("Phần ")
    qtbot.mouseClick(hủy_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    assert answers == ["cancelled"] and task.outcome == runner.CANCELLED
    assert len(seen) < 200  # it stopped at a step, long before the end
    assert task.dialog is None  # closed and gone


def test_a_quick_job_answers_without_a_dialog(qtbot) -> None:
    answers: list[object] = []
    threads: list[threading.Thread] = []

    def job(progress: Progress) -> str:
        threads.append(threading.current_thread())
        progress.step(1, 1, "xong")
        return "kết quả"

    task = runner.run(None, "Việc nhanh", job, done=answers.append)
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    qtbot.wait(runner.SHOW_AFTER_MS + 100)
    assert answers == ["kết quả"] and task.dialog is None
    assert threads[0] is not threading.main_thread()


def test_an_exception_in_a_job_reaches_the_log_and_the_user_in_vietnamese(
    qtbot, logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))

    def broken(_progress: Progress) -> None:
        raise IndexError(ENGLISH)

    def refused(_progress: Progress) -> None:
        raise StoreError("Không xóa được đơn vị đang có nhiệm vụ.")

    first = runner.run(None, "Xuất phiếu", broken)
    qtbot.waitUntil(lambda: not first.running, timeout=5000)
    (title, text), log = shown[0], read_log(logged)
    assert title == "Không thực hiện được" and text.startswith("Đã xảy ra lỗi không mong muốn.")
    assert ENGLISH not in text and str(logged) in text
    assert "Xuất phiếu không được" in log and f"IndexError: {ENGLISH}" in log
    assert "Traceback (most recent call last)" in log

    second = runner.run(None, "Xóa đơn vị", refused)
    qtbot.waitUntil(lambda: not second.running, timeout=5000)
    assert shown[1][1] == "Không xóa được đơn vị đang có nhiệm vụ."  # its own words

    # work the user did not ask for (the automatic backup): a foreseen failure is only
    # logged, an unforeseen one is still told
    third = runner.run(None, "Sao lưu định kỳ", refused, quiet=True)
    fourth = runner.run(None, "Sao lưu định kỳ", broken, quiet=True)
    qtbot.waitUntil(lambda: not third.running and not fourth.running, timeout=5000)
    assert len(shown) == 3 and shown[2][1].startswith("Đã xảy ra lỗi không mong muốn.")
    assert "Sao lưu định kỳ không được: Không xóa được" in read_log(logged)


def test_a_cancel_is_not_taken_for_a_failure_by_the_code_it_passes_through() -> None:
    """Exports and checks turn ``except Exception`` into a message; a cancel must pass
    through them untouched, and a progress reports its steps to whoever listens."""
    heard: list[tuple[int, int, str]] = []
    progress = Progress(lambda *step: heard.append(step))
    progress.step(0, 3, "bắt đầu")
    progress("pdf")
    progress("xlsx")
    assert heard == [(0, 3, "bắt đầu"), (0, 3, "pdf"), (1, 3, "xlsx")]
    progress.cancel()
    with pytest.raises(Cancelled):
        try:
            progress("docx")
        except Exception:
            pytest.fail("a cancel was caught as a failure")


def test_a_start_up_check_stopped_by_closing_is_not_reported_as_damage(tmp_path: Path) -> None:
    """Closing the window interrupts SQLite's check mid-file; that is no damage to report."""
    from cchc_desktop.store.integrity import quick_check

    class CancelledMidway(Progress):
        asked = 0

        @property
        def cancelled(self) -> bool:  # the user closes the window while SQLite checks
            self.asked += 1
            return self.asked > 1

    store = Store.open(tmp_path / "cchc.sqlite3")
    for i in range(300):
        store.org.add_unit(f"UBND xã số {i}", kind="commune")
    store.close()
    midway = CancelledMidway()
    with pytest.raises(Cancelled):
        quick_check(tmp_path / "cchc.sqlite3", midway)
    assert midway.asked >= 2  # SQLite was asked while it ran
    assert quick_check(tmp_path / "cchc.sqlite3", Progress()) == []


# -- returned workbooks: the import preview and the import ------------------------------------
@pytest.fixture(scope="module")
def returned_once(tmp_path_factory) -> Path:
    """An office whose two communes were sent their Q3 sheets; the first filled one row."""
    folder = tmp_path_factory.mktemp("phieu")
    s = Store.open(folder / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    xa = [s.org.add_unit(n, kind="commune") for n in ("UBND xã Đông Hưng", "UBND xã Ân Tín")]
    g = s.org.add_group("UBND các xã, thị trấn", xa)
    pid = s.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    s.catalogue.add_task(pid, None, "Niêm yết công khai thủ tục hành chính", timeline="Hằng tháng",
               lead=[UnitRef("group", g)])  # fmt: skip
    (folder / "sent").mkdir()
    sheet = next(p for p in export_unit_sheets(s, pid, Q3, folder / "sent", with_pdf=False)
                 if "Đông Hưng" in p.name)  # fmt: skip
    s.close()
    wb = load_workbook(sheet)
    ws = wb[SHEET]
    ws.cell(row=HEAD_ROW + 1, column=6).value = "Hoàn thành"
    ws.cell(row=HEAD_ROW + 1, column=7).value = date(2023, 7, 20)
    ws.cell(row=HEAD_ROW + 1, column=8).value = "Đã niêm yết"
    wb.save(folder / "filled.xlsx")
    return folder


@pytest.fixture
def returned(returned_once: Path, tmp_path: Path, qtbot):
    """(context on a fresh copy of that office, the filled workbook)."""
    from cchc_desktop.gui.context import AppContext

    shutil.copytree(returned_once / "data", tmp_path / "data")
    shutil.copy(returned_once / "filled.xlsx", tmp_path / "filled.xlsx")
    store = Store.open(tmp_path / "data" / "cchc.sqlite3")
    yield AppContext(store), tmp_path / "filled.xlsx"
    runner.finish_all()
    store.close()


def results(store: Store) -> tuple[int, int]:
    return (store.db.execute("SELECT COUNT(*) FROM results").fetchone()[0],
            store.db.execute("SELECT COUNT(*) FROM imports").fetchone()[0])  # fmt: skip


def slowed(monkeypatch: pytest.MonkeyPatch, seconds: float) -> list[str]:
    """Each workbook's check takes ``seconds`` longer (a large workbook); the names of the
    threads that checked them."""
    from cchc_desktop.gui import import_dialog

    real, threads = import_dialog.preview_results, []

    def slow(store, path):
        threads.append(threading.current_thread().name)
        time.sleep(seconds)
        return real(store, path)

    monkeypatch.setattr(import_dialog, "preview_results", slow)
    return threads


def test_the_window_keeps_answering_while_many_returned_workbooks_are_checked(
    qtbot, returned, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fails on the old dialog, which read each file on the GUI thread (calling
    processEvents between files): the window froze for the whole of each file's check."""
    from PySide6.QtCore import QTimer

    from cchc_desktop.gui.import_dialog import ImportDialog

    ctx, filled = returned
    files = [filled.with_name(f"phieu-{i:02d}.xlsx") for i in range(8)]
    for f in files:
        shutil.copy(filled, f)
    threads = slowed(monkeypatch, 0.4)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    dialog = ImportDialog(ctx, files)
    qtbot.addWidget(dialog)
    assert time.monotonic() - started < 0.4  # the dialog opens before the first file is read
    assert dialog.busy and not dialog.apply_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    timer.stop()
    gaps = [b - a for a, b in zip([started, *ticks], ticks, strict=False)]
    assert len(threads) == 8 and threading.main_thread().name not in threads
    assert len(ticks) > 50 and max(gaps) < 0.3, (len(ticks), max(gaps))
    assert dialog.files.count() == 8 and all(p.error is None for p in dialog.previews)
    assert dialog.apply_button.isEnabled()


def test_a_cancelled_preview_adds_nothing_and_writes_nothing(
    qtbot, returned, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui.import_dialog import ImportDialog

    ctx, filled = returned
    before = results(ctx.store)
    files = [filled.with_name(f"phieu-{i:02d}.xlsx") for i in range(6)]
    for f in files:
        shutil.copy(filled, f)
    threads = slowed(monkeypatch, 0.3)
    dialog = ImportDialog(ctx, files)
    qtbot.addWidget(dialog)
    task = dialog.check
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=5000)
    assert task.dialog.labelText().startswith("Đang kiểm tra phieu-")
    hủy_button(task.dialog).click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert task.outcome == runner.CANCELLED and len(threads) < 6
    assert dialog.previews == [] and dialog.files.count() == 0
    assert not dialog.apply_button.isEnabled() and "Đã dừng kiểm tra" in dialog.summary.text()
    assert results(ctx.store) == before
    dialog.add_files([filled])  # the same files can be checked again afterwards
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.files.count() == 1 and dialog.apply_button.isEnabled()


def test_an_import_backs_up_off_the_gui_thread_then_writes_once(
    qtbot, returned, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui.import_dialog import ImportDialog

    ctx, filled = returned
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    folder = ctx.store.path.parent
    dialog = ImportDialog(ctx, [filled])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    heard: list = []
    ctx.changes.connect(heard.append)
    with qtbot.waitSignal(dialog.applied, timeout=20000) as written:
        dialog.apply()
        assert dialog.busy and not dialog.apply_button.isEnabled()
    assert written.args == [1] and results(ctx.store) == (1, 1)
    assert [b.reason for b in list_backups(backups_dir(folder))] == ["nhap"]
    assert len(heard) == 1 and heard[0].touches(Kind.RESULTS)  # one record, through the context
    assert ctx.undo() is not None and results(ctx.store)[0] == 0  # one undo step


def test_huy_during_the_backup_before_an_import_writes_nothing(
    qtbot, returned, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui.import_dialog import ImportDialog
    from cchc_desktop.store import backup

    ctx, filled = returned
    real = backup.backup_now

    def slow_backup(*a, **k):
        time.sleep(0.8)  # a large office's file
        return real(*a, **k)

    monkeypatch.setattr(backup, "backup_now", slow_backup)
    dialog = ImportDialog(ctx, [filled])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    before = results(ctx.store)
    with qtbot.waitSignal(dialog.applied, timeout=20000) as written:
        dialog.apply()
        task = dialog.applying
        qtbot.waitUntil(lambda: task.dialog is not None, timeout=5000)
        assert task.dialog.windowTitle() == "Sao lưu trước khi nhập"
        hủy_button(task.dialog).click()
    assert written.args == [0] and task.outcome == runner.CANCELLED
    assert results(ctx.store) == before and len(dialog.previews) == 1  # still there to apply


# -- the other paths on the runner ----------------------------------------------------------------
@pytest.fixture
def demo_ctx(qtbot, tmp_path: Path):
    from cchc_desktop.demo import write_demo
    from cchc_desktop.gui.context import AppContext

    write_demo(tmp_path / "du-lieu", 2023)
    store = Store.open(tmp_path / "du-lieu" / "cchc.sqlite3")
    yield AppContext(store)
    runner.finish_all()
    store.close()


def test_the_plan_document_is_exported_off_the_gui_thread(qtbot, demo_ctx, tmp_path: Path) -> None:
    from cchc_desktop.gui.report_view import ReportScreen

    screen = ReportScreen(demo_ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    out = tmp_path / "usb"
    out.mkdir()
    screen.export_plan(out)
    assert not screen.export_button.isEnabled() and not screen.plan_button.isEnabled()
    qtbot.waitUntil(lambda: bool(screen._last_paths), timeout=60000)
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".pdf", ".xlsx"]
    assert screen.export_button.isEnabled() and screen.plan_button.isEnabled()


def test_a_cancelled_report_export_leaves_no_file(qtbot, demo_ctx, tmp_path: Path) -> None:
    from cchc_desktop.gui.report_view import ReportScreen

    screen = ReportScreen(demo_ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    out = tmp_path / "usb"
    out.mkdir()
    screen.export(out)
    screen._export.cancel()  # “Hủy” before the second of the three files
    qtbot.waitUntil(lambda: not screen._export.running, timeout=60000)
    assert screen._export.outcome == runner.CANCELLED
    assert list(out.iterdir()) == []  # not even a temporary file
    assert "Đã hủy" in screen.last_label.text() and screen.export_button.isEnabled()


def test_the_automatic_backup_is_made_off_the_gui_thread(qtbot, demo_ctx) -> None:
    from cchc_desktop.gui.main_window import MainWindow

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.closing_for_restore = True  # no backup on closing
    window._dirty = True
    window.periodic_backup()
    assert runner.running() >= 1
    assert runner.wait_all(20_000) and runner.running() == 0
    folder = demo_ctx.store.path.parent
    assert [b.reason for b in list_backups(backups_dir(folder))] == ["dinhky"]
    window.periodic_backup()  # nothing changed since: no second backup
    assert runner.running() == 0


# -- the rule ---------------------------------------------------------------------------------------
ROOT = Path(cchc_desktop.__file__).parent
THREADING = re.compile(
    r"processEvents|threading\.Thread\b|QThreadPool|QRunnable|moveToThread|concurrent\.futures"
    r"|\(QThread\)|QThread\(|QEventLoop"
)
REASON = "# not background work:"  # the comment that lets one line through, with its reason


def test_work_off_the_gui_thread_goes_only_through_the_runner() -> None:
    """``grep -rn "processEvents\\|threading.Thread\\|QThreadPool" cchc_desktop/gui`` shows
    only gui/runner.py, or a line that says why it is not background work."""
    found = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        if path.name == "runner.py" or "forms" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if THREADING.search(line) and REASON not in line:
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "run it through gui/runner.py:\n" + "\n".join(found)
    assert THREADING.search((ROOT / "gui" / "runner.py").read_text(encoding="utf-8"))
