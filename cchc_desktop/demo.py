"""Writing the demo office into a data folder (``cchc-desktop demo`` and ``--demo``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from cchc_desktop import demo_content as content
from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.paths import database_path
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store


def write_demo(folder: Path, year: int | None = None, today: date | None = None) -> str:
    """Create the demo office and its plan for ``year`` in ``folder``; return a summary.

    Refuses a folder whose database already holds plans, so a real office is never mixed
    with invented data.
    """
    year = year or date.today().year
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(database_path(folder))
    try:
        if store.catalogue.plans():
            raise StoreError(
                f"Thư mục {folder} đã có dữ liệu (kế hoạch); không ghi đè bằng dữ liệu mẫu."
            )
        with store.action("Tạo dữ liệu mẫu"):
            summary = _write(store, year)
            summary += _write_results(store, year, today or date.today())
        store.undo_log.reset()  # the demo is the starting point, not an undoable edit
        return summary
    finally:
        store.close()


def _fill(text: str, year: int) -> str:
    return text.replace("{year}", str(year)).replace("{prev}", str(year - 1))


def _write(store: Store, year: int) -> str:
    store.org.set_office(Office(**content.OFFICE))
    ids: dict[str, int] = {}
    kinds: dict[int, str] = {}
    for name, short, kind, person, phone, email in content.UNITS:
        uid = store.org.add_unit(
            name, short_name=short, kind=kind, contact_person=person, phone=phone, email=email
        )
        ids[name] = uid
        kinds[uid] = kind
    store.org.sort_units_alphabetically()
    groups: dict[str, int] = {}
    for name, member_kinds, note in content.GROUPS:
        members = [u.id for u in store.org.units() if u.kind in member_kinds]
        groups[name] = store.org.add_group(name, members, note)

    def refs(names: list[str]) -> list[UnitRef]:
        return [
            UnitRef("group", groups[n]) if n in groups else UnitRef("unit", ids[n]) for n in names
        ]

    p = content.PLAN
    office = store.org.office()
    plan_id = store.catalogue.add_plan(
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
            store.catalogue.add_task(
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
        sid = store.catalogue.add_section(plan_id, _fill(title, year))
        add_tasks(sid, tasks)
        for sub_title, sub_tasks in subsections:
            add_tasks(
                store.catalogue.add_section(plan_id, _fill(sub_title, year), parent_id=sid),
                sub_tasks,
            )
    return f"{len(ids)} đơn vị, {len(groups)} nhóm, 1 kế hoạch, {n_tasks} nhiệm vụ"


def _write_results(store: Store, year: int, today: date) -> str:
    """Believable results for every occurrence due up to the latest cut-off before today.

    Seeded, so the same year always gives the same demo: most work done on time, some late,
    a little in progress or not carried out, with numbers for the task's indicators.
    """
    import random

    from cchc_desktop.core.periods import latest_cutoff_before

    period = latest_cutoff_before(today)
    if period is None:
        return ""
    cutoff = min(period.end, date(year, 12, 14))
    rng = random.Random(year)
    plan = store.catalogue.plans()[0]
    targets = {t.id: t.targets for t in store.catalogue.tasks(plan.id)}
    budgets = {t.id: t.budget for t in store.catalogue.tasks(plan.id) if t.budget}
    money_rng = random.Random(year * 7)  # apart, so the other figures stay as they were
    count = 0
    rows = store.tracking.occurrence_rows(plan.id)
    per_assignment: dict[int, int] = {}
    lead_shares: dict[int, int] = {}
    for occ in rows:
        per_assignment[occ.assignment_id] = per_assignment.get(occ.assignment_id, 0) + 1
        if occ.role == "lead":
            lead_shares[occ.task_id] = lead_shares.get(occ.task_id, 0) + 1
    for occ in rows:
        if occ.due is None or occ.due > cutoff:
            continue
        roll = rng.random()
        share = (1 if occ.role == "lead" else 0.3) / per_assignment[occ.assignment_id]
        values = {
            code: max(1, round(target * share * rng.uniform(0.7, 1.3)))
            for code, target in targets.get(occ.task_id, {}).items()
            if code != "kinh_phi"
        }
        if occ.role == "lead" and occ.task_id in budgets and roll < 0.84:
            # money spent, in round ten-thousands of đồng, a little under the task's budget share
            spent = budgets[occ.task_id] / lead_shares[occ.task_id] * money_rng.uniform(0.6, 1.0)
            values = {**values, "kinh_phi": round(spent, -4)}
        if roll < 0.72:
            done = min(cutoff, occ.due - timedelta(days=rng.randint(0, 20)))
            store.results.set_result(
                occ.id,
                "done",
                done,
                description=_DONE_TEXT[rng.randrange(len(_DONE_TEXT))],
                values=values,
            )
        elif roll < 0.84:
            done = min(cutoff, occ.due + timedelta(days=rng.randint(3, 25)))
            store.results.set_result(
                occ.id,
                "done",
                done,
                description="Hoàn thành chậm so với kế hoạch do trùng lịch công tác.",
                values=values,
            )
        elif roll < 0.93:
            store.results.set_result(
                occ.id, "in_progress", description="Đang triển khai, dự kiến xong trong tháng tới."
            )
        elif roll < 0.97:
            store.results.set_result(occ.id, "not_done", reason="Chưa bố trí được kinh phí")
        else:
            continue  # nothing reported yet: shows as overdue
        count += 1
    return f", {count} kết quả đến ngày {cutoff:%d/%m/%Y}"


_DONE_TEXT = [
    "Đã thực hiện theo kế hoạch; tài liệu lưu tại bộ phận Một cửa.",
    "Đã đăng tải trên Trang thông tin điện tử và nhóm Zalo của xã.",
    "Tổ chức đúng thời gian, thành phần tham dự đầy đủ.",
    "Phát trên loa truyền thanh các thôn vào sáng thứ Hai và thứ Năm.",
    "Đã in và cấp phát tại Bộ phận Một cửa và nhà văn hóa thôn.",
]
