"""The report screen keeps what the officer sees and sends: the data date, a custom range, the
edited wording, and an issued report frozen once as exported."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from cchc_desktop.core.changes import Kind
from cchc_desktop.core.models import UnitRef
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.vn_keys import type_text

TODAY = date(2023, 9, 20)


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    store = Store.open(tmp_path / "cchc.sqlite3")
    dept = store.org.add_unit("Phòng Nội vụ", kind="department")
    xa = store.org.add_unit("UBND xã Đông Hòa", kind="commune")
    pid = store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    store.catalogue.add_task(pid, None, "Hội nghị quán triệt", timeline="Trước ngày 30/6/2023",
                   lead=[UnitRef("unit", dept)], coordinating=[UnitRef("unit", xa)])  # fmt: skip
    store.catalogue.add_task(pid, None, "Phát thanh hằng tháng", timeline="Hằng tháng",
                   lead=[UnitRef("unit", xa)])  # fmt: skip
    store.undo_log.reset()
    yield AppContext(store)
    store.close()


def _screen(qtbot, ctx: AppContext):
    from cchc_desktop.gui.report_view import ReportScreen

    screen = ReportScreen(ctx, today=TODAY)
    qtbot.addWidget(screen)
    return screen


def _choose(screen, code: str) -> None:
    i = next(
        i
        for i in range(screen.period_combo.count())
        if screen.period_combo.itemData(i).code == code
    )
    screen.period_combo.setCurrentIndex(i)


def _occurrence(ctx: AppContext, content: str, due: date) -> int:
    return next(
        r.id
        for r in ctx.store.tracking.occurrence_rows(ctx.plan_id)
        if r.task_content == content and r.due == due
    )


def test_the_data_date_follows_the_period_and_the_officer_can_move_it(
    qtbot, ctx: AppContext
) -> None:
    """The figures are taken at the period's cut-off (14/06 for 6 tháng) unless the officer moves
    the date: work due 30/06 is “đang thực hiện trong hạn” on 14/06 and overdue on 05/07."""
    screen = _screen(qtbot, ctx)
    _choose(screen, "2023-H1")
    assert screen.data_date.date() == QDate(2023, 6, 14)
    assert screen.report.figures.task_counts["overdue"] == 1  # the monthly broadcasts not entered
    conference = next(t for t in screen.report.figures.tasks.values() if t.status == "in_progress")
    assert conference.shares["in_progress"] == 1
    screen.data_date.setFocus()
    screen.data_date.setDate(QDate(2023, 7, 5))
    assert screen.report.data_date == date(2023, 7, 5)
    assert screen.report.figures.task_counts["in_progress"] == 0
    assert "Tính đến ngày 05/07/2023" in screen.texts["results"].toPlainText()
    assert "05/07/2023" in screen.summary.toPlainText()
    _choose(screen, "2023-Q3")  # another period: back to its own cut-off
    assert screen.data_date.date() == QDate(2023, 9, 14)


def test_a_custom_range_is_exported_as_shown(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    """A custom date range (01–31/07/2023) on screen is what the export writes: its Dữ liệu
    sheet holds the July rows only, not the 9-month report's."""
    screen = _screen(qtbot, ctx)
    screen.custom.setChecked(True)
    screen.custom_from.setDate(QDate(2023, 7, 1))
    screen.custom_to.setDate(QDate(2023, 7, 31))
    assert screen.report.period.code == "custom"
    shown = len(screen.report.flat)
    out = tmp_path / "usb"
    out.mkdir()
    for fmt in ("pdf", "docx"):
        screen.formats[fmt].setChecked(False)
    screen.export(out)
    qtbot.waitUntil(lambda: bool(screen._last_paths), timeout=30000)
    (xlsx,) = screen._last_paths
    assert "Từ 01-07-2023 đến 31-07-2023" in xlsx.name
    data = list(load_workbook(xlsx)["Dữ liệu"].iter_rows(min_row=2, values_only=True))
    assert len(data) == shown
    in_range = [row for row in data if row[11] != "x"]  # the rest is carried over, marked so
    assert {row[7].date() for row in in_range} == {date(2023, 7, 31)}
    assert all(row[7].date() < date(2023, 7, 1) for row in data if row[11] == "x")


def test_the_officers_wording_survives_another_period_and_a_rebuild(qtbot, ctx: AppContext) -> None:
    """Edits of a section are kept per plan and period: choosing another period and coming back
    shows them again; “Soạn lại từ số liệu” is the one way to replace them."""
    screen = _screen(qtbot, ctx)
    _choose(screen, "2023-H1")
    edit = screen.texts["proposals"]
    edit.selectAll()
    type_text(edit, "Đề nghị cấp trên hỗ trợ kinh phí in tờ rơi.")
    _choose(screen, "2023-Q3")
    assert "hỗ trợ kinh phí in tờ rơi" not in screen.texts["proposals"].toPlainText()
    _choose(screen, "2023-H1")
    assert screen.texts["proposals"].toPlainText() == "Đề nghị cấp trên hỗ trợ kinh phí in tờ rơi."
    screen.regenerate()  # any rebuild (a result edited elsewhere) keeps the wording
    assert screen.texts["proposals"].toPlainText() == "Đề nghị cấp trên hỗ trợ kinh phí in tờ rơi."
    screen.regen_button.click()
    assert "hỗ trợ kinh phí in tờ rơi" not in screen.texts["proposals"].toPlainText()


def test_issuing_freezes_what_was_exported_once_and_undo_keeps_it(
    qtbot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot is the export as written — figures, wording and number — even when a result
    changed between export and marking; marking is once; Ctrl+Z never removes it."""
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    screen = _screen(qtbot, ctx)
    _choose(screen, "2023-9M")
    screen.number.setText("57/BC-UBND")
    for fmt in ("pdf", "docx"):
        screen.formats[fmt].setChecked(False)
    out = tmp_path / "sent"
    out.mkdir()
    screen.export(out)
    qtbot.waitUntil(lambda: bool(screen._last_paths), timeout=30000)
    sent_shares = screen._last_export.report.figures.share_counts
    # a result changes after the export and before marking it issued
    ctx.act(ctx.store.results.set_result, _occurrence(ctx, "Phát thanh hằng tháng", date(2023, 1, 31)), "done",
            date(2023, 1, 30), touches=Kind.RESULTS)  # fmt: skip
    screen.number.setText("99/BC-UBND")  # typed after the export: not on the files
    sid = screen.issue()
    snap = ctx.store.issued.snapshots(ctx.plan_id)[0]
    assert sid == snap.id and snap.number == "57/BC-UBND"
    assert snap.data["share_counts"] == sent_shares
    assert snap.data["share_counts"]["done_on_time"] == 0
    assert [Path(n).suffix for n in snap.files] == [".xlsx"]
    assert "Đã đánh dấu ban hành số 57/BC-UBND" in screen.last_label.text()
    assert screen.issue() is None  # the link is gone: nothing to mark twice
    ctx.undo()
    ctx.undo()
    assert [s.id for s in ctx.store.issued.snapshots(ctx.plan_id)] == [sid]
    assert not warnings


def test_the_rollup_button_opens_the_file_picker(qtbot, ctx: AppContext) -> None:
    """A real click passes Qt's checked flag: the screen must still ask for the files."""
    screen = _screen(qtbot, ctx)
    with mock.patch(
        "cchc_desktop.gui.report_view.QFileDialog.getOpenFileNames", return_value=([], "")
    ) as picker:
        qtbot.mouseClick(screen.rollup_button, Qt.MouseButton.LeftButton)
    assert picker.called


def test_an_export_without_a_signer_says_so(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    """Exporting with no signer's name is allowed (offices print before it is settled) but the
    screen says the name is missing; with a name, it says nothing."""
    screen = _screen(qtbot, ctx)
    for fmt in ("pdf", "docx"):
        screen.formats[fmt].setChecked(False)
    out = tmp_path / "a"
    out.mkdir()
    screen.signer_name.setText("")
    screen.export(out)
    qtbot.waitUntil(lambda: bool(screen._last_paths), timeout=30000)
    assert "chưa ghi họ tên người ký" in screen.last_label.text()
    screen._last_paths = []
    screen.signer_name.setText("Trịnh Văn Thắng")
    out = tmp_path / "b"
    out.mkdir()
    screen.export(out)
    qtbot.waitUntil(lambda: bool(screen._last_paths), timeout=30000)
    assert "chưa ghi họ tên người ký" not in screen.last_label.text()


def test_the_screen_fits_an_office_laptop(qtbot, ctx: AppContext) -> None:
    """At 1366×768 (the window's content is about 1130 pixels wide beside the sidebar) the
    report screen needs no sideways scrolling."""
    screen = _screen(qtbot, ctx)
    assert screen.minimumSizeHint().width() <= 1130


def test_the_report_follows_a_result_edit_and_keeps_the_wording(qtbot, ctx: AppContext) -> None:
    """A result entered elsewhere changes the report's figures: at once when the screen is
    shown, when it is next shown otherwise (a hidden screen does no work); the officer's
    edited wording stays."""
    screen = _screen(qtbot, ctx)
    _choose(screen, "2023-H1")
    screen.show()
    edit = screen.texts["proposals"]
    edit.selectAll()
    type_text(edit, "Đề nghị giữ nguyên câu này.")
    before = screen.report.figures.share_counts["done_on_time"]
    jan = _occurrence(ctx, "Phát thanh hằng tháng", date(2023, 1, 31))
    ctx.act(ctx.store.results.set_result, jan, "done", date(2023, 1, 30), touches=Kind.RESULTS)
    assert screen.report.figures.share_counts["done_on_time"] == before + 1
    assert screen.texts["proposals"].toPlainText() == "Đề nghị giữ nguyên câu này."

    screen.hide()
    built = screen.report
    feb = _occurrence(ctx, "Phát thanh hằng tháng", date(2023, 2, 28))
    ctx.act(ctx.store.results.set_result, feb, "done", date(2023, 2, 27), touches=Kind.RESULTS)
    assert screen.report is built  # nothing rebuilt while hidden
    screen.show()
    screen.activated()
    assert screen.report.figures.share_counts["done_on_time"] == before + 2
    assert screen.texts["proposals"].toPlainText() == "Đề nghị giữ nguyên câu này."


def test_undo_takes_the_wording_back(qtbot, ctx: AppContext) -> None:
    """The kept wording is one user action: Ctrl+Z (the program's undo) brings back the
    wording as it was before, on the screen too."""
    screen = _screen(qtbot, ctx)
    _choose(screen, "2023-H1")
    screen.show()
    generated = screen.texts["proposals"].toPlainText()
    edit = screen.texts["proposals"]
    edit.selectAll()
    type_text(edit, "Đề nghị mới.")
    _choose(screen, "2023-Q3")  # keeps the edit (one action)
    _choose(screen, "2023-H1")
    assert screen.texts["proposals"].toPlainText() == "Đề nghị mới."
    assert ctx.undo() is not None
    assert screen.texts["proposals"].toPlainText() == generated
