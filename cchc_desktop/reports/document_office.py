"""The same official document as Excel (openpyxl) and Word (python-docx).

Excel: one sheet for the document, one per annex (landscape, fit to width, repeated header
rows, frozen panes), and optional data sheets; Times New Roman named so Office uses the real
font; every text written as a string (never a formula), computed values only.
Word: A4 with the same margins, the two-column header as a borderless table, annexes in a
landscape section whose table header repeats on every page; editable before signing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc_desktop.core.formatting import date_line
from cchc_desktop.core.text import nfc
from cchc_desktop.reports.document_pdf import MOTTO_1, MOTTO_2, OfficialDocument
from cchc_desktop.reports.safe import atomic_write, excel_text, set_text

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# -- Excel ------------------------------------------------------------------------------------
def _put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    bold: bool = False,
    italic: bool = False,
    size: float = 12,
    align: Alignment | None = None,
    border: bool = False,
):  # noqa: ANN202
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        set_text(cell, value)
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY"
    else:
        cell.value = value
        if isinstance(value, int | float):
            cell.number_format = "#,##0" if float(value).is_integer() else "#,##0.00"
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = align or WRAP_TOP
    if border:
        cell.border = BORDER
    return cell


def _merge_text(ws: Worksheet, row: int, c1: int, c2: int, text: str, **kw: Any) -> None:
    _put(ws, row, c1, text, **kw)
    if c2 > c1:
        ws.merge_cells(start_row=row, start_column=c1, end_row=row, end_column=c2)


def _document_sheet(ws: Worksheet, doc: OfficialDocument) -> None:
    h = doc.header
    widths = [8, 14, 14, 14, 14, 14, 14, 14]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _merge_text(ws, 1, 1, 3, nfc(h.governing_body).upper(), align=CENTER)
    _merge_text(ws, 1, 4, 8, MOTTO_1, bold=True, align=CENTER)
    _merge_text(ws, 2, 1, 3, nfc(h.issuing_body).upper(), bold=True, align=CENTER)
    _merge_text(ws, 2, 4, 8, MOTTO_2, bold=True, size=13, align=CENTER)
    _merge_text(ws, 3, 1, 3, f"Số: {h.number}", size=13, align=CENTER)
    _merge_text(ws, 3, 4, 8, date_line(h.place, h.date), italic=True, size=13, align=CENTER)
    _merge_text(ws, 5, 1, 8, h.doc_type.upper(), bold=True, size=14, align=CENTER)
    _merge_text(ws, 6, 1, 8, h.summary, bold=True, size=14, align=CENTER)
    ws.row_dimensions[2].height = 32
    ws.row_dimensions[6].height = 36
    row = 8
    for block in doc.blocks:
        if block.kind == "table" and block.table:
            for r_i, r in enumerate(block.table):
                for c_i, v in enumerate(r):
                    _put(ws, row, c_i + 1 if c_i == 0 else c_i + 2, v, bold=r_i == 0, size=12, border=True,
                         align=CENTER if r_i == 0 else WRAP_TOP)  # fmt: skip
                    if c_i == 0:
                        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
                row += 1
            continue
        text = block.text if block.kind != "bullet" else f"- {block.text}"
        _merge_text(ws, row, 1, 8, text, bold=block.kind in ("heading", "subheading"), size=13)
        ws.row_dimensions[row].height = max(18, 17 * (len(text) // 95 + 1))
        row += 1
    row += 1
    _merge_text(ws, row, 1, 4, "Nơi nhận:", bold=True, italic=True)
    for i, line in enumerate(doc.signature.lines):
        _merge_text(ws, row + i, 5, 8, line.upper(), bold=True, size=13, align=CENTER)
    for i, r in enumerate(doc.recipients, 1):
        _merge_text(ws, row + i, 1, 4, f"- {r.lstrip('- ')}", size=11)
    _merge_text(ws, row + max(len(doc.recipients), len(doc.signature.lines)) + 3, 5, 8, doc.signature.name,
                bold=True, size=13, align=CENTER)  # fmt: skip
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 30 / 25.4, 15 / 25.4
    ws.page_margins.top = ws.page_margins.bottom = 20 / 25.4


def _table_sheet(ws: Worksheet, label: str, title: str, subtitle: str, headers: list[str], widths: list[float],
                 rows: list, landscape: bool = True) -> None:  # fmt: skip
    n = len(headers)
    _merge_text(ws, 1, 1, n, label, bold=True, size=14, align=CENTER)
    _merge_text(ws, 2, 1, n, nfc(title).upper(), bold=True, size=13, align=CENTER)
    _merge_text(ws, 3, 1, n, subtitle, italic=True, size=13, align=CENTER)
    ws.row_dimensions[2].height = 34
    head = 5
    for c, text in enumerate(headers, 1):
        _put(ws, head, c, text, bold=True, size=12, align=CENTER, border=True)
        ws.cell(row=head, column=c).fill = PatternFill("solid", fgColor="F0F0F0")
    scale = 120 / sum(widths)
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = max(6, w * scale)
    r = head + 1
    for row in rows:
        if isinstance(row, str):
            _merge_text(ws, r, 1, n, row, bold=True, border=True)
            for c in range(1, n + 1):
                ws.cell(row=r, column=c).border = BORDER
        else:
            for c, value in enumerate(row, 1):
                _put(ws, r, c, value, border=True, align=Alignment(
                    horizontal="right" if isinstance(value, int | float) else "left", vertical="top", wrap_text=True))  # fmt: skip
        r += 1
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 15 / 25.4
    ws.page_margins.top = ws.page_margins.bottom = 20 / 25.4


def _sheet_name(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, "-")
    return text[:31]


def build_xlsx(doc: OfficialDocument, path: Path, data_sheets: list[tuple[str, list[dict[str, Any]]]] = (),
               first_sheet: str = "Báo cáo") -> Path:  # fmt: skip
    """The document, its annexes, and flat data sheets (one header row, one record per row)."""

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = _sheet_name(first_sheet)
        _document_sheet(ws, doc)
        for annex in doc.annexes:
            _table_sheet(wb.create_sheet(_sheet_name(annex.label)), annex.label, annex.title, annex.subtitle,
                         annex.headers, annex.widths, annex.rows, annex.landscape)  # fmt: skip
        for name, records in data_sheets:
            sheet = wb.create_sheet(_sheet_name(name))
            columns = list(records[0].keys()) if records else []
            for c, key in enumerate(columns, 1):
                _put(sheet, 1, c, key, bold=True, align=CENTER, border=True)
                sheet.column_dimensions[get_column_letter(c)].width = (
                    14 if key not in ("Nhiệm vụ", "Kết quả") else 50
                )
            for r, rec in enumerate(records, 2):
                for c, key in enumerate(columns, 1):
                    value = rec[key]
                    if value is not None:
                        _put(
                            sheet, r, c, value if not isinstance(value, str) else excel_text(value)
                        )
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            sheet.print_title_rows = "1:1"
            sheet.page_setup.orientation = "landscape"
            sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
            sheet.page_setup.fitToWidth = 1
            sheet.page_setup.fitToHeight = 0
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
        wb.properties.title = nfc(doc.header.summary)
        wb.properties.creator = "CCHC Desktop"
        wb.save(tmp)

    return atomic_write(Path(path), write)


# -- Word -------------------------------------------------------------------------------------
def build_docx(doc: OfficialDocument, path: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    def write(tmp: Path) -> None:
        d = Document()
        normal = d.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(14)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        sec = d.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin, sec.right_margin = Mm(30), Mm(15)
        sec.top_margin = sec.bottom_margin = Mm(20)

        def para(text: str, size: float = 14, bold: bool = False, italic: bool = False,
                 align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, container=None):  # noqa: ANN001, ANN202  # fmt: skip
            target = container or d
            first = (
                target.paragraphs[0]
                if container is not None and len(target.paragraphs) == 1
                else None
            )
            p = (
                first
                if first is not None and not first.runs and not first.text
                else target.add_paragraph()
            )
            p.alignment = align
            p.paragraph_format.space_after = Pt(6 if container is None else 0)
            p.paragraph_format.line_spacing = 1.15
            if indent:
                p.paragraph_format.first_line_indent = Cm(1.27)
            run = p.add_run(nfc(text))
            run.font.size, run.font.bold, run.font.italic, run.font.name = (
                Pt(size),
                bold,
                italic,
                FONT,
            )
            return p

        def no_borders(table) -> None:  # noqa: ANN001
            tbl_pr = table._tbl.tblPr
            borders = OxmlElement("w:tblBorders")
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                el = OxmlElement(f"w:{edge}")
                el.set(qn("w:val"), "nil")
                borders.append(el)
            tbl_pr.append(borders)

        h = doc.header
        top = d.add_table(rows=1, cols=2)
        no_borders(top)
        left, right = top.rows[0].cells
        C = WD_ALIGN_PARAGRAPH.CENTER
        para(nfc(h.governing_body).upper(), 12.5, align=C, container=left)
        para(nfc(h.issuing_body).upper(), 12.5, bold=True, align=C, container=left)
        para("―――――", 10, align=C, container=left)
        para(f"Số: {h.number}", 13, align=C, container=left)
        para(MOTTO_1, 12.5, bold=True, align=C, container=right)
        para(MOTTO_2, 13.5, bold=True, align=C, container=right)
        para("――――――――――――――", 10, align=C, container=right)
        para(date_line(h.place, h.date), 13.5, italic=True, align=C, container=right)
        para(h.doc_type.upper(), 14, bold=True, align=C)
        para(h.summary, 14, bold=True, align=C)
        for block in doc.blocks:
            if block.kind == "table" and block.table:
                t = d.add_table(rows=len(block.table), cols=len(block.table[0]))
                t.style = "Table Grid"
                for r_i, r in enumerate(block.table):
                    for c_i, v in enumerate(r):
                        cell = t.cell(r_i, c_i)
                        para(
                            v,
                            12,
                            bold=r_i == 0,
                            align=C if r_i == 0 else WD_ALIGN_PARAGRAPH.LEFT,
                            container=cell,
                        )
                continue
            text = f"- {block.text}" if block.kind == "bullet" else block.text
            para(text, bold=block.kind in ("heading", "subheading"), indent=block.kind != "plain")
        sign = d.add_table(rows=1, cols=2)
        no_borders(sign)
        rec, sig = sign.rows[0].cells
        para("Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, container=rec)
        for r in doc.recipients:
            para(f"- {r.lstrip('- ')}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, container=rec)
        for line in doc.signature.lines:
            para(line.upper(), 14, bold=True, align=C, container=sig)
        for _ in range(4):
            para("", 14, container=sig)
        para(doc.signature.name, 14, bold=True, align=C, container=sig)

        for annex in doc.annexes:
            from docx.enum.section import WD_SECTION

            s = d.add_section(WD_SECTION.NEW_PAGE)
            if annex.landscape:
                s.orientation = WD_ORIENT.LANDSCAPE
                s.page_width, s.page_height = Mm(297), Mm(210)
                s.left_margin = s.right_margin = Mm(15)
            para(annex.label, 14, bold=True, align=C)
            para(nfc(annex.title).upper(), 13.5, bold=True, align=C)
            para(annex.subtitle, 13, italic=True, align=C)
            t = d.add_table(rows=1, cols=len(annex.headers))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            header_row = t.rows[0]
            tr_pr = header_row._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
            usable = 267 if annex.landscape else 165
            widths = [Mm(usable * w / sum(annex.widths)) for w in annex.widths]
            for c, text in enumerate(annex.headers):
                cell = header_row.cells[c]
                cell.width = widths[c]
                para(text, 11, bold=True, align=C, container=cell)
            for row in annex.rows:
                cells = t.add_row().cells
                if isinstance(row, str):
                    merged = cells[0].merge(cells[-1])
                    para(row, 11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, container=merged)
                else:
                    for c, value in enumerate(row):
                        cells[c].width = widths[c]
                        para(str(value), 11, align=WD_ALIGN_PARAGRAPH.LEFT, container=cells[c])
        d.core_properties.title = nfc(doc.header.summary)
        d.save(str(tmp))

    return atomic_write(Path(path), write)
