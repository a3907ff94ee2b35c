"""The documents' format read from the files themselves: PDF fonts and text, the .docx XML
(widths equal to the grid, PAGE field, borders, rows that never split, repeated header rows)
and the .xlsx cells (numbers are numbers, formats, row heights, header and footer)."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.reports.exports import export_plan, export_report
from cchc_desktop.store.store import Store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("office")
    s = Store.open(folder / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Hòa Vang Thượng", "UBND tỉnh Sông Mây", "Hòa Vang Thượng", "Lê Thu",
                        level="district", header_name="UBND huyện|Hòa Vang Thượng"))  # fmt: skip
    nv = s.org.add_unit("Phòng Nội vụ", short_name="NV", kind="department")
    xa = [s.org.add_unit(f"UBND xã {n}", kind="commune") for n in ("Đông Hưng", "Ân Tín", "An Hòa")]
    g = s.org.add_group("UBND các xã, thị trấn", xa)
    pid = s.catalogue.add_plan(
        2023, "Tuyên truyền cải cách hành chính năm 2023", audiences="Người dân."
    )
    for i in range(3):
        sec = s.catalogue.add_section(pid, f"Nhóm nhiệm vụ {i + 1}")
        for j in range(12):
            s.catalogue.add_task(pid, sec, f"Nhiệm vụ {i + 1}.{j + 1}: tuyên truyền về thủ tục hành chính " * 3,
                       timeline="Hằng quý", lead=[UnitRef("group", g)], coordinating=[UnitRef("unit", nv)],
                       forms=["hoi_nghi"], targets={"tin_bai": 4})  # fmt: skip
    for k, occ in enumerate(s.tracking.occurrence_rows(pid)):
        if occ.role == "lead" and k % 3:
            s.results.set_result(occ.id, "done", occ.due, values={"tin_bai": 1234 if k == 1 else 1})
    s.settings.set_setting("report_header", {"signer_name": "Trịnh Văn Thắng"})
    s.settings.set_setting("report_blank_date", True)
    out = folder / "out"
    out.mkdir()
    paths = export_report(
        s, pid, parse_period_code("2023-Y"), ["pdf", "docx", "xlsx"], out, date(2023, 12, 18)
    )
    plan = export_plan(s, pid, ["pdf"], out)
    s.close()
    return {"pdf": paths[0], "docx": paths[1], "xlsx": paths[2], "plan_pdf": plan[0]}


def top_margin_text(page) -> str:
    """What is printed in the top margin (the page number), from the text's positions."""
    top = float(page.mediabox.height) - 20 * 72 / 25.4
    found: list[str] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and tm[5] * cm[3] + cm[5] > top:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def page_texts(path: Path) -> list[str]:
    return [
        unicodedata.normalize("NFC", p.extract_text() or "") for p in PdfReader(str(path)).pages
    ]


def test_pdf_fonts_are_all_embedded_and_none_is_helvetica(files: dict[str, Path]) -> None:
    for key in ("pdf", "plan_pdf"):
        for page in PdfReader(str(files[key])).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert "Helvetica" not in str(font["/BaseFont"])
                desc = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )
                desc = desc["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc), font["/BaseFont"]


def test_pdf_header_blanks_recipients_and_page_numbers(files: dict[str, Path]) -> None:
    pages = page_texts(files["pdf"])
    first = pages[0]
    assert "UBND HUYỆN\nHÒA VANG THƯỢNG" in first  # broken where the officer typed |
    assert re.search(r"Số:\s{4,}/BC-UBND", first)  # the blank for the number kept
    assert re.search(r"Hòa Vang Thượng, ngày\s{4,}tháng\s{4,}năm 2023", first)
    joined = "\n".join(pages)
    lines = re.findall(r"^- .*$", joined.split("Nơi nhận:")[1].split("Phụ lục")[0], re.M)
    assert lines[-1].endswith(".") and lines[-1].startswith("- Lưu: VT, NV")
    assert all(x.endswith(";") for x in lines[:-1]) and len(lines) >= 3
    # each annex numbered on its own: its first page unnumbered, the next one “2”
    reader = PdfReader(str(files["pdf"]))
    numbers = [top_margin_text(p) for p in reader.pages]
    starts = [i for i, t in enumerate(pages) if t.lstrip().startswith("Phụ lục")]
    assert len(starts) == 2
    assert numbers[0] == "" and numbers[1] == "2"
    assert all(numbers[start] == "" for start in starts)
    assert starts[1] - starts[0] > 2 and numbers[starts[0] + 1 : starts[1]][:2] == ["2", "3"]
    annex2 = pages[starts[1]]
    assert "STT" in annex2.split("\n")[:12] or "STT" in annex2  # the heading word whole
    assert "ST\nT" not in annex2


def docx_xml(path: Path, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def test_docx_widths_equal_the_grid_rows_never_split_headers_repeat(files: dict[str, Path]) -> None:
    from docx import Document

    doc = Document(str(files["docx"]))
    for table in doc.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        grid = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
        assert int(tbl.tblPr.find(f"{W}tblW").get(f"{W}w")) == sum(grid)
        for tr in tbl.tr_lst:
            widths = [int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in tr.tc_lst]
            spans = [tc.grid_span for tc in tr.tc_lst]
            i, expected = 0, []
            for span in spans:
                expected.append(sum(grid[i : i + span]))
                i += span
            assert widths == expected
    header = doc.tables[0]._tbl
    grid = [int(c.get(f"{W}w")) for c in header.tblGrid.findall(f"{W}gridCol")]
    assert grid[1] > grid[0] and abs(sum(grid) - 165 * 1440 / 25.4) < 5  # not two equal halves
    annex = doc.tables[-1]._tbl
    rows = annex.tr_lst
    assert rows[0].trPr.find(f"{W}tblHeader") is not None
    assert all(tr.trPr is not None and tr.trPr.find(f"{W}cantSplit") is not None for tr in rows)
    widths = [int(c.get(f"{W}w")) for c in annex.tblGrid.findall(f"{W}gridCol")]
    assert len(set(widths)) > 2  # the annex's columns are not equal


def test_docx_rules_are_borders_and_pages_are_numbered_from_page_two(
    files: dict[str, Path],
) -> None:
    xml = docx_xml(files["docx"])
    assert "―" not in xml
    assert xml.count("<w:pBdr>") >= 3  # under the issuing body, the motto and the trích yếu
    assert "<w:titlePg/>" in xml  # a different first page: no number on it
    assert xml.count('<w:pgNumType w:start="1"/>') == 2  # each annex starts at 1
    with zipfile.ZipFile(files["docx"]) as z:
        headers = [z.read(n).decode() for n in z.namelist() if re.match(r"word/header\d+\.xml", n)]
    assert any("PAGE" in h and "fldChar" in h for h in headers)
    assert "Số:\u00a0" in xml or "Số: \u00a0" in xml  # the number's blank kept


def test_xlsx_figures_are_numbers_with_formats_heights_headers(files: dict[str, Path]) -> None:
    wb = load_workbook(files["xlsx"])
    annex = wb["Phụ lục II"]
    rows = [r for r in annex.iter_rows(min_row=6) if r[1].value]
    for row in rows:
        assert isinstance(row[2].value, int) and row[2].number_format == "#,##0"
        rate = row[8]
        assert rate.value == "—" or (0 <= rate.value <= 1 and rate.number_format == "0.0%")
    assert sum(isinstance(r[8].value, float) for r in rows) >= 3
    assert rows[-1][1].value == "Tổng cộng"
    assert rows[-1][2].value == sum(r[2].value for r in rows[:-1])
    report = wb["Báo cáo"]
    numbers = [c for row in report.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert any(c.number_format == "0.0%" for c in numbers)
    assert any(c.value == 1234 or c.number_format == "#,##0" for c in numbers)
    # wrapped rows have heights: a long task text makes a tall row in Phụ lục I
    tasks = wb["Phụ lục I"]
    tall = [tasks.row_dimensions[r].height for r in range(6, tasks.max_row + 1)
            if tasks.row_dimensions[r].height]  # fmt: skip
    assert tall and max(tall) > 40
    assert report.row_dimensions[2].height >= 30  # the issuing body on two lines
    for ws in wb:
        assert ws.oddHeader.center.text == "&P" and ws.HeaderFooter.differentFirst
        assert ws.page_setup.firstPageNumber == 1
    assert "&P/&N" in wb["Dữ liệu"].oddFooter.right.text
    assert wb["Dữ liệu"].cell(1, 1).value == "Cơ quan"
    assert wb["Dữ liệu"].cell(2, 1).value == "UBND huyện Hòa Vang Thượng"  # one line, no |
