"""The change record every user action ends with (issue 17): what it says, what the undo log
says an action touched, and what the context broadcasts for an edit, an undo and a refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cchc_desktop.core.changes import ALL_KINDS, Changes, Kind
from cchc_desktop.core.models import UnitRef
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store


# -- the record itself ---------------------------------------------------------------------
def test_a_record_says_which_kinds_and_rows_changed() -> None:
    r = Changes.of((Kind.RESULTS, Kind.SETTINGS), {Kind.SETTINGS: ["terms.forms"]}, "Ghi kết quả")
    assert r.touches(Kind.RESULTS) and r.touches(Kind.UNITS, Kind.SETTINGS)
    assert not r.touches(Kind.TASKS, Kind.SECTIONS)
    assert r.ids_of(Kind.RESULTS) is None  # changed, rows not known: all of them may have
    assert r.ids_of(Kind.TASKS) == frozenset()  # not changed
    assert r.touches_setting("terms.") and r.touches_setting("terms.forms")
    assert not r.touches_setting("office", "terms.indicators")
    assert r.touches_other_than(Kind.SETTINGS) and not r.touches_other_than(*r.kinds)


def test_everything_touches_every_kind_and_every_setting() -> None:
    r = Changes.everything("Khôi phục", "restore")
    assert r.is_everything and r.kinds == ALL_KINDS
    assert all(r.touches(k) for k in Kind)
    assert r.touches_setting("office")


def test_records_merged_know_ids_only_where_both_do() -> None:
    a = Changes.of(Kind.RESULTS, {Kind.RESULTS: [1]}, origin="UnitWorkScreen")
    b = Changes.of((Kind.RESULTS, Kind.TASKS), {Kind.RESULTS: [2]}, origin="UnitWorkScreen")
    both = a.merged(b)
    assert both.kinds == {Kind.RESULTS, Kind.TASKS}
    assert both.ids_of(Kind.RESULTS) == {1, 2}
    assert both.ids_of(Kind.TASKS) is None
    assert both.origin == "UnitWorkScreen"
    assert a.merged(Changes.of(Kind.RESULTS, origin="undo")).ids_of(Kind.RESULTS) is None


# -- what the undo log says ----------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path):
    store = Store.open(tmp_path / "cchc.sqlite3")
    yield store
    store.close()


def test_the_undo_log_names_the_kinds_and_rows_an_action_touched(store: Store) -> None:
    """Deleting a task reaches its assignments, due dates and results (cascades); a setting
    is named by its key, also one with a quote in it and one the action created."""
    log = store.undo_log
    xa = store.org.add_unit("UBND xã Đông Hòa", kind="commune")
    pid = store.catalogue.add_plan(2023, "Kế hoạch 2023")
    task = store.catalogue.add_task(
        pid, None, "Phát thanh", timeline="Hằng quý", lead=[UnitRef("unit", xa)]
    )
    occ = store.tracking.occurrence_rows(pid)[0]
    store.results.set_result(occ.id, "done", date(2023, 3, 1))
    before = log.newest()
    store.catalogue.delete_task(task)
    touched = log.touched(after=before)
    assert set(touched) == {Kind.TASKS, Kind.ASSIGNMENTS, Kind.OCCURRENCES, Kind.RESULTS}
    assert touched[Kind.TASKS] is None  # its units' rows say "tasks", not which task
    assert occ.id in touched[Kind.OCCURRENCES]
    assert log.touched("undo") == touched  # the newest action, read before an undo

    before = log.newest()
    store.settings.set_setting("ghi chú 'của' văn phòng", {"a": 1})  # created by the action
    store.settings.set_setting("period_rules_note", "x")
    assert log.touched(after=before) == {
        Kind.SETTINGS: {"ghi chú 'của' văn phòng", "period_rules_note"}
    }
    store.settings.set_setting("ghi chú 'của' văn phòng", {"a": 2})  # changed
    assert log.touched("undo") == {Kind.SETTINGS: {"ghi chú 'của' văn phòng"}}


# -- what the context broadcasts ---------------------------------------------------------
def test_an_edit_an_undo_and_a_redo_each_broadcast_one_record(qtbot, store: Store) -> None:
    ctx = AppContext(store)
    heard: list[Changes] = []
    ctx.changes.connect(heard.append)
    uid = ctx.act(store.org.add_unit, "Phòng Nội vụ", kind="department", touches=Kind.UNITS)
    assert len(heard) == 1
    assert heard[0].kinds == {Kind.UNITS} and heard[0].ids_of(Kind.UNITS) == {uid}
    assert heard[0].label == "Thêm đơn vị Phòng Nội vụ"  # the undo step's name
    assert heard[0].origin == ""  # nobody named: a test, not a screen

    ctx.act(store.org.set_office, store.org.office() or _office(), touches=Kind.SETTINGS)
    assert heard[-1].touches_setting("office") and not heard[-1].touches_setting("terms.")

    assert ctx.undo() is not None
    assert heard[-1].origin == "undo" and heard[-1].touches_setting("office")
    assert ctx.undo() is not None
    assert heard[-1].kinds == {Kind.UNITS} and heard[-1].ids_of(Kind.UNITS) == {uid}
    assert ctx.redo() is not None
    assert heard[-1].origin == "redo" and heard[-1].ids_of(Kind.UNITS) == {uid}
    assert len(heard) == 5
    assert ctx.redo() is not None and ctx.redo() is None  # nothing left: nothing broadcast
    assert len(heard) == 6


def test_a_refused_edit_is_told_and_broadcasts_nothing(
    qtbot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: told.append((title, text)))
    ctx = AppContext(store)
    heard: list[Changes] = []
    ctx.changes.connect(heard.append)
    assert ctx.act(store.catalogue.add_plan, 1800, "Kế hoạch", touches=Kind.PLANS) is None
    assert heard == [] and told and told[0][0] == "Không thực hiện được"
    with ctx.operation(Kind.RESULTS, failure="Chưa lưu") as op:
        store.results.set_result(1, "bogus")
    assert not op.ok and heard == [] and told[-1][0] == "Chưa lưu"


def test_the_record_names_what_the_action_reached_beyond_what_it_stated(
    qtbot, store: Store
) -> None:
    """Stated “tasks”, a task's deletion also took its due dates and results: the record says
    so, so that the screens showing results follow."""
    ctx = AppContext(store)
    xa = store.org.add_unit("UBND xã Đông Hòa", kind="commune")
    pid = store.catalogue.add_plan(2023, "Kế hoạch 2023")
    task = store.catalogue.add_task(
        pid, None, "Phát thanh", timeline="Hằng quý", lead=[UnitRef("unit", xa)]
    )
    store.results.set_result(
        store.tracking.occurrence_rows(pid)[0].id, "in_progress", description="Đang làm"
    )
    heard: list[Changes] = []
    ctx.changes.connect(heard.append)
    ctx.act(store.catalogue.delete_task, task, touches=Kind.TASKS)
    assert heard[-1].touches(Kind.TASKS, Kind.ASSIGNMENTS, Kind.OCCURRENCES, Kind.RESULTS)
    assert heard[-1].touches(Kind.RESULTS) and not heard[-1].touches(Kind.UNITS)


def test_an_unexpected_error_in_an_operation_goes_on_and_broadcasts_nothing(
    qtbot, store: Store
) -> None:
    """Not a refusal of the store: it is not swallowed (the error dialog and the log get it)."""
    ctx = AppContext(store)
    heard: list[Changes] = []
    ctx.changes.connect(heard.append)

    def broken() -> None:
        raise KeyError("hỏng")

    with pytest.raises(KeyError):
        ctx.act(broken, touches=Kind.UNITS)
    assert heard == []


def _office():
    from cchc_desktop.core.models import Office

    return Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu")
