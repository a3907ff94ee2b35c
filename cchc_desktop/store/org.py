"""The office and its organisation: the office's own details, its units and groups of units.

A group (``UBND các xã, thị trấn``) names several units at once; :meth:`Org.expand` turns
what a task names into the active units it means.  Changing a unit's state or a group's
members re-derives the assignments of every task that names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cchc_desktop.core.models import Office, Unit, UnitGroup, UnitRef
from cchc_desktop.core.text import sort_key
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.fields import check_fields, clean
from cchc_desktop.store.room import Room

_UNIT_FIELDS = ("name", "short_name", "kind", "contact_person", "phone", "email", "active")


class Org(Room):
    """The office, its units and its groups of units."""

    # -- the office --------------------------------------------------------------------------
    def office(self) -> Office | None:
        data = self.house.settings.setting("office")
        if not isinstance(data, dict) or not data.get("name"):
            return None
        return Office(**{k: str(data.get(k) or "") for k in Office.__dataclass_fields__})

    def set_office(self, office: Office) -> None:
        self.house.settings.set_setting("office", office.__dict__, label="Sửa thông tin cơ quan")
        self.db.execute("UPDATE session_state SET user = ? WHERE id = 1", [self.house.user_name()])

    # -- units -----------------------------------------------------------------------------
    def units(self, active_only: bool = False) -> list[Unit]:
        sql = (
            "SELECT * FROM units"
            + (" WHERE active" if active_only else "")
            + " ORDER BY position, id"
        )
        return [_unit(r) for r in self.db.query(sql)]

    def unit(self, unit_id: int) -> Unit:
        rows = list(self.db.query("SELECT * FROM units WHERE id = ?", [unit_id]))
        if not rows:
            raise StoreError(f"Không tìm thấy đơn vị số {unit_id}.")
        return _unit(rows[0])

    def add_unit(self, name: str, **fields: Any) -> int:
        values = clean({"name": name, **fields})
        check_fields(values, _UNIT_FIELDS)
        if not values["name"]:
            raise StoreError("Tên đơn vị không được để trống.")
        with self.house.action(f"Thêm đơn vị {values['name']}"):
            pos = self.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM units").fetchone()[0]
            return self.insert("units", {**values, "position": pos})

    def update_unit(self, unit_id: int, **fields: Any) -> None:
        values = clean(fields)
        check_fields(values, _UNIT_FIELDS)
        if "name" in values and not values["name"]:
            raise StoreError("Tên đơn vị không được để trống.")
        with self.house.action("Sửa đơn vị"):
            self.db["units"].update(unit_id, values)

    def set_unit_active(self, unit_id: int, active: bool) -> None:
        label = "Dùng lại đơn vị" if active else "Ngừng dùng đơn vị"
        with self.house.action(label):
            self.db["units"].update(unit_id, {"active": int(active)})
            self._sync_tasks_naming(unit_id=unit_id)

    def move_unit(self, unit_id: int, delta: int) -> None:
        """Move a unit up (``-1``) or down (``+1``) in the office's own order."""
        ids = [u.id for u in self.units()]
        if unit_id not in ids:
            return
        i = ids.index(unit_id)
        j = max(0, min(len(ids) - 1, i + delta))
        if i == j:
            return
        ids.insert(j, ids.pop(i))
        self.set_unit_order(ids, "Đổi thứ tự đơn vị")

    def set_unit_order(self, ids: list[int], label: str = "Đổi thứ tự đơn vị") -> None:
        with self.house.action(label):
            for pos, uid in enumerate(ids):
                self.db.execute("UPDATE units SET position = ? WHERE id = ?", [pos, uid])

    def sort_units_alphabetically(self) -> None:
        """Order units by kind, then Vietnamese alphabetical order of their names."""
        kinds = ["department", "media", "mass_org", "commune", "other"]
        units = sorted(self.units(), key=lambda u: (kinds.index(u.kind), sort_key(u.name)))
        self.set_unit_order([u.id for u in units], "Sắp xếp đơn vị theo vần")

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
        values = clean({"name": name, "note": note})
        if not values["name"]:
            raise StoreError("Tên nhóm đơn vị không được để trống.")
        with self.house.action(f"Thêm nhóm {values['name']}"):
            pos = self.db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM unit_groups"
            ).fetchone()[0]
            gid = self.insert("unit_groups", {**values, "position": pos})
            self._set_members(gid, member_ids)
            return gid

    def update_group(
        self, group_id: int, name: str | None = None, member_ids: Iterable[int] | None = None,
        note: str | None = None,
    ) -> None:  # fmt: skip
        values = clean({k: v for k, v in (("name", name), ("note", note)) if v is not None})
        if "name" in values and not values["name"]:
            raise StoreError("Tên nhóm đơn vị không được để trống.")
        with self.house.action("Sửa nhóm đơn vị"):
            if values:
                self.db["unit_groups"].update(group_id, values)
            if member_ids is not None:
                self._set_members(group_id, member_ids)
                self._sync_tasks_naming(group_id=group_id)

    def delete_group(self, group_id: int) -> None:
        with self.house.action("Xóa nhóm đơn vị"):
            tasks = [r[0] for r in self.db.execute(
                "SELECT DISTINCT task_id FROM task_units WHERE group_id = ?", [group_id])]  # fmt: skip
            self.db.execute("DELETE FROM unit_groups WHERE id = ?", [group_id])
            for tid in tasks:
                self.house.tracking.sync_task(tid)

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
            self.house.tracking.sync_task(tid)


def _unit(r: dict[str, Any]) -> Unit:
    return Unit(
        id=r["id"], name=r["name"], short_name=r["short_name"], kind=r["kind"],
        contact_person=r["contact_person"], phone=r["phone"], email=r["email"],
        active=bool(r["active"]), position=r["position"],
    )  # fmt: skip
