"""Checking the database at start-up and setting a damaged file aside.

A PC that loses power mid-write can, on bad hardware or a lying disk cache, leave a damaged
file.  The program then must neither carry on writing into it nor delete it: the damaged
file (with its ``-wal``, which may hold the latest work) is renamed out of the way, kept for
a technician, and the newest sound backup is offered for restore.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from cchc_desktop.store.backup import BackupError, BackupInfo, inspect_backup, list_backups


def _problems(db_path: Path, sql: str) -> list[str]:
    """Run ``sql`` on ``db_path`` and return the rows it gives other than "ok" (or the error).

    A missing file is not damage (first start: the program creates it) and gives [].
    "file is not a database", "malformed" and any other error opening or reading the file
    are reported as damage.  Opens read-write (not ``mode=ro``) so a ``-wal`` left by a
    crash is recovered into view exactly as the program would see it.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        return []
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [f"Không mở được tệp dữ liệu: {exc}"]
    try:
        rows = [str(r[0]) for r in conn.execute(sql).fetchall()]
    except sqlite3.Error as exc:
        return [f"Tệp dữ liệu bị hỏng: {exc}"]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def quick_check(db_path: Path) -> list[str]:
    """Problems ``PRAGMA quick_check`` finds in ``db_path``; [] when the file is sound."""
    return _problems(db_path, "PRAGMA quick_check")


def opens_cleanly(db_path: Path) -> list[str]:
    """The quick part of the start-up check: the file opens as a database and its schema reads.

    Catches a file that is not a database or whose first pages are gone, in milliseconds;
    the full :func:`quick_check` (a second or more on a ten-year office) then runs in the
    background once the window is open.
    """
    return _problems(db_path, "SELECT 'ok' FROM (SELECT COUNT(*) FROM sqlite_master)")


def set_aside_damaged(db_path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its ``-wal``/``-shm``) to
    ``cchc.damaged-YYYYMMDD-HHMMSS.sqlite3`` in the same folder and return the new path.

    Never overwrites (a second damage in the same second gets ``-2``...) and never deletes.
    The ``-wal`` is moved first: if the power goes mid-way the old ``-wal`` can never be
    replayed into a new, empty database created under the original name.  The caller must
    have closed every connection to the file.
    """
    db_path = Path(db_path)
    now = now or datetime.now()
    folder = db_path.parent
    base = f"cchc.damaged-{now:%Y%m%d-%H%M%S}"
    n = 1
    while True:
        target = folder / (f"{base}.sqlite3" if n == 1 else f"{base}-{n}.sqlite3")
        sidecars = (Path(f"{target}-wal"), Path(f"{target}-shm"))
        if not target.exists() and not any(p.exists() for p in sidecars):
            break
        n += 1
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            _rename_no_overwrite(side, Path(f"{target}{suffix}"))
    if db_path.exists():
        _rename_no_overwrite(db_path, target)
    return target


def _rename_no_overwrite(src: Path, dst: Path) -> None:
    """Rename refusing to replace ``dst`` (POSIX ``rename`` would silently overwrite it)."""
    if os.name != "posix":
        os.rename(src, dst)  # Windows refuses an existing target
        return
    try:
        os.link(src, dst)  # atomic, and fails if dst exists
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT/exFAT stick, some network shares)
        if dst.exists():
            raise FileExistsError(errno.EEXIST, "target exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)


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
