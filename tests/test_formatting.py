from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cchc_desktop.core.formatting import date_line, fmt_date, fmt_number, parse_date, parse_number


def test_dates() -> None:
    assert fmt_date(date(2023, 3, 5)) == "05/03/2023"
    assert parse_date("5/3/2023") == date(2023, 3, 5)
    assert parse_date("31/02/2023") is None
    assert date_line("Vĩnh Lộc", date(2023, 3, 5)) == "Vĩnh Lộc, ngày 05 tháng 3 năm 2023"
    assert date_line("Vĩnh Lộc", date(2023, 2, 21)) == "Vĩnh Lộc, ngày 21 tháng 02 năm 2023"


def test_numbers() -> None:
    assert fmt_number(1234567) == "1.234.567"
    assert fmt_number(12.5) == "12,5"
    assert parse_number("1.234.567") == 1234567
    assert parse_number("12,5") == 12.5
    assert parse_number("abc") is None


@given(st.integers(min_value=0, max_value=10**12))
def test_number_round_trip(n: int) -> None:
    assert parse_number(fmt_number(n)) == n
