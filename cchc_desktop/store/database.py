"""Opening the office's database file: migrations and the version guard.

A current file (the everyday case) is opened on the bare connection of
:mod:`cchc_desktop.store.connection`, without importing sqlite-utils or the schema; an older
file (migrations pending) is copied to a verified backup first and takes the full path through
``Migrations``; a file from a newer program is refused before anything in it changes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.store.connection import (
    MIGRATION_NAMES,
    Connection,
    applied_migrations,
    connect,
    is_current,
    read_only_uri,
)

if TYPE_CHECKING:
    from cchc_desktop.core.progress import Progress

DB_FILENAME = "cchc.sqlite3"


class NewerDatabaseError(RuntimeError):
    """The file was written by a newer version of the program; it is left untouched."""


def open_database(path: Path | str) -> Connection:
    """Open (creating if needed) and upgrade the database at ``path``.

    Raises :class:`NewerDatabaseError` before changing anything when a newer program wrote
    the file.
    """
    db = connect(path)
    if is_current(db.conn):
        return db  # the everyday case, without importing sqlite-utils
    try:
        _upgrade(db, path)
    except BaseException:
        db.close()
        raise
    return db


def needs_upgrade(path: Path | str) -> bool:
    """Whether the file at ``path`` is an older one, to be backed up and upgraded before it
    opens (seconds on a large office, most of it the backup): the window says so while it
    works (:func:`upgrade_database` off the GUI thread).  False for a missing, current or
    newer file (a newer one is refused when it opens)."""
    if not Path(path).is_file():
        return False
    conn = sqlite3.connect(read_only_uri(Path(path)), uri=True, timeout=10)
    try:
        applied = set(applied_migrations(conn))
        # older: some of this program's migrations, not all, and none it does not know
        return bool(applied) and applied < set(MIGRATION_NAMES)
    finally:
        conn.close()


def upgrade_database(path: Path | str, progress: Progress | None = None) -> None:
    """Back up and upgrade the older file at ``path`` on a connection of its own, then close
    it (for a worker thread; the window then opens the current file).  A cancel between the
    backup and the upgrade leaves the file as it was (the backup stays)."""
    db = connect(path)
    try:
        if not is_current(db.conn):
            _upgrade(db, path, progress)
    finally:
        db.close()


def _upgrade(db: Connection, path: Path | str, progress: Progress | None = None) -> None:
    applied = applied_migrations(db.conn)
    newer = [name for name in applied if name not in MIGRATION_NAMES]
    if newer:
        raise NewerDatabaseError(
            f"Tệp dữ liệu {path} được tạo bởi phiên bản CCHC Desktop mới hơn "
            f"(bước nâng cấp lạ: {', '.join(newer)}). Hãy cài phiên bản mới nhất; "
            "tệp được giữ nguyên, không bị thay đổi."
        )
    from cchc_desktop.store.schema import migrations

    if applied and str(path) != ":memory:":
        # an older file: keep a verified copy before changing its schema
        from cchc_desktop.store.backup import backup_now

        if progress is not None:
            progress.step(0, 0, "Đang sao lưu dữ liệu trước khi nâng cấp…")
        backup_now(Path(path), Path(path).parent, "nangcap", thin=False)
    if progress is not None:
        progress.step(0, 0, "Đang nâng cấp dữ liệu lên phiên bản mới…")
    migrations.apply(db.database)
