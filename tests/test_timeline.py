"""The timeline reader: real wordings from plans, and generated ones with hypothesis."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.core.text import nfc
from cchc_desktop.core.timeline import (
    KINDS,
    TimelineRule,
    _month_end,
    _quarter_end,
    describe,
    read_timeline,
    rule_from_dates,
    shift_years,
)

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


# -- spans of years, period lists, other years, wordings of several parts ----------------------

ROMAN = ["I", "II", "III", "IV"]
plan_years = st.integers(min_value=2000, max_value=2100)


def _dates(rule) -> list[str]:
    return [d.isoformat() for d in rule.dates]


@st.composite
def year_span(draw: st.DrawFn, lo: int, hi: int) -> str:
    form = draw(
        st.sampled_from(
            [
                "năm {a}-{b}",
                "Giai đoạn {a}-{b}",
                "Giai đoạn {a} – {b}",
                "{a} - {b}",
                "{a}-{b}",
                "Trong giai đoạn {a}-{b}",
                "Từ năm {a} đến năm {b}",
            ]
        )
    )
    return _variants(draw, form.format(a=lo, b=hi))


@settings(max_examples=200, deadline=None)
@given(st.data(), plan_years, st.integers(0, 5), st.integers(0, 5))
def test_a_span_of_years_holding_the_plan_year_reads_as_that_year(
    data: st.DataObject, year: int, before: int, after: int
) -> None:
    """Rule: a span of years ("năm 2022-2023", "Giai đoạn 2021-2025", "2022 - 2023") that holds
    the plan's year Y reads like "Trong năm Y": once, due 31/12/Y, and says it took a span of
    several years as the plan's own year; nothing to warn about."""
    lo, hi = year - before, year + after
    if lo == hi:
        hi += 1
    text = data.draw(year_span(lo, hi))
    rule = read_timeline(text, year)
    assert (rule.kind, rule.dates) == ("once", (date(year, 12, 31),)), text
    assert rule.warnings == (), text
    assert "nhiều năm" in rule.label and "năm của kế hoạch" in rule.label
    assert describe(rule) == f"{rule.label} → hạn 31/12/{year}"


def test_real_spans_of_years() -> None:
    """Rule: the spans seen in plans read as the plan's year when they hold it."""
    for text, span in [
        ("năm 2022-2023", "2022–2023"),
        ("Giai đoạn 2021-2025", "2021–2025"),
        ("2022 - 2023", "2022–2023"),
    ]:
        rule = read_timeline(text, 2023)
        assert (rule.kind, _dates(rule), rule.warnings) == ("once", ["2023-12-31"], ()), text
        assert describe(rule) == (
            f"Giai đoạn nhiều năm {span}, tính là năm của kế hoạch → hạn 31/12/2023"
        )


@settings(max_examples=200, deadline=None)
@given(st.data(), plan_years, st.integers(1, 5), st.integers(1, 5), st.booleans())
def test_a_span_of_years_without_the_plan_year_is_flagged(
    data: st.DataObject, year: int, gap: int, length: int, earlier: bool
) -> None:
    """Rule: a span of years that does not hold the plan's year keeps its reading (due at the
    end of its last year) but carries a warning naming the span and the plan's year."""
    lo = year - gap - length if earlier else year + gap
    hi = lo + length
    text = data.draw(year_span(lo, hi))
    rule = read_timeline(text, year)
    assert (rule.kind, rule.dates) == ("once", (date(hi, 12, 31),)), text
    assert rule.warnings == (f"Giai đoạn {lo}–{hi} không gồm năm của kế hoạch ({year})",), text
    assert rule.needs_attention


@settings(max_examples=200, deadline=None)
@given(st.data(), plan_years, st.integers(-5, 5))
def test_a_span_from_a_year_on_reads_as_the_plan_year_once_begun(
    data: st.DataObject, year: int, shift: int
) -> None:
    """Rule: "Năm X và các năm tiếp theo" / "Từ năm X trở đi" is a span with no end: the plan's
    own year Y when X ≤ Y; otherwise 31/12/X, flagged as a year other than the plan's."""
    first = year + shift
    form = data.draw(
        st.sampled_from(["Năm {} và các năm tiếp theo", "Từ năm {} trở đi", "năm {}, các năm sau"])
    )
    text = _variants(data.draw, form.format(first))
    rule = read_timeline(text, year)
    assert rule.kind == "once", text
    if shift <= 0:
        assert (rule.dates, rule.warnings) == ((date(year, 12, 31),), ()), text
        assert rule.label == f"Từ năm {first} trở đi, tính là năm của kế hoạch"
    else:
        assert rule.dates == (date(first, 12, 31),), text
        assert rule.warnings == (f"Thời gian ghi năm {first}, khác năm của kế hoạch ({year})",), (
            text
        )


PERIODIC_LIST = "Định kỳ hàng quý, 06 tháng, năm"


def test_quarter_half_year_and_year_read_as_the_periodic_wording() -> None:
    """Rule: "quý, 06 tháng và năm" reads exactly like "Định kỳ hàng quý, 06 tháng, năm": the
    quarter ends (the half-year and year reports fall on two of them), with no warning."""
    reference = read_timeline(PERIODIC_LIST, 2023)
    assert (reference.kind, _dates(reference), reference.warnings) == ("recurring", Q, ())
    for text in ("quý, 06 tháng và năm", "Hằng quý, 6 tháng, năm"):
        rule = read_timeline(text, 2023)
        assert (rule.kind, rule.dates, rule.label, rule.warnings) == (
            reference.kind, reference.dates, reference.label, (),
        ), text  # fmt: skip
        assert describe(rule) == describe(reference)


@st.composite
def period_list(draw: st.DrawFn) -> str:
    every = draw(st.sampled_from(["", "Hằng ", "Hàng ", "Định kỳ ", "Định kỳ hằng ", "Mỗi "]))
    half = draw(st.sampled_from(["6 tháng", "06 tháng", "sáu tháng"]))
    first, second = draw(
        st.sampled_from([(", ", ", "), (", ", " và "), (" và ", ", "), ("; ", "; ")])
    )
    year = draw(st.sampled_from(["năm", "cả năm"]))
    return _variants(draw, f"{every}quý{first}{half}{second}{year}")


@settings(max_examples=200, deadline=None)
@given(period_list(), plan_years)
def test_generated_period_lists(text: str, year: int) -> None:
    """Rule: quarter, half-year and year listed together, in any spelling, read as the
    quarter ends of the plan's year, like "Định kỳ hàng quý, 06 tháng, năm"."""
    rule = read_timeline(text, year)
    reference = read_timeline(PERIODIC_LIST, year)
    assert (rule.kind, rule.dates, rule.label, rule.warnings) == (
        "recurring", reference.dates, reference.label, (),
    ), text  # fmt: skip
    assert [(d.month, d.day) for d in rule.dates] == [(3, 31), (6, 30), (9, 30), (12, 31)]


@st.composite
def dated_in(draw: st.DrawFn, y: int) -> tuple[str, date]:
    """A wording naming year ``y``, and the date it is due."""
    kind = draw(st.sampled_from(["quarter", "month", "date"]))
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        numeral = draw(st.sampled_from([ROMAN[q - 1], str(q), f"0{q}"]))
        sep = draw(st.sampled_from(["/", " / ", " năm "]))
        return _variants(draw, f"Quý {numeral}{sep}{y}"), _quarter_end(y, q)
    if kind == "month":
        m = draw(st.integers(1, 12))
        numeral = draw(st.sampled_from([str(m), f"{m:02d}"]))
        return _variants(draw, f"Tháng {numeral}/{y}"), _month_end(y, m)
    m, d = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    day = draw(st.sampled_from([f"{d}/{m}", f"{d:02d}/{m:02d}"]))
    lead = draw(st.sampled_from(["Trước ngày ", "Ngày ", "", "Chậm nhất ngày "]))
    return _variants(draw, f"{lead}{day}/{y}"), date(y, m, d)


@settings(max_examples=300, deadline=None)
@given(st.data(), plan_years, st.integers(-30, 30).filter(bool))
def test_a_date_outside_the_plan_year_carries_a_warning(
    data: st.DataObject, year: int, shift: int
) -> None:
    """Rule: a quarter, month or date written in another year than the plan's keeps the date
    it names, and carries the warning "Thời gian ghi năm X, khác năm của kế hoạch (Y)"."""
    text, due = data.draw(dated_in(year + shift))
    rule = read_timeline(text, year)
    assert (rule.kind, rule.dates) == ("once", (due,)), text
    assert rule.warnings == (
        f"Thời gian ghi năm {year + shift}, khác năm của kế hoạch ({year})",
    ), text
    assert rule.needs_attention


@settings(max_examples=200, deadline=None)
@given(st.data(), plan_years)
def test_a_date_in_the_plan_year_carries_no_warning(data: st.DataObject, year: int) -> None:
    """Rule: the same wordings in the plan's own year are read without any warning."""
    text, due = data.draw(dated_in(year))
    rule = read_timeline(text, year)
    assert (rule.kind, rule.dates, rule.warnings) == ("once", (due,), ()), text
    assert not rule.needs_attention


def test_real_dates_outside_the_plan_year() -> None:
    """Rule: "Quý II/2021" and "Trước ngày 30/6/2021" in a 2023 plan keep 30/06/2021 and say
    that 2021 is not the plan's year, also in what the catalogue shows."""
    for text in ("Quý II/2021", "Trước ngày 30/6/2021"):
        rule = read_timeline(text, 2023)
        assert _dates(rule) == ["2021-06-30"], text
        assert rule.warnings == ("Thời gian ghi năm 2021, khác năm của kế hoạch (2023)",)
        assert describe(rule).endswith(
            "hạn 30/06/2021\n⚠ Thời gian ghi năm 2021, khác năm của kế hoạch (2023)"
        )


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80), years)
def test_every_date_outside_the_plan_year_is_warned_about(text: str, year: int) -> None:
    """Rule: whatever the wording, no date outside the plan's year is accepted silently."""
    rule = read_timeline(text, year)
    assert all(isinstance(w, str) and w for w in rule.warnings)
    for d in rule.dates:
        if d.year != year:
            assert any(str(d.year) in w for w in rule.warnings), (text, rule)


UNSCHEDULED_MESSAGE = "Phần “{}” không có lịch cụ thể: thêm lần thực hiện bằng tay khi có"


def test_an_unscheduled_second_part_is_named_in_a_warning() -> None:
    """Rule: "02 kỳ/tháng và các bản tin chuyên đề" reads the twice-monthly part and names the
    part that has no schedule (its occurrences are added by hand) instead of dropping it."""
    rule = read_timeline("02 kỳ/tháng và các bản tin chuyên đề", 2023)
    assert (rule.kind, _dates(rule)) == ("recurring", TWICE)
    assert rule.unscheduled == ("các bản tin chuyên đề",)
    assert rule.warnings == (UNSCHEDULED_MESSAGE.format("các bản tin chuyên đề"),)
    assert describe(rule).endswith("\n⚠ " + rule.warnings[0])


SCHEDULED = [
    ("02 kỳ/tháng", TWICE),
    ("Hằng quý", Q),
    ("01 lần/Quý", Q),
    ("Hằng tháng", M),
    ("Quý II/2023", ["2023-06-30"]),
    ("Quý II, III/2023", ["2023-06-30", "2023-09-30"]),
    ("Tháng 3/2023", ["2023-03-31"]),
    ("Trước ngày 30/6/2023", ["2023-06-30"]),
    ("Định kỳ 6 tháng/01 lần", ["2023-06-30", "2023-12-31"]),
]
UNSCHEDULED = [
    "các bản tin chuyên đề",
    "khi có yêu cầu",
    "khi có yêu cầu của UBND tỉnh",
    "đột xuất theo chỉ đạo của cấp trên",
    "các chuyên đề khác",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SCHEDULED),
    st.sampled_from([" và ", "; ", ", ", " hoặc ", " & "]),
    st.sampled_from(UNSCHEDULED),
    st.booleans(),
    st.sampled_from([str, str.upper, str.lower]),
)
def test_generated_unscheduled_parts_are_named(
    scheduled: tuple[str, list[str]], join: str, rest: str, rest_first: bool, case
) -> None:
    """Rule: a part joined by "và", ";", ",", "hoặc" or "&" that gives no date (event-driven or
    another product) leaves the dates of the other part unchanged and is named, as typed, in
    a warning; whichever part comes first."""
    text = case(f"{rest}{join}{scheduled[0]}" if rest_first else f"{scheduled[0]}{join}{rest}")
    rule = read_timeline(text, 2023)
    assert _dates(rule) == scheduled[1], text
    named = case(rest)
    assert rule.unscheduled == (named,), text
    assert rule.warnings == (UNSCHEDULED_MESSAGE.format(named),), text


def test_an_unread_rest_of_a_wording_is_named() -> None:
    """Rule: when only part of a wording was read, the rest is named in a warning."""
    rule = read_timeline("Quý II/2023 theo lộ trình chung", 2023)
    assert _dates(rule) == ["2023-06-30"]
    assert len(rule.warnings) == 1 and "“theo lộ trình chung”" in rule.warnings[0]
    rule = read_timeline("Hằng tháng, ngày 25", 2023)
    assert _dates(rule) == M and "“ngày 25”" in rule.warnings[0]


def test_two_timelines_in_one_cell_read_as_both() -> None:
    """Rule: two timelines joined by "và" or ";" give the dates of both."""
    for text, dates in [
        ("Quý I/2023 và Quý III/2023", ["2023-03-31", "2023-09-30"]),
        ("Tháng 3/2023; tháng 9/2023", ["2023-03-31", "2023-09-30"]),
        ("Quý I/2023 và tháng 9/2023", ["2023-03-31", "2023-09-30"]),
        ("Tháng 3/2023 và 15/10/2023", ["2023-03-31", "2023-10-15"]),
        ("Hằng quý và khi có yêu cầu", Q),
        ("6 tháng đầu năm và cả năm", ["2023-06-30", "2023-12-31"]),
    ]:
        rule = read_timeline(text, 2023)
        assert (rule.kind, _dates(rule)) == ("recurring", dates), text


@st.composite
def one_timeline(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["quarter", "month", "date", "periodic"]))
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        numeral = draw(st.sampled_from([ROMAN[q - 1], str(q), f"0{q}"]))
        return f"Quý {numeral}" + draw(st.sampled_from(["", "/2023", " năm 2023"]))
    if kind == "month":
        m = draw(st.integers(1, 12))
        numeral = draw(st.sampled_from([str(m), f"{m:02d}"]))
        return f"Tháng {numeral}" + draw(st.sampled_from(["", "/2023"]))
    if kind == "date":
        m, d = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        lead = draw(st.sampled_from(["Trước ngày ", "Ngày ", ""]))
        return lead + draw(st.sampled_from([f"{d}/{m}", f"{d:02d}/{m:02d}/2023"]))
    return draw(
        st.sampled_from(["Hằng quý", "Hằng tháng", "02 kỳ/tháng", "Định kỳ 6 tháng/01 lần"])
    )


@settings(max_examples=400, deadline=None)
@given(one_timeline(), st.sampled_from([" và ", "; ", ", ", " ; "]), one_timeline())
def test_generated_pairs_of_timelines_read_as_the_union(first: str, join: str, second: str) -> None:
    """Rule: two timelines in one cell joined by "và", ";" or "," are due on the dates of
    either, with nothing to warn about."""
    text = first + join + second
    rule = read_timeline(text, 2023)
    expected = sorted(
        set(read_timeline(first, 2023).dates) | set(read_timeline(second, 2023).dates)
    )
    assert list(rule.dates) == expected, text
    assert rule.kind == ("once" if len(expected) == 1 else "recurring"), text
    assert rule.warnings == (), text


QUIET = [
    c for c in CASES if c[1] != "unknown" and all(d.startswith("2023") for d in c[2])
    and "bản tin" not in c[0]
] + [
    ("Thường xuyên cả năm", "ongoing", []), ("Hằng quý năm 2023", "recurring", []),
    ("Quý II/2023 (dự kiến)", "once", []), ("Hoàn thành trước ngày 30/6/2023", "once", []),
    ("Thường xuyên, theo từng đợt", "event", []), ("Theo kế hoạch kiểm tra năm 2023", "event", []),
    ("Hằng quý giai đoạn 2021-2025", "recurring", []), ("Thường xuyên trong năm 2023", "ongoing", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "dates"), QUIET, ids=[c[0] for c in QUIET])
def test_well_read_wordings_carry_no_warning(text: str, kind: str, dates: list[str]) -> None:
    """Rule: a wording read in full, in the plan's year, is not flagged (the warnings would
    otherwise drown the ones that matter)."""
    rule = read_timeline(text, 2023)
    assert rule.kind == kind
    assert (rule.warnings, rule.unscheduled, rule.needs_attention) == ((), (), False)


def test_timeline_rule_stays_compatible() -> None:
    """Rule: a TimelineRule made the old way (no warnings given) has none, and is flagged only
    when unknown; rules set by hand carry no warning."""
    rule = TimelineRule("once", (date(2023, 6, 30),), "x")
    assert (rule.label, rule.warnings, rule.unscheduled, rule.needs_attention) == (
        "", (), (), False,
    )  # fmt: skip
    assert TimelineRule("unknown", (), "x").needs_attention
    manual = rule_from_dates("Quý II/2021", "once", [date(2021, 6, 30)])
    assert manual.warnings == () and not manual.needs_attention
