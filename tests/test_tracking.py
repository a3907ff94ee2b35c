"""Assignments fan out, occurrences regenerate without losing results, history, search."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.models import UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.core.status import bucket
from cchc_desktop.demo import write_demo
from cchc_desktop.store.dashboard import build_dashboard
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cchc.sqlite3")
    yield s
    s.close()


def _office(store: Store, communes: int = 20) -> tuple[int, int, list[int]]:
    dept = store.org.add_unit("Phòng Nội vụ", kind="department")
    xa = [store.org.add_unit(f"UBND xã Số {i}", kind="commune") for i in range(communes)]
    group = store.org.add_group("UBND các xã, thị trấn", xa)
    return dept, group, xa


def test_group_fans_out_to_one_assignment_per_commune(store: Store) -> None:
    dept, group, xa = _office(store)
    pid = store.catalogue.add_plan(2023, "KH")
    tid = store.catalogue.add_task(pid, None, "Niêm yết", timeline="Hằng quý",
                         lead=[UnitRef("group", group)], coordinating=[UnitRef("unit", dept)])  # fmt: skip
    a = store.tracking.assignments(tid)
    assert len(a) == 21 and sum(x.role == "lead" for x in a) == 20
    assert len(store.tracking.occurrence_rows(pid)) == 21 * 4
    store.org.set_unit_active(xa[0], False)
    assert len(store.tracking.assignments(tid)) == 20
    store.org.update_group(group, member_ids=xa[:5])
    assert len(store.tracking.assignments(tid)) == 5  # 4 active communes + the department


def test_regeneration_keeps_results(store: Store) -> None:
    dept, _, _ = _office(store, 1)
    pid = store.catalogue.add_plan(2023, "KH")
    tid = store.catalogue.add_task(
        pid, None, "Chuyên mục", timeline="Hằng quý", lead=[UnitRef("unit", dept)]
    )
    occ = {o.key: o for o in store.tracking.occurrence_rows(pid)}
    store.results.set_result(
        occ["2023-06-30"].id, "done", date(2023, 6, 20), values={"chuyen_muc": 1}
    )
    store.results.set_result(occ["2023-03-31"].id, "done", date(2023, 3, 30))
    store.catalogue.update_task(tid, timeline="Quý II, III/2023")  # 4 dates become 2
    rows = {o.key: o for o in store.tracking.occurrence_rows(pid)}
    assert set(rows) == {"2023-06-30", "2023-09-30", "2023-03-31"}
    assert rows["2023-06-30"].status == "done" and rows["2023-06-30"].values == {"chuyen_muc": 1}
    assert (
        rows["2023-03-31"].detached and rows["2023-03-31"].status == "done"
    )  # kept for re-attaching
    store.results.reattach_result(rows["2023-03-31"].id, rows["2023-09-30"].id)
    rows = {o.key: o for o in store.tracking.occurrence_rows(pid)}
    assert set(rows) == {"2023-06-30", "2023-09-30"} and rows["2023-09-30"].status == "done"
    store.catalogue.update_task(tid, timeline="Thường xuyên")
    assert {o.key for o in store.tracking.occurrence_rows(pid) if not o.detached} == {
        "Q1",
        "Q2",
        "Q3",
        "Q4",
    }
    store.catalogue.update_task(tid, timeline="Khi có yêu cầu")
    aid = store.tracking.assignments(tid)[0].id
    store.tracking.add_event_occurrence(aid, date(2023, 8, 1))
    assert [o.due for o in store.tracking.occurrence_rows(pid) if o.manual] == [date(2023, 8, 1)]


def test_results_validation_history_and_undo(store: Store) -> None:
    dept, _, _ = _office(store, 1)
    pid = store.catalogue.add_plan(2023, "KH")
    tid = store.catalogue.add_task(
        pid, None, "Hội nghị", timeline="Quý II/2023", lead=[UnitRef("unit", dept)]
    )
    occ = store.tracking.occurrence_rows(pid)[0]
    with pytest.raises(StoreError, match="lý do"):
        store.results.set_result(occ.id, "not_done")
    with pytest.raises(StoreError, match="không âm"):
        store.results.set_result(occ.id, "done", values={"hoi_nghi": -1})
    store.results.set_result(occ.id, "in_progress", description="Đang chuẩn bị")
    store.results.set_result(
        occ.id, "done", date(2023, 6, 1), description="Đã tổ chức", values={"hoi_nghi": 1}
    )
    hist = [h for h in store.history.of_task(task_id=tid) if h.table_name == "results"]
    assert (
        hist[0].action == "update"
        and hist[0].old["status"] == "in_progress"
        and hist[0].new["status"] == "done"
    )
    assert hist[0].user
    store.undo()
    assert store.tracking.occurrence(occ.id).status == "in_progress"


def test_evidence_is_copied_with_checksum(store: Store, tmp_path: Path) -> None:
    dept, _, _ = _office(store, 1)
    pid = store.catalogue.add_plan(2023, "KH")
    store.catalogue.add_task(
        pid, None, "Pano", timeline="Quý II/2023", lead=[UnitRef("unit", dept)]
    )
    occ = store.tracking.occurrence_rows(pid)[0]
    store.results.set_result(occ.id, "done", date(2023, 6, 1))
    src = tmp_path / "ảnh pano.jpg"
    src.write_bytes(b"fake jpeg bytes")
    rid = store.tracking.occurrence(occ.id).result_id
    store.results.add_evidence_file(rid, src)
    src.unlink()  # the original may be deleted afterwards
    store.results.add_evidence_link(rid, "https://vinhloc.gov.vn/tin-cchc")
    items = store.results.evidence(rid)
    assert [i.kind for i in items] == ["file", "link"]
    assert items[0].name == "ảnh pano.jpg" and store.results.verify_evidence(items[0])


def test_search_ignores_diacritics_and_case(store: Store) -> None:
    store.org.add_unit("Đài Truyền thanh huyện", kind="media")
    pid = store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính")
    store.catalogue.add_task(pid, None, "Xây dựng chuyên mục trên Đài Truyền thanh")
    hits = store.search.find("dai truyen thanh")
    assert {(h.kind, h.title) for h in hits} >= {
        ("unit", "Đài Truyền thanh huyện"), ("task", "Xây dựng chuyên mục trên Đài Truyền thanh"),
    }  # fmt: skip
    assert [h.kind for h in store.search.find("TUYEN TRUYEN CAI")] == ["plan"]
    assert store.search.find("") == [] and store.search.find('"') == []


def test_dashboard_equals_a_recount_from_raw_rows(tmp_path: Path) -> None:
    """The dashboard's 9-month figures recounted from raw rows by the report's rules: occurrences
    due 1/1–30/9 (nothing is carried into a report that starts on 1/1), a lead unit's share or
    any unit's where the task has no lead, status at the cut-off 14/9; quantities of those
    shares unless completed after the cut-off."""
    import json

    write_demo(tmp_path, 2023, today=date(2023, 11, 24))
    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        plan = s.catalogue.plans()[0]
        period = parse_period_code("2023-9M")
        d = build_dashboard(s, plan.id, period, today=date(2023, 11, 24))
        led = {t for (t,) in s.db.execute(
            "SELECT DISTINCT task_id FROM assignments WHERE active AND role = 'lead'").fetchall()}  # fmt: skip
        raw = [
            row
            for row in s.db.execute(
                'SELECT o.id, o.due, r.status, r.completed_on, a.role, a.task_id, r."values" '
                "FROM occurrences o JOIN assignments a ON a.id = o.assignment_id AND a.active "
                "LEFT JOIN results r ON r.occurrence_id = o.id "
                "WHERE o.due BETWEEN '2023-01-01' AND '2023-09-30' AND NOT o.detached"
            ).fetchall()
            if row[4] == "lead" or row[5] not in led
        ]
        recount: dict[str, int] = {}
        tin_bai = 0
        for _, due, status, done, _role, _task, values in raw:
            done_on = date.fromisoformat(done) if done else None
            b = bucket(date.fromisoformat(due), status, done_on, period.end)
            recount[b] = recount.get(b, 0) + 1
            if values and not (status == "done" and done_on and done_on > period.end):
                tin_bai += json.loads(values).get("tin_bai", 0)
        assert {k: v for k, v in d.counts.items() if v} == recount
        assert sum(d.counts.values()) == len(raw) > 500
        assert d.rate == (recount.get("done_on_time", 0) + recount.get("done_late", 0)) / len(raw)
        assert d.totals.get("tin_bai", 0) == tin_bai > 0
        assert sum(u.total for u in d.by_unit) == len(raw)
    finally:
        s.close()


def test_period_rules_are_editable_and_regenerate_ongoing_occurrences(store: Store) -> None:
    from dataclasses import replace

    from cchc_desktop.core.periods import DEFAULT_PERIOD_RULES

    dept, _, _ = _office(store, 1)
    pid = store.catalogue.add_plan(2023, "KH")
    store.catalogue.add_task(
        pid, None, "Tin bài", timeline="Thường xuyên", lead=[UnitRef("unit", dept)]
    )
    assert [o.due for o in store.tracking.occurrence_rows(pid)][0] == date(2023, 3, 14)
    rules = tuple(replace(r, end_day=20) if r.key == "Q1" else r for r in DEFAULT_PERIOD_RULES)
    store.settings.set_period_rules(rules)
    assert store.settings.period_rules()[0].end_day == 20
    assert [o.due for o in store.tracking.occurrence_rows(pid)][0] == date(2023, 3, 20)
    with pytest.raises(StoreError):
        store.settings.set_period_rules(tuple(r for r in rules if r.key != "Q2"))
