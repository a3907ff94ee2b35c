"""Plans, units, settings and the first-run form, driven through their widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_desktop.core.taxonomy import FORMS
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    store = Store.open(tmp_path / "cchc.sqlite3")
    yield AppContext(store)
    store.close()


def dialogs(monkeypatch: pytest.MonkeyPatch, module: str, fill) -> None:
    """Replace the modal loop: ``fill(dialog)`` sets the fields, then the dialog is accepted."""

    def run(dialog) -> bool:
        fill(dialog)
        dialog._accept() if hasattr(dialog, "_accept") else dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr(f"cchc_desktop.gui.{module}.run_dialog", run)


def test_plans_screen_create_edit_copy_delete(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui.plans_view import PlansScreen

    screen = PlansScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()  # a screen shown follows the edits at once (a hidden one, when next shown)

    def fill(d) -> None:
        d.ui.titleEdit.setText("Tuyên truyền cải cách hành chính năm 2023")
        d.ui.yearSpin.setValue(2023)
        d.ui.numberEdit.setText("25/KH-UBND")
        d.ui.noDateCheck.setChecked(False)
        d.ui.basesEdit.setPlainText("Căn cứ Quyết định số 3524/QĐ-UBND ngày 30/12/2022;")

    dialogs(monkeypatch, "plans_view", fill)
    screen.add_action.trigger()
    plan = ctx.store.catalogue.plans()[0]
    assert (plan.year, plan.number, plan.title) == (
        2023,
        "25/KH-UBND",
        "Tuyên truyền cải cách hành chính năm 2023",
    )
    assert ctx.plan_id == plan.id
    assert screen.model.rowCount() == 1 and screen.selected().id == plan.id

    dialogs(monkeypatch, "plans_view", lambda d: d.ui.statusCombo.setCurrentIndex(1))
    screen.edit_action.trigger()
    assert ctx.store.catalogue.plan(plan.id).status == "issued"

    def sections(d) -> None:
        d.sections.edits["topics"].setPlainText("- Dịch vụ công trực tuyến năm 2023")
        d.sections.decision_check.setChecked(True)

    dialogs(monkeypatch, "plans_view", sections)
    screen.edit_action.trigger()
    edited = ctx.store.catalogue.plan(plan.id)
    assert edited.topics == "- Dịch vụ công trực tuyến năm 2023"
    assert edited.reporting is None  # left as the default: it keeps following the data
    assert edited.decision.startswith("Ban hành kèm theo Quyết định số")

    dialogs(monkeypatch, "plans_view", lambda d: d.year_spin.setValue(2024))
    screen.copy_action.trigger()
    new = next(p for p in ctx.store.catalogue.plans() if p.year == 2024)
    assert new.status == "draft" and new.title.endswith("2024") and ctx.plan_id == new.id
    assert new.topics == "- Dịch vụ công trực tuyến năm 2024"
    questions = []
    monkeypatch.setattr(
        "cchc_desktop.gui.plans_view.ask", lambda _p, _t, text: questions.append(text) or False
    )
    screen._select(plan.id)
    screen.copy_action.trigger()  # 2024 has a plan: asked, and refused
    assert "Năm 2024 đã có kế hoạch" in questions[0]
    assert len(ctx.store.catalogue.plans_of_year(2024)) == 1
    screen._select(new.id)

    asked = []
    monkeypatch.setattr(
        "cchc_desktop.gui.plans_view.ask", lambda _p, _t, text: asked.append(text) or True
    )
    screen.delete_action.trigger()
    assert "Ctrl+Z" in asked[0] and [p.year for p in ctx.store.catalogue.plans()] == [2023]
    ctx.undo()
    assert [p.year for p in ctx.store.catalogue.plans()] == [2024, 2023]


def test_plan_dialog_requires_a_title(qtbot, ctx: AppContext) -> None:
    from cchc_desktop.gui.dialogs import PlanDialog

    d = PlanDialog(None, None)
    qtbot.addWidget(d)
    d.ui.titleEdit.setText("   ")
    d._accept()
    assert d.result() == 0 and "trích yếu" in d.ui.formError.text()


def test_units_screen(qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_desktop.gui.units_view import UnitsScreen

    screen = UnitsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()  # a screen shown follows the edits at once (a hidden one, when next shown)
    for name, kind in (("UBND xã Đông Sơn", 1), ("UBND xã Dương Hòa", 1), ("UBND xã Ân Phú", 1),
                       ("UBND xã An Bình", 1), ("Phòng Nội vụ", 0)):  # fmt: skip

        def fill(d, name=name, kind=kind) -> None:
            d.ui.nameEdit.setText(name)
            d.ui.kindCombo.setCurrentIndex(
                d.ui.kindCombo.findData("commune" if kind else "department")
            )

        dialogs(monkeypatch, "units_view", fill)
        screen.add_action.trigger()
    assert len(ctx.store.org.units()) == 5

    dialogs(monkeypatch, "units_view", lambda d: d.ui.emailEdit.setText("khong-hop-le"))
    screen.edit_action.trigger()
    assert ctx.store.org.units()[-1].email == ""  # rejected: not an e-mail

    screen.sort_action.trigger()
    assert [u.name for u in ctx.store.org.units()] == [
        "Phòng Nội vụ", "UBND xã An Bình", "UBND xã Ân Phú", "UBND xã Dương Hòa", "UBND xã Đông Sơn",
    ]  # fmt: skip
    screen.select_unit(ctx.store.org.units()[1].id)
    screen.down_action.trigger()
    assert [u.name for u in ctx.store.org.units()][1:3] == ["UBND xã Ân Phú", "UBND xã An Bình"]
    screen.toggle_action.trigger()
    assert not ctx.store.org.unit(screen.selected().id).active
    screen.show_inactive.setChecked(False)
    assert screen.model.rowCount() == 4
    screen.filter_edit.setText("dong son")
    assert [u.name for u in screen.model.units] == ["UBND xã Đông Sơn"]

    def group(d) -> None:
        d.ui.nameEdit.setText("UBND các xã, thị trấn")
        d.ui.communesButton.click()

    dialogs(monkeypatch, "units_view", group)
    screen.add_group_action.trigger()
    g = ctx.store.org.groups()[0]
    assert (
        g.name == "UBND các xã, thị trấn" and len(g.member_ids) == 3
    )  # the inactive one is left out
    assert screen.group_list.item(0).text() == "UBND các xã, thị trấn (3 đơn vị)"


def test_settings_screen_edits_lists_and_office(qtbot, ctx: AppContext) -> None:
    from cchc_desktop.gui.settings_view import SettingsScreen

    screen = SettingsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()  # a screen shown follows the edits at once (a hidden one, when next shown)
    editor = screen.editors["forms"]
    editor.add_row()
    assert len(ctx.store.settings.terms("forms")) == len(FORMS) + 1
    editor.table.item(editor.table.rowCount() - 1, 1).setText("Bản tin nội bộ")
    assert ctx.store.settings.terms("forms")[-1].name == "Bản tin nội bộ"
    editor.restore()
    assert len(ctx.store.settings.terms("forms")) == len(FORMS)
    screen.name_edit.setText("UBND xã Vĩnh Thành")
    screen.place_edit.setText("Vĩnh Thành")
    screen.save_button.click()
    assert ctx.store.org.office().name == "UBND xã Vĩnh Thành"


def test_first_run_saves_the_office_or_asks_for_the_demo(qtbot, ctx: AppContext) -> None:
    from cchc_desktop.gui.first_run import FirstRunDialog

    d = FirstRunDialog(ctx.store)
    qtbot.addWidget(d)
    d.ui.startButton.click()
    assert "tên cơ quan" in d.ui.formError.text() and ctx.store.org.office() is None
    d.ui.nameEdit.setText("UBND huyện Vĩnh Lộc")
    d.ui.governingEdit.setText("UBND tỉnh Thanh Hóa")
    d.ui.placeEdit.setText("Vĩnh Lộc")
    d.ui.startButton.click()
    assert ctx.store.org.office().place_name == "Vĩnh Lộc" and not d.wants_demo

    d2 = FirstRunDialog(ctx.store)
    qtbot.addWidget(d2)
    d2.ui.demoButton.click()
    assert d2.wants_demo


def test_double_click_opens_the_unit_dialog_once(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double-click (which Qt also reports as “activated”) must not open the form twice."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from cchc_desktop.gui.units_view import UnitsScreen

    ctx.store.org.add_unit("UBND xã Đông Sơn", kind="commune")
    screen = UnitsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()  # a screen shown follows the edits at once (a hidden one, when next shown)
    screen.show()
    qtbot.waitExposed(screen)
    opened: list[object] = []
    monkeypatch.setattr(
        "cchc_desktop.gui.units_view.run_dialog", lambda d: opened.append(d) or False
    )
    center = screen.table.visualRect(screen.model.index(0, 1)).center()
    viewport = screen.table.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=center)  # Qt's click, then double
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=center)
    assert len(opened) == 1
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    assert len(opened) == 2  # Enter opens it too


def test_designer_forms_show_their_title_and_errors_styled(qtbot, ctx: AppContext) -> None:
    """The dialogs compiled from ``ui/`` get the sheet's rules for the widgets it names: a
    large title, and an error line in red (there is no application-wide sheet to do it)."""
    from PySide6.QtGui import QPalette

    from cchc_desktop.gui.dialogs import GroupDialog, PlanDialog, UnitDialog
    from cchc_desktop.gui.first_run import FirstRunDialog

    first = FirstRunDialog(ctx.store)
    for dialog in (first, PlanDialog(None, None), UnitDialog(None), GroupDialog(None, [])):
        qtbot.addWidget(dialog)
        dialog.ensurePolished()
        error = dialog.ui.formError
        error.ensurePolished()
        assert error.palette().color(QPalette.ColorRole.WindowText).name() == "#b71c1c"
    first.ui.pageTitle.ensurePolished()
    assert first.ui.pageTitle.font().pointSizeF() > first.font().pointSizeF() + 3
