from datetime import date

import pytest

from cchc_desktop.core.periods import (
    DEFAULT_PERIOD_RULES,
    custom_period,
    latest_cutoff_before,
    parse_period_code,
    periods_for_year,
    reporting_quarters,
    rules_from_data,
    rules_to_data,
)  # fmt: skip


def test_default_periods_follow_decree_09_2019() -> None:
    got = {p.code: (p.start, p.end) for p in periods_for_year(2023)}
    assert got == {
        "2023-Q1": (date(2022, 12, 15), date(2023, 3, 14)),
        "2023-H1": (date(2022, 12, 15), date(2023, 6, 14)),
        "2023-Q3": (date(2023, 6, 15), date(2023, 9, 14)),
        "2023-9M": (date(2022, 12, 15), date(2023, 9, 14)),
        "2023-Y": (date(2022, 12, 15), date(2023, 12, 14)),
    }
    quarters = reporting_quarters(2023)
    assert [p.name for p in quarters] == [
        "Quý I năm 2023",
        "Quý II năm 2023",
        "Quý III năm 2023",
        "Quý IV năm 2023",
    ]
    for a, b in zip(quarters, quarters[1:], strict=False):
        assert (b.start - a.end).days == 1  # disjoint and contiguous


def test_parse_codes() -> None:
    assert parse_period_code("2023-9m").name == "9 tháng năm 2023"
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_period_code("2023-Q5")
    with pytest.raises(ValueError):
        custom_period(date(2023, 5, 1), date(2023, 4, 1))


def test_latest_cutoff() -> None:
    assert latest_cutoff_before(date(2023, 11, 24)).code == "2023-Q3"
    assert latest_cutoff_before(date(2023, 3, 15)).code == "2023-Q1"


def test_rules_round_trip_and_damage() -> None:
    rules, errors = rules_from_data(rules_to_data(DEFAULT_PERIOD_RULES))
    assert rules == DEFAULT_PERIOD_RULES and errors == []
    rules, errors = rules_from_data([{"key": "Q1"}])
    assert rules == DEFAULT_PERIOD_RULES and "hỏng" in errors[0]
