"""Opening the office's database file: migrations and the version guard.

A current file (the everyday case) is opened on the bare connection of
:mod:`cchc_desktop.store.connection`, without importing sqlite-utils or the schema; an older
file (migrations pending) is copied to a verified backup first and takes the full path through
``Migrations``; a file from a newer program is refused before anything in it changes.
"""

from __future__ import annotations

from pathlib import Path

from cchc_desktop.store.connection import (
    MIGRATION_NAMES,
    Connection,
    applied_migrations,
    connect,
    is_current,
)

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
    applied = applied_migrations(db.conn)
    newer = [name for name in applied if name not in MIGRATION_NAMES]
    if newer:
        db.close()
        raise NewerDatabaseError(
            f"Tệp dữ liệu {path} được tạo bởi phiên bản CCHC Desktop mới hơn "
            f"(bước nâng cấp lạ: {', '.join(newer)}). Hãy cài phiên bản mới nhất; "
            "tệp được giữ nguyên, không bị thay đổi."
        )
    from cchc_desktop.store.schema import migrations

    if applied and str(path) != ":memory:":
        # an older file: keep a verified copy before changing its schema
        from cchc_desktop.store.backup import backup_now

        backup_now(Path(path), Path(path).parent, "nangcap", thin=False)
    migrations.apply(db.database)
    return db
