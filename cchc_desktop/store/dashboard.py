"""The figures of the “Tổng quan” screen for one plan and one reporting period.

Every number carries the occurrence rows behind it, so the screen can open the list a user
clicks on; tests recount the same figures from raw rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cchc_desktop.core.periods import Period
from cchc_desktop.core.status import BUCKETS, bucket, completion_rate, count_buckets
from cchc_desktop.store.tracking import OccurrenceRow

if TYPE_CHECKING:
    from cchc_desktop.store.store import Store


@dataclass
class UnitFigure:
    unit_id: int
    unit_name: str
    total: int
    done: int

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass
class Dashboard:
    period: Period
    cutoff: date
    rows: list[OccurrenceRow]
    buckets: dict[int, str]  # occurrence id -> bucket
    counts: dict[str, int]
    rate: float | None
    overdue: list[OccurrenceRow]
    due_soon: list[OccurrenceRow]
    by_unit: list[UnitFigure]
    by_form: dict[str, int]  # form code -> done occurrences using it
    totals: dict[str, float]  # indicator -> sum of reported values
    targets: dict[str, float]  # indicator -> sum of the tasks' yearly targets
    rows_by_form: dict[str, list[OccurrenceRow]] = field(default_factory=dict)

    def rows_in(self, bucket_name: str) -> list[OccurrenceRow]:
        return [r for r in self.rows if self.buckets[r.id] == bucket_name]

    def rows_of_unit(self, unit_id: int) -> list[OccurrenceRow]:
        return [r for r in self.rows if r.unit_id == unit_id]


def cutoff_for(period: Period, today: date) -> date:
    """A period still running is judged as of today; a finished one at its cut-off."""
    return min(period.end, today)


def build_dashboard(
    store: Store, plan_id: int, period: Period, today: date | None = None
) -> Dashboard:
    today = today or date.today()
    cutoff = cutoff_for(period, today)
    rows = store.rows_in_period(plan_id, period)
    buckets = {r.id: bucket(r.due, r.status, r.completed_on, cutoff) for r in rows}
    counts = count_buckets(buckets.values())
    units: dict[int, UnitFigure] = {}
    by_form: dict[str, int] = {}
    rows_by_form: dict[str, list[OccurrenceRow]] = {}
    totals: dict[str, float] = {}
    for r in rows:
        fig = units.setdefault(r.unit_id, UnitFigure(r.unit_id, r.unit_name, 0, 0))
        fig.total += 1
        done = buckets[r.id] in ("done_on_time", "done_late")
        fig.done += done
        if done:
            for f in r.forms:
                by_form[f] = by_form.get(f, 0) + 1
                rows_by_form.setdefault(f, []).append(r)
            for code, value in r.values.items():
                totals[code] = totals.get(code, 0) + value
    order = {u.id: i for i, u in enumerate(store.units())}
    # A task's target applies to each lead unit (a target given to all communes is each one's).
    leads: dict[int, set[int]] = {}
    for r in rows:
        if r.role == "lead":
            leads.setdefault(r.task_id, set()).add(r.unit_id)
    targets: dict[str, float] = {}
    for t in store.tasks(plan_id):
        for code, value in t.targets.items():
            if t.id in leads:
                targets[code] = targets.get(code, 0) + value * len(leads[t.id])
    horizon = today + timedelta(days=14)
    due_soon = [
        r
        for r in store.occurrence_rows(plan_id, start=today, end=horizon, include_undated=False)
        if r.status != "done" and r.due is not None and today <= r.due <= horizon
    ]
    return Dashboard(
        period=period, cutoff=cutoff, rows=rows, buckets=buckets, counts=counts,
        rate=completion_rate(buckets.values()),
        overdue=[r for r in rows if buckets[r.id] == "overdue"],
        due_soon=due_soon,
        by_unit=sorted(units.values(), key=lambda u: order.get(u.unit_id, 0)),
        by_form=by_form, totals=totals, targets=targets, rows_by_form=rows_by_form,
    )  # fmt: skip


def opening_summary(
    store: Store, today: date | None = None
) -> tuple[list[OccurrenceRow], list[OccurrenceRow]]:
    """(overdue, due within 14 days) across the plans of this year and last, for the greeting."""
    today = today or date.today()
    overdue: list[OccurrenceRow] = []
    soon: list[OccurrenceRow] = []
    for plan in store.plans():
        if plan.year < today.year - 1:
            continue
        for r in store.occurrence_rows(plan.id, start=date(plan.year - 1, 12, 15), end=today + timedelta(days=14),
                                       include_undated=False):  # fmt: skip
            if r.status in ("done", "not_done") or r.due is None:
                continue
            if r.due < today:
                overdue.append(r)
            else:
                soon.append(r)
    return overdue, soon


__all__ = ["BUCKETS", "Dashboard", "UnitFigure", "build_dashboard", "cutoff_for", "opening_summary"]
