"""The store: units, groups, plans and the catalogue, NFC on the way in, undo for every edit."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.taxonomy import FORMS, Term
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cchc.sqlite3")
    yield s
    s.close()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_pragmas_wal_and_foreign_keys(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_text_is_stored_nfc(store: Store) -> None:
    uid = store.org.add_unit(nfd("Đài Truyền thanh huyện"), short_name=nfd("Đài TT"))
    raw = store.db.execute("SELECT name, short_name FROM units WHERE id = ?", [uid]).fetchone()
    assert raw == ("Đài Truyền thanh huyện", "Đài TT")
    pid = store.catalogue.add_plan(2023, nfd("Tuyên truyền cải cách hành chính năm 2023"))
    sid = store.catalogue.add_section(pid, nfd("Tuyên truyền chung"))
    tid = store.catalogue.add_task(pid, sid, nfd("Xây dựng chuyên mục"), timeline=nfd("Hằng quý"))
    task = store.catalogue.task(tid)
    assert task.content == "Xây dựng chuyên mục"
    assert task.timeline == "Hằng quý"
    store.org.set_office(Office(nfd("UBND huyện Vĩnh Lộc"), nfd("UBND tỉnh Thanh Hóa"), "Vĩnh Lộc"))
    assert store.org.office().name == "UBND huyện Vĩnh Lộc"


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_any_text_round_trips_as_nfc(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    s = Store.open(tmp_path_factory.mktemp("h") / "x.sqlite3")
    try:
        uid = s.org.add_unit(text)
        assert s.org.unit(uid).name == unicodedata.normalize("NFC", text).strip()
    finally:
        s.close()


def test_units_order_deactivate_and_vietnamese_sort(store: Store) -> None:
    names = ["UBND xã Đông Hòa", "UBND xã Dương Xá", "UBND xã An Bình", "UBND xã Ân Phú"]
    ids = [store.org.add_unit(n, kind="commune") for n in names]
    store.org.sort_units_alphabetically()
    assert [u.name for u in store.org.units()] == [
        "UBND xã An Bình", "UBND xã Ân Phú", "UBND xã Dương Xá", "UBND xã Đông Hòa",
    ]  # fmt: skip
    store.org.move_unit(ids[2], +1)
    assert [u.name for u in store.org.units()][:2] == ["UBND xã Ân Phú", "UBND xã An Bình"]
    store.org.set_unit_active(ids[0], False)
    assert ids[0] not in [u.id for u in store.org.units(active_only=True)]
    assert ids[0] in [u.id for u in store.org.units()]
    with pytest.raises(StoreError):
        store.org.add_unit("   ")


def test_group_fans_out_to_active_members(store: Store) -> None:
    a = store.org.add_unit("UBND xã A", kind="commune")
    b = store.org.add_unit("UBND xã B", kind="commune")
    dept = store.org.add_unit("Phòng Nội vụ", kind="department")
    gid = store.org.add_group("UBND các xã, thị trấn", [a, b])
    assert store.org.groups()[0].member_ids == (a, b)
    refs = [UnitRef("group", gid), UnitRef("unit", dept), UnitRef("unit", a)]
    assert store.org.expand(refs) == [a, b, dept]
    store.org.set_unit_active(b, False)
    assert store.org.expand(refs) == [a, dept]
    store.org.update_group(gid, member_ids=[b])
    assert store.org.groups()[0].member_ids == (b,)


def test_catalogue_positions_and_moves(store: Store) -> None:
    pid = store.catalogue.add_plan(2023, "KH")
    s1 = store.catalogue.add_section(pid, "Một")
    s2 = store.catalogue.add_section(pid, "Hai")
    s21 = store.catalogue.add_section(pid, "Hai chấm một", parent_id=s2)
    t = [store.catalogue.add_task(pid, s1, f"Việc {i}") for i in range(3)]
    assert [x.content for x in store.catalogue.tasks(pid, s1)] == ["Việc 0", "Việc 1", "Việc 2"]
    store.catalogue.move_task(t[2], s1, 0)
    assert [x.content for x in store.catalogue.tasks(pid, s1)] == ["Việc 2", "Việc 0", "Việc 1"]
    store.catalogue.move_task(t[0], s21, 0)
    assert [x.id for x in store.catalogue.tasks(pid, s21)] == [t[0]]
    assert [x.position for x in store.catalogue.tasks(pid, s1)] == [0, 1]
    store.catalogue.move_section(s21, None, 0)
    assert [s.id for s in store.catalogue.sections(pid)] == [s21, s1, s2]
    with pytest.raises(StoreError):
        store.catalogue.move_section(s2, s2, 0)
    store.catalogue.delete_section(s1)
    assert [x.id for x in store.catalogue.tasks(pid)] == [t[0]]


def test_task_fields_and_refs(store: Store) -> None:
    u = store.org.add_unit("Phòng Văn hóa - Thông tin", kind="department")
    g = store.org.add_group("UBND các xã, thị trấn")
    pid = store.catalogue.add_plan(2023, "KH")
    tid = store.catalogue.add_task(
        pid, None, "Viết tin bài", lead=[UnitRef("unit", u)], coordinating=[UnitRef("group", g)],
        forms=["bao_chi", "cong_ttdt"], audiences=["nguoi_dan"], targets={"tin_bai": 12},
        budget=15_000_000, manual_kind="once", manual_dates=[date(2023, 6, 30)],
    )  # fmt: skip
    t = store.catalogue.task(tid)
    assert t.lead == (UnitRef("unit", u, "Phòng Văn hóa - Thông tin"),)
    assert t.coordinating == (UnitRef("group", g, "UBND các xã, thị trấn"),)
    assert t.forms == ("bao_chi", "cong_ttdt") and t.targets == {"tin_bai": 12}
    assert t.manual_dates == (date(2023, 6, 30),) and t.budget == 15_000_000
    with pytest.raises(StoreError):
        store.catalogue.update_task(tid, bogus=1)


def test_undo_redo_every_kind_of_edit(store: Store) -> None:
    u = store.org.add_unit("Phòng Nội vụ")
    pid = store.catalogue.add_plan(2023, "Kế hoạch")
    sid = store.catalogue.add_section(pid, "Mục I")
    tid = store.catalogue.add_task(pid, sid, "Việc", lead=[UnitRef("unit", u)])
    store.catalogue.update_task(tid, content="Việc đã sửa")
    assert store.undo() == "Sửa nhiệm vụ"
    assert store.catalogue.task(tid).content == "Việc"
    assert store.redo() == "Sửa nhiệm vụ"
    assert store.catalogue.task(tid).content == "Việc đã sửa"
    store.catalogue.delete_plan(pid)
    assert store.catalogue.plans() == []
    store.undo()  # the whole plan, its section, task and assignment come back
    assert store.catalogue.task(tid).lead[0].id == u
    assert store.catalogue.sections(pid)[0].title == "Mục I"
    for _ in range(4):  # the edit, the task, the section, the plan
        store.undo()
    assert store.catalogue.plans() == []
    assert store.redo() is not None
    assert store.catalogue.plans()[0].title == "Kế hoạch"
    store.org.add_unit("Phòng Tư pháp")  # a new edit clears the redo stack
    assert store.redo() is None
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_failed_action_writes_nothing(store: Store) -> None:
    pid = store.catalogue.add_plan(2023, "KH")
    before = store.db.execute("SELECT COUNT(*) FROM undo_actions").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError), store.action("Hỏng"):
        store.db.execute("INSERT INTO sections (plan_id, title) VALUES (?, 'x')", [pid])
        store.db.execute("INSERT INTO sections (plan_id, title) VALUES (999, 'y')")
    assert store.catalogue.sections(pid) == []
    assert store.db.execute("SELECT COUNT(*) FROM undo_actions").fetchone()[0] == before


def test_copy_plan_into_next_year(store: Store) -> None:
    u = store.org.add_unit("Đài Truyền thanh huyện", kind="media")
    pid = store.catalogue.add_plan(
        2023, "Tuyên truyền CCHC năm 2023", number="25/KH-UBND", issued_on=date(2023, 2, 21),
        status="issued", legal_bases="Căn cứ Quyết định số 3524/QĐ-UBND ngày 30/12/2022",
    )  # fmt: skip
    s = store.catalogue.add_section(pid, "Tuyên truyền năm 2023")
    store.catalogue.add_task(
        pid, s, "Chuyên mục", timeline="Quý II/2023", lead=[UnitRef("unit", u)],
        manual_kind="once", manual_dates=[date(2023, 2, 28)],
    )  # fmt: skip
    new = store.catalogue.copy_plan(pid, 2024)
    plan = store.catalogue.plan(new)
    assert (plan.year, plan.status, plan.number, plan.issued_on) == (2024, "draft", "", None)
    assert plan.title == "Tuyên truyền CCHC năm 2024"
    assert plan.legal_bases.startswith("Căn cứ Quyết định số 3524/QĐ-UBND")
    task = store.catalogue.tasks(new)[0]
    assert task.timeline == "Quý II/2024"
    assert task.manual_dates == (date(2024, 2, 28),)
    assert task.lead[0].id == u
    assert store.catalogue.sections(new)[0].title == "Tuyên truyền năm 2024"
    assert store.catalogue.tasks(pid)[0].timeline == "Quý II/2023"  # the source is untouched


def test_terms_default_and_edit(store: Store) -> None:
    assert [t.code for t in store.settings.terms("forms")] == [t.code for t in FORMS]
    store.settings.set_terms("forms", [Term("loa", "Loa truyền thanh", "traditional")])
    assert store.settings.terms("forms") == [Term("loa", "Loa truyền thanh", "traditional")]
    with pytest.raises(StoreError):
        store.settings.set_terms("forms", [Term("a", "A"), Term("a", "B")])
    store.undo()
    assert len(store.settings.terms("forms")) == len(FORMS)


def test_corrupt_setting_falls_back(store: Store) -> None:
    store.db.execute("INSERT INTO settings (key, value) VALUES ('terms.forms', '{broken')")
    assert len(store.settings.terms("forms")) == len(FORMS)
    assert store.org.office() is None


def test_reopen_keeps_data_and_starts_with_empty_undo(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    s = Store.open(path)
    pid = s.catalogue.add_plan(2023, "Kế hoạch tuyên truyền")
    s.close()
    s = Store.open(path)
    assert s.catalogue.plan(pid).title == "Kế hoạch tuyên truyền"
    assert s.undo_label() is None
    s.close()


def test_damaged_settings_fall_back_with_a_message(store: Store) -> None:
    store.db.execute("INSERT INTO settings (key, value) VALUES ('terms.forms', '[{\"bad\": 1}]')")
    store.db.execute("INSERT INTO settings (key, value) VALUES ('period_rules', '[1, 2]')")
    assert len(store.settings.terms("forms")) == len(FORMS)
    assert store.settings.period_rules()[0].key == "Q1"
    assert any("Hình thức tuyên truyền" in p for p in store.problems)
    assert any("kỳ báo cáo" in p.lower() for p in store.problems)
