"""Imports of returned unit workbooks: each one recorded with the results it replaced.

An import is one user action (its writes sit in the undo log like any edit), and it is also
recorded in the ``imports`` table with the state of every result it replaced, so that it can
be taken back as a whole later, after other edits and across restarts, when Ctrl+Z no longer
reaches it.  Reading and checking the workbooks is :mod:`cchc_desktop.exchange.unit_sheets`'
business; what it needs from the database is here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.room import Room


@dataclass(frozen=True)
class ImportRecord:
    id: int
    at: str
    user: str
    files: list[str]
    rows: int
    undone_at: str | None


@dataclass(frozen=True)
class OfficeRow:
    """One occurrence a returned workbook names, as the office holds it now."""

    id: int
    task_id: int
    task_number: str
    task_content: str
    status: str | None
    completed_on: date | None
    reason: str
    description: str
    values: dict[str, Any]


_SENT_SQL = """
    SELECT o.id, a.task_id, t.content, r.status, r.completed_on, r.reason, r.description, r."values"
    FROM occurrences o
    JOIN assignments a ON a.id = o.assignment_id AND a.active
    JOIN tasks t ON t.id = a.task_id
    JOIN units u ON u.id = a.unit_id
    LEFT JOIN results r ON r.occurrence_id = o.id
    WHERE t.plan_id = ? AND a.unit_id = ? AND o.id IN (SELECT value FROM json_each(?))
"""


class Imports(Room):
    """The record of workbook imports: what each replaced, and taking one back."""

    def office_rows(self, plan_id: int, unit_id: int, ids: list[int]) -> dict[int, OfficeRow]:
        """The unit's current occurrences (active assignments of the plan) among ``ids``, by id.

        One query for the rows a workbook names, as ``tracking.occurrence_rows(plan, unit)``
        would give them, without that query's per-row evidence count (a scan of the evidence
        table).
        """
        if not ids:
            return {}
        rows = self.db.execute(_SENT_SQL, [plan_id, unit_id, json.dumps(ids)]).fetchall()
        numbers = self.house.catalogue.task_numbers(plan_id) if rows else {}
        return {r[0]: OfficeRow(r[0], r[1], numbers.get(r[1], ""), r[2], r[3],
                                date.fromisoformat(r[4]) if r[4] else None, r[5] or "", r[6] or "",
                                json.loads(r[7]) if r[7] else {}) for r in rows}  # fmt: skip

    def record(self, files: list[str], rows: int, before: dict[str, Any]) -> int:
        """Record an import of ``files`` writing ``rows`` rows; ``before`` maps each occurrence
        id (as text) to its result before the import, or None where there was none.  Called
        inside the import's action, so the record is undone with it."""
        with self.house.action("Nhập kết quả"):
            cur = self.db.execute(
                "INSERT INTO imports (user, files, rows, before) VALUES (?, ?, ?, ?)",
                [self.house.user_name(), json.dumps(files, ensure_ascii=False), rows,
                 json.dumps(before, ensure_ascii=False)],
            )  # fmt: skip
            return int(cur.lastrowid or 0)

    def history(self) -> list[ImportRecord]:
        """Every import, newest first."""
        return [
            ImportRecord(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5])
            for r in self.db.execute(
                "SELECT id, at, user, files, rows, undone_at FROM imports ORDER BY id DESC"
            ).fetchall()
        ]

    def undo(self, import_id: int) -> int:
        """Put back every result an import replaced, as one action (works across restarts)."""
        row = self.db.execute(
            "SELECT before, undone_at, files FROM imports WHERE id = ?", [import_id]
        ).fetchone()
        if row is None:
            raise StoreError("Không tìm thấy lần nhập này.")
        if row[1]:
            raise StoreError(f"Lần nhập này đã được hoàn tác lúc {row[1]}.")
        before = json.loads(row[0])
        results = self.house.results
        with self.house.action(f"Hoàn tác lần nhập {', '.join(json.loads(row[2]))[:100]}"):
            for occ_id, state in before.items():
                if state is None:
                    results.set_result(int(occ_id), None)
                else:
                    results.set_result(int(occ_id), state["status"],
                                       date.fromisoformat(state["completed_on"]) if state["completed_on"] else None,
                                       reason=state["reason"], description=state["description"],
                                       values=state["values"])  # fmt: skip
            self.db.execute(
                "UPDATE imports SET undone_at = datetime('now', 'localtime') WHERE id = ?",
                [import_id],
            )
        return len(before)
