"""Reading a returned workbook quickly: one streaming pass over the sheets that matter.

``load_workbook`` in normal mode builds a ``Cell`` object (with its style proxies) for every
cell of every sheet, which dominated the preview of returned workbooks.  Here the workbook is
opened read-only and the sheets we check are read with openpyxl's own sheet parser, so values,
types (``"f"`` for formulas: the workbook is never opened ``data_only``) and dates come out
exactly as ``load_workbook`` gives them, together with the ``<mergeCells>`` that read-only
worksheets do not expose.  Nothing here imports Qt.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import SHEET_MAIN_NS

_EMPTY: dict[str, Any] = {"value": None, "data_type": "n", "style_id": 0}
_VALUE = "{%s}v" % SHEET_MAIN_NS  # noqa: UP031
_INLINE = "{%s}is" % SHEET_MAIN_NS  # noqa: UP031
_TEXT = "{%s}t" % SHEET_MAIN_NS  # noqa: UP031
_COLUMNS: dict[str, int] = {}  # "AB" -> 28


def _column(letters: str) -> int | None:
    try:
        return _COLUMNS[letters]
    except KeyError:
        if not (letters.isascii() and letters.isalpha()):
            return None
        try:
            index = column_index_from_string(letters)
        except ValueError:
            return None
        _COLUMNS[letters] = index
        return index


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser, with a shorter way for the cells a returned sheet is made of.

    Empty styled cells, plain numbers, shared strings and plain inline strings give exactly
    what ``WorkSheetParser.parse_cell`` gives, without building a ``Text`` object per cell;
    anything else (formulas, rich text, dates, booleans, errors, odd coordinates) goes to
    openpyxl's own code.
    """

    def parse_cell(self, element):
        coordinate = element.get("r")
        if coordinate is None:
            return super().parse_cell(element)
        letters = coordinate.rstrip("0123456789")
        digits = coordinate[len(letters) :]
        column = _column(letters)
        if column is None or not digits or not digits.isascii():
            return super().parse_cell(element)
        data_type = element.get("t", "n")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        n = len(element)
        if n == 0:  # no <v>, <f> or <is>: an empty cell
            value = None
        elif n == 1 and element[0].tag == _VALUE and (data_type == "s" or (
                data_type == "n" and style_id not in self.date_formats)):  # fmt: skip
            value = element[0].text or None
            if value is not None:
                value = self.shared_strings[int(value)] if data_type == "s" else _cast_number(value)
        elif n == 1 and data_type == "inlineStr" and element[0].tag == _INLINE:
            inline = element[0]  # <is><t>text</t></is>, as openpyxl and Excel write it
            if inline.attrib or len(inline) != 1 or inline[0].tag != _TEXT:
                return super().parse_cell(element)  # rich text, phonetic runs…
            value, data_type = inline[0].text or "", "s"
        else:
            return super().parse_cell(element)
        self.col_counter = column
        return {"row": int(digits), "column": column, "value": value, "data_type": data_type,
                "style_id": style_id}  # fmt: skip


class ImportRejected(ValueError):
    """A returned workbook that cannot be applied; nothing was written."""


_OPEN_CAUSES = {
    errno.ENOENT: "không tìm thấy tệp (đã bị xóa, đổi tên hoặc ổ USB đã rút ra?)",
    errno.EACCES: "không có quyền đọc tệp",
    errno.EPERM: "không có quyền đọc tệp",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ELOOP: "đường dẫn vòng lặp (liên kết trỏ về chính nó)",
    errno.ENAMETOOLONG: "tên hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc ổ đĩa",
}


def _cannot_read(path: Path, exc: OSError) -> ImportRejected:
    if exc.errno in (errno.EACCES, errno.EPERM) and path.is_dir():  # Windows says so of folders
        exc = IsADirectoryError(errno.EISDIR, "")
    cause = _OPEN_CAUSES.get(
        exc.errno or 0, f"lỗi hệ thống số {exc.errno}" if exc.errno else "lỗi hệ thống"
    )
    return ImportRejected(f"Không đọc được tệp “{path.name}”: {cause}.")


def _regular_file(path: Path) -> tuple[bytes, int]:
    """The first bytes and the size of ``path``, refusing anything but a regular file.

    Opened without blocking, so a FIFO or a device named ``….xlsx`` is refused at once
    instead of waiting for a writer or reading forever.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _cannot_read(path, exc) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImportRejected(
                f"Không đọc được tệp “{path.name}”: đây là một thư mục, không phải tệp."
            )
        if not stat.S_ISREG(info.st_mode):
            raise ImportRejected(
                f"Không đọc được tệp “{path.name}”: đây không phải một tệp thông thường "
                "(có thể là ống dẫn hoặc thiết bị đặt tên .xlsx)."
            )
        return os.read(fd, 8), info.st_size
    except OSError as exc:
        raise _cannot_read(path, exc) from exc
    finally:
        os.close(fd)


def open_checked(path: Path, max_bytes: int, max_unzipped: int, read_only: bool = True):
    """The workbook at ``path`` (formulas kept, never ``data_only``).

    Refuses anything but a regular file (a folder, a FIFO or a device named .xlsx), old .xls
    or password-protected files, non-workbooks, oversized files and zip bombs (by the sizes
    the archive declares) before anything is decompressed.  A read-only workbook keeps its
    file open: the caller closes it.
    """
    path = Path(path)
    head, size = _regular_file(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(f"Tệp “{path.name}” là định dạng Excel cũ (.xls) hoặc được đặt mật khẩu; hãy mở bằng Excel, "
                                 "bỏ mật khẩu và lưu lại dạng .xlsx.")  # fmt: skip
    if not head.startswith(b"PK"):
        raise ImportRejected(f"Tệp “{path.name}” không phải bảng tính Excel (.xlsx).")
    if size > max_bytes:
        raise ImportRejected(
            f"Tệp “{path.name}” quá lớn ({size // 1024 // 1024} MB) cho một phiếu kết quả."
        )
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > max_unzipped:
                raise ImportRejected(
                    f"Tệp “{path.name}” giải nén ra quá lớn (nghi là tệp độc hại); không mở."
                )
        return load_workbook(path, read_only=read_only, data_only=False)
    except ImportRejected:
        raise
    except Exception as exc:
        raise broken(path, exc) from exc


class SheetDamage(ValueError):
    """A damage found by our own reading; its message is Vietnamese and may be shown."""


def _damage(exc: BaseException) -> str:
    """What is wrong, in Vietnamese, without the English text of the exception."""
    if isinstance(exc, SheetDamage):
        return str(exc)
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return "phần nén của tệp bị hỏng hoặc bị cắt cụt"
    if isinstance(exc, KeyError):
        return "thiếu một phần bên trong bảng tính"
    if isinstance(exc, MemoryError | RecursionError):
        return "nội dung quá lớn hoặc lồng nhau quá sâu để đọc"
    if isinstance(exc, OSError):
        return "không đọc hết được tệp"
    name = type(exc).__name__
    module = type(exc).__module__ or ""
    if "Entities" in name or "DTD" in name or "External" in name or module.startswith("defusedxml"):
        return "có khai báo XML không được phép (nghi là tệp độc hại)"
    if "XML" in name.upper() or "Parse" in name or module.startswith(("xml", "lxml")):
        return "nội dung XML bên trong bị hỏng"
    return "nội dung bên trong không đúng cấu trúc của bảng tính"


def broken(path: Path, exc: BaseException) -> ImportRejected:
    return ImportRejected(
        f"Tệp “{path.name}” bị hỏng hoặc không phải bảng tính Excel (.xlsx): {_damage(exc)}."
    )


@dataclass
class SheetData:
    """The cells of one sheet as ``load_workbook`` would give them, without Cell objects.

    Cells covered by a merged range (all but its top-left one) read as empty, as they do
    after a normal load.
    """

    sheet: Any  # the read-only worksheet, for fonts
    cells: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # (row, column)
    merged: list[CellRange] = field(default_factory=list)

    def get(self, row: int, column: int) -> dict[str, Any]:
        """``{"value", "data_type", "style_id"}`` of a cell; an empty cell if absent."""
        return self.cells.get((row, column), _EMPTY)

    def value(self, row: int, column: int) -> Any:
        return self.cells.get((row, column), _EMPTY)["value"]

    def font_name(self, cell: dict[str, Any]) -> str | None:
        font = ReadOnlyCell(self.sheet, 0, 0, None, style_id=cell["style_id"]).font
        return font.name if font else None


def read_sheet(wb, title: str) -> SheetData:
    """Every cell and merged range of sheet ``title`` of a read-only workbook, in one pass.

    Raises on a damaged sheet (bad XML, unknown style, bad range): the caller turns that
    into a rejection, as a normal ``load_workbook`` would have failed.
    """
    ws = wb[title]
    if not isinstance(ws, ReadOnlyWorksheet):
        raise SheetDamage(f"“{title}” không phải trang tính")
    n_styles = len(wb._cell_styles)
    data = SheetData(ws)
    cells = data.cells
    with wb._archive.open(ws._worksheet_path) as src:
        parser = _Parser(src, ws._shared_strings, data_only=False, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)  # fmt: skip
        for _, row in parser.parse():
            for cell in row:
                if cell["style_id"] >= n_styles:
                    raise SheetDamage(f"kiểu định dạng ô không tồn tại ({cell['style_id']})")
                cells[cell["row"], cell["column"]] = cell
        if parser.merged_cells:
            data.merged = [CellRange(m.ref) for m in parser.merged_cells.mergeCell]
    for rng in data.merged:  # as after a normal load: only the top-left cell keeps its value
        top_left = (rng.min_row, rng.min_col)
        inside = (
            rng.cells
            if rng.size["rows"] * rng.size["columns"] <= len(cells)
            else [
                (r, c)
                for r, c in cells
                if rng.min_row <= r <= rng.max_row and rng.min_col <= c <= rng.max_col
            ]
        )
        for key in list(inside):
            if key != top_left:
                cells.pop(key, None)
    return data
