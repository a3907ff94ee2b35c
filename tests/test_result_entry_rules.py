"""What a result entry means, the same in the grid, a returned workbook and the CLI (issue 18);
and the unit's printed sheet keeps each date on one line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.core.result_entry import completion_date, entered_status, read_completion_date
from cchc_desktop.exchange.unit_sheets import (
    HEAD_ROW,
    SHEET,
    apply_results,
    export_unit_sheets,
    preview_results,
)
from cchc_desktop.store.store import Store

TODAY = date(2023, 7, 20)


def test_status_comes_from_what_was_typed() -> None:
    assert entered_status("done") == "done"
    assert entered_status(None) is None  # nothing typed: nothing to record
    assert entered_status(None, description="  ") is None
    assert entered_status(None, description="Đã đăng 3 tin") == "in_progress"
    assert entered_status(None, values={"tin_bai": 3}) == "in_progress"
    assert entered_status(None, values={"tin_bai": None}) is None
    assert entered_status(None, reason="Loa hỏng") == "in_progress"
    assert entered_status(None, completed_on=date(2023, 7, 1)) == "in_progress"


def test_the_completion_date_is_the_day_stated_or_today_never_the_due_date() -> None:
    assert completion_date("done", None, TODAY) == TODAY
    assert completion_date("done", date(2023, 7, 14), TODAY) == date(2023, 7, 14)
    assert completion_date("in_progress", None, TODAY) is None
    assert completion_date(None, None, TODAY) is None


def test_a_day_that_does_not_exist_is_refused_in_vietnamese() -> None:
    assert read_completion_date("") == (None, None)
    assert read_completion_date("05/03/2023") == (date(2023, 3, 5), None)
    day, problem = read_completion_date("31/02/2024")
    assert day is None and "không hợp lệ" in problem and "chỉ có 29 ngày" in problem
    day, problem = read_completion_date("12/13/2023")
    assert day is None and "tháng phải từ 1 đến 12" in problem
    day, problem = read_completion_date("hôm qua")
    assert day is None and "dd/mm/yyyy" in problem


def _office(tmp_path: Path) -> tuple[Store, int, list[int]]:
    s = Store.open(tmp_path / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    xa = [s.org.add_unit("UBND xã Đông Hưng", kind="commune")]
    pid = s.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    for n in range(4):
        s.catalogue.add_task(pid, None, f"Phát thanh chuyên mục cải cách hành chính số {n + 1}",
                   timeline=f"Trước ngày {15 + n}/8/2023", lead=[UnitRef("unit", xa[0])])  # fmt: skip
    return s, pid, xa


def _sent_sheet(store: Store, pid: int, tmp_path: Path, suffix: str = ".xlsx") -> Path:
    """The unit's workbook (or its printed PDF) for 2023-Q3, as the office sends it."""
    out = tmp_path / "sent"
    out.mkdir()
    return next(p for p in export_unit_sheets(store, pid, parse_period_code("2023-Q3"), out)
                if p.suffix == suffix)  # fmt: skip


def test_a_returned_workbook_means_what_the_grid_means(tmp_path: Path) -> None:
    """Text typed with no status is work in progress, by the same core rule as the grid."""
    store, pid, _ = _office(tmp_path)
    sheet = _sent_sheet(store, pid, tmp_path)
    wb = load_workbook(sheet)
    wb[SHEET].cell(row=HEAD_ROW + 1, column=8).value = "Đã phát 2 buổi"
    wb.save(sheet)
    preview = preview_results(store, sheet)
    assert preview.error is None, preview.error
    assert apply_results(store, [preview]) == 1
    row = next(r for r in store.tracking.occurrence_rows(pid) if r.description == "Đã phát 2 buổi")
    assert row.status == entered_status(None, description="Đã phát 2 buổi") == "in_progress"
    store.close()


def test_the_unit_sheet_pdf_keeps_each_date_on_one_line(tmp_path: Path) -> None:
    store, pid, _ = _office(tmp_path)
    pdf = _sent_sheet(store, pid, tmp_path, ".pdf")
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    dues = re.findall(r"\b\d{2}/0?8/\d{2,4}\b", text)
    assert dues and all(re.fullmatch(r"\d{2}/08/2023", d) for d in dues), (
        dues
    )  # not “15/08/202 / 3”
    assert {"15/08/2023", "18/08/2023"} <= set(dues)
    store.close()


def test_work_marked_not_done_needs_its_reason_in_every_entry_path() -> None:
    """Rule: work marked "không thực hiện" is recorded only with a reason (the report quotes the
    reasons units gave). One rule in core; the store refuses, the import refuses the cell, the
    grid asks for it."""
    from cchc_desktop.core.result_entry import REASON_NEEDED, missing_reason

    assert missing_reason("not_done", "") == REASON_NEEDED
    assert missing_reason("not_done", "   ") == REASON_NEEDED
    assert missing_reason("not_done", None) == REASON_NEEDED
    assert missing_reason("not_done", "Chưa bố trí kinh phí") is None
    assert missing_reason("done", "") is None
    assert missing_reason(None, "") is None


def test_work_marked_done_in_a_returned_workbook_states_its_day() -> None:
    """Rule: the completion date is the day the unit states, never filled in for it. The grid
    offers today, shown before it is saved; a returned workbook row that marks work done with
    no day is refused, naming the cell (a done result with no day would count as done on time
    in every report, however late the work was)."""
    from cchc_desktop.core.result_entry import DATE_NEEDED, missing_completion_date

    assert missing_completion_date("done", None) == DATE_NEEDED
    assert missing_completion_date("done", date(2023, 7, 14)) is None
    assert missing_completion_date("in_progress", None) is None
    assert missing_completion_date("not_done", None) is None
    assert missing_completion_date(None, None) is None


def test_a_returned_row_done_without_a_day_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    store, pid, _ = _office(tmp_path)
    sheet = _sent_sheet(store, pid, tmp_path)
    wb = load_workbook(sheet)
    wb[SHEET].cell(row=HEAD_ROW + 1, column=6).value = "Hoàn thành"
    wb[SHEET].cell(row=HEAD_ROW + 2, column=6).value = "Hoàn thành"
    wb[SHEET].cell(row=HEAD_ROW + 2, column=7).value = "14/08/2023"
    wb.save(sheet)
    preview = preview_results(store, sheet)
    assert preview.error is not None
    assert f"sheet “{SHEET}”, dòng {HEAD_ROW + 1}" in preview.error, preview.error
    assert "Ngày hoàn thành" in preview.error and "phải ghi ngày hoàn thành" in preview.error
    assert all(r.status is None for r in store.tracking.occurrence_rows(pid))
    # with its day, the same row is taken, and is late or on time by that day
    wb[SHEET].cell(row=HEAD_ROW + 1, column=7).value = "20/08/2023"
    wb.save(sheet)
    preview = preview_results(store, sheet)
    assert preview.error is None, preview.error
    assert apply_results(store, [preview]) == 2
    done = sorted((r.due, r.completed_on) for r in store.tracking.occurrence_rows(pid)
                  if r.status == "done")  # fmt: skip
    assert done == [(date(2023, 8, 15), date(2023, 8, 20)), (date(2023, 8, 16), date(2023, 8, 14))]
    store.close()
