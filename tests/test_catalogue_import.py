"""Importing a province's annex table from Word and Excel, with the quirks real annexes have."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from cchc_desktop.demo import write_demo
from cchc_desktop.exchange.catalogue import (
    CatalogueError,
    apply_catalogue,
    draft_catalogue,
    match_units,
)
from cchc_desktop.store.store import Store

HEADER = [
    "STT",
    "NỘI DUNG CÔNG VIỆC",
    "ĐƠN VỊ THỰC HIỆN",
    "ĐƠN VỊ PHỐI HỢP",
    "SẢN PHẨM DỰ KIẾN",
    "THỜI GIAN THỰC HIỆN",
]
ROWS = [
    ["I. Truyền thông về vai trò, ý nghĩa của cải cách thủ tục hành chính", "", "", "", "", ""],
    ["1", "Phối hợp với Ủy ban MTTQ giám sát việc giải quyết TTHC", "Văn phòng HĐND và UBND huyện", "Ủy ban MTTQ Việt Nam huyện",
     "Kết quả giám sát", "Thường xuyên"],
    ["2", "Viết tin, bài về cách làm hay trong cải cách TTHC của", "- UBND các xã, thị trấn\n- Đài Truyền thanh huyện",
     "Phòng VH-TT", "Tin, bài", "Hằng quý"],
    HEADER,  # the header repeated on the next page
    ["", "đơn vị, địa phương để người dân biết và thực hiện", "", "", "", ""],  # the rest of row 2
    ["II. Truyền thông hỗ trợ hoạt động cải cách", "", "", "", "", ""],
    ["II.1. Nhóm nhiệm vụ về một cửa", "", "", "", "", ""],
    ["1", "Xây dựng video clip hướng dẫn nộp hồ sơ trực tuyến", "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
     "Sở Thông tin và Truyền thông; Bưu điện tỉnh", "Video clip", "01 lần/Quý"],
    ["2", "Tổ chức hội thi tìm hiểu cải cách hành chính", "Phòng Nội vụ", "Các phòng, ban chuyên môn", "Hội thi",
     "Theo lộ trình chung của tỉnh"],
]  # fmt: skip


def make_docx(path: Path, rows: list[list[str]]) -> Path:
    doc = Document()
    doc.add_paragraph("Phụ lục: Danh mục nhiệm vụ")
    table = doc.add_table(rows=0, cols=6)
    for r in [HEADER, *rows]:
        cells = table.add_row().cells
        if r[0].startswith(("I.", "II")) and not any(r[1:]):
            merged = cells[0].merge(cells[5])  # section rows span the table
            merged.text = r[0]
            continue
        for c, v in zip(cells, r, strict=True):
            c.text = v
    doc.save(path)
    return path


def make_xlsx(path: Path, rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["KẾ HOẠCH TRUYỀN THÔNG NĂM 2023"])
    ws.append([])
    for r in [HEADER, *rows]:
        ws.append(r)
        if r[0].startswith(("I.", "II")) and not any(r[1:]):
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
    wb.save(path)
    return path


@pytest.fixture
def store(tmp_path: Path):
    write_demo(tmp_path / "d", 2023)
    s = Store.open(tmp_path / "d" / "cchc.sqlite3")
    yield s
    s.close()


@pytest.mark.parametrize("maker", [make_docx, make_xlsx], ids=["docx", "xlsx"])
def test_annex_with_repeated_headers_split_rows_and_sections(
    store: Store, tmp_path: Path, maker
) -> None:
    path = maker(tmp_path / f"phu-luc.{'docx' if maker is make_docx else 'xlsx'}", ROWS)
    draft = draft_catalogue(store, path, 2023)
    assert [s.number for s in draft.sections] == ["I", "II", "II.1"]
    assert draft.task_count == 4
    t2 = draft.sections[0].tasks[1]
    assert t2.content.endswith(
        "của đơn vị, địa phương để người dân biết và thực hiện"
    )  # split row joined
    assert t2.lead == ["UBND các xã, thị trấn", "Đài Truyền thanh huyện"]  # bullets split
    summary = draft.summary()
    assert summary["timelines_unread"] == 1 and summary["units_new"] >= 2
    matched = {n: r.name for n, r in draft.matches.items() if r}
    assert matched["Phòng VH-TT"] == "Phòng Văn hóa - Thông tin"  # an abbreviation
    assert matched["UBND các xã, thị trấn"] == "UBND các xã, thị trấn"  # a group
    assert draft.proposals["Sở Thông tin và Truyền thông"] == "unit:department"

    plan_id = store.catalogue.add_plan(2024, "Kế hoạch nhận danh mục")
    created = apply_catalogue(store, draft, plan_id)
    assert created["sections"] == 3 and created["tasks"] == 4
    sections = store.catalogue.sections(plan_id)
    sub = next(s for s in sections if s.title.startswith("Nhóm nhiệm vụ"))
    assert next(s for s in sections if s.id == sub.parent_id).title.startswith(
        "Truyền thông hỗ trợ"
    )
    task = next(t for t in store.catalogue.tasks(plan_id) if t.content.startswith("Viết tin"))
    assert [r.kind for r in task.lead] == ["group", "unit"]
    assert len(store.tracking.assignments(task.id)) > 20  # the group fanned out to every commune
    store.undo()  # one action: the whole import goes
    assert store.catalogue.tasks(plan_id) == []


def test_command_line_json_summary(tmp_path: Path) -> None:
    write_demo(tmp_path / "d", 2023)
    path = make_docx(tmp_path / "pl.docx", ROWS)
    run = subprocess.run([sys.executable, "-m", "cchc_desktop", "import", "catalogue", str(path), "--plan-year", "2023",
                          "--dry-run", "--json", "--data-dir", str(tmp_path / "d")], capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert {k: summary[k] for k in ("sections", "tasks", "timelines_unread")} == {
        "sections": 3,
        "tasks": 4,
        "timelines_unread": 1,
    }
    assert summary["units_matched"] >= 4 and summary["units_new"] >= 2


def test_not_a_catalogue(store: Store, tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Không có bảng nào")
    doc.save(tmp_path / "x.docx")
    with pytest.raises(CatalogueError, match="không tìm thấy bảng"):
        draft_catalogue(store, tmp_path / "x.docx", 2023)
    (tmp_path / "y.pdf").write_bytes(b"%PDF")
    with pytest.raises(CatalogueError, match="chỉ đọc được"):
        draft_catalogue(store, tmp_path / "y.pdf", 2023)


def test_unit_matching_tolerates_diacritics_and_abbreviations(store: Store) -> None:
    matches, proposals = match_units(store, ["Phong Noi vu", "UBND xã Đông Hưng", "Ủy ban nhân dân xã Ân Tín", "Các xã, thị trấn",
                                             "Hội Cựu chiến binh huyện"])  # fmt: skip
    assert matches["Phong Noi vu"].name == "Phòng Nội vụ"
    assert matches["UBND xã Đông Hưng"].name == "UBND xã Đông Hưng"
    assert matches["Ủy ban nhân dân xã Ân Tín"].name == "UBND xã Ân Tín"
    assert matches["Các xã, thị trấn"].name == "UBND các xã, thị trấn"
    assert (
        matches["Hội Cựu chiến binh huyện"] is None
        and proposals["Hội Cựu chiến binh huyện"] == "unit:mass_org"
    )


def test_legacy_tcvn3_docx_and_vni_xlsx(store: Store, tmp_path: Path) -> None:
    from openpyxl.styles import Font

    doc = Document()
    table = doc.add_table(rows=0, cols=6)
    legacy = [
        [
            "STT",
            "Néi dung c«ng viÖc",
            "§¬n vÞ thùc hiÖn",
            "§¬n vÞ phèi hîp",
            "S¶n phÈm",
            "Thêi gian thùc hiÖn",
        ],
        [
            "1",
            "Tuyªn truyÒn vÒ dÞch vô c«ng trùc tuyÕn",
            "Phßng Néi vô",
            "§µi TruyÒn thanh huyÖn",
            "Tin, bµi",
            "H»ng quý",
        ],
    ]
    for r in legacy:
        cells = table.add_row().cells
        for c, v in zip(cells, r, strict=True):
            run = c.paragraphs[0].add_run(v)
            run.font.name = ".VnTime"
    doc.save(tmp_path / "tcvn3.docx")
    draft = draft_catalogue(store, tmp_path / "tcvn3.docx", 2023)
    task = draft.loose_tasks[0]
    assert task.content == "Tuyên truyền về dịch vụ công trực tuyến"
    assert draft.matches["Phòng Nội vụ"].name == "Phòng Nội vụ"
    assert task.timeline == "Hằng quý" and not draft.unread

    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "STT",
            "Noäi dung coâng vieäc",
            "Ñôn vò thöïc hieän",
            "Ñôn vò phoái hôïp",
            "Saûn phaåm",
            "Thôøi gian thöïc hieän",
        ]
    )
    ws.append(
        ["1", "Toå chöùc hoäi nghò ñoái thoaïi", "Phoøng Noäi vuï", "", "Hoäi nghò", "Quyù II/2023"]
    )
    for row in ws.iter_rows():
        for c in row:
            c.font = Font(name="VNI-Times")
    wb.save(tmp_path / "vni.xlsx")
    draft = draft_catalogue(store, tmp_path / "vni.xlsx", 2023)
    task = draft.loose_tasks[0]
    assert task.content == "Tổ chức hội nghị đối thoại" and task.timeline == "Quý II/2023"
    assert draft.matches["Phòng Nội vụ"].name == "Phòng Nội vụ"


def test_catalogue_import_dialog_maps_columns_and_creates(
    qtbot, store: Store, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui.catalogue_view import CatalogueScreen
    from cchc_desktop.gui.context import AppContext

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    ctx = AppContext(store)
    screen = CatalogueScreen(ctx)
    qtbot.addWidget(screen)
    path = make_xlsx(tmp_path / "pl.xlsx", ROWS)
    before = len(store.catalogue.tasks(ctx.plan_id))
    dialog = screen.import_catalogue(path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)  # read off the GUI thread
    assert dialog.mapping["timeline"].currentText() == "THỜI GIAN THỰC HIỆN"
    assert dialog.tree.topLevelItemCount() == 2 and "4 nhiệm vụ" in dialog.summary.text()
    # the user swaps the product and timeline columns: the preview follows
    dialog.mapping["product"].setCurrentIndex(dialog.mapping["product"].findData(5))
    dialog.mapping["timeline"].setCurrentIndex(dialog.mapping["timeline"].findData(4))
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert dialog.draft.sections[0].tasks[0].timeline == "Kết quả giám sát"
    dialog.mapping["product"].setCurrentIndex(dialog.mapping["product"].findData(4))
    dialog.mapping["timeline"].setCurrentIndex(dialog.mapping["timeline"].findData(5))
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    dialog.apply()
    assert len(store.catalogue.tasks(ctx.plan_id)) == before + 4
