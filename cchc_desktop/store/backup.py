"""Backups of the office's database: made safely, listed, thinned, restored.

An office keeps years of work in one SQLite file on PCs that lose power and USB sticks that
are pulled out mid-write, so every backup follows the same rules:

* the copy is taken with SQLite's online backup API, never a file copy: the database runs in
  WAL mode and a plain copy of the main file misses (or tears) the transactions still in the
  ``-wal`` file;
* the copy is written to a temporary file next to its destination, checked with
  ``PRAGMA integrity_check``, switched to ``journal_mode=DELETE`` (one self-contained file, no
  ``-wal`` to forget), fsynced and only then moved into place with ``os.replace``, which is
  atomic: a backup file under its final name is always whole;
* on any failure the temporary file is removed and :class:`BackupError` carries a Vietnamese
  message naming the path and the cause (disk full, no permission, folder gone).

A backup describes itself: its name carries the time and the reason, and the counts shown to
the user are read from the file, so no sidecar file can get out of step with it.

Nothing here imports Qt; the GUI and the CLI call these functions.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cchc_desktop.store.backup_state import STATE_FILENAME, read_state
from cchc_desktop.store.connection import (
    MIGRATION_NAMES,
    applied_migrations,
    read_only_uri,
    unknown_migrations,
)
from cchc_desktop.store.integrity import (
    database_problems,
    quick_check,
    schema_version,
    set_aside_damaged,
)

log = logging.getLogger(__name__)

BACKUP_DIRNAME = "backups"
TEMP_SUFFIX = ".tmp-cchc"

REASONS: dict[str, str] = {
    "dong": "khi đóng chương trình",
    "dinhky": "định kỳ",
    "nangcap": "trước khi nâng cấp dữ liệu",
    "nhap": "trước khi nhập dữ liệu",
    "thucong": "sao lưu thủ công",
    "khoiphuc": "trước khi khôi phục",
}

# cchc-20250131-081500-dong.sqlite3, or ...-dong-2.sqlite3 when two land in the same second.
_NAME = re.compile(r"^cchc-(\d{8})-(\d{6})-([a-z]+)(?:-(\d+))?\.sqlite3$")

# Tables whose row counts describe a backup and its difference from the current data.
DIFF_TABLES: tuple[str, ...] = (
    "plans",
    "sections",
    "tasks",
    "units",
    "unit_groups",
    "assignments",
    "results",
)
_OPTIONAL_TABLES = {"assignments", "results"}  # arrive with migration 2


class BackupError(OSError):
    """A backup or restore that could not be done; the message is Vietnamese, for the user.

    An ``OSError`` (as the exports' ``ExportError`` is): a backup fails because of the disk,
    so whatever shows file errors to the user (the command line, the import window) shows
    this one too, instead of a traceback, when the backup made before an import fails.
    """


class NewerBackupError(BackupError):
    """The backup was written by a newer program; restoring it here would lose data."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, read from the file itself (see :func:`inspect_backup`)."""

    path: Path
    created: datetime
    size: int
    reason: str
    plans: int = 0
    tasks: int = 0
    units: int = 0
    results: int = 0
    damaged: bool = False
    error: str = ""  # why a damaged backup could not be read

    @property
    def reason_text(self) -> str:
        """The reason in words, for lists shown to the user."""
        return REASONS.get(self.reason, self.reason)

    @property
    def contents_text(self) -> str:
        """What it holds in words (``1.234 nhiệm vụ``), for lists and questions."""
        from cchc_desktop.core.formatting import fmt_number

        return (f"{fmt_number(self.plans)} kế hoạch, {fmt_number(self.tasks)} nhiệm vụ, "
                f"{fmt_number(self.units)} đơn vị, {fmt_number(self.results)} kết quả")  # fmt: skip


# -- names and folders ------------------------------------------------------------------------
def backups_dir(data_dir: Path) -> Path:
    """``<data_dir>/backups``: where automatic backups live."""
    return Path(data_dir) / BACKUP_DIRNAME


def backup_name(when: datetime, reason: str) -> str:
    """The file name of a backup made at ``when`` for ``reason``."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    return f"cchc-{when:%Y%m%d-%H%M%S}-{reason}.sqlite3"


def new_backup_path(folder: Path, reason: str, when: datetime | None = None) -> Path:
    """A name in ``folder`` not yet taken (two backups in one second get ``-2``, ``-3``...)."""
    when = when or datetime.now()
    base = backup_name(when, reason)[: -len(".sqlite3")]
    path = Path(folder) / f"{base}.sqlite3"
    n = 2
    while path.exists():
        path = Path(folder) / f"{base}-{n}.sqlite3"
        n += 1
    return path


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    """(time, reason) encoded in a backup's file name, or None for any other file."""
    m = _NAME.match(name)
    if not m:
        return None
    try:
        return datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S"), m.group(3)
    except ValueError:
        return None


@contextlib.contextmanager
def _open_ro(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that never creates ``path`` and is always closed."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    try:
        yield conn
    finally:
        conn.close()


# -- error messages ---------------------------------------------------------------------------
_GONE = "thư mục không còn tồn tại (ổ USB bị rút ra hoặc thư mục bị xóa)"
_FULL = "ổ đĩa đã đầy, hãy xóa bớt tệp hoặc chọn ổ khác"
_NO_WRITE = "không có quyền ghi vào thư mục này (thư mục hoặc ổ đĩa chỉ cho đọc)"
_TOO_LONG = "tên tệp quá dài, hãy chọn tên ngắn hơn"


def _temp_prefix(name: str) -> str:
    """``.<name>.`` for a temporary file beside ``name``, cut so the temporary name stays well
    under the 255 bytes a file name may have (the name itself may use all of them)."""
    raw = name.encode("utf-8")[:100]
    return f".{raw.decode('utf-8', errors='ignore')}."


def _cause(exc: BaseException, folder: Path) -> str:
    """The cause of a failed write, in Vietnamese words an office clerk can act on."""
    if not folder.exists():
        return _GONE
    code = getattr(exc, "errno", None)
    sqlite_name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if (
        code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
        or sqlite_name == "SQLITE_FULL"
        or "disk is full" in text
    ):
        return _FULL
    if (
        isinstance(exc, PermissionError)
        or code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or sqlite_name in ("SQLITE_READONLY", "SQLITE_PERM")
        or "readonly" in text
        or "read-only" in text
    ):
        return _NO_WRITE
    if code == errno.ENAMETOOLONG:
        return _TOO_LONG
    if code == errno.ENOENT:
        return _GONE
    if isinstance(exc, BackupError):
        return str(exc)
    detail = code or sqlite_name or getattr(exc, "sqlite_errorcode", None)
    return f"lỗi ghi tệp (mã lỗi {detail})" if detail else "lỗi ghi tệp"


def _integrity(conn: sqlite3.Connection) -> list[str]:
    """Problems ``PRAGMA integrity_check`` finds ([] when the file is sound)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _fsync_file(path: Path) -> None:
    """Push a file's bytes to the disk (Windows needs a writable handle for that)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable on POSIX; Windows cannot open folders, and does not need to."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _online_copy(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """Copy every page with SQLite's online backup API (a separate function so tests can
    interfere with the step, e.g. pull the destination folder away mid-write)."""
    src.backup(dst)


def _remove_quietly(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


def _copy_checked(
    src: sqlite3.Connection, dest: Path, before_replace: Callable[[], None] | None = None
) -> None:
    """Copy ``src`` into ``dest`` through a checked temporary file and an atomic rename.

    The temporary file sits beside ``dest`` (same disk, so the rename is atomic), is checked
    with ``integrity_check``, switched to ``journal_mode=DELETE`` (one self-contained file)
    and fsynced before the rename.  ``before_replace`` runs just before the rename (a restore
    removes the old ``-wal`` there).  Raises whatever went wrong; the temporary file is
    removed on the way out, so no partial file is ever left.
    """
    folder = dest.parent
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(dest.name), suffix=TEMP_SUFFIX, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    leftovers = (Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm"))
    try:
        dst = sqlite3.connect(str(tmp), timeout=10)
        try:
            _online_copy(src, dst)
            problems = _integrity(dst)
            if problems:
                raise BackupError(f"bản sao không nguyên vẹn ({'; '.join(problems[:3])})")
            mode = dst.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise BackupError("không chuyển được bản sao thành một tệp độc lập")
        finally:
            dst.close()
        _remove_quietly(*leftovers)
        _fsync_file(tmp)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, dest)
        _fsync_dir(folder)
    except BaseException:
        _remove_quietly(tmp, *leftovers)
        raise


# -- making backups ---------------------------------------------------------------------------
def make_backup(db_path: Path, dest: Path, reason: str, make_folder: bool = True) -> BackupInfo:
    """Back up the database at ``db_path`` into the file ``dest`` (replaced if it exists).

    Safe while the program has the database open (the backup API reads a consistent
    snapshot).  On failure nothing is left at ``dest`` or beside it and :class:`BackupError`
    says why, in Vietnamese, naming the path.  ``make_folder=False`` refuses a folder that
    does not exist (an unmounted USB stick must not get its copy on the local disk).
    """
    db_path, dest = Path(db_path), Path(dest)
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if not db_path.is_file():
        raise BackupError(f"Không sao lưu được: không tìm thấy tệp dữ liệu {db_path}.")
    if not make_folder and not dest.parent.is_dir():
        raise BackupError(
            f"Không ghi được {dest}: thư mục {dest.parent} không tồn tại (ổ USB đã được cắm chưa?)."
        )
    try:
        if make_folder:
            dest.parent.mkdir(parents=True, exist_ok=True)
        with _open_ro(db_path) as src:
            _copy_checked(src, dest)
    except (OSError, sqlite3.Error, BackupError) as exc:
        raise BackupError(f"Không sao lưu được vào {dest}: {_cause(exc, dest.parent)}.") from exc
    return inspect_backup(dest, reason=reason)


def backup_now(db_path: Path, data_dir: Path, reason: str, thin: bool = True) -> BackupInfo:
    """Back up into ``<data_dir>/backups`` under a fresh name, then thin the old ones.

    The one call the program makes on closing (``dong``), periodically (``dinhky``), before a
    migration (``nangcap``) and before an import (``nhap``).
    """
    folder = backups_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"Không tạo được thư mục sao lưu {folder}: {_cause(exc, folder.parent)}."
        ) from exc
    info = make_backup(db_path, new_backup_path(folder, reason), reason)
    if thin:
        thin_backups(folder, datetime.now())
    return info


def backup_to_folder(db_path: Path, folder: Path, data_dir: Path | None = None) -> BackupInfo:
    """Back up to a USB stick or any folder the user picks (reason ``thucong``).

    Records the time in ``state.json`` of ``data_dir`` (default: the database's folder) so
    the reminder to copy data off the PC stops until the next 14 days have passed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(
            f"Không sao lưu được: thư mục {folder} không tồn tại (ổ USB đã được cắm chưa?)."
        )
    return copy_off_pc(db_path, new_backup_path(folder, "thucong"), data_dir)


def copy_off_pc(db_path: Path, target: Path, data_dir: Path | None = None) -> BackupInfo:
    """A checked copy at ``target`` (a USB stick, a file to carry to a new computer), recorded
    in ``state.json`` of ``data_dir`` (default: the database's folder) so the reminder to copy
    data off the PC stops until the next 14 days have passed."""
    info = make_backup(db_path, Path(target), "thucong")
    with contextlib.suppress(OSError):  # the copy is made; bookkeeping must not hide that
        record_external_backup(Path(data_dir) if data_dir else Path(db_path).parent, info)
    return info


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temporary files left by a backup or restore killed mid-way (power cut).

    Only call while holding the instance lock: a running backup's temporary file looks the
    same.  Backup files under their final names are never touched.
    """
    removed: list[Path] = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for p in folder.iterdir():
        if p.name.startswith(".") and TEMP_SUFFIX in p.name:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


def upgrade_pending(db_path: Path) -> list[str]:
    """Migrations ``Store.open`` would apply to the existing file at ``db_path``.

    [] for a missing or brand-new file (nothing to protect) and for a current one; read-only,
    so it can run before the file is opened, to make a ``nangcap`` backup first.
    """
    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return []
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=10)
    except sqlite3.Error:
        return []
    try:
        applied = applied_migrations(conn)
        if not applied:
            return []
        return [name for name in MIGRATION_NAMES if name not in applied]
    except sqlite3.Error:
        return []  # a damaged file is quick_check's business, not this one's
    finally:
        conn.close()


# -- reading backups --------------------------------------------------------------------------
def _count(conn: sqlite3.Connection, table: str) -> int | None:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    if not exists:
        return None
    return int(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


def inspect_backup(path: Path, reason: str | None = None, check: bool = False) -> BackupInfo:
    """Describe a backup file from its name and its contents (opened read-only).

    ``check=True`` also runs ``PRAGMA integrity_check`` (slower; used before restoring).
    Raises :class:`BackupError` when the file cannot be read as a CCHC database.
    """
    path = Path(path)
    parsed = parse_backup_name(path.name)
    try:
        stat = path.stat()
        created = parsed[0] if parsed else datetime.fromtimestamp(stat.st_mtime)
        with _open_ro(path) as conn:
            if check:
                problems = _integrity(conn)
                if problems:
                    # SQLite's own lines are English: they go to the log, the count to the user
                    log.warning("integrity_check of %s: %s", path, "; ".join(problems[:20]))
                    raise BackupError(
                        f"Tệp sao lưu {path} bị hỏng: kiểm tra toàn vẹn tìm thấy "
                        f"{len(problems)} chỗ hỏng (chi tiết trong tệp nhật ký)."
                    )
            counts = {t: _count(conn, t) for t in ("plans", "tasks", "units", "results")}
    except BackupError:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {_unreadable(exc)}.") from exc
    if counts["plans"] is None or counts["tasks"] is None:
        raise BackupError(f"Tệp {path} không phải bản sao lưu dữ liệu CCHC Desktop.")
    return BackupInfo(
        path=path,
        created=created,
        size=stat.st_size,
        reason=reason or (parsed[1] if parsed else "thucong"),
        plans=counts["plans"],
        tasks=counts["tasks"],
        units=counts["units"] or 0,
        results=counts["results"] or 0,
    )


def list_backups(folder: Path, check: bool = False) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first; unreadable ones come back ``damaged=True``
    (shown, not hidden: the user should know a backup is bad)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out: list[BackupInfo] = []
    for p in folder.iterdir():
        parsed = parse_backup_name(p.name)
        if parsed is None or not p.is_file():
            continue
        try:
            out.append(inspect_backup(p, check=check))
        except BackupError as exc:
            try:
                size = p.stat().st_size
            except OSError:
                size = 0
            out.append(BackupInfo(p, parsed[0], size, parsed[1], damaged=True, error=str(exc)))
    out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return out


def table_counts(path: Path) -> dict[str, int | None]:
    """Rows per table of :data:`DIFF_TABLES` (None for a table the file does not have)."""
    try:
        with _open_ro(path) as conn:
            return {t: _count(conn, t) for t in DIFF_TABLES}
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Không đọc được tệp {path}: {_unreadable(exc)}.") from exc


def _unreadable(exc: BaseException) -> str:
    """Why a file could not be read, in Vietnamese (never SQLite's English words)."""
    if isinstance(exc, OSError) and not isinstance(exc, BackupError):
        if exc.errno == errno.ENOENT:
            return "không tìm thấy tệp"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "không có quyền đọc tệp"
        return f"lỗi đọc tệp (mã lỗi {exc.errno})" if exc.errno else "lỗi đọc tệp"
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return "tệp không phải dữ liệu SQLite của CCHC Desktop"
    if "malformed" in text or "corrupt" in text:
        return "tệp bị hỏng"
    if "unable to open" in text:
        return "không mở được tệp"
    return "tệp bị hỏng hoặc không phải dữ liệu CCHC Desktop"


def diff_summary(current: Path, other: Path) -> dict[str, tuple[int, int]]:
    """(rows now, rows in ``other``) per table, to show how a backup differs from now.

    ``results``/``assignments`` appear only when one of the files has them (older backups
    predate tracking); a table missing on one side counts 0.
    """
    now, then = table_counts(current), table_counts(other)
    return {
        t: (now[t] or 0, then[t] or 0)
        for t in DIFF_TABLES
        if t not in _OPTIONAL_TABLES or now[t] is not None or then[t] is not None
    }


# -- thinning ---------------------------------------------------------------------------------
KEEP_ALL = timedelta(hours=24)
DAILY_FOR = timedelta(days=7)
WEEKLY_FOR = timedelta(weeks=5)
MONTHLY_FOR = timedelta(days=365)


def _day(d: datetime) -> tuple[object, ...]:
    return ("d", d.date())


def _week(d: datetime) -> tuple[object, ...]:
    return ("w", *d.isocalendar()[:2])


def _month(d: datetime) -> tuple[object, ...]:
    return ("m", d.year, d.month)


_RULES: tuple[tuple[timedelta, Callable[[datetime], tuple[object, ...]]], ...] = (
    (DAILY_FOR, _day),
    (WEEKLY_FOR, _week),
    (MONTHLY_FOR, _month),
)


def select_to_keep(items: list[tuple[datetime, str]], now: datetime) -> set[int]:
    """Indices of the backups ``(created, reason)`` to keep at ``now``.

    Everything from the last 24 h (age <= 24 h); the newest of each calendar day among those
    at most 7 days old, of each ISO week among those at most 5 weeks old, of each month among
    those at most 365 days old; always the newest backup and every manual (``thucong``) one.
    Buckets are calendar days/weeks/months rather than distances from ``now`` and the newest
    of a bucket is kept, so the backup kept today is still the one kept tomorrow: thinning
    only ever removes, never regrets.  A backup kept for another reason (last 24 h, manual)
    also stands for its bucket, so a day is not represented twice.  Backups dated in the
    future (a wrong clock) are kept.
    """
    if not items:
        return set()
    keep = {max(range(len(items)), key=lambda i: items[i][0])}
    best: dict[tuple[object, ...], int] = {}
    for i, (created, reason) in enumerate(items):
        age = now - created
        if reason == "thucong" or age <= KEEP_ALL:
            keep.add(i)  # and it still stands for its day/week/month below
        for window, bucket in _RULES:
            if age <= window:
                key = bucket(created)
                if key not in best or items[best[key]][0] < created:
                    best[key] = i
    return keep | set(best.values())


def thin_backups(folder: Path, now: datetime) -> list[Path]:
    """Delete the backups :func:`select_to_keep` does not keep; return the removed paths.

    Only files named like backups are considered; anything else in the folder is left alone.
    A file that cannot be deleted now (in use, read-only) is simply tried again next time.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    files: list[Path] = []
    items: list[tuple[datetime, str]] = []
    for p in sorted(folder.iterdir()):
        parsed = parse_backup_name(p.name)
        if parsed and p.is_file():
            files.append(p)
            items.append(parsed)
    keep = select_to_keep(items, now)
    removed: list[Path] = []
    for i, p in enumerate(files):
        if i in keep:
            continue
        try:
            p.unlink()
        except OSError:
            continue
        removed.append(p)
    return removed


# -- state.json: small bookkeeping outside the database ----------------------------------------
def write_state(data_dir: Path, state: dict[str, Any]) -> None:
    """Write ``state.json`` atomically (temporary file, fsync, rename): a power cut leaves the
    old file or the new one, never half of one."""
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{STATE_FILENAME}.", suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, ensure_ascii=False, indent=2, default=str)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / STATE_FILENAME)
        _fsync_dir(folder)
    except BaseException:
        _remove_quietly(tmp)
        raise


def record_external_backup(data_dir: Path, info: BackupInfo) -> None:
    """Remember when and where data was last copied off the PC."""
    state = read_state(data_dir)
    state["last_external_backup"] = info.created.isoformat(timespec="seconds")
    state["last_external_folder"] = str(info.path.parent)
    write_state(data_dir, state)


# -- restoring --------------------------------------------------------------------------------
# A backup, or a file brought from another computer (``import database``), is never swapped in
# whole: only its rows are taken, into a fresh file built by this program's own migrations, so
# nothing of its schema (a trigger, a view, a missing table) can come with them.


class _Refused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _newer_migrations(path: Path) -> list[str]:
    """Migrations recorded in ``path`` that this program does not know (read-only look, so
    the backup file is not switched to WAL or otherwise touched)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    try:
        return unknown_migrations(conn)
    finally:
        conn.close()


def _refusal(path: Path, problems: list[str]) -> BackupError:
    return BackupError(
        f"Không nhận dữ liệu từ tệp {path}: {'; '.join(problems)}. "
        "Dữ liệu hiện tại được giữ nguyên."
    )


def _check_source(backup_path: Path) -> tuple[BackupInfo, int]:
    """The file's description and its schema version, or :class:`BackupError`."""
    info = inspect_backup(backup_path, check=True)
    try:
        newer = _newer_migrations(Path(backup_path))
    except sqlite3.Error as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {backup_path}: {_unreadable(exc)}.") from exc
    if newer:
        raise NewerBackupError(
            f"Không khôi phục bản sao lưu {backup_path}: bản này được tạo bởi phiên bản "
            f"CCHC Desktop mới hơn (bước nâng cấp lạ: {', '.join(newer)}). Hãy cài phiên bản "
            "mới nhất rồi khôi phục; dữ liệu hiện tại được giữ nguyên."
        )
    try:
        with _open_ro(Path(backup_path)) as conn:
            version, differences = schema_version(conn)
    except sqlite3.Error as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {backup_path}: {_unreadable(exc)}.") from exc
    if version is None:
        raise _refusal(
            Path(backup_path),
            [f"cấu trúc không khớp phiên bản nào của CCHC Desktop ({'; '.join(differences)})"],
        )
    return info, version


def check_restorable(backup_path: Path) -> BackupInfo:
    """Raise :class:`BackupError` unless ``backup_path`` is sound, not from a newer program
    (:class:`NewerBackupError`) and its schema is exactly one this program's migrations
    build (tables, columns, indexes, triggers, views); the GUI can call it before asking
    "Khôi phục?".  Its values are checked when its rows are copied (:func:`restore_backup`)."""
    return _check_source(backup_path)[0]


def _checkpoint_and_close(db_path: Path) -> None:
    """Fold the ``-wal`` into the main file and make sure no one else has the file open.

    SQLite deletes ``-wal`` and ``-shm`` when the last connection closes; if they are still
    there after ours closes, another connection is open and swapping the file under it
    would lose its work (or corrupt the new file with an old ``-wal``).
    """
    wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
    conn = sqlite3.connect(str(db_path), timeout=10)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if (busy and busy[0]) or wal.exists() or shm.exists():
        raise BackupError(
            f"Tệp dữ liệu {db_path} vẫn đang được mở (trong chương trình hoặc một cửa sổ "
            "khác). Hãy đóng lại rồi khôi phục; dữ liệu hiện tại được giữ nguyên."
        )


_STAT = re.compile(r"\d{1,19}( \d{1,19})*( (unordered|noskipscan|sz=\d{1,19}))*")
_CONSTRAINTS = {
    "check": "có giá trị ngoài các giá trị cho phép",
    "not null": "thiếu giá trị bắt buộc",
    "unique": "có dòng trùng khóa",
    "primary key": "có dòng trùng khóa",
}


def _copy_rows(conn: sqlite3.Connection, source: Path) -> None:
    """Copy every row of ``source`` into ``conn``'s fresh database of the same schema.

    Our triggers, indexes and views are dropped while the rows go in (a trigger would write
    history and search rows for every copied one) and made again from OUR definitions, in
    the order ``source`` lists them (so a program's own backup comes back identical, down
    to ``.dump``).  The full-text index's shadow tables are copied as stored and checked
    afterwards; its configuration stays ours.  Tables of derived data
    (:data:`~cchc_desktop.store.schema.DERIVED_TABLES`) are filled from the copied rows, never
    taken from ``source``: a wrong one would show wrong counts with nothing to tell it by.
    ``sqlite_stat1`` rows that describe our tables are kept.  Raises :class:`_Refused` for
    rows the schema refuses.
    """
    from cchc_desktop.store.schema import DERIVED_TABLES

    conn.execute("PRAGMA foreign_keys = OFF")  # checked as a whole afterwards
    conn.execute("ATTACH DATABASE ? AS src", [read_only_uri(source)])
    try:
        ours = {
            name: (kind, sql)
            for kind, name, sql in conn.execute(
                "SELECT type, name, sql FROM main.sqlite_master "
                "WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL"
            )
        }
        theirs = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM src.sqlite_master "
                "WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY rowid"
            )
        ]
        tables = conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"
        ).fetchall()
        virtual = {n for n, sql in tables if str(sql).upper().startswith("CREATE VIRTUAL TABLE")}
        conn.execute("BEGIN")
        for name, (kind, _sql) in ours.items():
            conn.execute(f'DROP {kind.upper()} main."{name}"')
        for table, sql in tables:
            if table in virtual or any(table == f"{v}_config" for v in virtual):
                continue
            info = conn.execute(f'PRAGMA main.table_info("{table}")').fetchall()
            cols = [str(r[1]) for r in info]
            keys = [r for r in info if r[5]]
            alias = len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER"
            rowid = not alias and "WITHOUT ROWID" not in " ".join(str(sql).upper().split())
            names = ", ".join(["rowid"] * rowid + [f'"{c}"' for c in cols])
            order = "" if not (alias or rowid) else " ORDER BY rowid"
            conn.execute(f'DELETE FROM main."{table}"')  # rows our migrations put there
            if table in DERIVED_TABLES:
                continue  # made again below from the copied rows, never taken as stored
            try:
                conn.execute(
                    f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM src."{table}"{order}'
                )
            except sqlite3.IntegrityError as exc:
                text = str(exc).lower()
                what = next((w for k, w in _CONSTRAINTS.items() if k in text), "có dòng sai")
                raise _Refused([f"bảng {table} {what}"]) from exc
        for table, fill in DERIVED_TABLES.items():
            if any(table == name for name, _sql in tables):
                conn.execute(fill)
        has_stat = conn.execute(
            "SELECT 1 FROM src.sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone()
        if has_stat:
            conn.execute('ANALYZE main."sqlite_master"')  # makes sqlite_stat1, as .dump does
            conn.execute("DELETE FROM main.sqlite_stat1")
            known = (
                {t for t, _ in tables}
                | set(ours)
                | {n for (n,) in conn.execute("SELECT name FROM main.sqlite_master")}
            )
            for row in conn.execute(
                "SELECT rowid, tbl, idx, stat FROM src.sqlite_stat1 ORDER BY rowid"
            ).fetchall():
                _, tbl, idx, stat = row
                if tbl in known and (idx is None or idx in known) and _STAT.fullmatch(str(stat)):
                    conn.execute(
                        "INSERT INTO main.sqlite_stat1 (rowid, tbl, idx, stat) VALUES (?, ?, ?, ?)",
                        row,
                    )
        for name in [*(n for n in theirs if n in ours), *(n for n in ours if n not in theirs)]:
            try:
                conn.execute(ours[name][1])
            except sqlite3.IntegrityError as exc:  # a unique index over duplicated rows
                raise _Refused([f"có dòng trùng khóa (chỉ mục “{name}”)"]) from exc
        for v in sorted(virtual):
            try:
                conn.execute(f'INSERT INTO main."{v}" ("{v}") VALUES (\'integrity-check\')')
            except sqlite3.Error:  # derived data: rebuilt from the copied texts
                conn.execute(f'INSERT INTO main."{v}" ("{v}") VALUES (\'rebuild\')')
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE src")
        conn.execute("PRAGMA foreign_keys = ON")


def _stage_import(source: Path, dest: Path, version: int) -> Path:
    """A new file beside ``dest`` holding ``source``'s rows in the schema our migrations 1..
    ``version`` build, checked (``integrity_check``, ``foreign_key_check``, every value's
    type and range), self-contained (``journal_mode=DELETE``) and fsynced; the caller renames
    it into place or removes it.  :class:`BackupError` says why a file is refused."""
    from sqlite_utils import Database

    from cchc_desktop.store.schema import migrations

    folder = dest.parent
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=_temp_prefix(dest.name), suffix=TEMP_SUFFIX, dir=folder
        )
        os.close(fd)
    except OSError as exc:
        raise BackupError(f"Không khôi phục được vào {dest}: {_cause(exc, folder)}.") from exc
    tmp = Path(tmp_name)
    leftovers = (Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm"))
    try:
        conn = sqlite3.connect(tmp.resolve().as_uri(), uri=True, timeout=10)
        try:
            conn.isolation_level = None  # transactions are spelled out below
            for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0"):
                conn.execute(f"PRAGMA {pragma}")
            stop = MIGRATION_NAMES[version] if version < len(MIGRATION_NAMES) else None
            migrations.apply(Database(conn, execute_plugins=False), stop_before=stop)
            try:
                _copy_rows(conn, source)
            except sqlite3.Error as exc:
                if _cause(exc, folder) == _FULL:
                    raise
                raise _Refused([_unreadable(exc)]) from exc
            problems = database_problems(conn)
            if problems:
                raise _Refused(problems)
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise BackupError("không chuyển được bản sao thành một tệp độc lập")
        finally:
            conn.close()
        _remove_quietly(*leftovers)
        _fsync_file(tmp)
        return tmp
    except _Refused as exc:
        _remove_quietly(tmp, *leftovers)
        raise _refusal(source, exc.problems) from exc
    except (OSError, sqlite3.Error) as exc:
        _remove_quietly(tmp, *leftovers)
        raise BackupError(
            f"Không khôi phục được vào {dest}: {_cause(exc, folder)}. "
            "Dữ liệu hiện tại được giữ nguyên."
        ) from exc
    except BaseException:
        _remove_quietly(tmp, *leftovers)
        raise


def restore_backup(db_path: Path, backup_path: Path, data_dir: Path) -> BackupInfo | None:
    """Replace the database at ``db_path`` with the rows of ``backup_path`` (a backup, or a
    file brought from another computer: ``import database``).

    The caller must have CLOSED every connection to ``db_path`` (``Store.close``) and reopen
    it afterwards (``Store.open`` upgrades an older file).  Steps, each safe to be cut off:

    1. the file is checked before anything changes: sound, not from a newer program, and its
       schema exactly one that this program's migrations build (:func:`check_restorable`);
    2. the current file's ``-wal`` is folded in; a connection still open stops the restore;
    3. a fresh file is built beside ``db_path`` by our migrations, the file's rows are copied
       into it (never its triggers, views or anything else of its schema) and checked:
       ``integrity_check``, ``foreign_key_check``, every value's type and range;
    4. the current data is backed up (reason ``khoiphuc``) into ``<data_dir>/backups``; if
       the current file is itself damaged it is set aside instead, never overwritten;
    5. the fresh file is swapped in with ``os.replace`` after the old ``-wal``/``-shm`` are
       removed: a power cut leaves either the old data or the restored data.

    Any failure raises :class:`BackupError` (Vietnamese, naming the file) with the current
    data untouched.  Returns the safety backup of the data that was current (None if there
    was none).
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    _info, version = _check_source(backup_path)
    damaged = False
    if db_path.exists():
        damaged = bool(quick_check(db_path))
        if not damaged:
            try:
                _checkpoint_and_close(db_path)
            except sqlite3.Error as exc:
                raise BackupError(f"Không khôi phục được: {db_path}: {_unreadable(exc)}.") from exc
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"Không khôi phục được vào {db_path}: {_cause(exc, db_path.parent)}."
        ) from exc
    staged = _stage_import(backup_path, db_path, version)
    wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
    safety: BackupInfo | None = None
    try:
        if db_path.exists():
            if damaged:
                set_aside_damaged(db_path)  # kept for a technician, never overwritten
            else:
                safety = backup_now(db_path, data_dir, "khoiphuc", thin=False)
        _remove_quietly(wal, shm)
        os.replace(staged, db_path)
        _fsync_dir(db_path.parent)
    except BackupError:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(
            f"Không khôi phục được vào {db_path}: {_cause(exc, db_path.parent)}. "
            "Dữ liệu hiện tại được giữ nguyên."
        ) from exc
    finally:
        _remove_quietly(staged)  # gone already once it is in place
    return safety


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup in ``folder`` that passes ``integrity_check`` (None if none does)."""
    for info in list_backups(folder):
        if info.damaged:
            continue
        try:
            return inspect_backup(info.path, reason=info.reason, check=True)
        except BackupError:
            continue
    return None
