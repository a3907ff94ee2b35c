"""Starting the window: the Qt application, fonts, style, the data folder and first run."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from cchc_desktop.gui import collector, qt_vietnamese, theme
from cchc_desktop.paths import data_dir as resolve_data_dir
from cchc_desktop.paths import database_path
from cchc_desktop.resources import font_paths

if TYPE_CHECKING:
    from cchc_desktop.gui.main_window import MainWindow
    from cchc_desktop.store.backup import BackupInfo
    from cchc_desktop.store.frame_values import FrameReader, FrameValues
    from cchc_desktop.store.opening import ReadAhead
    from cchc_desktop.store.store import Store

VIETNAMESE_SAMPLE = "ộ ữ ự Đ ẫ ằ ỹ"


def application() -> QApplication:
    """The one QApplication, configured for Vietnamese text."""
    app = QApplication.instance()
    made_here = app is None
    if app is None:
        app = QApplication([*sys.argv[:1], *theme.STYLE_ARGUMENTS])
    app.setApplicationName("CCHC Desktop")
    app.setOrganizationName("CCHC Desktop")
    install_fonts(app)
    qt_vietnamese.install(app)
    theme.apply(app, style_chosen=made_here)
    collector.install(app)  # full garbage collections between events, not inside a frame
    return app


def install_fonts(app: QApplication) -> None:
    """Use the bundled serif for the UI only if the system's font has no Vietnamese letters.

    Bare Linux machines often lack a font with Vietnamese letters, which would show boxes.
    The serif is registered only then: reading its four files takes some 10 ms of the start,
    and nothing else in the window names it (reports embed it themselves).
    """
    font = app.font()
    font.setPointSize(10)
    if not _has_vietnamese(font):
        families = []
        for path in font_paths().values():
            fid = QFontDatabase.addApplicationFont(str(path))
            if fid >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(fid))
        if families:
            font = QFont(families[0], 10)
    app.setFont(font)


def _has_vietnamese(font: QFont) -> bool:
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(font)
    # inFontUcs4, not inFont: PySide6 turns a str into a QChar wrongly beyond Latin-1, so
    # inFont("Đ") said no for every font and the serif was always used.
    return all(metrics.inFontUcs4(ord(ch)) for ch in VIETNAMESE_SAMPLE if not ch.isspace())


def open_store(folder: Path, demo: bool, demo_year: int | None = None) -> Store:
    from cchc_desktop.store.store import Store

    if demo:
        from cchc_desktop.demo import write_demo

        if not database_path(folder).exists():
            write_demo(folder, demo_year)
    return Store.open(database_path(folder))


def _server_name(folder: Path) -> str:
    import hashlib

    return "cchc-desktop-" + hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:12]


def _wake_first_instance(folder: Path) -> None:
    """Ask the window already open on this folder to come forward (where the platform allows)."""
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(_server_name(folder))
    if sock.waitForConnected(500):
        sock.write(b"show")
        sock.waitForBytesWritten(500)
        sock.disconnectFromServer()


def _listen_for_second_starts(folder: Path, window) -> object:
    from PySide6.QtNetwork import QLocalServer

    server = QLocalServer(window)
    QLocalServer.removeServer(_server_name(folder))  # a stale socket after a crash
    server.listen(_server_name(folder))

    def bring_forward() -> None:
        conn = server.nextPendingConnection()
        if conn is not None:
            conn.close()
        window.showNormal()
        window.raise_()
        window.activateWindow()

    server.newConnection.connect(bring_forward)
    return server


def check_and_repair(folder: Path, *readings: ReadAhead | FrameReader | None) -> bool:
    """Start-up check: on damage, explain and offer the newest good backup; never overwrite.

    Before the window opens only the quick part runs (the file opens and its schema reads);
    the full check follows in the background (:func:`check_in_background`).  On damage,
    ``readings`` (what is being read ahead from the same file) are discarded first.
    """
    from cchc_desktop.store.backup import backups_dir, newest_good_backup, remove_stale_temps
    from cchc_desktop.store.integrity import opens_cleanly, set_aside_damaged

    remove_stale_temps(folder)  # left by a backup or restore cut off by a power failure
    remove_stale_temps(backups_dir(folder))
    db = database_path(folder)
    problems = opens_cleanly(db)
    if not problems:
        return True
    for reading in readings:  # their connections close before the file is set aside or replaced
        if reading is not None:
            reading.discard()
    good = newest_good_backup(backups_dir(folder))
    text = f"Tệp dữ liệu {db} bị hỏng (có thể do mất điện khi đang ghi).\n\nChi tiết: {'; '.join(problems[:3])}\n\n"
    if good is None:
        aside = set_aside_damaged(db)
        QMessageBox.critical(None, "Dữ liệu bị hỏng", text + f"Không có bản sao lưu tốt. Tệp hỏng được giữ ở {aside}; "
                             "chương trình sẽ bắt đầu với dữ liệu trống.")  # fmt: skip
        return True
    if not _offer_restore(None, text, good):
        return False
    problem = _restore_under_dialog(db, good.path, folder)
    if problem:
        QMessageBox.critical(None, "Không khôi phục được", problem)
        return False
    return True


def _restore_under_dialog(db: Path, backup: Path, folder: Path) -> str:
    """Restore ``backup`` over ``db`` off the GUI thread, under a “Khôi phục dữ liệu” progress
    dialog with no “Hủy” (a restore stops at no step: it is whole or not at all), while no
    window is open: on a province it takes seconds.  The failure's Vietnamese message, or ""."""
    from cchc_desktop.gui import runner
    from cchc_desktop.store.backup import restore_backup

    problems: list[str] = []
    runner.run_and_wait(None, "Khôi phục dữ liệu",
                        lambda _progress: restore_backup(db, backup, folder),
                        failed=problems.append, cancellable=False)  # fmt: skip
    return problems[0] if problems else ""


def _offer_restore(parent: QWidget | None, text: str, good: BackupInfo) -> bool:
    """Ask whether to restore the newest good backup ``good`` after ``text`` (the damage)."""
    answer = QMessageBox.question(
        parent, "Dữ liệu bị hỏng",
        text + f"Khôi phục bản sao lưu tốt gần nhất ({good.created:%d/%m/%Y %H:%M}: {good.contents_text})? "
        "Tệp hỏng được giữ lại, không bị ghi đè.",
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


SETTLE_MS = 300  # after the window appears, before the work the user does not see starts


def warm_up_in_background(window: QWidget) -> None:
    """Load sqlite-utils off the GUI thread while the user looks at the first screen.

    Opening left it unloaded (see :mod:`cchc_desktop.store.database`); loaded now, the first
    edit does not pay a tenth of a second for it.
    """
    import importlib

    from cchc_desktop.gui import runner

    runner.run(window, "Nạp trước thư viện", lambda _p: importlib.import_module("sqlite_utils"),
               quiet=True)  # fmt: skip


def check_in_background(folder: Path, window) -> None:
    """Run ``PRAGMA quick_check`` off the GUI thread once the window is open; on damage, say
    so and offer the newest good backup through the window's restore (which sets the damaged
    file aside, never overwriting it).  Closing the window stops a check still running (the
    check is interrupted, not waited for)."""
    from cchc_desktop.gui import runner
    from cchc_desktop.store import integrity
    from cchc_desktop.store.backup import backups_dir, newest_good_backup

    def check(progress) -> list[str]:
        try:
            return integrity.quick_check(database_path(folder), progress)
        except Exception as exc:
            import logging

            logging.getLogger(__name__).exception("Kiểm tra dữ liệu khi khởi động")
            return [str(exc)]

    def checked(problems: list[str]) -> None:
        window.integrity_problems = problems
        if not problems:
            return
        text = (f"Kiểm tra khi khởi động phát hiện tệp dữ liệu {database_path(folder)} bị hỏng (có thể do mất điện "
                f"khi đang ghi).\n\nChi tiết: {'; '.join(problems[:3])}\n\n")  # fmt: skip
        good = newest_good_backup(backups_dir(folder))
        if good is None or window.on_restore is None:
            QMessageBox.critical(window, "Dữ liệu bị hỏng", text + "Không có bản sao lưu tốt để khôi phục. Hãy "
                                 "xuất ngay các báo cáo cần dùng và nhờ cán bộ kỹ thuật kiểm tra tệp.")  # fmt: skip
            return
        if _offer_restore(window, text, good):
            window.on_restore(good.path)

    runner.run(window, "Kiểm tra dữ liệu", check, done=checked, quiet=True)


def run(
    data_dir: Path | None, demo: bool = False, screenshot_dir: Path | None = None,
    demo_year: int | None = None, early: FrameReader | None = None,
) -> int:  # fmt: skip
    """Open the window on ``data_dir`` until the user quits; the program's exit status.

    ``early``, when given, is the frame's values already being read from that folder's file
    (the command line starts it before PySide6 loads: :func:`cchc_desktop.cli.cmd_gui`).  An
    office's current file then opens frame first: the window is drawn from those values, and
    the store's modules, the file's check and opening, and the first screen follow.
    """
    if screenshot_dir is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # pictures need no screen
    app = application()
    if demo and data_dir is None:
        folder = Path(tempfile.mkdtemp(prefix="cchc-demo-"))
    else:
        folder = resolve_data_dir(data_dir)
    from cchc_desktop.gui import error_dialog

    error_dialog.install(folder)  # an exception nobody caught: to the log, and told in a dialog
    from cchc_desktop.store.lock import InstanceLock

    folder.mkdir(parents=True, exist_ok=True)
    lock = InstanceLock(folder)
    if not lock.acquire():
        _wake_first_instance(folder)
        if screenshot_dir is None:
            QMessageBox.information(
                None, "CCHC Desktop", f"Chương trình đang mở với thư mục dữ liệu {folder}."
            )
        return 0
    opening = _Opening(app, folder, demo, demo_year, screenshot_dir)
    frame = early.values(date.today()) if early is not None and screenshot_dir is None else None
    if early is not None and frame is not None and frame.office_name:
        opening.frame_first(frame, early)  # an office's current file: its frame first
    else:
        if early is not None:  # its connection closes before the file is checked or upgraded
            early.discard()
        if not opening.at_once():
            lock.release()
            return opening.code
    if screenshot_dir is not None:
        window = opening.window
        paths = window.save_screenshots(screenshot_dir)
        for p in paths:
            print(p)
        window.closing_for_restore = True  # no backup on closing a screenshot run
        window.close()
        window.ctx.store.close()
        lock.release()
        return 0
    if os.environ.get("CCHC_EXIT_WHEN_SHOWN"):  # the benchmark's cold-start measurement
        opening.window.closing_for_restore = True
        report_start_times(opening.window, app)
    code = app.exec()
    stop_background_work()
    if opening.window.ctx is not None:
        opening.window.ctx.store.close()
    lock.release()
    return code or opening.code


class _Opening:
    """Opening the data folder's file and the window on it, the two ways a start can go."""

    def __init__(
        self, app: QApplication, folder: Path, demo: bool, demo_year: int | None,
        screenshot_dir: Path | None,
    ) -> None:  # fmt: skip
        self.app = app
        self.folder = folder
        self.demo = demo
        self.demo_year = demo_year
        self.screenshot_dir = screenshot_dir
        self.code = 0  # the exit status when the opening stops the program
        self.window: MainWindow = None  # type: ignore[assignment]  # made by either way
        self._second_starts: object = None  # the window's listener for a second start

    def at_once(self) -> bool:
        """Check and open the file, then make the window on it (a first start, an older
        file, a demo, pictures).  False when the program is to stop (:attr:`code`)."""
        ahead = None
        if database_path(self.folder).is_file():
            # the first screen's SQL runs on its own connection while the window is built
            ahead = _read_ahead(database_path(self.folder))
        store = self._open_store(ahead)
        if store is None:
            return False
        self._make_window(store, ahead)
        return True

    def frame_first(self, frame: FrameValues, early: FrameReader) -> None:
        """Draw the window's frame from ``frame`` now; once it is on screen, check and open
        the file, and give it to the window (:meth:`_behind_the_frame`)."""
        from cchc_desktop.gui.main_window import MainWindow

        self.window = MainWindow(frame=frame, folder=self.folder)
        self.window.on_frame_drawn = lambda: self._behind_the_frame(early)
        self.window.show()

    def _behind_the_frame(self, early: FrameReader) -> None:
        early.frame_drawn()  # on one core, the greeting is counted from now
        # the rest of the first screen's SQL (its main statement was read by the early reader)
        # starts at once, on its own connection, while the file is checked and opened
        ahead = _read_ahead(database_path(self.folder), counts=False, early=early)
        store = self._open_store(ahead, early, current=True)
        if store is None:
            self.window.closing_for_restore = True  # nothing opened: nothing to back up
            self.window.close()
            self.app.exit(self.code)
            return
        self._attach(self.window, store, ahead, early.counts(date.today()))

    def _open_store(
        self, *readings: ReadAhead | FrameReader | None, current: bool = False
    ) -> Store | None:
        """Check the file (offering a backup if it is damaged), upgrade an older one, open it,
        and on a first start ask for the office; None when the program is to stop.
        ``readings``, what is being read from the file ahead, are stopped before a damaged
        file is moved (and hand out nothing after, as for a file with no office yet).
        ``current``: the file was read as current a moment ago (the frame's reader)."""
        from cchc_desktop.store.database import NewerDatabaseError
        from cchc_desktop.store.store import Store

        if self.screenshot_dir is None and not check_and_repair(self.folder, *readings):
            self.code = 1
            return None
        if not current and not self._upgrade():
            return None
        try:
            store = open_store(self.folder, self.demo, self.demo_year)
        except NewerDatabaseError as exc:
            QMessageBox.critical(None, "Không mở được dữ liệu", str(exc))
            self.code = 1
            return None
        if store.org.office() is None and self.screenshot_dir is None:
            from cchc_desktop.gui.first_run import FirstRunDialog

            for reading in readings:  # what they read is from before the office was set up
                if reading is not None:
                    reading.discard()
            dialog = FirstRunDialog(store)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                store.close()
                return None
            if dialog.wants_demo:
                store.close()
                from cchc_desktop.demo import write_demo

                write_demo(self.folder)
                store = Store.open(database_path(self.folder))
        return store

    def _upgrade(self) -> bool:
        """An older file (the first start after the program was updated) is backed up and
        upgraded off the GUI thread, under a progress dialog: on a large office the backup
        takes seconds, and the program must not seem to hang before its window appears.
        False when the program is to stop (:attr:`code`): the upgrade failed (the file is left
        as it was, and the message says why) or the user cancelled it."""
        from cchc_desktop.store.backup import backups_dir as backups_folder
        from cchc_desktop.store.database import needs_upgrade, upgrade_database

        db = database_path(self.folder)
        if not needs_upgrade(db):
            return True
        from cchc_desktop.gui import runner

        problems: list[str] = []
        task = runner.run_and_wait(None, "Nâng cấp dữ liệu",
                                   lambda progress: upgrade_database(db, progress),
                                   failed=problems.append)  # fmt: skip
        if task.outcome == runner.DONE:
            return True
        if problems:
            QMessageBox.critical(None, "Không nâng cấp được dữ liệu", f"{problems[0]}\n\n"
                                 "Chương trình sẽ đóng lại. Bản sao lưu làm trước khi nâng cấp "
                                 f"(nếu đã kịp làm) nằm trong thư mục {backups_folder(self.folder)}.")  # fmt: skip
            self.code = 1
        else:  # cancelled: at the step after the backup, before the file changed
            QMessageBox.information(None, "Chưa nâng cấp dữ liệu", "Đã dừng trước khi nâng cấp; "
                                    f"tệp dữ liệu {db} được giữ nguyên. Chương trình sẽ đóng lại.")  # fmt: skip
        return False

    def _make_window(self, store: Store, ahead: ReadAhead | None = None) -> None:
        from cchc_desktop.gui.main_window import MainWindow

        window = MainWindow(frame=store.frame_values(), folder=self.folder)
        self._attach(window, store, ahead or (_read_ahead(store.path) if store.path else None))
        window.show()

    def _attach(
        self, window: MainWindow, store: Store, ahead: ReadAhead | None,
        counts: tuple[int, int] | None = None,
    ) -> None:  # fmt: skip
        """Give ``window`` the open store; ``counts``: the greeting's, read at start."""
        from cchc_desktop.gui.context import AppContext

        ctx = AppContext(store, keep_focus=False)  # the window installs it once it is up
        ctx.read_ahead = ahead  # the first screen's SQL, running while the window is built
        window.attach(ctx, counts)
        window.on_restore = self._restore
        self.window = window

        def settle() -> None:
            self._second_starts = _listen_for_second_starts(self.folder, window)
            if self.screenshot_dir is None:
                check_in_background(self.folder, window)
            warm_up_in_background(window)

        # What the user does not see waits until the window has been up a moment, so it does
        # not hold up the first picture: listening for a second start, the full file check,
        # and loading sqlite-utils for the first edit.
        QTimer.singleShot(SETTLE_MS, window, settle)

    def _restore(self, backup: Path) -> None:
        """Close, swap in the backup (the current data is backed up first), reopen."""
        from cchc_desktop.store.store import Store

        old = self.window
        old.closing_for_restore = True
        old.close()
        old.ctx.store.close()
        problem = _restore_under_dialog(database_path(self.folder), backup, self.folder)
        if problem:
            QMessageBox.warning(None, "Không khôi phục được", problem)
        self._make_window(Store.open(database_path(self.folder)))


def stop_background_work() -> None:
    """Stop the jobs still running once the event loop has ended.

    Qt emits ``aboutToQuit`` (when the runner stops its jobs) from ``quit()`` itself, and
    timers already due still run in that last pass of the event loop: a job one of them starts
    (the start-up check, 300 ms after the window appears) would still be running at exit, and
    Qt aborts the process when a running thread is destroyed.
    """
    from cchc_desktop.gui import runner

    runner.finish_all()


def _read_ahead(db_path: Path, counts: bool = True, early: FrameReader | None = None) -> ReadAhead:
    from cchc_desktop.store.opening import ReadAhead

    return ReadAhead(db_path, date.today(), counts, early)


def report_start_times(window, app: QApplication) -> None:
    """Print ``frame <time>`` once the window has first been drawn, and ``filled <time>`` once
    its first screen has been drawn with its figures in place, then close the window and quit.

    The benchmark (``tests/bench_start.py``) times a start from launch to these moments; the
    bare PySide6 window it is compared with prints ``frame`` the same way.  Each time is taken
    after the whole drawing pass of the paint that showed it (a zero timer queued from inside
    the paint runs once the pass is over), and a paint counts as showing the figures only if
    they were in place when it began, so nothing is timed before it is drawn.
    """
    import time

    from PySide6.QtCore import QEvent, QObject

    printed: set[str] = set()

    def after_paint(filled: bool) -> None:
        if "frame" not in printed:
            printed.add("frame")
            print("frame", repr(time.time()), flush=True)
        if filled and "filled" not in printed:
            printed.add("filled")
            print("filled", repr(time.time()), flush=True)
            window.close()  # as the user closes it: work started in the background stops
            app.quit()

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                filled = window.first_screen_filled
                QTimer.singleShot(0, lambda: after_paint(filled))
            return False

    window._start_paints = Paints(window)  # type: ignore[attr-defined]
    window.installEventFilter(window._start_paints)  # type: ignore[attr-defined]
