"""The timeline reader: real wordings from plans, and generated ones with hypothesis."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.core.text import nfc
from cchc_desktop.core.timeline import KINDS, describe, read_timeline, rule_from_dates, shift_years

Q = ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]
M = [
    f"2023-{m:02d}-{d}"
    for m, d in zip(range(1, 13), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], strict=True)
]
TWICE = sorted([f"2023-{m:02d}-15" for m in range(1, 13)] + M)

CASES: list[tuple[str, str, list[str]]] = [
    ("Thường xuyên", "ongoing", []),
    ("Thường xuyên trong năm", "ongoing", []),
    ("Hằng ngày", "ongoing", []),
    ("Trong năm 2021", "once", ["2021-12-31"]),
    ("Năm 2023", "once", ["2023-12-31"]),
    ("Năm 2022", "once", ["2022-12-31"]),
    ("Cả năm", "once", ["2023-12-31"]),
    ("Hằng năm", "once", ["2023-12-31"]),
    ("Năm 2023 và các năm tiếp theo", "once", ["2023-12-31"]),
    ("Quý II/2021", "once", ["2021-06-30"]),
    ("Quý III-IV/2021", "once", ["2021-12-31"]),
    ("Quý III – IV/2021", "once", ["2021-12-31"]),
    ("Quý II, III/2023", "recurring", ["2023-06-30", "2023-09-30"]),
    ("Quý I, II", "recurring", ["2023-03-31", "2023-06-30"]),
    ("Quý I", "once", ["2023-03-31"]),
    ("Quý 2/2023", "once", ["2023-06-30"]),
    ("Quý 02/2023", "once", ["2023-06-30"]),
    ("quý IV năm 2023", "once", ["2023-12-31"]),
    ("Trong Quý III/2023", "once", ["2023-09-30"]),
    ("QUÝ  III  /  2023", "once", ["2023-09-30"]),
    ("Quý I hằng năm", "once", ["2023-03-31"]),
    ("01 kỳ/tháng", "recurring", M),
    ("1 kỳ / tháng", "recurring", M),
    ("Hằng tháng", "recurring", M),
    ("Hàng tháng", "recurring", M),
    ("HÀNG THÁNG", "recurring", M),
    ("Định kỳ hằng tháng", "recurring", M),
    ("02 kỳ/tháng", "recurring", TWICE),
    ("02 kỳ/tháng và các bản tin chuyên đề", "recurring", TWICE),
    ("2 lần/tháng", "recurring", TWICE),
    ("Định kỳ 6 tháng/01 lần", "recurring", ["2023-06-30", "2023-12-31"]),
    ("02 lần/năm", "recurring", ["2023-06-30", "2023-12-31"]),
    ("6 tháng đầu năm", "once", ["2023-06-30"]),
    ("6 tháng cuối năm", "once", ["2023-12-31"]),
    ("01 lần/Quý", "recurring", Q),
    ("1 lần/quý", "recurring", Q),
    ("Hằng quý", "recurring", Q),
    ("Hàng quý", "recurring", Q),
    ("Mỗi quý xây dựng 01 chuyên mục", "recurring", Q),
    ("04 lần/năm", "recurring", Q),
    ("Tháng 3/2023", "once", ["2023-03-31"]),
    ("Tháng 10", "once", ["2023-10-31"]),
    ("Tháng 11/2023 (dự kiến)", "once", ["2023-11-30"]),
    ("tháng 9, tháng 10/2023", "recurring", ["2023-09-30", "2023-10-31"]),
    ("Từ tháng 3 đến tháng 6/2023", "once", ["2023-06-30"]),
    ("Từ tháng 3 đến hết tháng 6", "once", ["2023-06-30"]),
    ("Tháng 3 - tháng 6/2023", "once", ["2023-06-30"]),
    ("Trước ngày 30/6/2023", "once", ["2023-06-30"]),
    ("Trước 30/9", "once", ["2023-09-30"]),
    ("Ngày 15/5/2023", "once", ["2023-05-15"]),
    ("15/05/2023", "once", ["2023-05-15"]),
    ("Đầu năm", "once", ["2023-03-31"]),
    ("Theo kế hoạch kiểm tra", "event", []),
    ("Khi có yêu cầu", "event", []),
    ("Thường xuyên, theo từng đợt", "event", []),
    ("Đột xuất", "event", []),
    ("abc xyz", "unknown", []),
    ("", "unknown", []),
    ("   ", "unknown", []),
    ("Trước ngày 31/2/2023", "unknown", []),  # no such date: never guess another
    ("Theo lộ trình chung", "unknown", []),
]


@pytest.mark.parametrize(("text", "kind", "dates"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_real_wordings(text: str, kind: str, dates: list[str]) -> None:
    rule = read_timeline(text, 2023)
    assert (rule.kind, [d.isoformat() for d in rule.dates]) == (kind, dates)
    assert rule.text == nfc(text)


@pytest.mark.parametrize(("text", "kind", "dates"), CASES[:40])
def test_decomposed_and_upper_case_input_reads_the_same(
    text: str, kind: str, dates: list[str]
) -> None:
    for variant in (unicodedata.normalize("NFD", text), text.upper(), f"  {text}  ."):
        rule = read_timeline(variant, 2023)
        assert (rule.kind, [d.isoformat() for d in rule.dates]) == (kind, dates), variant


def test_weekly_gives_every_sunday_of_the_year() -> None:
    rule = read_timeline("Hằng tuần", 2023)
    assert rule.kind == "recurring" and len(rule.dates) == 53
    assert all(d.weekday() == 6 and d.year == 2023 for d in rule.dates)


def test_describe() -> None:
    assert (
        describe(read_timeline("Hằng quý", 2023))
        == "Hằng quý → 4 lần: 31/03, 30/06, 30/09, 31/12/2023"
    )
    assert describe(read_timeline("Quý II/2023", 2023)) == "Theo quý → hạn 30/06/2023"
    assert describe(read_timeline("Hằng tháng", 2023)).startswith(
        "Hằng tháng → 12 lần: 31/01, 28/02"
    )
    assert "mỗi kỳ" in describe(read_timeline("Thường xuyên", 2023))
    assert "nhập ngày" in describe(read_timeline("Khi có yêu cầu", 2023))
    assert describe(read_timeline("abc", 2023)).startswith("Chưa đọc được")


def test_rule_set_by_hand_keeps_the_words() -> None:
    rule = rule_from_dates("Theo lộ trình chung", "once", [date(2023, 6, 30)])
    assert rule.text == "Theo lộ trình chung" and rule.dates == (date(2023, 6, 30),)
    assert describe(rule) == "Đặt tay: Một lần → hạn 30/06/2023"
    assert rule_from_dates("x", "ongoing", [date(2023, 1, 1)]).dates == ()


def test_shift_years() -> None:
    assert shift_years("Quý II/2023", 1) == "Quý II/2024"
    assert shift_years("Trước ngày 30/6/2023", 1) == "Trước ngày 30/6/2024"
    assert shift_years("Trong năm 2021", 2) == "Trong năm 2023"
    assert shift_years("Quyết định số 2022/QĐ-UBND", 1) == "Quyết định số 2022/QĐ-UBND"
    assert shift_years("Hằng quý", 1) == "Hằng quý"


# -- hypothesis ---------------------------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2200)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80), years)
def test_never_raises_and_dates_stay_in_the_named_or_plan_year(text: str, year: int) -> None:
    rule = read_timeline(text, year)
    assert rule.kind in KINDS
    assert list(rule.dates) == sorted(set(rule.dates))
    assert rule.text == nfc(text)
    if rule.kind in ("ongoing", "event", "unknown"):
        assert rule.dates == ()
    else:
        assert rule.dates
    import re

    named = {int(y) for y in re.findall(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)", nfc(text))}
    for d in rule.dates:
        assert d.year == year or d.year in named


def _variants(draw: st.DrawFn, words: str) -> str:
    text = draw(st.sampled_from([words, words.upper(), words.lower(), words.title()]))
    text = (
        draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", ".", " ", ";"]))
    )
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)


@st.composite
def periodic(draw: st.DrawFn) -> tuple[str, int]:
    every = draw(st.sampled_from(["Hằng", "Hàng", "Mỗi", "Định kỳ hằng"]))
    unit, n = draw(st.sampled_from([("tháng", 12), ("quý", 4)]))
    return _variants(draw, f"{every} {unit}"), n


@st.composite
def quarter(draw: st.DrawFn) -> tuple[str, int, int]:
    q = draw(st.integers(1, 4))
    numeral = draw(st.sampled_from([["I", "II", "III", "IV"][q - 1], str(q), f"0{q}"]))
    y = draw(st.integers(2000, 2100))
    sep = draw(st.sampled_from(["/", " / ", " năm "]))
    return _variants(draw, f"Quý {numeral}{sep}{y}"), q, y


@settings(max_examples=200, deadline=None)
@given(periodic(), years)
def test_generated_periodic_wordings(case: tuple[str, int], year: int) -> None:
    text, n = case
    rule = read_timeline(text, year)
    assert rule.kind == "recurring" and len(rule.dates) == n, text


@settings(max_examples=200, deadline=None)
@given(quarter(), years)
def test_generated_quarters(case: tuple[str, int, int], year: int) -> None:
    text, q, y = case
    rule = read_timeline(text, year)
    assert rule.kind == "once", text
    assert rule.dates[0].year == y and rule.dates[0].month == 3 * q, text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_shift_years_round_trips(text: str) -> None:
    assert shift_years(shift_years(text, 1), -1) == text or any(y in text for y in ("2199", "1900"))
