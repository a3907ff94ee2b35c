"""The streamed (write-only) Excel export looks exactly as the document requires.

``build_xlsx`` writes rows as they are made and shares one style per look; these tests read
the file back and check what a user sees: values (text never a formula), fonts, borders,
fills, merges, widths, heights, frozen panes, print setup, filters and number formats.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc_desktop.reports.document_office import build_xlsx
from cchc_desktop.reports.document_pdf import (
    Annex,
    Block,
    DocumentHeader,
    OfficialDocument,
    Signature,
)

FORMULAS = ["=1+1", "+84 912 345 678", "-5 lượt", "@SUM(A1:A2)", '=HYPERLINK("http://x")']


def _doc() -> OfficialDocument:
    header = DocumentHeader(
        "UBND tỉnh Thanh Hóa", "UBND huyện Vĩnh Lộc", "18/BC-UBND", "Vĩnh Lộc",
        date(2023, 12, 20), "Báo cáo", "=Kết quả tuyên truyền",
    )  # fmt: skip
    blocks = [
        Block("heading", "I. KẾT QUẢ"),
        Block("para", "+Đoạn văn bắt đầu bằng dấu cộng"),
        Block("bullet", "@mục"),
        Block("table", table=[["Tình trạng", "Số lượt", "Tỷ lệ"], ["=Hoàn thành", "-3", "50,0%"]]),
    ]
    annex = Annex(
        "Phụ lục I", "Kết quả thực hiện", "(Kèm theo …)",
        ["STT", "Nội dung", "Số", "Tỷ lệ"], [6, 30, 10, 10],
        ["I. Tuyên truyền chung", ["1", "=SUM(A1)", 12, 0.5], ["2", "Nội dung\x07 có ký tự lạ", 3, 2.0]],
    )  # fmt: skip
    return OfficialDocument(header, blocks, Signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Văn A"),
                            ["Sở Nội vụ", "Lưu: VT"], [annex])  # fmt: skip


def _records() -> list[dict]:
    rows = []
    for i, text in enumerate(FORMULAS):
        rows.append({
            "Năm": 2023, "Nhiệm vụ": text, "Hạn": date(2023, 3, i + 1), "Ngày hoàn thành": None,
            "Kết quả": "Xong" if i % 2 else "", "Số tin bài": 2.5 if i == 1 else i,
        })  # fmt: skip
    rows.append({"Năm": 2023, "Nhiệm vụ": "Khác", "Hạn": datetime(2023, 4, 1, 8, 30),
                 "Ngày hoàn thành": date(2023, 4, 2), "Kết quả": True, "Số tin bài": None})  # fmt: skip
    return rows


def _export(tmp_path: Path) -> Path:
    return build_xlsx(_doc(), tmp_path / "bao-cao.xlsx", [("Dữ liệu", _records())], "Báo cáo")


def test_text_never_becomes_a_formula_on_any_sheet(tmp_path: Path) -> None:
    wb = load_workbook(_export(tmp_path))
    assert wb.sheetnames == ["Báo cáo", "Phụ lục I", "Dữ liệu"]
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    for text in [*FORMULAS, "=Kết quả tuyên truyền", "+Đoạn văn bắt đầu bằng dấu cộng", "- @mục",
                 "=Hoàn thành", "-3", "=SUM(A1)"]:  # fmt: skip
        assert text in values, text
    assert "Nội dung có ký tự lạ" in values  # control characters Excel cannot hold are dropped


def test_document_sheet_layout(tmp_path: Path) -> None:
    ws = load_workbook(_export(tmp_path))["Báo cáo"]
    assert ws["A1"].value == "UBND TỈNH THANH HÓA" and ws["A2"].value == "UBND HUYỆN VĨNH LỘC"
    assert ws["A2"].font.name == "Times New Roman" and ws["A2"].font.b
    assert ws["A2"].alignment.horizontal == "center" and ws["A2"].alignment.wrap_text
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:C1", "D1:H1", "A2:C2", "D2:H2", "A5:H5", "A6:H6"} <= merged
    assert ws.row_dimensions[2].height >= 18 and ws.row_dimensions[6].height >= 18  # wrapped rows
    assert ws.column_dimensions["A"].width == 8 and ws.column_dimensions["H"].width == 14
    # the small table: first column merged over A:B, every cell bordered, the header bold
    table = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Tình trạng")
    assert f"A{table}:B{table}" in merged
    assert ws.cell(table, 1).font.b and not ws.cell(table + 1, 1).font.b
    for col in (1, 2, 3, 4):
        assert ws.cell(table + 1, col).border.top.style == "thin", col
    assert ws.cell(table + 1, 2).border.right.style == "thin"  # covered cell keeps the edge
    assert ws.page_setup.orientation == "portrait" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert round(ws.page_margins.left * 25.4) == 30


def test_annex_sheet_layout(tmp_path: Path) -> None:
    ws = load_workbook(_export(tmp_path))["Phụ lục I"]
    assert ws.freeze_panes == "A6" and ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape"
    head = ws["B5"]
    assert head.value == "Nội dung" and head.font.b and head.fill.fgColor.rgb.endswith("F0F0F0")
    assert head.border.left.style == "thin"
    # a section row spans all columns, bold, with every cell bordered
    assert "A6:D6" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A6"].value == "I. Tuyên truyền chung" and ws["A6"].font.b
    assert all(ws.cell(6, c).border.bottom.style == "thin" for c in range(1, 5))
    assert ws["C7"].value == 12 and ws["C7"].number_format == "#,##0"
    assert ws["C7"].alignment.horizontal == "right" and ws["B7"].alignment.horizontal == "left"
    assert ws["D7"].value == 0.5 and ws["D7"].number_format == "#,##0.00"
    assert ws["D8"].number_format == "#,##0"
    assert ws.column_dimensions["B"].width == pytest.approx(120 * 30 / 56)


def test_data_sheet_values_formats_and_filter(tmp_path: Path) -> None:
    path = _export(tmp_path)
    ws = load_workbook(path)["Dữ liệu"]
    assert [c.value for c in ws[1]] == [
        "Năm",
        "Nhiệm vụ",
        "Hạn",
        "Ngày hoàn thành",
        "Kết quả",
        "Số tin bài",
    ]
    assert all(c.font.b and c.border.top.style == "thin" for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    assert ws.auto_filter.ref == "A1:F7" and ws.dimensions == "A1:F7"
    assert ws.column_dimensions["B"].width == 50 and ws.column_dimensions["A"].width == 14
    assert ws["A2"].value == 2023 and ws["A2"].number_format == "#,##0"
    assert ws["C2"].value == datetime(2023, 3, 1) and ws["C2"].number_format == "DD/MM/YYYY"
    assert ws["C7"].value == datetime(2023, 4, 1, 8, 30) and ws["C7"].number_format == "DD/MM/YYYY"
    assert ws["D2"].value is None and ws["D7"].number_format == "DD/MM/YYYY"
    assert ws["E2"].value in ("", None) and ws["E2"].font.name == "Times New Roman"
    assert ws["E7"].value is True
    assert ws["F3"].value == 2.5 and ws["F3"].number_format == "#,##0.00"
    assert all(
        c.font.name == "Times New Roman" and c.alignment.vertical == "top" for c in ws[2] if c.value
    )
    ro = load_workbook(path, read_only=True)["Dữ liệu"]
    assert ro.max_row == 7 and ro.max_column == 6  # the <dimension> readers rely on


def test_empty_data_sheet(tmp_path: Path) -> None:
    path = build_xlsx(_doc(), tmp_path / "trong.xlsx", [("Dữ liệu", [])])
    ws = load_workbook(path)["Dữ liệu"]
    assert ws.max_row == 1 and ws["A1"].value is None and ws.auto_filter.ref == "A1:A1"
