"""The SQL of the “Tổng quan” figures and of the assignment matrix's statuses, and the read
of the dashboard's figures on any sqlite3 connection.

Apart from :mod:`cchc_desktop.store.dashboard` (which makes the screens' objects from what it
reads) because a start reads the opening dashboard's figures with sqlite3 alone, on the frame's
reader thread (:mod:`cchc_desktop.store.frame_values`), before the store's modules are loaded.
Light on purpose: no dataclass, nothing of the store.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc_desktop.core.periods import Period


# core.status.bucket() written in SQL as a rank (ISO dates compare as text); ``:cutoff`` is the
# period's cut-off date.  The ranks are ordered so that a task's status, core.status.task_bucket()
# over its occurrences (or over one unit's share of them), is the largest of their ranks:
# done on time (0) < done late (1) < not carried out (2) < in progress (3) < overdue (4), and no
# occurrence at all (NULL) is in progress.  All done is a largest rank of at most 1, late when
# any was late; otherwise any overdue wins, then any in progress, and what is left was declared
# not done.  An integer per row, compared once: the screens read fifty thousand rows a year on a
# province, and a text bucket repeated in each figure cost SQLite's CASE once per mention.
# Property tests check the rank and its maximum against core.status on every combination.
def rank_sql(
    status: str = "r.status", completed_on: str = "r.completed_on", due: str = "o.due"
) -> str:
    """The rank of one occurrence, from its result's status and completion date and its due
    date as named in the statement (the joined rows, or the facts of m011)."""
    return f"""CASE
    WHEN {status} = 'not_done' THEN 2
    WHEN {status} = 'done' AND ({completed_on} IS NULL OR {completed_on} <= :cutoff) THEN
        CASE WHEN {completed_on} IS NULL OR {due} IS NULL OR {completed_on} <= {due}
             THEN 0 ELSE 1 END
    WHEN {due} IS NULL OR {due} >= :cutoff THEN 3
    ELSE 4 END"""


RANK_SQL = rank_sql()
RANKED: tuple[str, ...] = ("done_on_time", "done_late", "not_done", "in_progress", "overdue")
OVERDUE = RANKED.index("overdue")


def ranked(rank: int | None) -> str:
    """The bucket of a rank of :data:`RANK_SQL`, or of its maximum (None: no occurrence)."""
    return "in_progress" if rank is None else RANKED[rank]


# core.report_rules' coverage and counting in SQL: occurrences due in the period's calendar
# span, or earlier in the year and still open when the period's data window began (carried
# over); never a detached one; a lead unit's share, or any unit's where the task has no lead.
# The dashboard thus shows a report's shares (lượt); tests compare it with count_report.
# Its three parts apart: the dashboard's statement reads the span and the earlier months apart
# (they never overlap: one ends where the other begins).
def in_span_sql(due: str) -> str:
    return f"{due} BETWEEN :start AND :end"


def earlier_sql(due: str) -> str:
    """Due earlier in the plan's year than the period's span."""
    return f"{due} >= :year_start AND {due} < :start"


def open_sql(status: str) -> str:
    """No result, or one still in progress (core.status.is_open)."""
    return f"{status} IS NULL OR {status} = 'in_progress'"


def done_in_window_sql(status: str, completed_on: str) -> str:
    """Done on or after the day the period's data window opened."""
    return f"{status} = 'done' AND {completed_on} >= :window_start"


def carried_sql(due: str, status: str, completed_on: str) -> str:
    """Carried over: due earlier in the year, and still open when the window opened."""
    return (
        f"({earlier_sql(due)} AND ({open_sql(status)} OR "
        f"({done_in_window_sql(status, completed_on)})))"
    )


def share_sql(lead: str, task: str) -> str:
    return f"""({lead} OR NOT EXISTS (SELECT 1 FROM assignments l
         WHERE l.task_id = {task} AND l.active AND l.role = 'lead'))"""


def counted_sql(due: str, status: str, completed_on: str, lead: str, task: str) -> str:
    """The rule above for one occurrence, its columns as named in the statement."""
    return (
        f"({in_span_sql(due)} OR {carried_sql(due, status, completed_on)}) "
        f"AND {share_sql(lead, task)}"
    )


COUNTED_SQL = (
    counted_sql("o.due", "r.status", "r.completed_on", "a.role = 'lead'", "a.task_id")
    + " AND NOT o.detached"
)


def counted_args(period: Period) -> dict[str, str]:
    start, end = period.span
    return {"start": start.isoformat(), "end": end.isoformat(),
            "year_start": period.year_start.isoformat(), "window_start": period.start.isoformat()}  # fmt: skip


NOT_DONE = "r.status IS NULL OR r.status != 'done'"
DUE_IDS_SQL = (
    "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id AND a.active "
    "JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id "
    "LEFT JOIN results r ON r.occurrence_id = o.id "
    "WHERE t.plan_id = ? AND o.due BETWEEN ? AND ?"
)
# the order of the dashboard's lists, as tracking.occurrence_rows gives them (their rows have a
# due date); the lists choose a page's ids in this order and read only that page's rows
LIST_ORDER = "o.due, t.section_id, t.position, u.position, o.id"
LIST_ORDER_X = "x.due, t.section_id, t.position, u.position, x.id"  # the same, over counted rows


# each counted occurrence once: its rank, and its result's figures if known at the cut-off
# (a result completed after it waits for the next report); read from occurrence_facts
# (migration m011: the occurrences that can count, by plan and due date, with their results'
# status, date and figures), a third of the joined rows' cost on a province
def _facts(index: str = "") -> str:
    """The counted rows' columns from occurrence_facts (through ``index`` when named), up to
    the conditions that choose them."""
    return (
        "SELECT f.occurrence_id AS id, f.due, f.unit_id, f.task_id, "
        f"{rank_sql('f.status', 'f.completed_on', 'f.due')} AS rank, "
        "CASE WHEN f.status = 'done' AND f.completed_on > :cutoff THEN NULL "
        f"ELSE f.vals END AS vals FROM occurrence_facts f {index} WHERE f.plan_id = :plan AND "
    )


_SHARE = share_sql("f.lead", "f.task_id")
# An open row of occurrence_facts, written as the condition of its index (migration m012),
# which SQLite must see to use it.
OPEN_FACT = open_sql("f.status")
# carried_sql's two halves, each read from its own index of m012 (every column in it): the
# earlier months' open rows by due date, and their rows done since the window opened by
# completion date; rather than every row of the earlier months (40 000 on a province, for
# 8 000 carried over).
COUNTED_ROWS = (
    f"{_facts()}{in_span_sql('f.due')} AND {_SHARE} UNION ALL "
    f"{_facts('INDEXED BY occurrence_facts_open')}({OPEN_FACT}) "
    f"AND {earlier_sql('f.due')} AND {_SHARE} UNION ALL "
    f"{_facts('INDEXED BY occurrence_facts_done')}"
    f"{done_in_window_sql('f.status', 'f.completed_on')} AND {earlier_sql('f.due')} AND {_SHARE}"
)
# One statement, one read of the period's counted occurrences: every figure is a grouping of
# them, and the overdue list their ids in the lists' order, one JSON array (an ordered subquery
# feeds an aggregate in its order; numbering each row to order it after was twice the cost).
# Results' figures are counted per distinct text first, then read as JSON: results repeat a
# handful of texts, and reading each row's JSON was a tenth of the statement on a province.
FIGURES_SQL = f"""WITH x AS MATERIALIZED ({COUNTED_ROWS})
        SELECT 'unit' AS kind, unit_id AS key, rank, COUNT(*) AS n, 0 AS first FROM x
            GROUP BY unit_id, rank
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
        SELECT 'overdue', (SELECT json_group_array(id) FROM (
            SELECT x.id FROM x CROSS JOIN tasks t ON t.id = x.task_id
                CROSS JOIN units u ON u.id = x.unit_id
            WHERE x.rank = {OVERDUE} ORDER BY {LIST_ORDER_X})), NULL, 0, 0"""
Figures = tuple[list[tuple[Any, ...]], list[int]]  # the grouped rows, the due-soon list's ids


def read_figures(conn: sqlite3.Connection, plan_id: int, period: Period, today: date) -> Figures:
    """The dashboard's SQL on ``conn``: the figures' grouped rows and the ids of the list of
    what falls due in 14 days.  Plain sqlite3, so that it can run on any connection."""
    return parse_figures(read_figures_text(conn, plan_id, period, today))


def read_figures_text(
    conn: sqlite3.Connection, plan_id: int, period: Period, today: date
) -> tuple[str, str]:
    """:func:`read_figures` as SQLite hands it back, one JSON text per statement.

    Python's sqlite3 takes the GIL back for every row it steps to, and on the frame's reader
    thread, beside a main thread busy drawing the window, each of a province's thousands of
    rows waited for its turn (the statement's tenth of a second became a third).  The reader
    keeps the texts and leaves their parsing (:func:`parse_figures`) to whoever takes them,
    after the frame is drawn."""
    cutoff = cutoff_for(period, today)
    p = {"plan": plan_id, **counted_args(period), "cutoff": cutoff.isoformat()}
    (rows,) = conn.execute(
        f"SELECT json_group_array(json_array(kind, key, rank, n, first)) FROM ({FIGURES_SQL})", p
    ).fetchone()
    # the second list: due in the next 14 days and not done, in the lists' order (an ordered
    # subquery feeds an aggregate in its order: SQLite never flattens it into one)
    (soon,) = conn.execute(
        f"SELECT json_group_array(id) FROM ({DUE_IDS_SQL} AND ({NOT_DONE}) ORDER BY {LIST_ORDER})",
        [plan_id, today.isoformat(), (today + timedelta(days=14)).isoformat()]).fetchone()  # fmt: skip
    return str(rows), str(soon)


def parse_figures(texts: tuple[str, str]) -> Figures:
    rows, soon = texts
    return [tuple(row) for row in json.loads(rows)], json.loads(soon)


def cutoff_for(period: Period, today: date) -> date:
    """A period still running is judged as of today; a finished one at its cut-off."""
    return min(period.end, today)
