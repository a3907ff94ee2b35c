"""The dashboard is counted in SQL for speed; it must agree with the Python rules exactly."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cchc_desktop.core.models import UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.core.report_rules import year_targets
from cchc_desktop.core.status import BUCKETS, bucket, task_bucket
from cchc_desktop.demo import write_demo
from cchc_desktop.reports.periodic import figures_for
from cchc_desktop.store.dashboard import (
    RANK_SQL,
    assignment_matrix,
    build_dashboard,
    opening_counts,
    ranked,
)
from cchc_desktop.store.store import Store
from tests.test_report_property import TIMELINES, build_office, periods

dates = st.one_of(st.none(), st.dates(date(2022, 12, 1), date(2024, 2, 1)))


statuses = st.sampled_from([None, "done", "in_progress", "not_done"])
cutoffs = st.dates(date(2023, 1, 1), date(2023, 12, 31))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@given(due=dates, status=statuses, completed=dates, cutoff=cutoffs)
def test_rank_sql_is_core_status_bucket(due, status, completed, cutoff) -> None:
    conn = sqlite3.connect(":memory:")
    sql = (
        RANK_SQL.replace("o.due", ":due")
        .replace("r.status", ":status")
        .replace("r.completed_on", ":done")
    )
    got = conn.execute(f"SELECT {sql}", {"due": _iso(due), "status": status, "done": _iso(completed),
                                         "cutoff": cutoff.isoformat()}).fetchone()[0]  # fmt: skip
    assert isinstance(got, int) and ranked(got) == bucket(due, status, completed, cutoff)


@given(occurrences=st.lists(st.tuples(dates, statuses, dates), max_size=6), cutoff=cutoffs)
def test_largest_rank_is_core_status_task_bucket(occurrences, cutoff) -> None:
    """A matrix cell's status, the largest rank of one unit's occurrences of a task, read as
    the matrix reads it (occurrences left-joined to their results, none for no result), is
    core.status's task bucket; no occurrence at all is in progress."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE occurrences (id INTEGER PRIMARY KEY, due TEXT)")
    conn.execute("CREATE TABLE results (occurrence_id INTEGER, status TEXT, completed_on TEXT)")
    for i, (due, status, completed) in enumerate(occurrences, 1):
        conn.execute("INSERT INTO occurrences VALUES (?, ?)", [i, _iso(due)])
        if status is not None:
            conn.execute("INSERT INTO results VALUES (?, ?, ?)", [i, status, _iso(completed)])
    (got,) = conn.execute(
        f"SELECT MAX({RANK_SQL}) FROM occurrences o LEFT JOIN results r ON r.occurrence_id = o.id",
        {"cutoff": cutoff.isoformat()},
    ).fetchone()
    want = task_bucket(
        bucket(due, status, completed if status else None, cutoff)
        for due, status, completed in occurrences
    )
    assert ranked(got) == want


def _reference(store: Store, plan_id: int, period, today: date) -> dict:
    """The same figures by the report's own rules (core.report_rules), line by line in Python:
    the dashboard shows a report's shares, so the screen and the report read the same."""
    f = figures_for(store, plan_id, period, min(period.end, today))
    counted = [c for c in f.lines if c.counts_for_task]
    targets = year_targets(
        {t.id: t.targets for t in store.catalogue.tasks(plan_id) if t.targets},
        store.tracking.lead_units_per_task(plan_id),
    )
    horizon = today + timedelta(days=14)
    soon = [r.id for r in store.tracking.occurrence_rows(plan_id, start=today, end=horizon, include_undated=False)
            if r.status != "done"]  # fmt: skip
    return {
        "counts": f.share_counts,
        "by_unit": {u.unit_id: [u.total, u.done] for u in f.units if u.total},
        "by_form": f.forms,
        "totals": {c: i.period for c, i in f.indicators.items() if i.period is not None},
        "targets": targets,
        "rows": [SimpleNamespace(id=c.line.occurrence_id, unit_id=c.line.unit_id) for c in counted],
        "buckets": {c.line.occurrence_id: c.bucket for c in counted},
        "soon": soon,
    }


def _assert_agrees(s: Store, plan_id: int, period, today: date) -> dict:
    """build_dashboard's figures, lists and rows are the row-by-row rules'; returns those."""
    d = build_dashboard(s, plan_id, period, today)
    ref = _reference(s, plan_id, period, today)
    assert d.counts == ref["counts"], period.code
    assert {u.unit_id: [u.total, u.done] for u in d.by_unit} == ref["by_unit"]
    assert [u.unit_id for u in d.by_unit] == [u.id for u in s.org.units() if u.id in ref["by_unit"]]
    assert d.by_form == ref["by_form"] and d.totals == ref["totals"]
    # a task with no lead unit has its target counted no times: the report lists the indicator
    # with a target of 0, the dashboard leaves it out
    assert d.targets == {c: v for c, v in ref["targets"].items() if v or c in d.targets}
    overdue = [r.id for r in ref["rows"] if ref["buckets"][r.id] == "overdue"]
    for page, want in ((d.due_soon_page, ref["soon"]), (d.overdue_page, overdue)):
        assert [r.id for r in page()] == want
        # a page at a time, as the screen scrolls, gives the same rows in the same order
        assert [r.id for k in range(0, len(want) + 3, 3) for r in page(k, 3)] == want
    assert d.due_soon_count == len(ref["soon"]) and len(d.overdue_ids) == d.counts["overdue"]
    for b in BUCKETS:
        assert [r.id for r in d.rows_in(b)] == [
            r.id for r in ref["rows"] if ref["buckets"][r.id] == b
        ]
    if d.by_unit:
        unit = d.by_unit[0].unit_id
        assert [r.id for r in d.rows_of_unit(unit)] == [
            r.id for r in ref["rows"] if r.unit_id == unit
        ]
    assert [r.id for r in d.rows] == [r.id for r in ref["rows"]] and d.buckets == ref["buckets"]
    return ref


def _assert_matrix_agrees(s: Store, plan_id: int, today: date) -> set[str]:
    """Each cell of the matrix is core.status's task bucket of that unit's occurrences of the
    task (detached ones too, as the tracking screen lists them); returns the statuses seen."""
    per: dict[tuple[int, int], list[str]] = {}
    for r in s.tracking.occurrence_rows(plan_id):
        per.setdefault((r.task_id, r.unit_id), []).append(
            bucket(r.due, r.status, r.completed_on, today)
        )
    _tasks, cells = assignment_matrix(s, plan_id, today)
    assert set(per) <= set(cells)
    for key, (_aid, _role, status) in cells.items():
        assert status == task_bucket(per.get(key, [])), key
    return {c[2] for c in cells.values()}


def test_dashboard_agrees_with_the_row_by_row_rules(tmp_path: Path) -> None:
    write_demo(tmp_path, 2023, today=date(2023, 11, 24))
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        plan = s.catalogue.plans()[0]
        for code, today in (("2023-9M", date(2023, 11, 24)), ("2023-Y", date(2023, 11, 24)),
                            ("2023-Q2", date(2023, 11, 24)), ("2023-Q4", date(2023, 10, 20))):  # fmt: skip
            ref = _assert_agrees(s, plan.id, parse_period_code(code), today)
            if code == "2023-9M":  # the comparison is not vacuous
                assert (
                    sum(ref["counts"].values()) > 500
                    and ref["by_form"]
                    and ref["totals"]
                    and ref["targets"]
                    and ref["soon"]
                    and ref["counts"]["overdue"] > 3
                )
        assert len(_assert_matrix_agrees(s, plan.id, date(2023, 8, 1))) >= 3
    finally:
        s.close()


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data(), period=periods(),
       today=st.one_of(st.dates(date(2023, 1, 1), date(2024, 1, 31)),
                       st.sampled_from([date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30)])))  # fmt: skip
def test_dashboard_and_matrix_agree_with_the_rules_on_random_offices(data, period, today) -> None:
    """Random small offices (tasks with no lead unit, groups, results completed after the
    cut-off, none at all, not done, detached by a changed timeline), any period, any day: the figures, both lists page by
    page, the rows behind each figure and the matrix's cells are the row-by-row rules'."""
    with tempfile.TemporaryDirectory() as tmp:
        s, plan_id, _leadless = build_office(data, Path(tmp) / "cchc.sqlite3")
        try:
            if data.draw(st.booleans(), label="a timeline changed after results were entered"):
                task = data.draw(st.sampled_from(s.catalogue.tasks(plan_id)), label="task")
                others = [t for t in TIMELINES if t != task.timeline]
                timeline = data.draw(st.sampled_from(others), label="new timeline")
                s.catalogue.update_task(task.id, timeline=timeline)  # results kept, detached
            detached = any(r.detached for r in s.tracking.occurrence_rows(plan_id))
            ref = _assert_agrees(s, plan_id, period, today)
            statuses = _assert_matrix_agrees(s, plan_id, today)
        finally:
            s.close()
    # what the examples exercised (pytest --hypothesis-show-statistics)
    for name, seen in (("overdue rows", ref["counts"]["overdue"]), ("due-soon rows", ref["soon"]),
                       ("indicator totals", ref["totals"]), ("several cell statuses", len(statuses) > 2), ("detached occurrences", detached)):  # fmt: skip
        if seen:
            event(name)


def test_a_detached_occurrence_still_colours_its_matrix_cell_but_counts_in_no_figure(
    tmp_path: Path,
) -> None:
    """Work entered for a date the timeline no longer has stays listed (detached, for the user
    to re-attach): the matrix's cell still shows it, the dashboard's figures do not count it."""
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        unit = s.org.add_unit("Phòng Nội vụ", kind="department")
        pid = s.catalogue.add_plan(2023, "KH")
        tid = s.catalogue.add_task(pid, None, "Chuyên mục", timeline="Hằng quý",
                                   lead=[UnitRef("unit", unit)])  # fmt: skip
        q1 = next(o for o in s.tracking.occurrence_rows(pid) if o.key == "2023-03-31")
        s.results.set_result(q1.id, "in_progress", None)  # overdue once 31/3 has passed
        s.catalogue.update_task(tid, timeline="Quý III/2023")
        rows = s.tracking.occurrence_rows(pid)
        assert [(o.key, o.detached) for o in rows] == [("2023-03-31", True), ("2023-09-30", False)]
        today = date(2023, 5, 2)
        _tasks, cells = assignment_matrix(s, pid, today)
        assert (
            cells[(tid, unit)][2]
            == "overdue"
            == task_bucket(bucket(o.due, o.status, o.completed_on, today) for o in rows)
        )
        d = build_dashboard(s, pid, parse_period_code("2023-H1"), today)
        assert d.counts == dict.fromkeys(BUCKETS, 0) and not d.overdue_ids
    finally:
        s.close()


def test_opening_counts_match_the_rows(tmp_path: Path) -> None:
    write_demo(tmp_path, 2023, today=date(2023, 11, 24))
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        today = date(2023, 11, 24)
        overdue = soon = 0
        for plan in s.catalogue.plans():
            for r in s.tracking.occurrence_rows(plan.id, start=date(plan.year - 1, 12, 15),
                                       end=today + timedelta(days=14), include_undated=False):  # fmt: skip
                if r.status in ("done", "not_done"):
                    continue
                overdue += r.due < today
                soon += r.due >= today
        assert opening_counts(s, today) == (overdue, soon) and overdue > 0 and soon > 0
    finally:
        s.close()
