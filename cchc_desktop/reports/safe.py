"""Everything that leaves the program is escaped for where it goes.

- Excel: a text starting with ``=``, ``+``, ``-`` or ``@`` must stay text, never a formula.
- reportlab: ``<``, ``>`` and ``&`` must print literally, never break or inject markup.
- File names built from titles such as ``25/KH-UBND`` must be valid on Windows.
- Files are written to a temporary name and renamed, so a failure leaves no partial file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from cchc_desktop.core.text import nfc


class ExportError(OSError):
    """An export that could not be written; the message is Vietnamese and names the file."""


def excel_text(value: object) -> str:
    """NFC text without the control characters Excel files cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(str(value)))


def set_text(cell, value: object) -> None:  # noqa: ANN001
    """Write ``value`` into an openpyxl cell as a string, even if it looks like a formula."""
    text = excel_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula


class ExcelTexts:
    """``excel_text`` with memory: a large export repeats the same names and contents thousands
    of times, and normalising each once is enough."""

    def __init__(self) -> None:
        self._done: dict[str, str] = {}

    def __call__(self, value: object) -> str:
        if type(value) is str:
            text = self._done.get(value)
            if text is None:
                text = self._done[value] = excel_text(value)
            return text
        return excel_text(value)


def text_cell(ws, text: str, style_array=None) -> Cell:  # noqa: ANN001
    """A new cell for a write-only sheet holding ``text`` (from ``excel_text``) as a string.

    The value is stored as text directly, so ``=…``, ``+…``, ``-…`` and ``@…`` never become
    formulas; ``style_array`` is the look shared by many cells (copied, never re-hashed).
    """
    cell = Cell(ws, 1, 1, style_array=style_array)
    if len(text) > 32767:
        cell.value = text  # openpyxl's own error for a text Excel cannot hold
    cell._value = text
    cell.data_type = "s"
    return cell


def pdf_text(value: object) -> str:
    """NFC text escaped for reportlab Paragraph markup; new lines become line breaks."""
    return escape(nfc(str(value))).replace("\r\n", "\n").replace("\n", "<br/>")


_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_filename(title: str, ext: str = "", limit: int = 150) -> str:
    """A file name Windows accepts: ``25/KH-UBND`` → ``25-KH-UBND``; Vietnamese letters stay."""
    name = _FORBIDDEN.sub("-", nfc(title))
    name = re.sub(r"\s+", " ", name).strip(" .-") or "tep"
    name = name[:limit].rstrip(" .")
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    ext = ext if not ext or ext.startswith(".") else f".{ext}"
    return f"{name}{ext}"


def _cause(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "ổ đĩa đầy"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "không có quyền ghi (ổ đĩa hoặc thư mục chỉ đọc)"
        if exc.errno == errno.ENOENT:
            return "thư mục không còn tồn tại (ổ USB đã rút ra?)"
        return exc.strerror or str(exc)
    return str(exc) or exc.__class__.__name__


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, writer: Callable[[Path], None]) -> Path:
    """Let ``writer`` fill a temporary file beside ``path``, then rename it into place.

    On any failure the temporary file is removed, an existing file at ``path`` is left as it
    was, and :class:`ExportError` says in Vietnamese what went wrong.
    """
    path = Path(path)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".cchc-", suffix=path.suffix + ".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        writer(tmp)
        with open(tmp, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, path)
        tmp = None
        return path
    except Exception as exc:
        raise ExportError(f"Không ghi được tệp {path}: {_cause(exc)}.") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
