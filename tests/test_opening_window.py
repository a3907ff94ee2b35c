"""The window opens on its frame, then fills its first screen in place (issue 20).

The frame (sidebar, toolbar, greeting, status line, the first screen's title) is drawn before
the first screen is built; the screen then takes the title's place without anything moving.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget

from cchc_desktop.demo import write_demo
from cchc_desktop.paths import database_path
from cchc_desktop.store.store import Store


@pytest.fixture
def office(tmp_path: Path) -> Path:
    write_demo(tmp_path, date.today().year)  # this year's plan: the greeting has counts
    return tmp_path


def _place(widget: QWidget) -> QRect:
    """``widget``'s rectangle in its window's coordinates."""
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _title(window) -> QLabel:
    """The page title shown in the window's screen area."""
    shown = window.stack.currentWidget()
    labels = [w for w in shown.findChildren(QLabel) if w.objectName() == "pageTitle"]
    assert labels, "no page title in the screen area"
    return labels[0]


def test_the_first_screen_fills_in_where_the_frame_drew_it(qtbot, office: Path) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    store = Store.open(database_path(office))
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    window.closing_for_restore = True
    window.show()
    # the frame: everything but the first screen's content, the greeting included
    assert not window.first_screen_filled
    title = _title(window)
    assert title.text() == "Tổng quan"
    assert window.banner.isVisible() and "Hôm nay" in window.banner.text()
    assert "UBND" in window.statusBar().currentMessage()
    parts = {"sidebar": window.nav, "toolbar": window.findChild(QWidget, "mainToolbar"),
             "greeting": window.banner, "screen area": window.stack,
             "status line": window.statusBar()}  # fmt: skip
    before = {name: _place(w) for name, w in parts.items()}
    title_before = _place(title)

    qtbot.waitUntil(lambda: window.first_screen_filled, timeout=5000)  # after the first paint
    dashboard = window.screen_at(0)
    assert dashboard.rate_button.text() and dashboard.overdue_table.model().rowCount() >= 0
    assert _title(window) is dashboard.title and dashboard.title.text().startswith("Tổng quan — ")
    qtbot.wait(50)  # any layout the filled screen would trigger
    assert {name: _place(w) for name, w in parts.items()} == before
    after = _place(dashboard.title)
    assert (after.topLeft(), after.height()) == (title_before.topLeft(), title_before.height())
    window.close()
    store.close()


def test_the_frame_is_drawn_before_the_first_screen_is_built(office: Path) -> None:
    """In a start of its own: at the window's first paint, the dashboard's module is not even
    loaded, nor the focus keeper installed (its filter on every event of the window's
    construction cost some 50 ms); the program reports the frame, then the filled screen."""
    script = f"""
import sys
import time
from PySide6.QtCore import QEvent, QObject
from cchc_desktop.gui.app import application
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.main_window import MainWindow
from cchc_desktop.store.store import Store

application()
store = Store.open({str(database_path(office))!r})
window = MainWindow(AppContext(store, keep_focus=False))  # as the application makes it
window.closing_for_restore = True
seen = []

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            keeper = getattr(application(), "_cchc_focus_keeper", None)
            seen.append(("cchc_desktop.gui.dashboard_view" in sys.modules, keeper is not None))
        return False

f = FirstPaint()
window.installEventFilter(f)
window.show()
while not window.first_screen_filled:
    application().processEvents()
assert seen == [(False, False)], seen  # neither the screen nor the focus keeper yet
deadline = time.monotonic() + 5  # the keeper comes once the window has been up a moment
while getattr(application(), "_cchc_focus_keeper", None) is None and time.monotonic() < deadline:
    application().processEvents()
assert getattr(application(), "_cchc_focus_keeper", None) is not None
window.close()
store.close()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "cchc_desktop", "--data-dir", str(office)], capture_output=True,
        text=True, env={**env, "CCHC_EXIT_WHEN_SHOWN": "1"}, timeout=120,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    events = [line.split() for line in shown.stdout.splitlines()]
    assert [e[0] for e in events] == ["frame", "filled"]
    assert float(events[0][1]) <= float(events[1][1])


def test_a_job_started_as_the_program_quits_does_not_crash_its_exit(tmp_path: Path) -> None:
    """A timer due in the event loop's last pass (after ``quit()``, which already stopped the
    runner's jobs) starts a job: it is still running when the loop has ended, and Qt aborts a
    process that destroys a running thread (“QThread: Destroyed while thread … is still
    running”, whenever the interpreter's teardown reaches it first).  The program stops it."""
    script = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from cchc_desktop.gui import runner
from cchc_desktop.gui.app import stop_background_work

app = QApplication([])
owner = QWidget()

def check(progress):  # the start-up check's shape: long, stops when cancelled
    end = time.monotonic() + 5
    while time.monotonic() < end and not progress.cancelled:
        time.sleep(0.01)

def last_pass():  # quit() stops the runner's jobs (aboutToQuit); a job started after it
    app.quit()     # is what a timer due in the same last pass starts
    runner.run(owner, "Kiểm tra dữ liệu", check, quiet=True)

QTimer.singleShot(50, last_pass)
app.exec()
assert runner.running() == 1, "the job should have started after the quit"
stop_background_work()
assert runner.running() == 0
"""
    program = tmp_path / "quits.py"  # a file, as the program is
    program.write_text(script, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, str(program)], capture_output=True, text=True,
                         env=env, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "still running" not in out.stderr


def test_the_greeting_counts_follow_a_result_marked_done(qtbot, office: Path) -> None:
    """Rule: the "Hôm nay" line counts what is overdue and what falls due in 14 days now, not
    at opening: work marked done leaves it once typing pauses."""
    import re

    from cchc_desktop.core.changes import Kind
    from cchc_desktop.gui import main_window as mw
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.store.dashboard import opening_counts

    store = Store.open(database_path(office))
    ctx = AppContext(store)
    window = mw.MainWindow(ctx)
    qtbot.addWidget(window)
    window.closing_for_restore = True
    window.show()
    qtbot.waitUntil(lambda: window.first_screen_filled, timeout=5000)

    def shown() -> tuple[int, int]:
        numbers = re.findall(r"<b>([\d.]+)</b>", window.banner.text())
        return int(numbers[0].replace(".", "")), int(numbers[1].replace(".", ""))

    overdue, soon = shown()
    assert (overdue, soon) == opening_counts(store)
    today = date.today()
    open_rows = [r for plan in store.catalogue.plans() if plan.year >= today.year - 1
                 for r in store.tracking.occurrence_rows(plan.id)
                 if r.status != "done" and r.due is not None and r.due < today]  # fmt: skip
    assert open_rows, "the demo has overdue work"
    ctx.act(store.results.set_result, open_rows[0].id, "done", today, touches=Kind.RESULTS)
    assert shown() == (overdue, soon)  # not on every keystroke…
    qtbot.waitUntil(lambda: shown() == opening_counts(store), timeout=mw.SUMMARY_PAUSE_MS + 3000)
    assert shown()[0] == overdue - 1  # …but once the edits pause


def test_a_start_draws_the_frame_from_the_file_before_the_store_loads(office: Path) -> None:
    """The program's own start: the window's first paint comes before the store is opened,
    yet the frame shows the file's plans, office, undo and greeting (its counts, or their
    places while they are counted); the first screen and the counts then fill in without
    anything moving."""
    script = f"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer
from PySide6.QtWidgets import QWidget
from cchc_desktop.gui import app as appm

def place(w):
    r = QRect(w.mapTo(w.window(), QPoint(0, 0)), w.size())
    return [r.x(), r.y(), r.width(), r.height()]

seen = {{}}
def watch(window, app):
    parts = lambda: {{"sidebar": place(window.nav), "toolbar": place(window.findChild(QWidget, "mainToolbar")),
                     "greeting": place(window.banner), "screen area": place(window.stack),
                     "status line": place(window.statusBar())}}
    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "frame" not in seen:
                seen["frame"] = {{"store opened": window.ctx is not None,
                    "plan": window.plan_combo.currentText(), "plans": window.plan_combo.count(),
                    "status": window.statusBar().currentMessage(), "greeting": window.banner.text(),
                    "undo": window.undo_action.toolTip(), "parts": parts()}}
            return False
    window._test_paints = Paints()
    window.installEventFilter(window._test_paints)
    def filled():
        if not window.first_screen_filled:
            return QTimer.singleShot(20, filled)
        seen["filled"] = {{"parts": parts(), "store opened": window.ctx is not None,
                          "greeting": window.banner.text()}}
        window.close(); app.quit()
    QTimer.singleShot(0, filled)

appm.report_start_times = watch  # the benchmark's hook, here the test's
from cchc_desktop.cli import main
code = main(["--data-dir", {str(office)!r}])
print(json.dumps(seen))
sys.exit(code)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CCHC_EXIT_WHEN_SHOWN": "1"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    import json

    seen = json.loads(out.stdout.strip().splitlines()[-1])
    frame, filled = seen["frame"], seen["filled"]
    store = Store.open(database_path(office))
    try:
        plans = store.catalogue.plans()
        newest = plans[0]
        assert frame["store opened"] is False and filled["store opened"] is True
        assert frame["plans"] == len(plans) and frame["plan"].startswith(
            f"{newest.year}: {newest.title}"
        )
        office_name = store.org.office().name
        assert frame["status"].startswith(f"{office_name} · Dữ liệu: ")
        assert frame["undo"] == "Hoàn tác (Ctrl+Z)"  # undo belongs to one working session
        from cchc_desktop.core.formatting import fmt_number
        from cchc_desktop.store.dashboard import opening_counts

        overdue, soon = opening_counts(store)
        counted = (f"<b>{fmt_number(overdue)}</b> lần thực hiện quá hạn",
                   f"<b>{fmt_number(soon)}</b> lần đến hạn")  # fmt: skip
        # the counts, or their places kept for them while they are still being counted
        placeholder = ("<b>…</b> lần thực hiện quá hạn", "<b>…</b> lần đến hạn")
        assert all(c in frame["greeting"] for c in counted) or all(
            p in frame["greeting"] for p in placeholder
        )
        assert all(c in filled["greeting"] for c in counted)
    finally:
        store.close()
    assert filled["parts"] == frame["parts"]


def _frame_of(folder: Path):
    from cchc_desktop.store.frame_values import FrameReader

    return FrameReader(database_path(folder), date.today()).values(date.today())


def test_a_frame_shows_what_changed_in_the_file_once_the_store_opens(qtbot, office: Path) -> None:
    """What the frame read may be older than the file the store opens (a backup restored by
    the start-up check): the window then shows the file's plans, undo and office."""
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    frame = _frame_of(office)
    window = MainWindow(frame=frame, folder=office)
    qtbot.addWidget(window)
    window.closing_for_restore = True
    store = Store.open(database_path(office))
    new_id = store.catalogue.add_plan(date.today().year + 1, "Kế hoạch năm sau")
    window.show()
    window.attach(AppContext(store))
    assert window.plan_combo.count() == len(frame.plans) + 1
    assert window.plan_combo.currentData() == new_id == window.ctx.plan_id
    assert window.undo_action.toolTip() == "Hoàn tác: Thêm kế hoạch Kế hoạch năm sau (Ctrl+Z)"
    qtbot.waitUntil(lambda: window.first_screen_filled, timeout=5000)
    window.close()
    store.close()


def test_what_the_user_does_before_the_store_opens_is_kept_or_harmless(qtbot, office: Path) -> None:
    """A click on the sidebar while the frame waits for its store opens that screen once the
    store is there; undo, search and the greeting's links wait for it and do nothing."""
    from PySide6.QtCore import Qt

    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    window = MainWindow(frame=_frame_of(office), folder=office)
    qtbot.addWidget(window)
    window.closing_for_restore = True
    drawn: list[bool] = []
    window.on_frame_drawn = lambda: drawn.append(True)
    window.show()
    qtbot.waitUntil(lambda: bool(drawn), timeout=5000)
    window.nav.setCurrentRow(3)  # "Giao việc"
    window.undo_action.trigger()
    window._banner_link("tong-quan")
    qtbot.keyClick(window.nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx is None and not window._built
    store = Store.open(database_path(office))
    before = store.undo_label()
    window.attach(AppContext(store))
    qtbot.waitUntil(lambda: "giao-viec" in window._built, timeout=5000)
    assert window.stack.currentIndex() == 3 and window.nav.currentRow() == 3
    assert store.undo_label() == before  # the early Ctrl+Z undid nothing
    window.close()
    store.close()


def test_the_window_s_frame_needs_none_of_the_store_s_modules() -> None:
    """What the main thread loads to draw the frame: PySide6 and the window, not the store's
    rooms and models (some 35 ms, loaded after the first picture or on the early reader's
    thread)."""
    script = """
import sys
import cchc_desktop.gui.app, cchc_desktop.gui.main_window, cchc_desktop.store.frame_values
loaded = [m for m in ("cchc_desktop.store.store", "cchc_desktop.core.models",
                      "cchc_desktop.store.dashboard", "sqlite_utils") if m in sys.modules]
print(loaded)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
