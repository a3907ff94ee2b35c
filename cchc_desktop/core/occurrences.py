"""Occurrences: each assignment's timeline rule yields due dates to report against.

A monthly task gives 12, ``Thường xuyên`` one per reporting quarter, an event-driven task none
until the user adds them.  Keys are stable (the ISO due date, or the quarter) so that when a
timeline is edited the new occurrences match the old ones and no entered result is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.models import Task
from cchc_desktop.core.periods import DEFAULT_PERIOD_RULES, PeriodRule, reporting_quarters
from cchc_desktop.core.timeline import TimelineRule, read_timeline, rule_from_dates


@dataclass(frozen=True)
class PlannedOccurrence:
    key: str
    due: date | None
    label: str


def occurrences_for(
    rule: TimelineRule, year: int, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES
) -> list[PlannedOccurrence]:
    if rule.kind in ("once", "recurring"):
        return [PlannedOccurrence(d.isoformat(), d, f"Hạn {d:%d/%m/%Y}") for d in rule.dates]
    if rule.kind == "ongoing":
        names = {"Q1": "Quý I", "Q2": "Quý II", "Q3": "Quý III", "Q4": "Quý IV"}
        return [
            PlannedOccurrence(
                p.code.split("-")[1],
                p.end,
                f"{names.get(p.code.split('-')[1], p.name)} (thường xuyên)",
            )
            for p in reporting_quarters(year, rules)
        ]
    return []  # event: added by hand; unknown: waits for the user to set the rule


def diff_occurrences(
    old_keys: Iterable[str], new: list[PlannedOccurrence]
) -> tuple[list[str], list[PlannedOccurrence], list[str]]:
    """(kept keys, occurrences to add, keys that disappeared) for regenerating."""
    old = list(old_keys)
    new_keys = {o.key for o in new}
    kept = [k for k in old if k in new_keys]
    added = [o for o in new if o.key not in set(old)]
    removed = [k for k in old if k not in new_keys]
    return kept, added, removed


def task_rule(task: Task, year: int) -> TimelineRule:
    """The rule in force for a task: the one set by hand, or what its wording reads as."""
    if task.manual_kind:
        return rule_from_dates(task.timeline, task.manual_kind, task.manual_dates)
    return read_timeline(task.timeline, year)
