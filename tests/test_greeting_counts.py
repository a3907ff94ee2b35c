"""The greeting's counts ("Hôm nay"): what is overdue and what falls due within 14 days.

Rule, in words: the greeting counts the open occurrences (no result, or a result still in
progress: core.status.is_open) that a report could count (of an active assignment, with a due
date, not set aside by a timeline change), in the plans of this year and last, due from 15/12
of the year before each plan: those due before today are overdue, those due from today to 14
days ahead fall due soon.  A detached occurrence is not overdue work, as no report counts it.

The count reads ``occurrence_facts``' index of its open rows (migration m012); the facts are
kept by triggers (tests/test_occurrence_facts.py), so every way the program writes
occurrences and results must leave the count equal to the rule applied to the rows.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.core.status import is_open
from cchc_desktop.store.backup import make_backup, restore_backup
from cchc_desktop.store.dashboard import opening_counts
from cchc_desktop.store.store import Store
from tests.test_report_property import TIMELINES, build_office

FIXTURES = Path(__file__).parent / "data" / "schemas"


def greeting_by_the_rows(s: Store, today: date) -> tuple[int, int]:
    """The rule above, applied in Python to the rows the lists show."""
    overdue = soon = 0
    for plan in s.catalogue.plans():
        if plan.year < today.year - 1:
            continue
        for r in s.tracking.occurrence_rows(plan.id, start=date(plan.year - 1, 12, 15),
                                            end=today + timedelta(days=14), include_undated=False):  # fmt: skip
            if is_open(r.status) and not r.detached:
                overdue += r.due < today
                soon += r.due >= today
    return overdue, soon


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data(), today=st.dates(date(2023, 1, 1), date(2024, 12, 31)))
def test_every_write_keeps_the_greeting_by_the_rule(data, today) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s, _plan_id, _leadless = build_office(data, Path(tmp) / "cchc.sqlite3")
        try:
            assert opening_counts(s, today) == greeting_by_the_rows(s, today)
            for _step in range(data.draw(st.integers(1, 8), label="steps")):
                _apply(s, data, data.draw(st.sampled_from(OPERATIONS), label="operation"))
                assert opening_counts(s, today) == greeting_by_the_rows(s, today)
        finally:
            s.close()


OPERATIONS = ("result", "result", "result", "clear", "timeline", "remove assignment", "event",
              "delete task", "reattach", "undo", "undo", "redo", "delete plan")  # fmt: skip


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


def test_a_detached_occurrence_in_progress_is_not_overdue_work(tmp_path: Path) -> None:
    """An occurrence set aside by a timeline change keeps its result for the user to re-attach;
    no report counts it, and the greeting does not call it overdue either."""
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        first = _quarterly_task(s)
        day = first.due + timedelta(days=3)
        s.results.set_result(first.id, "in_progress", None)
        assert opening_counts(s, day) == greeting_by_the_rows(s, day)
        before = opening_counts(s, day)[0]
        task_id = s.catalogue.tasks(first.plan_id)[0].id
        s.catalogue.update_task(task_id, timeline="Tháng 12/2023")
        assert any(
            r.detached and r.id == first.id for r in s.tracking.occurrence_rows(first.plan_id)
        )
        assert opening_counts(s, day)[0] == before - 1
        assert opening_counts(s, day) == greeting_by_the_rows(s, day)
    finally:
        s.close()


@pytest.mark.parametrize("version", [9, 11])
def test_an_upgraded_file_counts_its_greeting_from_the_facts(tmp_path: Path, version: int) -> None:
    """Migration m012 adds the facts' indexes and drops the older table the greeting read."""
    old = tmp_path / f"v{version}.sqlite3"
    shutil.copy(FIXTURES / f"v{version}.sqlite3", old)
    s = Store.open(old)
    try:
        names = {n for (n,) in s.db.execute("SELECT name FROM sqlite_master")}
        assert {"occurrence_facts_open", "occurrence_facts_done"} <= names
        assert not {n for n in names if n.startswith("open_occurrences")}
        for day in (date(2023, 3, 1), date(2023, 11, 24), date(2024, 6, 30)):
            assert opening_counts(s, day) == greeting_by_the_rows(s, day)
    finally:
        s.close()


def test_the_counts_read_only_the_index_of_open_facts(tmp_path: Path) -> None:
    """The greeting's statement never reads the table's rows (its index holds every column
    it needs), nor does the dashboard's read of the carried-over occurrences."""
    from cchc_desktop.core.periods import parse_period_code
    from cchc_desktop.store import dashboard_sql, frame_values

    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        _quarterly_task(s)
        plans = []
        real = s.db.conn

        class Explaining:
            def execute(self, sql, params=()):
                plans.extend(d for *_ids, d in real.execute("EXPLAIN QUERY PLAN " + sql, params))
                return real.execute(sql, params)

        frame_values.opening_counts(Explaining(), date(2023, 5, 1))  # type: ignore[arg-type]
        assert [d for d in plans if "occurrence_facts" in d] == [
            "SEARCH f USING COVERING INDEX occurrence_facts_open (plan_id=? AND due>? AND due<?)",
            "SEARCH f USING COVERING INDEX occurrence_facts_open (plan_id=? AND due>? AND due<?)",
        ]
        plans.clear()
        pid = s.catalogue.plans()[0].id
        dashboard_sql.read_figures_text(
            Explaining(), pid, parse_period_code("2023-Q3"), date(2023, 8, 1)
        )  # type: ignore[arg-type]
        reads = [d for d in plans if "occurrence_facts" in d]
        assert (
            "SEARCH f USING COVERING INDEX occurrence_facts_open (plan_id=? AND due>? AND due<?)"
            in reads
        )
        assert (
            "SEARCH f USING COVERING INDEX occurrence_facts_done (plan_id=? AND completed_on>?)"
            in reads
        )
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
