"""The window as an officer uses it at a 1366×768 laptop, by keyboard and mouse (issue 18):
shortcuts after clicking the sidebar, focus after message boxes, moving tasks between
sections, filters that lead into their lists, the first steps of a new office, the plan
dialog's year and dates, the Vietnamese calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
)

from cchc_desktop.core.changes import Kind
from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.modal import answer, escape
from tests.vn_keys import type_text


@pytest.fixture
def office(tmp_path: Path):
    """A small office: two sections, the second with a sub-section."""
    store = Store.open(tmp_path / "cchc.sqlite3")
    store.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    dept = store.org.add_unit("Phòng Nội vụ", kind="department")
    communes = [
        store.org.add_unit(n, kind="commune") for n in ("UBND xã An Hòa", "UBND xã Đông Hưng")
    ]
    store.org.add_group("UBND các xã, thị trấn", communes)
    pid = store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    one = store.catalogue.add_section(pid, "Tuyên truyền chung")
    two = store.catalogue.add_section(pid, "Dịch vụ công trực tuyến")
    store.catalogue.add_section(pid, "Hướng dẫn người dân", parent_id=two)
    for text in ("Đăng tin trên trang thông tin điện tử", "Niêm yết thủ tục hành chính"):
        store.catalogue.add_task(
            pid, one, text, timeline="Quý II/2023", lead=[UnitRef("unit", dept)]
        )
    store.catalogue.add_task(pid, two, "Hướng dẫn nộp hồ sơ trực tuyến", timeline="Hằng quý",
                   lead=[UnitRef("unit", dept)])  # fmt: skip
    store.undo_log.reset()
    yield store, pid, one, two
    store.close()


@pytest.fixture
def window(qtbot, office):
    from cchc_desktop.gui.main_window import MainWindow

    store = office[0]
    win = MainWindow(AppContext(store))
    win.closing_for_restore = True  # no backup when the test closes it
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


def focus() -> object:
    return QApplication.focusWidget()


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.wait(10)  # what is pending runs first, as between two real keystrokes
    qtbot.keyClick(focus(), key, modifier)


def click_nav(qtbot, win, title: str) -> None:
    nav = win.nav
    row = next(i for i in range(nav.count()) if nav.item(i).text() == title)
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(row)).center())  # fmt: skip


def click_row(qtbot, screen, key) -> None:
    index = screen.model.index_of(key)
    screen.tree.scrollTo(index)
    qtbot.mouseClick(screen.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.tree.visualRect(index).center())  # fmt: skip
    assert screen.current_key() == key


def test_ctrl_n_in_section_ii_adds_there_twice_and_after_clicking_the_sidebar(
    qtbot, office, window
) -> None:
    store, pid, _one, two = office
    click_nav(qtbot, window, "Danh mục nhiệm vụ")
    screen = window.screen_at(2)
    click_row(qtbot, screen, ("section", two))
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # the focus is in the form now
    new = [t for t in store.catalogue.tasks(pid) if t.content == "Nhiệm vụ mới"]
    assert len(new) == 2 and {t.section_id for t in new} == {two}
    # a click on the sidebar takes the focus; Ctrl+N still adds to the screen shown
    click_nav(qtbot, window, "Danh mục nhiệm vụ")
    assert focus() is window.nav
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = [t for t in store.catalogue.tasks(pid) if t.content == "Nhiệm vụ mới"]
    assert len(new) == 3 and {t.section_id for t in new} == {two}
    # and on the plans screen, Ctrl+N there opens its own new-plan dialog
    click_nav(qtbot, window, "Kế hoạch")
    seen = answer([escape])
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert "Trích yếu" in seen[0]


def test_ctrl_down_moves_a_task_into_the_next_section_and_back(qtbot, office, window) -> None:
    store, pid, one, two = office
    click_nav(qtbot, window, "Danh mục nhiệm vụ")
    screen = window.screen_at(2)
    last_of_one = next(
        t for t in store.catalogue.tasks(pid, one) if t.content.startswith("Niêm yết")
    )
    click_row(qtbot, screen, ("task", last_of_one.id))
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    moved = store.catalogue.task(last_of_one.id)
    assert (moved.section_id, moved.position) == (two, 0)  # first in II, above its own task
    assert screen.current_key() == ("task", last_of_one.id)  # still selected
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    back = store.catalogue.task(last_of_one.id)
    assert (back.section_id, back.position) == (one, 1)  # last in I again


def test_focus_comes_back_after_a_message_box(qtbot, office, window) -> None:
    store, pid, one, _two = office
    click_nav(qtbot, window, "Danh mục nhiệm vụ")
    screen = window.screen_at(2)
    task = store.catalogue.tasks(pid, one)[0]
    click_row(qtbot, screen, ("task", task.id))
    seen = answer([escape])  # “Xóa nhiệm vụ…?” No
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: focus() is screen.tree)  # not the sidebar
    press(qtbot, Qt.Key.Key_Down)  # the next keystroke works in the tree
    assert screen.current_key() != ("task", task.id)


def test_down_goes_from_a_filter_into_its_list(qtbot, office, window) -> None:
    store = office[0]
    click_nav(qtbot, window, "Đơn vị")
    units = window.screen_at(6)
    qtbot.mouseClick(units.filter_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(units.filter_edit, "dong hung")
    press(qtbot, Qt.Key.Key_Down)
    assert focus() is units.table
    assert units.model.units[units.table.currentIndex().row()].name == "UBND xã Đông Hưng"

    click_nav(qtbot, window, "Danh mục nhiệm vụ")
    catalogue = window.screen_at(2)
    qtbot.mouseClick(catalogue.filter_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(catalogue.filter_edit, "niem yet")
    press(qtbot, Qt.Key.Key_Down)
    assert focus() is catalogue.tree

    from cchc_desktop.gui.unit_picker import UnitChoiceDialog

    dialog = UnitChoiceDialog(store, [], "Đơn vị chủ trì")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.filter_edit, "an hoa")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert (
        dialog.focusWidget() is dialog.list and dialog.list.currentItem().text() == "UBND xã An Hòa"
    )


def test_the_window_fits_a_1366_by_768_screen(qtbot, window) -> None:
    laptop = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
    size = window.fitting_size(laptop)
    frame = window.frameGeometry().size() - window.geometry().size()
    assert size.width() + frame.width() <= 1366 and size.height() + frame.height() <= 728
    for row in range(window.nav.count()):  # every screen shown once: the report's is the widest
        window.nav.setCurrentRow(row)
        qtbot.wait(5)
    hint = window.minimumSizeHint()
    assert hint.width() <= size.width() and hint.height() <= size.height()
    # on the screen it opens on (800×800 here), never taller than the free area: the status
    # bar stays in sight
    qtbot.wait(50)
    available = window.screen().availableGeometry()
    assert window.frameGeometry().height() <= available.height()


def test_a_new_office_is_guided_and_not_reminded_to_back_up(qtbot, tmp_path: Path) -> None:
    from cchc_desktop.gui.main_window import MainWindow

    store = Store.open(tmp_path / "moi" / "cchc.sqlite3")
    store.org.set_office(Office("UBND xã Yên Lạc", "UBND huyện Vĩnh Lộc", "Yên Lạc", "Hà My"))
    win = MainWindow(AppContext(store))
    win.closing_for_restore = True
    qtbot.addWidget(win)
    win.show()
    text = win.guide.text()
    assert win.guide.isVisible() and "Bắt đầu" in text
    assert text.index("đơn vị") < text.index("kế hoạch") < text.index("phụ lục")
    assert "đã xong" not in text
    assert "sao lưu" not in win.banner.text().lower() or not win.banner.isVisible()
    # as the office fills in, the steps are marked done; then the guide goes
    win.ctx.act(store.org.add_unit, "UBND thôn Đông", kind="other", touches=Kind.UNITS)
    assert win.guide.text().count("đã xong") == 1
    pid = win.ctx.act(
        store.catalogue.add_plan,
        2023,
        "Tuyên truyền cải cách hành chính năm 2023",
        touches=Kind.PLANS,
    )
    win.ctx.set_plan(pid)
    assert win.guide.text().count("đã xong") == 2
    win.ctx.act(
        store.catalogue.add_task, pid, None, "Niêm yết thủ tục hành chính", touches=Kind.TASKS
    )
    assert not win.guide.isVisible()
    win.close()  # the window first: it fills its first screen once it has been drawn
    store.close()


def test_new_plan_dialog_follows_the_year_and_refuses_a_day_that_does_not_exist(qtbot) -> None:
    from cchc_desktop.gui.dialogs import PlanDialog

    dialog = PlanDialog(None, Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", ""))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    ui = dialog.ui
    this_year = date.today().year
    assert ui.titleEdit.text().endswith(f"năm {this_year}")
    qtbot.mouseClick(ui.noDateCheck, Qt.MouseButton.LeftButton)  # there is a date
    assert not ui.noDateCheck.isChecked() and ui.dateEdit.date() == date.today()
    spin_edit = ui.yearSpin.findChild(QLineEdit)
    qtbot.mouseClick(spin_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(spin_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin_edit, "2024")
    assert ui.yearSpin.value() == 2024
    assert ui.titleEdit.text() == "Tuyên truyền cải cách hành chính năm 2024"
    assert ui.dateEdit.date().year == 2024

    box = ui.dateEdit.edit
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "31/02/2024")
    ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0  # refused, not saved as 29/02
    assert "chỉ có 29 ngày" in ui.formError.text() and box.text() == "31/02/2024"
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "29/02/2024")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1 and dialog.values()["issued_on"] == date(2024, 2, 29)


def test_the_calendar_speaks_vietnamese_and_starts_on_monday(qtbot) -> None:
    from cchc_desktop.gui.date_field import DateField

    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    qtbot.waitExposed(field)
    field.set_date(date(2023, 11, 15))
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar.isVisible()
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert calendar.locale().monthName(11) == "tháng 11"
    assert calendar.locale().dayName(1, calendar.locale().FormatType.ShortFormat) == "Thứ 2"
    days = calendar.findChild(QAbstractItemView)  # the grid of days has the keyboard
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert field.date() == date(2023, 11, 16) and not calendar.isVisible()


def test_rollup_button_really_asks_for_files(qtbot, office, monkeypatch) -> None:
    """A real click passes Qt's clicked(bool) flag; the roll-up must still ask for files."""
    from cchc_desktop.gui import report_view

    asked = []
    monkeypatch.setattr(report_view.QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: asked.append(a) or ([], "")))  # fmt: skip
    screen = report_view.ReportScreen(AppContext(office[0]), today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    screen.show()
    qtbot.mouseClick(screen.rollup_button, Qt.MouseButton.LeftButton)
    assert asked, "the click did nothing"


def test_a_typed_vietnamese_name_reaches_the_filter(qtbot, office, window) -> None:
    click_nav(qtbot, window, "Đơn vị")
    units = window.screen_at(6)
    qtbot.mouseClick(units.filter_edit, Qt.MouseButton.LeftButton)
    type_text(units.filter_edit, "Đông")
    assert [u.name for u in units.model.units] == ["UBND xã Đông Hưng"]
    assert isinstance(focus(), QLineEdit)
    assert QMessageBox  # imported for the dialogs answered above


def test_a_task_s_history_names_units_and_sections_never_ids(qtbot, office, window) -> None:
    from PySide6.QtWidgets import QTableWidget

    store, pid, one, two = office
    click_nav(qtbot, window, "Danh mục nhiệm vụ")
    screen = window.screen_at(2)
    task = store.catalogue.tasks(pid, one)[0]
    window.ctx.act(store.catalogue.move_task, task.id, two, 0, touches=Kind.TASKS)
    window.ctx.act(store.catalogue.update_task, task.id, targets={"tin_bai": 4}, touches=Kind.TASKS)
    click_row(qtbot, screen, ("task", task.id))
    rows: list[list[str]] = []

    def look(dialog) -> None:
        table = dialog.findChild(QTableWidget)
        rows.extend([[table.item(r, c).text() for c in range(table.columnCount())]
                     for r in range(table.rowCount())])  # fmt: skip
        escape(dialog)

    answer([look])
    qtbot.mouseClick(screen.form.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(rows))
    text = " | ".join(" ".join(r) for r in rows)
    assert "Mục: Tuyên truyền chung → Dịch vụ công trực tuyến" in text
    assert "Chỉ tiêu: Tin, bài: — → 4" in text or "Tin, bài: — → 4" in text
    assert "Phòng Nội vụ" in text  # the unit of its assignment, by name
    assert "section_id" not in text and "{" not in text and "unit_id" not in text


def test_unit_names_are_not_cut_in_the_assignment_matrix(qtbot, office, window) -> None:
    """Units an annex import adds have no short name: their column headings must still read
    whole (wrapped on up to three lines, as wide as the widest line)."""
    store = office[0]
    for name in (
        "Văn phòng HĐND và UBND huyện",
        "Ủy ban MTTQ Việt Nam huyện",
        "Sở Thông tin và Truyền thông",
    ):
        window.ctx.act(store.org.add_unit, name, kind="other", touches=Kind.UNITS)
    click_nav(qtbot, window, "Giao việc")
    matrix = window.screen_at(3)
    header = matrix.view.horizontalHeader()
    fm = header.fontMetrics()
    for col in range(matrix.model.columnCount()):
        lines = matrix.model.headerData(col, Qt.Orientation.Horizontal).split("\n")
        assert len(lines) <= 3
        assert header.sectionSize(col) >= max(fm.horizontalAdvance(x) for x in lines), lines
    assert header.height() >= 3 * fm.height()
