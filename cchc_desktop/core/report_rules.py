"""What a periodic report counts: the rules that decide every figure an office signs.

Each rule is stated once here, in words an officer would use, and the report, its annexes, its
Dữ liệu sheet and the screen all take their figures from :func:`count_report`:

- **Coverage.** A report names every occurrence of its plan whose due date falls in the period's
  calendar span (Quý I 1/1–31/3, 6 tháng 1/1–30/6, Quý III 1/7–30/9, 9 tháng 1/1–30/9, Năm
  1/1–31/12; ongoing tasks have one occurrence per quarter inside it), and every earlier
  occurrence that was still open when the period's data window began (carried over: it is
  shown with its status now, marked as carried over).  Occurrences set aside by a timeline
  change (detached) and those without a due date are not reported.
- **Status at the data date.** Each occurrence gets one of the five government buckets at the
  data date (the cut-off by default); one due after the data date and not done is
  “đang thực hiện trong hạn”.
- **Tasks, not shares.** The headline and PAR INDEX 4.1 count the plan's tasks: a task is done
  when every occurrence of its lead units is done, on time when all were on time.  A task
  with no lead unit is judged on its coordinating units.  Each lead unit's occurrences are
  its shares (lượt), counted per unit in Phụ lục II.
- **Quantities** add up the lead units' results as they stood at the data date (whatever the
  status: work reported is work done; a result completed after the data date waits for the
  next report); coordinating units' numbers are shown against their names and never added
  again.
- **Targets** are the year's: each task's target counts once per lead unit.  A report gives
  the period's figure, the running total of the year to the span's end and the year's target.
- **Money** is the ``kinh_phi`` indicator: spent against the plan's budget, and “no figure”
  (``None``) where nobody entered one, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cchc_desktop.core.periods import Period
from cchc_desktop.core.status import BUCKETS, DONE, bucket, rate_of_counts, task_bucket

MONEY = "kinh_phi"  # the indicator that records money spent (đồng)


@dataclass(frozen=True, slots=True)
class Line:
    """One occurrence of one assignment, with its result: a row of the Dữ liệu sheet."""

    occurrence_id: int
    task_id: int
    unit_id: int
    unit_name: str
    role: str  # "lead" | "coordinating"
    due: date | None
    status: str | None = None
    completed_on: date | None = None
    values: Mapping[str, float] = field(default_factory=dict)
    forms: tuple[str, ...] = ()
    description: str = ""
    reason: str = ""
    detached: bool = False


@dataclass(frozen=True, slots=True)
class CountedLine:
    line: Line
    bucket: str
    carried: bool  # due before the span, still open when the period began
    counts_for_task: bool  # a lead unit's share (or a coordinating one where there is no lead)


def coverage(line: Line, period: Period) -> str | None:
    """``"in"`` when the report names the occurrence in its span, ``"carried"`` when it is
    carried over from earlier, ``None`` when the report does not name it."""
    if line.due is None or line.detached:
        return None
    start, end = period.span
    if start <= line.due <= end:
        return "in"
    if line.due < start and line.due >= period.year_start and _open_at(line, period.start):
        return "carried"
    return None


def _open_at(line: Line, day: date) -> bool:
    """Not yet finished when ``day`` began: no result, in progress, or done on or after it."""
    if line.status == "not_done":
        return False
    if line.status == "done":
        return line.completed_on is not None and line.completed_on >= day
    return True


@dataclass
class UnitFigures:
    """One unit's shares (Phụ lục II): its lead occurrences by bucket, and how often it
    coordinated."""

    unit_id: int
    unit_name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    coordinating: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts["done_on_time"] + self.counts["done_late"]

    @property
    def behind(self) -> int:
        """Shares overdue or not carried out: what the report asks the unit to catch up on."""
        return self.counts["overdue"] + self.counts["not_done"]

    @property
    def rate(self) -> float | None:
        return rate_of_counts(self.counts)


@dataclass
class TaskFigures:
    """One task in the report (Phụ lục I): its status and what its units did."""

    task_id: int
    status: str
    carried: bool  # every counted occurrence is carried over from earlier
    units: dict[str, int]  # per-unit status among the counted units: bucket -> units
    shares: dict[str, int]  # counted occurrences by bucket
    values: dict[str, float]  # quantities of the counted (lead) units
    coordinating: dict[str, dict[str, float]]  # coordinating unit -> its own quantities


@dataclass
class IndicatorFigure:
    code: str
    period: float | None  # None: nobody entered a figure
    year_to_date: float | None
    year_target: float | None
    coordinating: float | None  # coordinating units' own figures, shown apart


@dataclass
class ReportFigures:
    period: Period
    data_date: date
    lines: list[CountedLine]
    tasks: dict[int, TaskFigures]
    task_counts: dict[str, int]
    share_counts: dict[str, int]
    units: list[UnitFigures]
    forms: dict[str, int]  # form code -> done shares of tasks using it
    indicators: dict[str, IndicatorFigure]
    money_planned: int

    @property
    def tasks_total(self) -> int:
        return sum(self.task_counts.values())

    @property
    def tasks_done(self) -> int:
        return self.task_counts["done_on_time"] + self.task_counts["done_late"]

    @property
    def task_rate(self) -> float | None:
        return rate_of_counts(self.task_counts)

    @property
    def shares_total(self) -> int:
        return sum(self.share_counts.values())

    @property
    def shares_done(self) -> int:
        return self.share_counts["done_on_time"] + self.share_counts["done_late"]

    @property
    def share_rate(self) -> float | None:
        return rate_of_counts(self.share_counts)

    @property
    def money(self) -> IndicatorFigure:
        return self.indicators.get(MONEY) or IndicatorFigure(MONEY, None, None, None, None)

    def units_behind(self) -> list[UnitFigures]:
        """Units with shares overdue or not carried out, the most behind first (then the lowest
        rate, then by name): whom section II names."""
        return sorted(
            (u for u in self.units if u.behind),
            key=lambda u: (-u.behind, u.rate if u.rate is not None else 0.0, u.unit_name),
        )


def year_targets(
    targets: Mapping[int, Mapping[str, float]], lead_units: Mapping[int, int]
) -> dict[str, float]:
    """The year's target per indicator: each task's target once per lead unit (a target given
    to “UBND các xã” is each commune's)."""
    out: dict[str, float] = {}
    for task_id, per_task in targets.items():
        n = lead_units.get(task_id, 0)
        for code, value in per_task.items():
            out[code] = out.get(code, 0) + value * n
    return out


def _add(into: dict[str, float], values: Mapping[str, float]) -> None:
    for code, v in values.items():
        into[code] = into.get(code, 0) + v


def count_report(
    lines: Iterable[Line],
    period: Period,
    data_date: date,
    targets: Mapping[str, float] | None = None,
    money_planned: int = 0,
) -> ReportFigures:
    """Every figure of the report for ``period`` at ``data_date``.

    ``lines`` are the plan's occurrences due up to the span's end (earlier ones give the year's
    running total and the carried-over work); ``targets`` the year's targets
    (:func:`year_targets`); ``money_planned`` the plan's budget in đồng.
    """
    all_lines = list(lines)
    by_task: dict[int, list[Line]] = {}
    for ln in all_lines:
        by_task.setdefault(ln.task_id, []).append(ln)
    has_lead = {tid for tid, ls in by_task.items() if any(x.role == "lead" for x in ls)}

    def counts_for_task(ln: Line) -> bool:
        return ln.role == "lead" or ln.task_id not in has_lead

    def known_at_date(ln: Line) -> bool:
        return not (ln.status == "done" and ln.completed_on and ln.completed_on > data_date)

    counted: list[CountedLine] = []
    ytd: dict[str, float] = {}
    for ln in all_lines:
        if (
            counts_for_task(ln)
            and known_at_date(ln)
            and not ln.detached
            and ln.due is not None
            and period.year_start <= ln.due <= period.span[1]
        ):
            _add(ytd, ln.values)
        where = coverage(ln, period)
        if where is None:
            continue
        b = bucket(ln.due, ln.status, ln.completed_on, data_date)
        counted.append(CountedLine(ln, b, where == "carried", counts_for_task(ln)))

    share_counts = dict.fromkeys(BUCKETS, 0)
    units: dict[int, UnitFigures] = {}
    forms: dict[str, int] = {}
    period_values: dict[str, float] = {}
    coordinating_values: dict[str, float] = {}
    per_task: dict[int, list[CountedLine]] = {}
    for c in counted:
        ln = c.line
        unit = units.setdefault(ln.unit_id, UnitFigures(ln.unit_id, ln.unit_name))
        per_task.setdefault(ln.task_id, []).append(c)
        values = ln.values if known_at_date(ln) else {}
        if c.counts_for_task:
            share_counts[c.bucket] += 1
            unit.counts[c.bucket] += 1
            _add(period_values, values)
            if c.bucket in DONE:
                for f in ln.forms:
                    forms[f] = forms.get(f, 0) + 1
        else:
            unit.coordinating += 1
            _add(coordinating_values, values)

    tasks: dict[int, TaskFigures] = {}
    for tid, cs in per_task.items():
        own = [c for c in cs if c.counts_for_task]
        if not own:
            continue  # only its coordinating units' work falls here: not a task of this report
        unit_buckets: dict[int, list[str]] = {}
        lead_values: dict[str, float] = {}
        coordinating: dict[str, dict[str, float]] = {}
        for c in cs:
            known = c.line.values if known_at_date(c.line) else {}
            if c.counts_for_task:
                unit_buckets.setdefault(c.line.unit_id, []).append(c.bucket)
                _add(lead_values, known)
            else:
                _add(coordinating.setdefault(c.line.unit_name, {}), known)
        per_unit = dict.fromkeys(BUCKETS, 0)
        for bs in unit_buckets.values():
            per_unit[task_bucket(bs)] += 1
        shares = dict.fromkeys(BUCKETS, 0)
        for c in own:
            shares[c.bucket] += 1
        tasks[tid] = TaskFigures(
            tid,
            task_bucket(c.bucket for c in own),
            bool(own) and all(c.carried for c in own),
            per_unit,
            shares,
            lead_values,
            coordinating,
        )
    task_counts = dict.fromkeys(BUCKETS, 0)
    for t in tasks.values():
        task_counts[t.status] += 1

    targets = dict(targets or {})
    if money_planned:
        targets[MONEY] = float(money_planned)
    codes = list(dict.fromkeys([*period_values, *ytd, *coordinating_values, *targets]))
    indicators = {
        code: IndicatorFigure(
            code,
            period_values.get(code),
            ytd.get(code),
            targets.get(code),
            coordinating_values.get(code),
        )
        for code in codes
    }
    return ReportFigures(
        period=period, data_date=data_date, lines=counted, tasks=tasks, task_counts=task_counts,
        share_counts=share_counts, units=list(units.values()), forms=forms,
        indicators=indicators, money_planned=money_planned,
    )  # fmt: skip


__all__ = [
    "MONEY", "CountedLine", "IndicatorFigure", "Line", "ReportFigures", "TaskFigures",
    "UnitFigures", "count_report", "coverage", "year_targets",
]  # fmt: skip
