"""The connection to the office's database file, and which migrations a file has.

The lowest module of the store's own: everything that opens, checks or copies a file needs
it, and it needs nothing of the store.  Opening a current file imports neither sqlite-utils
nor the schema: that import costs about a tenth of a second (sqlite-utils loads click,
dateutil and pluggy), half of what a bare PySide6 window takes to appear, and nothing the
window shows first needs it.  :class:`Connection` runs plain SELECTs on the sqlite3
connection and makes sqlite-utils' ``Database`` on first use of anything else.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

# The migrations of :mod:`cchc_desktop.store.schema`, in order.  Kept here, light, so a current
# file is recognised without importing the schema; ``schema`` refuses to import if the two
# lists ever differ, so a new migration cannot be forgotten here.
MIGRATION_SET = "cchc_desktop"
MIGRATION_NAMES: tuple[str, ...] = (
    "m001_foundation",
    "m002_tracking",
    "m003_report_snapshots",
    "m004_imports",
    "m005_search_by_rowid",
    "m006_evidence_by_result",
    "m007_issued_reports_outside_undo",
    "m008_plan_sections",
    "m009_plan_scan_indexes",
    "m010_open_occurrences",
    "m011_occurrence_facts",
    "m012_open_and_done_facts",
)

_WRITE_WORD = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class Connection:
    """The office database: sqlite-utils' ``Database``, made the first time it is needed.

    ``execute`` and ``query`` of a SELECT (or a ``WITH … SELECT``) run on the sqlite3
    connection as long as no ``Database`` exists; every other call (writes, transactions,
    table helpers) goes to the ``Database`` with sqlite-utils' own semantics.  Once it exists,
    everything goes through it.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._db: Database | None = None

    @property
    def database(self) -> Database:
        if self._db is None:
            from sqlite_utils import Database

            # no plugins: packages installed next to the program must not change our connection
            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def execute(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
    ) -> sqlite3.Cursor:
        if self._db is None and _is_read(sql):
            return self.conn.execute(sql, () if parameters is None else parameters)
        return self.database.execute(sql, parameters)

    def query(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        if self._db is None and _is_read(sql):
            cursor = self.conn.execute(sql, () if params is None else params)
            keys = [d[0] for d in cursor.description]
            if len(set(keys)) == len(keys):  # else sqlite-utils renames the repeated ones
                return (dict(zip(keys, row, strict=True)) for row in cursor)
        return self.database.query(sql, params)

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, table: str) -> Any:
        return self.database[table]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.database, name)


def _is_read(sql: str) -> bool:
    """A SELECT, or a ``WITH`` that is not a write in disguise (``WITH x AS (…) DELETE …``)."""
    head = sql.lstrip()[:6].upper()
    return head == "SELECT" or (head.startswith("WITH") and not _WRITE_WORD.search(sql))


def read_only_uri(path: Path | str) -> str:
    """A read-only SQLite URI for ``path`` (percent-encoded: offices use Vietnamese names)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def connect(path: Path | str) -> Connection:
    """Open ``path`` with WAL and foreign keys on; no schema work."""
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils' Database sets it
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return Connection(conn)


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the file, in the order they were applied."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [name for (name,) in rows]


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the file has exactly this program's migrations applied: nothing to upgrade, and
    nothing from a newer program.  (Compared as sets: the order they were applied in is the
    migrations' business, not the reader's.)"""
    return set(applied_migrations(conn)) == set(MIGRATION_NAMES)


def unknown_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of applied migrations this program does not know (a newer program wrote them)."""
    return [name for name in applied_migrations(conn) if name not in MIGRATION_NAMES]
