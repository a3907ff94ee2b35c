"""Daily tracking in the window: a commune enters results in the grid, the dashboard follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from cchc_desktop.core.models import UnitRef
from cchc_desktop.core.status import BUCKET_NAMES
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.vn_keys import press, type_text

TODAY = date(2023, 7, 20)


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    store = Store.open(tmp_path / "cchc.sqlite3")
    dept = store.org.add_unit("Phòng Nội vụ", kind="department")
    xa = [
        store.org.add_unit(n, kind="commune")
        for n in ("UBND xã Đông Hòa", "UBND xã An Bình", "UBND xã Yên Lạc")
    ]
    group = store.org.add_group("UBND các xã, thị trấn", xa)
    pid = store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    store.catalogue.add_task(pid, None, "Niêm yết công khai thủ tục hành chính", timeline="Quý II/2023",
                   lead=[UnitRef("group", group)], coordinating=[UnitRef("unit", dept)], forms=["niem_yet"],
                   targets={"to_roi": 100})  # fmt: skip
    store.catalogue.add_task(pid, None, "Phát thanh chuyên mục trên Đài Truyền thanh", timeline="Hằng quý",
                   lead=[UnitRef("unit", xa[0])], forms=["dai_truyen_thanh"])  # fmt: skip
    store.undo_log.reset()
    yield AppContext(store)
    store.close()


def test_commune_enters_results_in_the_grid_and_the_dashboard_changes(
    qtbot, ctx: AppContext
) -> None:
    from cchc_desktop.gui.dashboard_view import DashboardScreen
    from cchc_desktop.gui.unit_work_view import C_DATE, C_STATUS, C_TEXT, FIXED, UnitWorkScreen

    dash = DashboardScreen(ctx, today=TODAY)
    work = UnitWorkScreen(ctx, today=TODAY)
    for w in (dash, work):
        qtbot.addWidget(w)
        w.show()
    dash.activated()
    q2 = next(
        i
        for i in range(dash.period_combo.count())
        if dash.period_combo.itemData(i).code == "2023-Q2"
    )
    dash.period_combo.setCurrentIndex(q2)
    # Quý III: the 30/06 work still open on 15/06 is carried over into it (core.report_rules)
    q3 = next(
        i
        for i in range(dash.period_combo.count())
        if dash.period_combo.itemData(i).code == "2023-Q3"
    )
    dash.period_combo.setCurrentIndex(q3)
    before = dict(dash.data.counts)
    assert (
        before["overdue"] == 5 and dash.rate_button.text() == "0,0%"
    )  # 3 communes + the broadcasts due 31/03 and 30/06, all still open; the department only
    # coordinates, so its part is not a share of its own

    work.show_unit(
        next(u.id for u in ctx.store.org.units() if u.name == "UBND xã Đông Hòa"), date(2023, 6, 30)
    )
    rows = work.model.rows
    assert [r.task_content[:9] for r in rows] == ["Niêm yết ", "Phát than"]
    grid, model = work.grid, work.model
    # keyboard only: status cell, then date, then text, then an indicator number
    grid.setCurrentIndex(model.index(0, C_STATUS))
    from tests.modal import answer, enter

    ctx.store.settings.set_sitting_user(
        "Nguyễn Thị Lan"
    )  # the staff's name, asked once per sitting
    answer([enter])  # marked done: the completion date is asked, today offered (issue 18)
    model.setData(model.index(0, C_STATUS), "done")

    def type_into(col: int, text: str) -> None:
        qtbot.wait(5)  # let the grid reload after the previous save
        grid.setCurrentIndex(model.index(0, col))
        grid.edit(model.index(0, col))
        rect = grid.visualRect(model.index(0, col))
        editor = next(
            w
            for w in grid.viewport().findChildren(QLineEdit)
            if w.isVisible() and w.geometry().intersects(rect)
        )
        editor.selectAll()
        type_text(editor, text)
        press(editor, Qt.Key.Key_Return)

    type_into(C_DATE, "28/06/2023")
    type_into(C_TEXT, "Đã niêm yết 45 thủ tục tại Bộ phận Một cửa")
    qtbot.wait(5)
    col = len(FIXED) + [c for c, _ in model.indicators].index("to_roi")
    grid.setCurrentIndex(model.index(0, col))
    model.setData(model.index(0, col), "120")
    qtbot.wait(5)
    occ = ctx.store.tracking.occurrence(rows[0].id)
    assert (occ.status, occ.completed_on, occ.description, occ.values) == (
        "done", date(2023, 6, 28), "Đã niêm yết 45 thủ tục tại Bộ phận Một cửa", {"to_roi": 120},
    )  # fmt: skip
    assert work.grid.currentIndex().column() == col  # the cursor stays where the user is

    dash.reload()
    after = dash.data.counts
    assert after["done_on_time"] == before["done_on_time"] + 1
    assert after["overdue"] == before["overdue"] - 1
    assert dash.bucket_buttons["done_on_time"].text() == "1"
    assert dash.data.totals == {"to_roi": 120}
    dialog = dash.open_list("done", dash.data.rows_in("done_on_time"))
    qtbot.addWidget(dialog)
    assert dialog.table.model().rows[0].unit_name == "UBND xã Đông Hòa"

    # a bad date is refused with a message, nothing written
    import cchc_desktop.gui.unit_work_view as uwv

    messages = []
    uwv_qmb = __import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox
    orig = uwv_qmb.warning
    uwv_qmb.warning = staticmethod(lambda *a: messages.append(a[2]))
    try:
        assert not model.setData(model.index(0, C_DATE), "31/02/2023")
    finally:
        uwv_qmb.warning = orig
    assert "không hợp lệ" in messages[0] and ctx.store.tracking.occurrence(
        rows[0].id
    ).completed_on == date(2023, 6, 28)
    assert uwv.STATUS_CHOICES[1][0] == "done"


def test_matrix_search_and_history(qtbot, ctx: AppContext) -> None:
    from cchc_desktop.gui.matrix_view import MatrixScreen
    from cchc_desktop.gui.occurrence_views import HistoryDialog, describe_change
    from cchc_desktop.gui.search_dialog import SearchDialog

    m = MatrixScreen(ctx, today=TODAY)
    qtbot.addWidget(m)
    m.show()
    m.reload()
    assert m.model.rowCount() == 2 and m.model.columnCount() == 4
    niem_yet = m.model.tasks[0][0]
    lead_cells = [k for k, v in m.model.every_cell().items() if k[0] == niem_yet and v[1] == "lead"]
    assert len(lead_cells) == 3  # the group fanned out to three communes
    dept = next(u.id for u in ctx.store.org.units() if u.name == "Phòng Nội vụ")
    m.view.setCurrentIndex(m.model.index(1, [u[0] for u in m.model.units].index(dept)))
    m.coord_action.trigger()
    assert any(a.unit_id == dept for a in ctx.store.tracking.assignments(m.model.tasks[1][0]))
    m.remove_action.trigger()
    assert not any(a.unit_id == dept for a in ctx.store.tracking.assignments(m.model.tasks[1][0]))

    s = SearchDialog(ctx, "dai truyen thanh", today=TODAY)
    qtbot.addWidget(s)
    assert s.results.count() == 1 and "Đài Truyền thanh" in s.results.item(0).text()
    s.edit.setText("niem yet")
    assert s.results.count() == 1
    s.form.setCurrentIndex(s.form.findData("loa"))
    assert s.results.count() == 0
    s.form.setCurrentIndex(s.form.findData("niem_yet"))
    s.unit.setCurrentIndex(s.unit.findText("UBND xã Yên Lạc"))
    assert s.results.count() == 1

    occ = ctx.store.tracking.occurrence_rows(ctx.plan_id)[0]
    ctx.store.results.set_result(occ.id, "in_progress", description="Đang làm")
    ctx.store.results.set_result(occ.id, "done", date(2023, 6, 1), description="Xong")
    entries = ctx.store.history.of_task(task_id=occ.task_id)
    text = describe_change(entries[0])
    assert "Trạng thái: Đang thực hiện → Hoàn thành" in text and "Kết quả: Đang làm → Xong" in text
    h = HistoryDialog("Lịch sử", entries)
    qtbot.addWidget(h)
    assert h.table.rowCount() == len(entries) and h.table.item(0, 1).text()


def test_report_screen_exports_off_the_gui_thread(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    from email import message_from_bytes, policy

    from openpyxl import load_workbook

    from cchc_desktop.gui.report_view import ReportScreen

    screen = ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    assert (
        screen.period_combo.current().code == "2023-9M"
    )  # the latest report already cut off (cumulative)
    assert "đã hoàn thành" in screen.texts["results"].toPlainText()  # pre-filled from the data
    out = tmp_path / "usb"
    out.mkdir()
    screen.number.setText("57/BC-UBND")
    screen.signer_name.setText("Trịnh Văn Thắng")
    screen.texts["proposals"].setPlainText("=Đề nghị tỉnh hỗ trợ kinh phí")
    screen.formats["docx"].setChecked(False)
    screen.export(out)
    qtbot.waitUntil(
        lambda: screen.export_button.isEnabled() and bool(screen._last_paths), timeout=30000
    )
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "Báo cáo 57-BC-UBND - 9 tháng năm 2023.pdf",
        "Báo cáo 57-BC-UBND - 9 tháng năm 2023.xlsx",
    ]
    values = [c.value for row in load_workbook(out / names[1])["Báo cáo"].iter_rows() for c in row]
    assert "=Đề nghị tỉnh hỗ trợ kinh phí" in values  # the officer's edit, kept as text
    assert (
        ctx.store.settings.setting("report_header")["number"] == "57/BC-UBND"
    )  # remembered for next time

    from unittest import mock

    with mock.patch("cchc_desktop.gui.report_view.QDesktopServices.openUrl"):
        eml = screen.make_mail()
    msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert "Báo cáo" in msg["Subject"]
    assert sorted(a.get_filename() for a in msg.iter_attachments()) == names


def test_issued_report_is_frozen_and_changes_are_shown(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    from unittest import mock

    from cchc_desktop.gui.report_view import ReportScreen

    screen = ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    out = tmp_path / "sent"
    out.mkdir()
    screen.number.setText("60/BC-UBND")
    screen.formats["docx"].setChecked(False)
    screen.formats["xlsx"].setChecked(False)
    screen.export(out)
    qtbot.waitUntil(lambda: bool(screen._last_paths), timeout=30000)
    sent_pdf = screen._last_paths[0].read_bytes()
    sid = screen.issue()
    assert sid and screen.issued_combo.count() == 1
    snap = ctx.store.issued.snapshots(ctx.plan_id)[0]
    before_done = snap.data["share_counts"]["done_on_time"]

    occ = next(
        r
        for r in ctx.store.tracking.occurrence_rows(ctx.plan_id)
        if r.status is None and r.due and r.due < date(2023, 9, 14)
    )
    ctx.store.db.execute(
        "UPDATE report_snapshots SET issued_at = '2000-01-01 00:00:00'"
    )  # issued "long ago"
    ctx.store.results.set_result(occ.id, "done", occ.due, description="Bổ sung sau khi gửi")
    dialog = screen.open_issued()
    qtbot.addWidget(dialog)
    html = dialog.view.toHtml()
    assert "60/BC-UBND" in html and "Thay đổi sau khi ban hành" in html and "kết quả" in html
    assert f"{before_done}" in html and f"→ {before_done + 1}" in html
    with mock.patch("cchc_desktop.gui.report_view.QDesktopServices.openUrl"):
        path = dialog.open_file()
    assert path.read_bytes() == sent_pdf  # exactly what was sent
    assert (
        ctx.store.issued.snapshots(ctx.plan_id)[0].data["share_counts"]["done_on_time"]
        == before_done
    )


def test_unit_sheets_round_trip_through_the_window(
    qtbot, ctx: AppContext, tmp_path: Path, monkeypatch
) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.exchange.unit_sheets import HEAD_ROW, SHEET
    from cchc_desktop.gui.import_dialog import ImportDialog
    from cchc_desktop.gui.unit_work_view import UnitWorkScreen

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    work = UnitWorkScreen(ctx, today=TODAY)
    qtbot.addWidget(work)
    work.show()
    q2 = next(
        i
        for i in range(work.period_combo.count())
        if work.period_combo.itemData(i).code == "2023-Q3"
    )
    work.period_combo.setCurrentIndex(q2)
    out = tmp_path / "phieu"
    out.mkdir()
    work.export_sheets(out)
    qtbot.waitUntil(lambda: bool(getattr(work, "last_sheets", None)), timeout=30000)
    sheet = next(p for p in out.glob("*.xlsx") if "Đông Hòa" in p.name)
    wb = load_workbook(sheet)
    ws = wb[SHEET]
    ws.cell(row=HEAD_ROW + 1, column=6).value = "Hoàn thành"
    ws.cell(row=HEAD_ROW + 1, column=7).value = date(2023, 6, 29)
    ws.cell(row=HEAD_ROW + 1, column=8).value = "Xã đã niêm yết"
    wb.save(sheet)
    bad = tmp_path / "khac.xlsx"
    bad.write_bytes(b"not a workbook")
    dialog = ImportDialog(ctx, [sheet, bad])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)  # checked off the GUI thread
    assert (
        dialog.files.count() == 2 and not dialog.apply_button.isEnabled()
    )  # a rejected file blocks all
    assert "không phải bảng tính" in dialog.files.item(1).text()
    # the refusal is read whole in the list: wrapped to its width, never cut at its edge
    dialog.resize(900, 500)
    dialog.show()
    qtbot.waitExposed(dialog)
    refused = dialog.files.visualItemRect(dialog.files.item(1))
    line = dialog.files.fontMetrics().lineSpacing()
    assert refused.right() <= dialog.files.viewport().width()
    assert refused.height() >= 3 * line  # the file's name, then its message over two lines
    dialog2 = ImportDialog(ctx, [sheet])
    qtbot.addWidget(dialog2)
    qtbot.waitUntil(lambda: not dialog2.busy, timeout=20000)
    assert dialog2.apply_button.isEnabled() and dialog2.rows.rowCount() >= 1
    with qtbot.waitSignal(dialog2.applied, timeout=20000) as written:
        dialog2.apply()  # backed up off the GUI thread, then written in one transaction
    assert written.args == [1]
    occ = next(
        r
        for r in ctx.store.tracking.occurrence_rows(ctx.plan_id)
        if r.description == "Xã đã niêm yết"
    )
    assert occ.status == "done" and occ.unit_name == "UBND xã Đông Hòa"
    assert dialog2.history.count() == 1
    dialog2.history.setCurrentRow(0)
    dialog2.undo_selected()
    assert ctx.store.tracking.occurrence(occ.id).status is None


def test_rollup_from_the_report_screen(qtbot, ctx: AppContext, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.core.periods import parse_period_code
    from cchc_desktop.gui.report_view import ReportScreen
    from cchc_desktop.reports.exports import export_report

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    out = tmp_path / "r"
    out.mkdir()
    files = export_report(
        ctx.store, ctx.plan_id, parse_period_code("2023-9M"), ["xlsx"], out, date(2023, 9, 20)
    )
    screen = ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    # the same office's file twice: the user is asked, and the office counts once
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(a) or QMessageBox.StandardButton.Yes
    )
    summary = screen.rollup(files * 2, tmp_path / "tong.xlsx")
    assert asked and summary["offices"] == 1 and (tmp_path / "tong.xlsx").exists()


def test_a_large_report_is_built_off_the_gui_thread(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ten-year office's year takes a second to gather: the screen says so and stays usable;
    a period chosen meanwhile wins over the one still being built."""
    from cchc_desktop.gui import report_view
    from cchc_desktop.reports.periodic import build_report

    synchronous = report_view.ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(synchronous)
    expected = synchronous.summary.toPlainText()
    monkeypatch.setattr(report_view, "BUILD_OFF_THREAD_FROM", 0)
    screen = report_view.ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    assert screen.report is None and "Đang lập báo cáo" in screen.summary.toPlainText()
    assert not screen.export_button.isEnabled()
    qtbot.waitUntil(lambda: screen.report is not None, timeout=20000)
    assert screen.export_button.isEnabled() and screen.summary.toPlainText() == expected
    assert "đã hoàn thành" in screen.texts["results"].toPlainText()

    q2 = next(
        i
        for i in range(screen.period_combo.count())
        if screen.period_combo.itemData(i).code == "2023-Q2"
    )
    screen.regenerate()  # still building the 9-month report when Q2 is chosen
    screen.period_combo.setCurrentIndex(q2)
    qtbot.waitUntil(lambda: screen.report is not None and not screen.busy, timeout=20000)
    qtbot.wait(300)  # the superseded build, if it arrives late, must not replace Q2
    assert screen.report.period.code == "2023-Q2"
    direct = build_report(ctx.store, ctx.plan_id, screen.period_combo.current(), date(2023, 9, 20))
    assert screen.report.total == direct.total


def test_matrix_cells_follow_the_row_by_row_rules(qtbot, tmp_path: Path) -> None:
    """The matrix reads buckets in SQL; each cell must be what core.status says for the
    occurrences of that task and unit."""
    from cchc_desktop.core.status import bucket, task_bucket
    from cchc_desktop.demo import write_demo
    from cchc_desktop.gui.matrix_view import MatrixScreen

    write_demo(tmp_path, 2023, today=date(2023, 11, 24))
    store = Store.open(tmp_path / "cchc.sqlite3")
    try:
        ctx = AppContext(store)
        m = MatrixScreen(ctx, today=date(2023, 8, 1))
        qtbot.addWidget(m)
        m.activated()
        per: dict[tuple[int, int], list[str]] = {}
        for r in store.tracking.occurrence_rows(ctx.plan_id):
            per.setdefault((r.task_id, r.unit_id), []).append(
                bucket(r.due, r.status, r.completed_on, date(2023, 8, 1))
            )
        cells = m.model.every_cell()
        assert len(cells) > 100 and len({c[2] for c in cells.values()}) >= 3
        for key, (_aid, _role, b) in cells.items():
            assert b == task_bucket(per.get(key, [])), key
    finally:
        store.close()


def test_the_matrix_reads_its_cells_as_they_come_into_view(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's matrix is twenty thousand cells and a screen shows a few hundred: the
    screen reads the cells of the tasks it draws, a block of tasks at a time, each block once;
    scrolled to the end it has read the rest, and every cell shows what the whole plan's matrix
    read at once says (CT or PH, the status in its tooltip)."""
    from cchc_desktop.demo import write_demo
    from cchc_desktop.gui import matrix_view
    from cchc_desktop.store.dashboard import assignment_matrix

    today = date(2023, 8, 1)
    write_demo(tmp_path, 2023, today=date(2023, 11, 24))
    store = Store.open(tmp_path / "cchc.sqlite3")
    try:
        ctx = AppContext(store)
        monkeypatch.setattr(matrix_view, "BLOCK", 4)  # the demo's 29 tasks make eight blocks
        read: list[list[int]] = []
        real = matrix_view.matrix_cells
        monkeypatch.setattr(matrix_view, "matrix_cells",
                            lambda s, ids, day: read.append(list(ids)) or real(s, ids, day))  # fmt: skip
        m = matrix_view.MatrixScreen(ctx, today=today)
        qtbot.addWidget(m)
        m.resize(900, 420)
        with qtbot.waitExposed(m):
            m.show()
        m.view.viewport().repaint()
        tasks = [t[0] for t in m.model.tasks]
        drawn = range(m.view.rowAt(0), m.view.rowAt(m.view.viewport().height() - 1) + 1)
        first = [t for ids in read for t in ids]
        assert {tasks[r] for r in drawn} <= set(first) and len(first) < len(tasks) / 2

        m.view.scrollToBottom()
        m.view.viewport().repaint()
        assert tasks[-1] in [t for ids in read for t in ids]
        _tasks, whole = assignment_matrix(store, ctx.plan_id, today)
        assert len(whole) > 100 and len({c[2] for c in whole.values()}) >= 3
        units = [u[0] for u in m.model.units]
        for row, task in enumerate(tasks):
            for col, unit in enumerate(units):
                index = m.model.index(row, col)
                want = whole.get((task, unit))
                assert m.model.cell(index) == want
                shown = m.model.data(index, Qt.ItemDataRole.ToolTipRole)
                if want is None:
                    assert shown is None and m.model.data(index) is None
                else:
                    assert m.model.data(index) == matrix_view.SHORT[want[1]]
                    assert shown.endswith(BUCKET_NAMES[want[2]])
        every = [t for ids in read for t in ids]
        assert sorted(every) == sorted(tasks)  # each block read once
        store.close()
        m.model.load(m.model.tasks, m.model.units, m.model._read)  # blocks to read again
        m.view.viewport().repaint()  # a screen left behind a closed office reads nothing
        assert m.model.cell(m.model.index(0, 0)) is None
    finally:
        store.close()


def test_a_small_period_chosen_while_a_large_one_builds_leaves_the_screen_usable(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui import report_view

    monkeypatch.setattr(report_view, "BUILD_OFF_THREAD_FROM", 0)
    screen = report_view.ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    assert screen.busy
    monkeypatch.setattr(report_view, "BUILD_OFF_THREAD_FROM", 10**9)  # the next one is small
    screen.regenerate()
    assert not screen.busy and screen.export_button.isEnabled() and screen.report is not None
    shown = screen.report
    qtbot.wait(500)  # the large build arriving late must change nothing
    assert screen.report is shown and screen.export_button.isEnabled()


def test_report_summary_escapes_names_from_the_settings(qtbot, ctx: AppContext) -> None:
    """A form named with “<” or “&” shows as typed in the summary, not as markup."""
    from cchc_desktop.core.taxonomy import Term
    from cchc_desktop.gui.report_view import ReportScreen

    ctx.store.settings.set_terms("forms", [Term(t.code, f"{t.name} <b>& co</b>", t.group)
                                  for t in ctx.store.settings.terms("forms")])  # fmt: skip
    occ = next(
        o
        for o in ctx.store.tracking.occurrence_rows(ctx.plan_id)
        if o.due and o.due <= date(2023, 9, 1)
    )
    ctx.store.results.set_result(occ.id, "done", completed_on=occ.due, description="Đã làm")
    screen = ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    assert screen.report.forms  # the fixture's results use some forms
    for name, _n in screen.report.forms:
        assert name.endswith(" <b>& co</b>") and name in screen.summary.toPlainText()


def test_changing_plan_builds_the_report_once(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refilling the periods (a plan change) while a later period is chosen builds the report
    once, not once for the refilled list and again for the period chosen."""
    from cchc_desktop.gui import report_view

    screen = report_view.ReportScreen(ctx, today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    assert screen.period_combo.currentIndex() > 0  # the case: the kept period is not the first
    built = []
    build = report_view.build_report
    monkeypatch.setattr(report_view, "build_report", lambda *a: built.append(a[2]) or build(*a))
    ctx.plan_changed.emit(ctx.plan_id)
    assert [p.code for p in built] == ["2023-9M"]
