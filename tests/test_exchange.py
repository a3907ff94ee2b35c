"""Workbooks to and from units: a commune fills its sheet, the office takes it back safely."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.exchange.unit_sheets import (
    HEAD_ROW,
    META,
    SHEET,
    ImportRejected,
    apply_results,
    export_unit_sheets,
    preview_results,
)  # fmt: skip
from cchc_desktop.store.store import Store

PERIOD = parse_period_code("2023-Q3")  # 15/06 – 14/09


def dump(store: Store) -> str:
    return hashlib.sha256("\n".join(store.db.conn.iterdump()).encode()).hexdigest()


@pytest.fixture
def office(tmp_path: Path):
    s = Store.open(tmp_path / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    xa = [s.org.add_unit(n, kind="commune") for n in ("UBND xã Đông Hưng", "UBND xã Ân Tín")]
    g = s.org.add_group("UBND các xã, thị trấn", xa)
    pid = s.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    s.catalogue.add_task(pid, None, "Niêm yết công khai thủ tục hành chính", timeline="Tháng 7/2023",
               lead=[UnitRef("group", g)], targets={"to_roi": 100})  # fmt: skip
    s.catalogue.add_task(pid, None, "Phát thanh chuyên mục cải cách hành chính", timeline="Trước ngày 10/9/2023",
               lead=[UnitRef("group", g)])  # fmt: skip
    out = tmp_path / "sent"
    out.mkdir()
    paths = export_unit_sheets(s, pid, PERIOD, out)
    yield s, xa, [p for p in paths if p.suffix == ".xlsx"], tmp_path
    s.close()


def fill(path: Path, rows: dict[int, list], dest: Path) -> Path:
    """A commune filling its sheet with openpyxl: row offset -> [status, date, text, reason]."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    for i, (status, when, text, reason) in rows.items():
        r = HEAD_ROW + 1 + i
        ws.cell(row=r, column=6).value = status
        ws.cell(row=r, column=7).value = when
        ws.cell(row=r, column=8).value = text
        ws.cell(row=r, column=9).value = reason
    wb.save(dest)
    return dest


def test_export_sheets_per_unit(office) -> None:
    store, _, paths, _ = office
    assert [p.name for p in paths] == [
        "Phiếu giao nhiệm vụ – UBND xã Đông Hưng – Quý III năm 2023.xlsx",
        "Phiếu giao nhiệm vụ – UBND xã Ân Tín – Quý III năm 2023.xlsx",
    ] or len(paths) == 2
    wb = load_workbook(paths[0])
    assert wb.sheetnames[:2] == ["Hướng dẫn", SHEET] and wb[META].sheet_state == "veryHidden"
    ws = wb[SHEET]
    assert ws.protection.sheet and not ws.cell(row=HEAD_ROW + 1, column=6).protection.locked
    assert ws.cell(row=HEAD_ROW + 1, column=2).protection.locked
    assert ws.cell(row=HEAD_ROW + 1, column=2).value == "Niêm yết công khai thủ tục hành chính"
    assert len(ws.data_validations.dataValidation) == 3
    assert (paths[0].with_suffix(".pdf")).exists()


def test_round_trip_with_nfd_text_and_idempotence(office) -> None:
    store, xa, paths, tmp = office
    nfd = unicodedata.normalize("NFD", "Đã niêm yết 45 thủ tục tại Bộ phận Một cửa")
    filled = fill(paths[0], {0: ["Hoàn thành", datetime(2023, 9, 10), nfd, None],
                             1: ["Không thực hiện", None, None, "Loa hỏng"]}, tmp / "tra-ve.xlsx")  # fmt: skip
    wb = load_workbook(filled)
    wb[SHEET].cell(
        row=HEAD_ROW + 1, column=10 + 7
    ).value = 120  # to_roi is the 8th indicator column
    wb.save(filled)
    preview = preview_results(store, filled)
    assert preview.error is None, preview.error
    assert [r.kind for r in preview.rows][:2] == ["new", "new"]
    assert apply_results(store, [preview]) == 2
    from cchc_desktop.store.backup import backups_dir, list_backups

    assert [b.reason for b in list_backups(backups_dir(store.path.parent))] == [
        "nhap"
    ]  # backed up first
    rows = {
        r.task_content[:9]: r
        for r in store.tracking.occurrence_rows(store.catalogue.plans()[0].id, xa[0])
    }
    done = rows["Niêm yết "]
    assert (done.status, done.completed_on, done.description) == (
        "done",
        date(2023, 9, 10),
        "Đã niêm yết 45 thủ tục tại Bộ phận Một cửa",
    )
    assert done.values.get("to_roi") == 120
    assert store.undo_label().startswith("Nhập kết quả")  # one import, one undo step
    before = dump(store)
    again = preview_results(store, filled)
    assert {r.kind for r in again.rows} == {"unchanged"}
    assert apply_results(store, [again]) == 0 and dump(store) == before
    store.undo()  # the whole import goes away at once
    assert store.tracking.occurrence(done.id).status is None


def test_conflict_when_the_office_changed_it_too(office) -> None:
    store, xa, paths, tmp = office
    occ = store.tracking.occurrence_rows(store.catalogue.plans()[0].id, xa[0])[0]
    store.results.set_result(occ.id, "in_progress", description="Ghi tại cơ quan")
    filled = fill(
        paths[0], {0: ["Hoàn thành", datetime(2023, 9, 1), "Xã báo xong", None]}, tmp / "x.xlsx"
    )
    preview = preview_results(store, filled)
    assert preview.rows[0].kind == "conflict"
    assert apply_results(store, [preview]) == 0  # nothing without the user's decision
    assert apply_results(store, [preview], take_workbook_on_conflict=True) == 1
    assert store.tracking.occurrence(occ.id).description == "Xã báo xong"


def _mutate(path: Path, dest: Path, how: str) -> Path:
    wb = load_workbook(path)
    ws = wb[SHEET]
    r = HEAD_ROW + 1
    if how == "other_unit":
        import json

        meta = json.loads(wb[META]["A1"].value)
        meta["rows"][0]["occurrence"] += 1000
        wb[META]["A1"].value = json.dumps(meta)
    elif how == "task_text":
        ws.cell(row=r, column=2).value = "Nhiệm vụ khác"
    elif how == "added_row":
        ws.cell(row=ws.max_row + 1, column=2).value = "Dòng thêm"
    elif how == "deleted_row":
        ws.delete_rows(r, 1)
    elif how == "formula":
        ws.cell(row=r, column=8).value = "=1+1"
    elif how == "merged":
        ws.merge_cells(start_row=r, start_column=8, end_row=r, end_column=9)
    elif how == "moved_column":
        ws.insert_cols(3)
    elif how == "bad_status":
        ws.cell(row=r, column=6).value = "Xong rồi"
    elif how == "bad_number":
        ws.cell(row=r, column=10).value = "mười"
    elif how == "negative":
        ws.cell(row=r, column=10).value = -5
    elif how == "date_outside":
        ws.cell(row=r, column=7).value = datetime(2023, 12, 1)
    elif how == "bad_date":
        ws.cell(row=r, column=7).value = "31/02/2023"
    elif how == "no_reason":
        ws.cell(row=r, column=6).value = "Không thực hiện"
    elif how == "done_no_date":
        ws.cell(row=r, column=6).value = "Hoàn thành"
        ws.cell(row=r, column=8).value = "Đã phát 3 buổi"
    elif how == "other_office":
        import json

        meta = json.loads(wb[META]["A1"].value)
        meta["office_uid"] = "khac"
        wb[META]["A1"].value = json.dumps(meta)
    elif how == "template":
        import json

        meta = json.loads(wb[META]["A1"].value)
        meta["template"] = "cchc-phieu-99"
        wb[META]["A1"].value = json.dumps(meta)
    wb.save(dest)
    return dest


CASES = {
    "other_unit": "không thuộc nhiệm vụ được giao", "task_text": "nội dung nhiệm vụ đã bị sửa",
    "added_row": "dòng được thêm", "deleted_row": "nội dung nhiệm vụ đã bị sửa hoặc dòng bị xóa",
    "formula": "công thức", "merged": "gộp", "moved_column": "cột đã bị thêm, xóa hoặc di chuyển",
    "bad_status": "không có trong danh sách", "bad_number": "không phải số", "negative": "không được âm",
    "date_outside": "ngoài kỳ", "bad_date": "không phải ngày", "no_reason": "phải ghi rõ lý do",
    "done_no_date": "cột “Ngày hoàn thành (dd/mm/yyyy)”: nhiệm vụ đã hoàn thành phải ghi ngày hoàn thành",
    "other_office": "cơ quan khác", "template": "không được hỗ trợ",
}  # fmt: skip


@pytest.mark.parametrize("how", list(CASES))
def test_every_rejection_names_the_place_and_writes_nothing(office, how: str) -> None:
    store, _, paths, tmp = office
    bad = _mutate(paths[0], tmp / f"{how}.xlsx", how)
    before = dump(store)
    preview = preview_results(store, bad)
    assert preview.error and CASES[how] in preview.error, preview.error
    assert f"tệp “{how}.xlsx”" in preview.error
    with pytest.raises(ImportRejected):
        apply_results(store, [preview])
    assert dump(store) == before


def test_files_that_are_not_workbooks(office) -> None:
    store, _, _, tmp = office
    cases = {
        "ghi-chu.xlsx": b"chi la van ban",
        "cu.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "hong.xlsx": b"PK\x03\x04 not really a zip",
    }
    for name, content in cases.items():
        (tmp / name).write_bytes(content)
        assert preview_results(store, tmp / name).error
    assert ".xls" in preview_results(store, tmp / "cu.xls").error
    assert "không phải bảng tính" in preview_results(store, tmp / "ghi-chu.xlsx").error


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 12), st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20), st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)))), max_size=6))  # fmt: skip
def test_mutated_workbooks_never_crash_or_write_partially(office, edits) -> None:
    store, _, paths, tmp = office
    target = tmp / "mutated.xlsx"
    shutil.copy(paths[0], target)
    wb = load_workbook(target)
    ws = wb[SHEET]
    for row, col, value in edits:
        ws.cell(row=HEAD_ROW + row, column=col).value = value
    wb.save(target)
    before = dump(store)
    preview = preview_results(store, target)
    if preview.error:
        with pytest.raises(ImportRejected):
            apply_results(store, [preview])
        assert dump(store) == before
    else:
        apply_results(store, [preview])
        store.undo() if store.undo_label() and store.undo_label().startswith("Nhập") else None


def test_an_import_is_undone_as_a_whole_even_after_reopening(office) -> None:

    store, xa, paths, tmp = office
    occ = store.tracking.occurrence_rows(store.catalogue.plans()[0].id, xa[0])[1]
    store.results.set_result(occ.id, "in_progress", description="Trước khi nhập")
    filled = fill(
        paths[0], {0: ["Hoàn thành", datetime(2023, 7, 20), "Xong", None]}, tmp / "a.xlsx"
    )
    apply_results(store, [preview_results(store, filled)])
    path = store.path
    store.close()
    reopened = Store.open(path)
    try:
        history = reopened.imports.history()
        assert len(history) == 1 and history[0].files == ["a.xlsx"] and history[0].rows == 1
        reopened.imports.undo(history[0].id)
        rows = reopened.tracking.occurrence_rows(reopened.catalogue.plans()[0].id, xa[0])
        assert rows[0].status is None and rows[1].description == "Trước khi nhập"
        assert reopened.imports.history()[0].undone_at
        with pytest.raises(Exception, match="đã được hoàn tác"):
            reopened.imports.undo(history[0].id)
    finally:
        reopened.close()
        store.__init__(Store.open(path).db, path)


def test_rollup_of_several_offices_reports(tmp_path: Path) -> None:
    from cchc_desktop.demo import write_demo
    from cchc_desktop.exchange.rollup import rollup
    from cchc_desktop.reports.exports import export_report
    from cchc_desktop.reports.periodic import build_report

    files = []
    for i, name in enumerate(("UBND huyện Một", "UBND huyện Hai")):
        d = tmp_path / f"o{i}"
        write_demo(d, 2023, today=date(2023, 11, 24))
        s = Store.open(d / "cchc.sqlite3")
        s.settings.set_setting("report_header", {"issuing_body": name})
        out = tmp_path / f"r{i}"
        out.mkdir()
        files += [
            p
            for p in export_report(
                s, s.catalogue.plans()[0].id, PERIOD, ["xlsx"], out, date(2023, 9, 20)
            )
        ]
        # the Dữ liệu sheet holds one row per occurrence the report names (core.report_rules)
        built = build_report(s, s.catalogue.plans()[0].id, PERIOD, date(2023, 9, 20))
        rows, shares = len(built.flat), built.figures.shares_total
        s.close()
    summary = rollup(files, tmp_path / "tong-hop.xlsx")
    assert summary["offices"] == 2 and summary["rows"] == 2 * rows
    wb = load_workbook(tmp_path / "tong-hop.xlsx")
    ws = wb["Tổng hợp"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == [
        "UBND huyện Một",  # the Dữ liệu sheet's “Cơ quan” column
        "UBND huyện Hai",
        "Tổng cộng",
    ]
    assert ws.cell(row=4, column=3).value == 2 * shares  # the lead units' shares, as reported
    bad = load_workbook(files[0])
    bad["Dữ liệu"].cell(row=2, column=9).value = "Xong"  # the “Tình trạng” column
    bad.save(tmp_path / "hong.xlsx")
    with pytest.raises(ImportRejected, match="dòng 2, cột “Tình trạng”"):
        rollup([files[1], tmp_path / "hong.xlsx"], tmp_path / "khong-ghi.xlsx")
    assert not (tmp_path / "khong-ghi.xlsx").exists()


def test_move_a_whole_database_to_another_pc(tmp_path: Path) -> None:
    import subprocess
    import sys

    from cchc_desktop.demo import write_demo

    write_demo(tmp_path / "old-pc", 2023)

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "cchc_desktop", *a], capture_output=True, text=True
        )

    out = run(
        "export",
        "database",
        "--data-dir",
        str(tmp_path / "old-pc"),
        "--out",
        str(tmp_path / "chuyen-may"),
    )
    assert out.returncode == 0, out.stderr
    (tmp_path / "new-pc").mkdir()
    Store.open(tmp_path / "new-pc" / "cchc.sqlite3").close()
    back = run(
        "import",
        "database",
        "--data-dir",
        str(tmp_path / "new-pc"),
        str(tmp_path / "chuyen-may.sqlite3"),
    )
    assert back.returncode == 0, back.stderr
    s = Store.open(tmp_path / "new-pc" / "cchc.sqlite3")
    try:
        assert len(s.catalogue.tasks(s.catalogue.plans()[0].id)) >= 28
    finally:
        s.close()


def test_legacy_vni_text_in_a_returned_sheet_is_converted(office) -> None:
    from openpyxl.styles import Font

    store, xa, paths, tmp = office
    wb = load_workbook(paths[0])
    ws = wb[SHEET]
    ws.cell(row=HEAD_ROW + 1, column=6).value = "Hoàn thành"
    ws.cell(row=HEAD_ROW + 1, column=7).value = datetime(2023, 7, 20)
    ws.cell(row=HEAD_ROW + 1, column=8).value = "Ñaõ nieâm yeát coâng khai"
    ws.cell(row=HEAD_ROW + 1, column=8).font = Font(name="VNI-Times")
    wb.save(tmp / "vni.xlsx")
    preview = preview_results(store, tmp / "vni.xlsx")
    assert preview.error is None and preview.rows[0].new["description"] == "Đã niêm yết công khai"


def test_work_done_before_the_period_comes_back_unchanged(office) -> None:
    """A Q3 task done early (on 02/06, before the Q3 period opens on 15/06) is
    sent with its date and returned untouched: the round trip must accept it, and a date
    after the period's end is still refused."""
    store, xa, _paths, tmp = office
    pid = store.catalogue.plans()[0].id
    occ = store.tracking.occurrence_rows(pid, xa[0])[0]
    store.results.set_result(occ.id, "done", completed_on=date(2023, 6, 2), description="Làm sớm")
    out = tmp / "sent-again"
    out.mkdir()
    path = next(p for p in export_unit_sheets(store, pid, PERIOD, out, with_pdf=False)
                if p.suffix == ".xlsx" and "Đông Hưng" in p.name)  # fmt: skip
    untouched = preview_results(store, path)
    assert untouched.error is None, untouched.error
    assert {r.kind for r in untouched.rows} == {"unchanged"}
    dv = next(
        v for v in load_workbook(path)[SHEET].data_validations.dataValidation if v.type == "date"
    )
    assert dv.formula1 == "DATE(2022,12,1)" and dv.formula2 == "DATE(2023,9,14)"
    late = fill(
        path, {0: ["Hoàn thành", datetime(2023, 9, 20), "Làm muộn", None]}, tmp / "muon.xlsx"
    )
    assert "ngoài kỳ báo cáo" in preview_results(store, late).error


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def test_an_xml_bomb_inside_a_returned_workbook_is_refused(office) -> None:
    """Entity expansion (“billion laughs”) in a sheet is refused by the XML parser (defusedxml),
    quickly and with the file named; nothing is written."""
    import time
    import zipfile

    store, _, paths, tmp = office
    bomb = tmp / "bom.xlsx"
    with zipfile.ZipFile(paths[0]) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = BILLION_LAUGHS.encode()
            dst.writestr(item, data)
    before = dump(store)
    start = time.perf_counter()
    error = preview_results(store, bomb).error
    assert error and "bom.xlsx" in error and time.perf_counter() - start < 10
    assert dump(store) == before


def test_completion_dates_accepted_start_with_the_office_s_reporting_year() -> None:
    """From the first quarter's start under the office's rules (at latest 1 December before
    the year) to the period's end."""
    from dataclasses import replace

    from cchc_desktop.core.periods import DEFAULT_PERIOD_RULES
    from cchc_desktop.exchange.unit_sheets import completion_window

    q3 = parse_period_code("2023-Q3")
    assert completion_window(q3.end, DEFAULT_PERIOD_RULES) == (date(2022, 12, 1), q3.end)
    early = tuple(
        replace(r, start_month=11, start_day=1) if r.key == "Q1" else r
        for r in DEFAULT_PERIOD_RULES
    )
    assert completion_window(q3.end, early) == (date(2022, 11, 1), q3.end)
