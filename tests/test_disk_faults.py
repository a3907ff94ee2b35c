"""Full disks, missing folders and long names: every failure is a Vietnamese refusal that
leaves nothing half done (no import without its backup, no folder made for a missing USB
stick, no report or unit-sheet batch left in part)."""

from __future__ import annotations

import errno
import hashlib
import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc_desktop import cli
from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.exchange import unit_sheets
from cchc_desktop.exchange.unit_sheets import HEAD_ROW, SHEET, export_unit_sheets, preview_results
from cchc_desktop.reports import exports
from cchc_desktop.reports.exports import export_plan
from cchc_desktop.reports.safe import ExportError, atomic_write
from cchc_desktop.store import backup as bk
from cchc_desktop.store.backup import backups_dir, list_backups, make_backup
from cchc_desktop.store.store import Store

PERIOD = parse_period_code("2023-Q3")


def dump(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def make_office(folder: Path, title: str = "Tuyên truyền CCHC năm 2023", units: int = 2) -> Path:
    """An office with communes, one task for them in 2023-Q3; returns the database path."""
    s = Store.open(folder / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    names = ["UBND xã Đông Hưng", "UBND xã Ân Tín", "UBND xã Vĩnh Hòa"][:units]
    xa = [s.org.add_unit(n, kind="commune") for n in names]
    g = s.org.add_group("UBND các xã, thị trấn", xa)
    pid = s.catalogue.add_plan(2023, title)
    s.catalogue.add_task(pid, None, "Niêm yết công khai thủ tục hành chính", timeline="Tháng 7/2023",
               lead=[UnitRef("group", g)])  # fmt: skip
    s.close()
    return folder / "cchc.sqlite3"


@pytest.fixture
def returned(tmp_path: Path) -> tuple[Path, Path]:
    """(data folder, a unit's sheet filled and sent back)."""
    data = tmp_path / "dữ liệu"
    db = make_office(data)
    s = Store.open(db)
    out = tmp_path / "gửi"
    out.mkdir()
    sheet = next(
        p
        for p in export_unit_sheets(s, s.catalogue.plans()[0].id, PERIOD, out)
        if p.suffix == ".xlsx"
    )
    s.close()
    wb = load_workbook(sheet)
    ws = wb[SHEET]
    ws.cell(row=HEAD_ROW + 1, column=6).value = "Hoàn thành"
    ws.cell(row=HEAD_ROW + 1, column=7).value = date(2023, 7, 20)
    ws.cell(row=HEAD_ROW + 1, column=8).value = "Đã niêm yết"
    filled = tmp_path / "trả về.xlsx"
    wb.save(filled)
    return data, filled


# -- (a) the backup before an import fails: refused, nothing imported --------------------------
def test_results_import_on_a_full_disk_is_refused_on_the_command_line(
    returned: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rule: when the backup made before an import cannot be written (disk full), the
    command says so in Vietnamese (no BackupError traceback) and imports nothing."""
    data, filled = returned
    before = dump(data / "cchc.sqlite3")
    monkeypatch.setattr(bk, "_online_copy", lambda src, dst: no_space())
    code = cli.main(["import", "results", "--data-dir", str(data), str(filled)])
    err = capsys.readouterr().err
    assert code != 0 and "ổ đĩa đã đầy" in err and "Traceback" not in err, err
    assert dump(data / "cchc.sqlite3") == before


def test_results_import_on_a_full_disk_is_refused_in_the_window(
    qtbot, returned: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule: the import window shows the same refusal and writes nothing."""
    from PySide6.QtWidgets import QMessageBox

    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.import_dialog import ImportDialog

    data, filled = returned
    store = Store.open(data / "cchc.sqlite3")
    ctx = AppContext(store)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog = ImportDialog(ctx, [filled])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)  # checked off the GUI thread
    assert preview_results(store, filled).error is None
    monkeypatch.setattr(bk, "_online_copy", lambda src, dst: no_space())
    with qtbot.waitSignal(dialog.applied, timeout=20000) as written:
        dialog.apply()  # the backup first, off the GUI thread: it finds the disk full
    assert written.args == [0]
    assert said and "ổ đĩa đã đầy" in said[0]
    assert store.db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 0
    store.close()


def test_database_import_on_a_full_disk_is_refused_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rule: ``import database`` whose safety backup cannot be written is refused in
    Vietnamese; the current data stays, no temporary file is left."""
    data = tmp_path / "dữ liệu"
    make_office(data)
    other = make_office(tmp_path / "máy khác", "Kế hoạch của máy khác")
    carried = make_backup(other, tmp_path / "chuyển.sqlite3", "thucong").path
    before = dump(data / "cchc.sqlite3")
    monkeypatch.setattr(bk, "_online_copy", lambda src, dst: no_space())
    code = cli.main(["import", "database", "--data-dir", str(data), str(carried)])
    err = capsys.readouterr().err
    assert code == 2 and "ổ đĩa đã đầy" in err, err
    assert dump(data / "cchc.sqlite3") == before
    assert not [p for p in data.iterdir() if p.name.startswith(".")]


def test_database_import_on_a_full_disk_is_refused_in_the_settings_screen(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule: “Nhận dữ liệu từ tệp” in Cài đặt → Sao lưu, when the backup of the current data
    fails, shows the Vietnamese refusal and reopens the current data unchanged."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cchc_desktop.gui import app
    from cchc_desktop.gui.main_window import MainWindow

    data = tmp_path / "dữ liệu"
    make_office(data)
    other = make_office(tmp_path / "máy khác", "Kế hoạch của máy khác")
    carried = make_backup(other, tmp_path / "chuyển.sqlite3", "thucong").path
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(bk, "_online_copy", lambda src, dst: no_space())
    windows: list = []

    class Running:  # the event loop, replaced by what the user does in it
        def exec(self) -> int:
            window = next(
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()
            )
            windows.append(window)
            window.show_screen("cai-dat").backups.receive_from_file(str(carried), confirm=False)
            windows.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
            return 0

    monkeypatch.setattr(app, "application", lambda: Running())
    assert app.run(data) == 0
    for w in windows:
        w.closing_for_restore = True
        w.close()
        w.deleteLater()
    assert said and "ổ đĩa đã đầy" in said[0], said
    s = Store.open(data / "cchc.sqlite3")  # the window reopened the same data
    assert [p.title for p in s.catalogue.plans()] == ["Tuyên truyền CCHC năm 2023"]
    s.close()
    assert list_backups(backups_dir(data)) == []


# -- (b) a missing folder is refused, never created -----------------------------------------
def test_export_database_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rule: ``export database --out`` into a folder that does not exist (an unmounted USB
    stick) is refused; no folder is created on the local disk.  A name too long for the
    disk is refused in Vietnamese too."""
    data = tmp_path / "dữ liệu"
    make_office(data)
    missing = tmp_path / "USB" / "CCHC" / "x.sqlite3"
    code = cli.main(["export", "database", "--data-dir", str(data), "--out", str(missing)])
    err = capsys.readouterr().err
    assert code == 2 and "thư mục" in err and "không tồn tại" in err, err
    assert not (tmp_path / "USB").exists()
    long_name = tmp_path / ("Dữ liệu chuyển máy " + "ữ" * 100 + ".sqlite3")
    code = cli.main(["export", "database", "--data-dir", str(data), "--out", str(long_name)])
    err = capsys.readouterr().err
    assert code == 2 and "tên tệp quá dài" in err, err
    assert files_in(tmp_path) == ["dữ liệu"]


# -- (c) a report's files are written as one set ----------------------------------------------
def failing_builder(*_args: object) -> None:
    path = Path(_args[1])
    atomic_write(path, lambda tmp: no_space())


@pytest.mark.parametrize("fails", ["build_xlsx", "build_docx"])
def test_a_failure_on_a_later_format_leaves_no_file_of_the_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    """Rule: a report exported in several formats is written all or none: a full disk on
    the 2nd or 3rd file leaves no file of the set (and no temporary file)."""
    db = make_office(tmp_path / "dữ liệu")
    out = tmp_path / "xuất"
    out.mkdir()
    monkeypatch.setattr(exports, fails, failing_builder)
    s = Store.open(db)
    try:
        with pytest.raises(ExportError, match="ổ đĩa đầy"):
            export_plan(s, s.catalogue.plans()[0].id, ["pdf", "xlsx", "docx"], out)
    finally:
        s.close()
    assert files_in(out) == []


def test_a_failed_rename_puts_the_previous_set_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule: the set is renamed into place as one: if the 2nd rename fails, the files
    already renamed are taken back and the earlier export's files are as they were."""
    db = make_office(tmp_path / "dữ liệu")
    out = tmp_path / "xuất"
    out.mkdir()
    s = Store.open(db)
    pid = s.catalogue.plans()[0].id
    first = export_plan(s, pid, ["pdf", "xlsx", "docx"], out)
    earlier = {p.name: p.read_bytes() for p in first}
    s.catalogue.add_task(pid, None, "Nhiệm vụ thêm sau lần xuất trước", timeline="Tháng 8/2023")
    real_replace = os.replace
    renames: list[str] = []

    def replace(src: object, dst: object) -> None:
        if Path(dst).parent == out and Path(src).name.endswith(".tmp"):
            renames.append(Path(dst).name)
            if len(renames) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    try:
        with pytest.raises(ExportError, match="Không tệp nào của lần xuất này"):
            export_plan(s, pid, ["pdf", "xlsx", "docx"], out)
    finally:
        monkeypatch.undo()
        s.close()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier


# -- (d) long titles and names ----------------------------------------------------------------
def test_a_title_over_255_characters_is_a_vietnamese_refusal_for_word(tmp_path: Path) -> None:
    """Rule: Word keeps at most 255 characters of a document's title: a longer trích yếu is
    refused before anything is written, in Vietnamese (never python-docx's English)."""
    db = make_office(tmp_path / "dữ liệu", "Tuyên truyền cải cách hành chính " * 9)
    out = tmp_path / "xuất"
    out.mkdir()
    s = Store.open(db)
    try:
        with pytest.raises(ExportError) as err:
            export_plan(s, s.catalogue.plans()[0].id, ["pdf", "xlsx", "docx"], out)
        assert export_plan(
            s, s.catalogue.plans()[0].id, ["pdf", "xlsx"], out
        )  # without Word it goes
    finally:
        s.close()
    message = str(err.value)
    assert "255 ký tự" in message and "exceeded" not in message and "char limit" not in message
    assert sorted(p.suffix for p in out.iterdir()) == [".pdf", ".xlsx"]


def test_a_name_over_255_bytes_is_never_written(tmp_path: Path) -> None:
    """Rule: about 90 Vietnamese letters fill the 255 bytes a file name may have on Linux;
    the names given stay within them, and the export succeeds."""
    title = "Kế hoạch tuyên truyền " + "ữự ỹế ộẫ " * 20  # 200 characters, 490 bytes
    db = make_office(tmp_path / "dữ liệu", title)
    out = tmp_path / "xuất"
    out.mkdir()
    s = Store.open(db)
    try:
        paths = export_plan(s, s.catalogue.plans()[0].id, ["pdf", "xlsx", "docx"], out)
    finally:
        s.close()
    assert len(paths) == 3 and all(p.exists() for p in paths)
    assert all(len(p.name.encode("utf-8")) <= 255 for p in paths)


# -- (e) the unit-sheet batch is one ------------------------------------------------------------
def test_a_unit_sheet_batch_failing_part_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rule: ``export unit-sheets`` finishes or rolls back as one: when the 3rd unit's
    workbook cannot be written, no file of the batch remains."""
    data = tmp_path / "dữ liệu"
    make_office(data, units=3)
    out = tmp_path / "phiếu"
    out.mkdir()
    real = unit_sheets._write_workbook
    calls: list[int] = []

    def third_fails(tmp: Path, *args: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            no_space()
        real(tmp, *args)

    monkeypatch.setattr(unit_sheets, "_write_workbook", third_fails)
    code = cli.main(["export", "unit-sheets", "--data-dir", str(data), "--period", "2023-Q3",
                     "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "ổ đĩa đầy" in err, err
    assert len(calls) == 3 and files_in(out) == []
    monkeypatch.setattr(unit_sheets, "_write_workbook", real)
    assert cli.main(["export", "unit-sheets", "--data-dir", str(data), "--period", "2023-Q3",
                     "--out", str(out)]) == 0  # fmt: skip
    assert len(files_in(out)) == 6


def test_a_failed_write_never_ends_in_english(tmp_path: Path) -> None:
    """Whatever breaks a write — the disk or the program — the message is Vietnamese: a
    program fault says its details went to the log; a Vietnamese refusal is kept as it is."""
    from cchc_desktop.reports.safe import ExportError, atomic_write

    def program_fault(_tmp: Path) -> None:
        raise KeyError("points")

    with pytest.raises(ExportError) as caught:
        atomic_write(tmp_path / "a.pdf", program_fault)
    assert "points" not in str(caught.value) and "nhật ký" in str(caught.value)

    def odd_disk(_tmp: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(ExportError) as caught:
        atomic_write(tmp_path / "b.pdf", odd_disk)
    assert "Input/output" not in str(caught.value) and f"mã lỗi {errno.EIO}" in str(caught.value)

    def refused(_tmp: Path) -> None:
        raise ExportError("Trích yếu dài quá 255 ký tự.")

    with pytest.raises(ExportError, match="Trích yếu dài quá 255 ký tự"):
        atomic_write(tmp_path / "c.docx", refused)
    assert not list(tmp_path.iterdir())
