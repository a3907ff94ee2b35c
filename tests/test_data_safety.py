"""Data safety as the program uses it: backups before upgrades and imports, the lock, the
backup panel, restore through the window, and the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_desktop.demo import write_demo
from cchc_desktop.paths import database_path
from cchc_desktop.store.backup import backups_dir, list_backups
from cchc_desktop.store.backup_state import last_external_backup
from cchc_desktop.store.lock import InstanceLock
from cchc_desktop.store.store import Store
from tests.slow_copy import Watch, watching

FIXTURES = Path(__file__).parent / "data" / "schemas"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc_desktop", *args], capture_output=True, text=True, timeout=120
    )


def test_an_older_database_is_backed_up_before_it_is_upgraded(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "v1.sqlite3", tmp_path / "cchc.sqlite3")
    Store.open(tmp_path / "cchc.sqlite3").close()
    reasons = [b.reason for b in list_backups(backups_dir(tmp_path))]
    assert reasons == ["nangcap"]
    assert list_backups(backups_dir(tmp_path))[0].plans == 1


def test_command_line_backup_list_check_restore(tmp_path: Path) -> None:
    data = tmp_path / "d"
    write_demo(data, 2023)
    usb = tmp_path / "usb"
    usb.mkdir()
    assert cli("backup", "create", "--data-dir", str(data)).returncode == 0
    out = cli("backup", "create", "--data-dir", str(data), "--to", str(usb))
    assert out.returncode == 0 and Path(out.stdout.strip()).parent == usb
    listing = cli("backup", "list", "--data-dir", str(data))
    assert "sao lưu thủ công" in listing.stdout.lower() or "thủ công" in listing.stdout
    assert cli("backup", "check", "--data-dir", str(data)).returncode == 0
    s = Store.open(database_path(data))
    plan = s.catalogue.plans()[0]
    s.catalogue.delete_plan(plan.id)
    s.close()
    backup = sorted(backups_dir(data).glob("*thucong*"))[0]
    done = cli("backup", "restore", "--data-dir", str(data), str(backup))
    assert done.returncode == 0, done.stderr
    s = Store.open(database_path(data))
    assert [p.id for p in s.catalogue.plans()] == [plan.id]
    s.close()
    assert any(b.reason == "khoiphuc" for b in list_backups(backups_dir(data)))
    gone = cli("backup", "create", "--data-dir", str(data), "--to", str(tmp_path / "rut-ra"))
    assert gone.returncode == 2 and "không tồn tại" in gone.stderr


def test_restore_is_refused_while_the_program_holds_the_folder(tmp_path: Path) -> None:
    data = tmp_path / "d"
    write_demo(data, 2023)
    cli("backup", "create", "--data-dir", str(data))
    lock = InstanceLock(data)
    assert lock.acquire()
    try:
        backup = next(backups_dir(data).glob("*.sqlite3"))
        out = cli("backup", "restore", "--data-dir", str(data), str(backup))
        assert out.returncode == 2 and "đang mở" in out.stderr
    finally:
        lock.release()


def test_second_start_on_the_same_folder_says_it_is_open(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui import app

    write_demo(tmp_path, 2023)
    told = []
    monkeypatch.setattr(app.QMessageBox, "information", lambda *a: told.append(a[2]))
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    try:
        assert app.run(tmp_path) == 0
    finally:
        lock.release()
    assert "đang mở" in told[0]


def test_backup_panel_and_restore_through_the_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    write_demo(tmp_path, 2023)
    store = Store.open(database_path(tmp_path))
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    panel = window.show_screen("cai-dat").backups
    panel.backup_now()  # off the GUI thread (gui/runner.py): the list follows when it ends
    qtbot.waitUntil(lambda: not panel.task.running, timeout=20000)
    assert panel.list.count() == 1 and "thủ công" in panel.list.item(0).text()
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    panel.backup_to_folder(str(usb))
    qtbot.waitUntil(lambda: not panel.task.running, timeout=20000)
    assert len(list(usb.glob("*.sqlite3"))) == 1
    asked = []
    window.on_restore = asked.append
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    panel.list.setCurrentRow(0)
    panel.restore()
    assert asked and asked[0].name.startswith("cchc-")
    window.closing_for_restore = False
    window.close()  # closing makes a verified backup
    assert any(b.reason == "dong" for b in list_backups(backups_dir(tmp_path)))
    store.close()


def test_moving_the_data_to_another_computer_through_the_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old computer: “Xuất toàn bộ dữ liệu ra tệp”; new one: “Nhận dữ liệu từ tệp”."""
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow
    from cchc_desktop.store.backup import restore_backup

    old_dir, new_dir = tmp_path / "may-cu", tmp_path / "may-moi"
    write_demo(old_dir, 2023)
    old = Store.open(database_path(old_dir))
    window = MainWindow(AppContext(old))
    qtbot.addWidget(window)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    window.show_screen("cai-dat").backups.export_to_file(str(tmp_path / "usb" / "du lieu"))
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    carried = tmp_path / "usb" / "du lieu.sqlite3"
    assert carried.exists() and "Nhận dữ liệu từ tệp" in told[0]
    assert last_external_backup(old_dir) is not None  # data copied off the PC: no reminder
    plans = [p.title for p in old.catalogue.plans()]
    window.closing_for_restore = True
    window.close()
    old.close()

    new_dir.mkdir()
    new = Store.open(database_path(new_dir))
    assert new.catalogue.plans() == []
    window = MainWindow(AppContext(new))
    qtbot.addWidget(window)
    questions: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: questions.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    received: list[Path] = []
    window.on_restore = received.append
    window.show_screen("cai-dat").backups.receive_from_file(str(carried))
    assert received == [carried] and "Kế hoạch: hiện có 0" in questions[0]
    window.closing_for_restore = True
    window.close()
    new.close()
    restore_backup(database_path(new_dir), carried, new_dir)  # what the program does on “Có”
    moved = Store.open(database_path(new_dir))
    assert [p.title for p in moved.catalogue.plans()] == plans
    moved.close()


def test_damage_found_by_the_background_check_offers_the_newest_good_backup(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full check runs after the window opens (it takes seconds on a large office)."""
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui import app
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow
    from cchc_desktop.store.backup import backup_now

    write_demo(tmp_path, 2023)
    store = Store.open(database_path(tmp_path))
    good = backup_now(database_path(tmp_path), tmp_path, "thucong")
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    asked: list[str] = []
    restored: list[Path] = []
    window.on_restore = restored.append
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )

    app.check_in_background(tmp_path, window)
    qtbot.waitUntil(lambda: window.integrity_problems is not None, timeout=10000)
    assert window.integrity_problems == [] and not asked  # a sound file: nothing said

    monkeypatch.setattr(
        "cchc_desktop.store.integrity.quick_check",
        lambda _p, _progress=None: ["*** in database main *** Page 7"],
    )
    app.check_in_background(tmp_path, window)
    qtbot.waitUntil(lambda: bool(window.integrity_problems), timeout=10000)
    assert "bị hỏng" in asked[0] and "Page 7" in asked[0]
    assert restored == [good.path]
    window.closing_for_restore = True
    window.close()
    store.close()


def test_a_file_that_is_not_a_database_is_caught_before_the_window_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui import app

    database_path(tmp_path).write_bytes(b"not a database at all" * 500)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: told.append(a[2]))
    assert app.check_and_repair(tmp_path)  # no backup: set aside, start empty
    assert "bị hỏng" in told[0] and not database_path(tmp_path).exists()
    assert list(tmp_path.glob("cchc.damaged-*.sqlite3"))


def test_damage_found_at_start_up_discards_what_was_read_ahead_before_moving_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The opening figures are read from the file before the check; on damage, that reading
    stops (its connection closed: Windows cannot move an open file) and hands out nothing."""
    import time
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui import app
    from cchc_desktop.store import integrity
    from cchc_desktop.store.opening import ReadAhead
    from tests.test_backup import damage

    write_demo(tmp_path, 2023)
    db = database_path(tmp_path)
    damage(db)
    read_file = ReadAhead._read_file

    def slow_read(self: ReadAhead, path: Path) -> None:  # still reading when the check ends
        time.sleep(0.5)
        read_file(self, path)

    monkeypatch.setattr(ReadAhead, "_read_file", slow_read)
    ahead = ReadAhead(db, date(2023, 11, 24))
    still_reading: list[bool] = []
    set_aside = integrity.set_aside_damaged

    def watched(path: Path) -> Path:
        still_reading.append(ahead._thread.is_alive())
        return set_aside(path)

    monkeypatch.setattr(integrity, "set_aside_damaged", watched)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: None)
    assert app.check_and_repair(tmp_path, ahead)  # no backup: set aside, start empty
    assert still_reading == [False] and not db.exists()
    assert ahead.counts(date(2023, 11, 24)) is None


def test_damage_found_behind_the_frame_stops_the_frame_s_reader_before_moving_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame's values are read before the check too; on one core its reader then waits,
    connection open, for the frame to be drawn.  On damage it is stopped (connection closed)
    before the file is set aside, and its counts are not handed out."""
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui import app
    from cchc_desktop.store import frame_values, integrity

    write_demo(tmp_path, 2023)
    db = database_path(tmp_path)
    monkeypatch.setattr(frame_values, "usable_cores", lambda: 1)
    early = frame_values.FrameReader(db, date(2023, 11, 24))
    assert early.values(date(2023, 11, 24)) is not None  # read; now waiting for the frame
    assert early._thread.is_alive()
    still_reading: list[bool] = []
    set_aside = integrity.set_aside_damaged

    def watched(path: Path) -> Path:
        still_reading.append(early._thread.is_alive())
        return set_aside(path)

    monkeypatch.setattr(integrity, "opens_cleanly", lambda path: ["trang 3 hỏng"])
    monkeypatch.setattr(integrity, "set_aside_damaged", watched)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: None)
    assert app.check_and_repair(tmp_path, None, early)  # no backup: set aside, start empty
    assert still_reading == [False] and not db.exists()
    assert early.counts(date(2023, 11, 24)) is None


def test_a_restore_runs_under_a_dialog_without_hủy_while_the_gui_goes_on(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the window closed for a restore (or none yet, at a start on a damaged file), the
    copy runs off the GUI thread under “Khôi phục dữ liệu”: the program never seems to hang,
    and the dialog offers no “Hủy” (a restore is whole or not at all)."""
    from cchc_desktop.gui import app
    from cchc_desktop.store.backup import backup_now

    write_demo(tmp_path, 2023)
    db = database_path(tmp_path)
    saved = backup_now(db, tmp_path, "thucong")
    store = Store.open(db)
    store.catalogue.add_plan(2024, "Kế hoạch thêm sau bản sao lưu")
    store.close()
    with watching(monkeypatch) as watch:
        assert app._restore_under_dialog(db, saved.path, tmp_path) == ""
    assert len(watch.ticks) >= 10
    assert watch.dialogs and all(title == "Khôi phục dữ liệu" and not hủy
                                 for title, hủy in watch.dialogs)  # fmt: skip
    store = Store.open(db)
    try:
        assert [p.year for p in store.catalogue.plans()] == [2023]  # as the backup had it
    finally:
        store.close()


def test_the_closing_backup_keeps_the_window_drawing_and_a_second_close_waits(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing backs the file up off the GUI thread under “Sao lưu khi đóng”: the window goes
    on drawing (a window that stops answering looks like a crash), a second click on × while
    the copy runs makes no second copy, and the window closes once the copy is made."""
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    write_demo(tmp_path, 2023)
    store = Store.open(database_path(tmp_path))
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    window.show()

    def second_close(watch: Watch) -> None:
        if len(watch.ticks) == 12:
            window.close()  # the second ×, while the copy runs: no second copy
            assert window.isVisible()  # still there, drawn, until the copy is made

    with watching(monkeypatch, second_close) as watch:
        assert window.close()
    store.close()
    assert len(watch.ticks) >= 12 and "Sao lưu khi đóng" in watch.titles
    assert [b.reason for b in list_backups(backups_dir(tmp_path))] == ["dong"]
