"""Reading the timeline wording of a task ("Hằng quý", "Quý II/2023", "02 kỳ/tháng"…).

Plans write "Thời gian thực hiện" as free Vietnamese text.  The program turns it into a rule
with due dates so that it can tell what is due and what is late, but it must never drop or
silently change the words: the original text is kept for printing, and wording it cannot
read comes back as ``unknown`` for the user to set by hand.

Due dates are the end of the named calendar unit (month, quarter, half-year, year) unless a
date is written.  Every date lies in the year the wording names, or the plan's year when it
names none.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

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
    """What a timeline wording means: its kind, its due dates and the words as typed."""

    kind: str
    dates: tuple[date, ...]
    text: str
    label: str = ""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _rule(text: str, kind: str, dates: Iterable[date] = (), label: str = "") -> TimelineRule:
    return TimelineRule(kind, tuple(sorted(set(dates))), text, label or KIND_NAMES[kind])


def rule_from_dates(text: str, kind: str, dates: Iterable[date]) -> TimelineRule:
    """A rule the user set by hand; the wording stays as it was typed."""
    if kind not in KINDS:
        raise ValueError(f"Loại lịch không hợp lệ: {kind}")
    dates = tuple(sorted(set(dates))) if kind in ("once", "recurring") else ()
    if kind == "once" and len(dates) > 1:
        kind = "recurring"
    return _rule(nfc(text), kind, dates, "Đặt tay: " + KIND_NAMES[kind])


# -- normalising the wording ------------------------------------------------------------------

_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)")
_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?![\d/])")
_TOKEN_RE = re.compile(r"[a-z]+|\d+|[-,/&;]")


def _normalise(text: str) -> str:
    """Folded text (no diacritics, lower case) with dashes and slashes made uniform."""
    f = fold(text)
    f = re.sub(r"[\u2010-\u2015\u2212]", "-", f)
    f = re.sub(r"\s*/\s*", "/", f)
    f = re.sub(r"[()\[\]{}.:;!?\"'“”‘’…]+", " ", f)
    return " ".join(f.split())


def _has(f: str, *patterns: str) -> bool:
    return any(re.search(p, f) for p in patterns)


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
    r"dinh ky 6 thang", r"(hang|moi) 6 thang", r"\b" + _TWO + r"(lan|ky)/nam",
    r"(hang|moi) nua nam",
)  # fmt: skip
_TWICE_MONTHLY = (r"\b" + _TWO + r"(lan|ky)/thang", r"(hang|moi) nua thang")
_MONTHLY = (
    r"\b(hang|moi) thang\b", r"(?<!\d )(?<!\d)(" + _ONE + r")?(lan|ky|so)/thang",
    r"thang/" + _ONE + r"(lan|ky)", r"\b" + r"12 (lan|ky)/nam",
)  # fmt: skip
_QUARTERLY = (
    r"\b(hang|moi) quy\b", r"(" + _ONE + r")?(lan|ky)/quy", r"quy/" + _ONE + r"(lan|ky)",
    r"\b" + r"0*4 (lan|ky)/nam", r"dinh ky (hang )?quy",
)  # fmt: skip
_YEARLY = (
    r"\b(hang|moi) nam\b",
    r"\b" + _ONE + r"(lan|ky)/nam",
    r"\bca nam\b",
    r"nam/" + _ONE + r"lan",
)
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


def _numeral(token: str, limit: int) -> int | None:
    n = int(token) if token.isdigit() else from_roman(token) or 0
    return n if 1 <= n <= limit else None


def _mentions(
    tokens: list[str], keyword: str, limit: int
) -> list[tuple[list[int], str, int | None]]:
    """Groups like ``quy ii, iii/2023`` or ``thang 3 den thang 6/2023``.

    Returns (numbers, "range"|"list", year) for every group found.
    """
    groups: list[tuple[list[int], str, int | None]] = []
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
            if m is None:
                break
            numbers.append(m)
            mode = _SEPARATORS[tokens[j]]
            j = k + 1
        year = None
        if (
            j + 1 < len(tokens)
            and tokens[j] == "/"
            and _YEAR_RE.fullmatch(tokens[j + 1])
            or j + 1 < len(tokens)
            and tokens[j] == "nam"
            and _YEAR_RE.fullmatch(tokens[j + 1])
        ):
            year = int(tokens[j + 1])
        groups.append((numbers, mode, year))
        i = j
    return groups


def _group_dates(
    groups: list[tuple[list[int], str, int | None]], default_year: int, end_of
) -> list[date]:  # noqa: ANN001
    dates: list[date] = []
    for numbers, mode, year in groups:
        y = year or default_year
        if mode == "range":
            dates.append(end_of(y, max(numbers)))
        else:
            dates.extend(end_of(y, n) for n in numbers)
    return dates


def _quarter_end(year: int, q: int) -> date:
    return _month_end(year, q * 3)


def read_timeline(text: str, year: int) -> TimelineRule:
    """Read a timeline wording for a plan of ``year``.  Never raises."""
    try:
        return _read(text, year)
    except (ValueError, OverflowError, RecursionError):
        return _rule(nfc(text or ""), "unknown")


def _read(text: str, year: int) -> TimelineRule:
    original = nfc(text or "")
    f = _normalise(original)
    if not f:
        return _rule(original, "unknown")
    named = [int(y) for y in _YEAR_RE.findall(f)]
    plan_year = year if 1 <= year <= 9998 else 2000
    base = named[-1] if len(set(named)) == 1 else plan_year
    if len(set(named)) > 1:  # "2023-2025": the plan's own year if inside, else the last one
        base = plan_year if min(named) <= plan_year <= max(named) else max(named)

    if _has(f, *_EVENT):
        return _rule(original, "event", label="Theo sự kiện")
    if _has(f, *_WEEKLY):
        first = date(base, 1, 1)
        sunday = first + timedelta(days=(6 - first.weekday()) % 7)
        days = [sunday + timedelta(weeks=w) for w in range(54)]
        return _rule(original, "recurring", [d for d in days if d.year == base], "Hằng tuần")
    if _has(f, *_FIRST_HALF):
        return _rule(original, "once", [date(base, 6, 30)], "6 tháng đầu năm")
    if _has(f, *_SECOND_HALF):
        return _rule(original, "once", [date(base, 12, 31)], "6 tháng cuối năm")
    if _has(f, *_HALF_YEARLY):
        return _rule(original, "recurring", [date(base, 6, 30), date(base, 12, 31)], "6 tháng/lần")
    if _has(f, *_TWICE_MONTHLY):
        days = [d for m in range(1, 13) for d in (date(base, m, 15), _month_end(base, m))]
        return _rule(original, "recurring", days, "2 kỳ/tháng")
    if _has(f, *_MONTHLY):
        return _rule(
            original, "recurring", [_month_end(base, m) for m in range(1, 13)], "Hằng tháng"
        )
    if _has(f, *_QUARTERLY):
        return _rule(
            original, "recurring", [_quarter_end(base, q) for q in range(1, 5)], "Hằng quý"
        )

    tokens = _TOKEN_RE.findall(f)
    quarters = _mentions(tokens, "quy", 4)
    if quarters:
        dates = _group_dates(quarters, base, _quarter_end)
        return _rule(original, "once" if len(dates) == 1 else "recurring", dates, "Theo quý")
    months = _mentions(tokens, "thang", 12)
    if months:
        dates = _group_dates(months, base, _month_end)
        return _rule(original, "once" if len(dates) == 1 else "recurring", dates, "Theo tháng")

    explicit = []
    for d, m, y in _DATE_RE.findall(f):
        try:
            explicit.append(date(int(y) if y else base, int(m), int(d)))
        except ValueError:
            return _rule(original, "unknown")  # 31/2: never guess a different date
    if explicit:
        if _has(f, r"\btu\b.*\bden\b", r"\bden (het )?ngay\b"):
            explicit = [max(explicit)]
        return _rule(
            original, "once" if len(set(explicit)) == 1 else "recurring", explicit, "Theo ngày"
        )

    if _has(f, r"\bdau nam\b"):
        return _rule(original, "once", [date(base, 3, 31)], "Đầu năm")
    if _has(f, r"\bgiua nam\b"):
        return _rule(original, "once", [date(base, 6, 30)], "Giữa năm")
    if _has(f, r"\bcuoi nam\b"):
        return _rule(original, "once", [date(base, 12, 31)], "Cuối năm")
    if _has(f, *_ONGOING):
        return _rule(original, "ongoing", label="Thường xuyên")
    if _has(f, *_YEARLY):
        return _rule(original, "once", [date(base, 12, 31)], "Hằng năm")
    if named and _has(
        f,
        r"^(trong |ca |suot |nam |trong nam |thuc hien (trong )?(nam )?)?(nam )?\d{4}\b",
        r"\bnam \d{4}\b",
    ):
        return _rule(original, "once", [date(base, 12, 31)], "Trong năm")
    return _rule(original, "unknown")


def describe(rule: TimelineRule) -> str:
    """What the program understood, in the words shown under the timeline field.

    ``"Hằng quý → 4 lần: 31/03, 30/06, 30/09, 31/12/2023"``.
    """
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
