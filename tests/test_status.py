"""Status buckets at a cut-off date, at the edges and for any dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_desktop.core.status import BUCKETS, bucket, completion_rate, count_buckets, task_bucket

DUE = date(2023, 6, 30)


@pytest.mark.parametrize(
    ("due", "status", "done_on", "cutoff", "expected"),
    [
        (DUE, None, None, DUE, "in_progress"),  # due today: still in time
        (DUE, None, None, DUE + timedelta(days=1), "overdue"),
        (DUE, "in_progress", None, DUE + timedelta(days=1), "overdue"),
        (DUE, "done", DUE, DUE, "done_on_time"),  # done on the due date
        (DUE, "done", DUE + timedelta(days=1), date(2023, 9, 14), "done_late"),
        (DUE, "done", date(2023, 9, 20), date(2023, 9, 14), "overdue"),  # done after the cut-off
        (
            DUE,
            "done",
            date(2023, 6, 20),
            date(2023, 6, 14),
            "in_progress",
        ),  # done after cut-off, not yet due
        (None, None, None, DUE, "in_progress"),  # no due date
        (None, "done", date(2023, 1, 1), DUE, "done_on_time"),
        (DUE, "done", None, DUE, "done_on_time"),  # done without a date
        (DUE, "not_done", None, DUE, "not_done"),
        (DUE, "not_done", date(2023, 5, 1), date(2023, 1, 1), "not_done"),
    ],
)
def test_edges(due, status, done_on, cutoff, expected) -> None:
    assert bucket(due, status, done_on, cutoff) == expected


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))


@given(st.one_of(st.none(), dates), st.sampled_from([None, "done", "in_progress", "not_done"]),
       st.one_of(st.none(), dates), dates, st.integers(0, 400))  # fmt: skip
def test_any_dates(due, status, done_on, cutoff, later) -> None:
    b = bucket(due, status, done_on, cutoff)
    assert b in BUCKETS
    if b in ("done_on_time", "done_late"):
        assert status == "done" and (done_on is None or done_on <= cutoff)
        # a later cut-off never turns something done into not done
        assert bucket(due, status, done_on, cutoff + timedelta(days=later)) == b


def test_task_status_and_rates() -> None:
    assert task_bucket(["done_on_time", "done_late"]) == "done_late"
    assert task_bucket(["done_on_time", "overdue"]) == "overdue"
    assert task_bucket(["not_done", "not_done"]) == "not_done"
    assert task_bucket(["done_on_time", "in_progress"]) == "in_progress"
    assert task_bucket([]) == "in_progress"
    assert completion_rate([]) is None
    assert completion_rate(["done_on_time", "done_late", "overdue", "not_done"]) == 0.5
    assert count_buckets(["overdue"]) == dict.fromkeys(BUCKETS, 0) | {"overdue": 1}
