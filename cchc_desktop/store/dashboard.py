"""The figures of the “Tổng quan” screen for one plan and one reporting period.

Every number carries the occurrence rows behind it, so the screen can open the list a user
clicks on; tests recount the same figures from raw rows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.periods import Period
from cchc_desktop.core.status import BUCKETS, bucket, rate_of_counts
from cchc_desktop.store import frame_values
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


# core.status.bucket() written in SQL as a rank (ISO dates compare as text); ``:cutoff`` is the
# period's cut-off date.  The ranks are ordered so that a task's status, core.status.task_bucket()
# over its occurrences (or over one unit's share of them), is the largest of their ranks:
# done on time (0) < done late (1) < not carried out (2) < in progress (3) < overdue (4), and no
# occurrence at all (NULL) is in progress.  All done is a largest rank of at most 1, late when
# any was late; otherwise any overdue wins, then any in progress, and what is left was declared
# not done.  An integer per row, compared once: the screens read fifty thousand rows a year on a
# province, and a text bucket repeated in each figure cost SQLite's CASE once per mention.
# Property tests check the rank and its maximum against core.status on every combination.
RANK_SQL = """CASE
    WHEN r.status = 'not_done' THEN 2
    WHEN r.status = 'done' AND (r.completed_on IS NULL OR r.completed_on <= :cutoff) THEN
        CASE WHEN r.completed_on IS NULL OR o.due IS NULL OR r.completed_on <= o.due
             THEN 0 ELSE 1 END
    WHEN o.due IS NULL OR o.due >= :cutoff THEN 3
    ELSE 4 END"""
RANKED: tuple[str, ...] = ("done_on_time", "done_late", "not_done", "in_progress", "overdue")
_OVERDUE = RANKED.index("overdue")


def ranked(rank: int | None) -> str:
    """The bucket of a rank of :data:`RANK_SQL`, or of its maximum (None: no occurrence)."""
    return "in_progress" if rank is None else RANKED[rank]


# core.report_rules' coverage and counting in SQL: occurrences due in the period's calendar
# span, or earlier in the year and still open when the period's data window began (carried
# over); never a detached one; a lead unit's share, or any unit's where the task has no lead.
# The dashboard thus shows a report's shares (lượt); tests compare it with count_report.
COUNTED_SQL = """(o.due BETWEEN :start AND :end
        OR (o.due >= :year_start AND o.due < :start
            AND (r.status IS NULL OR r.status = 'in_progress'
                 OR (r.status = 'done' AND r.completed_on >= :window_start))))
    AND NOT o.detached
    AND (a.role = 'lead' OR NOT EXISTS (SELECT 1 FROM assignments l
         WHERE l.task_id = a.task_id AND l.active AND l.role = 'lead'))"""

# The plan's tasks, their assignments, the assignments' occurrences and results, in that order:
# an assignment's occurrences and results were written together and sit on neighbouring
# pages.  Going by the due-date index instead jumped across the file for every row (on a
# province's 50 000 occurrences a year, three times as long).  CROSS JOIN keeps the order
# whatever the planner's statistics say.
_PLAN_ROWS = """FROM tasks t
    CROSS JOIN assignments a ON a.task_id = t.id AND a.active
    CROSS JOIN occurrences o ON o.assignment_id = a.id
    LEFT JOIN results r ON r.occurrence_id = o.id"""
# The due dates COUNTED_SQL can name, as a range of the (assignment, due) index: an early
# period's dashboard skips the rest of the year's occurrences without reading their results.
_FROM = f"""{_PLAN_ROWS}
    WHERE t.plan_id = :plan AND o.due BETWEEN min(:start, :year_start) AND :end
      AND {COUNTED_SQL}"""


def _counted_args(period: Period) -> dict[str, str]:
    start, end = period.span
    return {"start": start.isoformat(), "end": end.isoformat(),
            "year_start": period.year_start.isoformat(), "window_start": period.start.isoformat()}  # fmt: skip


_NOT_DONE = "r.status IS NULL OR r.status != 'done'"
# the order of the dashboard's lists, as tracking.occurrence_rows gives them (their rows have a
# due date); the lists choose a page's ids in this order and read only that page's rows
_LIST_ORDER = "o.due, t.section_id, t.position, u.position, o.id"


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
        named = {**_counted_args(self.period), "cutoff": self.cutoff.isoformat()}
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


def cutoff_for(period: Period, today: date) -> date:
    """A period still running is judged as of today; a finished one at its cut-off."""
    return min(period.end, today)


def build_dashboard(
    store: Store, plan_id: int, period: Period, today: date | None = None
) -> Dashboard:
    """The dashboard's figures by SQL aggregation: a province has ~50 000 occurrences in a
    year, and building a Python object for each took seconds."""
    today = today or date.today()
    cutoff = cutoff_for(period, today)
    p = {"plan": plan_id, **_counted_args(period), "cutoff": cutoff.isoformat()}
    # each counted occurrence once: its rank, and its result's figures if known at the cut-off
    # (a result completed after it waits for the next report)
    inner = (
        f"SELECT o.id, a.unit_id, a.task_id, {RANK_SQL} AS rank, "
        "CASE WHEN r.status = 'done' AND r.completed_on > :cutoff THEN NULL "
        f'ELSE r."values" END AS vals {_FROM}'
    )
    names = {u.id: u for u in store.org.units()}
    # One statement, one scan of the period's occurrences: every figure is a grouping of it.
    # Results' figures are counted per distinct text first, then read as JSON: results repeat a
    # handful of texts, and reading each row's JSON was a tenth of the statement on a province.
    rows = store.db.execute(
        f"""WITH x AS MATERIALIZED ({inner})
        SELECT 'unit', unit_id, rank, COUNT(*), 0 FROM x GROUP BY unit_id, rank
        UNION ALL
        SELECT 'form', f.value, NULL, SUM(d.n), MIN(d.first) FROM (
            SELECT task_id, COUNT(*) AS n, MIN(id) AS first FROM x WHERE rank <= 1 GROUP BY task_id
        ) d JOIN tasks tk ON tk.id = d.task_id, json_each(tk.forms) f GROUP BY f.value
        UNION ALL
        SELECT 'value', v.key, NULL, TOTAL(v.value * g.n), MIN(g.first) FROM (
            SELECT vals, COUNT(*) AS n, MIN(id) AS first FROM x WHERE vals != '{{}}' GROUP BY vals
        ) g, json_each(g.vals) v GROUP BY v.key
        UNION ALL
        SELECT 'target', tk.targets, NULL, COUNT(*), tk.id FROM assignments la
            JOIN tasks tk ON tk.id = la.task_id
            WHERE tk.plan_id = :plan AND la.active AND la.role = 'lead'
              AND tk.targets NOT IN ('', '{{}}') GROUP BY tk.id
        UNION ALL
        SELECT 'overdue', x.id, NULL, ROW_NUMBER() OVER (ORDER BY {_LIST_ORDER}), 0 FROM x
            CROSS JOIN occurrences o ON o.id = x.id CROSS JOIN tasks t ON t.id = x.task_id
            CROSS JOIN units u ON u.id = x.unit_id
            WHERE x.rank = {_OVERDUE}""",
        p,
    ).fetchall()
    counts = dict.fromkeys(BUCKETS, 0)
    units: dict[int, UnitFigure] = {}
    forms: list[tuple[int, str, int]] = []
    values: list[tuple[int, str, float]] = []
    targets: dict[str, float] = {}
    overdue: list[tuple[int, int]] = []
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
        else:
            overdue.append((n, key))
    by_form = {code: n for _, code, n in sorted(forms)}
    totals = {code: v for _, code, v in sorted(values)}
    order = {u: i for i, u in enumerate(names)}
    return Dashboard(
        period=period, cutoff=cutoff, counts=counts, rate=rate_of_counts(counts),
        overdue_ids=[i for _, i in sorted(overdue)],
        due_soon_ids=due_ids(store, plan_id, today, today + timedelta(days=14), _NOT_DONE),
        today=today, by_unit=sorted(units.values(), key=lambda u: order.get(u.unit_id, 0)),
        by_form=by_form, totals=totals, targets=targets, store=store, plan_id=plan_id,
    )  # fmt: skip


def read_ahead(store: Store, plan_id: int, period: Period, today: date, page: int) -> Dashboard:
    """:func:`build_dashboard` and the first ``page`` rows of its two lists: all the SQL the
    opening screen runs, so that it can run on a second connection while the window is built.
    The caller sets ``store`` to its own before the dashboard pages further."""
    d = build_dashboard(store, plan_id, period, today)
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
        "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id AND a.active "
        "JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id "
        "LEFT JOIN results r ON r.occurrence_id = o.id "
        "WHERE t.plan_id = ? AND o.due BETWEEN ? AND ?"
        + (f" AND ({where_sql})" if where_sql else "") + f" ORDER BY {_LIST_ORDER}",
        [plan_id, start.isoformat(), end.isoformat()],
    )]  # fmt: skip


MatrixCell = tuple[int, str, str]  # (assignment id, role, the task's bucket for that unit)


def assignment_matrix(
    store: Store, plan_id: int, today: date
) -> tuple[list[tuple[int, str, str]], dict[tuple[int, int], MatrixCell]]:
    """The “Giao việc” grid: tasks in tree order as ``(id, number, content)``, and for each
    (task, unit) assigned, its assignment, role and status as of ``today``.

    Only what a cell shows, and all of it in SQL: a province's year has fifty thousand
    occurrences behind twenty thousand cells.  A cell's status is the largest rank
    (:data:`RANK_SQL`) of its assignment's occurrences, detached ones included (the tracking
    screen lists them too), read for each assignment by a subquery on its own occurrences:
    no grouping and no sorting of the joined rows.
    """
    numbers = store.catalogue.task_numbers(plan_id)
    section_order = {s.id: i for i, s in enumerate(store.catalogue.sections(plan_id))}  # tree order
    rows = store.db.execute(
        "SELECT id, section_id, position, content FROM tasks WHERE plan_id = ? ORDER BY id",
        [plan_id],
    ).fetchall()
    ordered = sorted(rows, key=lambda t: (section_order.get(t[1], -1), t[2]))
    tasks = [(t[0], numbers.get(t[0], ""), t[3]) for t in ordered]
    status = {rank: ranked(rank) for rank in (None, *range(len(RANKED)))}
    cells = {
        (task_id, unit_id): (aid, role, status[rank])
        for aid, task_id, unit_id, role, rank in store.db.execute(
            "SELECT a.id, a.task_id, a.unit_id, a.role, "
            f"(SELECT MAX({RANK_SQL}) FROM occurrences o LEFT JOIN results r ON r.occurrence_id = o.id "
            "WHERE o.assignment_id = a.id) "
            "FROM tasks t CROSS JOIN assignments a ON a.task_id = t.id AND a.active "
            "WHERE t.plan_id = :plan",
            {"plan": plan_id, "cutoff": today.isoformat()},
        ).fetchall()
    }  # fmt: skip
    return tasks, cells


def opening_counts(store: Store, today: date | None = None) -> tuple[int, int]:
    """(overdue, due within 14 days) across the plans of this year and last, for the greeting
    (:func:`cchc_desktop.store.frame_values.opening_counts`, which the window's frame reads
    before the store is loaded)."""
    return frame_values.opening_counts(store.db.conn, today or date.today())


__all__ = [
    "BUCKETS", "RANKED", "RANK_SQL", "Dashboard", "UnitFigure", "assignment_matrix",
    "build_dashboard", "count_due", "cutoff_for", "due_ids", "opening_counts", "ranked",
    "read_ahead",
]  # fmt: skip
