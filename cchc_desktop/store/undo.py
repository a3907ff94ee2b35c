"""Undo and redo for every edit, recorded by SQLite triggers.

Each tracked table carries three triggers that, while a user action is being recorded
(``undo_state.current`` is set), write the SQL that reverses the change into ``undo_log``.
Undoing an action replays its log backwards inside one transaction; the triggers record that
replay as the matching redo action.  Because the mechanism sits under every writer, no screen
can forget to make an edit undoable, and cascaded deletes come back whole.

Later migrations that add columns to a tracked table must call :func:`install_undo_triggers`
again so the triggers know the new columns.

Issued reports (``report_snapshots``, ``report_files``) are deliberately not tracked: issuing
is a fact about a document already sent, so no undo or redo may remove or restore one
(migration m007 dropped the triggers m003 had given them; only a snapshot's link to its plan
follows the plan's deletion and its undo).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cchc_desktop.core.changes import Id, Kind

if TYPE_CHECKING:
    from sqlite_utils import Database

    from cchc_desktop.store.connection import Connection

TRACKED_TABLES: tuple[str, ...] = (
    "settings",
    "units",
    "unit_groups",
    "group_members",
    "plans",
    "sections",
    "tasks",
    "task_units",
    "assignments",
    "occurrences",
    "results",
    "evidence",
    "imports",
)
NEVER_UNDONE: tuple[str, ...] = ("report_snapshots", "report_files")  # issued reports

MAX_ACTIONS = 500  # undo depth kept in the file

# What each tracked table holds, in the words of a change record (core.changes).
TABLE_KINDS: dict[str, Kind] = {
    "settings": Kind.SETTINGS,
    "units": Kind.UNITS,
    "unit_groups": Kind.GROUPS,
    "group_members": Kind.GROUPS,
    "plans": Kind.PLANS,
    "sections": Kind.SECTIONS,
    "tasks": Kind.TASKS,
    "task_units": Kind.TASKS,
    "assignments": Kind.ASSIGNMENTS,
    "occurrences": Kind.OCCURRENCES,
    "results": Kind.RESULTS,
    "evidence": Kind.EVIDENCE,
    "imports": Kind.IMPORTS,
}
# Tables whose rowids are not the ids of their kind (a task's units, a group's members): a
# change there says the kind changed, not which of its rows.
_ROWS_OF_ANOTHER_TABLE = frozenset({"task_units", "group_members"})
# The statements the triggers above write: the table first; the row's rowid at the end of a
# DELETE or UPDATE, as the first value of an INSERT; a setting's key (its first column) quoted
# right after.
_STATEMENT = re.compile(r'^(DELETE FROM|UPDATE|INSERT INTO) "(\w+)"')
_END_ROWID = re.compile(r" WHERE rowid = (-?\d+)$")
_INSERT_ROWID = re.compile(r'^INSERT INTO "\w+" \([^)]*\) VALUES \((-?\d+), ')
_SETTING_KEY = re.compile(
    r"""^(?:UPDATE "settings" SET "key" = |INSERT INTO "settings" \([^)]*\) VALUES \(-?\d+, )"""
    r"'((?:[^']|'')*)'"
)


def install_undo_triggers(db: Database, tables: tuple[str, ...]) -> None:
    """(Re)create the undo triggers of ``tables`` for their current columns.

    Tables in :data:`NEVER_UNDONE` are skipped: a fresh database never gets undo triggers on
    issued reports, even from m003, which asked for them before the rule existed.
    """
    current = "(SELECT current FROM undo_state WHERE id = 1)"
    for table in tables:
        if table in NEVER_UNDONE:
            continue
        cols = [c.name for c in db[table].columns]
        for suffix in ("insert", "update", "delete"):
            db.execute(f"DROP TRIGGER IF EXISTS undo_{table}_{suffix}")
        set_list = " || ', ' || ".join(f'\'"{c}" = \' || quote(old."{c}")' for c in cols)
        col_list = ", ".join(f'"{c}"' for c in cols)
        val_list = " || ', ' || ".join(f'quote(old."{c}")' for c in cols)
        db.executescript(
            f"""
            CREATE TRIGGER undo_{table}_insert AFTER INSERT ON "{table}"
            WHEN {current} IS NOT NULL BEGIN
              INSERT INTO undo_log (action_id, sql) VALUES (
                {current}, 'DELETE FROM "{table}" WHERE rowid = ' || new.rowid);
            END;
            CREATE TRIGGER undo_{table}_update AFTER UPDATE ON "{table}"
            WHEN {current} IS NOT NULL BEGIN
              INSERT INTO undo_log (action_id, sql) VALUES (
                {current}, 'UPDATE "{table}" SET ' || {set_list} || ' WHERE rowid = ' || old.rowid);
            END;
            CREATE TRIGGER undo_{table}_delete BEFORE DELETE ON "{table}"
            WHEN {current} IS NOT NULL BEGIN
              INSERT INTO undo_log (action_id, sql) VALUES (
                {current}, 'INSERT INTO "{table}" (rowid, {col_list}) VALUES (' || old.rowid
                || ', ' || {val_list} || ')');
            END;
            """
        )


class UndoLog:
    """The undo and redo stacks of one database, kept in its tables."""

    def __init__(self, db: Connection) -> None:
        self.db = db

    # -- recording ---------------------------------------------------------------------
    def recording(self) -> bool:
        return (
            self.db.execute("SELECT current FROM undo_state WHERE id = 1").fetchone()[0] is not None
        )

    def begin(self, label: str) -> int:
        """Start recording a user action (call inside the action's transaction)."""
        self._clear("redo")
        cur = self.db.execute("INSERT INTO undo_actions (label, stack) VALUES (?, 'undo')", [label])
        action_id = int(cur.lastrowid or 0)  # set by the INSERT just run
        self.db.execute("UPDATE undo_state SET current = ? WHERE id = 1", [action_id])
        return action_id

    def end(self, action_id: int) -> None:
        """Stop recording; an action that changed nothing leaves no undo step."""
        self.db.execute("UPDATE undo_state SET current = NULL WHERE id = 1")
        empty = self.db.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM undo_log WHERE action_id = ?)", [action_id]
        ).fetchone()[0]
        if empty:
            self.db.execute("DELETE FROM undo_actions WHERE id = ?", [action_id])
        self._trim()

    # -- stacks ------------------------------------------------------------------------
    def top(self, stack: str) -> tuple[int, str] | None:
        row = self.db.execute(
            "SELECT id, label FROM undo_actions WHERE stack = ? ORDER BY id DESC LIMIT 1", [stack]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def touched(self, stack: str = "undo", after: int | None = None) -> dict[Kind, set[Id] | None]:
        """What the log of some actions touches, as kinds of data and the ids of their rows
        (settings: their keys; ``None`` where the rows are not known): the newest action of
        ``stack`` (what an undo or redo is about to replay), or every action of ``stack``
        newer than ``after`` (what a user action just recorded).  Read before the replay: a
        row the replay deletes is still there to be named."""
        if after is None:
            top = self.top(stack)
            if top is None:
                return {}
            rows = self.db.execute(
                "SELECT sql FROM undo_log WHERE action_id = ?", [top[0]]
            ).fetchall()
        else:
            rows = self.db.execute(
                "SELECT sql FROM undo_log WHERE action_id IN "
                "(SELECT id FROM undo_actions WHERE stack = ? AND id > ?)",
                [stack, after],
            ).fetchall()
        ids_of: dict[Kind, set[Id]] = {}
        unknown: set[Kind] = set()
        unnamed_settings: list[int] = []
        for (sql,) in rows:
            statement = _STATEMENT.match(sql)
            kind = TABLE_KINDS.get(statement.group(2)) if statement else None
            if statement is None or kind is None:
                continue
            ids = ids_of.setdefault(kind, set())
            if statement.group(2) in _ROWS_OF_ANOTHER_TABLE:
                unknown.add(kind)
                continue
            found = (_INSERT_ROWID.match(sql) if statement.group(1) == "INSERT INTO"
                     else _END_ROWID.search(sql))  # fmt: skip
            key = _SETTING_KEY.match(sql) if kind is Kind.SETTINGS else None
            if key:
                ids.add(key.group(1).replace("''", "'"))
            elif found is None:
                unknown.add(kind)
            elif kind is Kind.SETTINGS:
                unnamed_settings.append(int(found.group(1)))
            else:
                ids.add(int(found.group(1)))
        if unnamed_settings:  # a setting the action created: its row still holds its key
            marks = ", ".join("?" * len(unnamed_settings))
            keys = self.db.execute(
                f"SELECT key FROM settings WHERE rowid IN ({marks})", unnamed_settings
            ).fetchall()
            ids_of[Kind.SETTINGS].update(k for (k,) in keys)
            if len(keys) < len(set(unnamed_settings)):
                unknown.add(Kind.SETTINGS)
        return {k: None if k in unknown else ids for k, ids in ids_of.items()}

    def newest(self, stack: str = "undo") -> int:
        """The id of the newest action of ``stack`` (0 when it is empty)."""
        top = self.top(stack)
        return top[0] if top else 0

    def replay(self, stack: str) -> str | None:
        """Undo (``stack='undo'``) or redo (``'redo'``) the newest action; return its label."""
        top = self.top(stack)
        if top is None:
            return None
        action_id, label = top
        target = "redo" if stack == "undo" else "undo"
        statements = [
            r[0]
            for r in self.db.execute(
                "SELECT sql FROM undo_log WHERE action_id = ? ORDER BY id DESC", [action_id]
            ).fetchall()
        ]
        with self.db.atomic():
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            cur = self.db.execute(
                "INSERT INTO undo_actions (label, stack) VALUES (?, ?)", [label, target]
            )
            self.db.execute("UPDATE undo_state SET current = ? WHERE id = 1", [cur.lastrowid])
            for sql in statements:
                self.db.execute(sql)
            self.db.execute("UPDATE undo_state SET current = NULL WHERE id = 1")
            self.db.execute("DELETE FROM undo_log WHERE action_id = ?", [action_id])
            self.db.execute("DELETE FROM undo_actions WHERE id = ?", [action_id])
        return label

    def reset(self) -> None:
        """Forget both stacks (at start-up: undo belongs to one working session).

        One transaction on the bare sqlite3 connection, because it runs while the program
        opens, before sqlite-utils is loaded (see :mod:`cchc_desktop.store.database`); never
        called inside an action.
        """
        conn = self.db.conn
        if conn.in_transaction:
            raise RuntimeError("UndoLog.reset() inside a transaction")
        with conn:  # commits, or rolls back on an error
            conn.execute("UPDATE undo_state SET current = NULL WHERE id = 1")
            conn.execute("DELETE FROM undo_log")
            conn.execute("DELETE FROM undo_actions")

    def _clear(self, stack: str) -> None:
        self.db.execute(
            "DELETE FROM undo_log WHERE action_id IN (SELECT id FROM undo_actions WHERE stack = ?)",
            [stack],
        )
        self.db.execute("DELETE FROM undo_actions WHERE stack = ?", [stack])

    def _trim(self) -> None:
        old = "SELECT id FROM undo_actions WHERE stack = 'undo' ORDER BY id DESC LIMIT -1 OFFSET ?"
        self.db.execute(f"DELETE FROM undo_log WHERE action_id IN ({old})", [MAX_ACTIONS])
        self.db.execute(f"DELETE FROM undo_actions WHERE id IN ({old})", [MAX_ACTIONS])
