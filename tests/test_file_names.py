"""Generated files on a Windows office PC: every name fits, stays unique, and a file held open
by Excel or Word is named as such.

Rules checked here:
- Every generated file name (report, plan, unit sheets, .eml draft) fits so that a folder of
  100 characters plus the name stays within Excel's 218-character path limit; a long name
  keeps its meaningful start (kind and number), the office or unit, the period and the
  extension, and loses middle words (marked “…”).
- Names stay unique in a batch: 68 units with long names that differ only in the middle give
  68 different sheets.
- Windows' sharing violation (winerror 32 / 33), or a permission error while replacing an
  existing file, means the file is open in another program: the message says so (not “không
  có quyền ghi”), and the report screen offers to retry or to save under another name.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.reports import safe
from cchc_desktop.reports.safe import (
    ELLIPSIS,
    FOLDER_BUDGET,
    NAME_BUDGET,
    PATH_LIMIT,
    ExportError,
    atomic_write,
    in_use_message,
    name_length,
    safe_filename,
)
from cchc_desktop.store.store import Store

FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
WORDS = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), min_size=1, max_size=12)
LONG_NAME = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
KINDS = ["Báo cáo 118/BC-UBND", "Kế hoạch 25/KH-UBND", "Phiếu giao nhiệm vụ", "Thư gửi"]
PERIODS = ["Quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "Năm 2024"]
FOLDER = "C:\\Users\\" + "x" * (FOLDER_BUDGET - len("C:\\Users\\"))  # a 100-character folder


def fits(name: str) -> bool:
    return name_length(FOLDER) + 1 + name_length(name) <= PATH_LIMIT


def test_budget_is_excels_limit_less_a_100_character_folder() -> None:
    assert (PATH_LIMIT, FOLDER_BUDGET, NAME_BUDGET) == (218, 100, 117)
    assert len(FOLDER) == 100


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(KINDS), office=LONG_NAME, period=st.sampled_from(PERIODS),
       ext=st.sampled_from(["pdf", "xlsx", "docx", "eml"]), dash=st.sampled_from([" - ", " – "]))  # fmt: skip
def test_a_long_vietnamese_name_fits_and_keeps_its_meaningful_parts(
    kind: str, office: str, period: str, ext: str, dash: str
) -> None:
    name = safe_filename(dash.join([kind, office, period]), ext)
    assert fits(name) and name_length(name) <= NAME_BUDGET
    assert name.startswith(kind.replace("/", "-"))
    assert name.endswith(f"{dash}{period}.{ext}")
    assert not FORBIDDEN.search(name)
    short = dash.join([kind, office, period])
    if name_length(short) + len(ext) + 1 <= NAME_BUDGET:
        assert name == f"{short.replace('/', '-')}.{ext}"  # short names are left alone
    else:
        assert ELLIPSIS in name or "UBND" in name or "CCHC" in name


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_title_gives_a_name_within_the_budget(title: str) -> None:
    name = safe_filename(title, "xlsx")
    stem = name[: -len(".xlsx")]
    assert name.endswith(".xlsx") and stem and fits(name)
    assert not FORBIDDEN.search(name) and not stem.endswith((" ", "."))


def test_office_words_are_abbreviated_before_any_cut() -> None:
    title = ("Báo cáo 118/BC-UBND - Ủy ban nhân dân xã Quảng Phú Cầu huyện Ứng Hòa thành phố "
             "Hà Nội về tuyên truyền cải cách hành chính - 6 tháng đầu năm 2024")  # fmt: skip
    assert len(title) + len(".xlsx") > NAME_BUDGET
    name = safe_filename(title, "xlsx")
    assert name == ("Báo cáo 118-BC-UBND - UBND xã Quảng Phú Cầu huyện Ứng Hòa TP Hà Nội về "
                    "tuyên truyền CCHC - 6 tháng đầu năm 2024.xlsx")  # fmt: skip
    assert fits(name)


def test_names_already_taken_in_a_batch_get_a_number() -> None:
    taken: set[str] = set()
    names = [safe_filename("Phiếu " + "rất dài " * 30, "pdf", taken=taken) for _ in range(3)]
    assert len(set(names)) == 3 and all(fits(n) for n in names)
    assert names[1].endswith(" (2).pdf") and names[2].endswith(" (3).pdf")
    assert safe_filename("Báo cáo", "PDF", taken={"báo cáo.pdf"}) == "Báo cáo (2).PDF"


@pytest.fixture
def big_office(tmp_path: Path):
    """68 units whose long names differ only in the middle (the cut falls there)."""
    s = Store.open(tmp_path / "data" / "cchc.sqlite3")
    s.org.set_office(Office("Ủy ban nhân dân huyện Quảng Xương tỉnh Thanh Hóa", "UBND tỉnh Thanh Hóa",
                        "Quảng Xương", "Lê Thu"))  # fmt: skip
    names = [
        f"Trung tâm Văn hóa, Thông tin và Thể thao {kind} số {i} trực thuộc Ủy ban nhân dân "
        "huyện Quảng Xương tỉnh Thanh Hóa"
        for i in range(1, 35)
        for kind in ("cơ sở", "liên xã")
    ]
    ids = [s.org.add_unit(n, kind="commune") for n in names]
    g = s.org.add_group("Các trung tâm", ids)
    pid = s.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    s.catalogue.add_task(pid, None, "Phát thanh chuyên mục cải cách hành chính", timeline="Tháng 8/2023",
               lead=[UnitRef("group", g)])  # fmt: skip
    yield s, pid
    s.close()


def test_a_68_unit_batch_of_sheets_has_68_short_unique_names(big_office, tmp_path: Path) -> None:
    from cchc_desktop.exchange.unit_sheets import export_unit_sheets

    store, pid = big_office
    period = parse_period_code("2023-Q3")
    out = tmp_path / "phieu"
    out.mkdir()
    paths = export_unit_sheets(store, pid, period, out, with_pdf=False)
    names = [p.name for p in paths]
    assert len(names) == 68 and len({n.casefold() for n in names}) == 68
    assert all(fits(n) and p.is_file() for n, p in zip(names, paths, strict=True))
    assert all(n.startswith("Phiếu giao nhiệm vụ – ") and n.endswith(f" – {period.name}.xlsx")
               for n in names)  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    # what tells the units apart survives the cut; no name needed a number in brackets
    assert not [n for n in names if " (2)" in n]
    assert {n.split(" – ")[1] for n in names} >= {
        "Trung tâm Văn hóa, Thông tin và Thể thao cơ sở số 12 …",
        "Trung tâm Văn hóa, Thông tin và Thể thao liên xã số 12 …",
    }


def test_a_units_pdf_beside_its_sheet_fits_too(big_office, tmp_path: Path) -> None:
    from cchc_desktop.exchange.unit_sheets import export_unit_sheets

    store, pid = big_office
    unit = store.org.units()[0].id
    paths = export_unit_sheets(store, pid, parse_period_code("2023-Q3"), tmp_path, [unit])
    assert sorted(p.suffix for p in paths) == [".pdf", ".xlsx"]
    assert paths[0].stem == paths[1].stem and all(fits(p.name) for p in paths)


def test_report_plan_and_mail_names_fit(big_office, tmp_path: Path) -> None:
    from cchc_desktop.reports.exports import export_plan, export_report
    from cchc_desktop.reports.mail import report_mail_text, write_eml

    store, pid = big_office
    store.settings.set_setting("report_header", {"number": "118/BC-UBND"})
    store.db.execute("UPDATE plans SET title = ? WHERE id = ?",
                     ["Kế hoạch tuyên truyền cải cách hành chính, chuyển đổi số và xây dựng chính "
                      "quyền điện tử trên địa bàn huyện Quảng Xương tỉnh Thanh Hóa năm 2023", pid])  # fmt: skip
    files = export_report(store, pid, parse_period_code("2023-Q3"), ["pdf", "xlsx"], tmp_path,
                          date(2023, 9, 18))  # fmt: skip
    files += export_plan(store, pid, ["docx"], tmp_path)
    subject, body = report_mail_text(store.org.office().name, "kết quả thực hiện công tác tuyên "
                                     "truyền cải cách hành chính quý III năm 2023", "118/BC-UBND")  # fmt: skip
    files.append(write_eml(tmp_path, subject, body, files[:1]))
    assert [p.suffix for p in files] == [".pdf", ".xlsx", ".docx", ".eml"]
    assert all(fits(p.name) for p in files), [p.name for p in files]
    assert files[0].name.startswith("Báo cáo 118-BC-UBND - ") and "Quý III" in files[0].name
    assert files[2].name.startswith("Kế hoạch ")


# -- a file open in Excel or Word -------------------------------------------------------------
def _sharing_violation(winerror: int) -> OSError:
    exc = PermissionError(13, "The process cannot access the file because it is being used by "
                              "another process")  # fmt: skip
    exc.winerror = winerror  # what Windows sets; absent on other systems
    return exc


@pytest.mark.parametrize("winerror", [32, 33])
def test_a_sharing_violation_says_the_file_is_open_elsewhere(tmp_path: Path, winerror: int) -> None:
    target = tmp_path / "Báo cáo quý III.xlsx"

    def writer(_tmp: Path) -> None:
        raise _sharing_violation(winerror)

    with pytest.raises(ExportError) as caught:
        atomic_write(target, writer)
    message = str(caught.value)
    assert message == (
        "Tệp “Báo cáo quý III.xlsx” đang mở trong chương trình khác (Excel, Word…): hãy đóng tệp "
        "rồi thử lại, hoặc lưu với tên khác."
    )
    assert message == in_use_message(target) and caught.value.in_use
    assert "quyền ghi" not in message and message.endswith("hoặc lưu với tên khác.")
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_a_set_of_files_with_one_open_in_excel_names_it(tmp_path: Path, monkeypatch) -> None:
    """A report's PDF, Excel and Word files are written as one set: when the Excel file is open,
    moving it aside fails, and the message names that file as open elsewhere."""
    from cchc_desktop.reports.safe import one_batch

    held = tmp_path / "Báo cáo.xlsx"
    held.write_bytes(b"old")
    real_replace = os.replace

    def replace(src, dst):
        if Path(src) == held:
            raise _sharing_violation(32)
        return real_replace(src, dst)

    monkeypatch.setattr(safe.os, "replace", replace)
    in_use = "“Báo cáo.xlsx” đang mở trong chương trình khác"
    with pytest.raises(ExportError, match=in_use) as caught, one_batch():
        atomic_write(tmp_path / "Báo cáo.pdf", lambda t: t.write_bytes(b"%PDF"))
        atomic_write(held, lambda t: t.write_bytes(b"new"))
    assert caught.value.in_use and held.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "Báo cáo.xlsx"
    ]


def test_replacing_a_file_excel_holds_open_is_named_so(tmp_path: Path, monkeypatch) -> None:
    """Windows refuses to replace a file Excel holds open with “access denied” (no winerror 32):
    a permission error while replacing an existing file is the same case."""
    target = tmp_path / "bao-cao.xlsx"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(safe.os, "replace", refuse)
    with pytest.raises(ExportError, match="đang mở trong chương trình khác") as caught:
        atomic_write(target, lambda t: t.write_bytes(b"new"))
    assert caught.value.in_use and target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.xlsx"]


def test_a_read_only_folder_is_still_a_permission_problem(tmp_path: Path, monkeypatch) -> None:
    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safe.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="không có quyền ghi") as caught:
        atomic_write(tmp_path / "moi.xlsx", lambda t: t.write_bytes(b"x"))
    assert not caught.value.in_use


def test_the_report_screen_offers_retry_and_another_name(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """“Thử lại” runs the same export again; “Lưu với tên khác…” runs it under the name given."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from cchc_desktop.gui import handoff

    message = in_use_message(tmp_path / "Báo cáo.pdf")
    for label, expected in (("Thử lại", (tmp_path, None)),
                            ("Lưu với tên khác…", (tmp_path / "khac", "Báo cáo bản 2")),
                            ("Đóng", None)):  # fmt: skip

        def click(box, label=label):
            next(b for b in box.buttons() if b.text() == label).click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", click)
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_a, **_k: (str(tmp_path / "khac" / "Báo cáo bản 2.pdf"), ""))  # fmt: skip
        assert handoff.after_failed_export(None, message, tmp_path) == expected

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert handoff.after_failed_export(None, "Không ghi được tệp X: ổ đĩa đầy.", tmp_path) is None
    assert shown == ["Không ghi được tệp X: ổ đĩa đầy."]


def test_the_report_screens_failure_runs_the_export_again(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from cchc_desktop.gui import handoff
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.report_view import ReportScreen

    store = Store.open(tmp_path / "cchc.sqlite3")
    store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    screen = ReportScreen(AppContext(store), today=date(2023, 9, 20))
    qtbot.addWidget(screen)
    calls: list[tuple] = []
    screen._again = (lambda f, b: calls.append((f, b)), tmp_path)
    monkeypatch.setattr(handoff, "after_failed_export", lambda _p, m, folder: (folder, "Tên khác"))
    screen._failed(in_use_message(tmp_path / "a.pdf"))
    assert calls == [(tmp_path, "Tên khác")] and screen._again is None
    store.close()


def test_no_windows_limit_on_this_system_hides_a_long_name(tmp_path: Path) -> None:
    """Sanity: the names are short for their own sake, not because this system refused them."""
    deep = tmp_path / ("ư" * 90)
    deep.mkdir()
    path = atomic_write(deep / safe_filename("Phiếu " * 60, "xlsx"), lambda t: t.write_bytes(b"x"))
    assert path.exists() and len(path.name) <= NAME_BUDGET
    assert os.path.getsize(path) == 1
