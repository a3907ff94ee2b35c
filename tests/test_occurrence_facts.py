"""The occurrences that can count in a report, as the store keeps them (migration m011) for the
dashboard's statement.

Rule, in words: an occurrence can count in a report when its assignment is active, it has a
due date and it is not detached (a detached one keeps its result but never counts).  For each,
the table holds its plan, due date, assignment, unit and task, whether the assignment leads,
and its result's status, completion date and figures (none while it has no result).

The table is derived data kept by triggers, so every way the program writes tasks,
assignments, occurrences and results (a result entered, changed, cleared or moved, a timeline
changed, units given or taken from a task, an assignment removed, a task or a plan deleted,
undo and redo) must leave it equal to the rule applied row by row; a restore rebuilds it
rather than trust the copy, and an upgrade fills it.  The dashboard reads its figures from it,
and ``tests/test_dashboard_sql.py`` compares those with core's report rules.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.core.models import UnitRef
from cchc_desktop.store.store import Store
from tests.test_greeting_counts import (
    OPERATIONS,
    _apply,
    _quarterly_task,
    restored_after_tampering,
)
from tests.test_report_property import build_office

FIXTURES = Path(__file__).parent / "data" / "schemas"
Fact = tuple[int, str, int, int, int, int, bool, str | None, str | None, str | None]


def kept(conn: sqlite3.Connection) -> set[Fact]:
    return {
        (plan, due, occ, a, unit, task, bool(lead), status, done, vals)
        for plan, due, occ, a, unit, task, lead, status, done, vals in conn.execute(
            "SELECT plan_id, due, occurrence_id, assignment_id, unit_id, task_id, lead, status, "
            "completed_on, vals FROM occurrence_facts"
        )
    }


def by_the_rule(conn: sqlite3.Connection) -> set[Fact]:
    """The rule applied in Python, each table read on its own (no join of the migration's)."""
    tasks = dict(conn.execute("SELECT id, plan_id FROM tasks"))
    assignments = {
        i: (task, unit, role, active)
        for i, task, unit, role, active in conn.execute(
            "SELECT id, task_id, unit_id, role, active FROM assignments"
        )
    }
    results = {
        occ: (status, done, vals)
        for occ, status, done, vals in conn.execute(
            'SELECT occurrence_id, status, completed_on, "values" FROM results'
        )
    }
    found = set()
    for occ, a, due, detached in conn.execute(
        "SELECT id, assignment_id, due, detached FROM occurrences"
    ):
        task, unit, role, active = assignments[a]
        if not active or due is None or detached:
            continue
        status, done, vals = results.get(occ, (None, None, None))
        found.add((tasks[task], due, occ, a, unit, task, role == "lead", status, done, vals))
    return found


MORE = (*OPERATIONS, "lead", "lead", "give back")


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data())
def test_every_write_keeps_the_facts_by_the_rule(data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s, _plan_id, _leadless = build_office(data, Path(tmp) / "cchc.sqlite3")
        conn = s.db.conn
        try:
            assert kept(conn) == by_the_rule(conn)
            for _step in range(data.draw(st.integers(1, 8), label="steps")):
                operation = data.draw(st.sampled_from(MORE), label="operation")
                if operation in ("lead", "give back"):
                    _assign(s, data, operation)
                else:
                    _apply(s, data, operation)
                assert kept(conn) == by_the_rule(conn)
        finally:
            s.close()


def _assign(s: Store, data: st.DataObject, operation: str) -> None:
    """A unit made a task's lead (its assignment's role changes, or a new one is made), or an
    inactive assignment given back to its task (it becomes active again with its rows)."""
    tasks = [t for p in s.catalogue.plans() for t in s.catalogue.tasks(p.id)]
    units = s.org.units()
    if not tasks or not units:
        return
    task = data.draw(st.sampled_from(tasks), label="task")
    if operation == "lead":
        unit = data.draw(st.sampled_from(units), label="unit")
        s.tracking.add_assignment(task.id, unit.id, role=data.draw(
            st.sampled_from(("lead", "coordinating")), label="role"))  # fmt: skip
    else:
        inactive = [a for a in s.tracking.assignments(task.id, include_inactive=True)
                    if not a.active]  # fmt: skip
        if inactive:
            a = data.draw(st.sampled_from(inactive), label="assignment")
            s.tracking.add_assignment(task.id, a.unit_id, role=a.role)


def test_a_task_moved_to_another_plan_takes_its_facts_along(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        first = _quarterly_task(s)
        other = s.catalogue.add_plan(2024, "KH 2024")
        task_id = s.db.execute(
            "SELECT a.task_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id "
            "WHERE o.id = ?", [first.id]).fetchone()[0]  # fmt: skip
        with s.action("Chuyển kế hoạch"):
            s.db.execute("UPDATE tasks SET plan_id = ? WHERE id = ?", [other, task_id])
        assert {f[0] for f in kept(s.db.conn)} == {other}
        assert kept(s.db.conn) == by_the_rule(s.db.conn)
        s.undo()
        assert other not in {f[0] for f in kept(s.db.conn)}
        assert kept(s.db.conn) == by_the_rule(s.db.conn)
    finally:
        s.close()


def test_units_given_a_task_bring_their_occurrences(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        first = _quarterly_task(s)
        task_id = s.catalogue.tasks(s.catalogue.plans()[0].id)[0].id
        commune = s.org.add_unit("UBND xã Đông", kind="commune")
        s.catalogue.update_task(task_id, lead=[UnitRef("unit", commune)])
        assert kept(s.db.conn) == by_the_rule(s.db.conn)
        assert {f[4] for f in kept(s.db.conn)} == {commune}
        s.results.set_result(first.id, "done", first.due)  # the old lead's: no longer active
        assert kept(s.db.conn) == by_the_rule(s.db.conn)
        s.undo()
        s.undo()
        assert kept(s.db.conn) == by_the_rule(s.db.conn)
    finally:
        s.close()


def test_an_upgraded_file_has_its_facts(tmp_path: Path) -> None:
    """Migration m011 fills the table from the rows an older file already holds."""
    old = tmp_path / "v10.sqlite3"
    shutil.copy(FIXTURES / "v10.sqlite3", old)
    s = Store.open(old)
    try:
        found = kept(s.db.conn)
        assert found and found == by_the_rule(s.db.conn)
        assert any(f[7] == "done" for f in found)  # the fixture's result is there
    finally:
        s.close()


def test_a_restore_rebuilds_the_facts_rather_than_copy_them(tmp_path: Path) -> None:
    right, db = restored_after_tampering(
        tmp_path, kept, "UPDATE occurrence_facts SET status = 'not_done'"
    )
    assert len(right) == 4
    s = Store.open(db)
    try:
        assert kept(s.db.conn) == right == by_the_rule(s.db.conn)
    finally:
        s.close()
