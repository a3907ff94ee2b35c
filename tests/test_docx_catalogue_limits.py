"""A Word catalogue cannot exhaust the PC: the .docx path has limits like the .xlsx one
(uncompressed size and compression ratio checked before parsing, rows, spans, time), each
refusal a Vietnamese message naming the file."""

from __future__ import annotations

import copy
import os
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cchc_desktop.exchange import catalogue
from cchc_desktop.exchange.catalogue import CatalogueError, read_rows

HEADER = ["STT", "Nội dung công việc", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian thực hiện"]


def annex(path: Path, rows: int = 3) -> Path:
    """A small, ordinary annex table."""
    doc = Document()
    table = doc.add_table(rows=0, cols=len(HEADER))
    for r in [HEADER] + [[str(i), f"Nhiệm vụ {i}", "Phòng Nội vụ", "", "Hằng quý"] for i in range(1, rows + 1)]:  # fmt: skip
        for cell, text in zip(table.add_row().cells, r, strict=True):
            cell.text = text
    doc.save(path)
    return path


def rewrite_part(path: Path, name: str, data: bytes) -> None:
    """Replace one part of the .docx archive (deflated, as Word writes it)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)


def refused_quickly(path: Path, words: str, seconds: float = 3.0) -> str:
    started = time.monotonic()
    with pytest.raises(CatalogueError) as err:
        read_rows(path)
    elapsed = time.monotonic() - started
    message = str(err.value)
    assert path.name in message and words in message, message
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    return message


def test_a_span_of_two_billion_columns_is_refused_at_once(tmp_path: Path) -> None:
    """Rule: a cell may span at most 64 grid columns (a row at most 64 wide); checked on the
    XML before python-docx builds a cell, so a 40 KB file with gridSpan=2147483647 is refused
    in well under a second instead of taking gigabytes."""
    path = annex(tmp_path / "gộp cột.docx")
    doc = Document(str(path))
    tc = doc.tables[0].rows[1].cells[1]._tc
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "2147483647")
    tc.get_or_add_tcPr().append(span)
    doc.save(path)
    assert path.stat().st_size < 60_000
    refused_quickly(path, "64 cột", seconds=1.0)


@pytest.mark.parametrize("value", ["-3", "abc", "0", "1e9"])
def test_a_span_that_is_not_a_small_whole_number_is_refused(tmp_path: Path, value: str) -> None:
    """Rule: gridSpan must be a whole number from 1 to 64."""
    path = annex(tmp_path / "gộp lạ.docx")
    doc = Document(str(path))
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), value)
    doc.tables[0].rows[1].cells[0]._tc.get_or_add_tcPr().append(span)
    doc.save(path)
    refused_quickly(path, "không hợp lệ")


def test_twenty_thousand_rows_are_refused_at_once(tmp_path: Path) -> None:
    """Rule: at most 5,000 table rows (a real annex has a few hundred); counted on the XML,
    so 20,000 rows are refused in seconds, not minutes."""
    path = annex(tmp_path / "hai vạn dòng.docx", rows=1)
    doc = Document(str(path))
    tbl = doc.tables[0]._tbl
    row = tbl.findall(qn("w:tr"))[-1]
    for _ in range(20_000):
        tbl.append(copy.deepcopy(row))
    doc.save(path)
    refused_quickly(path, "5000 dòng", seconds=5.0)


def test_a_zip_bomb_is_refused_before_it_is_decompressed(tmp_path: Path) -> None:
    """Rule: the sizes the archive declares are checked before parsing: no part over 20 MB
    uncompressed, and no part over 1 MB compressed more than 400 times."""
    big = annex(tmp_path / "bom lớn.docx")
    with zipfile.ZipFile(big) as z:
        xml = z.read("word/document.xml")
    padding = b"<!--" + b" " * (25 * 1024 * 1024) + b"-->"
    rewrite_part(big, "word/document.xml", xml.replace(b"?>", b"?>" + padding, 1))
    assert big.stat().st_size < 200_000
    refused_quickly(big, "giải nén ra quá lớn", seconds=1.0)

    dense = annex(tmp_path / "bom nén.docx")
    padding = b"<!--" + b"a" * (5 * 1024 * 1024) + b"-->"
    rewrite_part(dense, "word/document.xml", xml.replace(b"?>", b"?>" + padding, 1))
    refused_quickly(dense, "nén bất thường", seconds=1.0)


def test_reading_stops_at_the_time_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: reading the tables has a time budget; past it the file is refused."""
    path = annex(tmp_path / "chậm.docx")
    monkeypatch.setattr(catalogue, "DOCX_MAX_SECONDS", -1.0)
    refused_quickly(path, "đọc quá")


def test_a_long_vertical_merge_reads_in_linear_time(tmp_path: Path) -> None:
    """Rule: a cell merged down many rows gives its first cell's text in each row it covers
    (as before), resolved column by column: 3,000 merged rows read in seconds, where
    python-docx walks up the rows for every cell."""
    path = annex(tmp_path / "gộp dòng.docx", rows=1)
    doc = Document(str(path))
    tbl = doc.tables[0]._tbl
    first = tbl.findall(qn("w:tr"))[-1]
    merge = OxmlElement("w:vMerge")
    merge.set(qn("w:val"), "restart")
    first.findall(qn("w:tc"))[2].get_or_add_tcPr().append(merge)
    follow = copy.deepcopy(first)
    follow.findall(qn("w:tc"))[2].tcPr.find(qn("w:vMerge")).attrib.clear()  # continue
    for _ in range(3000):
        tbl.append(copy.deepcopy(follow))
    doc.save(path)
    started = time.monotonic()
    rows = read_rows(path)
    assert time.monotonic() - started < 10
    assert len(rows) == 3002 and all(r[2] == "Phòng Nội vụ" for r in rows[1:])


def test_merged_cells_read_as_python_docx_gives_them(tmp_path: Path) -> None:
    """Rule: within the limits, the texts are those python-docx's ``row.cells`` gives (a
    merged cell once per row; a cell merged down repeated in each row it covers)."""
    path = annex(tmp_path / "gộp.docx", rows=4)
    doc = Document(str(path))
    table = doc.tables[0]
    table.cell(1, 0).merge(table.cell(1, 2))  # across
    table.cell(2, 3).merge(table.cell(4, 3)).text = "Các xã"  # down
    table.cell(3, 1).merge(table.cell(4, 2))  # a block
    doc.save(path)

    def by_python_docx() -> list[list[str]]:
        out = []
        for row in Document(str(path)).tables[0].rows:
            seen, texts = set(), []
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    texts.append("\n".join(p.text for p in cell.paragraphs).strip())
            out.append(texts)
        return out

    assert read_rows(path) == by_python_docx()


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_named_docx_and_a_broken_file_are_refused(tmp_path: Path) -> None:
    """Rule: only a regular file is opened; a file that is not a .docx is refused in
    Vietnamese without the library's English words."""
    fifo = tmp_path / "ống.docx"
    os.mkfifo(fifo)
    refused_quickly(fifo, "không phải một tệp thông thường", seconds=1.0)
    broken = tmp_path / "hỏng.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    message = refused_quickly(broken, "bị hỏng hoặc không phải tệp Word")
    assert "zip" not in message.lower().replace(".docx", "")
