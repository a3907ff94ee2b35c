"""The same official document as Excel (openpyxl) and Word (python-docx).

Excel: one sheet for the document, one per annex (landscape, fit to width, repeated header
rows, frozen panes), and optional data sheets; Times New Roman named so Office uses the real
font; every text written as a string (never a formula), computed values only.
Word: A4 with the same margins, the two-column header as a borderless table, annexes in a
landscape section whose table header repeats on every page; editable before signing.
"""

from __future__ import annotations

import contextlib
import math
import re
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from cchc_desktop.core.formatting import parse_number
from cchc_desktop.core.office_profile import header_lines, recipient_lines
from cchc_desktop.core.text import nfc
from cchc_desktop.reports.document_pdf import MOTTO_1, MOTTO_2, OfficialDocument
from cchc_desktop.reports.safe import ExcelTexts, atomic_write, text_cell

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# -- Excel ------------------------------------------------------------------------------------
# The workbook is written in openpyxl's write-only (streaming) mode: rows go to the file as
# they are made.  Each distinct look (font, alignment, border, fill, number format) is
# registered in the workbook once and its style array copied into every cell that uses it;
# assigning Font/Alignment/Border objects cell by cell made openpyxl hash and look each one up
# again, which was most of the time of a large report.  The small sheets (the document and the
# annexes) are gathered in any order in a ``_Grid`` and streamed out at the end; the flat data
# sheets are streamed record by record.
DATE_FORMAT = "DD/MM/YYYY"
LEFT_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT_TOP = Alignment(horizontal="right", vertical="top", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="F0F0F0")


class _Look(NamedTuple):
    """How a cell looks; ``font`` is (size, bold, italic), None for the workbook default."""

    font: tuple[float, bool, bool] | None = None
    align: Alignment | None = None
    border: Border | None = None
    fill: PatternFill | None = None
    number_format: str = "General"


def _number_format(value: Any) -> str:
    if isinstance(value, str):
        return "General"
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, int | float):
        return "#,##0" if float(value).is_integer() else "#,##0.00"
    return "General"


class _Styles:
    """Style arrays of the workbook, one per look, made once."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self._ws = ws  # any sheet of the workbook will do: styles belong to the workbook
        self._arrays: dict[_Look, Any] = {}

    def array(self, look: _Look) -> Any:
        arr = self._arrays.get(look)
        if arr is None:
            cell = WriteOnlyCell(self._ws)
            if look.font is not None:
                size, bold, italic = look.font
                cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
            if look.align is not None:
                cell.alignment = look.align
            if look.border is not None:
                cell.border = look.border
            if look.fill is not None:
                cell.fill = look.fill
            if look.number_format != "General":
                cell.number_format = look.number_format
            arr = self._arrays[look] = cell._style
        return arr


def _new_cell(ws: WriteOnlyWorksheet, value: Any, style_array: Any, texts: ExcelTexts) -> Cell:
    """A cell holding ``value``: text always as a string (never a formula), dates and numbers
    as themselves."""
    if isinstance(value, str):
        return text_cell(ws, texts(value), style_array)
    cell = Cell(ws, 1, 1, style_array=style_array)
    if value is not None:
        cell.value = value
    return cell


_NO_LOOK = (_Look(), _Look(border=DEFAULT_BORDER))


class _Grid:
    """A small sheet built like an ordinary openpyxl sheet (cells in any order, merges, row
    heights), then streamed into a write-only sheet by ``write``."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[Any, _Look]] = {}
        self.merges: list[CellRange] = []
        self.heights: dict[int, float] = {}
        self.touched: set[tuple[int, int]] = set()  # cells that exist in an ordinary sheet

    def put(self, row: int, col: int, value: Any, bold: bool = False, italic: bool = False,
            size: float = 12, align: Alignment | None = None, border: bool = False,
            fill: PatternFill | None = None, number_format: str | None = None) -> None:  # fmt: skip
        look = _Look((size, bold, italic), align or WRAP_TOP, BORDER if border else None, fill,
                     number_format or _number_format(value))  # fmt: skip
        self.cells[row, col] = (value, look)

    def merge(self, row: int, c1: int, c2: int) -> None:
        """Merge ``c1``–``c2`` of ``row`` as openpyxl does: the covered cells lose their
        content, and those on the edges take the border sides of the first cell."""
        rng = CellRange(min_row=row, max_row=row, min_col=c1, max_col=c2)
        self.merges.append(rng)
        first = self.cells.get((row, c1))
        start = first[1].border if first else None
        for col in range(c1 + 1, c2 + 1):
            border = DEFAULT_BORDER
            if start is not None:
                for name in ("top", "left", "right", "bottom"):
                    side = getattr(start, name)
                    if side and side.style is None:
                        continue
                    if (name == "left" and col != c1) or (name == "right" and col != c2):
                        continue
                    border = border + Border(**{name: side})
            self.cells[row, col] = (None, _Look(border=border))

    def border_all(self, row: int, c1: int, c2: int) -> None:
        for col in range(c1, c2 + 1):
            value, look = self.cells.get((row, col), (None, _Look()))
            self.cells[row, col] = (value, look._replace(border=BORDER))

    def dimension(self) -> str:
        coords = set(self.cells) | self.touched
        for rng in self.merges:
            coords |= set(rng.cells)
        if not coords:
            return "A1:A1"
        rows = [r for r, _ in coords]
        cols = [c for _, c in coords]
        return (
            f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"
        )

    def write(self, ws: WriteOnlyWorksheet, styles: _Styles, texts: ExcelTexts) -> None:
        """Stream the rows; sheet settings written before the rows must be set already."""
        ref = self.dimension()
        ws.calculate_dimension = lambda: ref  # the <dimension> an ordinary sheet writes
        for rng in self.merges:
            ws.merged_cells.add(rng)
        for row, height in self.heights.items():
            ws.row_dimensions[row].height = height
        by_row: dict[int, dict[int, tuple[Any, _Look]]] = {}
        for (row, col), item in self.cells.items():
            by_row.setdefault(row, {})[col] = item
        last = max([*by_row, *self.heights], default=0)
        for row in range(1, last + 1):
            items = by_row.get(row, {})
            out: list[Cell | None] = [None] * max(items, default=0)
            for col, (value, look) in items.items():
                if value is None and look in _NO_LOOK:
                    continue  # an ordinary sheet writes no cell without value and style
                out[col - 1] = _new_cell(ws, value, styles.array(look), texts)
            ws.append(out)


_VN_NUMBER = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?")
PERCENT_FORMAT = "0.0%"


def figure(value: Any) -> tuple[Any, str | None]:
    """A cell of a table of figures: ``"1.234"`` → ``(1234, "#,##0")``, ``"75,6%"`` →
    ``(0.756, "0.0%")``, ``"2,5"`` → ``(2.5, "#,##0.0")``; any other text stays as it is.
    The PDF and Word print the same figure as the Vietnamese text it was given."""
    if not isinstance(value, str):
        return value, None
    text = value.strip()
    if text.endswith("%") and _VN_NUMBER.fullmatch(text[:-1].strip()):
        number = parse_number(text[:-1])
        return (None, None) if number is None else (round(number / 100, 6), PERCENT_FORMAT)
    if _VN_NUMBER.fullmatch(text):
        number = parse_number(text)
        if number is not None:
            if number.is_integer():
                return int(number), "#,##0"
            decimals = len(text.split(",")[1]) if "," in text else 1
            return number, "#,##0." + "0" * decimals
    return value, None


def _lines(text: Any, width: float, size: float) -> int:
    """How many lines a wrapped text takes in a column ``width`` characters wide (Excel's width
    unit is a character of the default 11-point font)."""
    per_line = max(4.0, width * 11 / size * 1.2)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text or "").split("\n"))


def _height(lines: int, size: float) -> float:
    return round(lines * size * 1.3 + 3, 1)


def _header_footer(ws: WriteOnlyWorksheet, footer: str = "") -> None:
    """Page numbers centred at the top from the second page (as the decree asks), and in the
    footer what the printed pages belong to."""
    ws.HeaderFooter.differentFirst = True
    ws.page_setup.firstPageNumber = 1  # each sheet (the report, each annex) numbered on its own
    ws.page_setup.useFirstPageNumber = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT},Regular"
    ws.oddHeader.center.size = 13
    if footer:
        for hf in (ws.oddFooter, ws.firstFooter):
            hf.right.text = footer.replace("&", "&&") + " - trang &P/&N"
            hf.right.size = 9


def _merge_text(g: _Grid, row: int, c1: int, c2: int, text: str, **kw: Any) -> None:
    g.put(row, c1, text, **kw)
    if c2 > c1:
        g.merge(row, c1, c2)


def _page(ws: WriteOnlyWorksheet, landscape: bool, left_mm: float, right_mm: float) -> None:
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = left_mm / 25.4, right_mm / 25.4
    ws.page_margins.top = ws.page_margins.bottom = 20 / 25.4


def _document_sheet(ws: WriteOnlyWorksheet, doc: OfficialDocument, styles: _Styles,
                    texts: ExcelTexts) -> None:  # fmt: skip
    h = doc.header
    g = _Grid()
    widths = [8, 14, 14, 14, 14, 14, 14, 14]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    governing = [x.upper() for x in header_lines(h.governing_body)]
    issuing = [x.upper() for x in header_lines(h.issuing_body)]
    _merge_text(g, 1, 1, 3, "\n".join(governing), align=CENTER)
    _merge_text(g, 1, 4, 8, MOTTO_1, bold=True, align=CENTER)
    _merge_text(g, 2, 1, 3, "\n".join(issuing), bold=True, align=CENTER)
    _merge_text(g, 2, 4, 8, MOTTO_2, bold=True, size=13, align=CENTER)
    if not h.attached:
        _merge_text(g, 3, 1, 3, h.number_text(), size=13, align=CENTER)
        _merge_text(g, 3, 4, 8, h.date_text(), italic=True, size=13, align=CENTER)
    _merge_text(g, 5, 1, 8, h.doc_type.upper(), bold=True, size=14, align=CENTER)
    _merge_text(g, 6, 1, 8, h.summary, bold=True, size=14, align=CENTER)
    g.heights[1] = _height(max(1, len(governing)), 12)
    g.heights[2] = _height(max(len(issuing), _lines(" ".join(issuing), 36, 12)), 12)
    g.heights[6] = _height(_lines(h.summary, 106, 14), 14)
    row = 7
    if h.attached:
        text = f"({nfc(h.attached).strip('() ')})"
        _merge_text(g, row, 1, 8, text, italic=True, size=13, align=CENTER)
        g.heights[row] = _height(_lines(text, 106, 13), 13)
    row = 8
    for block in doc.blocks:
        if block.kind == "table" and block.table:
            for r_i, r in enumerate(block.table):
                longest = 1
                for c_i, v in enumerate(r):
                    value, fmt = figure(v) if block.numeric and r_i else (v, None)
                    g.put(row, c_i + 1 if c_i == 0 else c_i + 2, value, bold=r_i == 0, size=12, border=True,
                          align=CENTER if r_i == 0 else (RIGHT_TOP if fmt else WRAP_TOP),
                          number_format=fmt)  # fmt: skip
                    if c_i == 0:
                        g.merge(row, 1, 2)
                    longest = max(longest, _lines(v, 22 if c_i == 0 else 14, 12))
                g.heights[row] = _height(longest, 12)
                row += 1
            continue
        text = block.text if block.kind != "bullet" else f"- {block.text}"
        size = 12 if block.kind == "note" else 13
        _merge_text(g, row, 1, 8, text, bold=block.kind in ("heading", "subheading"),
                    italic=block.kind == "note", size=size)  # fmt: skip
        g.heights[row] = _height(_lines(text, 106, size), size)
        row += 1
    row += 1
    lines = recipient_lines(doc.recipients)
    if lines:
        _merge_text(g, row, 1, 4, "Nơi nhận:", bold=True, italic=True)
    for i, line in enumerate(doc.signature.lines):
        _merge_text(g, row + i, 5, 8, line.upper(), bold=True, size=13, align=CENTER)
    for i, r in enumerate(lines, 1):
        _merge_text(g, row + i, 1, 4, r, size=11)
        g.heights[row + i] = max(g.heights.get(row + i, 0), _height(_lines(r, 50, 11), 11))
    _merge_text(g, row + max(len(lines), len(doc.signature.lines)) + 3, 5, 8, doc.signature.name,
                bold=True, size=13, align=CENTER)  # fmt: skip
    _page(ws, False, 30, 15)
    _header_footer(ws)
    g.write(ws, styles, texts)


def _table_sheet(ws: WriteOnlyWorksheet, styles: _Styles, texts: ExcelTexts, label: str, title: str,
                 subtitle: str, headers: list[str], widths: list[float], rows: list,
                 landscape: bool = True, note: str = "", numeric: bool = False) -> None:  # fmt: skip
    n = len(headers)
    g = _Grid()
    _merge_text(g, 1, 1, n, label, bold=True, size=14, align=CENTER)
    _merge_text(g, 2, 1, n, nfc(title).upper(), bold=True, size=13, align=CENTER)
    _merge_text(g, 3, 1, n, subtitle, italic=True, size=13, align=CENTER)
    g.heights[2] = 34
    head = 5
    for c, text in enumerate(headers, 1):
        g.put(head, c, text, bold=True, size=12, align=CENTER, border=True, fill=HEADER_FILL)
    scale = 120 / sum(widths)
    col_widths = [max(6, w * scale) for w in widths]
    for c, w in enumerate(col_widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    g.heights[head] = _height(
        max(_lines(t, w, 12) for t, w in zip(headers, col_widths, strict=True)), 12
    )
    g.heights[3] = _height(_lines(subtitle, sum(col_widths), 13), 13)
    r = head + 1
    for row in rows:
        if isinstance(row, str):
            _merge_text(g, r, 1, n, row, bold=True, border=True)
            g.border_all(r, 1, n)
            g.heights[r] = _height(_lines(row, sum(col_widths), 12), 12)
        else:
            for c, value in enumerate(row, 1):
                value, fmt = figure(value) if numeric else (value, None)
                g.put(r, c, value, border=True, number_format=fmt,
                      align=RIGHT_TOP if isinstance(value, int | float) else LEFT_TOP)  # fmt: skip
            g.heights[r] = _height(
                max(_lines(v, w, 12) for v, w in zip(row, col_widths, strict=False)), 12
            )
        r += 1
    if note:
        _merge_text(g, r + 1, 1, n, note, italic=True, size=12)
        g.heights[r + 1] = _height(_lines(note, sum(col_widths), 12), 12)
    ws.freeze_panes = f"A{head + 1}"
    g.touched.add((head + 1, 1))
    ws.print_title_rows = f"{head}:{head}"
    _page(ws, landscape, 15, 15)
    _header_footer(ws)
    g.write(ws, styles, texts)


def _data_sheet(ws: WriteOnlyWorksheet, records: list[dict[str, Any]], styles: _Styles,
                texts: ExcelTexts, footer: str = "") -> None:  # fmt: skip
    """One header row, one record per row, streamed (this is the large sheet)."""
    columns = list(records[0].keys()) if records else []
    for c, key in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(c)].width = (
            14 if key not in ("Nhiệm vụ", "Kết quả") else 50
        )
    last = max((i for i, rec in enumerate(records, 2) if any(rec[k] is not None for k in columns)),
               default=1 if columns else 0)  # fmt: skip
    ref = f"A1:{get_column_letter(max(len(columns), 1))}{max(last, 1)}"
    ws.calculate_dimension = lambda: ref  # the <dimension> an ordinary sheet writes
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ref
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _header_footer(ws, footer)
    if not columns:
        return
    head = styles.array(_Look((12, True, False), CENTER, BORDER))
    ws.append([text_cell(ws, texts(key), head) for key in columns])
    plain = _Look((12, False, False), WRAP_TOP)
    text_style = styles.array(plain)
    date_style = styles.array(plain._replace(number_format=DATE_FORMAT))
    int_style = styles.array(plain._replace(number_format="#,##0"))
    dec_style = styles.array(plain._replace(number_format="#,##0.00"))
    number_styles = {"#,##0": int_style, "#,##0.00": dec_style}
    for rec in records[: last - 1]:
        out: list[Cell | None] = []
        for key in columns:
            value = rec[key]
            kind = type(value)
            if value is None:
                cell = None
            elif kind is str:
                cell = text_cell(ws, texts(value), text_style)
            elif kind is date:  # as openpyxl stores a date under a date format
                cell = Cell(ws, 1, 1, style_array=date_style)
                cell._value, cell.data_type = value, "d"
            elif kind is int or kind is float:  # data type "n", as openpyxl stores a number
                cell = Cell(ws, 1, 1, style_array=number_styles[_number_format(value)])
                cell._value = value
            else:
                look = plain._replace(number_format=_number_format(value))
                cell = _new_cell(ws, value, styles.array(look), texts)
            out.append(cell)
        ws.append(out)


def _sheet_name(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, "-")
    return text[:31]


def build_xlsx(doc: OfficialDocument, path: Path, data_sheets: list[tuple[str, list[dict[str, Any]]]] = (),
               first_sheet: str = "Báo cáo") -> Path:  # fmt: skip
    """The document, its annexes, and flat data sheets (one header row, one record per row)."""

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        try:
            texts = ExcelTexts()
            ws = wb.create_sheet(_sheet_name(first_sheet))
            styles = _Styles(ws)
            _document_sheet(ws, doc, styles, texts)
            for annex in doc.annexes:
                _table_sheet(wb.create_sheet(_sheet_name(annex.label)), styles, texts, annex.label, annex.title,
                             annex.subtitle, annex.headers, annex.widths, annex.rows, annex.landscape,
                             annex.note, annex.numeric)  # fmt: skip
            for name, records in data_sheets:
                _data_sheet(wb.create_sheet(_sheet_name(name)), records, styles, texts,
                            f"{name} - {nfc(doc.header.summary)}")  # fmt: skip
            wb.properties.title = nfc(doc.header.summary)
            wb.properties.creator = "CCHC Desktop"
            wb.save(tmp)
        except BaseException:
            _discard_streams(wb)
            raise

    return atomic_write(Path(path), write)


def _discard_streams(wb: Workbook) -> None:
    """Close and delete the temporary file each write-only sheet streams its rows into.

    openpyxl deletes them when it saves, or else only when the program exits: an export that
    failed part-way would leave them in the temp folder for the rest of a long session.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        rows = getattr(ws, "_rows", None)  # the generator feeding rows in: closed first
        with contextlib.suppress(Exception):
            if rows is not None:
                rows.close()
        with contextlib.suppress(Exception):
            writer.close()
        with contextlib.suppress(Exception):  # gone already if saving got past this sheet
            writer.cleanup()


# -- Word -------------------------------------------------------------------------------------
# Widths are set in the XML itself (table width, fixed layout, grid columns equal to the cell
# widths): Word and LibreOffice otherwise share a table's width equally between its columns,
# which wrapped the national motto and the date and made the annex's columns equal.
_TWIPS_PER_MM = 1440 / 25.4
BODY_MM = 165  # A4 less the margins 30 + 15 mm
LANDSCAPE_MM = 267  # A4 landscape less 15 + 15 mm


def _twips(mm: float) -> int:
    return round(mm * _TWIPS_PER_MM)


def _set_widths(table, widths_mm: list[float], no_padding: bool = False) -> None:
    """Fixed layout; the grid's columns and every cell's width in twips, equal to each other
    (a merged cell spans the sum of its columns)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblCellMar"):
        for el in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(el)
    tw = [_twips(w) for w in widths_mm]
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(sum(tw)))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_pr.append(tbl_w)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    if no_padding:
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), "0")
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tbl_pr.append(mar)
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for w in tw:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(w))
        grid.append(col)
    for tr in tbl.tr_lst:
        i = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc_pr = tc.get_or_add_tcPr()
            for el in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(el)
            tc_w = OxmlElement("w:tcW")
            tc_w.set(qn("w:w"), str(sum(tw[i : i + span])))
            tc_w.set(qn("w:type"), "dxa")
            tc_pr.insert(0, tc_w)
            i += span


def _row_props(row, header: bool = False) -> None:
    """A row never splits across pages; the header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)


def _rule(paragraph, width_mm: float, box_mm: float) -> None:
    """A centred rule ``width_mm`` long: the top border of an empty paragraph indented on both
    sides (a paragraph border, not a string of dashes)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    side = max(0.0, (box_mm - width_mm) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(3)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    p_pr.append(borders)


def _text_mm(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """How long a line is in the serif Word will use (metric-compatible with Times)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from cchc_desktop.reports.fonts import register_fonts

    face = register_fonts() + ("-Bold" if bold else "") + ("-Italic" if italic and not bold else "")
    if bold and italic:
        face = register_fonts() + "-BoldItalic"
    return stringWidth(text, face, size) / 72 * 25.4


def _page_field(section) -> None:
    """The page number centred in the header, not on the section's first page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(13)
    run.font.name = FONT
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _restart_numbering(section) -> None:
    """An annex is numbered on its own: its section starts again at page 1."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    for el in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(el)
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    sect_pr.append(num)
    section.different_first_page_header_footer = True


def build_docx(doc: OfficialDocument, path: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
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
        sec.header_distance = Mm(10)
        _page_field(sec)

        def para(text: str, size: float = 14, bold: bool = False, italic: bool = False,
                 align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, container=None,
                 keep_next: bool = False):  # fmt: skip
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
            if keep_next:
                p.paragraph_format.keep_with_next = True
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

        def no_borders(table) -> None:
            from docx.oxml import OxmlElement

            tbl_pr = table._tbl.tblPr
            borders = OxmlElement("w:tblBorders")
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                el = OxmlElement(f"w:{edge}")
                el.set(qn("w:val"), "nil")
                borders.append(el)
            tbl_pr.append(borders)

        h = doc.header
        C = WD_ALIGN_PARAGRAPH.CENTER
        left_mm, right_mm = BODY_MM * 0.41, BODY_MM * 0.59
        top = d.add_table(rows=1, cols=2)
        no_borders(top)
        _set_widths(top, [left_mm, right_mm], no_padding=True)
        left, right = top.rows[0].cells
        governing = [x.upper() for x in header_lines(h.governing_body)]
        issuing = [x.upper() for x in header_lines(h.issuing_body)]
        if governing:
            para("\n".join(governing), 12.5, align=C, container=left)
        para("\n".join(issuing), 12.5, bold=True, align=C, container=left)
        widest = max((_text_mm(x, 12.5, bold=True) for x in issuing), default=20)
        _rule(left.add_paragraph(), widest * 0.4, left_mm)
        para(MOTTO_1, 12.5, bold=True, align=C, container=right)
        para(MOTTO_2, 13.5, bold=True, align=C, container=right)
        _rule(right.add_paragraph(), _text_mm(MOTTO_2, 13.5, bold=True), right_mm)
        if not h.attached:
            para(h.number_text(), 13, align=C, container=left)
            para(h.date_text(), 13.5, italic=True, align=C, container=right)
        p = para(h.doc_type.upper(), 14, bold=True, align=C, keep_next=True)
        p.paragraph_format.space_before = Pt(12)
        p.paragraph_format.space_after = Pt(0)
        p = para(h.summary, 14, bold=True, align=C, keep_next=True)
        p.paragraph_format.space_after = Pt(2)
        if h.attached:
            p = para(f"({nfc(h.attached).strip('() ')})", 13, italic=True, align=C, keep_next=True)
            p.paragraph_format.space_after = Pt(2)
        summary_mm = min(_text_mm(nfc(h.summary)[:40], 14, bold=True) * 0.7, BODY_MM)
        rule = d.add_paragraph()
        _rule(rule, summary_mm, BODY_MM)
        rule.paragraph_format.space_after = Pt(12)

        def grid_table(
            rows: list[list[str]], widths: list[float], total_mm: float, size: float
        ) -> None:
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r_i, r in enumerate(rows):
                for c_i, v in enumerate(r):
                    para(str(v), size, bold=r_i == 0, align=C if r_i == 0 else WD_ALIGN_PARAGRAPH.LEFT,
                         container=t.cell(r_i, c_i))  # fmt: skip
                _row_props(t.rows[r_i], header=r_i == 0)
            _set_widths(t, [total_mm * w / sum(widths) for w in widths])

        for block in doc.blocks:
            if block.kind == "table" and block.table:
                grid_table(block.table, block.widths or [1] * len(block.table[0]), BODY_MM, 12)
                continue
            if block.kind == "note":
                para(block.text, 12, italic=True)
                continue
            text = f"- {block.text}" if block.kind == "bullet" else block.text
            para(text, bold=block.kind in ("heading", "subheading"), indent=block.kind != "plain",
                 keep_next=block.kind in ("heading", "subheading"))  # fmt: skip
        sign = d.add_table(rows=1, cols=2)
        no_borders(sign)
        _set_widths(sign, [BODY_MM * 0.5, BODY_MM * 0.5], no_padding=True)
        _row_props(sign.rows[0])
        rec, sig = sign.rows[0].cells
        lines = recipient_lines(doc.recipients)
        if lines:
            para(
                "Nơi nhận:",
                12,
                bold=True,
                italic=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
                container=rec,
            )
        for r in lines:
            para(r, 11, align=WD_ALIGN_PARAGRAPH.LEFT, container=rec)
        for line in doc.signature.lines:
            para(line.upper(), 14, bold=True, align=C, container=sig)
        for _ in range(4):
            para("", 14, container=sig)
        para(doc.signature.name, 14, bold=True, align=C, container=sig)

        for annex in doc.annexes:
            s = d.add_section(WD_SECTION.NEW_PAGE)
            _restart_numbering(s)
            if annex.landscape:
                s.orientation = WD_ORIENT.LANDSCAPE
                s.page_width, s.page_height = Mm(297), Mm(210)
                s.left_margin = s.right_margin = Mm(15)
            para(annex.label, 14, bold=True, align=C, keep_next=True)
            para(nfc(annex.title).upper(), 13.5, bold=True, align=C, keep_next=True)
            para(annex.subtitle, 13, italic=True, align=C, keep_next=True)
            usable = LANDSCAPE_MM if annex.landscape else BODY_MM
            widths = [usable * w / sum(annex.widths) for w in annex.widths]
            t = d.add_table(rows=1, cols=len(annex.headers))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for c, text in enumerate(annex.headers):
                para(text, 11, bold=True, align=C, container=t.rows[0].cells[c])
            _row_props(t.rows[0], header=True)
            for row in annex.rows:
                new = t.add_row()
                cells = new.cells
                if isinstance(row, str):
                    merged = cells[0].merge(cells[-1])
                    para(row, 11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, container=merged)
                else:
                    for c, value in enumerate(row):
                        para(str(value), 11, align=WD_ALIGN_PARAGRAPH.LEFT, container=cells[c])
                _row_props(new)
            _set_widths(t, widths)
            if annex.note:
                para(annex.note, 12, italic=True)
        d.core_properties.title = nfc(doc.header.summary)
        d.save(str(tmp))

    return atomic_write(Path(path), write)
