"""The figures of the “Tổng quan” screen for one plan and one reporting period.

Every number carries the occurrence rows behind it, so the screen can open the list a user
clicks on; tests recount the same figures from raw rows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.periods import Period
from cchc_desktop.core.status import BUCKETS, bucket, rate_of_counts
from cchc_desktop.store import frame_values
from cchc_desktop.store.dashboard_sql import (
    COUNTED_SQL,
    DUE_IDS_SQL,
    LIST_ORDER,
    RANK_SQL,
    RANKED,
    Figures,
    counted_args,
    cutoff_for,
    ranked,
    read_figures,
)
from cchc_desktop.store.tracking import OccurrenceRow

if TYPE_CHECKING:
    from collections.abc import Sequence

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
    """The figures, counted in SQL; the rows behind a figure are loaded when asked for."""

    period: Period
    cutoff: date
    counts: dict[str, int]
    rate: float | None
    overdue_ids: list[int]  # the rows behind counts["overdue"], in the list's order
    due_soon_ids: list[int]  # due in the next 14 days and not done, in the list's order
    today: date
    by_unit: list[UnitFigure]
    by_form: dict[str, int]  # form code -> done occurrences using it
    totals: dict[str, float]  # indicator -> lead units' figures known at the cut-off
    targets: dict[str, float]  # indicator -> the year's targets (each per lead unit)
    store: Store | None = field(default=None, repr=False, compare=False)
    plan_id: int | None = None
    # first pages read ahead (see :func:`read_ahead`), each handed out once
    first_pages: dict[tuple[str, int | None], list[OccurrenceRow]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def due_soon_count(self) -> int:
        return len(self.due_soon_ids)

    def _load(self, where: str = "", args: tuple[Any, ...] = (), limit: int | None = None,
              offset: int = 0) -> list[OccurrenceRow]:  # fmt: skip
        assert self.store is not None and self.plan_id is not None
        named = {**counted_args(self.period), "cutoff": self.cutoff.isoformat()}
        sql = COUNTED_SQL + (f" AND ({where.replace('rank', f'({RANK_SQL})')})" if where else "")
        # occurrence_rows takes positional arguments: name them in order of appearance
        order = re.findall(r":(\w+)", sql)
        return self.store.tracking.occurrence_rows(
            self.plan_id, None, None, None, include_undated=False,
            where_sql=re.sub(r":\w+", "?", sql), where_args=[named[k] for k in order] + list(args),
            limit=limit, offset=offset,
        )  # fmt: skip

    def _page(self, ids: list[int], offset: int, limit: int | None) -> list[OccurrenceRow]:
        """The rows of ``ids[offset:offset + limit]``, read by their ids: the list was chosen
        and ordered when the figures were counted, so a page reads a page's rows, not the
        whole list again to sort it."""
        chosen = ids[offset:] if limit is None else ids[offset : offset + limit]
        if not chosen:
            return []
        assert self.store is not None and self.plan_id is not None
        return self.store.tracking.occurrence_rows(
            self.plan_id, where_sql="o.id IN (SELECT value FROM json_each(?))",
            where_args=[json.dumps(chosen)],
        )  # fmt: skip

    def overdue_page(self, offset: int = 0, limit: int | None = None) -> list[OccurrenceRow]:
        if offset == 0 and ("overdue", limit) in self.first_pages:
            return self.first_pages.pop(("overdue", limit))
        return self._page(self.overdue_ids, offset, limit)

    def due_soon_page(self, offset: int = 0, limit: int | None = None) -> list[OccurrenceRow]:
        """Occurrences due in the next 14 days and not done (any period of the plan)."""
        if offset == 0 and ("due_soon", limit) in self.first_pages:
            return self.first_pages.pop(("due_soon", limit))
        return self._page(self.due_soon_ids, offset, limit)

    @cached_property
    def rows(self) -> list[OccurrenceRow]:
        """Every occurrence due in the period (the report needs them all; the screen does not)."""
        return self._load()

    @cached_property
    def buckets(self) -> dict[int, str]:  # occurrence id -> bucket
        return {r.id: bucket(r.due, r.status, r.completed_on, self.cutoff) for r in self.rows}

    def rows_in(self, bucket_name: str) -> list[OccurrenceRow]:
        if "rows" in self.__dict__:
            return [r for r in self.rows if self.buckets[r.id] == bucket_name]
        return self._load("rank = ?", (RANKED.index(bucket_name),))

    def rows_of_unit(self, unit_id: int) -> list[OccurrenceRow]:
        if "rows" in self.__dict__:
            return [r for r in self.rows if r.unit_id == unit_id]
        return self._load("a.unit_id = ?", (unit_id,))

    def rows_done_with_form(self, form: str) -> list[OccurrenceRow]:
        return [
            r for r in self.rows_in("done_on_time") + self.rows_in("done_late") if form in r.forms
        ]


def build_dashboard(
    store: Store, plan_id: int, period: Period, today: date | None = None,
    figures: Figures | None = None,
) -> Dashboard:  # fmt: skip
    """The dashboard's figures by SQL aggregation: a province has ~50 000 occurrences in a
    year, and building a Python object for each took seconds.  ``figures``: what
    :func:`read_figures` read for the same plan, period and day (on another connection)."""
    today = today or date.today()
    cutoff = cutoff_for(period, today)
    names = {u.id: u for u in store.org.units()}
    read = figures if figures is not None else read_figures(store.db.conn, plan_id, period, today)
    rows, soon_ids = read
    counts = dict.fromkeys(BUCKETS, 0)
    units: dict[int, UnitFigure] = {}
    forms: list[tuple[int, str, int]] = []
    values: list[tuple[int, str, float]] = []
    targets: dict[str, float] = {}
    overdue: list[int] = []
    for kind, key, rank, n, first in rows:
        if kind == "unit":
            counts[RANKED[rank]] += n
            u = names.get(key)
            fig = units.setdefault(key, UnitFigure(key, u.name if u else "", 0, 0))
            fig.total += n
            fig.done += n if rank <= 1 else 0
        elif kind == "form":
            forms.append((first, key, n))
        elif kind == "value":
            values.append((first, key, int(n) if float(n).is_integer() else n))
        elif kind == "target":
            # A task's target applies to each lead unit (a target given to all communes is each one's).
            for code, value in json.loads(key).items():
                targets[code] = targets.get(code, 0) + value * n
        else:  # the overdue list's ids, in its order
            overdue = json.loads(key)
    by_form = {code: n for _, code, n in sorted(forms)}
    totals = {code: v for _, code, v in sorted(values)}
    order = {u: i for i, u in enumerate(names)}
    return Dashboard(
        period=period, cutoff=cutoff, counts=counts, rate=rate_of_counts(counts),
        overdue_ids=overdue,
        due_soon_ids=soon_ids,
        today=today, by_unit=sorted(units.values(), key=lambda u: order.get(u.unit_id, 0)),
        by_form=by_form, totals=totals, targets=targets, store=store, plan_id=plan_id,
    )  # fmt: skip


def read_ahead(
    store: Store, plan_id: int, period: Period, today: date, page: int,
    figures: Figures | None = None,
) -> Dashboard:  # fmt: skip
    """:func:`build_dashboard` and the first ``page`` rows of its two lists: all the SQL the
    opening screen runs, so that it can run on a second connection while the window is built
    (``figures``: its main SQL, read earlier still).  The caller sets ``store`` to its own
    before the dashboard pages further."""
    d = build_dashboard(store, plan_id, period, today, figures)
    d.first_pages[("overdue", page)] = d.overdue_page(0, page)
    d.first_pages[("due_soon", page)] = d.due_soon_page(0, page)
    d.store = None
    return d


def count_due(store: Store, plan_id: int, start: date, end: date, where_sql: str = "") -> int:
    """Occurrences of the plan's active assignments due in [start, end], optionally meeting
    ``where_sql`` (on the aliases o, a, t, r)."""
    (n,) = store.db.execute(
        "SELECT COUNT(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id AND a.active "
        "JOIN tasks t ON t.id = a.task_id LEFT JOIN results r ON r.occurrence_id = o.id "
        "WHERE t.plan_id = ? AND o.due BETWEEN ? AND ?"
        + (f" AND ({where_sql})" if where_sql else ""),
        [plan_id, start.isoformat(), end.isoformat()],
    ).fetchone()
    return int(n)


def due_ids(store: Store, plan_id: int, start: date, end: date, where_sql: str = "") -> list[int]:
    """The occurrences :func:`count_due` counts, in the order of the dashboard's lists."""
    return [i for (i,) in store.db.execute(
        DUE_IDS_SQL + (f" AND ({where_sql})" if where_sql else "") + f" ORDER BY {LIST_ORDER}",
        [plan_id, start.isoformat(), end.isoformat()],
    )]  # fmt: skip


MatrixCell = tuple[int, str, str]  # (assignment id, role, the task's bucket for that unit)


def assignment_matrix(
    store: Store, plan_id: int, today: date
) -> tuple[list[tuple[int, str, str]], dict[tuple[int, int], MatrixCell]]:
    """The “Giao việc” grid: :func:`matrix_tasks` and :func:`matrix_cells` of all of them."""
    tasks = matrix_tasks(store, plan_id)
    return tasks, matrix_cells(store, [t[0] for t in tasks], today)


def matrix_tasks(store: Store, plan_id: int) -> list[tuple[int, str, str]]:
    """The grid's rows: the plan's tasks in tree order as ``(id, number, content)``."""
    numbers = store.catalogue.task_numbers(plan_id)
    section_order = {s.id: i for i, s in enumerate(store.catalogue.sections(plan_id))}  # tree order
    rows = store.db.execute(
        "SELECT id, section_id, position, content FROM tasks WHERE plan_id = ? ORDER BY id",
        [plan_id],
    ).fetchall()
    ordered = sorted(rows, key=lambda t: (section_order.get(t[1], -1), t[2]))
    return [(t[0], numbers.get(t[0], ""), t[3]) for t in ordered]


def matrix_cells(
    store: Store, task_ids: Sequence[int], today: date
) -> dict[tuple[int, int], MatrixCell]:
    """For each (task, unit) of ``task_ids`` assigned, its assignment, role and status as of
    ``today``.

    Only what a cell shows, and all of it in SQL: a province's year has fifty thousand
    occurrences behind twenty thousand cells, so the screen asks for the tasks it draws (a
    screenful costs a thirtieth of the plan).  A cell's status is the largest rank
    (:data:`RANK_SQL`) of its assignment's occurrences, detached ones included (the tracking
    screen lists them too), read for each assignment by a subquery on its own occurrences:
    no grouping and no sorting of the joined rows.
    """
    status = {rank: ranked(rank) for rank in (None, *range(len(RANKED)))}
    return {
        (task_id, unit_id): (aid, role, status[rank])
        for aid, task_id, unit_id, role, rank in store.db.execute(
            "SELECT a.id, a.task_id, a.unit_id, a.role, "
            f"(SELECT MAX({RANK_SQL}) FROM occurrences o LEFT JOIN results r ON r.occurrence_id = o.id "
            "WHERE o.assignment_id = a.id) "
            "FROM json_each(:tasks) j CROSS JOIN assignments a ON a.task_id = j.value AND a.active",
            {"tasks": json.dumps(list(task_ids)), "cutoff": today.isoformat()},
        ).fetchall()
    }  # fmt: skip


def opening_counts(store: Store, today: date | None = None) -> tuple[int, int]:
    """(overdue, due within 14 days) across the plans of this year and last, for the greeting
    (:func:`cchc_desktop.store.frame_values.opening_counts`, which the window's frame reads
    before the store is loaded)."""
    return frame_values.opening_counts(store.db.conn, today or date.today())


__all__ = [
    "BUCKETS", "RANKED", "RANK_SQL", "Dashboard", "UnitFigure", "assignment_matrix",
    "build_dashboard", "count_due", "cutoff_for", "due_ids", "matrix_cells", "matrix_tasks",
    "opening_counts", "ranked", "read_ahead",
]  # fmt: skip
