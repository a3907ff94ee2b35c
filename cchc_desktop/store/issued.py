"""Issued reports, frozen: what was sent stays exactly as sent, whatever changes later.

Three rules hold here:

- a report is issued once: the same plan, period and number (a blank number counts as one
  number) cannot be marked issued a second time;
- issuing is outside undo: it is a fact about a document already sent, so neither Ctrl+Z nor
  a redo of any other action removes or brings back an issued report (the tables carry no
  undo triggers since migration m007, and issuing records no undo step);
- what changed in the plan after the issue is read from ``history`` and told per unit, one
  record per changed field, in words (statuses, dates, indicator names), never as JSON or ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.digest import sha256_hex
from cchc_desktop.core.text import nfc, nfc_value, sort_key
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.room import Room

if TYPE_CHECKING:
    from cchc_desktop.core.taxonomy import Term

# Groups of :meth:`IssuedReports.changes_by_unit` that are not a unit.
PLAN_WIDE = "Chung cho mọi đơn vị (nội dung nhiệm vụ)"
UNKNOWN_UNIT = "Không rõ đơn vị"


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
    history_id: int | None = None  # newest history row at the issue: later ones are changes


@dataclass(frozen=True)
class SnapshotChange:
    """One field of one task or unit's result changed after a report was issued."""

    at: str  # "2023-07-12 09:15:33", local time, as history keeps it
    user: str
    unit_name: str  # or PLAN_WIDE for the task itself, UNKNOWN_UNIT when it cannot be told
    task_number: str  # "I.4"; empty for a task deleted since
    task_content: str
    field: str  # "Tình trạng", "Ngày hoàn thành", an indicator's name …
    old: str  # as a reader writes it; empty for none
    new: str
    occurrence: str = ""  # which time of a recurring task ("Quý III năm 2023"), for results

    @property
    def text(self) -> str:
        """``12/07/2023 09:15 · Nguyễn Văn A · I.4 Lồng ghép… · Tình trạng: Đang thực hiện → Hoàn thành``"""
        task = " ".join(p for p in (self.task_number, _short(self.task_content, 60)) if p)
        if self.occurrence:
            task += f" ({self.occurrence})"
        return (
            f"{_stamp(self.at)} · {self.user or '—'} · {task or '—'} · {self.field}: "
            f"{_short(self.old, 120) or '—'} → {_short(self.new, 120) or '—'}"
        )


class IssuedReports(Room):
    """Reports marked issued, with the files that were sent, and what changed since."""

    # -- issuing -------------------------------------------------------------------------
    def issue_report(self, plan_id: int, period_code: str, period_name: str, number: str,
                     data: dict[str, Any], files: list[Path]) -> int:  # fmt: skip
        """Freeze a report as issued: its figures and wording, and the files that were sent.

        Once per plan, period and number (raises :class:`StoreError` otherwise).  One
        transaction, and no undo step: undo never takes an issued report back.
        """
        number = " ".join(nfc(number).split())
        period_name = nfc(period_name).strip()
        contents = []
        for p in files:
            try:
                contents.append((nfc(Path(p).name), Path(p).read_bytes()))
            except OSError as exc:
                raise StoreError(f"Không đọc được tệp đã gửi {p}: {exc.strerror or exc}") from exc
        names = [name for name, _ in contents]
        twice = next((name for name in names if names.count(name) > 1), None)
        if twice is not None:
            raise StoreError(f"Hai tệp đã gửi cùng tên “{twice}”; hãy đổi tên một tệp.")
        payload = json.dumps(nfc_value(data), ensure_ascii=False, default=str)
        with self.db.atomic():  # not an action: issuing is no undo step
            earlier = self._issued_as(plan_id, period_code, period_name, number)
            if earlier is not None:
                raise StoreError(_already_issued(earlier))
            mark = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0]
            cur = self.db.execute(
                "INSERT INTO report_snapshots (plan_id, period_code, period_name, number, issued_by, data, history_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [plan_id, period_code, period_name, number, self.house.user_name(), payload, mark],
            )  # fmt: skip
            sid = int(cur.lastrowid or 0)  # set by the INSERT just run
            for name, content in contents:
                self.db.execute(
                    "INSERT INTO report_files (snapshot_id, name, sha256, content) VALUES (?, ?, ?, ?)",
                    [sid, name, sha256_hex(content), content],
                )
            return sid

    def _issued_as(
        self, plan_id: int | None, period_code: str, period_name: str, number: str
    ) -> Snapshot | None:
        """The report already issued for this plan, period and number, if any.

        Numbers compare without regard to case and spacing; a custom period (code ``custom``)
        is told apart by its dates, which its name holds.
        """
        key = _number_key(number)
        for snap in self.issued_for(plan_id, period_code):
            if period_code == "custom" and snap.period_name != period_name:
                continue
            if _number_key(snap.number) == key:
                return snap
        return None

    # -- reading -------------------------------------------------------------------------
    def snapshots(self, plan_id: int | None = None) -> list[Snapshot]:
        """Issued reports (of one plan, or all), newest first."""
        if plan_id is None:
            return self._snapshots("", [])
        return self._snapshots("WHERE plan_id = ?", [plan_id])

    def issued_for(self, plan_id: int | None, period_code: str) -> list[Snapshot]:
        """Reports issued for one plan and period, newest first."""
        return self._snapshots("WHERE plan_id IS ? AND period_code = ?", [plan_id, period_code])

    def _snapshots(self, where: str, args: list[Any]) -> list[Snapshot]:
        rows = self.db.execute(
            "SELECT id, plan_id, period_code, period_name, number, issued_at, issued_by, data, history_id "
            f"FROM report_snapshots {where} ORDER BY id DESC", args).fetchall()  # fmt: skip
        files: dict[int, list[str]] = {}
        if rows:
            for sid, name in self.db.execute(
                "SELECT snapshot_id, name FROM report_files "
                "WHERE snapshot_id IN (SELECT value FROM json_each(?)) ORDER BY id",
                [json.dumps([r[0] for r in rows])],
            ).fetchall():
                files.setdefault(sid, []).append(name)
        return [Snapshot(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]),
                         tuple(files.get(r[0], ())), r[8]) for r in rows]  # fmt: skip

    def snapshot_file(self, snapshot_id: int, name: str) -> bytes:
        """The bytes of one sent file, checked against the checksum stored with it."""
        row = self.db.execute(
            "SELECT content, sha256 FROM report_files WHERE snapshot_id = ? AND name = ?",
            [snapshot_id, name],
        ).fetchone()
        if row is None or sha256_hex(row[0]) != row[1]:
            raise StoreError(f"Tệp “{name}” của báo cáo đã ban hành bị thiếu hoặc hỏng.")
        return bytes(row[0])

    # -- changes since the issue -----------------------------------------------------------
    def changes_by_unit(self, snapshot: Snapshot) -> list[tuple[str, list[SnapshotChange]]]:
        """Changes since ``snapshot`` was issued, per unit: the task-wide group first, then
        units in Vietnamese alphabetical order (an unknown unit last); newest first in each."""
        groups: dict[str, list[SnapshotChange]] = {}
        for change in self.snapshot_changes(snapshot):
            groups.setdefault(change.unit_name, []).append(change)

        def order(name: str) -> tuple[object, ...]:
            return (name != PLAN_WIDE, name == UNKNOWN_UNIT, sort_key(name))

        return [(name, groups[name]) for name in sorted(groups, key=order)]

    def changes_since(self, snapshot: Snapshot) -> list[str]:
        """The texts of :meth:`snapshot_changes` (newest first), for a plain list."""
        return [change.text for change in self.snapshot_changes(snapshot)]

    def snapshot_changes(self, snapshot: Snapshot) -> list[SnapshotChange]:
        """Every change to the plan's tasks, assignments and results since ``snapshot`` was
        issued, one record per changed field, newest first."""
        if snapshot.plan_id is None:
            return []
        plan_id = snapshot.plan_id
        mark = snapshot.history_id
        if mark is None:
            mark = self.db.execute(
                "SELECT COALESCE(MAX(id), 0) FROM history WHERE at <= ?", [snapshot.issued_at]
            ).fetchone()[0]
        tasks = {
            tid: content
            for tid, content in self.db.execute(
                "SELECT id, content FROM tasks WHERE plan_id = ?", [plan_id]
            ).fetchall()
        }
        sections = self._section_labels(plan_id)
        # tasks deleted since the issue: a deleted task's row says its section, not its plan
        deleted: dict[int, tuple[str, int]] = {}  # task id: content, history id of the deletion
        for hid, row_id, old in self.db.execute(
            "SELECT id, row_id, old FROM history WHERE id > ? AND table_name = 'tasks' AND action = 'delete'",
            [mark],
        ).fetchall():
            values = _json(old)
            if row_id not in tasks and values.get("section_id") in sections:
                deleted[row_id] = (str(values.get("content") or ""), hid)
        rows = self.db.execute(
            "SELECT id, at, user, table_name, task_id, action, old, new FROM history "
            "WHERE id > ? AND table_name IN ('results', 'tasks', 'assignments') "
            "AND task_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC",
            [mark, json.dumps([*tasks, *deleted])],
        ).fetchall()
        if not rows:
            return []
        numbers = self.house.catalogue.task_numbers(plan_id)
        units = dict(self.db.execute("SELECT id, name FROM units").fetchall())
        occ_ids = {
            v.get("occurrence_id")
            for r in rows
            if r[3] == "results"
            for v in (_json(r[6]), _json(r[7]))
        } - {None}
        occurrences = {
            oid: (unit_id, label or _date_text(due))
            for oid, unit_id, label, due in self.db.execute(
                "SELECT o.id, a.unit_id, o.label, o.due FROM occurrences o "
                "JOIN assignments a ON a.id = o.assignment_id "
                "WHERE o.id IN (SELECT value FROM json_each(?))",
                [json.dumps(sorted(occ_ids))],
            ).fetchall()
        }
        words = _Words(
            {t.code: t for t in self.house.settings.terms("indicators")},
            {t.code: t.name for t in self.house.settings.terms("forms")},
            {t.code: t.name for t in self.house.settings.terms("audiences")},
            sections,
        )
        out: list[SnapshotChange] = []
        for hid, at, user, table, task_id, action, old_raw, new_raw in rows:
            if table != "tasks" and task_id in deleted and hid > deleted[task_id][1]:
                continue  # removed with its task (a cascade): the task's own deletion says it
            old, new = _json(old_raw), _json(new_raw)
            occurrence = ""
            if table == "tasks":
                unit, fields = PLAN_WIDE, words.task(action, old, new)
            elif table == "assignments":
                unit = units.get((new or old).get("unit_id"), UNKNOWN_UNIT)
                fields = words.assignment(old, new)
            else:
                now = occurrences.get((new or old).get("occurrence_id"))
                unit = units.get(now[0], UNKNOWN_UNIT) if now else UNKNOWN_UNIT
                occurrence = now[1] if now else ""
                fields = words.result(old, new)
                if old.get("occurrence_id") != new.get("occurrence_id") and old and new:
                    was = occurrences.get(old.get("occurrence_id"))
                    fields.insert(0, ("Lần thực hiện", was[1] if was else "lần khác", occurrence))
            content = tasks[task_id] if task_id in tasks else deleted[task_id][0]
            out += [
                SnapshotChange(
                    at, user, unit, numbers.get(task_id, ""), content, f, a, b, occurrence
                )
                for f, a, b in fields
            ]
        return out

    def _section_labels(self, plan_id: int) -> dict[int, str]:
        """``{section id: "II.1 Tuyên truyền chung"}`` for every section of the plan."""
        from cchc_desktop.core.numbering import section_number

        path: dict[int | None, list[int]] = {}
        counters: dict[int | None, int] = {}
        labels = {}
        for s in self.house.catalogue.sections(plan_id):
            counters[s.parent_id] = counters.get(s.parent_id, 0) + 1
            path[s.id] = [*path.get(s.parent_id, []), counters[s.parent_id]]
            labels[s.id] = f"{section_number(path[s.id])} {s.title}".strip()
        return labels


# -- words -------------------------------------------------------------------------------
_RESULT_FIELDS = (
    ("status", "Tình trạng"),
    ("completed_on", "Ngày hoàn thành"),
    ("reason", "Lý do"),
    ("description", "Mô tả kết quả"),
)
_TASK_TEXTS = (
    ("content", "Nội dung"),
    ("product", "Sản phẩm"),
    ("timeline", "Thời gian thực hiện"),
)


@dataclass(frozen=True)
class _Words:
    """Turns history's old and new rows into ``(field, old, new)`` as a reader writes them."""

    indicators: dict[str, Term]
    forms: dict[str, str]
    audiences: dict[str, str]
    sections: dict[int, str]

    def result(self, old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
        from cchc_desktop.core.status import RESULT_STATUSES

        def word(key: str, value: Any) -> str:
            if key == "status":
                return RESULT_STATUSES.get(value, str(value)) if value else ""
            if key == "completed_on":
                return _date_text(value)
            return str(value or "").strip()

        out = [
            (label, word(key, old.get(key)), word(key, new.get(key)))
            for key, label in _RESULT_FIELDS
        ]
        out = [c for c in out if c[1] != c[2]]
        return out + self._amounts(_json(old.get("values")), _json(new.get("values")), "{}")

    def task(
        self, action: str, old: dict[str, Any], new: dict[str, Any]
    ) -> list[tuple[str, str, str]]:
        if action == "insert":
            return [("Nhiệm vụ", "", "Thêm vào kế hoạch")]
        if action == "delete":
            return [("Nhiệm vụ", "", "Đã xóa khỏi kế hoạch")]
        from cchc_desktop.core.timeline import KIND_NAMES

        out = [(label, str(old.get(k) or ""), str(new.get(k) or "")) for k, label in _TASK_TEXTS]
        out.append((
            "Cách tính thời hạn (đặt tay)",
            KIND_NAMES.get(str(old["manual_kind"]), "") if old.get("manual_kind") else "",
            KIND_NAMES.get(str(new["manual_kind"]), "") if new.get("manual_kind") else "",
        ))  # fmt: skip
        out.append(("Ngày đến hạn (đặt tay)", _dates(old.get("manual_dates")),
                    _dates(new.get("manual_dates"))))  # fmt: skip
        out.append(("Hình thức tuyên truyền", self._names(old.get("forms"), self.forms),
                    self._names(new.get("forms"), self.forms)))  # fmt: skip
        out.append(("Đối tượng", self._names(old.get("audiences"), self.audiences),
                    self._names(new.get("audiences"), self.audiences)))  # fmt: skip
        out.append(("Kinh phí", _amount(old.get("budget") or None, "đồng"),
                    _amount(new.get("budget") or None, "đồng")))  # fmt: skip
        out.append(("Ghi chú", str(old.get("note") or ""), str(new.get("note") or "")))
        out.append(("Thuộc mục", self._section(old.get("section_id")),
                    self._section(new.get("section_id"))))  # fmt: skip
        out = [c for c in out if c[1] != c[2]]
        return out + self._amounts(
            _json(old.get("targets")), _json(new.get("targets")), "Chỉ tiêu “{}”"
        )

    @staticmethod
    def assignment(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
        from cchc_desktop.core.models import ROLES

        def role(row: dict[str, Any]) -> str:
            return ROLES.get(str(row.get("role")), "") if row and row.get("active") else ""

        was, now = role(old), role(new)
        if was and now and was != now:
            return [("Vai trò", was, now)]
        return [("Giao việc", was, now)] if was != now else []

    def _amounts(
        self, old: dict[str, Any], new: dict[str, Any], field: str
    ) -> list[tuple[str, str, str]]:
        """One change per indicator whose number changed, in the office's order of the list."""
        known = [code for code in self.indicators if code in old or code in new]
        others = sorted((set(old) | set(new)) - set(known))
        out = []
        for code in known + others:
            term = self.indicators.get(code)
            unit = term.unit if term else ""
            a, b = _amount(old.get(code), unit), _amount(new.get(code), unit)
            if a != b:
                out.append((field.format(term.name if term else code), a, b))
        return out

    @staticmethod
    def _names(raw: Any, names: dict[str, str]) -> str:
        codes = _json(raw, [])
        return (
            ", ".join(names.get(str(c), str(c)) for c in codes) if isinstance(codes, list) else ""
        )

    def _section(self, section_id: Any) -> str:
        if section_id is None:
            return ""
        return self.sections.get(section_id, "mục đã xóa")


def _json(raw: Any, empty: Any = None) -> Any:
    """A JSON text (history's rows, and the list and map columns inside them) as a value."""
    if empty is None:
        empty = {}
    if raw is None or raw == "":
        return empty
    if not isinstance(raw, str):
        return raw
    try:
        value = json.loads(raw)
    except ValueError:
        return empty
    return value if isinstance(value, type(empty)) else empty


def _amount(value: Any, unit: str) -> str:
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{_fmt(number)} {unit}".strip()


def _fmt(number: float) -> str:
    from cchc_desktop.core.formatting import fmt_number

    return fmt_number(int(number) if number.is_integer() else number)


def _date_text(value: Any) -> str:
    """ISO date as ``dd/mm/yyyy`` (anything unreadable as it is)."""
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def _dates(raw: Any) -> str:
    days = _json(raw, [])
    return ", ".join(_date_text(d) for d in days) if isinstance(days, list) else ""


def _stamp(at: str) -> str:
    """``2023-07-12 09:15:33`` → ``12/07/2023 09:15``."""
    if len(at) < 16:
        return at
    return f"{at[8:10]}/{at[5:7]}/{at[:4]} {at[11:16]}"


def _short(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


def _number_key(number: str) -> str:
    return " ".join(nfc(number).split()).casefold()


def _already_issued(snap: Snapshot) -> str:
    what = f"Báo cáo số {snap.number}" if snap.number else "Báo cáo chưa ghi số"
    period = snap.period_name
    if period[:3] in ("Từ ", "Năm"):
        period = period[0].lower() + period[1:]
    when = f"{snap.issued_at[11:16]} ngày {_date_text(snap.issued_at[:10])}"
    by = f" (người đánh dấu: {snap.issued_by})" if snap.issued_by else ""
    message = (
        f"{what} kỳ {period} đã được đánh dấu ban hành lúc {when}{by}; "
        "một báo cáo chỉ đánh dấu ban hành một lần."
    )
    if not snap.number:
        message += " Nếu đây là văn bản khác, hãy ghi số của văn bản rồi đánh dấu lại."
    return message
