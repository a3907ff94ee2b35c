"""An official document laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) asks, with reportlab.

A4 portrait (landscape for annex tables), margins top/bottom 20 mm, left 30 mm, right 15 mm;
the two-column header with the national motto and the rules under it; page numbers centred in
the top margin from page 2; signature block and “Nơi nhận”; annexes with repeated table headers.
Shared by the periodic report and the plan document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cchc_desktop.core.formatting import BLANK, date_line
from cchc_desktop.core.office_profile import header_lines, recipient_lines
from cchc_desktop.core.text import nfc
from cchc_desktop.reports.fonts import register_fonts
from cchc_desktop.reports.safe import atomic_write, pdf_text

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class DocumentHeader:
    governing_body: str  # "UBND TỈNH THANH HÓA" (upper-cased when printed)
    issuing_body: str  # "|" or a new line where the officer wants the line to break
    number: str  # "25/BC-UBND" (without "Số: "); blanks kept: "     /BC-UBND"
    place: str
    date: date | None
    doc_type: str  # "BÁO CÁO", "KẾ HOẠCH"
    summary: str  # trích yếu
    blank_day: bool = False  # “ngày      tháng      năm 2023”, filled in by the clerk
    year: int | None = None  # the year printed when there is no date
    attached: str = ""  # “Ban hành kèm theo Quyết định số …”: no number nor date of its own

    def date_text(self) -> str:
        return date_line(self.place, self.date, self.blank_day, self.year)

    def number_text(self) -> str:
        return keep_blanks(f"Số: {self.number}" if self.number.strip() else f"Số:{BLANK}")


def keep_blanks(text: str) -> str:
    """Runs of spaces (the blank left for a number, “Số:      /BC-UBND”) as non-breaking
    spaces, which no layout collapses."""
    return re.sub(r" {2,}", lambda m: "\u00a0" * len(m.group(0)), nfc(text))


@dataclass
class Signature:
    lines: list[str]  # ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str


@dataclass
class Block:
    kind: str  # "heading" | "subheading" | "para" | "bullet" | "plain" | "table" | "note"
    text: str = ""
    table: list[list[str]] | None = None
    widths: list[float] | None = None  # relative
    header_rows: int = 1
    numeric: bool = False  # cells written as Vietnamese numbers (“1.234”, “75,6%”) are figures


@dataclass
class Annex:
    label: str  # "Phụ lục I"
    title: str
    subtitle: str  # "(Kèm theo Báo cáo số …/BC-UBND ngày … của …)"
    headers: list[str]
    widths: list[float]  # relative
    rows: list[list[str] | str]  # a plain str is a section row spanning all columns
    landscape: bool = True
    note: str = ""  # how the table counts, printed under it
    numeric: bool = False  # cells written as Vietnamese numbers (“1.234”, “75,6%”) are figures


@dataclass
class OfficialDocument:
    header: DocumentHeader
    blocks: list[Block]
    signature: Signature
    recipients: list[str]
    annexes: list[Annex] = field(default_factory=list)


def _styles() -> dict[str, ParagraphStyle]:
    f = register_fonts()
    base = ParagraphStyle("base", fontName=f, fontSize=14, leading=17, alignment=TA_JUSTIFY)
    return {
        "top_left": ParagraphStyle("tl", parent=base, fontSize=12.5, leading=15, alignment=TA_CENTER),
        "top_left_b": ParagraphStyle("tlb", parent=base, fontSize=12.5, leading=15, alignment=TA_CENTER, fontName=f"{f}-Bold"),
        "number": ParagraphStyle("num", parent=base, fontSize=13, leading=16, alignment=TA_CENTER),
        "motto1": ParagraphStyle("m1", parent=base, fontSize=12.5, leading=15, alignment=TA_CENTER, fontName=f"{f}-Bold"),
        "motto2": ParagraphStyle("m2", parent=base, fontSize=13.5, leading=16, alignment=TA_CENTER, fontName=f"{f}-Bold"),
        "date": ParagraphStyle("date", parent=base, fontSize=13.5, leading=16, alignment=TA_CENTER, fontName=f"{f}-Italic"),
        "type": ParagraphStyle("type", parent=base, fontSize=14, leading=17, alignment=TA_CENTER, fontName=f"{f}-Bold", spaceBefore=14, keepWithNext=1),
        "summary": ParagraphStyle("sum", parent=base, fontSize=14, leading=17, alignment=TA_CENTER, fontName=f"{f}-Bold"),
        "heading": ParagraphStyle("h", parent=base, fontName=f"{f}-Bold", firstLineIndent=1.27 * cm, spaceBefore=6, spaceAfter=6, keepWithNext=1),
        "subheading": ParagraphStyle("sh", parent=base, fontName=f"{f}-Bold", firstLineIndent=1.27 * cm, spaceAfter=6, keepWithNext=1),
        "attached": ParagraphStyle("att", parent=base, fontName=f"{f}-Italic", fontSize=13, leading=16, alignment=TA_CENTER, spaceBefore=2),
        "para": ParagraphStyle("p", parent=base, firstLineIndent=1.27 * cm, spaceAfter=6),
        "plain": ParagraphStyle("pl", parent=base, spaceAfter=6),
        "note": ParagraphStyle("nt", parent=base, fontName=f"{f}-Italic", fontSize=12, leading=14, spaceAfter=6),
        "sign": ParagraphStyle("sg", parent=base, fontName=f"{f}-Bold", alignment=TA_CENTER, fontSize=14, leading=17),
        "recipients_title": ParagraphStyle("rt", parent=base, fontName=f"{f}-BoldItalic", fontSize=12, leading=14, alignment=TA_LEFT),
        "recipients": ParagraphStyle("r", parent=base, fontSize=11, leading=13, alignment=TA_LEFT),
        "annex_label": ParagraphStyle("al", parent=base, fontName=f"{f}-Bold", alignment=TA_CENTER, keepWithNext=1),
        "annex_title": ParagraphStyle("at", parent=base, fontName=f"{f}-Bold", alignment=TA_CENTER, fontSize=13.5, leading=16, keepWithNext=1),
        "annex_sub": ParagraphStyle("as", parent=base, fontName=f"{f}-Italic", alignment=TA_CENTER, fontSize=13, leading=16, spaceAfter=8),
        "cell": ParagraphStyle("c", parent=base, fontSize=11, leading=13, alignment=TA_LEFT),
        "cell_head": ParagraphStyle("ch", parent=base, fontSize=11, leading=13, alignment=TA_CENTER, fontName=f"{f}-Bold"),
        "cell_section": ParagraphStyle("cs", parent=base, fontSize=11, leading=13, alignment=TA_LEFT, fontName=f"{f}-Bold"),
    }  # fmt: skip


def _rule(text: str, font: str, size: float, share: float = 1.0) -> Table:
    """A centred rule under a line (a one-cell table so it stays centred inside table cells)."""
    width = stringWidth(text, font, size) * share
    rule = Table([[""]], colWidths=[width], rowHeights=[4], hAlign="CENTER")
    rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 0.6, "black"), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                              ("FONTNAME", (0, 0), (-1, -1), register_fonts())]))  # fmt: skip
    return rule


def _lines_markup(lines: list[str]) -> str:
    return "<br/>".join(pdf_text(x) for x in lines)


def _header(h: DocumentHeader, st: dict[str, ParagraphStyle], width: float) -> list:
    f = register_fonts()
    governing = [x.upper() for x in header_lines(h.governing_body)]
    issuing = [x.upper() for x in header_lines(h.issuing_body)]
    widest = max(issuing, key=lambda x: stringWidth(x, f"{f}-Bold", 12.5), default="")
    left = [
        Paragraph(_lines_markup(governing), st["top_left"]),
        Paragraph(_lines_markup(issuing), st["top_left_b"]),
        Spacer(1, 2),
        _rule(widest, f"{f}-Bold", 12.5, 0.4),
    ]
    right = [
        Paragraph(MOTTO_1, st["motto1"]),
        Paragraph(MOTTO_2, st["motto2"]),
        Spacer(1, 2),
        _rule(MOTTO_2, f"{f}-Bold", 13.5),
    ]
    if not h.attached:  # a plan issued by a decision has the decision's number and date
        left.append(Paragraph(pdf_text(h.number_text()), st["number"]))
        right.append(Paragraph(pdf_text(h.date_text()), st["date"]))
    table = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("FONTNAME", (0, 0), (-1, -1), f),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    out = [table, Paragraph(pdf_text(h.doc_type.upper()), st["type"])]
    summary = nfc(h.summary)
    out.append(
        Paragraph(pdf_text(summary), ParagraphStyle("sumk", parent=st["summary"], keepWithNext=1))
    )
    if h.attached:
        out.append(
            Paragraph(pdf_text(keep_blanks(f"({nfc(h.attached).strip('() ')})")), st["attached"])
        )
    out.append(Spacer(1, 3))
    out.append(_rule(summary[:40], f"{f}-Bold", 14, 0.7))
    out.append(Spacer(1, 6))
    return out


def _fit_row(
    cells: list[str], widths: list[float], style: ParagraphStyle, max_height: float
) -> list[list]:
    """One table row, or several when a very long text would not fit on a page.

    reportlab cannot split a row taller than the frame (and splitting inside rows repeats the
    header mid-page), so a long cell continues in the next row, marked “(tiếp)”.
    """
    paras = [Paragraph(pdf_text(c), style) for c in cells]
    heights = [p.wrap(w - 12, 10_000)[1] for p, w in zip(paras, widths, strict=True)]
    if max(heights, default=0) <= max_height:
        return [paras]
    chunks: list[list[str]] = []
    for text, w in zip(cells, widths, strict=True):
        per_line = max(8, int((w - 12) / (style.fontSize * 0.48)))
        lines = max(4, int(max_height / style.leading) - 2)
        words, parts, current = text.split(" "), [], ""
        for word in words:
            if len(current) + len(word) + 1 > per_line * lines and current:
                parts.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        parts.append(current)
        chunks.append(parts)
    rows = []
    for i in range(max(len(c) for c in chunks)):
        row = []
        for col, parts in enumerate(chunks):
            text = parts[i] if i < len(parts) else ""
            if i and col == 0 and text == "" and cells[0]:
                text = f"{cells[0]} (tiếp)"
            row.append(Paragraph(pdf_text(text), style))
        rows.append(row)
    return rows


def _column_widths(headers: list[str], widths: list[float], total: float,
                   style: ParagraphStyle) -> list[float]:  # fmt: skip
    """Widths in proportion to ``widths``, but each column at least as wide as the longest
    word of its heading (“STT” never breaks into “ST/T”); the others give up the room."""
    pad = 12.5
    need = [max((stringWidth(w, style.fontName, style.fontSize) for w in nfc(h).split()), default=0) + pad
            for h in headers]  # fmt: skip
    cols = [total * w / sum(widths) for w in widths]
    for _ in range(len(cols)):
        short = [i for i, (c, n) in enumerate(zip(cols, need, strict=True)) if c < n]
        if not short:
            break
        extra = sum(need[i] - cols[i] for i in short)
        free = [i for i in range(len(cols)) if i not in short]
        spare = sum(cols[i] - need[i] for i in free)
        if spare <= extra:
            break
        for i in short:
            cols[i] = need[i]
        for i in free:
            cols[i] -= extra * (cols[i] - need[i]) / spare
    return cols


def _table(rows: list[list[str] | str], headers: list[str], widths: list[float], total: float,
           st: dict[str, ParagraphStyle], max_height: float = 380) -> Table:  # fmt: skip
    col_widths = _column_widths(headers, widths, total, st["cell_head"])
    data: list[list] = [[Paragraph(pdf_text(h), st["cell_head"]) for h in headers]]
    spans = []
    for row in rows:
        if isinstance(row, str):
            spans.append(len(data))
            data.append([Paragraph(pdf_text(row), st["cell_section"])] + [""] * (len(headers) - 1))
        else:
            data.extend(_fit_row([str(c) for c in row], col_widths, st["cell"], max_height))
    table = Table(data, colWidths=col_widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), "#f0f0f0"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
    ]
    for r in spans:
        style.append(("SPAN", (0, r), (-1, r)))
    table.setStyle(TableStyle(style))
    return table


class _NumberFromHere(Flowable):
    """Marks the page it lands on as page 1 of what follows (an annex is numbered on its own)."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.canv._cchc_first_page = self.canv.getPageNumber()


def build_pdf(
    doc: OfficialDocument, path: Path, progress: Callable[[str], None] | None = None
) -> Path:
    """Write the document to ``path`` (atomically)."""
    st = _styles()
    margins = {
        "leftMargin": 30 * mm,
        "rightMargin": 15 * mm,
        "topMargin": 20 * mm,
        "bottomMargin": 20 * mm,
    }

    def number_pages(canvas, pdf) -> None:
        """After the page is drawn: its number within the document or its annex (each annex
        is numbered on its own), centred in the top margin, not on a first page."""
        number = pdf.page - getattr(canvas, "_cchc_first_page", 1) + 1
        if number > 1:
            canvas.saveState()
            canvas.setFont(register_fonts(), 13)
            width, height = canvas._pagesize
            canvas.drawCentredString(width / 2, height - 12 * mm, str(number))
            canvas.restoreState()

    def write(tmp: Path) -> None:
        pdf = BaseDocTemplate(str(tmp), pagesize=A4, title=nfc(doc.header.summary),
                              author=" ".join(header_lines(doc.header.issuing_body)),
                              initialFontName=register_fonts(), **margins)  # fmt: skip
        pw, ph = A4
        portrait_frame = Frame(
            30 * mm, 20 * mm, pw - 45 * mm, ph - 40 * mm, id="p", leftPadding=0, rightPadding=0
        )
        lw, lh = landscape(A4)
        land_frame = Frame(
            20 * mm, 15 * mm, lw - 35 * mm, lh - 35 * mm, id="l", leftPadding=0, rightPadding=0
        )
        pdf.addPageTemplates([
            PageTemplate(id="portrait", frames=[portrait_frame], pagesize=A4, onPageEnd=number_pages),
            PageTemplate(id="landscape", frames=[land_frame], pagesize=landscape(A4), onPageEnd=number_pages),
        ])  # fmt: skip
        body_width = pw - 45 * mm
        story: list = _header(doc.header, st, body_width)
        for block in doc.blocks:
            if block.kind == "table" and block.table:
                story.append(
                    _table(
                        block.table[1:],
                        block.table[0],
                        block.widths or [1] * len(block.table[0]),
                        body_width,
                        st,
                    )
                )
                story.append(Spacer(1, 6))
            elif block.kind == "bullet":
                story.append(Paragraph(pdf_text(f"- {block.text}"), st["para"]))
            else:
                story.append(Paragraph(pdf_text(block.text), st.get(block.kind, st["para"])))
        story.append(Spacer(1, 10))
        lines = recipient_lines(doc.recipients)
        recipients = (
            [Paragraph("Nơi nhận:", st["recipients_title"])]
            + [Paragraph(pdf_text(r), st["recipients"]) for r in lines]
            if lines
            else [Spacer(1, 1)]
        )
        sign = [Paragraph(pdf_text(line.upper()), st["sign"]) for line in doc.signature.lines]
        sign += [Spacer(1, 60), Paragraph(pdf_text(doc.signature.name), st["sign"])]
        block = Table([[recipients, sign]], colWidths=[body_width * 0.5, body_width * 0.5])
        block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("FONTNAME", (0, 0), (-1, -1), register_fonts())]))  # fmt: skip
        story.append(KeepTogether([block]))
        for annex in doc.annexes:
            if progress:
                progress(annex.label)
            story.append(NextPageTemplate("landscape" if annex.landscape else "portrait"))
            story.append(PageBreak())
            story.append(_NumberFromHere())
            width = (lw - 35 * mm) if annex.landscape else body_width
            story.append(Paragraph(pdf_text(annex.label), st["annex_label"]))
            story.append(Paragraph(pdf_text(nfc(annex.title).upper()), st["annex_title"]))
            story.append(Paragraph(pdf_text(keep_blanks(annex.subtitle)), st["annex_sub"]))
            story.append(_table(annex.rows, annex.headers, annex.widths, width, st))
            if annex.note:
                story.append(Spacer(1, 4))
                story.append(Paragraph(pdf_text(annex.note), st["note"]))
        pdf.build(story)

    return atomic_write(Path(path), write)
