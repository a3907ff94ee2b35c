"""The periodic report (Báo cáo kết quả công tác tuyên truyền CCHC), assembled from the data.

``build_report`` gathers figures and pre-fills every section with generated sentences; the
officer edits them (``ReportTexts``) before exporting.  The header fields (number, signer,
recipients) are remembered per office in the settings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from cchc_desktop.core.formatting import fmt_date, fmt_number
from cchc_desktop.core.models import ROLES
from cchc_desktop.core.periods import Period
from cchc_desktop.core.scoring import CriterionScore, score
from cchc_desktop.core.status import (
    BUCKET_NAMES,
    BUCKETS,
    count_buckets,
    task_bucket,
)
from cchc_desktop.store.dashboard import build_dashboard

DEFAULT_RECIPIENTS = [
    "Sở Nội vụ (để b/c)",
    "TT Huyện ủy, TT HĐND huyện (để b/c)",
    "Chủ tịch, các PCT UBND huyện",
    "Các phòng, ban, đơn vị liên quan",
    "UBND các xã, thị trấn",
    "Lưu: VT, NV",
]


@dataclass
class ReportHeader:
    """Remembered per office (settings key ``report_header``)."""

    number: str = "     /BC-UBND"
    signer_lines: list[str] = field(
        default_factory=lambda: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    )
    signer_name: str = ""
    recipients: list[str] = field(default_factory=lambda: list(DEFAULT_RECIPIENTS))
    place: str = ""
    governing_body: str = ""
    issuing_body: str = ""

    @classmethod
    def from_data(cls, data: Any) -> ReportHeader:
        h = cls()
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


@dataclass
class PeriodicReport:
    office_name: str
    governing_body: str
    plan_title: str
    plan_number: str
    plan_date: date | None
    year: int
    period: Period
    cutoff: date
    report_date: date
    header: ReportHeader
    texts: ReportTexts
    counts: dict[str, int]
    rate: float | None
    total: int
    forms: list[tuple[str, int]]  # (form name, done occurrences using it)
    indicators: list[tuple[str, str, float, float | None]]  # name, unit, total, target
    money_spent: float
    annex1: list[list[str] | str]  # rows (str = section row)
    annex2: list[list[str]]
    flat: list[dict[str, Any]]  # one row per task × unit × occurrence in the period
    scores: list[CriterionScore]
    evidence: list[str]
    task_counts: dict[str, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"Kết quả công tác tuyên truyền cải cách hành chính {self.period_phrase}"

    @property
    def period_phrase(self) -> str:
        name = self.period.name
        return name[0].lower() + name[1:] if name else ""


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def build_report(store, plan_id: int, period: Period, today: date | None = None,  # noqa: ANN001
                 texts: ReportTexts | None = None) -> PeriodicReport:  # fmt: skip
    today = today or date.today()
    plan = store.plan(plan_id)
    office = store.office()
    header = ReportHeader.from_data(store.setting("report_header"))
    header.place = header.place or (office.place_name if office else "")
    header.governing_body = header.governing_body or (
        office.governing_body if office else plan.governing_body
    )
    header.issuing_body = header.issuing_body or (office.name if office else plan.issuing_body)
    d = build_dashboard(store, plan_id, period, today)
    forms = {t.code: t for t in store.terms("forms")}
    indicators = {t.code: t for t in store.terms("indicators")}
    numbers = store.task_numbers(plan_id)
    tasks = {t.id: t for t in store.tasks(plan_id)}
    section_titles = {s.id: s for s in store.sections(plan_id)}

    # Phụ lục I: every task with its status in the period (task status derives from occurrences)
    per_task: dict[int, list] = {}
    for r in d.rows:
        per_task.setdefault(r.task_id, []).append(r)
    task_buckets = {
        tid: task_bucket(d.buckets[r.id] for r in rows) for tid, rows in per_task.items()
    }
    annex1: list[list[str] | str] = []
    from cchc_desktop.core.numbering import section_number

    sec_numbers: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for s in store.sections(plan_id):
        counters[s.parent_id] = counters.get(s.parent_id, 0) + 1
        parent = sec_numbers.get(s.parent_id, "") if s.parent_id else ""
        sec_numbers[s.id] = (
            f"{parent}.{counters[s.parent_id]}"
            if parent
            else section_number([counters[s.parent_id]])
        )
    current_section = None
    ordered = sorted(
        tasks.values(),
        key=lambda t: (
            list(section_titles).index(t.section_id) if t.section_id in section_titles else -1,
            t.position,
        ),
    )
    for t in ordered:
        if t.section_id != current_section:
            current_section = t.section_id
            if t.section_id in section_titles:
                annex1.append(f"{sec_numbers[t.section_id]}. {section_titles[t.section_id].title}")
        rows = per_task.get(t.id, [])
        results = "; ".join(dict.fromkeys(r.description for r in rows if r.description))
        status = (
            BUCKET_NAMES[task_buckets[t.id]] if t.id in task_buckets else "Chưa đến hạn trong kỳ"
        )
        annex1.append([
            numbers.get(t.id, ""), t.content, "; ".join(x.name for x in t.lead), "; ".join(x.name for x in t.coordinating),
            t.timeline, t.product, results, status,
        ])  # fmt: skip
    annex2 = []
    for i, u in enumerate(d.by_unit, 1):
        c = count_buckets(d.buckets[r.id] for r in d.rows_of_unit(u.unit_id))
        annex2.append(
            [str(i), u.unit_name, str(u.total), *(str(c[b]) for b in BUCKETS), _pct(u.rate)]
        )

    flat = []
    for r in d.rows:
        row = {
            "Năm": plan.year, "Kỳ": period.code, "STT nhiệm vụ": r.task_number, "Nhiệm vụ": r.task_content,
            "Đơn vị": r.unit_name, "Vai trò": ROLES.get(r.role, r.role), "Hạn": r.due,
            "Tình trạng": BUCKET_NAMES[d.buckets[r.id]], "Ngày hoàn thành": r.completed_on,
            "Kết quả": r.description,
        }  # fmt: skip
        for code, term in indicators.items():
            row[term.name] = r.values.get(code)
        flat.append(row)

    forms_used = {code for code, n in d.by_form.items() if n}
    scores = score(
        d.rate, forms_used, {c: t.group for c, t in forms.items()}, store.setting("score_rules")
    )
    evidence = [
        f"Kế hoạch số {plan.number or '…'} ngày {fmt_date(plan.issued_on) or '…'}: {plan.title}",
        f"Báo cáo này ({period.name}): {d.counts['done_on_time'] + d.counts['done_late']}/{len(d.rows)} lần thực hiện hoàn thành",
    ]
    n_files = store.db.execute(
        "SELECT COUNT(*) FROM evidence e JOIN results r ON r.id = e.result_id JOIN occurrences o ON o.id = r.occurrence_id "
        "JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = ? AND o.due BETWEEN ? AND ?",
        [plan_id, period.start.isoformat(), period.end.isoformat()]).fetchone()[0]  # fmt: skip
    evidence.append(f"{n_files} tệp, đường dẫn minh chứng kèm theo kết quả của các đơn vị")

    report = PeriodicReport(
        office_name=header.issuing_body, governing_body=header.governing_body, plan_title=plan.title,
        plan_number=plan.number, plan_date=plan.issued_on, year=plan.year, period=period, cutoff=d.cutoff,
        report_date=today, header=header, texts=texts or ReportTexts(), counts=d.counts, rate=d.rate,
        total=len(d.rows),
        forms=[(forms[c].name if c in forms else c, n) for c, n in sorted(d.by_form.items(), key=lambda kv: -kv[1])],
        indicators=[(indicators[c].name, indicators[c].unit, d.totals.get(c, 0), d.targets.get(c))
                    for c in indicators if c in d.totals or c in d.targets],
        money_spent=d.totals.get("kinh_phi", 0), annex1=annex1, annex2=annex2, flat=flat, scores=scores,
        evidence=evidence, task_counts=count_buckets(task_buckets.values()),
    )  # fmt: skip
    if texts is None:
        report.texts = generated_texts(report, store, plan_id, today)
    return report


def generated_texts(r: PeriodicReport, store, plan_id: int, today: date) -> ReportTexts:  # noqa: ANN001
    done = r.counts["done_on_time"] + r.counts["done_late"]
    plan_ref = (
        f"Kế hoạch số {r.plan_number} ngày {fmt_date(r.plan_date)}" if r.plan_number else "Kế hoạch"
    )
    issuance = (
        f"Thực hiện {plan_ref} của {r.office_name} về {r.plan_title[0].lower() + r.plan_title[1:]}, "
        f"{r.office_name} đã triển khai đến các cơ quan, đơn vị và UBND các xã, thị trấn; các đơn vị "
        f"được giao nhiệm vụ đã xây dựng kế hoạch cụ thể và tổ chức thực hiện. "
        f"Trong kỳ có {fmt_number(r.total)} lượt nhiệm vụ đến hạn của các đơn vị."
    )
    top_forms = (
        ", ".join(name[:1].lower() + name[1:] for name, _ in r.forms[:5])
        or "các hình thức truyền thống"
    )
    results = (
        f"Đến ngày {fmt_date(r.cutoff)}, đã hoàn thành {fmt_number(done)}/{fmt_number(r.total)} lượt nhiệm vụ (đạt {_pct(r.rate)}), "
        f"trong đó hoàn thành đúng hạn {fmt_number(r.counts['done_on_time'])}, hoàn thành quá hạn {fmt_number(r.counts['done_late'])}; "
        f"đang thực hiện trong hạn {fmt_number(r.counts['in_progress'])}; quá hạn chưa hoàn thành {fmt_number(r.counts['overdue'])}; "
        f"không thực hiện {fmt_number(r.counts['not_done'])}. Các hình thức được sử dụng nhiều: {top_forms}."
    )
    overdue_units = sorted({row[1] for row in r.annex2 if row[6] != "0"})
    shortcomings = (
        "Một số nhiệm vụ chưa hoàn thành đúng thời hạn" + (f", tập trung ở: {', '.join(overdue_units[:6])}" if overdue_units else "")
        + ". Nguyên nhân: kinh phí cho công tác tuyên truyền còn hạn chế; một số đơn vị chưa bố trí cán bộ theo dõi, "
        "báo cáo kết quả chưa kịp thời."
    ) if r.counts["overdue"] or r.counts["not_done"] else "Không có nhiệm vụ quá hạn trong kỳ."  # fmt: skip
    upcoming = [
        row for row in store.occurrence_rows(plan_id, start=r.cutoff + timedelta(days=1), end=r.cutoff + timedelta(days=92),
                                             include_undated=False)
        if row.status != "done"
    ]  # fmt: skip
    names = list(dict.fromkeys(f"{row.task_number}. {row.task_content}" for row in upcoming))
    next_tasks = (
        "Tiếp tục thực hiện các nhiệm vụ theo Kế hoạch, trong đó tập trung: "
        + "; ".join(names[:8])
        + "."
        if names
        else "Tiếp tục thực hiện các nhiệm vụ thường xuyên theo Kế hoạch."
    ) + (
        f" Khắc phục {fmt_number(r.counts['overdue'])} lượt nhiệm vụ quá hạn."
        if r.counts["overdue"]
        else ""
    )
    proposals = (
        "Đề nghị Sở Nội vụ tiếp tục tổ chức tập huấn nghiệp vụ tuyên truyền cải cách hành chính; "
        "quan tâm bố trí kinh phí cho các hình thức tuyên truyền ứng dụng công nghệ thông tin."
    )
    return ReportTexts(issuance, results, shortcomings, next_tasks, proposals)


def indicator_line(name: str, unit: str, total: float, target: float | None) -> str:
    target_s = f" / chỉ tiêu {fmt_number(target)}" if target else ""
    return f"{name}: {fmt_number(total)} {unit}{target_s}"
