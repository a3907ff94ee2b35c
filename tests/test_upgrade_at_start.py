"""The first start after the program was updated: an older file is backed up and upgraded.

Rule, in words: before an older file opens, a verified copy of it is kept ("nangcap" in the
backups folder) and only then are the new migrations applied.  On a large office the copy
takes seconds, so the window's program does both off the GUI thread under a progress dialog
titled "Nâng cấp dữ liệu": the program never seems to hang before its window appears.  If the
copy fails, nothing of the file changes, the user is told why in Vietnamese and the program
stops; a cancel stops before the file changes.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cchc_desktop.core.progress import Cancelled, Progress
from cchc_desktop.paths import database_path
from cchc_desktop.store import backup
from cchc_desktop.store.connection import MIGRATION_NAMES, applied_migrations, is_current
from cchc_desktop.store.database import needs_upgrade, upgrade_database
from tests.slow_copy import progress_dialogs, slow_disk, watching

FIXTURES = Path(__file__).parent / "data" / "schemas"


def older_office(tmp_path: Path) -> Path:
    folder = tmp_path / "dữ liệu"
    folder.mkdir()
    shutil.copy(FIXTURES / "v9.sqlite3", database_path(folder))
    return folder


def applied(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return applied_migrations(conn)
    finally:
        conn.close()


def test_which_files_need_an_upgrade(tmp_path: Path) -> None:
    folder = older_office(tmp_path)
    db = database_path(folder)
    assert needs_upgrade(db)
    assert not needs_upgrade(tmp_path / "không có.sqlite3")
    upgrade_database(db)
    assert not needs_upgrade(db) and set(applied(db)) == set(MIGRATION_NAMES)
    newer = tmp_path / "mới hơn.sqlite3"
    shutil.copy(db, newer)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "SELECT migration_set, 'm999_future', applied_at FROM _sqlite_migrations LIMIT 1")  # fmt: skip
    conn.commit()
    conn.close()
    assert not needs_upgrade(newer)  # refused when it opens, never upgraded


def test_a_cancel_after_the_backup_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    folder = older_office(tmp_path)
    db = database_path(folder)
    before = applied(db)
    progress = Progress(lambda done, total, text: progress.cancel() if "sao lưu" in text else None)
    with pytest.raises(Cancelled):
        upgrade_database(db, progress)
    assert applied(db) == before and "m010_open_occurrences" not in before
    assert list((folder / "backups").glob("*nangcap*"))  # the copy made before it stopped


def test_an_older_file_is_upgraded_under_a_progress_dialog_while_the_gui_runs(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui.app import _Opening

    folder = older_office(tmp_path)
    opening = _Opening(QApplication.instance(), folder, False, None, None)
    with watching(monkeypatch) as watch:
        assert opening.at_once()
    window = opening.window
    qtbot.addWidget(window)
    window.closing_for_restore = True
    try:
        assert len(watch.ticks) >= 10  # the GUI thread went on while the copy took a second
        assert "Nâng cấp dữ liệu" in watch.titles
        assert is_current(window.ctx.store.db.conn)
        assert list((folder / "backups").glob("*nangcap*"))
    finally:
        window.close()
        window.ctx.store.close()


def test_a_failed_backup_stops_the_start_and_changes_nothing(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui import app as app_module

    folder = older_office(tmp_path)
    db = database_path(folder)
    before = applied(db)

    def full_disk(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_online_copy", full_disk)
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module.QMessageBox, "critical",
                        lambda parent, title, text: told.append((title, text)))  # fmt: skip
    opening = app_module._Opening(QApplication.instance(), folder, False, None, None)
    assert not opening.at_once()
    assert opening.code == 1
    assert applied(db) == before and needs_upgrade(db)
    [(title, text)] = told
    assert title == "Không nâng cấp được dữ liệu"
    assert "Không sao lưu được" in text and "đầy" in text and "Error" not in text


def test_hủy_during_the_backup_stops_before_the_file_changes(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui import app as app_module

    folder = older_office(tmp_path)
    db = database_path(folder)
    before = applied(db)
    slow_disk(monkeypatch)
    told: list[str] = []
    monkeypatch.setattr(app_module.QMessageBox, "information",
                        lambda parent, title, text: told.append(f"{title}: {text}"))  # fmt: skip

    def press_hủy() -> None:
        dialogs = progress_dialogs()
        if dialogs:
            dialogs[0].canceled.emit()  # as the button does
        else:
            QTimer.singleShot(50, press_hủy)

    QTimer.singleShot(400, press_hủy)
    opening = app_module._Opening(QApplication.instance(), folder, False, None, None)
    assert not opening.at_once()
    assert opening.code == 0
    assert applied(db) == before and needs_upgrade(db)
    assert told and "được giữ nguyên" in told[0] and told[0].startswith("Chưa nâng cấp dữ liệu")
