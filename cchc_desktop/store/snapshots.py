"""Issued reports, frozen: what was sent stays exactly as sent, whatever changes later."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.digest import sha256_hex
from cchc_desktop.core.text import nfc

if TYPE_CHECKING:
    from cchc_desktop.store.store import Store


@dataclass(frozen=True)
class Snapshot:
    id: int
    plan_id: int | None
    period_code: str
    period_name: str
    number: str
    issued_at: str
    issued_by: str
    data: dict[str, Any]
    files: tuple[str, ...]


class SnapshotMixin:
    def issue_report(self: Store, plan_id: int, period_code: str, period_name: str, number: str,
                     data: dict[str, Any], files: list[Path]) -> int:  # fmt: skip
        """Freeze a report as issued: its figures and wording, and the files that were sent."""
        contents = [(nfc(p.name), p.read_bytes()) for p in files]
        with self.action(f"Ban hành báo cáo {period_name}"):
            cur = self.db.execute(
                "INSERT INTO report_snapshots (plan_id, period_code, period_name, number, issued_by, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [plan_id, period_code, nfc(period_name), nfc(number), self.user_name(),
                 json.dumps(data, ensure_ascii=False, default=str)],
            )  # fmt: skip
            sid = cur.lastrowid
            for name, content in contents:
                self.db.execute(
                    "INSERT INTO report_files (snapshot_id, name, sha256, content) VALUES (?, ?, ?, ?)",
                    [sid, name, sha256_hex(content), content],
                )
            return sid

    def snapshots(self: Store, plan_id: int | None = None) -> list[Snapshot]:
        where, args = ("WHERE s.plan_id = ?", [plan_id]) if plan_id is not None else ("", [])
        rows = self.db.execute(
            "SELECT s.id, s.plan_id, s.period_code, s.period_name, s.number, s.issued_at, s.issued_by, s.data, "
            f"(SELECT group_concat(name, char(10)) FROM report_files f WHERE f.snapshot_id = s.id) FROM report_snapshots s {where} "
            "ORDER BY s.id DESC", args).fetchall()  # fmt: skip
        return [Snapshot(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), tuple((r[8] or "").split("\n")) if r[8] else ())
                for r in rows]  # fmt: skip

    def snapshot_file(self: Store, snapshot_id: int, name: str) -> bytes:
        """The bytes of one sent file, checked against the checksum stored with it."""
        from cchc_desktop.store.store import StoreError

        row = self.db.execute(
            "SELECT content, sha256 FROM report_files WHERE snapshot_id = ? AND name = ?",
            [snapshot_id, name],
        ).fetchone()
        if row is None or sha256_hex(row[0]) != row[1]:
            raise StoreError(f"Tệp “{name}” của báo cáo đã ban hành bị thiếu hoặc hỏng.")
        return bytes(row[0])

    def changes_since(self: Store, snapshot: Snapshot) -> list[str]:
        """Results and tasks of the plan changed after the report was issued (newest first)."""
        if snapshot.plan_id is None:
            return []
        rows = self.db.execute(
            "SELECT h.at, h.user, h.table_name, t.content FROM history h JOIN tasks t ON t.id = h.task_id "
            "WHERE t.plan_id = ? AND h.at > ? AND h.table_name IN ('results', 'tasks', 'assignments') "
            "ORDER BY h.id DESC LIMIT 200", [snapshot.plan_id, snapshot.issued_at]).fetchall()  # fmt: skip
        names = {"results": "kết quả", "tasks": "nhiệm vụ", "assignments": "giao việc"}
        return [f"{at[8:10]}/{at[5:7]}/{at[:4]} {at[11:16]} · {user or '—'} sửa {names[t]}: {content[:80]}"
                for at, user, t, content in rows]  # fmt: skip
