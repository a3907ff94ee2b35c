"""The office's data: one object that reads and writes units, groups, plans and the catalogue.

Every public method that writes is one user action: one transaction, NFC text, one undo step.
Callers never see SQL; they get the dataclasses of :mod:`cchc_desktop.core.models`.
"""

from __future__ import annotations

import contextlib
import getpass
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.models import (
    Office,
    Plan,
    PlanDuty,
    Section,
    Task,
    Unit,
    UnitGroup,
    UnitRef,
)
from cchc_desktop.core.plan_text import duties_from_data, shift_own_years
from cchc_desktop.core.taxonomy import DEFAULTS as DEFAULT_TERMS
from cchc_desktop.core.taxonomy import TITLES as TERM_TITLES
from cchc_desktop.core.taxonomy import Term
from cchc_desktop.core.text import clean_line, nfc_value, sort_key
from cchc_desktop.store.database import open_database
from cchc_desktop.store.snapshots import SnapshotMixin
from cchc_desktop.store.tracking import HistoryEntry, TrackingMixin
from cchc_desktop.store.undo import UndoLog

if TYPE_CHECKING:
    from cchc_desktop.store.database import Connection

_UNIT_FIELDS = ("name", "short_name", "kind", "contact_person", "phone", "email", "active")
_PLAN_FIELDS = (
    "year", "number", "issued_on", "title", "issuing_body", "governing_body", "legal_bases",
    "purposes", "requirements", "audiences", "budget_note", "status", "topics", "forms_text",
    "duties", "reporting", "closing", "decision",
)  # fmt: skip
_PLAN_SECTIONS = ("topics", "forms_text", "duties", "reporting", "closing", "decision")
_TASK_FIELDS = (
    "content", "product", "timeline", "manual_kind", "manual_dates", "forms", "audiences",
    "targets", "budget", "note",
)  # fmt: skip


@dataclass(frozen=True)
class Unfinished:
    """A task some lead units have not finished by the end of its plan's year."""

    task_id: int
    number: str
    content: str
    timeline: str
    one_off: bool  # done once or on a couple of dates: carried over by default
    unit_ids: tuple[int, ...]
    unit_names: tuple[str, ...]
    occurrences: int  # unfinished occurrences of those units


class StoreError(ValueError):
    """A user action that cannot be done, with a Vietnamese message to show."""


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """NFC every text and serialise lists/dicts/dates for their columns."""
    out: dict[str, Any] = {}
    if isinstance(values.get("duties"), list | tuple):
        from cchc_desktop.core.plan_text import duties_to_data

        values = {**values, "duties": duties_to_data(
            d if isinstance(d, PlanDuty) else PlanDuty(**d) for d in values["duties"])}  # fmt: skip
    for key, value in nfc_value(values).items():
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list | tuple | dict):
            if key == "manual_dates":
                value = [d.isoformat() if isinstance(d, date) else d for d in value]
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, str):
            value = (
                value.strip() if key not in ("legal_bases", "purposes", "requirements") else value
            )
            if key == "decision":  # its blanks (“số       /QĐ-UBND”) are kept inside
                value = value.replace("\r\n", "\n")
        out[key] = value
    return out


class Store(TrackingMixin, SnapshotMixin):
    """The office database.  Open with :meth:`open`; close when done."""

    def __init__(self, db: Connection, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self.undo_log = UndoLog(db)
        self._depth = 0
        # damaged settings that fell back to defaults, to tell the user
        self.problems: list[str] = []
        self._sitting_user: str | None = None  # who is at the PC this sitting, once asked

    @classmethod
    def open(cls, path: Path | str) -> Store:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(open_database(path), path)
        store.undo_log.reset()
        with store.db.conn:  # the bare connection, as in reset(): sqlite-utils is not loaded yet
            store.db.conn.execute(
                "UPDATE session_state SET user = ? WHERE id = 1", [store.user_name()]
            )
        return store

    @classmethod
    def open_reader(cls, path: Path | str) -> Store:
        """A second connection for work off the GUI thread (exports): no migration, no undo reset."""
        from cchc_desktop.store.database import connect

        return cls(connect(path), Path(path))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.db.conn.execute("PRAGMA optimize")
        self.db.close()

    # -- actions, undo, redo ---------------------------------------------------------------
    @contextlib.contextmanager
    def action(self, label: str) -> Iterator[Connection]:
        """One user action: one transaction and one undo step named ``label``."""
        if self._depth:
            self._depth += 1
            try:
                with self.db.atomic():
                    yield self.db
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.db.atomic():
                action_id = self.undo_log.begin(label)
                yield self.db
                self.undo_log.end(action_id)
        finally:
            self._depth = 0

    def undo(self) -> str | None:
        return self.undo_log.replay("undo")

    def redo(self) -> str | None:
        return self.undo_log.replay("redo")

    def undo_label(self) -> str | None:
        top = self.undo_log.top("undo")
        return top[1] if top else None

    def redo_label(self) -> str | None:
        top = self.undo_log.top("redo")
        return top[1] if top else None

    # -- settings ----------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            self._problem(f"Cài đặt “{key}” bị hỏng; đã dùng giá trị mặc định.")
            return default

    def _problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def set_setting(self, key: str, value: Any, label: str = "Sửa cài đặt") -> None:
        with self.action(label):
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(nfc_value(value), ensure_ascii=False)],
            )

    def terms(self, kind: str) -> list[Term]:
        """The office's list ``kind`` (forms, audiences, indicators), or the default one."""
        data = self.setting(f"terms.{kind}")
        if isinstance(data, list):
            try:
                return [Term(**{k: str(v) for k, v in item.items()}) for item in data]
            except (TypeError, AttributeError):
                self._problem(
                    f"Danh sách “{TERM_TITLES[kind]}” trong cài đặt bị hỏng; đã dùng danh sách mặc định."
                )
        return list(DEFAULT_TERMS[kind])

    def set_terms(self, kind: str, terms: Iterable[Term]) -> None:
        terms = list(terms)
        codes = [t.code for t in terms]
        if any(not t.code or not t.name.strip() for t in terms):
            raise StoreError("Mỗi mục trong danh sách phải có mã và tên.")
        if len(set(codes)) != len(codes):
            raise StoreError("Mã trong danh sách bị trùng.")
        self.set_setting(
            f"terms.{kind}", [t.__dict__ for t in terms], label=f"Sửa danh sách {TERM_TITLES[kind]}"
        )

    def office(self) -> Office | None:
        data = self.setting("office")
        if not isinstance(data, dict) or not data.get("name"):
            return None
        return Office(**{k: str(data.get(k) or "") for k in Office.__dataclass_fields__})

    def set_office(self, office: Office) -> None:
        self.set_setting("office", office.__dict__, label="Sửa thông tin cơ quan")
        self.db.execute("UPDATE session_state SET user = ? WHERE id = 1", [self.user_name()])

    def sitting_user(self) -> str | None:
        """The name given for this sitting (commune staff entering results on the office's
        PC), ``""`` when asked and left empty, ``None`` when not asked yet."""
        return self._sitting_user

    def set_sitting_user(self, name: str) -> None:
        """Credit what is written from now on, in the history too, to ``name`` (empty: the
        office's user).  Not an edit of the office's data: nothing to undo."""
        self._sitting_user = clean_line(name)
        with self.db.conn:
            self.db.conn.execute(
                "UPDATE session_state SET user = ? WHERE id = 1", [self.user_name()]
            )

    def result_history(self, occurrence_id: int) -> list[HistoryEntry]:
        """Changes to the result of one occurrence (one unit's entry for one due date), newest
        first: cleared and entered again too, since a result row is found by its occurrence."""
        rows = self.db.execute(
            "SELECT at, user, table_name, row_id, action, old, new FROM history WHERE table_name = 'results' "
            "AND task_id = (SELECT a.task_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id "
            "WHERE o.id = :occ) AND :occ IN (json_extract(new, '$.occurrence_id'), json_extract(old, "
            "'$.occurrence_id')) ORDER BY id DESC", {"occ": occurrence_id}).fetchall()  # fmt: skip
        return [
            HistoryEntry(
                at,
                user,
                table,
                row_id,
                action,
                json.loads(old) if old else None,
                json.loads(new) if new else None,
            )  # fmt: skip
            for at, user, table, row_id, action, old, new in rows
        ]

    def user_name(self) -> str:
        if self._sitting_user:
            return self._sitting_user
        office = self.office()
        if office and office.user_name:
            return office.user_name
        try:
            return getpass.getuser()
        except Exception:  # noqa: BLE001 - no user name on some systems
            return ""

    # -- units -----------------------------------------------------------------------------
    def units(self, active_only: bool = False) -> list[Unit]:
        sql = (
            "SELECT * FROM units"
            + (" WHERE active" if active_only else "")
            + " ORDER BY position, id"
        )
        return [self._unit(r) for r in self.db.query(sql)]

    def unit(self, unit_id: int) -> Unit:
        rows = list(self.db.query("SELECT * FROM units WHERE id = ?", [unit_id]))
        if not rows:
            raise StoreError(f"Không tìm thấy đơn vị số {unit_id}.")
        return self._unit(rows[0])

    @staticmethod
    def _unit(r: dict[str, Any]) -> Unit:
        return Unit(
            id=r["id"], name=r["name"], short_name=r["short_name"], kind=r["kind"],
            contact_person=r["contact_person"], phone=r["phone"], email=r["email"],
            active=bool(r["active"]), position=r["position"],
        )  # fmt: skip

    def add_unit(self, name: str, **fields: Any) -> int:
        values = _clean({"name": name, **fields})
        self._check_fields(values, _UNIT_FIELDS)
        if not values["name"]:
            raise StoreError("Tên đơn vị không được để trống.")
        with self.action(f"Thêm đơn vị {values['name']}"):
            pos = self.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM units").fetchone()[0]
            return self.db["units"].insert({**values, "position": pos}).last_pk

    def update_unit(self, unit_id: int, **fields: Any) -> None:
        values = _clean(fields)
        self._check_fields(values, _UNIT_FIELDS)
        if "name" in values and not values["name"]:
            raise StoreError("Tên đơn vị không được để trống.")
        with self.action("Sửa đơn vị"):
            self.db["units"].update(unit_id, values)

    def set_unit_active(self, unit_id: int, active: bool) -> None:
        label = "Dùng lại đơn vị" if active else "Ngừng dùng đơn vị"
        with self.action(label):
            self.db["units"].update(unit_id, {"active": int(active)})
            self._sync_tasks_naming(unit_id=unit_id)

    def move_unit(self, unit_id: int, delta: int) -> None:
        """Move a unit up (``-1``) or down (``+1``) in the office's own order."""
        ids = [u.id for u in self.units()]
        self._move_in(ids, unit_id, delta, "units", "Đổi thứ tự đơn vị")

    def set_unit_order(self, ids: list[int], label: str = "Đổi thứ tự đơn vị") -> None:
        with self.action(label):
            for pos, uid in enumerate(ids):
                self.db.execute("UPDATE units SET position = ? WHERE id = ?", [pos, uid])

    def sort_units_alphabetically(self) -> None:
        """Order units by kind, then Vietnamese alphabetical order of their names."""
        kinds = ["department", "media", "mass_org", "commune", "other"]
        units = sorted(self.units(), key=lambda u: (kinds.index(u.kind), sort_key(u.name)))
        self.set_unit_order([u.id for u in units], "Sắp xếp đơn vị theo vần")

    def _move_in(self, ids: list[int], item: int, delta: int, table: str, label: str) -> None:
        if item not in ids:
            return
        i = ids.index(item)
        j = max(0, min(len(ids) - 1, i + delta))
        if i == j:
            return
        ids.insert(j, ids.pop(i))
        with self.action(label):
            for pos, rid in enumerate(ids):
                self.db.execute(f"UPDATE {table} SET position = ? WHERE id = ?", [pos, rid])

    # -- groups ----------------------------------------------------------------------------
    def groups(self) -> list[UnitGroup]:
        members: dict[int, list[int]] = {}
        for gid, uid in self.db.execute(
            "SELECT m.group_id, m.unit_id FROM group_members m JOIN units u ON u.id = m.unit_id "
            "ORDER BY u.position, u.id"
        ).fetchall():
            members.setdefault(gid, []).append(uid)
        return [
            UnitGroup(r["id"], r["name"], tuple(members.get(r["id"], ())), r["note"], r["position"])
            for r in self.db.query("SELECT * FROM unit_groups ORDER BY position, id")
        ]

    def add_group(self, name: str, member_ids: Iterable[int] = (), note: str = "") -> int:
        values = _clean({"name": name, "note": note})
        if not values["name"]:
            raise StoreError("Tên nhóm đơn vị không được để trống.")
        with self.action(f"Thêm nhóm {values['name']}"):
            pos = self.db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM unit_groups"
            ).fetchone()[0]
            gid = self.db["unit_groups"].insert({**values, "position": pos}).last_pk
            self._set_members(gid, member_ids)
            return gid

    def update_group(
        self, group_id: int, name: str | None = None, member_ids: Iterable[int] | None = None,
        note: str | None = None,
    ) -> None:  # fmt: skip
        values = _clean({k: v for k, v in (("name", name), ("note", note)) if v is not None})
        if "name" in values and not values["name"]:
            raise StoreError("Tên nhóm đơn vị không được để trống.")
        with self.action("Sửa nhóm đơn vị"):
            if values:
                self.db["unit_groups"].update(group_id, values)
            if member_ids is not None:
                self._set_members(group_id, member_ids)
                self._sync_tasks_naming(group_id=group_id)

    def _set_members(self, group_id: int, member_ids: Iterable[int]) -> None:
        wanted = list(dict.fromkeys(member_ids))
        have = {r[0] for r in self.db.execute(
            "SELECT unit_id FROM group_members WHERE group_id = ?", [group_id])}  # fmt: skip
        for uid in have - set(wanted):
            self.db.execute(
                "DELETE FROM group_members WHERE group_id = ? AND unit_id = ?", [group_id, uid]
            )
        for uid in wanted:
            if uid not in have:
                self.db["group_members"].insert({"group_id": group_id, "unit_id": uid})

    def _sync_tasks_naming(self, unit_id: int | None = None, group_id: int | None = None) -> None:
        """Re-derive assignments of every task that names the unit (directly or by group)."""
        if group_id is not None:
            groups = [group_id]
        else:
            groups = [
                r[0]
                for r in self.db.execute(
                    "SELECT group_id FROM group_members WHERE unit_id = ?", [unit_id]
                )
            ]
        marks = ",".join("?" * len(groups)) or "NULL"
        rows = self.db.execute(
            f"SELECT DISTINCT task_id FROM task_units WHERE group_id IN ({marks}) OR unit_id IS ?",
            [*groups, unit_id],
        ).fetchall()
        for (tid,) in rows:
            self.sync_task(tid)

    def delete_group(self, group_id: int) -> None:
        with self.action("Xóa nhóm đơn vị"):
            tasks = [r[0] for r in self.db.execute(
                "SELECT DISTINCT task_id FROM task_units WHERE group_id = ?", [group_id])]  # fmt: skip
            self.db.execute("DELETE FROM unit_groups WHERE id = ?", [group_id])
            for tid in tasks:
                self.sync_task(tid)

    def expand(self, refs: Iterable[UnitRef]) -> list[int]:
        """Unit ids named by ``refs``: a group fans out to its (active) members, no duplicates."""
        refs = list(refs)
        if not refs:  # most tasks have no coordinating units: no need to read every unit
            return []
        groups = {g.id: g for g in self.groups()}
        active = {u.id for u in self.units(active_only=True)}
        out: list[int] = []
        for ref in refs:
            ids = (
                groups[ref.id].member_ids if ref.kind == "group" and ref.id in groups else (ref.id,)
            )
            out.extend(i for i in ids if i in active and i not in out)
        return out

    # -- plans -----------------------------------------------------------------------------
    def plans(self) -> list[Plan]:
        return [
            self._plan(r) for r in self.db.query("SELECT * FROM plans ORDER BY year DESC, id DESC")
        ]

    def newest_plan_id(self) -> int | None:
        """The plan the window opens on: the newest year's (the last created if several)."""
        row = self.db.execute("SELECT id FROM plans ORDER BY year DESC, id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def plan(self, plan_id: int) -> Plan:
        rows = list(self.db.query("SELECT * FROM plans WHERE id = ?", [plan_id]))
        if not rows:
            raise StoreError(f"Không tìm thấy kế hoạch số {plan_id}.")
        return self._plan(rows[0])

    @staticmethod
    def _plan(r: dict[str, Any]) -> Plan:
        return Plan(
            id=r["id"], year=r["year"], title=r["title"], number=r["number"],
            issued_on=date.fromisoformat(r["issued_on"]) if r["issued_on"] else None,
            issuing_body=r["issuing_body"], governing_body=r["governing_body"],
            legal_bases=r["legal_bases"], purposes=r["purposes"], requirements=r["requirements"],
            audiences=r["audiences"], budget_note=r["budget_note"], status=r["status"],
            topics=r.get("topics"), forms_text=r.get("forms_text"),
            duties=duties_from_data(json.loads(r["duties"])) if r.get("duties") else None,
            reporting=r.get("reporting"), closing=r.get("closing"), decision=r.get("decision") or "",
        )  # fmt: skip

    def plan_counts(self) -> dict[int, tuple[int, int]]:
        """(sections, tasks) of every plan, in one query (for lists and confirmations)."""
        rows = self.db.execute(
            "SELECT p.id, (SELECT COUNT(*) FROM sections s WHERE s.plan_id = p.id), "
            "(SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id) FROM plans p"
        ).fetchall()
        return {pid: (ns, nt) for pid, ns, nt in rows}

    def add_plan(self, year: int, title: str, **fields: Any) -> int:
        values = _clean({"year": int(year), "title": title, **fields})
        self._check_plan(values)
        with self.action(f"Thêm kế hoạch {values['title']}"):
            return self.db["plans"].insert(values).last_pk

    def update_plan(self, plan_id: int, **fields: Any) -> None:
        values = _clean(fields)
        self._check_plan(values)
        with self.action("Sửa kế hoạch"):
            old_year = self.plan(plan_id).year
            self.db["plans"].update(plan_id, values)
            if values.get("year", old_year) != old_year:
                self.sync_plan(plan_id)

    def delete_plan(self, plan_id: int) -> None:
        with self.action("Xóa kế hoạch"):
            self.db.execute("DELETE FROM plans WHERE id = ?", [plan_id])

    def _check_plan(self, values: dict[str, Any]) -> None:
        self._check_fields(values, _PLAN_FIELDS)
        if "title" in values and not values["title"]:
            raise StoreError("Tên (trích yếu) kế hoạch không được để trống.")
        if "year" in values and not 1900 <= int(values["year"]) <= 2200:
            raise StoreError(f"Năm kế hoạch {values['year']} không hợp lệ.")
        if values.get("status", "draft") not in ("draft", "issued"):
            raise StoreError("Trạng thái kế hoạch phải là dự thảo hoặc đã ban hành.")

    def plan_section_defaults(self, plan_id: int) -> dict[str, Any]:
        """The plan's own sections as the office's data would write them (core.plan_text):
        what a new plan is pre-filled with, and what the document prints until edited."""
        from cchc_desktop.core import plan_text as pt

        plan = self.plan(plan_id)
        office, units, groups = self.office(), self.units(), self.groups()
        tasks = self.tasks(plan_id)
        keys = [(r.key, r.end_day) for r in self.period_rules() if r.report]
        return {
            "topics": pt.default_topics(office, plan.year),
            "forms_text": pt.default_forms_text(
                tasks, self.terms("forms"), self.terms("audiences")
            ),
            "duties": pt.default_duties(office, units, groups, tasks, self.task_numbers(plan_id)),
            "reporting": pt.default_reporting(office, units, keys),
            "closing": pt.default_closing(office, units, plan.year, plan.title),
            "decision": pt.default_decision(office, plan.year),
        }

    def plan_sections(self, plan_id: int) -> dict[str, Any]:
        """Each own section of the plan as it prints: the officer's text, or the default where
        none was written yet (``None``); ``decision`` as saved ("" = issued on its own)."""
        plan = self.plan(plan_id)
        missing = [k for k in ("topics", "forms_text", "duties", "reporting", "closing")
                   if getattr(plan, k) is None]  # fmt: skip
        defaults = self.plan_section_defaults(plan_id) if missing else {}
        out = {k: getattr(plan, k) if k not in missing else defaults[k]
               for k in ("topics", "forms_text", "duties", "reporting", "closing")}  # fmt: skip
        out["decision"] = plan.decision
        return out

    def plans_of_year(self, year: int) -> list[Plan]:
        return [p for p in self.plans() if p.year == int(year)]

    def copy_plan(self, plan_id: int, year: int, carry_over: Iterable[int] = (),
                  allow_second: bool = False) -> int:  # fmt: skip
        """Copy a plan and its whole catalogue into ``year`` as a draft.

        Only the plan's own years move (``Quý II/2023`` → ``Quý II/2024``, “năm 2023” in its
        title); a cited document, a span such as “giai đoạn 2021-2030” and the legal bases stay
        as written (core.plan_text.shift_own_years).  Its own sections (topics, forms, duties,
        reporting, closing, decision) are copied too.  The number and issue date are left for
        the new plan to get.

        ``carry_over`` names tasks of this plan still unfinished (see :meth:`unfinished_tasks`):
        each is added again under a last section, given to the lead units that did not finish
        it, due in the first quarter.  A year that has a plan already is refused unless
        ``allow_second`` (the screen asks first).
        """
        src = self.plan(plan_id)
        year = int(year)
        delta = year - src.year
        taken = self.plans_of_year(year)
        if taken and not allow_second:
            raise StoreError(
                f"Năm {year} đã có kế hoạch “{taken[0].title}”. Không tạo thêm kế hoạch thứ hai "
                "cho cùng năm khi chưa được xác nhận."
            )

        def shift(text: str | None) -> str | None:
            return None if text is None else shift_own_years(text, src.year, delta)

        carried = {u.task_id: u for u in self.unfinished_tasks(plan_id)} if carry_over else {}
        with self.action(f"Tạo kế hoạch năm {year} từ năm {src.year}"):
            new_id = self.db["plans"].insert(_clean({
                "year": year, "title": shift(src.title), "number": "", "issued_on": None,
                "issuing_body": src.issuing_body, "governing_body": src.governing_body,
                "legal_bases": src.legal_bases, "purposes": shift(src.purposes),
                "requirements": shift(src.requirements), "audiences": shift(src.audiences),
                "budget_note": shift(src.budget_note), "status": "draft", "source_plan_id": src.id,
                "topics": shift(src.topics), "forms_text": shift(src.forms_text),
                "duties": None if src.duties is None else [
                    PlanDuty(d.name, shift(d.text) or "", d.request) for d in src.duties],
                "reporting": shift(src.reporting), "closing": shift(src.closing),
                "decision": shift(src.decision) or "",
            })).last_pk  # fmt: skip
            section_map: dict[int, int] = {}
            for s in self.sections(plan_id):  # parents come before children
                section_map[s.id] = self.db["sections"].insert({
                    "plan_id": new_id, "parent_id": section_map.get(s.parent_id),
                    "position": s.position, "title": shift(s.title),
                }).last_pk  # fmt: skip
            for t in self.tasks(plan_id):
                tid = self.db["tasks"].insert(_clean({
                    "plan_id": new_id, "section_id": section_map.get(t.section_id),
                    "position": t.position, "content": shift(t.content), "product": shift(t.product),
                    "timeline": shift_own_years(t.timeline, src.year, delta, any_year=True),
                    "manual_kind": t.manual_kind,
                    "manual_dates": [_shift_date(d, delta) for d in t.manual_dates],
                    "forms": t.forms, "audiences": t.audiences, "targets": t.targets,
                    "budget": t.budget, "note": t.note,
                })).last_pk  # fmt: skip
                self._write_refs(tid, "lead", t.lead)
                self._write_refs(tid, "coordinating", t.coordinating)
                self.sync_task(tid)
            wanted = [carried[tid] for tid in dict.fromkeys(carry_over) if tid in carried]
            if wanted:
                sid = self.add_section(
                    new_id, f"Nhiệm vụ năm {src.year} chưa hoàn thành, chuyển sang năm {year}"
                )
                for u in wanted:
                    t = self.task(u.task_id)
                    self.add_task(
                        new_id, sid, t.content, product=t.product, timeline=f"Quý I/{year}",
                        lead=[UnitRef("unit", uid) for uid in u.unit_ids],
                        coordinating=t.coordinating, forms=t.forms, audiences=t.audiences,
                        note=f"Chuyển từ nhiệm vụ {u.number} của kế hoạch năm {src.year} "
                             f"({u.timeline}); đơn vị chưa hoàn thành: {', '.join(u.unit_names)}.",
                    )  # fmt: skip
            return new_id

    def unfinished_tasks(self, plan_id: int) -> list[Unfinished]:
        """Tasks of a plan that some lead unit has not finished: an occurrence due in the plan's
        year without a “done” result.  ``one_off`` marks work done once (or on set dates), which
        next year's copy does not repeat by itself; ongoing and recurring work is repeated."""
        from cchc_desktop.core.occurrences import task_rule

        plan = self.plan(plan_id)
        rows = self.db.execute(
            "SELECT a.task_id, a.unit_id, u.name, COUNT(*) FROM occurrences o "
            "JOIN assignments a ON a.id = o.assignment_id AND a.active AND a.role = 'lead' "
            "JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id "
            "LEFT JOIN results r ON r.occurrence_id = o.id "
            "WHERE t.plan_id = ? AND NOT o.detached AND o.due BETWEEN ? AND ? "
            "AND (r.status IS NULL OR r.status != 'done') "
            "GROUP BY a.task_id, a.unit_id ORDER BY u.position, u.id",
            [plan_id, f"{plan.year}-01-01", f"{plan.year}-12-31"],
        ).fetchall()
        by_task: dict[int, list[tuple[int, str, int]]] = {}
        for tid, uid, name, n in rows:
            by_task.setdefault(tid, []).append((uid, name, n))
        numbers = self.task_numbers(plan_id)
        out = []
        for t in self.tasks(plan_id):
            units = by_task.get(t.id)
            if not units:
                continue
            rule = task_rule(t, plan.year)
            one_off = rule.kind in ("once", "recurring") and len(rule.dates) <= 2
            out.append(Unfinished(
                t.id, numbers.get(t.id, ""), t.content, t.timeline, one_off,
                tuple(u[0] for u in units), tuple(u[1] for u in units), sum(u[2] for u in units),
            ))  # fmt: skip
        return out

    # -- catalogue: sections ---------------------------------------------------------------
    def sections(self, plan_id: int) -> list[Section]:
        """Sections of a plan in tree order (depth first, by position)."""
        rows = list(self.db.query(
            "SELECT * FROM sections WHERE plan_id = ? ORDER BY position, id", [plan_id]))  # fmt: skip
        children: dict[int | None, list[dict]] = {}
        for r in rows:
            children.setdefault(r["parent_id"], []).append(r)
        out: list[Section] = []

        def walk(parent: int | None) -> None:
            for r in children.get(parent, []):
                out.append(
                    Section(r["id"], r["plan_id"], r["parent_id"], r["position"], r["title"])
                )
                walk(r["id"])

        walk(None)
        return out

    def add_section(
        self, plan_id: int, title: str, parent_id: int | None = None, position: int | None = None
    ) -> int:
        values = _clean({"title": title})
        with self.action(f"Thêm mục {values['title'][:40]}"):
            siblings = self._section_ids(plan_id, parent_id)
            pos = len(siblings) if position is None else max(0, min(position, len(siblings)))
            sid = (
                self.db["sections"]
                .insert({"plan_id": plan_id, "parent_id": parent_id, "position": pos, **values})
                .last_pk
            )
            siblings.insert(pos, sid)
            self._renumber("sections", siblings)
            return sid

    def update_section(self, section_id: int, title: str) -> None:
        with self.action("Sửa tên mục"):
            self.db["sections"].update(section_id, _clean({"title": title}))

    def delete_section(self, section_id: int) -> None:
        """Delete a section with its sub-sections and tasks (undo brings them all back)."""
        row = self.db["sections"].get(section_id)
        with self.action("Xóa mục"):
            self.db.execute("DELETE FROM sections WHERE id = ?", [section_id])
            self._renumber("sections", self._section_ids(row["plan_id"], row["parent_id"]))

    def move_section(self, section_id: int, parent_id: int | None, position: int) -> None:
        """Put a section under ``parent_id`` at ``position`` among its new siblings."""
        row = self.db["sections"].get(section_id)
        if parent_id is not None:
            ancestor: int | None = parent_id
            while ancestor is not None:
                if ancestor == section_id:
                    raise StoreError("Không thể chuyển một mục vào bên trong chính nó.")
                ancestor = self.db["sections"].get(ancestor)["parent_id"]
        with self.action("Chuyển mục"):
            old = self._section_ids(row["plan_id"], row["parent_id"])
            old.remove(section_id)
            self._renumber("sections", old)
            new = self._section_ids(row["plan_id"], parent_id)
            new = [s for s in new if s != section_id]
            new.insert(max(0, min(position, len(new))), section_id)
            self.db.execute(
                "UPDATE sections SET parent_id = ? WHERE id = ?", [parent_id, section_id]
            )
            self._renumber("sections", new)

    def _section_ids(self, plan_id: int, parent_id: int | None) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM sections WHERE plan_id = ? AND parent_id IS ? ORDER BY position, id",
            [plan_id, parent_id])]  # fmt: skip

    def _renumber(self, table: str, ids: list[int]) -> None:
        for pos, rid in enumerate(ids):
            self.db.execute(
                f"UPDATE {table} SET position = ? WHERE id = ? AND position IS NOT ?",
                [pos, rid, pos],
            )

    # -- catalogue: tasks ------------------------------------------------------------------
    def tasks(self, plan_id: int, section_id: int | None | str = "all") -> list[Task]:
        """Tasks of a plan (``section_id="all"``) or of one section, by position."""
        if section_id == "all":
            rows = self.db.query(
                "SELECT * FROM tasks WHERE plan_id = ? ORDER BY section_id, position, id", [plan_id]
            )
        else:
            rows = self.db.query(
                "SELECT * FROM tasks WHERE plan_id = ? AND section_id IS ? ORDER BY position, id",
                [plan_id, section_id],
            )
        rows = list(rows)
        refs = self._refs([r["id"] for r in rows])
        return [self._task(r, refs.get(r["id"], {})) for r in rows]

    def task(self, task_id: int) -> Task:
        rows = list(self.db.query("SELECT * FROM tasks WHERE id = ?", [task_id]))
        if not rows:
            raise StoreError(f"Không tìm thấy nhiệm vụ số {task_id}.")
        return self._task(rows[0], self._refs([task_id]).get(task_id, {}))

    def _refs(self, task_ids: list[int]) -> dict[int, dict[str, list[UnitRef]]]:
        out: dict[int, dict[str, list[UnitRef]]] = {}
        if not task_ids:
            return out
        marks = ",".join("?" * len(task_ids)) if len(task_ids) < 900 else None
        where = f"tu.task_id IN ({marks})" if marks else "1"
        sql = (
            "SELECT tu.task_id, tu.role, tu.unit_id, tu.group_id, COALESCE(u.name, g.name) "
            "FROM task_units tu LEFT JOIN units u ON u.id = tu.unit_id "
            "LEFT JOIN unit_groups g ON g.id = tu.group_id "
            f"WHERE {where} ORDER BY tu.task_id, tu.role, tu.position, tu.id"
        )
        wanted = set(task_ids)
        for tid, role, uid, gid, name in self.db.execute(sql, task_ids if marks else []):
            if tid in wanted:
                ref = UnitRef("unit", uid, name) if uid is not None else UnitRef("group", gid, name)
                out.setdefault(tid, {}).setdefault(role, []).append(ref)
        return out

    @staticmethod
    def _task(r: dict[str, Any], refs: dict[str, list[UnitRef]]) -> Task:
        return Task(
            id=r["id"], plan_id=r["plan_id"], section_id=r["section_id"], position=r["position"],
            content=r["content"], product=r["product"], timeline=r["timeline"],
            manual_kind=r["manual_kind"],
            manual_dates=tuple(date.fromisoformat(d) for d in json.loads(r["manual_dates"])),
            forms=tuple(json.loads(r["forms"])), audiences=tuple(json.loads(r["audiences"])),
            targets=dict(json.loads(r["targets"])), budget=r["budget"], note=r["note"],
            lead=tuple(refs.get("lead", ())), coordinating=tuple(refs.get("coordinating", ())),
        )  # fmt: skip

    def add_task(
        self, plan_id: int, section_id: int | None, content: str, position: int | None = None,
        lead: Iterable[UnitRef] = (), coordinating: Iterable[UnitRef] = (), **fields: Any,
    ) -> int:  # fmt: skip
        values = _clean({"content": content, **fields})
        self._check_fields(values, _TASK_FIELDS)
        with self.action("Thêm nhiệm vụ"):
            count, ordered = self.db.execute(
                "SELECT count(*), count(*) = count(DISTINCT position) AND min(position) = 0 "
                "AND max(position) = count(*) - 1 FROM tasks WHERE plan_id = ? AND section_id IS ?",
                [plan_id, section_id],
            ).fetchone()
            appended = position is None or position >= count
            pos = count if appended else max(0, position)
            tid = (
                self.db["tasks"]
                .insert({"plan_id": plan_id, "section_id": section_id, "position": pos, **values})
                .last_pk
            )
            if not (appended and (ordered or not count)):
                # renumbering every sibling on every append made a 2,000-task catalogue take
                # half a minute (quadratic); positions already 0..n-1 need no renumbering
                siblings = [t for t in self._task_ids(plan_id, section_id) if t != tid]
                siblings.insert(pos, tid)
                self._renumber("tasks", siblings)
            self._write_refs(tid, "lead", lead)
            self._write_refs(tid, "coordinating", coordinating)
            self.sync_task(tid)
            return tid

    def update_task(
        self, task_id: int, lead: Iterable[UnitRef] | None = None,
        coordinating: Iterable[UnitRef] | None = None, **fields: Any,
    ) -> None:  # fmt: skip
        values = _clean(fields)
        self._check_fields(values, _TASK_FIELDS)
        with self.action("Sửa nhiệm vụ"):
            if values:
                self.db["tasks"].update(task_id, values)
            if lead is not None:
                self._write_refs(task_id, "lead", lead)
            if coordinating is not None:
                self._write_refs(task_id, "coordinating", coordinating)
            if (
                lead is not None
                or coordinating is not None
                or {"timeline", "manual_kind", "manual_dates"} & set(values)
            ):
                self.sync_task(task_id)

    def delete_task(self, task_id: int) -> None:
        row = self.db["tasks"].get(task_id)
        with self.action("Xóa nhiệm vụ"):
            self.db.execute("DELETE FROM tasks WHERE id = ?", [task_id])
            self._renumber("tasks", self._task_ids(row["plan_id"], row["section_id"]))

    def move_task(self, task_id: int, section_id: int | None, position: int) -> None:
        row = self.db["tasks"].get(task_id)
        with self.action("Chuyển nhiệm vụ"):
            old = self._task_ids(row["plan_id"], row["section_id"])
            old.remove(task_id)
            self._renumber("tasks", old)
            new = [t for t in self._task_ids(row["plan_id"], section_id) if t != task_id]
            new.insert(max(0, min(position, len(new))), task_id)
            self.db.execute("UPDATE tasks SET section_id = ? WHERE id = ?", [section_id, task_id])
            self._renumber("tasks", new)

    def _task_ids(self, plan_id: int, section_id: int | None) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM tasks WHERE plan_id = ? AND section_id IS ? ORDER BY position, id",
            [plan_id, section_id])]  # fmt: skip

    def _write_refs(self, task_id: int, role: str, refs: Iterable[UnitRef]) -> None:
        wanted = [(r.kind, r.id) for r in dict.fromkeys(UnitRef(r.kind, r.id) for r in refs)]
        have = [
            (("unit", u) if u is not None else ("group", g), rid, pos)
            for rid, u, g, pos in self.db.execute(
                "SELECT id, unit_id, group_id, position FROM task_units "
                "WHERE task_id = ? AND role = ? ORDER BY position, id", [task_id, role])
        ]  # fmt: skip
        if [h[0] for h in have] == wanted:
            return
        self.db.execute("DELETE FROM task_units WHERE task_id = ? AND role = ?", [task_id, role])
        for pos, (kind, rid) in enumerate(wanted):
            self.db["task_units"].insert({
                "task_id": task_id, "role": role, "position": pos,
                "unit_id": rid if kind == "unit" else None,
                "group_id": rid if kind == "group" else None,
            })  # fmt: skip

    @staticmethod
    def _check_fields(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
        unknown = set(values) - set(allowed)
        if unknown:
            raise StoreError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")


def _shift_date(d: date, delta: int) -> date:
    try:
        return d.replace(year=d.year + delta)
    except ValueError:  # 29/02 into a non-leap year
        return d.replace(year=d.year + delta, day=28)
