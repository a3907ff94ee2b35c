"""The catalogue: plans with their own sections, and each plan's tree of sections and tasks.

Tasks are numbered from their positions (``II.1.3``), never stored: moving one renumbers
the rest.  Writing a task's units or timeline re-derives its assignments and occurrences
(:meth:`cchc_desktop.store.tracking.Tracking.sync_task`).  A plan copied into a new year
shifts only its own years and may carry over what was left unfinished.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc_desktop.core.models import Plan, PlanDuty, Section, Task, UnitRef
from cchc_desktop.core.plan_text import duties_from_data, shift_own_years
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.fields import check_fields, clean
from cchc_desktop.store.frame_values import PLANS_ORDER
from cchc_desktop.store.room import Room

_PLAN_FIELDS = (
    "year", "number", "issued_on", "title", "issuing_body", "governing_body", "legal_bases",
    "purposes", "requirements", "audiences", "budget_note", "status", "topics", "forms_text",
    "duties", "reporting", "closing", "decision",
)  # fmt: skip
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


class Catalogue(Room):
    """Plans, their own sections, and the catalogue of sections and tasks."""

    # -- plans -----------------------------------------------------------------------------
    def plans(self) -> list[Plan]:
        return [_plan(r) for r in self.db.query(f"SELECT * FROM plans {PLANS_ORDER}")]

    def newest_plan_id(self) -> int | None:
        """The plan the window opens on: the newest year's (the last created if several)."""
        row = self.db.execute(f"SELECT id FROM plans {PLANS_ORDER} LIMIT 1").fetchone()
        return row[0] if row else None

    def plan(self, plan_id: int) -> Plan:
        rows = list(self.db.query("SELECT * FROM plans WHERE id = ?", [plan_id]))
        if not rows:
            raise StoreError(f"Không tìm thấy kế hoạch số {plan_id}.")
        return _plan(rows[0])

    def plan_counts(self) -> dict[int, tuple[int, int]]:
        """(sections, tasks) of every plan, in one query (for lists and confirmations)."""
        rows = self.db.execute(
            "SELECT p.id, (SELECT COUNT(*) FROM sections s WHERE s.plan_id = p.id), "
            "(SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id) FROM plans p"
        ).fetchall()
        return {pid: (ns, nt) for pid, ns, nt in rows}

    def add_plan(self, year: int, title: str, **fields: Any) -> int:
        values = clean({"year": int(year), "title": title, **fields})
        self._check_plan(values)
        with self.house.action(f"Thêm kế hoạch {values['title']}"):
            return self.insert("plans", values)

    def update_plan(self, plan_id: int, **fields: Any) -> None:
        values = clean(fields)
        self._check_plan(values)
        with self.house.action("Sửa kế hoạch"):
            old_year = self.plan(plan_id).year
            self.db["plans"].update(plan_id, values)
            if values.get("year", old_year) != old_year:
                self.house.tracking.sync_plan(plan_id)

    def delete_plan(self, plan_id: int) -> None:
        with self.house.action("Xóa kế hoạch"):
            self.db.execute("DELETE FROM plans WHERE id = ?", [plan_id])

    def _check_plan(self, values: dict[str, Any]) -> None:
        check_fields(values, _PLAN_FIELDS)
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
        org = self.house.org
        office, units, groups = org.office(), org.units(), org.groups()
        tasks = self.tasks(plan_id)
        keys = [(r.key, r.end_day) for r in self.house.settings.period_rules() if r.report]
        return {
            "topics": pt.default_topics(office, plan.year),
            "forms_text": pt.default_forms_text(
                tasks, self.house.settings.terms("forms"), self.house.settings.terms("audiences")
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
        with self.house.action(f"Tạo kế hoạch năm {year} từ năm {src.year}"):
            new_id = self.insert("plans", clean({
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
            }))  # fmt: skip
            section_map: dict[int | None, int] = {}
            for s in self.sections(plan_id):  # parents come before children
                section_map[s.id] = self.insert("sections", {
                    "plan_id": new_id, "parent_id": section_map.get(s.parent_id),
                    "position": s.position, "title": shift(s.title),
                })  # fmt: skip
            for t in self.tasks(plan_id):
                tid = self.insert("tasks", clean({
                    "plan_id": new_id, "section_id": section_map.get(t.section_id),
                    "position": t.position, "content": shift(t.content), "product": shift(t.product),
                    "timeline": shift_own_years(t.timeline, src.year, delta, any_year=True),
                    "manual_kind": t.manual_kind,
                    "manual_dates": [_shift_date(d, delta) for d in t.manual_dates],
                    "forms": t.forms, "audiences": t.audiences, "targets": t.targets,
                    "budget": t.budget, "note": t.note,
                }))  # fmt: skip
                self._write_refs(tid, "lead", t.lead)
                self._write_refs(tid, "coordinating", t.coordinating)
                self.house.tracking.sync_task(tid)
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

    # -- numbering ---------------------------------------------------------------------------
    def task_numbers(self, plan_id: int) -> dict[int, str]:
        """``{task_id: "II.1.3"}``: the full number of every task, derived from positions."""
        from cchc_desktop.core.numbering import section_number

        secs = self.sections(plan_id)
        path: dict[int, list[int]] = {}
        counters: dict[int | None, int] = {}
        for s in secs:
            counters[s.parent_id] = counters.get(s.parent_id, 0) + 1
            path[s.id] = (
                [*path.get(s.parent_id, []), counters[s.parent_id]]
                if s.parent_id
                else [counters[s.parent_id]]
            )
        out = {}
        for t in self.db.execute(
            "SELECT id, section_id, position FROM tasks WHERE plan_id = ? ORDER BY section_id, position, id",
            [plan_id],
        ).fetchall():
            prefix = section_number(path.get(t[1], [])) if t[1] in path else ""
            out[t[0]] = f"{prefix}.{t[2] + 1}" if prefix else str(t[2] + 1)
        return out

    # -- catalogue: sections ---------------------------------------------------------------
    def sections(self, plan_id: int) -> list[Section]:
        """Sections of a plan in tree order (depth first, by position)."""
        rows = list(self.db.query(
            "SELECT * FROM sections WHERE plan_id = ? ORDER BY position, id", [plan_id]))  # fmt: skip
        children: dict[int | None, list[dict[str, Any]]] = {}
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
        values = clean({"title": title})
        with self.house.action(f"Thêm mục {values['title'][:40]}"):
            siblings = self._section_ids(plan_id, parent_id)
            pos = len(siblings) if position is None else max(0, min(position, len(siblings)))
            sid = self.insert(
                "sections", {"plan_id": plan_id, "parent_id": parent_id, "position": pos, **values}
            )
            siblings.insert(pos, sid)
            self._renumber("sections", siblings)
            return sid

    def update_section(self, section_id: int, title: str) -> None:
        with self.house.action("Sửa tên mục"):
            self.db["sections"].update(section_id, clean({"title": title}))

    def delete_section(self, section_id: int) -> None:
        """Delete a section with its sub-sections and tasks (undo brings them all back)."""
        row = self.db["sections"].get(section_id)
        with self.house.action("Xóa mục"):
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
        with self.house.action("Chuyển mục"):
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
            rows = list(self.db.query(
                "SELECT * FROM tasks WHERE plan_id = ? ORDER BY section_id, position, id", [plan_id]
            ))  # fmt: skip
        else:
            rows = list(self.db.query(
                "SELECT * FROM tasks WHERE plan_id = ? AND section_id IS ? ORDER BY position, id",
                [plan_id, section_id],
            ))  # fmt: skip
        refs = self._refs([r["id"] for r in rows])
        return [_task(r, refs.get(r["id"], {})) for r in rows]

    def task(self, task_id: int) -> Task:
        rows = list(self.db.query("SELECT * FROM tasks WHERE id = ?", [task_id]))
        if not rows:
            raise StoreError(f"Không tìm thấy nhiệm vụ số {task_id}.")
        return _task(rows[0], self._refs([task_id]).get(task_id, {}))

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

    def add_task(
        self, plan_id: int, section_id: int | None, content: str, position: int | None = None,
        lead: Iterable[UnitRef] = (), coordinating: Iterable[UnitRef] = (), **fields: Any,
    ) -> int:  # fmt: skip
        values = clean({"content": content, **fields})
        check_fields(values, _TASK_FIELDS)
        with self.house.action("Thêm nhiệm vụ"):
            count, ordered = self.db.execute(
                "SELECT count(*), count(*) = count(DISTINCT position) AND min(position) = 0 "
                "AND max(position) = count(*) - 1 FROM tasks WHERE plan_id = ? AND section_id IS ?",
                [plan_id, section_id],
            ).fetchone()
            appended = position is None or position >= count
            pos: int = count if position is None or appended else max(0, position)
            tid = self.insert(
                "tasks", {"plan_id": plan_id, "section_id": section_id, "position": pos, **values}
            )
            if not (appended and (ordered or not count)):
                # renumbering every sibling on every append made a 2,000-task catalogue take
                # half a minute (quadratic); positions already 0..n-1 need no renumbering
                siblings = [t for t in self._task_ids(plan_id, section_id) if t != tid]
                siblings.insert(pos, tid)
                self._renumber("tasks", siblings)
            self._write_refs(tid, "lead", lead)
            self._write_refs(tid, "coordinating", coordinating)
            self.house.tracking.sync_task(tid)
            return tid

    def update_task(
        self, task_id: int, lead: Iterable[UnitRef] | None = None,
        coordinating: Iterable[UnitRef] | None = None, **fields: Any,
    ) -> None:  # fmt: skip
        values = clean(fields)
        check_fields(values, _TASK_FIELDS)
        with self.house.action("Sửa nhiệm vụ"):
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
                self.house.tracking.sync_task(task_id)

    def delete_task(self, task_id: int) -> None:
        row = self.db["tasks"].get(task_id)
        with self.house.action("Xóa nhiệm vụ"):
            self.db.execute("DELETE FROM tasks WHERE id = ?", [task_id])
            self._renumber("tasks", self._task_ids(row["plan_id"], row["section_id"]))

    def move_task(self, task_id: int, section_id: int | None, position: int) -> None:
        row = self.db["tasks"].get(task_id)
        with self.house.action("Chuyển nhiệm vụ"):
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


def _shift_date(d: date, delta: int) -> date:
    try:
        return d.replace(year=d.year + delta)
    except ValueError:  # 29/02 into a non-leap year
        return d.replace(year=d.year + delta, day=28)
