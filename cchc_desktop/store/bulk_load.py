"""Writing a generated office's plans in bulk: the benchmark offices of ``demo --scale``.

A province's office holds half a million occurrences, each with a result; written one edit at
a time, as the screens write, that takes the better part of an hour.  Here the rows go into
the program's own tables, through its own history and search triggers (so the file is one the
program could have written, with the history a real office accumulates), but many rows per
statement and one transaction per plan.  Undo is not recorded: nobody undoes a generated
office, and recording it would fill the undo log with steps no one could use.

What the rows say (plans, tasks, who does what, every result) is decided by the caller
(:mod:`cchc_desktop.demo_large`); this module only writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cchc_desktop.core.models import UnitRef

if TYPE_CHECKING:
    import sqlite3

    from cchc_desktop.store.store import Store


Row = tuple[object, ...]  # one row's values, in a statement's column order


@dataclass
class ResultRows:
    """A result as it ends up, and the progress notes it went through first (each note an
    edit of the result while still in progress, so each leaves a row of history)."""

    status: str
    completed_on: date | None
    description: str
    values: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    notes: tuple[str, ...] = ()
    evidence_url: str = ""  # a link given as evidence, or none


@dataclass
class OccurrenceRows:
    key: str
    due: date | None
    label: str
    manual: bool = False
    result: ResultRows | None = None


@dataclass
class AssignmentRows:
    unit_id: int
    role: str  # "lead" | "coordinating"
    occurrences: list[OccurrenceRows]


@dataclass
class TaskRows:
    section: int  # index into the plan's sections
    position: int
    content: str
    timeline: str
    product: str = ""
    forms: tuple[str, ...] = ()
    targets: dict[str, float] = field(default_factory=dict)
    lead: tuple[UnitRef, ...] = ()
    coordinating: tuple[UnitRef, ...] = ()
    assignments: list[AssignmentRows] = field(default_factory=list)


@dataclass
class PlanRows:
    year: int
    title: str
    number: str
    sections: list[str]
    tasks: list[TaskRows]
    status: str = "issued"


def write_plan(store: Store, plan: PlanRows) -> int:
    """Write ``plan`` whole in one transaction; the number of occurrences written.

    The results' search rows are written once, for their final text, after the batch: kept
    in step by their triggers through every progress note, they took four fifths of the time.
    The triggers are dropped and put back inside the same transaction, so a batch cut off
    leaves the file as it was.
    """
    conn = store.db.conn
    with conn:
        plan_id = _row_id(conn.execute(
            "INSERT INTO plans (year, title, number, status) VALUES (?, ?, ?, ?)",
            [plan.year, plan.title, plan.number, plan.status]))  # fmt: skip
        sections = [_row_id(conn.execute("INSERT INTO sections (plan_id, position, title) VALUES (?, ?, ?)",
                                         [plan_id, position, title]))
                    for position, title in enumerate(plan.sections)]  # fmt: skip
        rows = _Rows(conn, plan_id, sections)
        for task in plan.tasks:
            rows.add_task(task)
        suspended = ("search_results_insert", "search_results_update")
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
            suspended,
        ).fetchall()
        for name, _sql in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        rows.write(conn)
        from cchc_desktop.store.schema import search_rows_sql

        conn.execute(search_rows_sql("results") + " WHERE t.id >= ?", [rows.first_result])
        for _name, sql in triggers:
            conn.execute(sql)
    return len(rows.occurrences)


class _Rows:
    """A plan's rows for each table, with the ids they will have (given here, so that rows
    can name rows of the same batch)."""

    def __init__(self, conn: sqlite3.Connection, plan_id: int, sections: list[int]) -> None:
        self.plan_id, self.sections = plan_id, sections
        self.task_id = _next_id(conn, "tasks")
        self.assignment_id = _next_id(conn, "assignments")
        self.occurrence_id = _next_id(conn, "occurrences")
        self.result_id = self.first_result = _next_id(conn, "results")
        self.tasks: list[Row] = []
        self.task_units: list[Row] = []
        self.assignments: list[Row] = []
        self.occurrences: list[Row] = []
        self.results: list[Row] = []
        self.notes: dict[int, list[tuple[str, int]]] = {}  # a note's round → (text, result)
        self.finals: list[Row] = []
        self.evidence: list[tuple[int, str]] = []

    def add_task(self, task: TaskRows) -> None:
        tid = self.task_id
        self.task_id += 1
        self.tasks.append((tid, self.plan_id, self.sections[task.section], task.position, task.content,
                           task.product, task.timeline, json.dumps(list(task.forms)),
                           json.dumps(task.targets)))  # fmt: skip
        for role, refs in (("lead", task.lead), ("coordinating", task.coordinating)):
            for position, ref in enumerate(refs):
                unit, group = (ref.id, None) if ref.kind == "unit" else (None, ref.id)
                self.task_units.append((tid, role, position, unit, group))
        for assignment in task.assignments:
            aid = self.assignment_id
            self.assignment_id += 1
            self.assignments.append((aid, tid, assignment.unit_id, assignment.role))
            for occ in assignment.occurrences:
                oid = self.occurrence_id
                self.occurrence_id += 1
                due = occ.due.isoformat() if occ.due else None
                self.occurrences.append((oid, aid, occ.key, due, occ.label, int(occ.manual)))
                if occ.result is not None:
                    self.add_result(oid, occ.result)

    def add_result(self, occurrence_id: int, res: ResultRows) -> None:
        rid = self.result_id
        self.result_id += 1
        done = res.completed_on.isoformat() if res.completed_on else None
        final = (res.status, done, res.reason, res.description, json.dumps(res.values))
        if res.notes:  # written first while in progress, its final state last
            self.results.append((rid, occurrence_id, "in_progress", None, "", res.notes[0], "{}"))
            for step, text in enumerate(res.notes[1:]):
                self.notes.setdefault(step, []).append((text, rid))
            self.finals.append((*final, rid))
        else:
            self.results.append((rid, occurrence_id, *final))
        if res.evidence_url:
            self.evidence.append((rid, res.evidence_url))

    def write(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT INTO tasks (id, plan_id, section_id, position, content, product, timeline, forms, targets) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.tasks)  # fmt: skip
        conn.executemany(
            "INSERT INTO task_units (task_id, role, position, unit_id, group_id) VALUES (?, ?, ?, ?, ?)",
            self.task_units)  # fmt: skip
        conn.executemany(
            "INSERT INTO assignments (id, task_id, unit_id, role) VALUES (?, ?, ?, ?)",
            self.assignments,
        )
        conn.executemany(
            "INSERT INTO occurrences (id, assignment_id, key, due, label, manual) VALUES (?, ?, ?, ?, ?, ?)",
            self.occurrences)  # fmt: skip
        conn.executemany(
            'INSERT INTO results (id, occurrence_id, status, completed_on, reason, description, "values") '
            "VALUES (?, ?, ?, ?, ?, ?, ?)", self.results)  # fmt: skip
        for step in sorted(self.notes):  # the progress notes, in the order they were written
            conn.executemany("UPDATE results SET description = ? WHERE id = ?", self.notes[step])
        conn.executemany(
            'UPDATE results SET status = ?, completed_on = ?, reason = ?, description = ?, "values" = ? '
            "WHERE id = ?", self.finals)  # fmt: skip
        conn.executemany(
            "INSERT INTO evidence (result_id, kind, name, url) VALUES (?, 'link', 'Bài đăng', ?)",
            self.evidence)  # fmt: skip


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id the next row of ``table`` gets: ids are given here so rows can refer to rows
    written in the same batch."""
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


def _row_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row ``cursor`` just inserted."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def history_rows(store: Store) -> int:
    """Rows of history in the file (what the generated edits left)."""
    return int(store.db.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0])


def finish(store: Store) -> None:
    """Let SQLite gather the statistics its planner uses, as the program does on closing."""
    store.db.conn.execute("PRAGMA optimize")
