"""How dates and numbers are written for Vietnamese readers: ``05/03/2023``, ``1.234.567``."""

from __future__ import annotations

import re
from datetime import date


def fmt_date(d: date | None) -> str:
    """``dd/mm/yyyy``, or the empty string for no date."""
    return f"{d:%d/%m/%Y}" if d else ""


def parse_date(text: str) -> date | None:
    """Read ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``-`` or ``.`` separators); ``None`` if invalid."""
    m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", text or "")
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def read_date(text: str) -> tuple[date | None, str | None]:
    """A typed date: ``(date, None)``; ``(None, None)`` for nothing typed; ``(None, message)``
    in Vietnamese for text that is not a real ``dd/mm/yyyy`` day.  A day the month does not
    have (31/02) is refused and said so, never moved to another day (29/02)."""
    text = (text or "").strip()
    if not text:
        return None, None
    d = parse_date(text)
    if d is not None:
        return d, None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if not 1 <= month <= 12:
            return None, f"Ngày “{text}” không hợp lệ: tháng phải từ 1 đến 12."
        last = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days
        return None, (f"Ngày “{text}” không hợp lệ: tháng {month}/{year} chỉ có {last} ngày "
                      f"(ví dụ {fmt_date(date(year, month, last))}).")  # fmt: skip
    return None, f"Ngày “{text}” không hợp lệ; nhập dạng dd/mm/yyyy (ví dụ 15/06/2023)."


def fmt_number(value: float | int | None) -> str:
    """Dot as the thousands separator and comma for decimals: ``1234567.5 -> "1.234.567,5"``."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:,.2f}".rstrip("0").split(".")
        return whole.replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


def parse_number(text: str) -> float | None:
    """Inverse of :func:`fmt_number`; accepts ``1.234.567``, ``1234567`` and ``12,5``."""
    t = (text or "").strip().replace(" ", "")
    if not t:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", t) or re.fullmatch(r"-?\d+(,\d+)?", t):
        t = t.replace(".", "").replace(",", ".")
    elif not re.fullmatch(r"-?\d+(\.\d+)?", t):
        return None
    return float(t)


BLANK = "\u00a0" * 6  # a blank the clerk fills in by hand; non-breaking, so it is never collapsed


def date_line(place: str, d: date | None, blank_day: bool = False, year: int | None = None) -> str:
    """``Vĩnh Lộc, ngày 05 tháng 03 năm 2023`` (Nghị định 30/2020: pad day < 10, months 1–2).

    Before signing the day (``blank_day``) or the day and month (no date, a ``year`` known)
    are left blank for the clerk: ``Vĩnh Lộc, ngày      tháng 6 năm 2023``.
    """
    if d is None:
        if year is not None:
            return f"{place}, ngày {BLANK} tháng {BLANK} năm {year}"
        return f"{place}, ngày     tháng     năm     "
    if blank_day:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {d.year}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"
