"""The dashboard is counted in SQL for speed; it must agree with the Python rules exactly."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.core.report_rules import year_targets
from cchc_desktop.core.status import BUCKETS, bucket, task_bucket
from cchc_desktop.demo import write_demo
from cchc_desktop.reports.periodic import figures_for
from cchc_desktop.store.dashboard import (
    BUCKET_SQL,
    RANK_SQL,
    build_dashboard,
    opening_counts,
    ranked,
)
from cchc_desktop.store.store import Store

dates = st.one_of(st.none(), st.dates(date(2022, 12, 1), date(2024, 2, 1)))


@given(due=dates, status=st.sampled_from([None, "done", "in_progress", "not_done"]),
       completed=dates, cutoff=st.dates(date(2023, 1, 1), date(2023, 12, 31)))  # fmt: skip
def test_bucket_sql_is_core_status_bucket(due, status, completed, cutoff) -> None:
    conn = sqlite3.connect(":memory:")
    sql = (
        BUCKET_SQL.replace("o.due", ":due")
        .replace("r.status", ":status")
        .replace("r.completed_on", ":done")
    )
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    got = conn.execute(f"SELECT {sql}", {"due": iso(due), "status": status, "done": iso(completed),
                                         "cutoff": cutoff.isoformat()}).fetchone()[0]  # fmt: skip
    assert got == bucket(due, status, completed, cutoff)


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


def test_dashboard_agrees_with_the_row_by_row_rules(tmp_path: Path) -> None:
    write_demo(tmp_path, 2023, today=date(2023, 11, 24))
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        plan = s.catalogue.plans()[0]
        for code, today in (("2023-9M", date(2023, 11, 24)), ("2023-Y", date(2023, 11, 24)),
                            ("2023-Q2", date(2023, 11, 24)), ("2023-Q4", date(2023, 10, 20))):  # fmt: skip
            period = parse_period_code(code)
            d = build_dashboard(s, plan.id, period, today)
            ref = _reference(s, plan.id, period, today)
            assert d.counts == ref["counts"], code
            assert {u.unit_id: [u.total, u.done] for u in d.by_unit} == ref["by_unit"]
            assert [u.unit_id for u in d.by_unit] == [
                u.id for u in s.org.units() if u.id in ref["by_unit"]
            ]
            assert d.by_form == ref["by_form"] and d.totals == ref["totals"]
            assert d.targets == ref["targets"]
            assert [r.id for r in d.due_soon_page()] == ref["soon"]
            assert [r.id for r in d.overdue_page()] == [
                r.id for r in ref["rows"] if ref["buckets"][r.id] == "overdue"
            ]
            for b in BUCKETS:
                assert [r.id for r in d.rows_in(b)] == [
                    r.id for r in ref["rows"] if ref["buckets"][r.id] == b
                ]
            unit = d.by_unit[0].unit_id
            assert [r.id for r in d.rows_of_unit(unit)] == [
                r.id for r in ref["rows"] if r.unit_id == unit
            ]
            assert [r.id for r in d.rows] == [r.id for r in ref["rows"]] and d.buckets == ref[
                "buckets"
            ]
            if code == "2023-9M":  # the comparison is not vacuous
                assert (
                    sum(ref["counts"].values()) > 500
                    and ref["by_form"]
                    and ref["totals"]
                    and ref["targets"]
                )
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
