"""Reporting periods (Nghị định 09/2019/NĐ-CP): data cut off on the 14th, periods from the 15th.

The rules are data because provinces set their own; these are the defaults:
Quý I 15/12 (previous year) – 14/3, 6 tháng 15/12 – 14/6, Quý III 15/6 – 14/9,
9 tháng 15/12 – 14/9, Năm 15/12 – 14/12; Quý II and Quý IV complete the four quarters used to
give ongoing tasks one occurrence per period.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Period:
    code: str  # "2023-Q1", "2023-H1", "2023-Q3", "2023-9M", "2023-Y", or "custom"
    name: str  # "Quý I năm 2023"
    start: date
    end: date  # inclusive: the cut-off date

    def contains(self, d: date | None) -> bool:
        return d is not None and self.start <= d <= self.end

    @property
    def span(self) -> tuple[date, date]:
        """The calendar span whose due dates the report names.

        The data window runs from the 15th to the 14th (Nghị định 09), but tasks are due at
        calendar ends (Quý II → 30/06), so a report covers whole months: from the first day of
        the month after a mid-month start (15/12 → 1/1, 15/6 → 1/7) to the last day of the
        cut-off's month (14/6 → 30/6, 14/12 → 31/12).  A custom range is its own span.
        """
        if self.code == "custom":
            return self.start, self.end
        start = self.start
        if start.day > 1:
            start = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        # the month's last day (not calendar.monthrange: calendar loads locale, ~2 ms of a start
        # on the frame's reader thread)
        end = (self.end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return start, end

    @property
    def year_start(self) -> date:
        """1 January of the year whose running total a report gives."""
        return date(self.span[1].year, 1, 1)


@dataclass(frozen=True)
class PeriodRule:
    key: str  # "Q1", "H1", "Q2", "Q3", "9M", "Q4", "Y"
    name_template: str  # "Quý I năm {year}"
    start_month: int
    start_day: int
    start_year_offset: int  # -1: the period starts in the previous year
    end_month: int
    end_day: int
    report: bool = True  # offered as a report (Q2 and Q4 only make occurrences)


DEFAULT_PERIOD_RULES: tuple[PeriodRule, ...] = (
    PeriodRule("Q1", "Quý I năm {year}", 12, 15, -1, 3, 14),
    PeriodRule("Q2", "Quý II năm {year}", 3, 15, 0, 6, 14, report=False),
    PeriodRule("H1", "6 tháng đầu năm {year}", 12, 15, -1, 6, 14),
    PeriodRule("Q3", "Quý III năm {year}", 6, 15, 0, 9, 14),
    PeriodRule("9M", "9 tháng năm {year}", 12, 15, -1, 9, 14),
    PeriodRule("Q4", "Quý IV năm {year}", 9, 15, 0, 12, 14, report=False),
    PeriodRule("Y", "Năm {year}", 12, 15, -1, 12, 14),
)
QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def _period(rule: PeriodRule, year: int) -> Period:
    start = date(year + rule.start_year_offset, rule.start_month, rule.start_day)
    return Period(
        f"{year}-{rule.key}",
        rule.name_template.format(year=year),
        start,
        date(year, rule.end_month, rule.end_day),
    )


def periods_for_year(
    year: int, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES, reports_only: bool = True
) -> list[Period]:
    return [_period(r, year) for r in rules if r.report or not reports_only]


def reporting_quarters(
    year: int, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES
) -> list[Period]:
    """The four disjoint quarters: ongoing tasks get one occurrence in each."""
    by_key = {r.key: r for r in rules}
    return [_period(by_key[k], year) for k in QUARTERS if k in by_key]


def parse_period_code(code: str, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES) -> Period:
    """``2023-Q1`` → the Quý I 2023 period; a clear Vietnamese error otherwise."""
    m = re.fullmatch(r"\s*(\d{4})-([A-Za-z0-9]+)\s*", code or "")
    keys = {r.key: r for r in rules}
    if not m or m.group(2).upper() not in keys or not 2000 <= int(m.group(1)) <= 2100:
        allowed = ", ".join(f"YYYY-{k}" for k in keys)
        raise ValueError(
            f"Kỳ báo cáo “{code}” không hợp lệ; dùng một trong: {allowed} (ví dụ 2023-Q1)."
        )
    return _period(keys[m.group(2).upper()], int(m.group(1)))


def custom_period(start: date, end: date) -> Period:
    if end < start:
        raise ValueError("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
    return Period("custom", f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}", start, end)


def current_period(today: date, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES) -> Period:
    """The quarter (of the disjoint four) that holds ``today``."""
    for year in (today.year, today.year + 1):
        for p in reporting_quarters(year, rules):
            if p.contains(today):
                return p
    return reporting_quarters(today.year, rules)[-1]


def opening_day(year: int, today: date) -> date:
    """The day whose quarter a screen opens on for a plan of ``year``: today in the plan's own
    year, else mid-December, so a past plan opens on its last quarter."""
    return today if today.year == year else date(year, 12, 14)


def quarter_containing(
    day: date, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES
) -> Period | None:
    """The quarter of ``day``'s year (of the disjoint four) that holds ``day``."""
    return next((p for p in reporting_quarters(day.year, rules) if p.contains(day)), None)


def opening_period(
    year: int, today: date, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES
) -> Period | None:
    """The period a plan of ``year`` opens on: the quarter holding its opening day."""
    return quarter_containing(opening_day(year, today), rules)


def latest_cutoff_before(
    today: date, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES
) -> Period | None:
    """The most recent quarter whose cut-off is before ``today``."""
    ended = [
        p
        for y in (today.year - 1, today.year)
        for p in reporting_quarters(y, rules)
        if p.end < today
    ]
    return max(ended, key=lambda p: p.end) if ended else None


def previous_report(
    period: Period, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES
) -> Period | None:
    """The report of the same year an officer compares this one with: the latest one cut off
    before it (the longer one when two end together: 6 tháng, not Quý II); ``None`` for the
    year's first report and for a custom range."""
    if period.code == "custom":
        return None
    year = int(period.code.split("-")[0])
    earlier = [p for p in periods_for_year(year, rules) if p.end < period.end]
    return max(earlier, key=lambda p: (p.end, -p.start.toordinal())) if earlier else None


def next_report(period: Period, rules: tuple[PeriodRule, ...] = DEFAULT_PERIOD_RULES) -> Period:
    """The quarter after this report's span (Quý I of next year after an annual report): what
    “kỳ tới” speaks of."""
    after = period.span[1] + timedelta(days=1)
    for year in (after.year, after.year + 1):
        for q in reporting_quarters(year, rules):
            if q.span[0] <= after <= q.span[1]:
                return q
    return reporting_quarters(after.year, rules)[0]


def rules_to_data(rules: tuple[PeriodRule, ...]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rules]


def rules_from_setting(data: Any) -> tuple[tuple[PeriodRule, ...], list[str]]:
    """The office's rules as its ``period_rules`` setting holds them (none set: the defaults)."""
    return (DEFAULT_PERIOD_RULES, []) if data is None else rules_from_data(data)


def rules_from_data(data: Any) -> tuple[tuple[PeriodRule, ...], list[str]]:
    """Rules read from settings; damaged data falls back to the defaults with the errors."""
    try:
        rules = tuple(PeriodRule(**item) for item in data)
        for r in rules:
            date(2001, r.start_month, r.start_day)
            date(2001, r.end_month, r.end_day)
        if not all(k in {r.key for r in rules} for k in QUARTERS):
            raise ValueError("thiếu một quý")
        return rules, []
    except (TypeError, ValueError) as exc:
        return DEFAULT_PERIOD_RULES, [
            f"Cài đặt kỳ báo cáo bị hỏng ({exc}); dùng mặc định theo Nghị định 09/2019."
        ]
