"""Status at a cut-off date: every occurrence falls into one of the government's buckets.

hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, quá hạn chưa hoàn thành,
không thực hiện.  A task's status and a unit's completion rate derive from occurrences.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

BUCKETS: tuple[str, ...] = ("done_on_time", "done_late", "in_progress", "overdue", "not_done")
BUCKET_NAMES: dict[str, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn chưa hoàn thành",
    "not_done": "Không thực hiện",
}
RESULT_STATUSES: dict[str, str] = {
    "done": "Hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_done": "Không thực hiện",
}
DONE = ("done_on_time", "done_late")
# A result with one of these statuses closes its occurrence: it is no longer waited for, so it
# is neither overdue nor due soon in the greeting's and a unit's counts.  No result, or one in
# progress, leaves it open.  (The store keeps the open ones by due date: migration m010.)
CLOSING_STATUSES: tuple[str, ...] = ("done", "not_done")


def is_open(status: str | None) -> bool:
    """Whether an occurrence whose result has ``status`` (None: no result) is still open."""
    return status not in CLOSING_STATUSES


def bucket(due: date | None, status: str | None, completed_on: date | None, cutoff: date) -> str:
    """The bucket of one occurrence as it stood at ``cutoff``.

    - ``not_done`` (not carried out, with a reason) stays so whatever the dates.
    - ``done`` counts only if completed by the cut-off; a done result without a date counts
      as done on time (the office recorded it as done and gave no date to judge it by).
      Done on or before the due date (or with no due date) is on time, after it is late.
    - Otherwise the occurrence is in progress while not yet due (due today is still in time)
      and overdue once the due date has passed.
    """
    if status == "not_done":
        return "not_done"
    if status == "done" and (completed_on is None or completed_on <= cutoff):
        if completed_on is None or due is None or completed_on <= due:
            return "done_on_time"
        return "done_late"
    if due is None or due >= cutoff:
        return "in_progress"
    return "overdue"


def count_buckets(buckets: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(BUCKETS, 0)
    for b in buckets:
        counts[b] += 1
    return counts


def completion_rate(buckets: Iterable[str]) -> float | None:
    """Share done (on time or late) among all occurrences; ``None`` when there are none."""
    return rate_of_counts(count_buckets(buckets))


def rate_of_counts(counts: dict[str, int]) -> float | None:
    """:func:`completion_rate` from counts per bucket (as SQL aggregation gives them)."""
    total = sum(counts.values())
    return None if total == 0 else (counts["done_on_time"] + counts["done_late"]) / total


def task_bucket(occurrence_buckets: Iterable[str]) -> str:
    """A task's (or one unit's) status from its occurrences' buckets.

    Done only when every occurrence is done: on time when all were on time, late otherwise.
    Otherwise overdue if any is overdue, in progress if any is still open, and not carried
    out when the rest were declared not done.  No occurrences: in progress (nothing was due).
    """
    bs = set(occurrence_buckets)
    if not bs:
        return "in_progress"
    if bs <= set(DONE):
        return "done_late" if "done_late" in bs else "done_on_time"
    if "overdue" in bs:
        return "overdue"
    if "in_progress" in bs:
        return "in_progress"
    return "not_done"
