"""Commune staff entering results in *Theo đơn vị*, by keyboard as at the office (issue 18).

Each test drives the widgets with key presses and mouse clicks; the modal questions the screen
asks (the completion date, the staff's name, refusals) are answered by pressing keys in them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget

from cchc_desktop.core.models import UnitRef
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.modal import answer, enter, escape, type_and_enter
from tests.vn_keys import type_text

TODAY = date(2023, 7, 20)


@pytest.fixture
def work(qtbot, tmp_path: Path):
    from cchc_desktop.gui.unit_work_view import UnitWorkScreen

    store = Store.open(tmp_path / "cchc.sqlite3")
    communes = [store.org.add_unit(n, kind="commune")
                for n in ("UBND xã An Bình", "UBND xã An Hòa", "UBND xã Đông Hòa")]  # fmt: skip
    group = store.org.add_group("UBND các xã", communes)
    pid = store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    store.catalogue.add_task(pid, None, "Đưa tin về thủ tục hành chính mới", timeline="Trước ngày 15/07/2023",
                   lead=[UnitRef("group", group)])  # fmt: skip
    store.catalogue.add_task(pid, None, "Phát thanh chuyên mục cải cách hành chính", timeline="Tháng 8/2023",
                   lead=[UnitRef("group", group)])  # fmt: skip
    store.undo_log.reset()
    ctx = AppContext(store)
    screen = UnitWorkScreen(ctx, today=TODAY)
    qtbot.addWidget(screen)
    screen.resize(1300, 700)
    screen.show()
    screen.activated()  # as the window does when the screen is chosen
    screen.activateWindow()
    qtbot.waitExposed(screen)
    yield ctx, screen
    store.close()


def click_cell(qtbot, screen, row: int, col: int) -> None:
    qtbot.wait(20)  # a person's next click comes a moment later: pending events run first
    grid = screen.grid
    index = screen.model.index(row, col)
    grid.scrollTo(index)
    qtbot.mouseClick(
        grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(index).center()
    )
    assert grid.currentIndex() == index


def keys(qtbot, text: str) -> None:
    """Type into whatever has the keyboard focus, as a keyboard does (the first key typed
    in a cell opens its editor, which takes the rest)."""
    qtbot.wait(20)  # as after any pause between two keystrokes
    for ch in text:
        type_text(QApplication.focusWidget(), ch)


def key(qtbot, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def column(screen, code: str) -> int:
    from cchc_desktop.gui.unit_work_view import FIXED

    return len(FIXED) + [c for c, _ in screen.model.indicators].index(code)


def test_tab_commits_a_cell_and_moves_on_like_a_spreadsheet(qtbot, work) -> None:
    ctx, screen = work
    ctx.store.settings.set_sitting_user("Nguyễn Thị Lan")
    assert screen.unit_combo.currentText() == "UBND xã An Bình"
    rows = list(screen.model.rows)
    assert column(screen, "luot_phat_song") == column(screen, "tin_bai") + 1
    for row in (0, 1):  # the next row too
        click_cell(qtbot, screen, row, column(screen, "tin_bai"))
        keys(qtbot, "4")
        key(qtbot, Qt.Key.Key_Tab)  # commits 4, moves to “Lượt phát sóng”, editing it
        assert screen.grid.currentIndex().column() == column(screen, "luot_phat_song")
        keys(qtbot, "8")
        key(qtbot, Qt.Key.Key_Return)
        qtbot.wait(50)
        assert ctx.store.tracking.occurrence(rows[row].id).values == {
            "tin_bai": 4,
            "luot_phat_song": 8,
        }
        shown = screen.model.index(row, column(screen, "tin_bai")).data()
        assert shown == "4"  # and the grid shows both
    assert (
        ctx.store.tracking.occurrence(rows[0].id).status == "in_progress"
    )  # typing a figure starts it


def test_done_without_a_date_asks_the_day_today_offered_never_the_due_date(qtbot, work) -> None:
    from cchc_desktop.gui.unit_work_view import C_DATE, C_STATUS

    ctx, screen = work
    ctx.store.settings.set_sitting_user("Nguyễn Thị Lan")
    overdue = screen.model.rows[0]
    assert overdue.due == date(2023, 7, 15)  # five days late at TODAY
    # “H” in the status cell picks Hoàn thành; Enter asks the completion date, today offered
    click_cell(qtbot, screen, 0, C_STATUS)
    seen = answer([enter])
    keys(qtbot, "H")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert "Ngày hoàn thành" in seen[0]
    occ = ctx.store.tracking.occurrence(overdue.id)
    assert (occ.status, occ.completed_on) == ("done", TODAY)  # not 15/07, the due date
    assert screen.model.index(0, C_DATE).data() == "20/07/2023"
    assert screen.model.index(0, 4).data() == "Hoàn thành quá hạn"

    # the day offered can be changed before saving
    second = screen.model.rows[1]
    click_cell(qtbot, screen, 1, C_STATUS)
    seen = answer([type_and_enter("18/07/2023")])
    keys(qtbot, "H")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert ctx.store.tracking.occurrence(second.id).completed_on == date(2023, 7, 18)

    # Ctrl+Enter (mark done) asks as well; Escape leaves the row as it was
    ctx.store.results.set_result(second.id, None)
    qtbot.wait(50)
    click_cell(qtbot, screen, 1, 2)
    seen = answer([escape])
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert ctx.store.tracking.occurrence(second.id).status is None


def test_a_date_that_does_not_exist_is_refused_and_the_cell_keeps_its_date(qtbot, work) -> None:
    from cchc_desktop.gui.unit_work_view import C_DATE, C_STATUS

    ctx, screen = work
    ctx.store.settings.set_sitting_user("")
    first = screen.model.rows[0]
    ctx.store.results.set_result(first.id, "done", date(2023, 7, 14))
    qtbot.wait(50)
    screen.reload()
    click_cell(qtbot, screen, 0, C_DATE)
    seen = answer([enter])
    keys(qtbot, "31/02/2023")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert "không hợp lệ" in seen[0] and "chỉ có 28 ngày" in seen[0]
    assert ctx.store.tracking.occurrence(first.id).completed_on == date(2023, 7, 14)
    assert screen.model.index(0, C_DATE).data() == "14/07/2023"  # not a date the user never typed
    # the keyboard is still in the grid after the message
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.grid)

    # in the completion-date question too: refused, nothing written
    second = screen.model.rows[1]
    click_cell(qtbot, screen, 1, C_STATUS)
    seen = answer([type_and_enter("31/02/2023"), enter])
    keys(qtbot, "H")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert "không hợp lệ" in seen[1]
    assert ctx.store.tracking.occurrence(second.id).status is None


def test_the_unit_box_finds_without_diacritics_and_always_names_the_unit_shown(qtbot, work) -> None:
    ctx, screen = work
    combo = screen.unit_combo
    edit = combo.lineEdit()
    assert {r.unit_name for r in screen.model.rows} == {"UBND xã An Bình"}

    edit.selectAll()
    qtbot.keyClicks(edit, "an hoa")
    popup = combo.finder.popup()
    assert popup.isVisible() and [popup.model().index(i, 0).data()
                                  for i in range(popup.model().rowCount())] == ["UBND xã An Hòa"]  # fmt: skip
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert combo.currentText() == "UBND xã An Hòa"
    assert {r.unit_name for r in screen.model.rows} == {"UBND xã An Hòa"}

    # text that names no unit: the box goes back to the unit shown
    edit.selectAll()
    qtbot.keyClicks(edit, "xyz")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert combo.currentText() == "UBND xã An Hòa" and edit.text() == "UBND xã An Hòa"
    assert {r.unit_name for r in screen.model.rows} == {"UBND xã An Hòa"}
    # two matches: still the unit shown, and the user is told why
    edit.selectAll()
    qtbot.keyClicks(edit, "an")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "UBND xã An Hòa" and "2 đơn vị" in combo.toolTip()
    # leaving the box with a half-typed name also puts the name back
    edit.selectAll()
    qtbot.keyClicks(edit, "dong h")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "UBND xã Đông Hòa"
    assert {r.unit_name for r in screen.model.rows} == {"UBND xã Đông Hòa"}


def test_history_shows_the_result_at_hand_in_words_and_who_entered_it(qtbot, work) -> None:
    ctx, screen = work
    first = screen.model.rows[0]
    # another unit's entry on the same task must not appear in this result's history
    other = next(r for r in ctx.store.tracking.occurrence_rows(ctx.plan_id)
                 if r.task_id == first.task_id and r.unit_id != first.unit_id)  # fmt: skip
    ctx.store.results.set_result(other.id, "in_progress", description="Xã khác")

    click_cell(qtbot, screen, 0, column(screen, "tin_bai"))
    asked = answer([type_and_enter("Nguyễn Thị Lan")])  # who is entering: asked once
    keys(qtbot, "4")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked))
    assert "Họ tên" in asked[0]
    click_cell(qtbot, screen, 0, column(screen, "tin_bai"))
    keys(qtbot, "6")
    key(qtbot, Qt.Key.Key_Return)  # no second question in the same sitting
    qtbot.wait(50)
    assert ctx.store.tracking.occurrence(first.id).values == {"tin_bai": 6}

    found: list[QTableWidget] = []

    def look(dialog) -> None:
        table = dialog.findChild(QTableWidget)
        found.append([[table.item(r, c).text() for c in range(table.columnCount())]
                      for r in range(table.rowCount())])  # fmt: skip
        escape(dialog)

    answer([look])
    key(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(found))
    rows = found[0]
    assert len(rows) == 2  # this result's two entries, not the task's every unit
    newest, oldest = rows
    assert newest[1] == "Nguyễn Thị Lan" and newest[2] == "UBND xã An Bình"
    assert newest[4] == "Tin, bài: 4 → 6"
    assert "Tin, bài: 4" in oldest[4] and "Đang thực hiện" in oldest[4]
    text = " ".join(" ".join(r) for r in rows)
    assert "{" not in text and "tin_bai" not in text and "occurrence" not in text


def test_keys_typed_after_the_staff_question_go_to_the_next_cell(qtbot, work) -> None:
    """Tab saves (asking the staff's name, the first time) and moves on; the next keys land
    in the next cell, not in the table behind the closed question."""
    ctx, screen = work
    first = screen.model.rows[0]
    click_cell(qtbot, screen, 0, column(screen, "tin_bai"))
    asked = answer([type_and_enter("Nguyễn Văn Bình")])
    keys(qtbot, "4")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: bool(asked))
    qtbot.wait(20)
    editor = QApplication.focusWidget()  # the next cell's editor has the keyboard
    assert editor is not None and screen.grid.viewport().isAncestorOf(editor)
    keys(qtbot, "8")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert ctx.store.tracking.occurrence(first.id).values == {"tin_bai": 4, "luot_phat_song": 8}
    entry = ctx.store.history.of_result(first.id)[0]
    assert entry.user == "Nguyễn Văn Bình"


def test_stt_and_task_stay_in_sight_when_the_figures_are_scrolled_into_view(qtbot, work) -> None:
    from PySide6.QtCore import QPoint

    ctx, screen = work
    screen.resize(900, 600)  # an office laptop's grid is narrower than its columns
    grid, frozen = screen.grid, screen.grid.frozen
    click_cell(qtbot, screen, 0, 2)
    key(qtbot, Qt.Key.Key_End)  # to the last figure of the row
    qtbot.wait(20)
    assert grid.horizontalScrollBar().value() > 0
    assert grid.currentIndex().column() == screen.model.columnCount() - 1
    # at the left edge the user still reads the row's STT and task
    assert frozen.isVisible() and frozen.width() == grid.columnWidth(0) + grid.columnWidth(1)
    y = frozen.visualRect(screen.model.index(0, 0)).center().y()
    seen = frozen.indexAt(QPoint(grid.columnWidth(0) + 5, y))
    assert (seen.row(), seen.column()) == (0, 1)
    assert seen.data() == screen.model.rows[0].task_content
    assert frozen.viewport().geometry().intersects(frozen.visualRect(seen))
    key(qtbot, Qt.Key.Key_Home)  # back to the first columns
    qtbot.wait(20)
    assert grid.currentIndex().column() == 0 and grid.horizontalScrollBar().value() == 0


def test_due_in_14_days_is_shown_only_for_the_period_running_now(qtbot, work) -> None:
    from cchc_desktop.gui.dashboard_view import DashboardScreen

    ctx, screen = work
    dash = DashboardScreen(ctx, today=TODAY)
    qtbot.addWidget(dash)
    dash.show()
    dash.activated()

    def choose(combo, code: str) -> None:
        """Pick a period with the keyboard: Home, then Down until it is the one."""
        qtbot.keyClick(combo, Qt.Key.Key_Home)
        while combo.current().code != code:
            qtbot.keyClick(combo, Qt.Key.Key_Down)

    choose(dash.period_combo, "2023-Q1")  # over long before 20/07/2023
    assert "chỉ tính cho kỳ đang diễn ra" in dash.soon_box.title()
    assert not dash.soon_table.isVisible()
    assert "Quý I" in dash.overdue_box.title()  # the overdue figure names its period
    choose(dash.period_combo, "2023-Q3")  # running on 20/07/2023
    assert dash.soon_box.title().startswith("Đến hạn trong 14 ngày tới: ")
    assert dash.soon_table.isVisible()

    choose(screen.period_combo, "2023-Q1")
    assert (
        "Đến hạn trong 14 ngày" not in screen.summary.text()
        and "Kỳ đã qua" in screen.summary.text()
    )
    choose(screen.period_combo, "2023-Q3")
    assert "Đến hạn trong 14 ngày tới" in screen.summary.text()


def test_a_result_of_several_lines_from_a_workbook_is_shown_on_one_line(qtbot, work) -> None:
    """A returned workbook's cell may hold line breaks (Alt+Enter in Excel): drawn in a
    one-line row, both lines were cut, capitals and all; the row shows one line, the
    tooltip the text as written."""
    from cchc_desktop.gui.unit_work_view import C_TEXT

    ctx, screen = work
    first = screen.model.rows[0]
    text = "ĐÃ TỔ CHỨC LỒNG GHÉP\nỞ 5 CHI BỘ, ỦY BAN ẤP ỔN ĐỊNH"
    ctx.store.results.set_result(
        first.id, "in_progress", description=text
    )  # as an import writes it
    qtbot.wait(50)
    screen.reload()
    index = screen.model.index(0, C_TEXT)
    shown = index.data(Qt.ItemDataRole.DisplayRole)
    assert "\n" not in shown and shown == "ĐÃ TỔ CHỨC LỒNG GHÉP Ở 5 CHI BỘ, ỦY BAN ẤP ỔN ĐỊNH"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == text
    fm = screen.grid.fontMetrics()
    assert screen.grid.rowHeight(0) >= fm.boundingRect(shown).height()  # one line fits the row


def test_evidence_is_listed_with_drawn_icons_not_emoji(qtbot, work) -> None:
    """Office PCs often lack an emoji font: 🔗 and 📄 came out as boxes."""
    from cchc_desktop.gui.unit_work_view import EvidenceDialog

    ctx, screen = work
    first = screen.model.rows[0]
    ctx.store.results.set_result(first.id, "in_progress", description="Đã đăng tin")
    result_id = ctx.store.tracking.occurrence(first.id).result_id
    ctx.store.results.add_evidence_link(result_id, "https://vinhloc.thanhhoa.gov.vn/tin-cchc")
    dialog = EvidenceDialog(ctx, result_id, first.task_content)
    qtbot.addWidget(dialog)
    item = dialog.list.item(0)
    assert not item.icon().isNull()
    assert all(ord(ch) < 0x2000 for ch in item.text()), item.text()  # no pictograph to miss


def test_unit_bars_are_labelled_by_readable_names() -> None:
    from cchc_desktop.gui.dashboard_view import _short

    assert _short("UBND xã Đông Hưng") == "Đông Hưng"
    assert _short("Đài Truyền thanh huyện") == "Đài Truyền thanh"
    assert _short("Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch", "TTVH") == "TTVH"
    assert _short("Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch").endswith("…")
