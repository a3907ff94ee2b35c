"""The plan's own sections, pre-filled from the office's data, and years moved for next year.

The sections follow the plans offices issue: Nội dung tuyên truyền (the topics), Hình thức by
audience, Tổ chức thực hiện unit by unit (“Đề nghị …” for the bodies the office cannot order),
the duty to report (what, when, to whom), the closing paragraph, and the line of a Quyết định
that issues the plan.  Every default is built from the data (the office, its units and groups,
the plan's tasks, its forms and audiences, its reporting periods) with wording of our own; the
officer edits each one and the edit is kept with the plan.

Copying a plan into the next year moves only the plan's own years: a cited document
(“Nghị quyết số 76/NQ-CP ngày 15/7/2021”), a span (“giai đoạn 2021-2030”) or a target year
(“đến năm 2030”) never moves.

Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from cchc_desktop.core.models import Office, PlanDuty, Task, Unit, UnitGroup
from cchc_desktop.core.office_profile import one_line, resolved
from cchc_desktop.core.taxonomy import Term

# -- next year's plan: which years move ----------------------------------------------------------
_ANY_YEAR = re.compile(r"(?<!\d)(?:(\d{1,2})[/.-](\d{1,2})[/.-])?(19\d\d|2[01]\d\d)(?![\d/])")
_SPAN_BEFORE = re.compile(r"(?:19|20|21)\d\d\s*[-–—]\s*$")
_SPAN_AFTER = re.compile(r"^\s*[-–—]\s*(?:19|20|21)\d\d")
_CITED = re.compile(r"\bsố\s*:?\s*\d+[^\s,;]*/", re.IGNORECASE)  # “số 25/KH-UBND”, “số 02-NQ/TU”
_LAW = re.compile(r"\b(Luật|Bộ luật|Hiến pháp)\b[^;.]*\bnăm\s*$", re.IGNORECASE)
_TARGET = re.compile(r"\b(đến|tới|tầm nhìn|giai đoạn|từ)\s+(năm\s+)?$", re.IGNORECASE)


def shift_own_years(text: str, year: int, delta: int, any_year: bool = False) -> str:
    """Move the plan's own year (``year``) in ``text`` by ``delta``, and nothing else.

    Moves: ``năm 2023``, ``Quý II/2023``, ``30/6/2023`` (a date of the plan's own work).
    Stays: anything in a clause that cites a document (``Kế hoạch số 25/KH-UBND ngày
    15/02/2023 về … năm 2023``), a span (``giai đoạn 2023-2025``), a target or start year
    (``đến năm 2023``), a law's year (``Luật … năm 2023``), a number (``09/2023/NĐ-CP``), and
    every other year.  ``any_year`` moves every year but those (a timeline is the plan's own:
    ``Tháng 12/2022`` in a 2023 plan becomes ``Tháng 12/2023``).
    """
    if not delta or not text:
        return text

    def repl(m: re.Match[str]) -> str:
        if int(m.group(3)) != year and not any_year:
            return m.group(0)
        before, after = text[: m.start()], text[m.end() :]
        if _SPAN_BEFORE.search(before) or _SPAN_AFTER.match(after):
            return m.group(0)
        clause = re.split(r"[;:()\n]|\.\s", before)[-1]
        if _CITED.search(clause) or _LAW.search(clause) or _TARGET.search(clause[-25:]):
            return m.group(0)
        if m.group(1):  # a date: keep its day and month
            return m.group(0)[:-4] + str(int(m.group(3)) + delta)
        return str(int(m.group(3)) + delta)

    return _ANY_YEAR.sub(repl, text)


# -- defaults of the sections -------------------------------------------------------------------
def default_topics(office: Office | None, year: int) -> str:
    """Nội dung tuyên truyền: the topics plans usually name, in our own words."""
    o = resolved(office)
    name = one_line(o.name) or "cơ quan"
    return "\n".join([
        "- Quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về cải cách hành "
        "chính; Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030 và các "
        f"kế hoạch cải cách hành chính năm {year} của cấp trên và của {name}.",
        "- Thủ tục hành chính và việc giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa "
        "liên thông; công khai, minh bạch thủ tục hành chính tại Bộ phận Tiếp nhận và Trả kết quả.",
        "- Dịch vụ công trực tuyến, thanh toán trực tuyến, tiếp nhận hồ sơ và trả kết quả qua "
        "dịch vụ bưu chính công ích; hướng dẫn người dân, doanh nghiệp sử dụng Cổng Dịch vụ công "
        "quốc gia.",
        "- Xây dựng, phát triển chính quyền điện tử, chính quyền số; chuyển đổi số gắn với cải "
        "cách hành chính.",
        "- Kết quả Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng của người dân, tổ chức "
        "(SIPAS), Chỉ số PAPI, PCI và các giải pháp nâng cao các chỉ số.",
        "- Mô hình hay, cách làm sáng tạo, gương tập thể, cá nhân tiêu biểu trong cải cách hành "
        "chính; phê phán biểu hiện nhũng nhiễu, gây phiền hà cho người dân, doanh nghiệp.",
        "- Quyền, nghĩa vụ của người dân, tổ chức trong việc tham gia, giám sát cải cách hành "
        "chính và phản ánh, kiến nghị về quy định hành chính.",
    ])  # fmt: skip


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def default_forms_text(
    tasks: Sequence[Task], forms: Sequence[Term], audiences: Sequence[Term]
) -> str:
    """Hình thức tuyên truyền by audience, from the forms the plan's tasks use for each audience
    (in the office's order of forms); forms of tasks with no audience are listed for all."""
    form_names = {t.code: t.name for t in forms}
    order = {t.code: i for i, t in enumerate(forms)}
    by_audience: dict[str, set[str]] = {}
    common: set[str] = set()
    for t in tasks:
        if not t.audiences:
            common.update(t.forms)
        for code in t.audiences:
            by_audience.setdefault(code, set()).update(t.forms)
    lines: list[str] = []
    letters = "abcdefghijklmnopqrstuvwxyz"
    chosen = [a for a in audiences if by_audience.get(a.code)]
    for i, a in enumerate(chosen):
        used = sorted(by_audience[a.code] | common, key=lambda c: (order.get(c, len(order)), c))
        names = [_lower(form_names.get(c, c)) for c in used]
        lines.append(f"{letters[i % 26]}) Đối với {_lower(a.name)}: " + "; ".join(names) + ".")
    if not chosen and common:
        used = sorted(common, key=lambda c: (order.get(c, len(order)), c))
        lines.append(
            "Các hình thức: " + "; ".join(_lower(form_names.get(c, c)) for c in used) + "."
        )
    return "\n".join(lines)


def default_duties(office: Office | None, units: Sequence[Unit], groups: Sequence[UnitGroup],
                   tasks: Sequence[Task], numbers: Mapping[int, str]) -> tuple[PlanDuty, ...]:  # fmt: skip
    """Tổ chức thực hiện: the standing unit first (it follows the plan and compiles), then each
    unit or group that leads tasks (with their numbers in the annex), then the mass
    organisations the tasks name, addressed with “Đề nghị”."""
    o = resolved(office, units)
    kinds = {u.id: u.kind for u in units}
    group_kinds = {g.id: {kinds.get(m) for m in g.member_ids} for g in groups}
    lead: dict[tuple[str, int], list[str]] = {}
    coord: dict[tuple[str, int], list[str]] = {}
    names: dict[tuple[str, int], str] = {}
    for t in tasks:
        for role, refs in ((lead, t.lead), (coord, t.coordinating)):
            for r in refs:
                key = (r.kind, r.id)
                names[key] = r.name
                role.setdefault(key, [])
                if numbers.get(t.id) and numbers[t.id] not in role[key]:
                    role[key].append(numbers[t.id])

    def is_request(key: tuple[str, int]) -> bool:
        if key[0] == "unit":
            return kinds.get(key[1]) == "mass_org"
        return group_kinds.get(key[1], set()) == {"mass_org"}

    def nums(values: list[str]) -> str:
        return ", ".join(values[:12]) + (
            f" và {len(values) - 12} nhiệm vụ khác" if len(values) > 12 else ""
        )

    out: list[PlanDuty] = []
    if o.standing_unit:
        out.append(PlanDuty(o.standing_unit, "\n".join([
            "- Tham mưu, hướng dẫn, theo dõi, đôn đốc các cơ quan, đơn vị triển khai thực hiện Kế "
            "hoạch này.",
            f"- Tổng hợp kết quả, tham mưu {one_line(o.name)} báo cáo {o.reports_to} theo quy định."
            if o.reports_to else f"- Tổng hợp kết quả, báo cáo {one_line(o.name)} theo quy định.",
        ])))  # fmt: skip
    position = {("unit", u.id): i for i, u in enumerate(units)}
    position.update({("group", g.id): len(units) + i for i, g in enumerate(groups)})
    keys = sorted(set(lead) | {k for k in coord if is_request(k)},
                  key=lambda k: (is_request(k), position.get(k, 10**6), names[k]))  # fmt: skip
    for key in keys:
        if names[key] == o.standing_unit:
            continue
        request = is_request(key)
        parts = []
        if lead.get(key):
            parts.append(f"- Chủ trì thực hiện các nhiệm vụ số {nums(lead[key])} tại Phụ lục kèm "
                         "theo Kế hoạch này; chủ động xây dựng nội dung, hình thức tuyên truyền phù "
                         "hợp, bảo đảm tiến độ, chất lượng.")  # fmt: skip
        if coord.get(key):
            parts.append(f"- Phối hợp thực hiện các nhiệm vụ số {nums(coord[key])}.")
        if request:
            parts.append("- Lồng ghép tuyên truyền cải cách hành chính trong các hoạt động của tổ "
                         "chức mình; vận động hội viên, đoàn viên và Nhân dân tham gia, giám sát "
                         "việc thực hiện cải cách hành chính.")  # fmt: skip
        else:
            parts.append("- Báo cáo kết quả thực hiện theo quy định tại Kế hoạch này.")
        out.append(PlanDuty(names[key], "\n".join(parts), request))
    return tuple(out)


_PERIOD_WORDS = {"Q1": "quý I", "H1": "6 tháng", "Q3": "quý III", "9M": "9 tháng", "Y": "năm"}


def default_reporting(office: Office | None, units: Sequence[Unit] = (),
                      period_keys: Iterable[tuple[str, int]] = ()) -> str:  # fmt: skip
    """The duty to report: what, at which periods (the office's reporting periods, with their
    cut-off day), to whom."""
    o = resolved(office, units)
    keys = list(period_keys)
    words = [_PERIOD_WORDS.get(k, k) for k, _ in keys] or ["quý", "6 tháng", "9 tháng", "năm"]
    cutoff = {d for _, d in keys}
    day = (
        f" (số liệu tính đến ngày {next(iter(cutoff)):02d} của tháng cuối kỳ)"
        if len(cutoff) == 1
        else ""
    )
    to = o.standing_unit or one_line(o.name)
    via = f"{one_line(o.name)} (qua {o.standing_unit})" if o.standing_unit else to
    upward = f" để tổng hợp, báo cáo {o.reports_to}" if o.reports_to else " để tổng hợp"
    return (
        f"Định kỳ {', '.join(words)}, các cơ quan, đơn vị được giao nhiệm vụ báo cáo kết quả thực "
        f"hiện Kế hoạch{day}, lồng ghép trong báo cáo cải cách hành chính của cơ quan, đơn vị, gửi "
        f"về {via}{upward}."
    )


def default_closing(office: Office | None, units: Sequence[Unit] = (), year: int | None = None,
                    title: str = "") -> str:  # fmt: skip
    o = resolved(office, units)
    name = one_line(o.name)
    what = (
        f"Kế hoạch {_lower(title)}"
        if title
        else f"Kế hoạch tuyên truyền cải cách hành chính năm {year}"
    )
    via = f" (qua {o.standing_unit})" if o.standing_unit else ""
    return (
        f"Trên đây là {what} của {name}. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, "
        f"các cơ quan, đơn vị kịp thời phản ánh về {name}{via} để xem xét, giải quyết./."
    )


def default_decision(office: Office | None, year: int) -> str:
    """“Ban hành kèm theo Quyết định số     /QĐ-… ngày     tháng     năm … của …”, blanks left
    for the clerk as on every document before it is signed."""
    o = resolved(office)
    return (
        f"Ban hành kèm theo Quyết định số       /QĐ-{o.symbol} ngày       tháng       năm {year} "
        f"của {o.head}"
    )


def duties_to_data(duties: Iterable[PlanDuty]) -> list[dict[str, str | bool]]:
    return [{"name": d.name, "text": d.text, "request": bool(d.request)} for d in duties]


def duties_from_data(data: object) -> tuple[PlanDuty, ...] | None:
    if not isinstance(data, list):
        return None
    out = []
    for item in data:
        if isinstance(item, dict) and str(item.get("name") or "").strip():
            out.append(
                PlanDuty(str(item["name"]), str(item.get("text") or ""), bool(item.get("request")))
            )
    return tuple(out)
