"""Exported reports and plans, opened the way the receiving office opens them."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.demo import write_demo
from cchc_desktop.reports.exports import export_plan, export_report
from cchc_desktop.reports.safe import ExportError, atomic_write, pdf_text, safe_filename
from cchc_desktop.store.store import Store

TODAY = date(2023, 9, 18)
NFD_TEXT = unicodedata.normalize("NFD", "Tuyên truyền về dịch vụ công trực tuyến ở xã Đông Hưng")
FORMULA = '=SUM(A1:A9)+HYPERLINK("http://x")'
MARKUP = "Tờ rơi <b>in đậm</b> & <script>alert(1)</script> > 5"
LONG = "Nội dung rất dài về cải cách thủ tục hành chính. " * 70


def pdf_text_of(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    radio = s.org.add_unit("Đài Truyền thanh huyện", kind="media")
    xa = [s.org.add_unit(f"UBND xã {n}", kind="commune") for n in ("Đông Hưng", "Ân Tín")]
    g = s.org.add_group("UBND các xã, thị trấn", xa)
    pid = s.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023", number="25/KH-UBND",
                     issued_on=date(2023, 2, 21), legal_bases="Căn cứ Quyết định số 3524/QĐ-UBND;")  # fmt: skip
    sec = s.catalogue.add_section(pid, "Tuyên truyền chung")
    s.catalogue.add_task(pid, sec, NFD_TEXT, timeline="Quý II/2023", lead=[UnitRef("group", g)], product="Tin, bài",
               forms=["cong_ttdt"], targets={"tin_bai": 2})  # fmt: skip
    s.catalogue.add_task(
        pid, sec, FORMULA, timeline="Quý II/2023", lead=[UnitRef("unit", radio)], forms=["hoi_nghi"]
    )
    s.catalogue.add_task(pid, sec, MARKUP, timeline="Tháng 8/2023", lead=[UnitRef("unit", radio)])
    s.catalogue.add_task(pid, sec, LONG, timeline="Quý III/2023", lead=[UnitRef("unit", radio)])
    rows = s.tracking.occurrence_rows(pid)
    s.results.set_result(
        rows[0].id, "done", date(2023, 6, 20), description="-Đăng 3 tin", values={"tin_bai": 3}
    )
    s.results.set_result(
        rows[1].id, "done", date(2023, 7, 5), description="@Hội nghị", values={"tin_bai": 1}
    )
    s.results.set_result(rows[2].id, "not_done", reason="Thiếu kinh phí")
    s.settings.set_setting(
        "report_header", {"number": "118/BC-UBND", "signer_name": "Trịnh Văn Thắng"}
    )
    yield s
    s.close()


def test_periodic_report_in_three_formats(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    plan = store.catalogue.plans()[0]
    paths = export_report(
        store, plan.id, parse_period_code("2023-9M"), ["pdf", "xlsx", "docx"], out, TODAY
    )
    assert [p.suffix for p in paths] == [".pdf", ".xlsx", ".docx"]
    assert paths[0].name == "Báo cáo 118-BC-UBND - UBND huyện Vĩnh Lộc - 9 tháng năm 2023.pdf"

    text = pdf_text_of(paths[0])
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 118/BC-UBND",
                     "BÁO CÁO", "I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. NHIỆM VỤ TRỌNG TÂM",
                     "IV. ĐỀ XUẤT, KIẾN NGHỊ", "Phụ lục I", "Phụ lục II", "Vĩnh Lộc, ngày 18 tháng 9 năm 2023",
                     "Trịnh Văn Thắng", "Nơi nhận:", "UBND xã Đông Hưng", "Tiêu chí 4.1", "Tiêu chí 4.2",
                     "Tuyên truyền về dịch vụ công trực tuyến ở xã Đông Hưng", "<b>in đậm</b> & <script>"):  # fmt: skip
        assert expected in text, expected
    reader = PdfReader(str(paths[0]))
    assert len(reader.pages) > 2
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # A4 portrait
    assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height  # annex landscape

    wb = load_workbook(paths[1])
    assert wb.sheetnames == ["Báo cáo", "Phụ lục I", "Phụ lục II", "Dữ liệu"]
    ws = wb["Báo cáo"]
    assert (
        ws["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        and ws["A2"].value == "UBND HUYỆN VĨNH LỘC"
    )
    assert ws["A1"].font.name == "Times New Roman"
    annex = wb["Phụ lục I"]
    assert annex.page_setup.orientation == "landscape" and annex.page_setup.fitToWidth == 1
    assert annex.print_title_rows == "$5:$5" and annex.freeze_panes == "A6"
    cells = [c for row in annex.iter_rows() for c in row if c.value == FORMULA]
    assert cells and cells[0].data_type == "s"  # text, not a formula
    data = wb["Dữ liệu"]
    header = [c.value for c in data[1]]
    records = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in data.iter_rows(min_row=2)
    ]
    assert any(r["Kết quả"] == "-Đăng 3 tin" for r in records)  # a leading "-" stays text
    # numbers equal a recount from the database
    raw = store.db.execute(
        "SELECT COUNT(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id AND a.active "
        "WHERE o.due BETWEEN '2023-01-01' AND '2023-09-30'").fetchone()[0]  # fmt: skip
    assert len(records) == raw
    assert sum(r["Tin, bài"] or 0 for r in records) == 4
    units = wb["Phụ lục II"]
    unit_rows = [[c.value for c in row] for row in units.iter_rows(min_row=6) if row[1].value]
    assert unit_rows[-1][1] == "Tổng cộng"
    assert sum(int(r[2]) for r in unit_rows[:-1]) == int(unit_rows[-1][2])  # lead shares only

    doc = Document(str(paths[2]))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body and "IV. ĐỀ XUẤT, KIẾN NGHỊ" in body
    annex_table = doc.tables[-2]
    assert annex_table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    all_cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "Tuyên truyền về dịch vụ công trực tuyến ở xã Đông Hưng" in all_cells


def test_plan_document_in_three_formats(store: Store, tmp_path: Path) -> None:
    plan = store.catalogue.plans()[0]
    paths = export_plan(store, plan.id, ["pdf", "xlsx", "docx"], tmp_path)
    assert paths[0].name == "Kế hoạch 25-KH-UBND - Tuyên truyền cải cách hành chính năm 2023.pdf"
    text = pdf_text_of(paths[0])
    for expected in ("KẾ HOẠCH", "Số: 25/KH-UBND", "Vĩnh Lộc, ngày 21 tháng 02 năm 2023", "I. MỤC ĐÍCH, YÊU CẦU",
                     "Căn cứ Quyết định số 3524/QĐ-UBND", "DANH MỤC NHIỆM VỤ", "I. Tuyên truyền chung",
                     "UBND các xã, thị trấn", FORMULA):  # fmt: skip
        assert expected in text, expected
    wb = load_workbook(paths[1])
    assert wb.sheetnames == ["Kế hoạch", "Phụ lục"]
    values = [c.value for row in wb["Phụ lục"].iter_rows() for c in row]
    assert "I. Tuyên truyền chung" in values and FORMULA in values
    doc = Document(str(paths[2]))
    assert any("KẾ HOẠCH" in p.text for p in doc.paragraphs)


def test_export_to_a_missing_or_read_only_folder_leaves_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = store.catalogue.plans()[0]
    with pytest.raises(ExportError, match="không tồn tại"):
        export_plan(store, plan.id, ["pdf"], tmp_path / "rut-usb")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(
            ro, os.W_OK
        ):  # root writes anywhere: make the folder refuse like a locked stick
            import cchc_desktop.reports.safe as safe

            def refuse(*_a, **_k):
                raise PermissionError(errno.EROFS, "Read-only file system")

            monkeypatch.setattr(safe.tempfile, "mkstemp", refuse)
        before = store.db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
        with pytest.raises(ExportError, match="không có quyền ghi"):
            export_plan(store, plan.id, ["xlsx"], ro)
        assert list(ro.iterdir()) == []
        assert store.db.execute("SELECT COUNT(*) FROM history").fetchone()[0] == before
    finally:
        ro.chmod(0o700)


def test_an_xlsx_export_failing_part_way_leaves_no_temporary_files(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl streams each sheet into a file in the temp folder; a failure must not leave
    them there until the program exits."""
    import tempfile

    import cchc_desktop.reports.document_office as office

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    real = office._table_sheet
    calls = []

    def fail_on_second_annex(*args, **kwargs) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(*args, **kwargs)

    monkeypatch.setattr(office, "_table_sheet", fail_on_second_annex)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match="ổ đĩa đầy"):
        export_report(
            store, store.catalogue.plans()[0].id, parse_period_code("2023-Q3"), ["xlsx"], out
        )
    assert len(calls) == 2  # the export really stopped part-way, with sheets being streamed
    assert list(temp.iterdir()) == [] and list(out.iterdir()) == []


def test_atomic_write_failures(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.pdf"
    target.write_bytes(b"old")

    def boom(tmp: Path) -> None:
        tmp.write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="ổ đĩa đầy"):
        atomic_write(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.pdf"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_safe_filename_is_valid_on_windows(title: str) -> None:
    name = safe_filename(title, "pdf")
    stem = name[:-4]
    assert name.endswith(".pdf") and stem and len(name) <= 155
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f]', name)
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert not stem.endswith((" ", "."))


def test_safe_filename_examples() -> None:
    assert safe_filename("Kế hoạch 25/KH-UBND", "xlsx") == "Kế hoạch 25-KH-UBND.xlsx"
    assert safe_filename("CON", "pdf") == "_CON.pdf"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_safe_in_a_pdf_paragraph(text: str) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    Paragraph(pdf_text(text), getSampleStyleSheet()["Normal"]).wrap(400, 800)


def test_demo_year_report_from_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    write_demo(tmp_path / "d", 2023, today=date(2023, 11, 24))
    out = tmp_path / "out"
    out.mkdir()
    run = subprocess.run([sys.executable, "-m", "cchc_desktop", "export", "report", "--data-dir", str(tmp_path / "d"),
                          "--period", "2023-Q3", "--format", "xlsx", "--out", str(out)], capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert [p.suffix for p in out.iterdir()] == [".xlsx"]
    bad = subprocess.run([sys.executable, "-m", "cchc_desktop", "export", "plan", "--data-dir", str(tmp_path / "d"),
                          "--year", "2030", "--out", str(out)], capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 2 and "Không có kế hoạch năm 2030" in bad.stderr


def test_custom_date_range_report_from_the_command_line(store: Store, tmp_path: Path) -> None:
    from cchc_desktop.cli import main

    out = tmp_path / "custom"
    out.mkdir()
    store.close()
    data_dir = str(tmp_path / "data")
    assert main(["export", "report", "--data-dir", data_dir, "--period", "2023-06-01..2023-07-31",
                 "--format", "pdf", "--out", str(out)]) == 0  # fmt: skip
    text = pdf_text_of(next(out.iterdir()))
    assert "Từ 01/06/2023 đến 31/07/2023" in text or "từ 01/06/2023 đến 31/07/2023" in text
    assert main(["export", "report", "--data-dir", data_dir, "--period", "2023-07-31..2023-06-01",
                 "--format", "pdf", "--out", str(out)]) == 2  # fmt: skip
    store.__init__(
        Store.open(tmp_path / "data" / "cchc.sqlite3").db, tmp_path / "data" / "cchc.sqlite3"
    )


def test_score_rules_from_settings_change_the_report(store: Store, tmp_path: Path) -> None:
    from cchc_desktop.reports.periodic import build_report

    plan = store.catalogue.plans()[0]
    store.settings.set_setting("score_rules", {"criteria": [{"code": "X", "name": "Chỉ một tiêu chí", "type": "completion",
                                                    "max": 3, "min_rate": 0.5}]})  # fmt: skip
    report = build_report(store, plan.id, parse_period_code("2023-9M"), TODAY)
    assert [s.code for s in report.scores] == ["X"] and report.scores[0].max_points == 3
