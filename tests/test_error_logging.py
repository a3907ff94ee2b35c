"""Errors and logs (issue 17): a rotating log in the data folder, ``--log-level``, and every
exception nobody caught written to the log and told to the user in Vietnamese (a dialog in
the window, one line on the command line), never in English exception text."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_desktop import cli, logs
from tests.log_files import read_log

ENGLISH = "bad thing happened in English"


# -- the log file ------------------------------------------------------------------------
def test_the_log_appears_in_the_data_folder_at_the_first_record_and_rotates(
    tmp_path: Path, logged: Path
) -> None:
    assert logged == tmp_path / "logs" / "cchc-desktop.log" == logs.current_log()
    assert not logged.exists()  # nothing written yet: no folder, no file
    logs._handler.max_bytes = 2_000  # type: ignore[union-attr]
    logging.getLogger("cchc_desktop.thu").info("Bắt đầu ghi nhật ký: ộ ữ ự Đ")
    assert "Bắt đầu ghi nhật ký: ộ ữ ự Đ" in read_log(logged)  # UTF-8
    for i in range(300):
        logging.getLogger("cchc_desktop.thu").warning("dòng %d %s", i, "x" * 80)
    names = sorted(p.name for p in logged.parent.iterdir())
    assert names == ["cchc-desktop.log"] + [f"cchc-desktop.log.{i}" for i in range(1, 6)]
    assert all(p.stat().st_size <= 2_200 for p in logged.parent.iterdir())
    assert "dòng 299" in read_log(logged)


def test_a_second_setup_keeps_the_first_log_and_only_changes_the_level(
    tmp_path: Path, logged: Path
) -> None:
    assert logs.setup(tmp_path / "khac", "DEBUG") == logged
    assert logs.log.getEffectiveLevel() == logging.DEBUG
    assert logs.setup(tmp_path / "khac") == logged
    assert logs.log.getEffectiveLevel() == logging.DEBUG


def test_other_libraries_log_from_warning_up_whatever_the_level(logged: Path) -> None:
    logs.set_level("DEBUG")
    logging.getLogger("fontTools.subset").info("pages of glyph names")
    logging.getLogger("cchc_desktop.thu").debug("của chương trình")
    text = read_log(logged)
    assert "của chương trình" in text and "glyph names" not in text


def test_the_file_handler_is_imported_only_when_a_record_is_written(tmp_path: Path) -> None:
    script = f"""
import logging, sys
from cchc_desktop import logs
from cchc_desktop.cli import main
logs.setup(__import__("pathlib").Path({str(tmp_path)!r}))
assert "logging.handlers" not in sys.modules
logging.getLogger("cchc_desktop").info("một dòng")
assert "logging.handlers" in sys.modules
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "logs" / "cchc-desktop.log").is_file()


# -- --log-level -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "level"),
    [(["--log-level", "DEBUG"], "DEBUG"),
     (["--log-level=warning", "--data-dir", "/tmp/x", "--demo"], "WARNING")],
)  # fmt: skip
def test_the_window_s_quick_parser_reads_the_log_level_as_the_full_one(
    argv: list[str], level: str
) -> None:
    quick = cli._window_args(argv)
    assert quick is not None and quick.log_level == level
    full = cli.build_parser().parse_args(argv)
    assert {k: v for k, v in vars(full).items() if k != "command"} == vars(quick)


def test_a_command_runs_at_the_level_asked_and_the_level_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[int] = []

    def spy(args) -> int:
        seen.append(logs.log.getEffectiveLevel())
        logging.getLogger("cchc_desktop.thu").debug("chi tiết gỡ lỗi")
        return 0

    monkeypatch.setattr(cli, "cmd_schedule", spy)
    before = logs.log.level, sys.excepthook
    argv = ["schedule", "--year", "2023", "x", "--data-dir", str(tmp_path)]
    assert cli.main([*argv, "--log-level", "debug"]) == 0
    assert cli.main(["--log-level", "ERROR", *argv]) == 0
    assert seen == [logging.DEBUG, logging.ERROR]
    assert "chi tiết gỡ lỗi" in (tmp_path / "logs" / "cchc-desktop.log").read_text("utf-8")
    assert (logs.log.level, sys.excepthook) == before and logs.current_log() is None


def test_a_bad_log_level_is_refused_in_vietnamese() -> None:
    out = subprocess.run([sys.executable, "-m", "cchc_desktop", "--log-level", "LOUD"],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 2
    assert "Lỗi: tham số không hợp lệ" in out.stderr and "--log-level" in out.stderr


def test_a_start_of_the_window_honours_the_log_level(tmp_path: Path) -> None:
    """The quick path of a start (no subcommands built) sets the level too."""
    script = f"""
import sys, types, logging
fake = types.ModuleType("cchc_desktop.gui.app")
def run(**kw):
    from cchc_desktop import logs
    print(logging.getLevelName(logs.log.getEffectiveLevel()), logs.current_log())
    return 0
fake.run = run
sys.modules["cchc_desktop.gui.app"] = fake
from cchc_desktop.cli import main
sys.exit(main(["--data-dir", {str(tmp_path)!r}, "--log-level", "WARNING"]))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["WARNING", str(tmp_path / "logs" / "cchc-desktop.log")]


# -- the command line's unexpected exception ---------------------------------------------
def test_an_unexpected_exception_in_a_command_is_one_vietnamese_line_and_the_log(
    tmp_path: Path,
) -> None:
    script = f"""
import sys
from cchc_desktop import cli
def boom(args):
    raise RuntimeError({ENGLISH!r})
cli.cmd_schedule = boom
sys.exit(cli.main(["schedule", "--year", "2023", "x", "--data-dir", {str(tmp_path)!r}]))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    log = tmp_path / "logs" / "cchc-desktop.log"
    assert out.returncode == 1
    assert out.stderr.strip() == (
        f"Lỗi: Đã xảy ra lỗi không mong muốn. Chi tiết đã được ghi vào tệp nhật ký {log}."
    )
    assert ENGLISH not in out.stderr and "Traceback" not in out.stderr and not out.stdout
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and f"RuntimeError: {ENGLISH}" in text


def test_an_exception_in_a_thread_of_a_command_is_logged_and_told(tmp_path: Path) -> None:
    script = f"""
import sys, threading
from cchc_desktop import cli
def work(args):
    def fail():
        raise KeyError({ENGLISH!r})
    t = threading.Thread(target=fail, name="viec-phu")
    t.start(); t.join()
    return 0
cli.cmd_schedule = work
sys.exit(cli.main(["schedule", "--year", "2023", "x", "--data-dir", {str(tmp_path)!r}]))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert (
        out.stderr.startswith("Lỗi: Đã xảy ra lỗi không mong muốn.") and ENGLISH not in out.stderr
    )
    text = (tmp_path / "logs" / "cchc-desktop.log").read_text(encoding="utf-8")
    assert "luồng viec-phu" in text and ENGLISH in text


def test_a_disk_error_is_told_in_vietnamese_with_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(args) -> int:
        raise PermissionError(13, "Permission denied", str(tmp_path / "bao-cao.xlsx"))

    monkeypatch.setattr(cli, "cmd_schedule", refuse)
    assert cli.main(["schedule", "--year", "2023", "x", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Lỗi: Không có quyền đọc hoặc ghi {tmp_path / 'bao-cao.xlsx'}")
    assert "Permission" not in err


def test_the_user_s_own_messages_are_kept_and_the_rest_replaced() -> None:
    from cchc_desktop.reports.safe import ExportError
    from cchc_desktop.store.backup import BackupError
    from cchc_desktop.store.errors import StoreError

    for cls in (StoreError, BackupError, ExportError):
        assert logs.is_vietnamese(cls("Không ghi được tệp."))
        assert logs.user_message(cls("Không ghi được tệp.")) == "Không ghi được tệp."
    assert logs.user_message(ValueError(ENGLISH)).startswith("Đã xảy ra lỗi không mong muốn.")
    assert logs.user_message(OSError(28, "No space left on device", "a.pdf")).startswith(
        "Ổ đĩa đã đầy; không ghi được a.pdf"
    )


# -- the window ----------------------------------------------------------------------------
@contextlib.contextmanager
def reporter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict]]:
    """The window's hooks installed (put back at the end), and each dialog recorded."""
    from cchc_desktop.gui import error_dialog

    shown: list[dict] = []

    def record(dialog: error_dialog.ErrorDialog) -> int:
        dialog.copy_button.click()
        from PySide6.QtWidgets import QApplication

        shown.append({"message": dialog.message.text(), "details": dialog.details,
                      "clipboard": QApplication.clipboard().text(),
                      "button": dialog.copy_button.text(), "title": dialog.windowTitle()})  # fmt: skip
        return 0

    monkeypatch.setattr(error_dialog.ErrorDialog, "exec", record)
    saved = sys.excepthook, threading.excepthook
    try:
        error_dialog.install(tmp_path)
        yield shown
    finally:
        sys.excepthook, threading.excepthook = saved


def _check_told(shown: dict, log: Path, exc_text: str) -> None:
    assert shown["message"].startswith("Đã xảy ra lỗi không mong muốn.")
    assert f"Chi tiết đã được ghi vào tệp nhật ký {log}." in shown["message"]
    assert "Sao chép chi tiết" in shown["message"]
    for english in (exc_text, "Traceback", "Error", "Exception"):
        assert english not in shown["message"]
    assert exc_text in shown["details"] and "Traceback" in shown["details"]
    assert shown["clipboard"] == shown["details"] and shown["button"] == "Đã sao chép"
    assert shown["title"] == "Lỗi không mong muốn"


def test_an_exception_in_a_slot_reaches_the_log_and_the_user(
    qtbot,
    tmp_path: Path,
    logged: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QObject, Signal

    class Button(QObject):
        clicked = Signal()

    def failing_slot() -> None:
        raise ValueError(ENGLISH)

    after: list[str] = []
    button = Button()
    button.clicked.connect(failing_slot)
    button.clicked.connect(lambda: after.append("vẫn chạy"))
    with reporter(tmp_path, monkeypatch) as shown:
        button.clicked.emit()
        assert len(shown) == 1
        _check_told(shown[0], logged, ENGLISH)
        text = read_log(logged)
        assert "Traceback (most recent call last)" in text and f"ValueError: {ENGLISH}" in text
        assert "failing_slot" in text
        assert after == ["vẫn chạy"]  # the program carries on: the next slot ran
        button.clicked.emit()  # the same failure at once again: logged, not a second dialog
        assert len(shown) == 1 and read_log(logged).count(f"ValueError: {ENGLISH}") == 2


def test_an_exception_in_a_screen_following_an_edit_reaches_the_log_and_the_user(
    qtbot,
    tmp_path: Path,
    logged: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edit is one operation ending in one change record; a screen that fails while it
    follows the record does not stop the others, the edit stands, and the failure is logged
    and told like any slot's."""
    from cchc_desktop.core.changes import Changes, Kind
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.screen import Screen
    from cchc_desktop.store.store import Store

    class Broken(Screen):
        def refresh(self, record: Changes) -> None:
            raise ValueError(ENGLISH)

    class Fine(Screen):
        heard: list[Changes] = []

        def refresh(self, record: Changes) -> None:
            self.heard.append(record)

    store = Store.open(tmp_path / "cchc.sqlite3")
    ctx = AppContext(store)
    screens = [Broken(ctx, "Hỏng"), Fine(ctx, "Vẫn chạy")]
    for screen in screens:
        qtbot.addWidget(screen)
        screen.show()
    with reporter(tmp_path, monkeypatch) as shown:
        uid = ctx.act(store.org.add_unit, "Phòng Nội vụ", kind="department", touches=Kind.UNITS)
        assert len(shown) == 1
        _check_told(shown[0], logged, ENGLISH)
        assert "Traceback (most recent call last)" in read_log(logged) and "refresh" in read_log(
            logged
        )
    assert [u.id for u in store.org.units()] == [uid]  # the edit stands
    assert [r.ids_of(Kind.UNITS) for r in Fine.heard] == [{uid}]  # the next screen followed it
    store.close()


def test_an_exception_in_a_timer_or_a_worker_is_shown_once_the_event_loop_runs(
    qtbot,
    tmp_path: Path,
    logged: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QThreadPool, QTimer

    def failing_timer() -> None:
        raise KeyError("timer " + ENGLISH)

    def failing_worker() -> None:
        raise RuntimeError("worker " + ENGLISH)

    def failing_thread() -> None:
        raise LookupError("thread " + ENGLISH)

    with reporter(tmp_path, monkeypatch) as shown:
        QTimer.singleShot(0, failing_timer)
        qtbot.waitUntil(lambda: len(shown) == 1)
        _check_told(shown[0], logged, "timer " + ENGLISH)
        QThreadPool.globalInstance().start(failing_worker)
        qtbot.waitUntil(lambda: len(shown) == 2)
        _check_told(shown[1], logged, "worker " + ENGLISH)
        t = threading.Thread(target=failing_thread, name="luong-thu")
        t.start()
        t.join()
        qtbot.waitUntil(lambda: len(shown) == 3)
        _check_told(shown[2], logged, "thread " + ENGLISH)
        assert "luồng luong-thu" in read_log(logged)


def test_a_store_error_nobody_caught_is_told_in_its_own_words(
    qtbot,
    tmp_path: Path,
    logged: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QObject, Signal

    from cchc_desktop.store.errors import StoreError

    class Button(QObject):
        clicked = Signal()

    def delete_unit() -> None:
        raise StoreError("Không xóa được đơn vị đang có nhiệm vụ.")

    button = Button()
    button.clicked.connect(delete_unit)
    with reporter(tmp_path, monkeypatch) as shown:
        button.clicked.emit()
    assert shown[0]["message"].startswith(
        f"Không xóa được đơn vị đang có nhiệm vụ. Chi tiết đã được ghi vào tệp nhật ký {logged}."
    )
    assert "StoreError" in read_log(logged)


def test_an_exception_out_of_the_window_s_start_is_shown_in_the_dialog(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Windows bundle has no console: what escapes the window reaches a dialog."""
    import types

    from cchc_desktop.gui import error_dialog

    shown: list[str] = []
    monkeypatch.setattr(
        error_dialog.ErrorDialog, "exec", lambda d: shown.append(d.message.text()) or 0
    )
    fake = types.ModuleType("cchc_desktop.gui.app")

    def run(**kw) -> int:
        error_dialog.install(kw["data_dir"])
        raise RuntimeError(ENGLISH)

    fake.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cchc_desktop.gui.app", fake)
    before = sys.excepthook
    assert cli.main(["--data-dir", str(tmp_path)]) == 1
    assert len(shown) == 1 and shown[0].startswith("Đã xảy ra lỗi không mong muốn.")
    assert ENGLISH not in shown[0] + capsys.readouterr().err
    assert ENGLISH in (tmp_path / "logs" / "cchc-desktop.log").read_text(encoding="utf-8")
    assert sys.excepthook is before


def test_the_dialog_s_copy_button_copies_the_traceback(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui.error_dialog import ErrorDialog

    dialog = ErrorDialog("Đã xảy ra lỗi không mong muốn.", "Traceback: chi tiết")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "Traceback: chi tiết"
    assert dialog.isVisible()  # copying does not close it
    assert [b.text() for b in dialog.findChildren(type(dialog.copy_button))] == [
        "Đã sao chép", "Đóng",
    ]  # fmt: skip


def test_a_failed_automatic_backup_is_logged(
    qtbot,
    tmp_path: Path,
    logged: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cchc_desktop.demo import write_demo
    from cchc_desktop.gui import runner
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow
    from cchc_desktop.paths import database_path
    from cchc_desktop.store import backup
    from cchc_desktop.store.store import Store

    def full_disk(*args, **kw) -> None:
        raise backup.BackupError("Ổ đĩa đã đầy; chưa sao lưu được.")

    write_demo(tmp_path / "du-lieu", 2023)
    store = Store.open(database_path(tmp_path / "du-lieu"))
    try:
        window = MainWindow(AppContext(store))
        qtbot.addWidget(window)
        window.closing_for_restore = True  # no backup on closing
        monkeypatch.setattr(backup, "backup_now", full_disk)
        window._dirty = True
        window.periodic_backup()
        assert runner.wait_all(10_000)
        text = read_log(logged)
        assert "Sao lưu định kỳ không được" in text and "Ổ đĩa đã đầy" in text
    finally:
        store.close()


def test_an_export_that_fails_unexpectedly_says_so_in_vietnamese(
    qtbot,
    tmp_path: Path,
    logged: Path,
) -> None:
    from cchc_desktop.gui import runner
    from cchc_desktop.store.database import open_database

    open_database(tmp_path / "x.sqlite3").close()

    def job(store, progress) -> list[Path]:
        raise TypeError(ENGLISH)

    told: list[str] = []
    task = runner.run(None, "Xuất tệp", runner.reading(tmp_path / "x.sqlite3", job),
                      failed=told.append)  # fmt: skip
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert task.outcome == runner.FAILED and len(told) == 1
    assert told[0].startswith("Đã xảy ra lỗi không mong muốn.") and ENGLISH not in told[0]
    assert f"TypeError: {ENGLISH}" in read_log(logged) and "Xuất tệp không được" in read_log(logged)


def test_the_window_starts_with_the_hooks_and_logs_nothing_on_a_clean_start(
    tmp_path: Path,
) -> None:
    """The window's start installs the hooks and the log of its folder; a clean start writes
    nothing to it."""
    script = f"""
import sys
from pathlib import Path
from cchc_desktop import logs
from cchc_desktop.gui.app import run
from cchc_desktop.gui.error_dialog import Reporter
assert run(data_dir=Path({str(tmp_path / "d")!r}), demo=True, screenshot_dir=Path({str(tmp_path / "anh")!r})) == 0
assert isinstance(sys.excepthook.__self__, Reporter), sys.excepthook
assert isinstance(__import__("threading").excepthook.__self__, Reporter)
print("log", logs.current_log())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert out.returncode == 0, out.stderr
    log = tmp_path / "d" / "logs" / "cchc-desktop.log"
    assert f"log {log}" in out.stdout
    assert not log.exists()
