"""History: who changed what and when, for tasks, assignments and results.

The rows are written by SQLite triggers (:func:`cchc_desktop.store.schema.install_history_triggers`)
under every writer, undo and redo included, crediting the user the house names; this room
only reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cchc_desktop.store.room import Room


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    user: str
    table_name: str
    row_id: int
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


class History(Room):
    """The change history, read per task, per row, or per result of one occurrence."""

    def of_task(self, task_id: int) -> list[HistoryEntry]:
        """Every change to a task, its units, assignments and results, newest first."""
        rows = self.db.query("SELECT * FROM history WHERE task_id = ? ORDER BY id DESC", [task_id])
        return [_entry(r) for r in rows]

    def of_row(self, table: str, row_id: int) -> list[HistoryEntry]:
        """Every change to one row of ``table``, newest first."""
        rows = self.db.query(
            "SELECT * FROM history WHERE table_name = ? AND row_id = ? ORDER BY id DESC",
            [table, row_id],
        )
        return [_entry(r) for r in rows]

    def of_result(self, occurrence_id: int) -> list[HistoryEntry]:
        """Changes to the result of one occurrence (one unit's entry for one due date), newest
        first: cleared and entered again too, since a result row is found by its occurrence."""
        rows = self.db.execute(
            "SELECT at, user, table_name, row_id, action, old, new FROM history WHERE table_name = 'results' "
            "AND task_id = (SELECT a.task_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id "
            "WHERE o.id = :occ) AND :occ IN (json_extract(new, '$.occurrence_id'), json_extract(old, "
            "'$.occurrence_id')) ORDER BY id DESC", {"occ": occurrence_id}).fetchall()  # fmt: skip
        return [
            HistoryEntry(
                at,
                user,
                table,
                row_id,
                action,
                json.loads(old) if old else None,
                json.loads(new) if new else None,
            )  # fmt: skip
            for at, user, table, row_id, action, old, new in rows
        ]


def _entry(r: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        r["at"], r["user"], r["table_name"], r["row_id"], r["action"],
        json.loads(r["old"]) if r["old"] else None, json.loads(r["new"]) if r["new"] else None,
    )  # fmt: skip
