"""Everything that leaves the program is escaped for where it goes.

- Excel: a text starting with ``=``, ``+``, ``-`` or ``@`` must stay text, never a formula.
- reportlab: ``<``, ``>`` and ``&`` must print literally, never break or inject markup.
- File names built from titles such as ``25/KH-UBND`` must be valid on Windows, and short
  enough that a folder of 100 characters plus the name stays within Excel's 218 (``NAME_BUDGET``).
- Files are written to a temporary name and renamed, so a failure leaves no partial file; a
  file held open by Excel or Word is named as such, not as a folder without write permission.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from cchc_desktop.core.text import nfc


class ExportError(OSError):
    """An export that could not be written; the message is Vietnamese and names the file.

    ``in_use`` is set when the file is open in another program (Excel, Word…): the user can
    close it and retry, or save under another name."""

    def __init__(self, message: str, *, path: Path | None = None, in_use: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.in_use = in_use


def excel_text(value: object) -> str:
    """NFC text without the control characters Excel files cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(str(value)))


def set_text(cell, value: object) -> None:
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


def text_cell(ws, text: str, style_array=None) -> Cell:
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


# Excel refuses a path longer than 218 characters; a OneDrive-redirected “Tài liệu” folder with
# Vietnamese names reaches about 100.  A generated name keeps within what is left (with the
# separator), so every file opens in Excel and stays far from Windows' 260 without the
# long-path registry switch.
PATH_LIMIT = 218
FOLDER_BUDGET = 100
NAME_BUDGET = PATH_LIMIT - FOLDER_BUDGET - 1  # 117 characters for the name and its extension
ELLIPSIS = "…"
_PARTS = re.compile(r"(\s[-–]\s)")  # the “ - ” / “ – ” between kind, number, office, period
_SHORT_FORMS = [  # the usual abbreviations in office document names, tried before any cut
    (re.compile(r"\b[UỦ][yỷ] ban nhân dân\b", re.IGNORECASE), "UBND"),
    (re.compile(r"\bHội đồng nhân dân\b", re.IGNORECASE), "HĐND"),
    (re.compile(r"\bMặt trận Tổ quốc Việt Nam\b", re.IGNORECASE), "MTTQVN"),
    (re.compile(r"\bMặt trận Tổ quốc\b", re.IGNORECASE), "MTTQ"),
    (re.compile(r"\bcải cách hành chính\b", re.IGNORECASE), "CCHC"),
    (re.compile(r"\bthành phố\b", re.IGNORECASE), "TP"),
    (re.compile(r"\bthị trấn\b", re.IGNORECASE), "TT"),
]
_MIN_PART = 8


def name_length(text: str) -> int:
    """Length as Windows and Excel count it (UTF-16 code units: an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _hard_cut(text: str, room: int) -> str:
    """The start of ``text`` in ``room`` units, the cut marked with “…”."""
    if name_length(text) <= room:
        return text
    out = ""
    for ch in text:
        if name_length(out + ch) > room - 1:
            break
        out += ch
    return out.rstrip(" .-–") + ELLIPSIS


def cut_middle(text: str, room: int) -> str:
    """``text`` in at most ``room`` units: its first words (the most meaningful) and its last
    ones, the words between replaced by “…”."""
    if name_length(text) <= room:
        return text
    words = text.split()
    if len(words) < 3 or room < _MIN_PART:
        return _hard_cut(text, room)

    def size(head: int, tail: int) -> int:
        return name_length(" ".join([*words[:head], ELLIPSIS, *words[len(words) - tail :]]))

    if size(1, 0) > room:
        return _hard_cut(text, room)
    head, tail = 1, 0
    # the start first (about three fifths of the room), then the end, then the start again
    while head + tail < len(words) - 1 and size(head + 1, tail) <= room * 0.6:
        head += 1
    while head + tail < len(words) - 1 and size(head, tail + 1) <= room:
        tail += 1
    while head + tail < len(words) - 1 and size(head + 1, tail) <= room:
        head += 1
    return " ".join([*words[:head], ELLIPSIS, *words[len(words) - tail :]])


def shorten(title: str, room: int) -> str:
    """``title`` in at most ``room`` units, keeping what tells files apart.

    A generated title is a few parts joined by “ - ” (kind and number, office or unit,
    period): the usual abbreviations come first (Ủy ban nhân dân → UBND…), then the longest
    part loses its middle words, until the whole fits; the first and last parts (kind and
    number, period) are shortened last."""
    if name_length(title) <= room:
        return title
    pieces = _PARTS.split(title)
    parts, seps = pieces[0::2], pieces[1::2]

    def joined() -> str:
        return "".join(p + (seps[i] if i < len(seps) else "") for i, p in enumerate(parts))

    for pattern, short in _SHORT_FORMS:
        if name_length(joined()) <= room:
            break
        parts = [pattern.sub(short, p) for p in parts]
    while name_length(joined()) > room:
        excess = name_length(joined()) - room
        inner = [i for i in range(1, len(parts) - 1) if name_length(parts[i]) > _MIN_PART]
        candidates = inner or [i for i, p in enumerate(parts) if name_length(p) > _MIN_PART]
        if not candidates:
            return _hard_cut(joined(), room)
        i = max(candidates, key=lambda k: name_length(parts[k]))
        target = max(name_length(parts[i]) - excess, _MIN_PART)
        cut = cut_middle(parts[i], target)
        if cut == parts[i]:
            return _hard_cut(joined(), room)
        parts[i] = cut
    return joined()


def safe_filename(
    title: str,
    ext: str = "",
    limit: int | None = None,
    *,
    budget: int = NAME_BUDGET,
    taken: set[str] | None = None,
) -> str:
    """A file name Windows accepts: ``25/KH-UBND`` → ``25-KH-UBND``; Vietnamese letters stay.

    The name with its extension fits in ``budget`` characters (:data:`NAME_BUDGET`: a
    100-character folder plus the name stays within Excel's 218), shortened by
    :func:`shorten`.  ``taken`` holds the names (case-folded) already given in one batch: a
    name met again gets “ (2)”, “ (3)”… within the budget, and is added to the set.
    ``limit`` caps the stem's length as before."""
    name = _FORBIDDEN.sub("-", nfc(title))
    name = re.sub(r"\s+", " ", name).strip(" .-") or "tep"
    if limit is not None:
        name = name[:limit].rstrip(" .")
    ext = ext if not ext or ext.startswith(".") else f".{ext}"
    room = max(budget - name_length(ext), 12)
    while room > 12 and len(f"{shorten(name, room).rstrip(' .')} (99){ext}".encode()) > 255:
        room -= 1  # a file name holds 255 bytes on Linux and macOS (ữ takes 3 of them)
    stem = shorten(name, room).rstrip(" .")
    n = 1
    while True:
        suffix = f" ({n})" if n > 1 else ""
        candidate = shorten(name, room - len(suffix)).rstrip(" .") + suffix if suffix else stem
        if candidate.split(".")[0].upper() in _RESERVED:
            candidate = f"_{candidate}"
        full = f"{candidate}{ext}"
        if taken is None or full.casefold() not in taken:
            if taken is not None:
                taken.add(full.casefold())
            return full
        n += 1


def _common_words(lists: list[list[str]], from_end: bool) -> int:
    """How many leading (or trailing) words every list shares."""
    if len(lists) < 2:
        return 0
    n = 0
    while all(len(w) > n for w in lists):
        pick = [w[-1 - n] if from_end else w[n] for w in lists]
        if len({x.casefold() for x in pick}) != 1:
            break
        n += 1
    return n


class NameBatch:
    """File stems for one batch written in several formats (each unit's sheet and its PDF):
    short enough for the longest extension, unique in the batch, and when a unit's name must
    be cut, the words it shares with the names like it (same first three words) go first, so
    what tells units apart stays (“Trung tâm Văn hóa, … cơ sở số 12 …”, not names alike
    save a number in brackets)."""

    def __init__(
        self, names: Iterable[str] = (), exts: tuple[str, ...] = (".xlsx", ".pdf")
    ) -> None:
        clusters: dict[str, list[list[str]]] = {}
        for name in dict.fromkeys(" ".join(nfc(x).split()) for x in names):
            words = name.split()
            clusters.setdefault(" ".join(words[:3]).casefold(), []).append(words)
        self.shared: dict[str, tuple[int, int]] = {}  # name -> (shared first, shared last words)
        for group in clusters.values():
            first, last = _common_words(group, False), _common_words(group, True)
            for words in group:
                self.shared[" ".join(words)] = (first, last)
        self.room = NAME_BUDGET - max((name_length(e) for e in exts), default=0)
        self.taken: set[str] = set()

    def _distinct(self, name: str, whole_start: bool) -> str:
        """``name`` with the words its look-alikes share cut: the shared end dropped, and unless
        ``whole_start``, the shared start kept to its first four words."""
        words = name.split()
        first, last = self.shared.get(name, (0, 0))
        last = min(last, max(len(words) - first - 1, 0))
        keep = first if whole_start else min(first, 4)
        head = words[:keep] + ([ELLIPSIS] if first > keep else [])
        return " ".join(head + words[first : len(words) - last] + ([ELLIPSIS] if last else []))

    def stem(self, title: str, name: str = "") -> str:
        """The stem for ``title`` (which holds the unit's ``name``)."""
        name = " ".join(nfc(name).split())
        title = " ".join(nfc(title).split())
        if name and name in title and name_length(_FORBIDDEN.sub("-", title)) > self.room:
            for whole_start in (True, False):
                shorter = title.replace(name, self._distinct(name, whole_start), 1)
                if name_length(_FORBIDDEN.sub("-", shorter)) <= self.room:
                    break
            title = shorter
        return safe_filename(title, budget=self.room, taken=self.taken)


# Windows' “the file is used by another process” (ERROR_SHARING_VIOLATION) and “part of the
# file is locked” (ERROR_LOCK_VIOLATION): Excel and Word hold the files they have open so.
SHARING_VIOLATIONS = (32, 33)
IN_USE = "đang mở trong chương trình khác"


def in_use_message(path: Path) -> str:
    return (
        f"Tệp “{Path(path).name}” {IN_USE} (Excel, Word…): hãy đóng tệp rồi thử lại, "
        "hoặc lưu với tên khác."
    )


def is_in_use(exc: BaseException, replacing: Path | None = None) -> bool:
    """True when ``exc`` says the file is open in another program: Windows' sharing or lock
    violation, or a permission error while replacing a file that exists (Windows refuses to
    replace a file Excel holds open with “access denied”)."""
    if isinstance(exc, OSError) and getattr(exc, "winerror", None) in SHARING_VIOLATIONS:
        return True
    return replacing is not None and isinstance(exc, PermissionError) and Path(replacing).exists()


def _cause(exc: BaseException) -> str:
    """Why a write failed, in Vietnamese; never an exception's English text."""
    if isinstance(exc, ExportError):
        return str(exc).rstrip(".")  # already said in Vietnamese
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "ổ đĩa đầy"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "không có quyền ghi (ổ đĩa hoặc thư mục chỉ đọc)"
        if exc.errno == errno.ENOENT:
            return "thư mục không còn tồn tại (ổ USB đã rút ra?)"
        if exc.errno == errno.ENAMETOOLONG:
            return "tên tệp quá dài"
        return f"lỗi ổ đĩa hoặc hệ thống tệp (mã lỗi {exc.errno})" if exc.errno else "lỗi ổ đĩa"
    # anything else is the program's own fault: the details go to the log, not the message
    logging.getLogger(__name__).error("Ghi tệp không thành công", exc_info=exc)
    return "lỗi không lường trước của chương trình; chi tiết đã được ghi vào tệp nhật ký"


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
    replacing: Path | None = None  # set once only the rename into place is left
    try:
        fd, name = tempfile.mkstemp(prefix=".cchc-", suffix=path.suffix + ".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        writer(tmp)
        with open(tmp, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; an export is an ordinary file
        batch = _BATCH.get()
        if batch is not None:  # one of a set: renamed with the others when the set is whole
            batch.add(path, tmp)
            tmp = None
            return path
        replacing = path
        os.replace(tmp, path)
        tmp = None
        return path
    except Exception as exc:
        if is_in_use(exc, replacing):
            raise ExportError(in_use_message(path), path=path, in_use=True) from exc
        raise ExportError(f"Không ghi được tệp {path}: {_cause(exc)}.", path=path) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


# -- sets of files written as one ---------------------------------------------------------------
class FileBatch:
    """Files that appear together or not at all: a report's PDF, Excel and Word files, the
    workbooks of a unit-sheet batch.

    Inside :func:`one_batch`, :func:`atomic_write` fills and checks each file under its
    temporary name as usual but leaves it there; when the set is complete every file is
    renamed into place, and if one rename fails those already done are taken back (and the
    files they replaced put back).  On any failure no file of the set remains.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, Path] = {}  # final path -> temporary file

    def add(self, path: Path, tmp: Path) -> None:
        earlier = self._staged.pop(Path(path), None)
        if earlier is not None:  # the same name written twice: the later one wins, as on disk
            with contextlib.suppress(OSError):
                earlier.unlink()
        self._staged[Path(path)] = Path(tmp)

    def staged(self, path: Path) -> Path:
        """Where the file that will become ``path`` is now (``path`` itself if not staged)."""
        return self._staged.get(Path(path), Path(path))

    def discard(self) -> None:
        for tmp in self._staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._staged.clear()

    def commit(self) -> None:
        done: list[tuple[Path, Path, Path | None]] = []  # (path, its temporary, what it replaced)
        current: Path | None = None
        try:
            for path, tmp in self._staged.items():
                current = path
                old: Path | None = None
                if os.path.lexists(path):  # kept aside until the whole set is in place
                    fd, name = tempfile.mkstemp(prefix=".cchc-", suffix=".old", dir=path.parent)
                    os.close(fd)
                    old = Path(name)
                    os.replace(path, old)
                try:
                    os.replace(tmp, path)
                except BaseException:
                    if old is not None:
                        os.replace(old, path)
                    raise
                done.append((path, tmp, old))
        except Exception as exc:
            for path, tmp, old in reversed(done):
                with contextlib.suppress(OSError):
                    os.replace(path, tmp)  # back under its temporary name, removed below
                if old is not None:
                    with contextlib.suppress(OSError):
                        os.replace(old, path)
            self.discard()
            if current is not None and is_in_use(exc, current):  # Excel or Word holds it open
                raise ExportError(
                    f"{in_use_message(current)} Không tệp nào của lần xuất này được giữ lại.",
                    path=current,
                    in_use=True,
                ) from exc
            raise ExportError(
                f"Không ghi được tệp {current}: {_cause(exc)}. "
                "Không tệp nào của lần xuất này được giữ lại."
            ) from exc
        for _path, _tmp, old in done:
            if old is not None:
                with contextlib.suppress(OSError):
                    old.unlink()
        self._staged.clear()


_BATCH: ContextVar[FileBatch | None] = ContextVar("cchc_file_batch", default=None)


@contextlib.contextmanager
def one_batch() -> Iterator[FileBatch]:
    """Write every file :func:`atomic_write` writes inside the ``with`` (or the decorated
    function) as one set: all renamed into place at the end, or, on any failure, none.

    A batch inside a batch joins the outer one.
    """
    outer = _BATCH.get()
    if outer is not None:
        yield outer
        return
    batch = FileBatch()
    token = _BATCH.set(batch)
    try:
        yield batch
    except BaseException:
        _BATCH.reset(token)
        batch.discard()
        raise
    _BATCH.reset(token)
    batch.commit()
