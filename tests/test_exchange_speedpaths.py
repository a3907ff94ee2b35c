"""The fast read of returned workbooks (read-only, one pass) keeps every check of a full load."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.exchange.unit_sheets import HEAD_ROW, SHEET, export_unit_sheets, preview_results
from cchc_desktop.store.store import Store

PERIOD = parse_period_code("2023-Q3")


@pytest.fixture
def sent(tmp_path: Path):
    s = Store.open(tmp_path / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    xa = s.org.add_unit("UBND xã Đông Hưng", kind="commune")
    pid = s.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    for text in ("Niêm yết công khai thủ tục hành chính", "Phát thanh chuyên mục CCHC"):
        s.catalogue.add_task(pid, None, text, timeline="Tháng 7/2023", lead=[UnitRef("unit", xa)])
    out = tmp_path / "sent"
    out.mkdir()
    (path,) = export_unit_sheets(s, pid, PERIOD, out, with_pdf=False)
    yield s, path, tmp_path
    s.close()


def edited(path: Path, dest: Path, edit) -> Path:
    wb = load_workbook(path)
    edit(wb[SHEET])
    wb.save(dest)
    return dest


def rezipped(path: Path, dest: Path, sheet_xml) -> Path:
    """A copy of the workbook whose result sheet's XML went through ``sheet_xml``."""
    wb = load_workbook(path, read_only=True)
    target = wb[SHEET]._worksheet_path
    wb.close()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(
                item, sheet_xml(data.decode()).encode() if item.filename == target else data
            )
    return dest


def test_merged_cells_as_after_a_full_load(sent) -> None:
    store, path, tmp = sent
    title = edited(path, tmp / "tieu-de.xlsx", lambda ws: ws.merge_cells("A1:I1"))
    assert preview_results(store, title).error is None  # above the table: harmless
    head = edited(path, tmp / "dau-cot.xlsx", lambda ws: ws.merge_cells("F6:G6"))
    assert "cột đã bị thêm" in preview_results(store, head).error  # G6 reads empty
    data = edited(path, tmp / "du-lieu.xlsx", lambda ws: ws.merge_cells("H7:I8"))
    assert "gộp (H7:I8)" in preview_results(store, data).error


def test_formulas_are_seen_in_a_read_only_read(sent) -> None:
    store, path, tmp = sent
    formula = edited(
        path, tmp / "cong-thuc.xlsx", lambda ws: setattr(ws.cell(HEAD_ROW + 2, 10), "value", "=2*3")
    )
    error = preview_results(store, formula).error
    assert "công thức" in error and f"dòng {HEAD_ROW + 2}" in error

    def text(ws) -> None:
        ws.cell(HEAD_ROW + 1, 8).value = "=> đã xong"
        ws.cell(HEAD_ROW + 1, 8).data_type = "s"

    preview = preview_results(store, edited(path, tmp / "chu.xlsx", text))
    assert preview.error is None and preview.rows[0].new["description"] == "=> đã xong"


def test_rows_added_far_below_and_legacy_reasons(sent) -> None:
    store, path, tmp = sent
    far = edited(path, tmp / "xa.xlsx", lambda ws: setattr(ws.cell(300, 3), "value", "thêm"))
    assert "dòng 300" in preview_results(store, far).error

    def tcvn3(ws) -> None:
        ws.cell(HEAD_ROW + 1, 6).value = "Không thực hiện"
        ws.cell(HEAD_ROW + 1, 9).value = "Ch\xada c\xe3 kinh ph\xdd"
        ws.cell(HEAD_ROW + 1, 9).font = Font(name=".VnTime")
        ws.cell(HEAD_ROW + 2, 7).value = datetime(2023, 7, 20)

    preview = preview_results(store, edited(path, tmp / "tcvn3.xlsx", tcvn3))
    assert preview.error is None
    assert preview.rows[0].new["reason"] == "Chưa có kinh phí"
    assert [r.kind for r in preview.rows] == ["new", "new"]


def test_a_damaged_sheet_is_rejected_not_a_crash(sent) -> None:
    store, path, tmp = sent
    cut = rezipped(path, tmp / "cut.xlsx", lambda xml: xml[: len(xml) // 2])
    assert "bị hỏng" in preview_results(store, cut).error
    style = rezipped(
        path, tmp / "style.xlsx", lambda xml: re.sub(r' s="\d+"', ' s="999"', xml, count=1)
    )
    assert "bị hỏng" in preview_results(store, style).error


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_the_file_is_closed_after_a_preview(sent) -> None:
    store, path, tmp = sent

    def open_on(p: Path) -> int:
        fds = Path("/proc/self/fd")
        return sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == str(p.resolve()))

    assert preview_results(store, path).error is None
    bad = edited(
        path, tmp / "sai.xlsx", lambda ws: setattr(ws.cell(HEAD_ROW + 1, 2), "value", "khác")
    )
    assert preview_results(store, bad).error
    assert open_on(path) == 0 and open_on(bad) == 0


SHEET_XML = """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>
<row r="1"><c r="A1" s="1" t="n"></c><c r="B1" t="inlineStr"><is><t>Nhiệm vụ</t></is></c>
 <c r="C1" t="inlineStr"><is><t xml:space="preserve">  cách  </t></is></c><c r="D1" t="inlineStr"><is><t/></is></c>
 <c r="E1" t="inlineStr"><is><r><rPr><b/></rPr><t>đậm</t></r><r><t> thường</t></r></is></c>
 <c r="F1" t="inlineStr"><is><t>a</t><rPh sb="0" eb="1"><t>x</t></rPh></is></c><c r="G1" t="inlineStr"></c>
 <c r="H1" t="inlineStr"><is><t>=1+1</t></is></c><c r="I1" t="inlineStr"><f>1+1</f><is><t>2</t></is></c></row>
<row r="2"><c r="A2"><v>42</v></c><c r="B2"><v>-3.5</v></c><c r="C2"><v>1E3</v></c><c r="D2" s="2"><v>45123</v></c>
 <c r="E2" t="s"><v>1</v></c><c r="F2" t="s"></c><c r="G2" t="b"><v>1</v></c><c r="H2" t="e"><v>#N/A</v></c>
 <c r="I2" t="str"><v>x</v></c><c r="J2" t="d"><v>2023-07-20</v></c><c r="K2"><v></v></c><c r="L2" s="0"><v>7</v></c></row>
<row r="3"><c r="A3"><f>SUM(A2:B2)</f><v>38.5</v></c><c r="B3"><f t="shared" ref="B3:C3" si="0">A3*2</f></c>
 <c r="C3"><f t="shared" si="0"/></c><c r="D3"><f t="array" ref="D3">A1:A2</f></c><c><v>5</v></c><c><v>6</v></c>
 <c r="ab3"><v>8</v></c><c r="XFD3"><v>9</v></c></row>
<row><c r="A4"><v>1</v></c><c r="A4"><v>2</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>"""


def test_the_short_cell_parser_gives_what_openpyxl_gives() -> None:
    from io import BytesIO

    from openpyxl.worksheet._reader import WorkSheetParser

    from cchc_desktop.exchange.sheet_reading import _Parser

    def plain(value):
        """Formula objects (array, data table) have no equality: compare their fields."""
        if isinstance(value, str | int | float | datetime | None):
            return value
        return type(value), getattr(value, "ref", None), getattr(value, "text", None)

    def parse(cls):
        parser = cls(BytesIO(SHEET_XML.encode()), ["không", "một"], date_formats={2})
        rows = [
            (idx, [{**c, "value": plain(c["value"])} for c in cells])
            for idx, cells in parser.parse()
        ]
        return rows, [m.ref for m in parser.merged_cells.mergeCell]

    fast, slow = parse(_Parser), parse(WorkSheetParser)
    assert len(fast[0]) == 4 and fast == slow
