"""The benchmark offices (``demo --scale large|province``): written in bulk, yet an office the
program itself could have written, so that what the benchmark measures on them is real."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.models import UnitRef
from cchc_desktop.demo_large import SCALES, commune_names, write_large
from cchc_desktop.paths import database_path
from cchc_desktop.store import bulk_load
from cchc_desktop.store.bulk_load import AssignmentRows, OccurrenceRows, PlanRows, TaskRows
from cchc_desktop.store.store import Store

# the province's shape, small: a few departments and communes, two years, two dozen tasks
SMALL = dataclasses.replace(SCALES["province"], departments=SCALES["province"].departments[:5],
                            communes=7, tasks=24, years=2)  # fmt: skip


@pytest.fixture(scope="module")
def small_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("province")
    summary = write_large(folder, 2025, SMALL)
    assert summary.startswith("2 kế hoạch, 12 đơn vị, 48 nhiệm vụ")
    return folder


def test_a_province_has_150_units_with_real_looking_names_none_twice() -> None:
    province = SCALES["province"]
    names = [*province.departments, *commune_names(province.communes, 2026)]
    assert province.units == len(names) == 150
    assert len(set(names)) == len(names)
    assert sum(n.startswith(("UBND xã ", "UBND phường ")) for n in names) >= 100
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    for name in commune_names(province.communes, 2026):  # two place words, as most names go
        place = name.removeprefix("UBND xã ").removeprefix("UBND phường ").split()
        assert len(place) == 2 and place[0] != place[1] and all(w.istitle() for w in place)


def test_every_occurrence_is_the_one_the_program_plans_and_has_a_result(
    small_province: Path,
) -> None:
    store = Store.open(database_path(small_province))
    try:
        for plan in store.catalogue.plans():
            before = [(r.assignment_id, r.key, r.due, r.label, r.detached)
                      for r in store.tracking.occurrence_rows(plan.id)]  # fmt: skip
            store.tracking.sync_plan(
                plan.id
            )  # the program's own fan-out and schedule: nothing to change
            after = [(r.assignment_id, r.key, r.due, r.label, r.detached)
                     for r in store.tracking.occurrence_rows(plan.id)]  # fmt: skip
            assert before == after and before
            assert any(
                r.manual for r in store.tracking.occurrence_rows(plan.id)
            )  # a task “when asked”
            rows = store.tracking.occurrence_rows(plan.id)
            assert all(r.result_id is not None for r in rows)
            communes = {u.id for u in store.org.units() if u.kind == "commune"}
            commune_led = {r.task_id for r in rows if r.unit_id in communes}
            for task_id in commune_led:  # a commune-led task reaches every commune
                assert communes <= {r.unit_id for r in rows if r.task_id == task_id}
        assert store.undo_label() is None  # a generated office has nothing to undo
    finally:
        store.close()


def test_the_greeting_follows_the_bulk_written_results(small_province: Path) -> None:
    """Written in bulk, results pass through their progress notes (in progress, then done or
    not): the greeting counts what is still open as for an edit by hand."""
    from cchc_desktop.store.dashboard import opening_counts
    from tests.test_greeting_counts import greeting_by_the_rows

    store = Store.open(database_path(small_province))
    try:
        year = store.catalogue.plans()[0].year
        for day in (date(year, 3, 1), date(year, 11, 20)):
            counts = opening_counts(store, day)
            assert counts == greeting_by_the_rows(store, day) and sum(counts)  # some stay open
    finally:
        store.close()


def test_results_keep_their_edits_in_history_and_their_final_text_in_search(
    small_province: Path,
) -> None:
    store = Store.open(database_path(small_province))
    try:
        row = store.tracking.occurrence_rows(store.catalogue.plans()[0].id)[0]
        entries = store.history.of_row("results", row.result_id)
        assert [e.action for e in reversed(entries)] == ["insert", "update", "update"]
        assert entries[0].new["description"] == row.description != entries[-1].new["description"]
        hits = store.search.find("cap nhat lan 1")  # a progress note, since replaced
        assert not [h for h in hits if h.kind == "result"]
        assert any(h.kind == "result" for h in store.search.find(row.description))
        # the search triggers are back: an edit made by the program is found
        store.results.set_result(
            row.id, "done", row.completed_on, description="Đã phát 12 số bản tin Zalo"
        )
        assert [h.ref_id for h in store.search.find("ban tin zalo") if h.kind == "result"] == [
            row.result_id
        ]
    finally:
        store.close()


def test_a_plan_cut_off_while_written_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    store = Store.open(database_path(tmp_path))
    try:
        unit = store.org.add_unit("Sở Tư pháp", kind="department")
        bad = TaskRows(0, 0, "Tuyên truyền", "Hằng quý", lead=(UnitRef("unit", unit),),
                       assignments=[AssignmentRows(unit + 99, "lead",
                                                   [OccurrenceRows("Q1", None, "Quý I")])])  # fmt: skip
        with pytest.raises(Exception, match="FOREIGN KEY"):
            bulk_load.write_plan(store, PlanRows(2025, "Kế hoạch", "1/KH", ["Nhóm 1"], [bad]))
        assert store.catalogue.plans() == []
        good = dataclasses.replace(bad, assignments=[AssignmentRows(unit, "lead", [])])
        bulk_load.write_plan(store, PlanRows(2025, "Kế hoạch", "1/KH", ["Nhóm 1"], [good]))
        assert [p.year for p in store.catalogue.plans()] == [2025]
        store.tracking.sync_plan(
            store.catalogue.plans()[0].id
        )  # the triggers are in place: the program writes
        occurrence = store.tracking.occurrence_rows(store.catalogue.plans()[0].id)[0]
        store.results.set_result(
            occurrence.id, "done", description="Đăng tin trên loa truyền thanh"
        )
        assert [h.kind for h in store.search.find("loa truyen thanh")] == ["result"]
    finally:
        store.close()
