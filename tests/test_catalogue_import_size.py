"""A long annex imports in time proportional to its length (a fuzz finding of issue 19).

An annex of 2,000 rows (within the reader's limit of 5,000) took half a minute to import:
every new task renumbered all the tasks before it in its section, one UPDATE each, so the
work grew with the square of the rows.  The statements an import runs are counted here (a
count, not a stopwatch, so the test does not depend on the machine's load).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from cchc_desktop.exchange.catalogue import apply_catalogue, draft_catalogue
from cchc_desktop.store.store import Store

HEADER = ["STT", "NỘI DUNG CÔNG VIỆC", "ĐƠN VỊ THỰC HIỆN", "ĐƠN VỊ PHỐI HỢP", "THỜI GIAN THỰC HIỆN"]


def annex(path: Path, tasks: int) -> Path:
    """One section of ``tasks`` numbered tasks, each led by the office's one department."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["I. Truyền thông về cải cách hành chính", "", "", "", ""])
    for i in range(1, tasks + 1):
        ws.append([str(i), f"Nhiệm vụ số {i}", "Phòng Nội vụ", "", "Quý II"])
    wb.save(path)
    return path


def import_counting(folder: Path, tasks: int) -> tuple[int, Store, int]:
    """Import an annex of ``tasks`` tasks into a new office; the SQL statements it ran."""
    store = Store.open(folder / "cchc.sqlite3")
    store.org.add_unit("Phòng Nội vụ", kind="department")
    plan = store.catalogue.add_plan(2025, "Kế hoạch năm 2025")
    draft = draft_catalogue(store, annex(folder / f"phụ lục {tasks}.xlsx", tasks), 2025)
    statements = 0

    def count(_sql: str) -> None:
        nonlocal statements
        statements += 1

    store.db.conn.set_trace_callback(count)
    try:
        created = apply_catalogue(store, draft, plan)
    finally:
        store.db.conn.set_trace_callback(None)
    assert created["tasks"] == tasks
    return statements, store, plan


def test_importing_twice_the_rows_costs_twice_the_work(tmp_path: Path) -> None:
    """Rule: the statements per imported task do not grow with the annex (before the fix, 300
    tasks cost half as much again per task as 150, and a 2,000-row annex ran past 20 seconds)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    small, s1, _ = import_counting(tmp_path / "a", 150)
    large, s2, _ = import_counting(tmp_path / "b", 300)
    s1.close()
    s2.close()
    assert large / 300 < 1.1 * small / 150, (small, large)


def test_imported_tasks_keep_the_annexs_order_numbered_from_zero(tmp_path: Path) -> None:
    """Rule: tasks appended without renumbering still sit at positions 0..n-1 in file order,
    and a task later inserted among them moves the ones after it down."""
    _, store, plan = import_counting(tmp_path, 40)
    tasks = store.catalogue.tasks(plan)
    assert [t.position for t in tasks] == list(range(40))
    assert [t.content for t in tasks] == [f"Nhiệm vụ số {i}" for i in range(1, 41)]
    section = tasks[0].section_id
    new = store.catalogue.add_task(plan, section, "Nhiệm vụ chen giữa", position=5)
    again = store.catalogue.tasks(plan)
    assert [t.position for t in again] == list(range(41))
    assert again[5].id == new and again[6].content == "Nhiệm vụ số 6"
    store.close()


def test_a_task_appended_after_gaps_in_positions_comes_last(tmp_path: Path) -> None:
    """Rule: positions left uneven (an older file, a hand-edited one) are renumbered when a
    task is added at the end, so it sorts last and the others keep their order."""
    store = Store.open(tmp_path / "cchc.sqlite3")
    plan = store.catalogue.add_plan(2025, "Kế hoạch")
    ids = [store.catalogue.add_task(plan, None, f"Nhiệm vụ {i}") for i in range(3)]
    store.db.execute("UPDATE tasks SET position = position * 5 + 2")  # 2, 7, 12
    last = store.catalogue.add_task(plan, None, "Nhiệm vụ cuối")
    tasks = store.catalogue.tasks(plan)
    assert [t.id for t in tasks] == [*ids, last]
    assert [t.position for t in tasks] == [0, 1, 2, 3]
    store.close()
