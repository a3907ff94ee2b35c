"""The open occurrences the store keeps by due date (migration m010) for the greeting's counts.

Rule, in words: an occurrence is open while it has no result or its result is in progress; a
result done or not done closes it (core.status.CLOSING_STATUSES).  The greeting ("Hôm nay")
counts the open occurrences of active assignments in the plans of this year and last, due
from 15/12 of the year before each plan: those due before today are overdue, those due from
today to 14 days ahead fall due soon.

The table is derived data kept by triggers, so every way the program writes occurrences and
results (a result entered, changed, cleared or moved, a timeline changed, an assignment or a
task removed, a plan deleted, undo and redo) must leave it equal to what the rule computes
from the rows themselves; a restore rebuilds it rather than trust the copy, and an upgrade
fills it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.core.status import CLOSING_STATUSES, is_open
from cchc_desktop.store import schema
from cchc_desktop.store.backup import make_backup, restore_backup
from cchc_desktop.store.dashboard import opening_counts
from cchc_desktop.store.store import Store
from tests.test_report_property import TIMELINES, build_office

FIXTURES = Path(__file__).parent / "data" / "schemas"


def kept(conn: sqlite3.Connection) -> set[tuple[int, str | None, int]]:
    return set(conn.execute("SELECT occurrence_id, due, assignment_id FROM open_occurrences"))


def by_the_rule(conn: sqlite3.Connection) -> set[tuple[int, str | None, int]]:
    """The open occurrences, decided row by row in Python by core's rule."""
    rows = conn.execute(
        "SELECT o.id, o.due, o.assignment_id, r.status FROM occurrences o "
        "LEFT JOIN results r ON r.occurrence_id = o.id"
    )
    return {(i, due, a) for i, due, a, status in rows if is_open(status)}


def greeting_by_the_rows(s: Store, today: date) -> tuple[int, int]:
    overdue = soon = 0
    for plan in s.catalogue.plans():
        if plan.year < today.year - 1:
            continue
        for r in s.tracking.occurrence_rows(plan.id, start=date(plan.year - 1, 12, 15),
                                            end=today + timedelta(days=14), include_undated=False):  # fmt: skip
            if is_open(r.status):
                overdue += r.due < today
                soon += r.due >= today
    return overdue, soon


def test_the_closing_statuses_are_the_ones_the_triggers_name() -> None:
    """The migration's SQL is frozen text; it must name exactly core's closing statuses."""
    assert CLOSING_STATUSES == ("done", "not_done")
    assert "r.status IN ('done', 'not_done')" in schema.OPEN_OCCURRENCES_FILL
    assert is_open(None) and is_open("in_progress")
    assert not is_open("done") and not is_open("not_done")


OPERATIONS = ("result", "result", "result", "clear", "timeline", "remove assignment", "event",
              "delete task", "reattach", "undo", "undo", "redo", "delete plan")  # fmt: skip


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data(), today=st.dates(date(2023, 1, 1), date(2024, 12, 31)))
def test_every_write_keeps_the_open_occurrences_by_the_rule(data, today) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s, plan_id, _leadless = build_office(data, Path(tmp) / "cchc.sqlite3")
        conn = s.db.conn
        try:
            assert kept(conn) == by_the_rule(conn)
            for _step in range(data.draw(st.integers(1, 8), label="steps")):
                _apply(s, data, data.draw(st.sampled_from(OPERATIONS), label="operation"))
                assert kept(conn) == by_the_rule(conn)
                assert opening_counts(s, today) == greeting_by_the_rows(s, today)
        finally:
            s.close()


def _apply(s: Store, data: st.DataObject, operation: str) -> None:
    plans = s.catalogue.plans()
    rows = [r for p in plans for r in s.tracking.occurrence_rows(p.id)]
    tasks = [t for p in plans for t in s.catalogue.tasks(p.id)]
    if operation in ("result", "clear") and rows:
        r = data.draw(st.sampled_from(rows), label="occurrence")
        status = None if operation == "clear" else data.draw(
            st.sampled_from(("done", "in_progress", "not_done")), label="status")  # fmt: skip
        s.results.set_result(r.id, status, r.due if status == "done" else None,
                             reason="Chưa bố trí kinh phí" if status == "not_done" else "")  # fmt: skip
    elif operation == "timeline" and tasks:
        task = data.draw(st.sampled_from(tasks), label="task")
        timeline = data.draw(st.sampled_from([t for t in TIMELINES if t != task.timeline]))
        s.catalogue.update_task(task.id, timeline=timeline)  # results kept, detached
    elif operation == "remove assignment" and tasks:
        task = data.draw(st.sampled_from(tasks), label="task")
        assignments = s.tracking.assignments(task.id)
        if assignments:
            s.tracking.remove_assignment(data.draw(st.sampled_from(assignments)).id)
    elif operation == "event" and tasks:
        task = data.draw(st.sampled_from(tasks), label="task")
        assignments = s.tracking.assignments(task.id)
        if assignments:
            due = data.draw(st.dates(date(2023, 1, 1), date(2023, 12, 31)), label="event due")
            s.tracking.add_event_occurrence(data.draw(st.sampled_from(assignments)).id, due)
    elif operation == "delete task" and tasks:
        s.catalogue.delete_task(data.draw(st.sampled_from(tasks), label="task").id)
    elif operation == "reattach":
        detached = [r for r in rows if r.detached and r.status]
        free = [r for r in rows if not r.detached and not r.status]
        if detached and free:
            s.results.reattach_result(data.draw(st.sampled_from(detached)).id,
                                      data.draw(st.sampled_from(free)).id)  # fmt: skip
    elif operation == "undo":
        s.undo()
    elif operation == "redo":
        s.redo()
    elif operation == "delete plan" and plans:
        s.catalogue.delete_plan(data.draw(st.sampled_from(plans), label="plan").id)


def _quarterly_task(s: Store):
    """A plan of 2023 with one quarterly task led by one unit; its first occurrence."""
    from cchc_desktop.core.models import UnitRef

    unit = s.org.add_unit("Phòng Nội vụ", kind="department")
    pid = s.catalogue.add_plan(2023, "KH")
    s.catalogue.add_task(pid, None, "Chuyên mục", timeline="Hằng quý",
                         lead=[UnitRef("unit", unit)])  # fmt: skip
    return s.tracking.occurrence_rows(pid)[0]


def test_a_moved_due_date_moves_its_open_occurrence(tmp_path: Path) -> None:
    """The store moves an occurrence's due date when its schedule is read anew (a quarter's
    date after the office's periods change); undo moves it back.  Both reach the table."""
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        first = _quarterly_task(s)
        with s.action("Dời hạn"):
            s.db.execute("UPDATE occurrences SET due = '2023-04-10' WHERE id = ?", [first.id])
        assert (first.id, "2023-04-10", first.assignment_id) in kept(s.db.conn)
        assert kept(s.db.conn) == by_the_rule(s.db.conn)
        s.undo()
        assert (first.id, first.due.isoformat(), first.assignment_id) in kept(s.db.conn)
        assert kept(s.db.conn) == by_the_rule(s.db.conn)
    finally:
        s.close()


def test_an_upgraded_file_has_its_open_occurrences(tmp_path: Path) -> None:
    """Migration m010 fills the table from the rows an older file already holds."""
    old = tmp_path / "v9.sqlite3"
    shutil.copy(FIXTURES / "v9.sqlite3", old)
    s = Store.open(old)
    try:
        found = kept(s.db.conn)
        assert found == by_the_rule(s.db.conn)
        closed = s.db.execute("SELECT COUNT(*) FROM results WHERE status = 'done'").fetchone()[0]
        total = s.db.execute("SELECT COUNT(*) FROM occurrences").fetchone()[0]
        assert closed >= 1 and len(found) == total - closed
    finally:
        s.close()


def restored_after_tampering(tmp_path: Path, kept, *tampering: str) -> tuple[set, Path]:
    """An office with one done occurrence; what ``kept`` read of its derived table, and its
    file after a backup whose derived table ``tampering`` changed was restored over it."""
    data = tmp_path / "data"
    data.mkdir()
    db = data / "cchc.sqlite3"
    s = Store.open(db)
    try:
        first = _quarterly_task(s)
        s.results.set_result(first.id, "done", first.due)
        right = kept(s.db.conn)
    finally:
        s.close()
    info = make_backup(db, tmp_path / "sao-luu.sqlite3", "thucong")
    wrong = sqlite3.connect(info.path)
    for sql in tampering:
        wrong.execute(sql)
    wrong.commit()
    wrong.close()
    restore_backup(db, info.path, data)
    return right, db


def test_a_restore_rebuilds_the_open_occurrences_rather_than_copy_them(tmp_path: Path) -> None:
    """A backup whose derived table is wrong (damaged, or edited by hand) comes back right:
    the table is derived from the restored occurrences and results, never taken as stored."""
    right, db = restored_after_tampering(
        tmp_path, kept, "DELETE FROM open_occurrences",
        "INSERT INTO open_occurrences VALUES (999, '2023-01-01', 999)",
    )  # fmt: skip
    assert len(right) == 3
    s = Store.open(db)
    try:
        assert kept(s.db.conn) == right == by_the_rule(s.db.conn)
    finally:
        s.close()
