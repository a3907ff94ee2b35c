"""Writing the demo office into a data folder (``cchc-desktop demo`` and ``--demo``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cchc_desktop import demo_content as content
from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.paths import database_path
from cchc_desktop.store.store import Store, StoreError


def write_demo(folder: Path, year: int | None = None) -> str:
    """Create the demo office and its plan for ``year`` in ``folder``; return a summary.

    Refuses a folder whose database already holds plans, so a real office is never mixed
    with invented data.
    """
    year = year or date.today().year
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(database_path(folder))
    try:
        if store.plans():
            raise StoreError(
                f"Thư mục {folder} đã có dữ liệu (kế hoạch); không ghi đè bằng dữ liệu mẫu."
            )
        with store.action("Tạo dữ liệu mẫu"):
            summary = _write(store, year)
        store.undo_log.reset()  # the demo is the starting point, not an undoable edit
        return summary
    finally:
        store.close()


def _fill(text: str, year: int) -> str:
    return text.replace("{year}", str(year)).replace("{prev}", str(year - 1))


def _write(store: Store, year: int) -> str:
    store.set_office(Office(**content.OFFICE))
    ids: dict[str, int] = {}
    kinds: dict[int, str] = {}
    for name, short, kind, person, phone, email in content.UNITS:
        uid = store.add_unit(
            name, short_name=short, kind=kind, contact_person=person, phone=phone, email=email
        )
        ids[name] = uid
        kinds[uid] = kind
    store.sort_units_alphabetically()
    groups: dict[str, int] = {}
    for name, member_kinds, note in content.GROUPS:
        members = [u.id for u in store.units() if u.kind in member_kinds]
        groups[name] = store.add_group(name, members, note)

    def refs(names: list[str]) -> list[UnitRef]:
        return [
            UnitRef("group", groups[n]) if n in groups else UnitRef("unit", ids[n]) for n in names
        ]

    p = content.PLAN
    office = store.office()
    plan_id = store.add_plan(
        year,
        _fill(p["title"], year),
        number=p["number"],
        issued_on=date(year, *p["issued"]),
        issuing_body=office.name if office else "",
        governing_body=office.governing_body if office else "",
        legal_bases=_fill(p["legal_bases"], year),
        purposes=_fill(p["purposes"], year),
        requirements=_fill(p["requirements"], year),
        audiences=_fill(p["audiences"], year),
        budget_note=_fill(p["budget_note"], year),
        status="issued",
    )
    n_tasks = 0

    def add_tasks(section_id: int, tasks: list[dict]) -> None:
        nonlocal n_tasks
        for t in tasks:
            store.add_task(
                plan_id,
                section_id,
                _fill(t["content"], year),
                lead=refs(t["lead"]),
                coordinating=refs(t["coordinating"]),
                product=t["product"],
                timeline=_fill(t["timeline"], year),
                forms=t["forms"],
                audiences=t["audiences"],
                targets=t["targets"],
                budget=t["budget"],
                note=t["note"],
            )
            n_tasks += 1

    for title, tasks, subsections in content.SECTIONS:
        sid = store.add_section(plan_id, _fill(title, year))
        add_tasks(sid, tasks)
        for sub_title, sub_tasks in subsections:
            add_tasks(store.add_section(plan_id, _fill(sub_title, year), parent_id=sid), sub_tasks)
    return f"{len(ids)} đơn vị, {len(groups)} nhóm, 1 kế hoạch, {n_tasks} nhiệm vụ"
