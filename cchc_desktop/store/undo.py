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

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

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

    def __init__(self, db: Database) -> None:
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
        action_id = cur.lastrowid
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
