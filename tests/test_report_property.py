"""Property tests of the periodic report (issue 15): for random data the report's figures are a
recount of the raw rows by the rules, and its text, its tables and its Dữ liệu sheet agree.

The recount below is written from the rules in ``core.report_rules`` (module docstring), on
purpose naively, without any of ``count_report``'s helpers (only ``core.status.bucket``, the
one-occurrence status, is shared).  The rules, in words:

1. **Coverage.** A report names an occurrence when it has a due date, was not set aside by a
   timeline change (detached), and either its due date falls in the period's calendar span
   (Quý I 1/1–31/3, 6 tháng 1/1–30/6, Quý III 1/7–30/9, 9 tháng 1/1–30/9, Năm 1/1–31/12, a
   custom range its own dates), or it fell due earlier in the same year (1 January or later)
   and was still open when the period's data window began (15/12 of the previous year for
   Quý I, 6 tháng, 9 tháng and Năm; 15/6 for Quý III; the first day of a custom range).
   “Open” means: no result, or in progress, or done on or after that day; a result “không
   thực hiện”, and a done result without a date, are not open.  Such an occurrence is
   “carried over”; nothing is both in the span and carried over.
2. **Status** of each named occurrence is ``bucket(due, status, completed_on, data_date)``.
3. **Who counts for the task.** A lead unit's occurrence counts; a coordinating unit's counts
   only for a task that has no lead unit at all.
4. **Task status**: from its counted occurrences in the report: done when every one is done
   (late when any was late, else on time); otherwise overdue when any is overdue; otherwise in
   progress when any is in progress; otherwise not carried out.  A task counts in the report
   when it has at least one counted occurrence there; its per-unit figure applies the same rule
   to each counted unit's occurrences; it is “carried over” when all of them are.
5. **Shares** are the counted occurrences by status, in total and per unit (Phụ lục II); a
   unit's other named occurrences are its “lượt phối hợp”.
6. **Known at the data date**: a result counts for quantities unless it is done with a
   completion date after the data date (it waits for the next report).
7. **Period quantity** of an indicator: the sum over counted, named, known occurrences (any
   status); “no figure” (None) when none of them carries the indicator — never 0.
8. **Running total** (lũy kế năm): the sum over counted, known, not detached occurrences due
   from 1 January to the span's end, whether the report names them or not.
9. **Coordinating figure**: the sum over named, known occurrences that do not count for the
   task (shown apart, never added to the above).
10. **Targets**: as given; the plan's budget, when not 0, is the target of ``kinh_phi``.
11. **Money** (``kinh_phi``) follows rule 7: None when no counted line carries it.

The second test builds random offices through the Store, exports the report and recounts its
Dữ liệu sheet: its rows are exactly the occurrences rule 1 names, with rule 2's status and the
carried-over mark; counted rows (rule 3: “Chủ trì” rows, and the rows of a task that has no
lead unit) grouped by task give the task counts (rule 4), grouped by unit give Phụ lục II with
its total row, and an indicator column summed over counted rows whose “Ngày hoàn thành” is not
after “Tính đến ngày” gives the period quantity; these equal ``build_report``'s figures, the
headline and status sentences and the status table of the “Báo cáo” sheet, Phụ lục I and II
as written, and the PDF text.

The last tests keep minimal examples of disagreements this test once found, fixed since: the
Dữ liệu sheet could not tell which “Phối hợp” rows count (a task with no lead unit), and the
roll-up counted what the office's report does not (results completed after the data date;
coordinating rows as shares).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import Period, custom_period, parse_period_code
from cchc_desktop.core.report_rules import Line, count_report
from cchc_desktop.core.status import BUCKET_NAMES, bucket
from cchc_desktop.reports.document_office import figure
from cchc_desktop.reports.exports import export_report_files
from cchc_desktop.reports.periodic import build_report
from cchc_desktop.store.store import Store

FIVE = ("done_on_time", "done_late", "in_progress", "overdue", "not_done")
DONE = ("done_on_time", "done_late")
CODES = ("tin_bai", "hoi_nghi", "kinh_phi")
YEAR_START = date(2023, 1, 1)
# code: (the day the data window begins, the calendar span) — Nghị định 09/2019, whole months
STANDARD = {
    "2023-Q1": (date(2022, 12, 15), date(2023, 1, 1), date(2023, 3, 31)),
    "2023-H1": (date(2022, 12, 15), date(2023, 1, 1), date(2023, 6, 30)),
    "2023-Q3": (date(2023, 6, 15), date(2023, 7, 1), date(2023, 9, 30)),
    "2023-9M": (date(2022, 12, 15), date(2023, 1, 1), date(2023, 9, 30)),
    "2023-Y": (date(2022, 12, 15), date(2023, 1, 1), date(2023, 12, 31)),
}
EDGES = [date(2022, 12, 15), date(2022, 12, 31)] + [
    date(2023, m, d)
    for m, d in ((1, 1), (3, 14), (3, 15), (3, 31), (4, 1), (6, 14), (6, 15), (6, 30), (7, 1),
                 (9, 14), (9, 15), (9, 30), (10, 1), (12, 14), (12, 15), (12, 31))
]  # fmt: skip
TODAY = date(2024, 1, 10)  # after every period: the data date is the cut-off


def window_and_span(period: Period) -> tuple[date, date, date]:
    if period.code == "custom":
        return period.start, period.start, period.end
    return STANDARD[period.code]


# -- the naive recount ---------------------------------------------------------------------------
def task_rule(buckets: list[str]) -> str:
    """Rule 4 in plain words."""
    if not buckets:
        return "in_progress"
    if all(b in DONE for b in buckets):
        return "done_late" if "done_late" in buckets else "done_on_time"
    if "overdue" in buckets:
        return "overdue"
    if "in_progress" in buckets:
        return "in_progress"
    return "not_done"


def add_values(into: dict[str, float], values: dict[str, float]) -> None:
    for code, v in values.items():
        into[code] = into.get(code, 0) + v


@dataclass
class Recount:
    named: dict[int, tuple[str, bool]] = field(default_factory=dict)  # occ id -> bucket, carried
    counted: set[int] = field(default_factory=set)  # occ ids that count for their task
    tasks: dict[int, dict] = field(default_factory=dict)
    task_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIVE, 0))
    share_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIVE, 0))
    units: dict[int, tuple[dict[str, int], int]] = field(default_factory=dict)
    forms: dict[str, int] = field(default_factory=dict)
    period: dict[str, float] = field(default_factory=dict)
    ytd: dict[str, float] = field(default_factory=dict)
    coordinating: dict[str, float] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)


def recount(lines: list[Line], period: Period, data_date: date, targets: dict[str, float],
            money_planned: int) -> Recount:  # fmt: skip
    window_start, span_start, span_end = window_and_span(period)
    out = Recount()
    has_lead = {ln.task_id for ln in lines if ln.role == "lead"}

    def counts(ln: Line) -> bool:  # rule 3
        return ln.role == "lead" or ln.task_id not in has_lead

    def open_when_window_began(ln: Line) -> bool:  # rule 1
        if ln.status == "not_done":
            return False
        if ln.status == "done":
            return ln.completed_on is not None and ln.completed_on >= window_start
        return True

    def known(ln: Line) -> bool:  # rule 6
        late_news = ln.status == "done" and ln.completed_on is not None
        return not (late_news and ln.completed_on > data_date)

    for ln in lines:
        if ln.detached or ln.due is None:
            continue
        if counts(ln) and known(ln) and YEAR_START <= ln.due <= span_end:  # rule 8
            add_values(out.ytd, ln.values)
        if span_start <= ln.due <= span_end:
            carried = False
        elif YEAR_START <= ln.due < span_start and open_when_window_began(ln):
            carried = True
        else:
            continue
        out.named[ln.occurrence_id] = (bucket(ln.due, ln.status, ln.completed_on, data_date),
                                       carried)  # fmt: skip
        if counts(ln):
            out.counted.add(ln.occurrence_id)

    by_unit: dict[int, list[Line]] = defaultdict(list)
    by_task: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        if ln.occurrence_id in out.named:
            by_unit[ln.unit_id].append(ln)
            by_task[ln.task_id].append(ln)
    for uid, uls in by_unit.items():
        c = dict.fromkeys(FIVE, 0)
        for ln in uls:
            if ln.occurrence_id in out.counted:
                c[out.named[ln.occurrence_id][0]] += 1
        out.units[uid] = (c, sum(1 for ln in uls if ln.occurrence_id not in out.counted))
    for ln in lines:
        if ln.occurrence_id not in out.named:
            continue
        b = out.named[ln.occurrence_id][0]
        values = ln.values if known(ln) else {}
        if ln.occurrence_id in out.counted:
            out.share_counts[b] += 1
            add_values(out.period, values)
            if b in DONE:
                for f in ln.forms:
                    out.forms[f] = out.forms.get(f, 0) + 1
        else:
            add_values(out.coordinating, values)
    for tid, tls in by_task.items():
        own = [ln for ln in tls if ln.occurrence_id in out.counted]
        if not own:
            continue
        per_unit: dict[int, list[str]] = defaultdict(list)
        shares = dict.fromkeys(FIVE, 0)
        values: dict[str, float] = {}
        coordinating: dict[str, dict[str, float]] = {}
        for ln in tls:
            b = out.named[ln.occurrence_id][0]
            if ln.occurrence_id in out.counted:
                per_unit[ln.unit_id].append(b)
                shares[b] += 1
                add_values(values, ln.values if known(ln) else {})
            else:
                add_values(coordinating.setdefault(ln.unit_name, {}),
                           ln.values if known(ln) else {})  # fmt: skip
        units = dict.fromkeys(FIVE, 0)
        for bs in per_unit.values():
            units[task_rule(bs)] += 1
        status = task_rule([out.named[ln.occurrence_id][0] for ln in own])
        out.tasks[tid] = {
            "status": status,
            "carried": all(out.named[ln.occurrence_id][1] for ln in own),
            "units": units, "shares": shares, "values": values, "coordinating": coordinating,
        }  # fmt: skip
        out.task_counts[status] += 1
    out.targets = dict(targets)
    if money_planned:
        out.targets["kinh_phi"] = float(money_planned)
    return out


# -- 1. count_report against the recount ----------------------------------------------------------
def some_date(lo: date, hi: date) -> st.SearchStrategy[date]:
    return st.one_of(st.sampled_from([d for d in EDGES if lo <= d <= hi] or [lo]), st.dates(lo, hi))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    if draw(st.integers(0, 5)) == 0:
        a, b = (
            draw(some_date(YEAR_START, date(2023, 12, 31))),
            draw(some_date(YEAR_START, date(2023, 12, 31))),
        )
        return custom_period(min(a, b), max(a, b))
    return parse_period_code(draw(st.sampled_from(sorted(STANDARD))))


values_st = st.dictionaries(st.sampled_from(CODES), st.integers(0, 5), max_size=3)


@st.composite
def line_sets(draw: st.DrawFn) -> list[Line]:
    n_tasks, n_units = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    lines = []
    for tid in range(1, n_tasks + 1):
        roles = draw(st.dictionaries(st.integers(1, n_units),
                                     st.sampled_from(("lead", "coordinating")), min_size=1))  # fmt: skip
        dues = draw(st.lists(st.one_of(st.none(), some_date(date(2022, 12, 1), date(2023, 12, 31))),
                             min_size=1, max_size=3))  # fmt: skip
        forms = tuple(draw(st.sets(st.sampled_from(("loa", "pano")), max_size=2)))
        for uid, role in sorted(roles.items()):
            for due in dues:
                status = draw(st.sampled_from((None, "done", "done", "in_progress", "not_done")))
                completed = None
                if status == "done":
                    anchor = due or date(2023, 6, 30)
                    completed = draw(st.one_of(
                        st.none(),
                        st.integers(-30, 60).map(lambda k, a=anchor: a + timedelta(days=k)),
                        some_date(date(2022, 12, 1), date(2024, 1, 31)),
                    ))  # fmt: skip
                lines.append(Line(
                    len(lines) + 1, tid, uid, f"Đơn vị {uid}", role, due, status, completed,
                    draw(values_st), forms, detached=draw(st.integers(0, 9)) == 0,
                ))  # fmt: skip
    return lines


def _figures_as_recount(fig) -> Recount:
    out = Recount()
    for c in fig.lines:
        out.named[c.line.occurrence_id] = (c.bucket, c.carried)
        if c.counts_for_task:
            out.counted.add(c.line.occurrence_id)
    for tid, t in fig.tasks.items():
        out.tasks[tid] = {"status": t.status, "carried": t.carried, "units": t.units,
                          "shares": t.shares, "values": t.values,
                          "coordinating": t.coordinating}  # fmt: skip
    out.task_counts, out.share_counts = dict(fig.task_counts), dict(fig.share_counts)
    out.units = {u.unit_id: (dict(u.counts), u.coordinating) for u in fig.units}
    out.forms = dict(fig.forms)
    for code, i in fig.indicators.items():
        for name in ("period", "ytd", "coordinating", "targets"):
            value = {"period": i.period, "ytd": i.year_to_date, "coordinating": i.coordinating,
                     "targets": i.year_target}[name]  # fmt: skip
            if value is not None:
                getattr(out, name)[code] = value
    return out


@settings(max_examples=400, deadline=None, database=None)
@given(data=st.data(), lines=line_sets(), period=periods(),
       targets=st.dictionaries(st.sampled_from(CODES[:2]), st.integers(1, 9), max_size=2),
       money_planned=st.sampled_from((0, 0, 5_000_000)))  # fmt: skip
def test_count_report_equals_a_naive_recount(
    data: st.DataObject, lines: list[Line], period: Period, targets: dict, money_planned: int
) -> None:
    """count_report's coverage, statuses, task and share counts, per-unit and per-task figures,
    forms, period quantities, running totals, coordinating totals, targets and money are the
    naive recount; and the invariants hold."""
    window_start, span_start, span_end = window_and_span(period)
    assert period.span == (span_start, span_end) and period.start == window_start
    data_date = data.draw(st.one_of(
        st.sampled_from([period.end, span_end, span_start, TODAY]),
        st.dates(span_start - timedelta(days=20), span_end + timedelta(days=45)),
    ), label="data_date")  # fmt: skip
    fig = count_report(lines, period, data_date, targets, money_planned)
    got, want = _figures_as_recount(fig), recount(lines, period, data_date, targets, money_planned)

    assert got.named == want.named
    assert got.counted == want.counted
    assert got.task_counts == want.task_counts
    assert got.share_counts == want.share_counts
    assert got.units == want.units
    assert got.tasks == want.tasks
    assert got.forms == want.forms
    assert got.period == want.period
    assert got.ytd == want.ytd
    assert got.coordinating == want.coordinating
    assert got.targets == want.targets
    if not any(
        "kinh_phi" in ln.values and ln.occurrence_id in want.counted
        and not (ln.status == "done" and ln.completed_on and ln.completed_on > data_date)
        for ln in lines
    ):  # fmt: skip
        assert fig.money.period is None  # never 0 where nobody entered a figure

    # invariants
    tasks_with_a_counted_line = {ln.task_id for ln in lines if ln.occurrence_id in want.counted}
    assert fig.tasks_total == len(tasks_with_a_counted_line)
    assert fig.shares_total == sum(u.total for u in fig.units) == len(want.counted)
    assert set(fig.task_counts) == set(fig.share_counts) == set(FIVE)
    assert {t.status for t in fig.tasks.values()} <= set(FIVE)
    assert {c.bucket for c in fig.lines} <= set(FIVE)
    seen = [c.line.occurrence_id for c in fig.lines]
    assert len(seen) == len(set(seen))  # one row per occurrence
    for c in fig.lines:
        in_span = span_start <= c.line.due <= span_end
        assert in_span != c.carried  # never both in the span and carried over
    for code, i in fig.indicators.items():
        if i.period is not None:  # the period's named lines are part of the year so far
            assert i.year_to_date is not None and i.period <= i.year_to_date
        if span_start == YEAR_START:  # a cumulative report: its period is the year so far
            assert i.period == i.year_to_date, code


# -- 2. the exported files against a recount of their Dữ liệu sheet --------------------------------
UNIT_NAMES = ("Phòng Nội vụ", "Phòng Văn hóa", "UBND xã Một", "UBND xã Hai")
TIMELINES = ("Quý I/2023", "Quý III/2023", "Hằng quý", "Hằng tháng", "Tháng 12/2023",
             "Trước ngày 30/6/2023", "Thường xuyên")  # fmt: skip
NAME_TO_BUCKET = {v: k for k, v in BUCKET_NAMES.items()}


def pct(done: int, total: int) -> str:
    return "—" if total == 0 else f"{done / total * 100:.1f}%".replace(".", ",")


def _day(v: object) -> date | None:
    return v.date() if isinstance(v, datetime) else v  # type: ignore[return-value]


def build_office(data: st.DataObject, path: Path) -> tuple[Store, int, set[str]]:
    """A random small office: 2–4 units (the last two, or both, a group), 3–6 tasks with random
    timelines, lead and coordinating units, targets, budget and results.  Returns the store,
    the plan and the tasks with no lead unit."""
    s = Store.open(path)
    s.org.set_office(Office("UBND huyện Mẫu", "UBND tỉnh Mẫu", "Mẫu", "Cán bộ"))
    n_units = data.draw(st.integers(2, 4), label="units")
    units = [s.org.add_unit(name, kind="department") for name in UNIT_NAMES[:n_units]]
    group = s.org.add_group("Các xã", units[-2:])
    refs = [UnitRef("unit", u) for u in units] + [UnitRef("group", group)]
    pid = s.catalogue.add_plan(
        2023, "Tuyên truyền cải cách hành chính năm 2023", number="7/KH-UBND"
    )
    sec = s.catalogue.add_section(pid, "Nhiệm vụ")
    leadless = set()
    for k in range(1, data.draw(st.integers(3, 6), label="tasks") + 1):
        lead = data.draw(st.lists(st.sampled_from(refs), max_size=2, unique=True), label="lead")
        coordinating = data.draw(st.lists(st.sampled_from(refs), max_size=2, unique=True),
                                 label="coordinating")  # fmt: skip
        content = f"Nhiệm vụ số {k}"
        if not lead:
            leadless.add(content)
        s.catalogue.add_task(pid, sec, content, lead=lead, coordinating=coordinating,
                   timeline=data.draw(st.sampled_from(TIMELINES), label="timeline"),
                   targets=data.draw(st.dictionaries(st.sampled_from(CODES[:2]),
                                                     st.integers(1, 4), max_size=1)),
                   budget=data.draw(st.sampled_from((0, 0, 10_000_000))))  # fmt: skip
    for r in s.tracking.occurrence_rows(pid):
        kind = data.draw(st.sampled_from(("none", "done", "done", "in_progress", "not_done")))
        if kind == "none":
            continue
        on = None
        if kind == "done":
            on = data.draw(st.one_of(st.integers(-25, 40).map(lambda k, d=r.due: d + timedelta(k)),
                                     st.none()) if r.due else st.none())  # fmt: skip
        s.results.set_result(r.id, kind, on, reason="Chưa bố trí kinh phí" if kind == "not_done" else "",
                     description=f"Kết quả {r.id}",
                     values=data.draw(values_st, label="values"))  # fmt: skip
    return s, pid, leadless


def sheet_recount(rows: list[dict], leadless: set[str], indicator_names: dict[str, str],
                  unit_order: list[str]) -> dict:  # fmt: skip
    """The report's figures from its Dữ liệu sheet alone (plus which tasks have no lead)."""

    def counts(r: dict) -> bool:
        return r["Vai trò"] == "Chủ trì" or r["Nhiệm vụ"] in leadless

    by_task: dict[tuple, list[str]] = defaultdict(list)
    per_unit: dict[str, list[str]] = defaultdict(list)
    coordinating: dict[str, int] = defaultdict(int)
    quantities: dict[str, float] = {}
    for r in rows:
        b = NAME_TO_BUCKET[r["Tình trạng"]]
        if not counts(r):
            coordinating[r["Đơn vị"]] += 1
            per_unit.setdefault(r["Đơn vị"], [])
            continue
        by_task[(r["STT nhiệm vụ"], r["Nhiệm vụ"])].append(b)
        per_unit[r["Đơn vị"]].append(b)
        done_on = _day(r["Ngày hoàn thành"])
        if done_on is None or done_on <= _day(r["Tính đến ngày"]):
            for code, name in indicator_names.items():
                if r[name] is not None:
                    quantities[code] = quantities.get(code, 0) + r[name]
    task_status = {key: task_rule(bs) for key, bs in by_task.items()}
    task_counts = {b: sum(1 for s in task_status.values() if s == b) for b in FIVE}
    share_counts = {b: sum(bs.count(b) for bs in per_unit.values()) for b in FIVE}
    annex2 = []
    for i, name in enumerate(sorted(per_unit, key=unit_order.index), 1):
        bs = per_unit[name]
        c = [bs.count(b) for b in FIVE]
        annex2.append([str(i), name, str(len(bs)), *map(str, c), pct(c[0] + c[1], len(bs)),
                       str(coordinating[name])])  # fmt: skip
    total = sum(share_counts.values())
    annex2.append(["", "Tổng cộng", str(total), *(str(share_counts[b]) for b in FIVE),
                   pct(share_counts["done_on_time"] + share_counts["done_late"], total),
                   str(sum(coordinating.values()))])  # fmt: skip
    return {"task_status": task_status, "task_counts": task_counts,
            "share_counts": share_counts, "annex2": annex2, "quantities": quantities}  # fmt: skip


def status_sentence(c: dict[str, int]) -> str:
    return (f"hoàn thành đúng hạn {c['done_on_time']}, hoàn thành quá hạn {c['done_late']}; "
            f"đang thực hiện trong hạn {c['in_progress']}; quá hạn chưa hoàn thành "
            f"{c['overdue']}; không thực hiện {c['not_done']}")  # fmt: skip


@settings(max_examples=10, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data(), period=periods())
def test_text_tables_and_data_sheet_agree(data: st.DataObject, period: Period) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s, pid, leadless = build_office(data, Path(tmp) / "cchc.sqlite3")
        try:
            _check_exported(data, s, pid, leadless, period, Path(tmp))
        finally:
            s.close()


def _check_exported(data: st.DataObject, s: Store, pid: int, leadless: set[str],
                    period: Period, tmp: Path) -> None:  # fmt: skip
    with_pdf = data.draw(st.integers(0, 2), label="pdf") == 0
    r = build_report(s, pid, period, TODAY, saved_texts=False)
    assert r.data_date == period.end
    exported = export_report_files(s, pid, period, ["xlsx", "pdf"] if with_pdf else ["xlsx"],
                                   tmp, TODAY)  # fmt: skip
    f = r.figures
    assert exported.report.figures.task_counts == f.task_counts
    assert exported.report.figures.share_counts == f.share_counts

    indicator_names = {t.code: t.name for t in s.settings.terms("indicators")}
    xlsx = next(p for p in exported.paths if p.suffix == ".xlsx")
    wb = load_workbook(xlsx)
    sheet = list(wb["Dữ liệu"].iter_rows(values_only=True))
    rows = [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]] if sheet else []

    # the sheet's rows are the occurrences the rules name, each with its status at the data date
    raw = s.tracking.occurrence_rows(pid)
    lines = [Line(o.id, o.task_id, o.unit_id, o.unit_name, o.role, o.due, o.status,
                  o.completed_on, o.values, detached=o.detached) for o in raw]  # fmt: skip
    want = recount(lines, period, r.data_date, {}, 0)
    by_id = {o.id: o for o in raw}
    expected_rows = sorted(
        (by_id[i].task_content, by_id[i].unit_name, by_id[i].due, BUCKET_NAMES[b],
         "x" if carried else "") for i, (b, carried) in want.named.items()
    )  # fmt: skip
    got_rows = sorted(
        (row["Nhiệm vụ"], row["Đơn vị"], _day(row["Hạn"]), row["Tình trạng"],
         row["Chuyển từ kỳ trước"] or "") for row in rows
    )  # fmt: skip
    assert got_rows == expected_rows
    for row in rows:  # what the examples exercised (pytest --hypothesis-show-statistics)
        if row["Chuyển từ kỳ trước"]:
            event("a carried-over row")
        if row["Nhiệm vụ"] in leadless:
            event("a row of a task with no lead unit")
        if (_day(row["Ngày hoàn thành"]) or date.min) > r.data_date:
            event("a row completed after the data date")
    assert all(_day(row["Tính đến ngày"]) == r.data_date for row in rows)

    # recount of the sheet == build_report's figures
    got = sheet_recount(rows, leadless, indicator_names, list(UNIT_NAMES))
    assert got["task_counts"] == f.task_counts
    assert got["share_counts"] == f.share_counts
    assert got["annex2"] == r.annex2
    assert got["quantities"] == {
        code: i.period for code, i in f.indicators.items() if i.period is not None
    }
    if "kinh_phi" not in got["quantities"]:
        assert r.money.period is None

    # the Báo cáo sheet: headline sentence and status table
    done, total = f.task_counts["done_on_time"] + f.task_counts["done_late"], f.tasks_total
    headline = f"đã hoàn thành {done}/{total} nhiệm vụ"
    shares_done = got["share_counts"]["done_on_time"] + got["share_counts"]["done_late"]
    shares_line = f"hoàn thành {shares_done}/{sum(got['share_counts'].values())} lượt"
    report_sheet = [row for row in wb["Báo cáo"].iter_rows(values_only=True)]
    text = " ".join(" ".join(str(v) for v in row if v is not None) for row in report_sheet)
    assert headline in text and status_sentence(got["task_counts"]) in text
    assert shares_line in text
    top = next(i for i, row in enumerate(report_sheet) if row[0] == "Tình trạng")
    table = [[row[0], row[2], row[3], row[4]] for row in report_sheet[top + 1 : top + 7]]
    assert table == [  # figures stored as numbers (issue 16), read back as the text says them
        *([BUCKET_NAMES[b], got["task_counts"][b], figure(pct(got["task_counts"][b], total))[0],
           got["share_counts"][b]] for b in FIVE),
        ["Tổng số (tỷ lệ hoàn thành)", total, figure(pct(done, total))[0],
         f"{sum(got['share_counts'].values())} "
         f"({pct(shares_done, sum(got['share_counts'].values()))})"],
    ]  # fmt: skip

    # Phụ lục I: one row per counted task, with the status the sheet's rows give
    annex1 = {
        row[1]: row[7]
        for row in wb["Phụ lục I"].iter_rows(min_row=6, values_only=True)
        if row[1] is not None and row[7] is not None
    }
    assert annex1 == {content: BUCKET_NAMES[b] for (_, content), b in got["task_status"].items()}
    # Phụ lục II: the sheet as written equals the recount
    annex2 = [
        ["" if v is None else v for v in row[:10]]
        for row in wb["Phụ lục II"].iter_rows(min_row=6, values_only=True)
        if row[1] is not None
    ]
    assert annex2 == [[figure(v)[0] for v in row] for row in got["annex2"]]

    if with_pdf:
        pdf = next(p for p in exported.paths if p.suffix == ".pdf")
        words = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
        assert headline in words
        assert status_sentence(got["task_counts"]) in words
        if r.money.period is None and r.money.year_to_date is None:
            assert "Kinh phí đã sử dụng cho công tác tuyên truyền: chưa có số liệu" in words


# -- disagreements found: minimal examples, kept failing until the program changes ---------------
def _tiny_office(
    path: Path, tasks: list[tuple[str, str, list[int], list[int]]]
) -> tuple[Store, int, list[int]]:
    """Units A (Phòng Nội vụ) and B (Phòng Văn hóa); ``tasks`` are (content, timeline, lead
    indexes, coordinating indexes)."""
    s = Store.open(path)
    s.org.set_office(Office("UBND huyện Mẫu", "UBND tỉnh Mẫu", "Mẫu", "Cán bộ"))
    units = [s.org.add_unit(n, kind="department") for n in UNIT_NAMES[:2]]
    pid = s.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    sec = s.catalogue.add_section(pid, "Nhiệm vụ")
    for content, timeline, lead, coordinating in tasks:
        s.catalogue.add_task(pid, sec, content, timeline=timeline,
                   lead=[UnitRef("unit", units[i]) for i in lead],
                   coordinating=[UnitRef("unit", units[i]) for i in coordinating])  # fmt: skip
    return s, pid, units


def test_a_task_without_lead_recounts_from_the_data_sheet(tmp_path: Path) -> None:
    """A task with no lead unit is judged on its coordinating units: the Dữ liệu sheet marks
    those rows “Tính vào tổng”, so the sheet alone recounts the report."""
    s, pid, _ = _tiny_office(tmp_path / "cchc.sqlite3",
                                   [("Không có chủ trì", "Quý I/2023", [], [0])])  # fmt: skip
    (occ,) = s.tracking.occurrence_rows(pid)
    s.results.set_result(occ.id, "done", date(2023, 3, 10), values={"tin_bai": 2})
    exported = export_report_files(s, pid, parse_period_code("2023-Q1"), ["xlsx"], tmp_path, TODAY)
    f = exported.report.figures
    assert (f.tasks_total, f.shares_total, f.indicators["tin_bai"].period) == (1, 1, 2)
    sheet = list(load_workbook(exported.paths[0])["Dữ liệu"].iter_rows(values_only=True))
    rows = [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    counted = [r for r in rows if r["Tính vào tổng"] == "x"]
    # Phụ lục II: Phòng Nội vụ, 1 lượt chủ trì; the sheet: one 'Phối hợp' row, counted
    assert exported.report.annex2[0][1:3] == ["Phòng Nội vụ", "1"]
    assert [r["Vai trò"] for r in counted] == ["Phối hợp"] and len(counted) == f.shares_total
    s.close()


def test_rollup_quantities_equal_the_reports(tmp_path: Path) -> None:
    """The roll-up leaves out, as the office's report does, figures of results completed after
    the report's data date."""
    from cchc_desktop.exchange.rollup import rollup

    s, pid, _ = _tiny_office(tmp_path / "cchc.sqlite3",
                             [("Bài báo", "Trước ngày 30/6/2023", [1], [])])  # fmt: skip
    (occ,) = s.tracking.occurrence_rows(pid)
    s.results.set_result(occ.id, "done", date(2023, 6, 20), values={"tin_bai": 3})  # after 14/6
    exported = export_report_files(s, pid, parse_period_code("2023-H1"), ["xlsx"], tmp_path, TODAY)
    f = exported.report.figures
    assert "tin_bai" not in f.indicators  # no figure yet: it waits for the next report
    summary = rollup(exported.paths, tmp_path / "tong_hop.xlsx")["summary"][0]
    assert summary["totals"]["Tin, bài"] == 0
    s.close()


def test_rollup_shares_equal_the_reports(tmp_path: Path) -> None:
    """The roll-up's shares and rate are the office's: coordinating rows are not shares."""
    from cchc_desktop.exchange.rollup import rollup

    s, pid, _ = _tiny_office(tmp_path / "cchc.sqlite3",
                             [("Hội nghị", "Quý I/2023", [0], [1])])  # fmt: skip
    lead = next(o for o in s.tracking.occurrence_rows(pid) if o.role == "lead")
    s.results.set_result(lead.id, "done", date(2023, 2, 20))
    exported = export_report_files(s, pid, parse_period_code("2023-Q1"), ["xlsx"], tmp_path, TODAY)
    f = exported.report.figures
    assert (f.shares_total, f.share_rate) == (1, 1.0)
    summary = rollup(exported.paths, tmp_path / "tong_hop.xlsx")["summary"][0]
    assert (summary["shares"], summary["rate"]) == (f.shares_total, f.share_rate)
    s.close()
