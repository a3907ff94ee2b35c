"""Results: what each unit did for each occurrence, and the evidence attached to a result.

A result is checked before it is written: a known status, a reason for work not done, and
indicator figures that are finite, not negative, whole for counts and within the office's
bound.  Evidence files are copied into the data folder's evidence store, named by their
SHA-256, and only ever read back from inside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from cchc_desktop.core.result_entry import FALLBACK as FALLBACK_BOUND
from cchc_desktop.core.result_entry import SETTING as BOUNDS_SETTING
from cchc_desktop.core.result_entry import (
    ValueRefused,
    check_value,
    missing_reason,
    result_bounds,
    shown,
)
from cchc_desktop.core.text import clean_line, nfc
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.room import Room


@dataclass(frozen=True)
class Evidence:
    id: int
    result_id: int
    kind: str
    name: str
    path: str
    sha256: str
    url: str
    added_at: str


EVIDENCE_DIR = "evidence"  # inside the data folder: the only place evidence files are read from
_CHUNK = 1024 * 1024  # evidence is hashed a megabyte at a time, whatever its size


def _inside_evidence_store(data_dir: Path, stored: str) -> Path | None:
    """``data_dir/evidence/…`` for a stored relative path, or None when the path is absolute,
    climbs out (``..``), or resolves (symlinks followed) to anything but a regular file inside
    the evidence store."""
    import os
    import stat

    if not isinstance(stored, str) or not stored or "\x00" in stored:
        return None
    rel = Path(stored.replace("\\", "/"))
    if rel.is_absolute() or rel.drive or rel.anchor or ".." in rel.parts:
        return None
    if not rel.parts or rel.parts[0] != EVIDENCE_DIR:
        return None
    try:
        root = (Path(data_dir) / EVIDENCE_DIR).resolve()
        path = (Path(data_dir) / rel).resolve()
        if not path.is_relative_to(root) or path == root:
            return None
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, an odd name
        return None
    return path


def _open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading without waiting on a FIFO swapped in after it was checked
    (``O_NONBLOCK``); the caller reads only after making sure it is a regular file."""
    import os

    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"không phải tệp thông thường: {path}")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _evidence_suffix(source: Path) -> str:
    """The extension kept on a stored evidence file: short letters and digits only."""
    import re

    suffix = source.suffix.lower()
    return suffix if re.fullmatch(r"\.[0-9a-z]{1,10}", suffix) else ""


def _evidence_cause(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "ổ đĩa đã đầy"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc hoặc ghi"
    if exc.errno == errno.ENOENT:
        return "không tìm thấy tệp"
    return f"lỗi đọc ghi tệp (mã lỗi {exc.errno})" if exc.errno else "không phải tệp thông thường"


class Results(Room):
    """Results of occurrences and their evidence."""

    # -- results -------------------------------------------------------------------------
    def set_result(
        self, occurrence_id: int, status: str | None, completed_on: date | None = None,
        reason: str = "", description: str = "", values: dict[str, float] | None = None,
        label: str = "Ghi kết quả",
    ) -> None:  # fmt: skip
        """Record (or, with ``status=None``, clear) the result of one occurrence."""
        if status not in (None, "done", "in_progress", "not_done"):
            raise StoreError(f"Trạng thái kết quả “{status}” không hợp lệ.")
        refused = missing_reason(status, clean_line(reason))
        if refused:
            raise StoreError(refused)
        clean_values = {}
        given = {
            code: v
            for code, v in (values or {}).items()
            if v is not None and not (isinstance(v, str) and v == "")
        }
        if given:  # finite, not negative, whole for counts, within the office's bound
            terms = {t.code: t for t in self.house.settings.terms("indicators")}
            bounds, _ = result_bounds(terms.values(), self.house.settings.setting(BOUNDS_SETTING))
            for code, value in given.items():
                try:
                    if isinstance(value, str):  # typed text is read by the caller, never here
                        raise ValueRefused(f"“{shown(value)}” là chữ, không phải số không âm.")
                    clean_values[nfc(str(code))] = check_value(
                        value, bounds.get(code, FALLBACK_BOUND)
                    )
                except ValueRefused as exc:
                    name = terms[code].name if code in terms else code
                    raise StoreError(f"Chỉ tiêu “{name}”: {exc}") from None
        with self.house.action(label):
            if status is None:
                self.db.execute("DELETE FROM results WHERE occurrence_id = ?", [occurrence_id])
                return
            values_json = json.dumps(clean_values, ensure_ascii=False, sort_keys=True)
            params = [status, completed_on.isoformat() if completed_on else None, clean_line(reason),
                      nfc(description).strip(), values_json, self.house.user_name()]  # fmt: skip
            row = self.db.execute(
                'SELECT id, status, completed_on, reason, description, "values" FROM results WHERE occurrence_id = ?',
                [occurrence_id],
            ).fetchone()
            if row is None:
                self.db.execute(
                    "INSERT INTO results (status, completed_on, reason, description, \"values\", updated_by, occurrence_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", [*params, occurrence_id])  # fmt: skip
            elif tuple(row[1:]) != tuple(params[:5]):
                self.db.execute(
                    'UPDATE results SET status = ?, completed_on = ?, reason = ?, description = ?, "values" = ?, '
                    "updated_by = ?, updated_at = datetime('now', 'localtime') WHERE occurrence_id = ?",
                    [*params, occurrence_id],
                )

    def reattach_result(self, from_occurrence: int, to_occurrence: int) -> None:
        """Move the result of a detached occurrence onto a current one."""
        with self.house.action("Gắn lại kết quả"):
            if self.db.execute(
                "SELECT 1 FROM results WHERE occurrence_id = ?", [to_occurrence]
            ).fetchone():
                raise StoreError("Lần thực hiện đích đã có kết quả; hãy xóa hoặc chọn lần khác.")
            self.db.execute(
                "UPDATE results SET occurrence_id = ? WHERE occurrence_id = ?",
                [to_occurrence, from_occurrence],
            )
            self.db.execute("DELETE FROM occurrences WHERE id = ? AND detached", [from_occurrence])

    # -- evidence ------------------------------------------------------------------------
    def add_evidence_file(self, result_id: int, source: Path) -> int:
        """Copy a file into the data folder's evidence store (content-addressed); the original
        may go away.  Only a regular file is taken (a FIFO or device would never end); it is
        read once, in chunks, hashed while copied, so what is stored is what was hashed."""
        import hashlib
        import os
        import stat
        import tempfile

        if self.house.path is None:
            raise StoreError("Không có thư mục dữ liệu để lưu tệp minh chứng.")
        source = Path(source)
        store_dir = self.house.path.parent / EVIDENCE_DIR
        tmp: Path | None = None
        try:
            if not stat.S_ISREG(os.stat(source).st_mode):
                raise StoreError(
                    f"“{source.name}” không phải một tệp thông thường; hãy chọn tệp tài liệu, ảnh…"
                )
            store_dir.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".them-", suffix=".tmp", dir=store_dir)
            tmp = Path(name)
            digest = hashlib.sha256()
            with _open_regular(source) as src, os.fdopen(fd, "wb") as dst:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            hexdigest = digest.hexdigest()
            rel = Path(EVIDENCE_DIR) / hexdigest[:2] / f"{hexdigest}{_evidence_suffix(source)}"
            target = self.house.path.parent / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_file():
                tmp.unlink()
            else:
                tmp.replace(target)
            tmp = None
        except OSError as exc:
            raise StoreError(
                f"Không đọc hoặc không chép được tệp minh chứng {source}: {_evidence_cause(exc)}."
            ) from exc
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        with self.house.action("Thêm minh chứng"):
            cur = self.db.execute(
                "INSERT INTO evidence (result_id, kind, name, path, sha256) VALUES (?, 'file', ?, ?, ?)",
                [result_id, nfc(source.name), rel.as_posix(), hexdigest],
            )
            return int(cur.lastrowid or 0)  # set by the INSERT just run

    def add_evidence_link(self, result_id: int, url: str, name: str = "") -> int:
        url = clean_line(url)
        if not url:
            raise StoreError("Đường dẫn minh chứng không được để trống.")
        with self.house.action("Thêm minh chứng"):
            cur = self.db.execute(
                "INSERT INTO evidence (result_id, kind, name, url) VALUES (?, 'link', ?, ?)",
                [result_id, clean_line(name) or url, url],
            )
            return int(cur.lastrowid or 0)  # set by the INSERT just run

    def evidence(self, result_id: int) -> list[Evidence]:
        return [
            Evidence(
                r["id"],
                r["result_id"],
                r["kind"],
                r["name"],
                r["path"],
                r["sha256"],
                r["url"],
                r["added_at"],
            )
            for r in self.db.query(
                "SELECT * FROM evidence WHERE result_id = ? ORDER BY id", [result_id]
            )
        ]

    def evidence_path(self, item: Evidence) -> Path | None:
        """The stored file of a file evidence, or None when there is none to trust: the path
        kept in the database must lead, once symlinks are followed, to a regular file inside
        the data folder's evidence store (no ``..``, no absolute path, no device or FIFO)."""
        if self.house.path is None or item.kind != "file":
            return None
        return _inside_evidence_store(self.house.path.parent, item.path)

    def verify_evidence(self, item: Evidence) -> bool:
        """Whether the stored file is still there and unchanged: hashed in bounded chunks, and
        only a regular file inside the evidence store (anything else is not intact)."""
        import hashlib
        import os
        import stat

        path = self.evidence_path(item)
        if path is None:
            return False
        digest = hashlib.sha256()
        try:
            with _open_regular(path) as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    return False
                while chunk := fh.read(_CHUNK):
                    digest.update(chunk)
        except OSError:
            return False
        return digest.hexdigest() == item.sha256

    def delete_evidence(self, evidence_id: int) -> None:
        with self.house.action("Xóa minh chứng"):
            self.db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])

    def evidence_files_due_in(self, plan_id: int, start: date, end: date) -> int:
        """Evidence items attached to results of occurrences due in [start, end]."""
        (n,) = self.db.execute(
            "SELECT COUNT(*) FROM evidence e JOIN results r ON r.id = e.result_id "
            "JOIN occurrences o ON o.id = r.occurrence_id JOIN assignments a ON a.id = o.assignment_id "
            "JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = ? AND o.due BETWEEN ? AND ?",
            [plan_id, start.isoformat(), end.isoformat()],
        ).fetchone()
        return int(n)
