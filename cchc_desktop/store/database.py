"""Opening the office's database file: pragmas, migrations and the version guard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from cchc_desktop.store.schema import migrations

DB_FILENAME = "cchc.sqlite3"


class NewerDatabaseError(RuntimeError):
    """The file was written by a newer version of the program; it is left untouched."""


def connect(path: Path | str) -> Database:
    """Open ``path`` with WAL and foreign keys on; no schema work."""
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return Database(conn)


def unknown_migrations(db: Database) -> list[str]:
    """Names of applied migrations this program does not know (a newer program wrote them)."""
    known = {m.name for m in migrations._migrations}
    return [m.name for m in migrations.applied(db) if m.name not in known]


def open_database(path: Path | str) -> Database:
    """Open (creating if needed) and upgrade the database at ``path``.

    Raises :class:`NewerDatabaseError` before changing anything when a newer program wrote
    the file.
    """
    db = connect(path)
    newer = unknown_migrations(db)
    if newer:
        db.close()
        raise NewerDatabaseError(
            f"Tệp dữ liệu {path} được tạo bởi phiên bản CCHC Desktop mới hơn "
            f"(bước nâng cấp lạ: {', '.join(newer)}). Hãy cài phiên bản mới nhất; "
            "tệp được giữ nguyên, không bị thay đổi."
        )
    pending = migrations.pending(db)
    if pending and migrations.applied(db) and str(path) != ":memory:":
        # an older file: keep a verified copy before changing its schema
        from cchc_desktop.store.backup import backup_now

        backup_now(Path(path), Path(path).parent, "nangcap", thin=False)
    migrations.apply(db)
    return db
