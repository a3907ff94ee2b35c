"""What a result entry means, wherever it is typed: the grid, a returned workbook, the CLI.

A unit states a status (hoàn thành, đang thực hiện, không thực hiện) and, for work done, the
day it was done.  Two rules follow from the government's reporting (see DOMAIN.md, "Reporting
periods and status"):

- an entry with no status but something typed (a date, what was done, a reason, a figure)
  means the work has started: *đang thực hiện*; marking it done stays the unit's call;
- the completion date is the day the unit states, never the due date (filling in the due
  date turns late work into "hoàn thành đúng hạn" in the report).  In the grid the day
  offered is today, shown and editable before it is saved; a returned workbook that marks
  work done states its day, or the row is refused (the office cannot tell the day for the
  unit, and a done result with no day would count as on time in every report);
- work marked *không thực hiện* carries its reason: the report names the reasons units gave,
  and a bare "không thực hiện" tells the office nothing it can act on.

Figures (issue 19): a figure is a number that is finite (never NaN or infinity), not
negative, whole where the indicator counts things (tin, bài, lượt, cuộc…; money may have
decimals), and no larger than a bound per indicator.  The bounds are data: by default
1 000 000 for counts and 1 000 000 000 000 for money (an indicator whose unit is "đồng"), and
the office may set its own per indicator code in the setting ``result_bounds`` as
``{code: maximum}`` or ``{code: {"max": maximum, "whole": true|false}}``.  Every refusal is a
Vietnamese sentence that quotes the value as typed; the caller adds where it was.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc_desktop.core.formatting import fmt_number, parse_number, read_date
from cchc_desktop.core.text import fold


def entered_status(
    status: str | None, completed_on: date | None = None, description: str = "",
    reason: str = "", values: Mapping[str, object] | None = None,
) -> str | None:  # fmt: skip
    """The status an entry stands for: the one stated, else *in progress* when anything was
    typed, else none (nothing to record)."""
    if status:
        return status
    typed = completed_on is not None or (description or "").strip() or (reason or "").strip()
    if typed or any(v not in (None, "") for v in (values or {}).values()):
        return "in_progress"
    return None


def completion_date(status: str | None, stated: date | None, today: date) -> date | None:
    """The completion date to record: the day stated; for work marked done with no day stated,
    ``today`` (the day the unit says it is done), never the due date."""
    if status == "done" and stated is None:
        return today
    return stated


REASON_NEEDED = "Nhiệm vụ không thực hiện phải ghi rõ lý do."
DATE_NEEDED = "Nhiệm vụ đã hoàn thành phải ghi ngày hoàn thành."


def missing_completion_date(status: str | None, completed_on: date | None) -> str | None:
    """The Vietnamese refusal when work marked done in a returned workbook states no day,
    else ``None`` (the grid offers today instead: :func:`completion_date`)."""
    if status == "done" and completed_on is None:
        return DATE_NEEDED
    return None


def missing_reason(status: str | None, reason: str | None) -> str | None:
    """The Vietnamese refusal when work marked not done has no reason, else ``None``."""
    if status == "not_done" and not (reason or "").strip():
        return REASON_NEEDED
    return None


def read_completion_date(text: str) -> tuple[date | None, str | None]:
    """A typed completion date: ``(date, None)``, ``(None, None)`` for an empty cell, or
    ``(None, message)`` in Vietnamese when it is not a real ``dd/mm/yyyy`` day (31/02)."""
    return read_date(text)


# -- figures --------------------------------------------------------------------------------------
SETTING = "result_bounds"
COUNT_MAX = 1_000_000
MONEY_MAX = 1_000_000_000_000
MONEY_WORDS = ("dong", "vnd", "d")  # folded: "đồng", "triệu đồng", "VNĐ", "đ"


@dataclass(frozen=True)
class Bound:
    """The largest figure an indicator takes, and whether it must be a whole number."""

    maximum: int | float
    whole: bool
    unit: str = ""


class ValueRefused(ValueError):
    """A figure that may not be recorded; the message is Vietnamese."""


def is_money(unit: str) -> bool:
    words = fold(unit or "").replace(".", " ").split()
    return any(w in MONEY_WORDS for w in words)


def default_bound(unit: str) -> Bound:
    if is_money(unit):
        return Bound(MONEY_MAX, False, unit)
    return Bound(COUNT_MAX, True, unit)


FALLBACK = Bound(MONEY_MAX, False)  # a code the office no longer lists: only finite and bounded


def _override(base: Bound, data: Any) -> Bound | None:
    if isinstance(data, dict):
        maximum, whole = data.get("max", base.maximum), data.get("whole", base.whole)
    else:
        maximum, whole = data, base.whole
    if (
        isinstance(maximum, bool)
        or not isinstance(maximum, int | float)
        or not isinstance(whole, bool)
    ):
        return None
    if not math.isfinite(maximum) or maximum <= 0:
        return None
    return Bound(maximum, whole, base.unit)


def result_bounds(
    indicators: Iterable[Any], overrides: Any = None
) -> tuple[dict[str, Bound], list[str]]:
    """Each indicator's bound (``indicators``: objects with ``code`` and ``unit``), and the
    codes whose override in the settings was unusable (the default stands for them)."""
    bounds = {t.code: default_bound(t.unit) for t in indicators}
    bad: list[str] = []
    if isinstance(overrides, dict):
        for code, data in overrides.items():
            if not isinstance(code, str):
                continue
            bound = _override(bounds.get(code, FALLBACK), data)
            if bound is None:
                bad.append(code)
            else:
                bounds[code] = bound
    return bounds, bad


def shown(value: Any) -> str:
    """The value as quoted in a message: short, whatever it is."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value) and abs(value) >= 1e15:
        return f"{value:.3g}"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"{float(value):.3g}" if value.bit_length() < 1000 else "số quá lớn"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def read_number(value: Any) -> int | float:
    """A cell's or a field's content as a number (text read the Vietnamese way: ``1.234,5``).

    Raises :class:`ValueRefused` for anything that is not a number: text, TRUE/FALSE, dates,
    error values such as ``#REF!``.
    """
    if isinstance(value, bool):
        raise ValueRefused(f"“{shown(value)}” là giá trị đúng/sai, không phải số.")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        number = parse_number(value) if len(value) <= 40 else None
        if number is not None:
            return number
    raise ValueRefused(f"“{shown(value)}” không phải số.")


def check_value(value: Any, bound: Bound = FALLBACK) -> int | float:
    """``value`` as it is stored (a whole float becomes an int), or :class:`ValueRefused`."""
    number = read_number(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueRefused(f"“{shown(value)}” không phải số hữu hạn (vô cực hoặc không xác định).")
    if number < 0:
        raise ValueRefused(
            f"“{shown(value)}” là số âm: số liệu phải là số không âm (không được âm)."
        )
    unit = f" {bound.unit}" if bound.unit else ""
    if number > bound.maximum:
        raise ValueRefused(
            f"“{shown(value)}” vượt giới hạn {fmt_number(bound.maximum)}{unit} của chỉ tiêu này "
            "(giới hạn có thể sửa trong cài đặt)."
        )
    if isinstance(number, float):
        if number.is_integer():
            return int(number)
        if bound.whole:
            raise ValueRefused(
                f"“{shown(value)}” không phải số nguyên; chỉ tiêu này đếm số lượng{f' ({bound.unit})' if bound.unit else ''} nên phải là số nguyên."
            )
    return number
