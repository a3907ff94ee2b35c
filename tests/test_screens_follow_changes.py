"""Screens follow what an edit changed, and only that (issue 17): the report follows results
typed in elsewhere, a hidden screen does no work on an edit, a screen that does not show what
changed does not reload at all, and saving one settings panel keeps what is typed in another."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.vn_keys import type_text


@pytest.fixture
def office(tmp_path: Path):
    """A commune broadcasting every month of 2023, and a department with a one-off task."""
    store = Store.open(tmp_path / "cchc.sqlite3")
    store.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    dept = store.org.add_unit("Phòng Nội vụ", kind="department")
    xa = store.org.add_unit("UBND xã Đông Hòa", kind="commune")
    pid = store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    section = store.catalogue.add_section(pid, "Tuyên truyền chung")
    store.catalogue.add_task(pid, section, "Phát thanh hằng tháng", timeline="Hằng tháng",
                   lead=[UnitRef("unit", xa)])  # fmt: skip
    store.catalogue.add_task(pid, section, "Hội nghị quán triệt", timeline="Trước ngày 30/6/2023",
                   lead=[UnitRef("unit", dept)])  # fmt: skip
    store.undo_log.reset()
    store.settings.set_sitting_user(
        "Lê Thu"
    )  # the staff's name is asked once a sitting: asked already
    yield store, xa
    store.close()


@pytest.fixture
def window(qtbot, office):
    from cchc_desktop.gui.main_window import MainWindow

    win = MainWindow(AppContext(office[0]))
    win.closing_for_restore = True  # no backup when the test closes it
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _mark_done(qtbot, win, unit_id: int, rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mark the unit's first ``rows`` occurrences of the year done in “Theo đơn vị”'s grid, as
    the keyboard does (the completion date asked is answered 01/12/2023)."""
    from cchc_desktop.gui.unit_work_view import C_STATUS

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("01/12/2023", True))
    work = win.show_screen("theo-don-vi")
    work.show_unit(unit_id)
    work.scope.setCurrentIndex(work.scope.findData("year"))
    for row in range(rows):
        assert work.model.setData(work.model.index(row, C_STATUS), "done")
        qtbot.wait(5)  # the grid's own reload runs after the edit, as between two keystrokes
    assert sum(r.status == "done" for r in work.model.rows) == rows


def test_the_report_follows_five_results_marked_done_in_the_grid(
    qtbot, window, office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report screen, opened first, counts five more shares done after five results were
    marked done in “Theo đơn vị”, the moment it is shown again, and the same as a fresh build;
    an undo while it is shown takes one back at once."""
    from cchc_desktop.reports.periodic import build_report

    store, xa = office
    report = window.show_screen("bao-cao")
    done_before = report.report.figures.shares_done
    _mark_done(qtbot, window, xa, 5, monkeypatch)
    assert window.show_screen("bao-cao") is report
    assert report.report.figures.shares_done == done_before + 5
    r = report.report
    fresh = build_report(store, window.ctx.plan_id, r.period, r.report_date, None, r.data_date)
    assert report.report.figures.share_counts == fresh.figures.share_counts
    window.undo_action.trigger()
    assert report.report.figures.shares_done == done_before + 4


def test_a_hidden_screen_does_no_work_on_an_edit(
    qtbot, window, monkeypatch: pytest.MonkeyPatch, office
) -> None:
    """A result typed in “Theo đơn vị” reloads nothing else: the catalogue, the plans, the
    units and the settings do not show results and never reload for one; the dashboard, the
    matrix and the report, hidden, catch up when they are next shown, once."""
    from cchc_desktop.gui import (
        catalogue_view,
        dashboard_view,
        matrix_view,
        plans_view,
        report_view,
        settings_view,
        units_view,
    )

    calls: Counter[str] = Counter()

    def spy(cls: type, name: str) -> None:
        original = getattr(cls, name)

        def counted(self, *args, **kw):
            calls[cls.__name__] += 1
            return original(self, *args, **kw)

        monkeypatch.setattr(cls, name, counted)

    for cls, name in ((catalogue_view.CatalogueScreen, "reload"), (plans_view.PlansScreen, "reload"),
                      (units_view.UnitsScreen, "reload"), (settings_view.SettingsScreen, "reload"),
                      (settings_view.DocumentsEditor, "load"), (settings_view.PeriodsEditor, "load"),
                      (dashboard_view.DashboardScreen, "reload"), (matrix_view.MatrixScreen, "reload"),
                      (report_view.ReportScreen, "regenerate")):  # fmt: skip
        spy(cls, name)
    for i in range(len(window.screen_titles)):  # every screen built and shown once
        window.nav.setCurrentRow(i)
    dashboard = window.show_screen("tong-quan")
    done_before = dashboard.data.counts["done_late"]
    calls.clear()

    _mark_done(qtbot, window, office[1], 3, monkeypatch)
    qtbot.wait(20)
    assert calls == Counter()  # no screen but the one edited did anything

    window.show_screen("tong-quan")
    assert calls == Counter({"DashboardScreen": 1})
    assert dashboard.data.counts["done_late"] == done_before + 3
    window.show_screen("giao-viec")
    window.show_screen("bao-cao")
    window.show_screen("danh-muc")
    window.show_screen("ke-hoach")
    assert calls == Counter({"DashboardScreen": 1, "MatrixScreen": 1, "ReportScreen": 1})


def test_typed_settings_survive_saving_another_panel(qtbot, office) -> None:
    """A new office name typed and not saved stays while the reporting periods and an
    indicator are saved; saving the office then keeps it, and what is typed in the signer's
    panel survives that."""
    from cchc_desktop.gui.settings_view import SettingsScreen

    store, _ = office
    screen = SettingsScreen(AppContext(store))
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.name_edit.setFocus()
    screen.name_edit.selectAll()
    type_text(screen.name_edit, "UBND huyện Vĩnh Lộc mới")
    screen.tabs.setCurrentWidget(screen.periods)
    screen.periods.table.item(0, 1).setText("Quý I năm {year} (sửa)")
    screen.periods.save_button.click()
    assert store.settings.period_rules()[0].name_template == "Quý I năm {year} (sửa)"
    indicators = screen.editors["indicators"]
    indicators.table.item(0, 1).setText("Tin, bài đã đăng")  # saved as it is typed
    assert store.settings.terms("indicators")[0].name == "Tin, bài đã đăng"
    assert screen.name_edit.text() == "UBND huyện Vĩnh Lộc mới"

    signer = screen.documents.fields["report"][1]
    signer.setText("Trịnh Văn Thắng")
    screen.save_button.click()
    assert store.org.office().name == "UBND huyện Vĩnh Lộc mới"
    assert signer.text() == "Trịnh Văn Thắng"


def test_undo_reloads_only_the_panel_it_touched(qtbot, office) -> None:
    """Ctrl+Z of a saved period name puts the old name back in its panel and leaves the office
    name being typed alone."""
    from cchc_desktop.gui.settings_view import SettingsScreen

    store, _ = office
    ctx = AppContext(store)
    screen = SettingsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    before = screen.periods.table.item(0, 1).text()
    screen.periods.table.item(0, 1).setText("Quý I (sửa)")
    screen.periods.save_button.click()
    screen.name_edit.setText("Tên đang gõ")
    assert ctx.undo() is not None
    assert screen.periods.table.item(0, 1).text() == before
    assert screen.name_edit.text() == "Tên đang gõ"


def test_the_catalogue_shows_a_task_edited_while_it_was_hidden(qtbot, window, office) -> None:
    """Hidden, the catalogue only notes a task edit; shown again, the tree has it."""
    store, _ = office
    catalogue = window.show_screen("danh-muc")
    window.show_screen("ke-hoach")
    task = store.catalogue.tasks(window.ctx.plan_id)[0]
    from cchc_desktop.core.changes import Kind

    window.ctx.act(store.catalogue.update_task, task.id, content="Phát thanh hằng tháng (sửa)",
                   touches=Kind.TASKS)  # fmt: skip
    assert catalogue.stale
    assert catalogue.model.by_key[("task", task.id)].task.content == "Phát thanh hằng tháng"
    window.show_screen("danh-muc")
    assert not catalogue.stale
    assert catalogue.model.by_key[("task", task.id)].task.content == "Phát thanh hằng tháng (sửa)"


def test_the_catalogue_shown_follows_only_what_it_shows(
    qtbot, window, office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shown, the catalogue does not reload for a result typed elsewhere (it shows none), and
    for a unit given a task in the matrix it only says so again in the task's form."""
    from cchc_desktop.core.changes import Kind
    from cchc_desktop.gui.catalogue_view import CatalogueScreen

    store, xa = office
    catalogue = window.show_screen("danh-muc")
    task = store.catalogue.tasks(window.ctx.plan_id)[1]  # the department's conference
    catalogue.select(("task", task.id))
    assert catalogue.form.assigned.text().startswith("1 đơn vị chủ trì, 0 đơn vị phối hợp")
    reloads: list[bool] = []
    original = CatalogueScreen.reload
    monkeypatch.setattr(
        CatalogueScreen, "reload", lambda s, *a: (reloads.append(True), original(s, *a))
    )
    occurrence = store.tracking.occurrence_rows(window.ctx.plan_id, xa)[0]
    window.ctx.act(
        store.results.set_result, occurrence.id, "done", date(2023, 1, 30), touches=Kind.RESULTS
    )
    window.ctx.act(
        store.tracking.add_assignment, task.id, xa, "coordinating", touches=Kind.ASSIGNMENTS
    )
    assert reloads == []
    assert catalogue.form.assigned.text().startswith("1 đơn vị chủ trì, 1 đơn vị phối hợp")
