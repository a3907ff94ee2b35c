"""Building a plan's catalogue through the widgets: typing, numbering, moves, filter, undo."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cchc_desktop.core.models import UnitRef
from cchc_desktop.gui.catalogue_view import CatalogueScreen
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.vn_keys import commit_text, press, select_all, type_text


@pytest.fixture
def setup(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("cchc_desktop.gui.catalogue_view.ask", lambda *a: True)
    path = tmp_path / "cchc.sqlite3"
    store = Store.open(path)
    store.org.add_unit("Đài Truyền thanh huyện", kind="media")
    store.org.add_unit("Phòng Nội vụ", kind="department")
    store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    store.undo_log.reset()
    ctx = AppContext(store)
    screen = CatalogueScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    yield ctx, screen, path
    store.close()


def rows(screen: CatalogueScreen) -> list[tuple[str, str]]:
    """(number, text) of every visible row, depth first."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        for c in node.children:
            text = c.section.title if c.kind == "section" else c.task.content
            out.append((c.number, text))
            walk(c)

    walk(screen.model.root)
    return out


def retitle_section(screen: CatalogueScreen, title: str) -> None:
    edit = screen.form.section_title
    select_all(edit)
    type_text(edit, title)
    press(edit, Qt.Key.Key_Return)


def write_task(screen: CatalogueScreen, content: str, timeline: str = "") -> None:
    form = screen.form
    select_all(form.content)
    type_text(form.content, content)
    form.product.setFocus()  # leaving the field saves it
    form.content.clearFocus()
    form.flush()
    if timeline:
        type_text(form.timeline, timeline)
        press(form.timeline, Qt.Key.Key_Return)


def test_build_a_catalogue_through_the_widgets(setup) -> None:
    ctx, screen, path = setup
    assert "Ctrl+Shift+N" in screen.body.currentWidget().text()  # empty-plan hint

    screen.add_section_action.trigger()
    retitle_section(screen, "Tuyên truyền chung")
    screen.add_section_action.trigger()
    retitle_section(screen, "Dịch vụ công trực tuyến")
    screen.add_subsection_action.trigger()
    retitle_section(screen, "Hướng dẫn người dân")
    assert [r for r in rows(screen)] == [
        ("I", "Tuyên truyền chung"), ("II", "Dịch vụ công trực tuyến"), ("II.1", "Hướng dẫn người dân"),
    ]  # fmt: skip

    screen.select(screen.model.root.children[0].key)
    screen.add_task_action.trigger()
    write_task(screen, "Xây dựng chuyên mục trên Đài Truyền thanh", "Hằng quý")
    assert "4 lần" in screen.form.understood.text()
    assert screen.form.understood.objectName() == "timelineUnderstood"
    screen.add_task_action.trigger()
    write_task(screen, "Tuyên truyền về dịch vụ công trực tuyến", "Theo lộ trình chung")
    assert screen.form.understood.objectName() == "timelineUnknown"
    screen.add_task_action.trigger()
    write_task(screen, "Niêm yết công khai thủ tục hành chính")

    tasks = ctx.store.catalogue.tasks(ctx.plan_id)
    assert [t.content for t in tasks] == [
        "Xây dựng chuyên mục trên Đài Truyền thanh",
        "Tuyên truyền về dịch vụ công trực tuyến",
        "Niêm yết công khai thủ tục hành chính",
    ]
    assert tasks[0].timeline == "Hằng quý"

    # move the last task up with the keyboard action
    screen.up_action.trigger()
    assert rows(screen)[1:4] == [
        ("1", "Xây dựng chuyên mục trên Đài Truyền thanh"),
        ("2", "Niêm yết công khai thủ tục hành chính"),
        ("3", "Tuyên truyền về dịch vụ công trực tuyến"),
    ]

    # drag the "dịch vụ công" task into II.1
    model = screen.model
    task_key = next(
        k for k, n in model.by_key.items() if n.kind == "task" and "dịch vụ công" in n.task.content
    )
    data = model.mimeData([model.index_of(task_key)])
    target = model.index_of(next(k for k, n in model.by_key.items() if n.number == "II.1"))
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert ("1", "Tuyên truyền về dịch vụ công trực tuyến") in rows(screen)
    assert screen.current_key() == task_key

    # filter ignoring diacritics and case
    screen.filter_edit.setText("DICH VU CONG")
    assert [t for _, t in rows(screen) if t.startswith("Tuyên truyền về")] == [
        "Tuyên truyền về dịch vụ công trực tuyến"
    ]
    assert screen.count_label.text() == "1/3 nhiệm vụ"
    assert not model.flags(model.index_of(task_key)) & Qt.ItemFlag.ItemIsDragEnabled
    screen.filter_edit.setText("dai")
    assert any("Đài Truyền thanh" in t for _, t in rows(screen))
    screen.filter_edit.clear()

    # undo the drag, the move, then reopen the file and find everything
    ctx.undo()
    ctx.undo()
    assert [t.content for t in ctx.store.catalogue.tasks(ctx.plan_id, tasks[0].section_id)] == [
        "Xây dựng chuyên mục trên Đài Truyền thanh",
        "Tuyên truyền về dịch vụ công trực tuyến",
        "Niêm yết công khai thủ tục hành chính",
    ]
    ctx.redo()
    ctx.store.close()
    reopened = Store.open(path)
    try:
        plan = reopened.catalogue.plans()[0]
        assert [s.title for s in reopened.catalogue.sections(plan.id)] == [
            "Tuyên truyền chung", "Dịch vụ công trực tuyến", "Hướng dẫn người dân",
        ]  # fmt: skip
        assert {t.content for t in reopened.catalogue.tasks(plan.id)} == {
            "Xây dựng chuyên mục trên Đài Truyền thanh",
            "Tuyên truyền về dịch vụ công trực tuyến",
            "Niêm yết công khai thủ tục hành chính",
        }
    finally:
        reopened.close()
        ctx.store = Store.open(path)  # the fixture closes it


def test_input_method_text_is_stored_nfc(setup) -> None:
    ctx, screen, _ = setup
    screen.add_section_action.trigger()
    screen.add_task_action.trigger()
    form = screen.form
    select_all(form.content)
    commit_text(form.content, unicodedata.normalize("NFD", "Tổ chức đối thoại với người dân"))
    form.flush()
    assert ctx.store.catalogue.tasks(ctx.plan_id)[0].content == "Tổ chức đối thoại với người dân"


def test_units_targets_forms_and_manual_rule_in_the_form(
    setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, screen, _ = setup
    screen.add_section_action.trigger()
    screen.add_task_action.trigger()
    form = screen.form
    radio = next(u for u in ctx.store.org.units() if u.name == "Đài Truyền thanh huyện")
    form.lead.apply([UnitRef("unit", radio.id, radio.name)])
    form.forms.item(1).setCheckState(Qt.CheckState.Checked)
    form.targets.item(2, 1).setText("4")
    type_text(form.budget, "15000000")
    press(form.budget, Qt.Key.Key_Return)
    assert form.budget.text() == "15.000.000"

    def fill_manual(dialog) -> bool:
        dialog.kind.setCurrentIndex(dialog.kind.findData("once"))
        dialog.dates.setPlainText("30/06/2023")
        return True

    monkeypatch.setattr("cchc_desktop.gui.widgets.run_dialog", fill_manual)
    type_text(form.timeline, "Theo lộ trình chung")
    press(form.timeline, Qt.Key.Key_Return)
    form.manual_button.click()
    task = ctx.store.catalogue.tasks(ctx.plan_id)[0]
    assert task.lead[0].name == "Đài Truyền thanh huyện"
    assert task.forms == (ctx.store.settings.terms("forms")[1].code,)
    assert task.targets == {ctx.store.settings.terms("indicators")[2].code: 4}
    assert task.budget == 15_000_000
    assert (task.manual_kind, task.timeline) == ("once", "Theo lộ trình chung")
    assert form.understood.text() == "Đặt tay: Một lần → hạn 30/06/2023"
    labels = []
    while (label := ctx.store.undo_label()) and label != "Thêm nhiệm vụ":
        labels.append(ctx.undo())
    assert len(labels) >= 6  # every edit was its own undo step
    assert ctx.store.catalogue.tasks(ctx.plan_id)[0].budget == 0


def test_what_the_tree_shows_for_sections_and_tasks(setup) -> None:
    """Cell texts, the ⚠ mark and colours of an unreadable timeline, bold sections; the texts
    follow an edit and a filter (the model keeps each row's texts between repaints)."""
    ctx, screen, _ = setup
    screen.add_section_action.trigger()
    retitle_section(screen, "Tuyên truyền chung")
    screen.add_task_action.trigger()
    write_task(screen, "Xây dựng chuyên mục", "Hằng quý")
    screen.add_task_action.trigger()
    write_task(screen, "Tọa đàm <trực tuyến>", "Theo lộ trình chung")
    model = screen.model
    Role = Qt.ItemDataRole

    def cells(key, role=Role.DisplayRole) -> list:
        idx = model.index_of(key)
        return [model.data(idx.siblingAtColumn(c), role) for c in range(model.columnCount())]

    section, first, second = model.by_key  # depth first: the section, then its two tasks
    assert [model.by_key[k].kind for k in (section, first, second)] == ["section", "task", "task"]
    assert cells(section)[0] == "I. Tuyên truyền chung" and cells(section)[1:] == [None] * 5
    assert model.data(model.index_of(section), Role.FontRole).bold()
    assert model.data(model.index_of(section), Role.BackgroundRole).color().name() == "#eef2f5"

    assert cells(first)[:2] == ["1", "Xây dựng chuyên mục"] and cells(first)[5] == "Hằng quý"
    assert model.data(model.index_of(first).siblingAtColumn(5), Role.BackgroundRole) is None
    assert cells(second)[:2] == ["2", "Tọa đàm <trực tuyến>"]
    assert cells(second)[5] == "⚠ Theo lộ trình chung"
    unreadable = model.index_of(second).siblingAtColumn(5)
    assert model.data(unreadable, Role.ForegroundRole).color().name() == "#8a5a00"
    assert model.data(unreadable, Role.BackgroundRole).color().name() == "#fff3cd"
    assert model.data(unreadable, Role.ToolTipRole).startswith("Theo lộ trình chung\n")
    alignment = model.data(model.index_of(first), Role.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight

    screen.select(second)
    write_task(screen, "Tọa đàm trực tuyến về dịch vụ công")
    assert cells(second)[1] == "Tọa đàm trực tuyến về dịch vụ công"
    screen.filter_edit.setText("dich vu cong")
    assert model.visible_tasks == 1
    assert cells(second)[:2] == ["2", "Tọa đàm trực tuyến về dịch vụ công"]
    screen.filter_edit.clear()
    assert cells(first)[:2] == ["1", "Xây dựng chuyên mục"]
