"""Reading the timeline wording of a task ("Hằng quý", "Quý II/2023", "02 kỳ/tháng"…).

Plans write "Thời gian thực hiện" as free Vietnamese text.  The program turns it into a rule
with due dates so that it can tell what is due and what is late, but it must never drop or
silently change the words: the original text is kept for printing, and wording it cannot
read comes back as ``unknown`` for the user to set by hand.

Due dates are the end of the named calendar unit (month, quarter, half-year, year) unless a
date is written.  Every date lies in the year the wording names, or the plan's year when it
names none; a span of years ("Giai đoạn 2021-2025") stands for the plan's own year.

Nothing is accepted silently: a wording of several parts ("Quý I/2023 và tháng 9/2023",
"02 kỳ/tháng và các bản tin chuyên đề") is read part by part, and what gives no date (an
event-driven or unread part) or lies outside the plan's year comes back as a warning.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from cchc_desktop.core.numbering import from_roman
from cchc_desktop.core.text import fold, nfc

KINDS: tuple[str, ...] = ("once", "recurring", "ongoing", "event", "unknown")

KIND_NAMES: dict[str, str] = {
    "once": "Một lần",
    "recurring": "Định kỳ",
    "ongoing": "Thường xuyên",
    "event": "Theo sự kiện",
    "unknown": "Chưa đọc được",
}


@dataclass(frozen=True)
class TimelineRule:
    """What a timeline wording means: its kind, its due dates and the words as typed.

    ``warnings`` are what the user should check before trusting the dates (Vietnamese, shown
    with ⚠ in the catalogue): a year other than the plan's, a part of the wording that gives
    no date.  ``unscheduled`` holds the parts of the wording, as typed, that were read but
    give no date (``các bản tin chuyên đề``, ``khi có yêu cầu``): their occurrences are added
    by hand.
    """

    kind: str
    dates: tuple[date, ...]
    text: str
    label: str = ""
    warnings: tuple[str, ...] = ()
    unscheduled: tuple[str, ...] = ()

    @property
    def needs_attention(self) -> bool:
        """Unreadable, or read with a warning: shown with ⚠ for the user to check."""
        return self.kind == "unknown" or bool(self.warnings)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _rule(
    text: str,
    kind: str,
    dates: Iterable[date] = (),
    label: str = "",
    warnings: Iterable[str] = (),
    unscheduled: Iterable[str] = (),
) -> TimelineRule:
    return TimelineRule(
        kind,
        tuple(sorted(set(dates))),
        text,
        label or KIND_NAMES[kind],
        tuple(dict.fromkeys(warnings)),
        tuple(dict.fromkeys(unscheduled)),
    )


def rule_from_dates(text: str, kind: str, dates: Iterable[date]) -> TimelineRule:
    """A rule the user set by hand; the wording stays as it was typed."""
    if kind not in KINDS:
        raise ValueError(f"Loại lịch không hợp lệ: {kind}")
    dates = tuple(sorted(set(dates))) if kind in ("once", "recurring") else ()
    if kind == "once" and len(dates) > 1:
        kind = "recurring"
    return _rule(nfc(text), kind, dates, "Đặt tay: " + KIND_NAMES[kind])


# -- normalising the wording ------------------------------------------------------------------

_YEAR = r"(19\d\d|2[01]\d\d)"
_YEAR_RE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?![\d/])")
_DAY_MONTH_RE = re.compile(r"\d{1,2}/\d{1,2}")
_TOKEN_RE = re.compile(r"[a-z]+|\d+|[-,/&;]")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_BLANKS = frozenset("()[]{}.:!?\"'“”‘’…")  # read as spaces; ";" stays: it joins two timelines


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace() or ch in _BLANKS:
        return " "
    return "-" if ch in _DASHES else fold(ch)


def _normalise(text: str) -> tuple[str, list[int]]:
    """Folded text (no diacritics, lower case, spaces collapsed) with dashes and slashes made
    uniform, and for each of its characters the index in ``text`` of the one it comes from
    (to name a part of the wording in the words as typed)."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            if c == " " and (not out or out[-1] in " /"):
                continue  # no double, leading or after-slash space
            if c == "/" and out and out[-1] == " ":
                out.pop()
                where.pop()
            out.append(c)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _has(f: str, *patterns: str) -> bool:
    return any(re.search(p, f) for p in patterns)


def _spans(f: str, *patterns: str) -> list[tuple[int, int]]:
    """Where any of ``patterns`` matches in ``f`` (empty when none does)."""
    any_of, each = _compiled(patterns)
    if not any_of.search(f):  # the usual case: one search instead of one per pattern
        return []
    return [m.span() for p in each for m in p.finditer(f) if m.end() > m.start()]


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    each = tuple(re.compile(p) for p in patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns)), each


_ONE = r"0*1\s*"
_TWO = r"0*2\s*"
_EVENT = (
    r"theo ke hoach kiem tra", r"khi co yeu cau", r"theo yeu cau", r"theo tung dot",
    r"tung dot", r"khi phat sinh", r"dot xuat", r"theo su kien", r"theo chi dao",
    r"khi co van ban", r"khi co chi dao", r"theo tien do", r"khi co",
)  # fmt: skip
_WEEKLY = (r"\b(hang|moi) tuan\b", r"(lan|ky)/tuan", r"tuan/" + _ONE + r"(lan|ky)")
_FIRST_HALF = (r"6 thang dau nam", r"sau thang dau nam", r"nua dau nam")
_SECOND_HALF = (r"6 thang cuoi nam", r"sau thang cuoi nam", r"nua cuoi nam")
_HALF_YEARLY = (
    r"6 thang/(" + _ONE + r")?(lan|ky)", r"(" + _ONE + r")?(lan|ky)/6 thang",
    r"dinh ky 6 thang", r"\b(hang|moi) 6 thang", r"\b" + _TWO + r"(lan|ky)/nam",
    r"\b(hang|moi) nua nam",
)  # fmt: skip
_TWICE_MONTHLY = (r"\b" + _TWO + r"(lan|ky)/thang", r"\b(hang|moi) nua thang")
_MONTHLY = (
    r"\b(hang|moi) thang\b", r"(?<!\d )(?<!\d)(" + _ONE + r")?(lan|ky|so)/thang",
    r"thang/" + _ONE + r"(lan|ky)", r"\b" + r"12 (lan|ky)/nam",
)  # fmt: skip
_QUARTERLY = (
    r"\b(hang|moi) quy\b", r"(" + _ONE + r")?(lan|ky)/quy", r"quy/" + _ONE + r"(lan|ky)",
    r"\b" + r"0*4 (lan|ky)/nam", r"dinh ky (hang )?quy(?! ?([ivx]+|\d+)\b)",
)  # fmt: skip
_YEARLY = (
    r"\b(hang|moi) nam\b",
    r"\b" + _ONE + r"(lan|ky)/nam",
    r"\bca nam\b",
    r"nam/" + _ONE + r"lan",
)
_PERIODIC = (
    *_WEEKLY, *_FIRST_HALF, *_SECOND_HALF, *_HALF_YEARLY, *_TWICE_MONTHLY, *_MONTHLY,
    *_QUARTERLY, *_YEARLY,
)  # fmt: skip
_YEAR_PARTS = (r"\bdau nam\b", r"\bgiua nam\b", r"\bcuoi nam\b")
_YEAR_PART_ENDS = ((3, "Đầu năm"), (6, "Giữa năm"), (12, "Cuối năm"))
_ONGOING = (r"thuong xuyen", r"lien tuc", r"\b(hang|moi) ngay\b", r"suot (ca )?nam")
_SEPARATORS = {
    "-": "range",
    "den": "range",
    "toi": "range",
    ",": "list",
    "va": "list",
    "&": "list",
    ";": "list",
}
# Two timelines in one cell are joined by these ("Quý I/2023 và tháng 9/2023").
_JOIN_RE = re.compile(r"\s*(?:[,;&]|\b(?:va|hoac)\b)\s*")

# A span of years, "2021-2025", "năm 2022 - 2023", "từ năm 2021 đến năm 2025".
_SPAN = rf"(?<!\d){_YEAR}\s*(?:-|den|toi)\s*(?:(?:den )?(?:het )?nam )?{_YEAR}(?!\d)"
_SPAN_RE = re.compile(_SPAN)
_SPAN_ONLY_RE = re.compile(
    r"[\s,;&-]*(?:(?:trong|ca|suot|thuc hien|giai doan|nam|tu|ke hoach)\s*)*" + _SPAN + r"[\s,;&-]*"
)

# "Năm 2023 và các năm tiếp theo", "Từ năm 2023 trở đi": a span with no end.
_OPEN_SPAN_RE = re.compile(
    r"[\s,;&-]*(?:(?:trong|ca|suot|thuc hien|giai doan|tu|ke hoach)\s*)*nam\s*" + _YEAR
    + r"(?:\s*(?:[,;&-]|\bva\b)?\s*(?:cac|nhung) nam (?:tiep theo|sau(?: do)?|ke tiep)"
    r"|\s*tro di)[\s,;&-]*"
)  # fmt: skip

# "quý, 06 tháng và năm", "Hằng quý, 6 tháng, năm": several periods, each reported on.
_PERIOD_UNIT = (
    r"(?:(?:hang|moi) )?(?:(?P<half>(?:0*6|sau) thang(?! ?(?:\d|dau|cuoi|nua)))"
    r"|(?P<quarter>quy(?! ?(?:[ivx]+|\d+)\b))|(?P<year>(?:ca )?nam(?! ?\d))"
    r"|(?P<month>thang(?! ?\d)))"
)
_PERIOD_LIST_RE = re.compile(
    r"(?<!\d )(?<![a-z\d/])(?<!dau )(?<!giua )(?<!cuoi )(?<!trong )(?:dinh ky )?"
    + _PERIOD_UNIT
    + r"(?:\s*(?:[,;&]|\bva\b)\s*"
    + _PERIOD_UNIT.replace("?P<", "?P<_")  # later units: named apart (re needs unique names)
    + r")+(?![a-z\d/])"
)
_PERIOD_UNIT_RE = re.compile(_PERIOD_UNIT)
_PERIOD_NAMES = {"month": "tháng", "quarter": "quý", "half": "6 tháng", "year": "năm"}

# Words that carry no date of their own: left over around what was read, they are not
# reported as unread ("Trước ngày …", "… (dự kiến)", "Quý I hằng năm").
_FILLER = frozenset({
    "trong", "truoc", "ngay", "tu", "den", "het", "toi", "va", "hoac", "cac", "nhung", "dinh",
    "ky", "thuc", "hien", "du", "kien", "cham", "nhat", "vao", "hoan", "thanh", "xong", "trien",
    "khai", "lan", "bao", "cao", "nam", "giai", "doan", "tiep", "theo", "nay", "cua", "ke",
    "hoach", "lich",
})  # fmt: skip
# Off the ends of a part named in a warning ("trước ngày", "dự kiến"; not "các bản tin").
_TRIMMED = _FILLER - {"cac", "nhung", "nam", "theo", "tiep", "ke", "hoach"}
# Said of the year right after what was read ("Quý I hằng năm", "Thường xuyên cả năm"); joined
# on by "và" or "," they are a timeline of their own ("6 tháng đầu năm và cả năm").
_OF_THE_YEAR_RE = re.compile(r"\b(?:hang|moi|ca|suot|trong|cua) nam\b")
# What each time produces, after a period ("Mỗi quý xây dựng 01 chuyên mục").
_AMOUNT_RE = re.compile(
    r"(?:[^\W\d_]+ ){0,4}0*[1-9]\d? (?!(?:ngay|tuan|thang|quy|nam)\b)[^\W\d_]+(?: [^\W\d_]+){0,6}"
)


def _numeral(token: str, limit: int) -> int | None:
    n = int(token) if token.isdigit() else from_roman(token) or 0
    return n if 1 <= n <= limit else None


def _mentions(
    f: str, keyword: str, limit: int
) -> list[tuple[list[int], str, int | None, tuple[int, int]]]:
    """Groups like ``quy ii, iii/2023`` or ``thang 3 den thang 6/2023``.

    Returns (numbers, "range"|"list", year, where in ``f``) for every group found.
    """
    found = list(_TOKEN_RE.finditer(f))
    tokens = [m.group() for m in found]
    groups: list[tuple[list[int], str, int | None, tuple[int, int]]] = []
    i = 0
    while i < len(tokens):
        if tokens[i] != keyword or i + 1 >= len(tokens):
            i += 1
            continue
        n = _numeral(tokens[i + 1], limit)
        if n is None:
            i += 1
            continue
        numbers, mode, j = [n], "single", i + 2
        while j < len(tokens) and tokens[j] in _SEPARATORS:
            k = j + 1
            if k < len(tokens) and tokens[k] in ("het", "cuoi"):
                k += 1
            if k < len(tokens) and tokens[k] == keyword:
                k += 1
            m = _numeral(tokens[k], limit) if k < len(tokens) else None
            if (
                m is None
                or tokens[k + 1 : k + 2] == ["/"]
                and _DAY_MONTH_RE.fullmatch("".join(tokens[k : k + 3]))
            ):
                break  # "tháng 3 và 10/5/2023": a date, not a month
            numbers.append(m)
            mode = _SEPARATORS[tokens[j]]
            j = k + 1
        year, last = None, j - 1
        if j + 1 < len(tokens) and tokens[j] in ("/", "nam") and _YEAR_RE.fullmatch(tokens[j + 1]):
            year, last = int(tokens[j + 1]), j + 1
        groups.append((numbers, mode, year, (found[i].start(), found[last].end())))
        i = j
    return groups


def _group_dates(
    groups: list[tuple[list[int], str, int | None, tuple[int, int]]],
    default_year: int,
    end_of: Callable[[int, int], date],
) -> list[date]:
    dates: list[date] = []
    for numbers, mode, year, _where in groups:
        y = year or default_year
        if mode == "range":
            dates.append(end_of(y, max(numbers)))
        else:
            dates.extend(end_of(y, n) for n in numbers)
    return dates


def _quarter_end(year: int, q: int) -> date:
    return _month_end(year, q * 3)


@lru_cache(maxsize=4096)  # the catalogue reads every wording again at each reload
def read_timeline(text: str, year: int) -> TimelineRule:
    """Read a timeline wording for a plan of ``year``.  Never raises."""
    try:
        return _read(text, year)
    except (ValueError, OverflowError, RecursionError):
        return _rule(nfc(text or ""), "unknown")


@dataclass
class _Part:
    """What one part of the wording reads as; ``spans`` are the characters it used."""

    kind: str
    dates: list[date] = field(default_factory=list)
    label: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    years_warned: set[int] = field(default_factory=set)


def _read(text: str, year: int) -> TimelineRule:
    """Read the wording, then every part of it left over (``… và các bản tin chuyên đề``):
    parts with dates add theirs, the others are named in a warning."""
    original = nfc(text or "")
    f, where = _normalise(original)
    if not f:
        return _rule(original, "unknown")
    named = [int(y) for y in _YEAR_RE.findall(f)]
    plan_year = year if 1 <= year <= 9998 else 2000
    base = named[-1] if len(set(named)) == 1 else plan_year
    if len(set(named)) > 1:  # "2023-2025": the plan's own year if inside, else the last one
        base = plan_year if min(named) <= plan_year <= max(named) else max(named)

    main = _read_part(f, base, plan_year)
    if main.kind == "unknown":
        return _rule(original, "unknown")
    parts: list[_Part] = []
    unread: list[tuple[int, int, bool]] = []  # (start, end, joined by "và"/";"/",")
    todo = [(0, len(f), main)]
    while todo:  # every part read uses some characters, so this ends
        start, end, part = todo.pop(0)
        parts.append(part)
        part.spans = [(start + s, start + e) for s, e in part.spans]
        for a, b, joined in _gaps(f, start, end, part.spans):
            if not _meaningful(f[a:b], {base, plan_year}, joined):
                continue
            sub = _read_part(f[a:b], base, plan_year)
            used = " ".join(f[a + s : a + e] for s, e in sub.spans)
            if sub.kind == "unknown" or not _meaningful(used, {base, plan_year}, joined):
                # nothing read, or only words said of the rest ("năm 2023" in "… 6 tháng năm 2023")
                unread.append((a, b, joined))
            else:
                todo.append((a, b, sub))

    def words(a: int, b: int) -> str:
        """``f[a:b]`` in the words as typed, without "trước ngày", "dự kiến"… at its ends."""
        a, b = _trim(f, a, b) or (a, b)
        end = where[b - 1] + 1
        while end < len(original) and unicodedata.combining(original[end]):
            end += 1
        return original[where[a] : end].strip(" \t\r\n,;:.-–—()[]\"'“”")

    dates = sorted({d for p in parts for d in p.dates})
    warnings = [w for p in parts for w in p.warnings]
    unscheduled: list[str] = []
    if not dates:
        kind = "event" if any(p.kind == "event" for p in parts) else "ongoing"
        return _rule(original, kind, label=KIND_NAMES[kind], warnings=warnings)
    for p in parts:
        if p.kind == "event":
            unscheduled.extend(words(s, e) for s, e in p.spans)
    for a, b, joined in unread:
        if joined and not any(c.isdigit() for c in f[a:b]):  # another thing, not a time
            unscheduled.append(words(a, b))
        elif not _AMOUNT_RE.fullmatch(f[a:b]):
            warnings.append(
                f"Chưa đọc được phần “{words(a, b)}”: kiểm tra hạn, đặt lịch bằng tay nếu cần"
            )
    warnings.extend(
        f"Phần “{w}” không có lịch cụ thể: thêm lần thực hiện bằng tay khi có"
        for w in dict.fromkeys(unscheduled)
    )
    warned = {y for p in parts for y in p.years_warned}
    other = sorted({d.year for d in dates} - {plan_year} - warned)
    if other and plan_year == year:
        years = ", ".join(str(y) for y in other)
        warnings.insert(0, f"Thời gian ghi năm {years}, khác năm của kế hoạch ({plan_year})")
    labels = dict.fromkeys(p.label for p in parts if p.dates)
    kind = "once" if len(dates) == 1 else "recurring"
    return _rule(original, kind, dates, " + ".join(labels), warnings, unscheduled)


_TOKEN_OR_MARK_RE = re.compile(r"[^\W_]+|\S")


def _gaps(
    f: str, start: int, end: int, spans: list[tuple[int, int]]
) -> Iterable[tuple[int, int, bool]]:
    """The stretches of ``f[start:end]`` outside ``spans``, trimmed of marks and joining words;
    each with whether it was joined on by "và", ";", ",", "&" or "hoặc" (looked for past the
    words such as "trước ngày" that belong to what was read)."""
    cursor = start
    for s, e in [*sorted(spans), (end, end)]:
        if s > cursor and (read := _trim(f, cursor, s, False)) and (said := _trim(f, cursor, s)):
            before = f[cursor : said[0]] if f[:cursor].strip(" ,;&-/") else ""
            after = f[said[1] : s] if f[s:].strip(" ,;&-/") else ""
            yield read[0], read[1], bool(_JOIN_RE.search(before + " " + after))
        cursor = max(cursor, e)


def _trim(f: str, a: int, b: int, fillers: bool = True) -> tuple[int, int] | None:
    """``f[a:b]`` without marks and joining words at its ends, nor (``fillers``) words such as
    "trước ngày", "dự kiến", "trong năm" (but "ngày 25" keeps its word); None if nothing is
    left."""
    tokens = [m.group() for m in _TOKEN_OR_MARK_RE.finditer(f, a, b)]
    places = [m.span() for m in _TOKEN_OR_MARK_RE.finditer(f, a, b)]

    def edge(k: int, lead: bool) -> bool:
        t = tokens[k]
        if not t.isalnum() or t in ("va", "hoac"):
            return True
        if not fillers:
            return False
        before_number = lead and k + 1 < len(tokens) and tokens[k + 1].isdigit()
        if t in _TRIMMED:
            return not before_number
        return lead and t == "nam" and k > 0 and tokens[k - 1] in ("trong", "suot", "cua")

    i, j = 0, len(tokens)
    while i < j and edge(i, True):
        i += 1
    while j > i and edge(j - 1, False):
        j -= 1
    return (places[i][0], places[j - 1][1]) if i < j else None


def _meaningful(part: str, years: set[int], joined: bool) -> bool:
    """Whether a leftover says anything of its own (not only "trong", "trước ngày", the
    plan's year, "hằng năm" said of what was read…)."""
    part = _SPAN_RE.sub(" ", part)
    if not joined:
        part = _OF_THE_YEAR_RE.sub(" ", part)
    return any(
        w not in _FILLER and not (w.isdigit() and int(w) in years)
        for w in re.findall(r"[^\W_]+", part)
    )


def _clauses(f: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each span widened to its clause ("khi có yêu cầu của tỉnh"): up to the words joining
    it to the rest, but not back over a timeline ("Tháng 3 khi có yêu cầu")."""
    dated = [g[3] for key, limit in (("quy", 4), ("thang", 12)) for g in _mentions(f, key, limit)]
    dated += [m.span() for r in (_DATE_RE, _PERIOD_LIST_RE, _SPAN_RE) for m in r.finditer(f)]
    dated += _spans(f, *_PERIODIC, *_ONGOING, *_YEAR_PARTS)
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        start = max((m.end() for m in _JOIN_RE.finditer(f, 0, a)), default=0)
        start = max([start] + [e for s, e in dated if e <= a])
        after = _JOIN_RE.search(f, b)
        end = min([after.start() if after else len(f)] + [s for s, e in dated if s >= b])
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _span_part(span: re.Match[str], plan_year: int) -> _Part:
    """A span of years ("Giai đoạn 2021-2025"): the plan's own year when inside, else its
    last year, flagged."""
    lo, hi = sorted((int(span.group(1)), int(span.group(2))))
    if lo <= plan_year <= hi:
        label = f"Giai đoạn nhiều năm {lo}–{hi}, tính là năm của kế hoạch"
        return _Part("once", [date(plan_year, 12, 31)], label, [span.span()])
    return _Part(
        "once",
        [date(hi, 12, 31)],
        f"Giai đoạn nhiều năm {lo}–{hi}",
        [span.span()],
        [f"Giai đoạn {lo}–{hi} không gồm năm của kế hoạch ({plan_year})"],
        set(range(lo, hi + 1)),
    )


def _read_part(f: str, base: int, plan_year: int) -> _Part:
    """The first reading found in ``f`` (normalised), with the characters it used."""
    own = {int(y) for y in _YEAR_RE.findall(f)}
    if len(own) == 1:  # a part naming its own year ("… và tháng 9/2024")
        base = next(iter(own))

    if _SPAN_ONLY_RE.fullmatch(f) and (span := _SPAN_RE.search(f)):
        return _span_part(span, plan_year)
    if open_span := _OPEN_SPAN_RE.fullmatch(f):  # the plan's year if on or after the start
        first = int(open_span.group(1))
        label = f"Từ năm {first} trở đi"
        if first <= plan_year:
            label, first = label + ", tính là năm của kế hoạch", plan_year
        return _Part("once", [date(first, 12, 31)], label, [open_span.span()])
    if spans := _spans(f, *_EVENT):
        return _Part("event", label="Theo sự kiện", spans=_clauses(f, spans))
    for m in _PERIOD_LIST_RE.finditer(f):
        units = {
            k.lstrip("_")
            for u in _PERIOD_UNIT_RE.finditer(m.group())
            for k, v in u.groupdict().items()
            if v
        }
        if len(units) < 2:
            continue
        ends = {date(base, 12, 31)}
        if "month" in units:
            ends.update(_month_end(base, mo) for mo in range(1, 13))
        if "quarter" in units:
            ends.update(_quarter_end(base, q) for q in range(1, 5))
        if "half" in units:
            ends.add(date(base, 6, 30))
        names = ", ".join(n for k, n in _PERIOD_NAMES.items() if k in units)
        return _Part("recurring", sorted(ends), f"Định kỳ {names}", [m.span()])
    if spans := _spans(f, *_WEEKLY):
        new_year = date(base, 1, 1)
        sunday = new_year + timedelta(days=(6 - new_year.weekday()) % 7)
        days = [sunday + timedelta(weeks=w) for w in range(54)]
        return _Part("recurring", [d for d in days if d.year == base], "Hằng tuần", spans)
    if spans := _spans(f, *_FIRST_HALF):
        return _Part("once", [date(base, 6, 30)], "6 tháng đầu năm", spans)
    if spans := _spans(f, *_SECOND_HALF):
        return _Part("once", [date(base, 12, 31)], "6 tháng cuối năm", spans)
    if spans := _spans(f, *_HALF_YEARLY):
        return _Part("recurring", [date(base, 6, 30), date(base, 12, 31)], "6 tháng/lần", spans)
    if spans := _spans(f, *_TWICE_MONTHLY):
        days = [d for m in range(1, 13) for d in (date(base, m, 15), _month_end(base, m))]
        return _Part("recurring", days, "2 kỳ/tháng", spans)
    if spans := _spans(f, *_MONTHLY):
        return _Part("recurring", [_month_end(base, m) for m in range(1, 13)], "Hằng tháng", spans)
    if spans := _spans(f, *_QUARTERLY):
        return _Part("recurring", [_quarter_end(base, q) for q in range(1, 5)], "Hằng quý", spans)

    for keyword, limit, end_of, label in (
        ("quy", 4, _quarter_end, "Theo quý"),
        ("thang", 12, _month_end, "Theo tháng"),
    ):
        if groups := _mentions(f, keyword, limit):
            dates = _group_dates(groups, base, end_of)
            kind = "once" if len(dates) == 1 else "recurring"
            return _Part(kind, dates, label, [g[3] for g in groups])

    explicit, spans = [], []
    for m in _DATE_RE.finditer(f):
        d, mo, y = m.groups()
        try:
            explicit.append(date(int(y) if y else base, int(mo), int(d)))
        except ValueError:
            return _Part("unknown")  # 31/2: never guess a different date
        spans.append(m.span())
    if explicit:
        if _has(f, r"\btu\b.*\bden\b", r"\bden (het )?ngay\b"):
            explicit = [max(explicit)]
        kind = "once" if len(set(explicit)) == 1 else "recurring"
        return _Part(kind, explicit, "Theo ngày", spans)

    for pattern, (month, label) in zip(_YEAR_PARTS, _YEAR_PART_ENDS, strict=True):
        if spans := _spans(f, pattern):
            return _Part("once", [_month_end(base, month)], label, spans)
    if spans := _spans(f, *_ONGOING):
        return _Part("ongoing", label="Thường xuyên", spans=spans)
    if spans := _spans(f, *_YEARLY):
        return _Part("once", [date(base, 12, 31)], "Hằng năm", spans)
    if span := _SPAN_RE.search(f):  # "Hằng quý; 2021-2025" read in its parts
        return _span_part(span, plan_year)
    if own and (
        spans := _spans(
            f,
            r"^(trong |ca |suot |nam |trong nam |thuc hien (trong )?(nam )?)?(nam )?\d{4}\b",
            r"\bnam \d{4}\b",
        )
    ):
        return _Part("once", [date(base, 12, 31)], "Trong năm", spans)
    return _Part("unknown")


def describe(rule: TimelineRule) -> str:
    """What the program understood, in the words shown under the timeline field.

    ``"Hằng quý → 4 lần: 31/03, 30/06, 30/09, 31/12/2023"``, then a ``⚠`` line per warning.
    """
    understood = _understood(rule)
    return "\n".join([understood, *(f"⚠ {w}" for w in rule.warnings)])


def _understood(rule: TimelineRule) -> str:
    if rule.kind == "ongoing":
        return f"{rule.label} → báo cáo mỗi kỳ, không có hạn cụ thể"
    if rule.kind == "event":
        return f"{rule.label} → nhập ngày khi phát sinh"
    if rule.kind == "unknown" or not rule.dates:
        return "Chưa đọc được: giữ nguyên văn bản, hãy đặt lịch bằng tay"
    if rule.kind == "once":
        return f"{rule.label} → hạn {rule.dates[0]:%d/%m/%Y}"
    years = {d.year for d in rule.dates}
    parts = [f"{d:%d/%m}" if len(years) == 1 else f"{d:%d/%m/%Y}" for d in rule.dates]
    if len(parts) > 8:
        parts = [*parts[:3], "…", parts[-1]]
    tail = f"/{rule.dates[-1].year}" if len(years) == 1 else ""
    return f"{rule.label} → {len(rule.dates)} lần: {', '.join(parts)}{tail}"


_SHIFT_RE = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?![\d/])")


def shift_years(text: str, delta: int) -> str:
    """Move every year named in ``text`` by ``delta`` (for a plan copied into a new year).

    Only stand-alone years and the year part of a date change: ``Quý II/2023`` and
    ``30/6/2023`` move, document numbers such as ``3524/QĐ-UBND`` never do.
    """

    def repl(m: re.Match[str]) -> str:
        value = int(m.group(0)) + delta
        return str(value) if 1000 <= value <= 9999 else m.group(0)

    return _SHIFT_RE.sub(repl, text)
