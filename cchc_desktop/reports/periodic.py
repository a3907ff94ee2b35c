"""The periodic report (Báo cáo kết quả công tác tuyên truyền CCHC), assembled from the data.

Every figure comes from :func:`cchc_desktop.core.report_rules.count_report`; this module reads
the plan's rows, hands them to it, and lays the figures out as text, tables, annexes and the
flat Dữ liệu sheet, so that each reads the same everywhere.  ``build_report`` pre-fills every
section with sentences drawn from the figures; the officer edits them (``ReportTexts``), and
the edits are kept per plan and period.  The header fields (number, signer, recipients) are
remembered per office in the settings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from cchc_desktop.core.formatting import fmt_date, fmt_number
from cchc_desktop.core.models import ROLES, Office
from cchc_desktop.core.numbering import section_number
from cchc_desktop.core.office_profile import DocumentDefaults, document_defaults, one_line, resolved
from cchc_desktop.core.periods import Period, next_report, previous_report
from cchc_desktop.core.report_rules import (
    MONEY,
    CountedLine,
    IndicatorFigure,
    Line,
    ReportFigures,
    TaskFigures,
    UnitFigures,
    count_report,
    year_targets,
)
from cchc_desktop.core.scoring import CriterionScore, score
from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS, DONE
from cchc_desktop.store.dashboard import cutoff_for

# The Dữ liệu sheet: one row per task × unit × occurrence the report names, in this order,
# then one column per indicator.  An upper office stacks many offices' sheets (“Cơ quan”).
DATA_COLUMNS = (
    "Cơ quan", "Năm", "Kỳ", "STT nhiệm vụ", "Nhiệm vụ", "Đơn vị", "Vai trò", "Hạn", "Tình trạng",
    "Ngày hoàn thành", "Kết quả", "Chuyển từ kỳ trước", "Tính đến ngày", "Tính vào tổng",
)  # fmt: skip

TASK_RULE = (
    "Mỗi nhiệm vụ tính một lần: hoàn thành khi mọi đơn vị chủ trì đã hoàn thành các lần thực "
    "hiện có trong kỳ (đúng hạn khi tất cả đều đúng hạn); số lượt là từng lần thực hiện của từng "
    "đơn vị chủ trì."
)
QUANTITY_RULE = (
    "Số liệu cộng kết quả của các đơn vị chủ trì; số liệu của đơn vị phối hợp ghi riêng, "
    "không cộng vào tổng."
)


@dataclass
class ReportHeader:
    """Remembered per office (settings key ``report_header``; the plan's is ``plan_header``).

    What is not saved yet comes from the office's data (core.office_profile): its level's
    signer, its own Nơi nhận, its symbol in the number; never a phrase of one kind of office.
    ``issuing_body`` may hold ``|`` where the officer wants the header's line to break.
    """

    number: str = "     /BC-"
    signer_lines: list[str] = field(default_factory=list)
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    place: str = ""
    governing_body: str = ""
    issuing_body: str = ""
    # “ngày      tháng      năm 2023” for the clerk to fill in (settings ``report_blank_date``)
    blank_date: bool = False

    @classmethod
    def from_data(cls, data: Any, defaults: DocumentDefaults | None = None,
                  symbol: str = "", kind: str = "BC") -> ReportHeader:  # fmt: skip
        h = cls(number=f"     /{kind}-{symbol}" if symbol else f"     /{kind}-")
        if defaults is not None:
            h.signer_lines = list(defaults.signer_lines)
            h.signer_name = defaults.signer_name
            h.recipients = list(defaults.recipients)
        if isinstance(data, dict):
            for key in ("number", "signer_name", "place", "governing_body", "issuing_body"):
                if isinstance(data.get(key), str):
                    setattr(h, key, data[key])
            for key in ("signer_lines", "recipients"):
                if isinstance(data.get(key), list):
                    setattr(h, key, [str(x) for x in data[key]])
        return h

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReportTexts:
    """The sections the officer reviews and edits (pre-filled with generated sentences)."""

    issuance: str = ""  # I.1 how the plan was issued and carried out
    results: str = ""  # I.2 summary of results
    shortcomings: str = ""  # II
    next_tasks: str = ""  # III
    proposals: str = ""  # IV

    @classmethod
    def from_data(cls, data: Any) -> ReportTexts | None:
        if not isinstance(data, dict):
            return None
        return cls(**{k: str(data.get(k) or "") for k in asdict(cls())})


def texts_key(plan_id: int, period: Period) -> str:
    """The settings key under which the officer's edits of one report are kept."""
    code = period.code
    if code == "custom":
        code = f"custom:{period.start.isoformat()}:{period.end.isoformat()}"
    return f"report_texts.{plan_id}.{code}"


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator as the report prints it (names resolved)."""

    code: str
    name: str
    unit: str
    figure: IndicatorFigure


class Records(Sequence[dict[str, Any]]):
    """The Dữ liệu sheet's records, each made from its line when it is read.

    A province's year has some fifty thousand lines; held as dictionaries all at once, the
    records were the largest part of a report's memory (and a report stays on its screen).
    """

    def __init__(
        self, lines: Sequence[CountedLine], record: Callable[[CountedLine], dict[str, Any]]
    ) -> None:
        self._lines, self._record = lines, record

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._record(c) for c in self._lines[i]]
        return self._record(self._lines[i])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._record(c) for c in self._lines)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class PeriodicReport:
    office_name: str
    governing_body: str
    plan_title: str
    plan_number: str
    plan_date: date | None
    year: int
    period: Period
    data_date: date
    report_date: date
    header: ReportHeader
    texts: ReportTexts
    figures: ReportFigures
    previous: ReportFigures | None
    forms: list[tuple[str, int]]  # (form name, done lead shares of tasks using it)
    indicators: list[IndicatorRow]  # quantities, without money
    money: IndicatorFigure
    annex1: list[list[str] | str]  # rows (str = section row)
    annex2: list[list[str]]
    flat: Records  # the Dữ liệu sheet
    scores: list[CriterionScore]
    evidence: list[str]
    unscheduled: int = 0  # tasks with no occurrence at all (event-driven, or no rule yet)
    reports_to: str = ""  # the body the office reports to (the office's data)

    @property
    def counts(self) -> dict[str, int]:
        """Tasks by status: the headline's figures."""
        return self.figures.task_counts

    @property
    def total(self) -> int:
        return self.figures.tasks_total

    @property
    def rate(self) -> float | None:
        return self.figures.task_rate

    @property
    def cutoff(self) -> date:
        return self.data_date

    @property
    def title(self) -> str:
        return f"Kết quả công tác tuyên truyền cải cách hành chính {self.period_phrase}"

    @property
    def period_phrase(self) -> str:
        name = self.period.name
        return name[0].lower() + name[1:] if name else ""

    def summary_data(self) -> dict[str, Any]:
        """The figures an issued report freezes beside its files."""
        f = self.figures
        return {
            "counts": f.task_counts, "total": f.tasks_total, "rate": f.task_rate,
            "share_counts": f.share_counts, "shares_total": f.shares_total,
            "cutoff": self.data_date.isoformat(), "report_date": self.report_date.isoformat(),
            "annex2": self.annex2,
            "indicators": [[i.name, i.unit, i.figure.period, i.figure.year_to_date, i.figure.year_target]
                           for i in self.indicators],
            "money": [self.money.period, self.money.year_to_date, self.money.year_target],
        }  # fmt: skip


def pct(value: float | None) -> str:
    """``0,756 -> "75,6%"``; a dash where there is nothing to divide."""
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def amount(value: float | None, unit: str = "") -> str:
    """A quantity as printed: ``1.234 tin/bài``; “chưa có số liệu” where nobody entered one."""
    if value is None:
        return "chưa có số liệu"
    return f"{fmt_number(value)} {unit}".strip()


def money_sentence(r: PeriodicReport, cumulative: bool) -> str:
    """Money spent against the plan's budget; “chưa có số liệu” where nobody entered a figure."""
    m = r.money
    planned = (
        f"dự toán năm {fmt_number(m.year_target)} đồng"
        if m.year_target
        else "kế hoạch chưa ghi dự toán"
    )
    if m.period is None and m.year_to_date is None:
        return f"Kinh phí đã sử dụng cho công tác tuyên truyền: chưa có số liệu ({planned})."
    spent = f"{amount(m.period, 'đồng')}" + (
        "" if cumulative else f" trong kỳ, lũy kế năm {amount(m.year_to_date, 'đồng')}"
    )
    share = (
        f", bằng {pct(m.year_to_date / m.year_target)} dự toán"
        if m.year_target and m.year_to_date is not None
        else ""
    )
    return f"Kinh phí đã sử dụng cho công tác tuyên truyền: {spent} ({planned}{share})."  # fmt: skip


def plan_header(store, defaults: DocumentDefaults, symbol: str) -> ReportHeader:
    """The plan's own signer and Nơi nhận (settings ``plan_header``).  An office that has not
    set them yet keeps the signer its plans printed before (the report's, then shared)."""
    saved = store.settings.setting("plan_header")
    if not isinstance(saved, dict):
        old = store.settings.setting("report_header")
        saved = {
            k: old[k] for k in ("signer_lines", "signer_name") if isinstance(old, dict) and k in old
        }
    return ReportHeader.from_data(saved, defaults, symbol, "KH")


def _lines(store, plan_id: int, period: Period) -> list[Line]:
    start = min(period.span[0], period.year_start)  # nothing earlier is named or summed
    rows = store.tracking.iter_occurrence_rows(
        plan_id, start=start, end=period.span[1], include_undated=False
    )
    return [
        Line(
            r.id,
            r.task_id,
            r.unit_id,
            r.unit_name,
            r.role,
            r.due,
            r.status,
            r.completed_on,
            r.values,
            r.forms,
            r.description,
            r.reason,
            r.detached,
        )  # fmt: skip
        for r in rows
    ]


def figures_for(store, plan_id: int, period: Period, data_date: date) -> ReportFigures:
    """The report's figures for one plan and period at ``data_date`` (see core.report_rules)."""
    tasks = store.catalogue.tasks(plan_id)
    targets = year_targets(
        {t.id: t.targets for t in tasks if t.targets}, store.tracking.lead_units_per_task(plan_id)
    )
    return count_report(
        _lines(store, plan_id, period), period, data_date, targets, sum(t.budget for t in tasks)
    )


def build_report(store, plan_id: int, period: Period, today: date | None = None,
                 texts: ReportTexts | None = None, data_date: date | None = None,
                 saved_texts: bool = True) -> PeriodicReport:  # fmt: skip
    """The report of ``plan_id`` for ``period``.

    ``today`` is the report's date; ``data_date`` the day the figures are taken (by default
    the period's cut-off, or today while the period runs).  Without ``texts``, the officer's
    saved edits for this report are used when there are some (``saved_texts``), else sentences
    generated from the figures.
    """
    today = today or date.today()
    data_date = data_date or cutoff_for(period, today)
    plan = store.catalogue.plan(plan_id)
    office = store.org.office()
    units = store.org.units()
    profile = resolved(office or Office(name=plan.issuing_body), units)
    header = ReportHeader.from_data(
        store.settings.setting("report_header"),
        document_defaults(profile, "report", units, store.org.groups()),
        profile.symbol,
    )
    header.blank_date = store.settings.setting("report_blank_date") is True
    header.place = header.place or profile.place_name
    header.governing_body = header.governing_body or (
        office.governing_body if office else plan.governing_body
    )
    header.issuing_body = header.issuing_body or (
        profile.header_name if office else plan.issuing_body
    )
    forms = {t.code: t for t in store.settings.terms("forms")}
    indicator_terms = {t.code: t for t in store.settings.terms("indicators")}
    numbers = store.catalogue.task_numbers(plan_id)
    tasks = {t.id: t for t in store.catalogue.tasks(plan_id)}
    sections = store.catalogue.sections(plan_id)
    unit_order = {u.id: i for i, u in enumerate(units)}

    # The previous report first, kept by its totals only (it is compared, never listed): on a
    # province's year the two reports' lines held at once were most of a report's memory.
    prev_period = previous_report(period, store.settings.period_rules())
    previous = (
        figures_for(store, plan_id, prev_period, cutoff_for(prev_period, today))
        if prev_period
        else None
    )
    if previous is not None:
        previous.lines = []
    fig = figures_for(store, plan_id, period, data_date)
    fig.units.sort(key=lambda u: (unit_order.get(u.unit_id, len(unit_order)), u.unit_name))

    annex1 = _annex1(fig, tasks, sections, numbers, indicator_terms)
    annex2 = _annex2(fig)
    office_name = one_line(header.issuing_body)

    def record(c: CountedLine) -> dict[str, Any]:
        ln = c.line
        row = {
            "Cơ quan": office_name, "Năm": plan.year, "Kỳ": period.code,
            "STT nhiệm vụ": numbers.get(ln.task_id, ""), "Nhiệm vụ": tasks[ln.task_id].content,
            "Đơn vị": ln.unit_name, "Vai trò": ROLES.get(ln.role, ln.role), "Hạn": ln.due,
            "Tình trạng": BUCKET_NAMES[c.bucket], "Ngày hoàn thành": ln.completed_on,
            "Kết quả": ln.description, "Chuyển từ kỳ trước": "x" if c.carried else "",
            "Tính đến ngày": data_date,
            # a share the totals count: a lead unit's, or any unit's where the task has no lead
            "Tính vào tổng": "x" if c.counts_for_task else "",
        }  # fmt: skip
        for code, term in indicator_terms.items():
            row[term.name] = ln.values.get(code)
        return row

    flat = Records(fig.lines, record)

    form_rows = [
        (forms[c].name if c in forms else c, n)
        for c, n in sorted(fig.forms.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    indicators = [
        IndicatorRow(code, term.name, term.unit, fig.indicators[code])
        for code, term in indicator_terms.items()
        if code != MONEY and code in fig.indicators
    ]
    scores = score(
        fig.task_rate, set(fig.forms), {c: t.group for c, t in forms.items()},
        store.settings.setting("score_rules"),
    )  # fmt: skip
    span_start, span_end = period.span
    evidence = [
        f"Kế hoạch số {plan.number or '…'} ngày {fmt_date(plan.issued_on) or '…'}: {plan.title}",
        f"Báo cáo này ({period.name}): hoàn thành {fmt_number(fig.tasks_done)}/"
        f"{fmt_number(fig.tasks_total)} nhiệm vụ, {fmt_number(fig.shares_done)}/"
        f"{fmt_number(fig.shares_total)} lượt của các đơn vị chủ trì",
        f"{fmt_number(store.results.evidence_files_due_in(plan_id, span_start, span_end))} tệp, đường dẫn "
        "minh chứng kèm theo kết quả của các đơn vị",
    ]
    unscheduled = store.tracking.tasks_without_occurrences(plan_id)
    report = PeriodicReport(
        office_name=office_name, governing_body=header.governing_body, plan_title=plan.title,
        plan_number=plan.number, plan_date=plan.issued_on, year=plan.year, period=period,
        data_date=data_date, report_date=today, header=header, texts=ReportTexts(), figures=fig,
        previous=previous, forms=form_rows, indicators=indicators,
        money=fig.money, annex1=annex1, annex2=annex2, flat=flat, scores=scores,
        evidence=evidence, unscheduled=unscheduled, reports_to=profile.reports_to,
    )  # fmt: skip
    if texts is None and saved_texts:
        texts = ReportTexts.from_data(store.settings.setting(texts_key(plan_id, period)))
    report.texts = texts or generated_texts(report, store, plan_id, prev_period)
    return report


def _task_result(t: TaskFigures, terms: dict, carried: bool) -> str:
    """Phụ lục I's “Kết quả thực hiện”: what the task's units did, counted per unit."""
    n_units = sum(t.units.values())
    done_units = t.units["done_on_time"] + t.units["done_late"]
    parts = []
    if n_units == 1:
        done = t.shares["done_on_time"] + t.shares["done_late"]
        parts.append(f"Hoàn thành {fmt_number(done)}/{fmt_number(sum(t.shares.values()))} lượt")
    else:
        detail = [
            f"{fmt_number(t.units[b])} {BUCKET_NAMES[b][0].lower() + BUCKET_NAMES[b][1:]}"
            for b in BUCKETS
            if t.units[b] and b not in DONE
        ]
        how = [
            f"{fmt_number(t.units[b])} {'đúng hạn' if b == 'done_on_time' else 'quá hạn'}"
            for b in DONE
            if t.units[b] and done_units != t.units[b]
        ]
        parts.append(
            f"{fmt_number(done_units)}/{fmt_number(n_units)} đơn vị hoàn thành"
            + (f" ({', '.join(how)})" if how else "")
            + ("; " + "; ".join(detail) if detail else "")
        )
    if t.values:
        parts.append(_values_text(t.values, terms))
    if t.coordinating:
        with_values = {name: v for name, v in t.coordinating.items() if v}
        if with_values:
            if len(with_values) <= 3:
                who = "; ".join(f"{n}: {_values_text(v, terms)}" for n, v in with_values.items())
            else:
                total: dict[str, float] = {}
                for v in with_values.values():
                    for code, x in v.items():
                        total[code] = total.get(code, 0) + x
                who = f"{fmt_number(len(with_values))} đơn vị, {_values_text(total, terms)}"
            parts.append(f"Phối hợp (không cộng vào số liệu trên): {who}")
    if carried:
        parts.append("Chuyển từ kỳ trước")
    return ". ".join(parts) + "."


def _values_text(values: dict[str, float], terms: dict) -> str:
    return ", ".join(
        f"{terms[c].name if c in terms else c} {fmt_number(v)}"
        + (f" {terms[c].unit}" if c in terms and terms[c].unit == "đồng" else "")
        for c, v in values.items()
    )


def _annex1(fig: ReportFigures, tasks: dict, sections: list, numbers: dict[int, str],
            terms: dict) -> list[list[str] | str]:  # fmt: skip
    """Phụ lục I: every task the report names, under its section, with its status."""
    sec_numbers: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for s in sections:
        counters[s.parent_id] = counters.get(s.parent_id, 0) + 1
        parent = sec_numbers.get(s.parent_id, "") if s.parent_id else ""
        sec_numbers[s.id] = (
            f"{parent}.{counters[s.parent_id]}" if parent else section_number([counters[s.parent_id]])
        )  # fmt: skip
    titles = {s.id: s for s in sections}
    order = {s.id: i for i, s in enumerate(sections)}
    rows: list[list[str] | str] = []
    current = None
    for t in sorted(
        (tasks[tid] for tid in fig.tasks), key=lambda t: (order.get(t.section_id, -1), t.position)
    ):
        if t.section_id != current:
            current = t.section_id
            if t.section_id in titles:
                rows.append(f"{sec_numbers[t.section_id]}. {titles[t.section_id].title}")
        tf = fig.tasks[t.id]
        rows.append([
            numbers.get(t.id, ""), t.content, "; ".join(x.name for x in t.lead),
            "; ".join(x.name for x in t.coordinating), t.timeline, t.product,
            _task_result(tf, terms, tf.carried), BUCKET_NAMES[tf.status],
        ])  # fmt: skip
    return rows


def _annex2(fig: ReportFigures) -> list[list[str]]:
    """Phụ lục II: each unit's shares as lead, by status, and how often it coordinated."""
    rows = []
    for i, u in enumerate(fig.units, 1):
        rows.append([
            str(i), u.unit_name, fmt_number(u.total), *(fmt_number(u.counts[b]) for b in BUCKETS),
            pct(u.rate), fmt_number(u.coordinating),
        ])  # fmt: skip
    coordinating = sum(u.coordinating for u in fig.units)
    rows.append([
        "", "Tổng cộng", fmt_number(fig.shares_total),
        *(fmt_number(fig.share_counts[b]) for b in BUCKETS), pct(fig.share_rate),
        fmt_number(coordinating),
    ])  # fmt: skip
    return rows


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _status_sentence(counts: dict[str, int]) -> str:
    return (
        f"hoàn thành đúng hạn {fmt_number(counts['done_on_time'])}, hoàn thành quá hạn "
        f"{fmt_number(counts['done_late'])}; đang thực hiện trong hạn {fmt_number(counts['in_progress'])}; "
        f"quá hạn chưa hoàn thành {fmt_number(counts['overdue'])}; không thực hiện "
        f"{fmt_number(counts['not_done'])}"
    )  # fmt: skip


def _compare(r: PeriodicReport, prev_period: Period | None) -> str:
    """What changed against the previous report of the year."""
    p = r.previous
    if p is None or prev_period is None or p.tasks_total == 0:
        return ""
    f = r.figures
    if p.task_rate == f.task_rate:
        rate = f"tỷ lệ hoàn thành nhiệm vụ không đổi ({pct(f.task_rate)})"
    else:
        word = "tăng" if (f.task_rate or 0) > (p.task_rate or 0) else "giảm"
        rate = f"tỷ lệ hoàn thành nhiệm vụ {word} từ {pct(p.task_rate)} lên {pct(f.task_rate)}"
        if word == "giảm":
            rate = f"tỷ lệ hoàn thành nhiệm vụ giảm từ {pct(p.task_rate)} xuống {pct(f.task_rate)}"
    a, b = p.task_counts["overdue"], f.task_counts["overdue"]
    overdue = (
        f"số nhiệm vụ quá hạn chưa hoàn thành không đổi ({fmt_number(b)})"
        if a == b
        else f"số nhiệm vụ quá hạn chưa hoàn thành từ {fmt_number(a)} "
        + ("tăng lên" if b > a else "giảm còn")
        + f" {fmt_number(b)}"
    )
    return (
        f" So với báo cáo {_lower(prev_period.name)} (số liệu đến ngày {fmt_date(p.data_date)}, "
        f"{fmt_number(p.tasks_done)}/{fmt_number(p.tasks_total)} nhiệm vụ hoàn thành): {rate}; {overdue}."
    )


def generated_texts(
    r: PeriodicReport,
    store,
    plan_id: int,
    prev_period: Period | None = None,
) -> ReportTexts:
    """Sections I–IV drawn from the figures, as an officer would write them."""
    f = r.figures
    span_start, span_end = r.period.span
    plan_ref = (
        f"Kế hoạch số {r.plan_number} ngày {fmt_date(r.plan_date)}" if r.plan_number else "Kế hoạch"
    )
    carried = sum(1 for t in f.tasks.values() if t.carried)
    lead_units = sum(1 for u in f.units if u.total)
    issuance = (
        f"Thực hiện {plan_ref} của {r.office_name} về {_lower(r.plan_title)}, {r.office_name} đã "
        "triển khai đến các cơ quan, đơn vị được giao nhiệm vụ để tổ chức thực hiện. "
        f"Kỳ báo cáo có {fmt_number(f.tasks_total)} nhiệm vụ có hạn thực hiện từ ngày "
        f"{fmt_date(span_start)} đến ngày {fmt_date(span_end)}"
        + (f" (trong đó {fmt_number(carried)} nhiệm vụ chuyển từ kỳ trước)" if carried else "")
        + f", giao cho {fmt_number(lead_units)} đơn vị chủ trì với {fmt_number(f.shares_total)} "
        "lượt thực hiện."
        + (
            f" Ngoài ra có {fmt_number(r.unscheduled)} nhiệm vụ thực hiện khi phát sinh hoặc chưa "
            "xác định thời gian, chưa có lần thực hiện nào."
            if r.unscheduled
            else ""
        )
    )
    top_forms = ", ".join(f"{_lower(name)} ({fmt_number(n)} lượt)" for name, n in r.forms[:5])
    results = (
        f"Tính đến ngày {fmt_date(r.data_date)}, đã hoàn thành {fmt_number(f.tasks_done)}/"
        f"{fmt_number(f.tasks_total)} nhiệm vụ (đạt {pct(f.task_rate)}), trong đó "
        f"{_status_sentence(f.task_counts)}. Tính theo lượt thực hiện của các đơn vị chủ trì: "
        f"hoàn thành {fmt_number(f.shares_done)}/{fmt_number(f.shares_total)} lượt "
        f"(đạt {pct(f.share_rate)})."
        + _compare(r, prev_period)
        + (f" Các hình thức được sử dụng nhiều: {top_forms}." if top_forms else "")
    )

    behind = f.units_behind()
    if behind:

        def why(u: UnitFigures) -> str:
            late = [f"{fmt_number(u.counts[b])} lượt {word}" for b, word in
                    (("overdue", "quá hạn"), ("not_done", "không thực hiện")) if u.counts[b]]  # fmt: skip
            return f"{u.unit_name} ({', '.join(late)}, đạt {pct(u.rate)})"

        named = "; ".join(why(u) for u in behind[:5])
        more = f" và {fmt_number(len(behind) - 5)} đơn vị khác" if len(behind) > 5 else ""
        left = [
            f"{fmt_number(f.task_counts[b])} nhiệm vụ {_lower(BUCKET_NAMES[b])}"
            for b in ("overdue", "not_done")
            if f.task_counts[b]
        ]
        shortcomings = (
            f"Còn {' và '.join(left)}. " if left else ""
        ) + f"Các đơn vị còn lượt quá hạn hoặc không thực hiện: {named}{more}."
    else:
        shortcomings = "Trong kỳ không có nhiệm vụ quá hạn hoặc không thực hiện."
    reasons = Counter(
        c.line.reason.strip() for c in f.lines if c.bucket == "not_done" and c.line.reason.strip()
    )
    if reasons:
        shortcomings += " Lý do các đơn vị nêu: " + "; ".join(
            f"{_lower(text.rstrip('.'))} ({fmt_number(n)} lượt)" for text, n in reasons.most_common(3)
        ) + "."  # fmt: skip
    if r.money.period is None:
        shortcomings += " Các đơn vị chưa báo cáo số liệu kinh phí đã sử dụng."

    next_tasks = _next_tasks(r, store, plan_id)
    proposals = _proposals(r, store)
    return ReportTexts(issuance, results, shortcomings, next_tasks, proposals)


def _next_tasks(r: PeriodicReport, store, plan_id: int) -> str:
    """“Kỳ tới” from what falls due next: the following quarter of this plan, or of next year's
    plan after an annual report; and the overdue tasks to finish."""
    nxt = next_report(r.period, store.settings.period_rules())
    start, end = nxt.span
    plan = plan_id
    if start.year != r.year:
        plan = next((p.id for p in store.catalogue.plans() if p.year == start.year), None)
    names: list[str] = []
    if plan is not None:
        rows = store.tracking.occurrence_rows(plan, start=start, end=end, include_undated=False)
        names = list(
            dict.fromkeys(f"{row.task_number}. {row.task_content}" for row in rows if row.status != "done")
        )  # fmt: skip
    if names:
        text = f"Trong {_lower(nxt.name)}, tập trung thực hiện: " + "; ".join(names[:8])
        text += f" và {fmt_number(len(names) - 8)} nhiệm vụ khác." if len(names) > 8 else "."
    elif start.year != r.year:
        text = (
            f"Xây dựng, ban hành Kế hoạch tuyên truyền cải cách hành chính năm {start.year} và "
            "triển khai đến các cơ quan, đơn vị."
        )
    else:
        text = f"Tiếp tục thực hiện các nhiệm vụ theo Kế hoạch trong {_lower(nxt.name)}."
    numbers = store.catalogue.task_numbers(plan_id)
    annex_order = {row[0]: i for i, row in enumerate(r.annex1) if not isinstance(row, str)}
    overdue = sorted(
        (numbers.get(tid, "") for tid, t in r.figures.tasks.items() if t.status == "overdue"),
        key=lambda n: annex_order.get(n, len(annex_order)),
    )  # in the plan's order, as Phụ lục I lists them
    n_overdue = r.figures.task_counts["overdue"]
    if n_overdue:
        text += f" Đôn đốc hoàn thành {fmt_number(n_overdue)} nhiệm vụ quá hạn chưa hoàn thành"
        text += (f" ({', '.join(overdue[:10])})" if overdue else "") + "."
    return text


def _proposals(r: PeriodicReport, store) -> str:
    """Section IV from what the figures show the office lacks."""
    forms = {t.code: t for t in store.settings.terms("forms")}
    used = set(r.figures.forms)
    missing_it = [t.name for t in forms.values() if t.group == "it" and t.code not in used]
    asks = []
    if missing_it:
        asks.append(
            "hỗ trợ triển khai các hình thức tuyên truyền ứng dụng công nghệ thông tin chưa sử dụng "
            f"trong kỳ ({', '.join(_lower(n) for n in missing_it)})"
        )
    m = r.money
    if m.year_to_date is not None and m.year_target and m.year_to_date > m.year_target:
        asks.append(
            f"bổ sung kinh phí tuyên truyền (đã sử dụng {fmt_number(m.year_to_date)} đồng, vượt "
            f"dự toán {fmt_number(m.year_target)} đồng)"
        )
    behind = r.figures.units_behind()
    if behind:
        asks.append("tiếp tục tập huấn nghiệp vụ tuyên truyền, báo cáo cho cán bộ của các đơn vị còn "
                    f"nhiều nhiệm vụ chưa hoàn thành ({', '.join(u.unit_name for u in behind[:3])})")  # fmt: skip
    if not asks:
        return "Không có đề xuất, kiến nghị phát sinh trong kỳ."
    to = r.reports_to or r.governing_body or "cấp trên"
    return f"Đề nghị {to} quan tâm " + "; ".join(asks) + "."


def indicator_line(row: IndicatorRow, cumulative: bool) -> str:
    """One indicator in words: the period's figure, the running total and the year's target,
    each labelled (a cumulative report's period figure is its running total)."""
    f = row.figure
    parts = [f"{row.name}: {amount(f.period, row.unit)}"]
    if not cumulative:
        parts.append(f"lũy kế năm {amount(f.year_to_date, row.unit)}")
    if f.year_target:
        parts.append(f"kế hoạch năm {amount(f.year_target, row.unit)}")
    if f.coordinating:
        parts.append(f"đơn vị phối hợp {amount(f.coordinating, row.unit)} (không cộng)")
    return "; ".join(parts)
