"""Rolling several offices' exported reports up into one summary (exchange/rollup.py, CLI)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from cchc_desktop.cli import main
from cchc_desktop.exchange.rollup import find_duplicates, read_report, rollup
from cchc_desktop.exchange.unit_sheets import ImportRejected

NEW_HEADER = [
    "Cơ quan", "Năm", "Kỳ", "STT nhiệm vụ", "Nhiệm vụ", "Đơn vị", "Vai trò", "Hạn", "Tình trạng",
    "Ngày hoàn thành", "Kết quả", "Chuyển từ kỳ trước", "Tính đến ngày",
]  # fmt: skip
OLD_HEADER = [
    "Năm", "Kỳ", "STT nhiệm vụ", "Nhiệm vụ", "Đơn vị", "Vai trò", "Hạn", "Tình trạng",
    "Ngày hoàn thành", "Kết quả",
]  # fmt: skip
DONE = "Hoàn thành đúng hạn"
LATE = "Quá hạn chưa hoàn thành"


def row(unit: str = "Phòng Nội vụ", role: str = "Chủ trì", status: str = DONE,
        code: str = "2023-9M", year: int = 2023, **values: Any) -> dict[str, Any]:  # fmt: skip
    return {"Năm": year, "Kỳ": code, "STT nhiệm vụ": "1", "Nhiệm vụ": "Đăng tin CCHC",
            "Đơn vị": unit, "Vai trò": role, "Hạn": datetime(2023, 9, 30), "Tình trạng": status,
            "Ngày hoàn thành": None, "Kết quả": "", "Chuyển từ kỳ trước": "",
            "Tính đến ngày": datetime(2023, 9, 14), **values}  # fmt: skip


def make_report(
    path: Path,
    rows: list[dict[str, Any]],
    office: str | None = "UBND huyện Một",
    header: list[str] | None = None,
    indicators: tuple[str, ...] = ("Tin, bài", "Kinh phí"),
    a2: str | None = None,
) -> Path:
    """A report workbook like the program exports: a “Dữ liệu” sheet, and a “Báo cáo” sheet
    whose A2 holds the office's name when ``a2`` is given."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Dữ liệu"
    cols = [*(header or NEW_HEADER), *indicators]
    ws.append(cols)
    for r in rows:
        r = {"Cơ quan": office, **r}
        ws.append([r.get(c) for c in cols])
    if a2 is not None:
        rep = wb.create_sheet("Báo cáo")
        rep["A1"] = "UBND TỈNH"
        rep["A2"] = a2
    wb.save(path)
    return path


# -- 1. one office counts once per period --------------------------------------------------


def test_two_reports_of_one_office_are_refused_by_default(tmp_path: Path) -> None:
    """One office counts once per period: two files from the same office for the same period
    are refused, by default, with a message naming both files and the office; nothing is
    written."""
    a = make_report(tmp_path / "mot-lan-1.xlsx", [row(**{"Tin, bài": 2})])
    b = make_report(tmp_path / "mot-lan-2.xlsx", [row(**{"Tin, bài": 3})])
    c = make_report(tmp_path / "hai.xlsx", [row(**{"Tin, bài": 1})], office="UBND huyện Hai")
    with pytest.raises(ImportRejected) as err:
        rollup([a, c, b], tmp_path / "tong.xlsx")
    msg = str(err.value)
    assert "mot-lan-1.xlsx" in msg and "mot-lan-2.xlsx" in msg and "UBND huyện Một" in msg
    assert "hai.xlsx" not in msg
    assert not (tmp_path / "tong.xlsx").exists()


def test_the_same_file_twice_is_one_office(tmp_path: Path) -> None:
    """Choosing the same file twice does not count its office twice: it is refused by default,
    and with “replace” the office is counted once."""
    a = make_report(tmp_path / "a.xlsx", [row(**{"Tin, bài": 2})])
    with pytest.raises(ImportRejected, match="a.xlsx"):
        rollup([a, a], tmp_path / "tong.xlsx")
    summary = rollup([a, a], tmp_path / "tong.xlsx", on_duplicate="replace")
    assert summary["offices"] == 1 and summary["rows"] == 1
    assert summary["summary"][0]["totals"]["Tin, bài"] == 2


def test_a_later_report_of_the_same_office_replaces_the_earlier(tmp_path: Path) -> None:
    """With on_duplicate="replace" the later file in the list replaces the earlier one of the
    same office and period; the summary says which file was replaced, by which, and
    “offices” counts distinct offices.  The office is recognised whatever the case of its
    name and its spacing, and whether it comes from the “Cơ quan” column or an older file's
    “Báo cáo” A2."""
    old = make_report(tmp_path / "cu.xlsx", [row(**{"Tin, bài": 2}), row(**{"Tin, bài": 4})],
                      header=OLD_HEADER, a2="UBND HUYỆN MỘT")  # fmt: skip
    other = make_report(tmp_path / "hai.xlsx", [row(**{"Tin, bài": 1})], office="UBND huyện Hai")
    new = make_report(tmp_path / "moi.xlsx", [row(**{"Tin, bài": 7})], office="UBND  huyện Một")
    reports = [read_report(p) for p in (old, other, new)]
    pairs = find_duplicates(reports)
    assert [(e.path.name, k.path.name) for e, k in pairs] == [("cu.xlsx", "moi.xlsx")]
    summary = rollup([old, other, new], tmp_path / "tong.xlsx", on_duplicate="replace")
    assert summary["offices"] == 2 and summary["rows"] == 2
    assert summary["replaced"] == [
        {"office": "UBND huyện Một", "replaced": "cu.xlsx", "by": "moi.xlsx"}
    ]
    assert {s["office"]: s["totals"]["Tin, bài"] for s in summary["summary"]} == {
        "UBND huyện Hai": 1,
        "UBND huyện Một": 7,
    }
    with pytest.raises(ValueError):
        rollup([old, other], tmp_path / "x.xlsx", on_duplicate="keep-both")


# -- 2. periods and years never mix --------------------------------------------------------


def test_reports_of_different_periods_are_refused(tmp_path: Path) -> None:
    """Periods never mix: files whose (year, period) differ are refused, the message naming
    each file with its period in words."""
    a = make_report(tmp_path / "A.xlsx", [row(code="2023-9M")])
    b = make_report(tmp_path / "B.xlsx", [row(code="2023-H1")], office="UBND huyện Hai")
    with pytest.raises(ImportRejected) as err:
        rollup([a, b], tmp_path / "tong.xlsx")
    msg = str(err.value)
    assert "“A.xlsx” là 9 tháng năm 2023" in msg
    assert "“B.xlsx” là 6 tháng đầu năm 2023" in msg
    assert "chỉ tổng hợp các báo cáo cùng kỳ" in msg
    assert not (tmp_path / "tong.xlsx").exists()


def test_the_same_period_code_of_another_year_is_refused(tmp_path: Path) -> None:
    """Years never mix either: the same kind of period in another year (or another plan
    year) is another period."""
    a = make_report(tmp_path / "A.xlsx", [row(code="2023-Y", year=2023)])
    b = make_report(tmp_path / "B.xlsx", [row(code="2022-Y", year=2022)], office="UBND huyện Hai")
    with pytest.raises(ImportRejected, match="Năm 2022"):
        rollup([a, b], tmp_path / "tong.xlsx")
    c = make_report(tmp_path / "C.xlsx", [row(code="2023-Y", year=2024)], office="UBND huyện Ba")
    with pytest.raises(ImportRejected, match="cùng kỳ"):
        rollup([a, c], tmp_path / "tong.xlsx")


def test_one_file_with_rows_of_several_periods_is_refused(tmp_path: Path) -> None:
    """A single file holding rows of several periods is refused, naming the periods."""
    a = make_report(tmp_path / "A.xlsx", [row(code="2023-9M"), row(code="2023-Q3")])
    with pytest.raises(ImportRejected) as err:
        read_report(a)
    assert "A.xlsx" in str(err.value) and "Quý III năm 2023" in str(err.value)
    with pytest.raises(ImportRejected):
        rollup([a], tmp_path / "tong.xlsx")


# -- 3. totals follow the report's rule ----------------------------------------------------


def test_quantities_are_summed_over_lead_units_only(tmp_path: Path) -> None:
    """Quantities (indicator columns) are summed over rows whose “Vai trò” is “Chủ trì” only,
    whatever their status, and so are the shares counted by status; coordinating units'
    numbers stay on their own rows in the combined
    “Dữ liệu” sheet and are never added to totals.  The summary sheet has one row per office
    and a total row, and its quantity columns say they are lead units' figures."""
    a = make_report(tmp_path / "a.xlsx", [
        row(**{"Tin, bài": 3, "Kinh phí": 1000}),
        row(unit="Đài truyền thanh", role="Phối hợp", **{"Tin, bài": 5, "Kinh phí": 700}),
        row(status=LATE, **{"Tin, bài": 2}),
    ])  # fmt: skip
    b = make_report(tmp_path / "b.xlsx", [
        row(role="Phối hợp", **{"Tin, bài": 9}),
        row(unit="UBND xã Đông", status=LATE, **{"Tin, bài": 1, "Kinh phí": 0.5}),
    ], office="UBND huyện Hai")  # fmt: skip
    summary = rollup([a, b], tmp_path / "tong.xlsx")
    totals = {s["office"]: s["totals"] for s in summary["summary"]}
    assert totals == {
        "UBND huyện Một": {"Tin, bài": 5, "Kinh phí": 1000},
        "UBND huyện Hai": {"Tin, bài": 1, "Kinh phí": 0.5},
    }
    # shares are the counted rows: here (no “Tính vào tổng” column) the lead rows
    assert summary["summary"][0]["done_on_time"] == 1 and summary["summary"][0]["overdue"] == 1
    ws = load_workbook(tmp_path / "tong.xlsx")["Tổng hợp"]
    head = [c.value for c in ws[1]]
    tin = next(i for i, h in enumerate(head, 1) if h.startswith("Tin, bài"))
    assert "Số liệu của đơn vị chủ trì" in head[tin - 1]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == [
        "UBND huyện Một", "UBND huyện Hai", "Tổng cộng",
    ]  # fmt: skip
    assert [ws.cell(row=r, column=tin).value for r in (2, 3, 4)] == [5, 1, 6]
    assert [ws.cell(row=r, column=3).value for r in (2, 3, 4)] == [2, 1, 3]
    data = load_workbook(tmp_path / "tong.xlsx")["Dữ liệu"]
    cols = [c.value for c in data[1]]
    assert cols[:13] == NEW_HEADER
    coord = [r for r in data.iter_rows(min_row=2, values_only=True) if r[6] == "Phối hợp"]
    assert sorted(r[cols.index("Tin, bài")] for r in coord) == [5, 9]


# -- reading the sheet ---------------------------------------------------------------------


def test_columns_are_read_by_name_in_the_new_and_the_old_layout(tmp_path: Path) -> None:
    """Columns are read by name, not position: the new layout (with “Cơ quan”, “Chuyển từ kỳ
    trước”, “Tính đến ngày”), columns in another order, and the older layout without those
    three all read; the known columns are never taken for indicators, and the office comes
    from “Cơ quan”, else the “Báo cáo” sheet's A2, else the file name."""
    new = read_report(make_report(tmp_path / "moi.xlsx", [
        row(**{"Chuyển từ kỳ trước": "x", "Tin, bài": 2}),
    ]))  # fmt: skip
    assert new.office == "UBND huyện Một" and new.period == "2023-9M" and new.year == 2023
    assert new.indicators == ["Tin, bài", "Kinh phí"]
    assert new.rows[0]["Chuyển từ kỳ trước"] == "x"
    shuffled = [*reversed(NEW_HEADER)]
    other = read_report(make_report(tmp_path / "dao.xlsx", [row(**{"Kinh phí": 3})],
                                    header=shuffled, indicators=("Kinh phí",)))  # fmt: skip
    assert other.indicators == ["Kinh phí"] and other.rows[0]["Kinh phí"] == 3
    assert other.rows[0]["Tình trạng"] == DONE
    old = read_report(make_report(tmp_path / "cu.xlsx", [row()], header=OLD_HEADER,
                                  a2="UBND HUYỆN BA"))  # fmt: skip
    assert old.office == "UBND HUYỆN BA" and old.indicators == ["Tin, bài", "Kinh phí"]
    bare = read_report(make_report(tmp_path / "Xã Bốn.xlsx", [row()], header=OLD_HEADER))
    assert bare.office == "Xã Bốn"
    no_office = read_report(make_report(tmp_path / "Xã Năm.xlsx", [row()], office=None,
                                        a2="UBND XÃ NĂM"))  # fmt: skip
    assert no_office.office == "UBND XÃ NĂM"


def test_a_sheet_missing_a_required_column_or_with_a_bad_role_is_refused(tmp_path: Path) -> None:
    """A sheet without one of the required columns is refused naming the column; a “Vai trò”
    other than “Chủ trì”/“Phối hợp” is refused naming the row, since totals depend on it."""
    header = [h for h in NEW_HEADER if h != "Vai trò"]
    with pytest.raises(ImportRejected, match="Vai trò"):
        read_report(make_report(tmp_path / "a.xlsx", [row()], header=header))
    with pytest.raises(ImportRejected, match="dòng 2, cột “Vai trò”"):
        read_report(make_report(tmp_path / "b.xlsx", [row(role="Chính")]))
    several = make_report(tmp_path / "c.xlsx", [row(), row(**{"Cơ quan": "UBND huyện Hai"})])
    with pytest.raises(ImportRejected, match="nhiều cơ quan"):
        read_report(several)


# -- 4. the command line -------------------------------------------------------------------


def test_cli_refuses_duplicates_unless_asked_to_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import rollup` refuses two reports of one office with a Vietnamese error and no
    traceback (exit 2); `--replace-duplicates` keeps the later file and says which it
    replaced."""
    a = make_report(tmp_path / "a.xlsx", [row(**{"Tin, bài": 2})])
    b = make_report(tmp_path / "b.xlsx", [row(**{"Tin, bài": 3})])
    out = tmp_path / "tong.xlsx"
    assert main(["import", "rollup", str(a), str(b), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:") and "UBND huyện Một" in err and "Traceback" not in err
    assert not out.exists()
    assert (
        main(["import", "rollup", str(a), str(b), "--out", str(out), "--replace-duplicates"]) == 0
    )
    printed = capsys.readouterr().out
    assert "1 cơ quan" in printed and "a.xlsx" in printed and "b.xlsx" in printed
    c = make_report(tmp_path / "c.xlsx", [row(code="2023-H1")], office="UBND huyện Hai")
    assert main(["import", "rollup", str(a), str(c), "--out", str(out)]) == 2
    assert "cùng kỳ" in capsys.readouterr().err


def test_a_real_export_rolls_up(tmp_path: Path) -> None:
    """An export written by the program itself reads back: same period, offices, counts."""
    from cchc_desktop.core.periods import parse_period_code
    from cchc_desktop.demo import write_demo
    from cchc_desktop.reports.exports import export_report
    from cchc_desktop.store.store import Store

    write_demo(tmp_path / "d", 2023, today=date(2023, 11, 24))
    s = Store.open(tmp_path / "d" / "cchc.sqlite3")
    try:
        files = export_report(s, s.catalogue.plans()[0].id, parse_period_code("2023-9M"), ["xlsx"],
                              tmp_path, date(2023, 9, 20))  # fmt: skip
    finally:
        s.close()
    report = read_report(files[0])
    assert report.period == "2023-9M" and report.year == 2023 and report.rows
    summary = rollup(files, tmp_path / "tong.xlsx")
    assert summary["offices"] == 1 and summary["rows"] == len(report.rows)
