"""Returned unit workbooks cannot poison, forge, cross over or crash (issue 19, items 1–3, 8).

Each test states its rule in its docstring.  The last one runs the fuzz round of
``tests/fuzz.py`` a bounded number of times (``python -m tests.fuzz --n 3000`` is the long run).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import shutil
import time
import zipfile
from datetime import datetime
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
)
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store
from tests.fuzz import build_office, english_words, materialise, mutate, run_one, time_limit

PERIOD = parse_period_code("2023-Q3")
TO_ROI = 17  # "Tờ rơi, sổ tay (bản)": the 8th indicator column, counts
KINH_PHI = 21  # "Kinh phí (đồng)": money
FORGED = "không do cơ quan này xuất hoặc đã bị sửa phần nhận dạng"


def dump(store: Store) -> str:
    return hashlib.sha256("\n".join(store.db.conn.iterdump()).encode()).hexdigest()


@pytest.fixture(scope="module")
def sent_once(tmp_path_factory) -> Path:
    """Two communes sharing a monthly task and a one-off one, their Q3 sheets exported (once)."""
    folder = tmp_path_factory.mktemp("office")
    s = Store.open(folder / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    xa = [s.org.add_unit(n, kind="commune") for n in ("UBND xã Đông Hưng", "UBND xã Ân Tín")]
    g = s.org.add_group("UBND các xã, thị trấn", xa)
    pid = s.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    s.catalogue.add_task(pid, None, "Niêm yết công khai thủ tục hành chính", timeline="Hằng tháng",
               lead=[UnitRef("group", g)], targets={"to_roi": 100})  # fmt: skip
    s.catalogue.add_task(pid, None, "Phát thanh chuyên mục cải cách hành chính", timeline="Trước ngày 10/9/2023",
               lead=[UnitRef("group", g)])  # fmt: skip
    out = folder / "sent"
    out.mkdir()
    paths = [
        p for p in export_unit_sheets(s, pid, PERIOD, out, with_pdf=False) if p.suffix == ".xlsx"
    ]
    (folder / "units.json").write_text(
        json.dumps({str(u): p.name for u, p in zip(xa, paths, strict=True)})
    )
    s.close()
    return folder


@pytest.fixture
def office(sent_once: Path, tmp_path: Path):
    """A fresh copy of that office: (store, commune ids, {commune: its workbook}, folder)."""
    shutil.copytree(sent_once / "data", tmp_path / "data")
    shutil.copytree(sent_once / "sent", tmp_path / "sent")
    units = {
        int(u): tmp_path / "sent" / name
        for u, name in json.loads((sent_once / "units.json").read_text()).items()
    }
    s = Store.open(tmp_path / "data" / "cchc.sqlite3")
    yield s, list(units), units, tmp_path
    s.close()


def edit(
    path: Path, dest: Path, cells: dict[tuple[int, int], object] | None = None, meta=None
) -> Path:
    """A copy of ``path`` with ``cells`` ({(row, column): value}) set and ``meta`` applied to
    the identification (a function of the parsed JSON, returning the new JSON or its text)."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    for (r, c), value in (cells or {}).items():
        ws.cell(row=r, column=c).value = value
    if meta is not None:
        m = wb[META]
        text = "".join(r[0].value for r in m.iter_rows(min_col=1, max_col=1) if r[0].value)
        new = meta(json.loads(text))
        for row in list(m.iter_rows(min_col=1, max_col=1)):
            row[0].value = None
        m["A1"].value = new if isinstance(new, str) else json.dumps(new)
        m["A1"].data_type = "s"
    wb.save(dest)
    return dest


def raw_value(path: Path, dest: Path, cell: str, xml_value: str) -> Path:
    """A copy whose result sheet holds ``<v>xml_value</v>`` in ``cell`` (what no Excel writes)."""
    wb = load_workbook(path)
    wb[SHEET][cell].value = 987654321
    wb.save(dest)
    data = dest.read_bytes()
    with zipfile.ZipFile(dest) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for item, body in items:
            z.writestr(item, body.replace(b"<v>987654321</v>", f"<v>{xml_value}</v>".encode()))
    assert data != dest.read_bytes()
    return dest


def refused(store: Store, path: Path, *parts: str) -> str:
    """The refusal of ``path``: it names the file and ``parts``, carries no English exception
    text, and neither preview nor apply writes anything."""
    before = dump(store)
    error = preview_results(store, path).error
    assert error, f"{path.name} was accepted"
    assert f"“{path.name}”" in error, error
    for part in parts:
        assert part in error, error
    assert not english_words(error), error
    with pytest.raises(ImportRejected):
        apply_results(store, [preview_results(store, path)])
    assert dump(store) == before
    return error


# -- 1. numbers -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        (TO_ROI, "NaN", "không phải số"),
        (TO_ROI, "inf", "không phải số"),
        (TO_ROI, "1e999", "không phải số"),
        (TO_ROI, "Infinity", "không phải số"),
        (TO_ROI, 1e308, "vượt giới hạn"),
        (TO_ROI, 2**64, "vượt giới hạn"),
        (TO_ROI, -5, "không được âm"),
        (TO_ROI, 2.5, "số nguyên"),
        (TO_ROI, "2,5", "số nguyên"),
        (TO_ROI, 1_000_001, "vượt giới hạn 1.000.000"),
        (KINH_PHI, 10**12 + 1, "vượt giới hạn"),
        (TO_ROI, True, "không phải số"),
        (TO_ROI, "#REF!", "không phải số"),
    ],
)
def test_numbers_that_would_poison_the_database_are_refused_with_the_cell(
    office, column, value, why
) -> None:
    """A figure is finite, not negative, whole for an indicator that counts, and within its
    bound (1 000 000 for counts, 10^12 đồng for money by default); anything else — NaN, inf,
    1e999, 1e308, 2^64, negative, 2,5 tờ rơi, TRUE, #REF! — is refused naming file, sheet,
    row and column, and nothing is written."""
    store, xa, paths, tmp = office
    bad = edit(paths[xa[0]], tmp / "so.xlsx", {(HEAD_ROW + 1, column): value, (HEAD_ROW + 1, 6): "Hoàn thành",
                                               (HEAD_ROW + 1, 7): datetime(2023, 7, 20)})  # fmt: skip
    name = "Tờ rơi, sổ tay (bản)" if column == TO_ROI else "Kinh phí (đồng)"
    refused(store, bad, f"sheet “{SHEET}”, dòng {HEAD_ROW + 1}, cột “{name}”", why)


@pytest.mark.parametrize("xml", ["1e999", "-1e999", "1E400", "18446744073709551616", "1e308"])
def test_numbers_written_straight_into_the_sheet_xml_are_refused(office, xml: str) -> None:
    """The same rule holds for numbers no spreadsheet program writes but a crafted file holds
    (``<v>1e999</v>`` reads as infinity)."""
    store, xa, paths, tmp = office
    bad = raw_value(paths[xa[0]], tmp / "xml.xlsx", f"Q{HEAD_ROW + 1}", xml)
    refused(store, bad, f"dòng {HEAD_ROW + 1}, cột “Tờ rơi, sổ tay (bản)”")


def test_money_may_have_decimals_and_whole_counts_pass(office) -> None:
    """Money (đồng) may have decimals; a count given as 120.0 is the whole number 120."""
    store, xa, paths, tmp = office
    good = edit(
        paths[xa[0]],
        tmp / "tot.xlsx",
        {(HEAD_ROW + 1, TO_ROI): 120.0, (HEAD_ROW + 1, KINH_PHI): 1500.5},
    )
    preview = preview_results(store, good)
    assert preview.error is None, preview.error
    assert preview.rows[0].new["values"] == {"to_roi": 120, "kinh_phi": 1500.5}
    assert apply_results(store, [preview]) == 1


def test_set_result_never_stores_a_number_that_is_not_a_figure(office) -> None:
    """``store.results.set_result`` applies the same rule (core.result_entry), so nothing non-finite,
    negative, fractional for a count, over its bound, TRUE/FALSE or text ever reaches
    ``results.values``; the bound is data the office can edit (setting ``result_bounds``)."""
    store, xa, _, _ = office
    occ = store.tracking.occurrence_rows(store.catalogue.plans()[0].id, xa[0])[0].id
    for value in (math.nan, math.inf, -math.inf, 1e308, 2**64, -1, 2.5, True, "5", 1_000_001):
        with pytest.raises(StoreError, match="Chỉ tiêu “Tin, bài”") as err:
            store.results.set_result(occ, "done", values={"tin_bai": value})
        assert not english_words(str(err.value)), err.value
    assert store.db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 0
    store.results.set_result(occ, "done", values={"tin_bai": 3.0, "kinh_phi": 2.5})
    assert store.tracking.occurrence(occ).values == {"tin_bai": 3, "kinh_phi": 2.5}
    store.settings.set_setting(
        "result_bounds", {"tin_bai": 10, "kinh_phi": {"max": 100, "whole": True}}
    )
    with pytest.raises(StoreError, match="vượt giới hạn 10 "):
        store.results.set_result(occ, "done", values={"tin_bai": 11})
    with pytest.raises(StoreError, match="số nguyên"):
        store.results.set_result(occ, "done", values={"kinh_phi": 2.5})
    store.results.set_result(occ, "done", values={"tin_bai": 10, "kinh_phi": 100})
    for (values,) in store.db.execute('SELECT "values" FROM results'):
        json.loads(values, parse_constant=lambda c: pytest.fail(f"{c} stored"))


# -- 2. signature ---------------------------------------------------------------------------------
def _forge_for(store: Store, paths: dict[int, Path], source: int, victim: int):
    """What an outsider would do: unit id and every occurrence id made the victim's."""
    wb = load_workbook(paths[victim], read_only=True)
    theirs = json.loads("".join(r[0] for r in wb[META].iter_rows(values_only=True) if r and r[0]))
    wb.close()

    def forge(meta: dict) -> dict:
        meta["unit_id"] = victim
        for mine, other in zip(meta["rows"], theirs["rows"], strict=True):
            mine["occurrence"] = other["occurrence"]
        return meta

    return forge


def test_a_forged_identification_sheet_writes_nothing(office) -> None:
    """The identification sheet is signed (HMAC-SHA256 keyed by the office's secret) over
    office, unit, plan, period, template version and every row's ids, due date, task text
    and sent result.  One commune's workbook with the unit id and occurrence ids changed to
    another commune's is refused (“Phiếu không do cơ quan này xuất hoặc đã bị sửa phần nhận
    dạng”) and writes nothing."""
    store, xa, paths, tmp = office
    filled = {(HEAD_ROW + 1, 6): "Hoàn thành", (HEAD_ROW + 1, 7): datetime(2023, 8, 1),
              (HEAD_ROW + 1, 8): "Ghi đè xã khác", (HEAD_ROW + 1, TO_ROI): 7}  # fmt: skip
    forged = edit(
        paths[xa[0]], tmp / "gia-mao.xlsx", filled, _forge_for(store, paths, xa[0], xa[1])
    )
    refused(store, forged, FORGED)
    unsigned = edit(
        paths[xa[0]],
        tmp / "khong-ky.xlsx",
        filled,
        lambda m: {k: v for k, v in m.items() if k != "sig"},
    )
    refused(store, unsigned, FORGED)
    mixed = edit(paths[xa[0]], tmp / "lai.xlsx", filled, lambda m: {**m, "unit_id": xa[1]})
    refused(store, mixed, "không thuộc nhiệm vụ được giao cho đơn vị")
    genuine = edit(paths[xa[0]], tmp / "that.xlsx", filled)
    preview = preview_results(store, genuine)
    assert preview.error is None and apply_results(store, [preview]) == 1


@pytest.mark.parametrize(
    "change",
    [
        "period_end",
        "period",
        "plan_id",
        "indicators",
        "due",
        "text",
        "sent",
        "task_id",
        "unit",
        "office",
        "sig",
        "exported_at",
    ],
)
def test_every_part_of_the_identification_is_signed(office, change: str) -> None:
    """Changing any field of the identification (here: one at a time) breaks the signature."""
    store, xa, paths, tmp = office

    def tamper(meta: dict) -> dict:
        row = meta["rows"][0]
        if change == "period_end":
            meta["period_end"] = "2023-12-31"
        elif change == "period":
            meta["period"] = "2023-Q4"
        elif change == "plan_id":
            meta["plan_id"] += 1
        elif change == "indicators":
            meta["indicators"] = meta["indicators"][::-1]
        elif change == "due":
            row["due"] = "2023-09-30"
        elif change == "text":
            row["text"] = hashlib.sha256(b"khac").hexdigest()
        elif change == "sent":
            row["sent"]["status"] = "done"
        elif change == "task_id":
            row["task_id"] += 1
        elif change == "unit":
            meta["unit"] = "Xã khác"
        elif change == "office":
            meta["office"] = "Cơ quan khác"
        elif change == "sig":
            meta["sig"] = ("0" if meta["sig"][0] != "0" else "1") + meta["sig"][1:]
        elif change == "exported_at":
            meta["exported_at"] = "2000-01-01T00:00:00"
        return meta

    bad = edit(paths[xa[0]], tmp / f"{change}.xlsx", None, tamper)
    error = refused(store, bad)
    assert FORGED in error or "không thuộc" in error or "cột" in error, error


def test_the_secret_stays_in_the_database(office) -> None:
    """The key is 32 random bytes kept once in the settings, never in a workbook, never in
    the undo log (no undo removes it)."""
    store, xa, paths, _ = office
    key = store.settings.office_secret()
    assert key is not None and len(key) == 32
    for path in paths.values():
        with zipfile.ZipFile(path) as z:
            assert all(key.hex().encode() not in z.read(n) for n in z.namelist())
    assert not store.db.execute(
        "SELECT 1 FROM undo_log WHERE sql LIKE ?", [f"%{key.hex()}%"]
    ).fetchone()
    while store.undo():
        pass
    assert store.settings.office_secret() == key


# -- 3. rows are ids + due date + task text ----------------------------------------------------------
def test_sorted_rows_keep_their_results(office) -> None:
    """A row is identified by its ids, due date and task text together: two rows of the same
    task swapped (as a sort does) are matched by their due dates, so results never cross over;
    a row whose due date matches no row sent is refused."""
    store, xa, paths, tmp = office
    pid = store.catalogue.plans()[0].id
    monthly = [
        r
        for r in store.tracking.rows_in_period(pid, PERIOD, xa[0])
        if r.task_content.startswith("Niêm yết")
    ]
    assert len(monthly) >= 2
    wb = load_workbook(paths[xa[0]])
    ws = wb[SHEET]
    rows = {ws.cell(r, 4).value: r for r in range(HEAD_ROW + 1, HEAD_ROW + 1 + len(monthly))}
    first, second = (rows[f"{r.due:%d/%m/%Y}"] for r in monthly[:2])
    for r, text, day in ((first, "Tháng đầu", 10), (second, "Tháng sau", 20)):
        ws.cell(r, 6).value, ws.cell(r, 7).value, ws.cell(r, 8).value = (
            "Hoàn thành",
            datetime(2023, 8, day),
            text,
        )
    for c in range(1, ws.max_column + 1):  # the sort: whole rows change places
        a, b = ws.cell(first, c), ws.cell(second, c)
        a.value, b.value = b.value, a.value
    wb.save(tmp / "sap-xep.xlsx")
    preview = preview_results(store, tmp / "sap-xep.xlsx")
    assert preview.error is None, preview.error
    assert apply_results(store, [preview]) == 2
    assert store.tracking.occurrence(monthly[0].id).description == "Tháng đầu"
    assert store.tracking.occurrence(monthly[1].id).description == "Tháng sau"
    moved = edit(paths[xa[0]], tmp / "doi-han.xlsx", {(first, 4): "15/12/2023"})
    refused(store, moved, f"dòng {first}, cột “Hạn”", "không khớp")
    twice = edit(paths[xa[0]], tmp / "lap.xlsx", {(second, c): load_workbook(paths[xa[0]])[SHEET].cell(first, c).value
                                                   for c in range(1, 6)})  # fmt: skip
    refused(store, twice, "cột “Hạn”", "lặp lại")


# -- 8. refusals, never tracebacks --------------------------------------------------------------------
META_CASES = {
    "no_period_end": lambda m: {k: v for k, v in m.items() if k != "period_end"},
    "period_end_not_iso": lambda m: {**m, "period_end": "14/09/2023"},
    "period_end_number": lambda m: {**m, "period_end": 20230914},
    "rows_null": lambda m: {**m, "rows": None},
    "rows_text": lambda m: {**m, "rows": "x"},
    "unit_id_list": lambda m: {**m, "unit_id": [1]},
    "unit_id_huge": lambda m: {**m, "unit_id": 2**70},
    "plan_id_dict": lambda m: {**m, "plan_id": {"a": 1}},
    "occurrence_list": lambda m: {
        **m,
        "rows": [{**m["rows"][0], "occurrence": [1]}, *m["rows"][1:]],
    },
    "occurrence_dict": lambda m: {
        **m,
        "rows": [{**m["rows"][0], "occurrence": {"a": 1}}, *m["rows"][1:]],
    },
    "indicators_nested": lambda m: {**m, "indicators": [["tin_bai"]]},
    "template_list": lambda m: {**m, "template": ["x"]},
    "deep_json": lambda m: "[" * 100_000 + "]" * 100_000,
    "deep_field": lambda m: json.dumps(m)[:-1] + ', "exported_at": ' + "[" * 900 + "]" * 900 + "}",
    "not_json": lambda m: "{ hỏng",
    "surrogates": lambda m: json.dumps(m)[:-1] + ', "office": "\\ud800"}',
    "old_template": lambda m: {**m, "template": "cchc-phieu-1"},
}


@pytest.mark.parametrize("case", list(META_CASES))
def test_a_broken_identification_sheet_is_a_refusal_not_a_traceback(office, case: str) -> None:
    """A missing or non-ISO ``period_end``, ``rows: null``, non-hashable or huge ids, deeply
    nested JSON, lone surrogates or an old unsigned template each give a Vietnamese refusal
    naming the file (no English exception text), and nothing is written."""
    store, xa, paths, tmp = office
    bad = edit(
        paths[xa[0]], tmp / f"{case}.xlsx", {(HEAD_ROW + 1, 6): "Hoàn thành"}, META_CASES[case]
    )
    error = refused(store, bad, f"sheet “{META}”")
    assert "lường trước" not in error, error


@pytest.mark.parametrize("column", [8, 9])
@pytest.mark.parametrize("kind", ["e", "b"])
def test_excel_errors_and_booleans_are_not_text(office, column: int, kind: str) -> None:
    """``#REF!`` (an Excel error) and TRUE/FALSE in “Kết quả thực hiện” or “Lý do” are refused
    with the cell, never taken as what the unit did."""
    store, xa, paths, tmp = office
    value = "#REF!" if kind == "e" else True
    bad = edit(paths[xa[0]], tmp / f"{kind}{column}.xlsx", {(HEAD_ROW + 1, column): value,
                                                            (HEAD_ROW + 1, 6): "Không thực hiện"})  # fmt: skip
    assert load_workbook(bad)[SHEET].cell(HEAD_ROW + 1, column).data_type == kind
    name = "Kết quả thực hiện" if column == 8 else "Lý do nếu không thực hiện"
    refused(store, bad, f"dòng {HEAD_ROW + 1}, cột “{name}”", "không phải nội dung")


@pytest.mark.parametrize(
    "kind", ["fifo", "folder", "device", "missing", "truncated", "symlink_loop"]
)
def test_things_named_xlsx_that_are_not_workbooks(office, kind: str) -> None:
    """A FIFO, a folder, a device or a missing file named .xlsx, or a truncated zip, is refused
    at once, naming the file (the path must be a regular file before it is opened)."""
    if (
        kind == "fifo"
        and not hasattr(os, "mkfifo")
        or kind == "device"
        and not Path("/dev/zero").exists()
    ):
        pytest.skip("needs a POSIX system")
    store, xa, paths, tmp = office
    path = tmp / f"{kind}.xlsx"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "symlink_loop":
        path.symlink_to(path)
    elif kind == "truncated":
        path.write_bytes(paths[xa[0]].read_bytes()[:3000])
    start = time.perf_counter()
    with time_limit(10):
        refused(store, path)
    assert time.perf_counter() - start < 5


def test_a_multi_file_drop_checks_every_file(qtbot, office, monkeypatch) -> None:
    """In the window, one file that fails (even with an error the program did not foresee)
    does not stop the checking of the others: each file gets its line."""
    from cchc_desktop.gui import import_dialog
    from cchc_desktop.gui.context import AppContext

    store, xa, paths, tmp = office
    real = import_dialog.preview_results

    def flaky(store, path):
        if path.name == "hong.xlsx":
            raise RuntimeError("boom")
        return real(store, path)

    monkeypatch.setattr(import_dialog, "preview_results", flaky)
    (tmp / "hong.xlsx").write_bytes(b"PK")
    dialog = import_dialog.ImportDialog(
        AppContext(store), [tmp / "hong.xlsx", paths[xa[0]], paths[xa[1]]]
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)  # checked off the GUI thread
    assert dialog.files.count() == 3
    assert "hong.xlsx" in dialog.files.item(0).text() and "boom" not in dialog.files.item(0).text()
    assert all(p.error is None for p in dialog.previews[1:])


# -- the fuzz round, bounded ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fuzz_office(tmp_path_factory):
    office = build_office(tmp_path_factory.mktemp("fuzz"))
    yield office
    office.store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_fuzzed_workbooks_are_refused_in_vietnamese_or_applied_whole(
    fuzz_office, seed: int
) -> None:
    """Any mutation of an exported workbook (numbers, #REF!/TRUE cells, sorted rows, edited
    identification, damaged zip, FIFO…) is either refused with a Vietnamese message naming the
    file and nothing written, or applied exactly as previewed, only to its own unit's rows,
    with finite figures; never a crash, a hang, a forged sheet accepted."""
    sample = mutate(random.Random(seed), fuzz_office)
    path = materialise(sample, fuzz_office.work, "phieu.xlsx")
    outcome = run_one(fuzz_office, sample, path, limit=15)
    assert not outcome.problems, (sample.ops, outcome.problems, outcome.message)
