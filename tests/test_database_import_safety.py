"""A database file from outside (``import database``, “Nhận dữ liệu từ tệp”, restoring a
backup) is never swapped in whole: its schema must be one this program's migrations build,
its rows are copied into a fresh file built by those migrations, and the copy is checked
before it replaces the current data."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop import cli
from cchc_desktop.core.models import UnitRef
from cchc_desktop.store.backup import BackupError, backups_dir, list_backups, make_backup
from cchc_desktop.store.backup import restore_backup as import_database
from cchc_desktop.store.connection import MIGRATION_NAMES
from cchc_desktop.store.database import open_database
from cchc_desktop.store.store import Store

FIXTURES = sorted((Path(__file__).parent / "data" / "schemas").glob("v*.sqlite3"))


def dump_hash(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def fill(store: Store, title: str = "Kế hoạch tuyên truyền CCHC năm 2024") -> None:
    unit = store.org.add_unit("Phòng Nội vụ", kind="department")
    plan = store.catalogue.add_plan(2024, title)
    store.catalogue.add_task(
        plan, None, "Viết tin bài", timeline="Hằng quý", lead=[UnitRef("unit", unit)]
    )
    occ = store.db.execute("SELECT id FROM occurrences ORDER BY id LIMIT 1").fetchone()[0]
    store.results.set_result(
        occ, "done", completed_on=date(2024, 3, 20), description="Đã đăng 3 tin"
    )


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """The current office: its data folder, with a plan and one result."""
    folder = tmp_path / "văn phòng"
    store = Store.open(folder / "cchc.sqlite3")
    fill(store, "Kế hoạch hiện tại")
    store.close()
    return folder


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """A file exported by this program on another computer (``export database``)."""
    other = tmp_path / "máy khác"
    store = Store.open(other / "cchc.sqlite3")
    fill(store, "Kế hoạch từ máy khác")
    store.close()
    return make_backup(other / "cchc.sqlite3", tmp_path / "chuyển máy.sqlite3", "thucong").path


def tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.executescript(sql)
    conn.commit()
    conn.close()


def refused(office: Path, source: Path, *words: str) -> str:
    """Import ``source`` expecting a refusal; check the current data did not change."""
    db = office / "cchc.sqlite3"
    before = dump_hash(db)
    with pytest.raises(BackupError) as err:
        import_database(db, source, office)
    message = str(err.value)
    assert str(source) in message and "Dữ liệu hiện tại được giữ nguyên" in message, message
    for word in words:
        assert word in message, message
    assert dump_hash(db) == before
    assert list_backups(backups_dir(office)) == []  # refused before any safety copy
    assert not [p for p in office.iterdir() if p.name.startswith(".")]  # no temporary left
    return message


def test_a_trigger_brought_by_the_file_is_never_kept(office: Path, exported: Path) -> None:
    """Rule: the rows are copied into a database our migrations build; the file's own
    triggers (here one on session_state that rewrites every result at each start) are not."""
    tamper(
        exported,
        """CREATE TRIGGER tu_sua AFTER UPDATE ON session_state BEGIN
             UPDATE results SET description = 'bị sửa', status = 'not_done', reason = 'x';
           END;""",
    )
    import_database(office / "cchc.sqlite3", exported, office)
    store = Store.open(office / "cchc.sqlite3")  # writes session_state, as every start does
    try:
        names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert "tu_sua" not in names
        assert [p.title for p in store.catalogue.plans()] == ["Kế hoạch từ máy khác"]
        rows = store.db.execute("SELECT status, description FROM results").fetchall()
        assert rows == [("done", "Đã đăng 3 tin")]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [h.kind for h in store.search.find("viet tin bai")] == ["task"]
    finally:
        store.close()


def test_a_file_with_only_plans_and_tasks_is_refused(office: Path, tmp_path: Path) -> None:
    """Rule: every table, index, trigger and view of a known version must be in the file."""
    bare = tmp_path / "chỉ có kế hoạch.sqlite3"
    conn = sqlite3.connect(bare)
    conn.executescript(
        """CREATE TABLE plans (id INTEGER PRIMARY KEY, year INTEGER, title TEXT);
           CREATE TABLE tasks (id INTEGER PRIMARY KEY, plan_id INTEGER, content TEXT);
           INSERT INTO plans VALUES (1, 2024, 'Kế hoạch lạ');"""
    )
    conn.close()
    refused(office, bare, "Không nhận dữ liệu", "_sqlite_migrations")
    # the same, with the migrations recorded as if it were a real file
    conn = sqlite3.connect(bare)
    conn.execute(
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
        "name TEXT, applied_at TEXT)"
    )
    conn.executemany(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, 'x')",
        [("cchc_desktop", n) for n in MIGRATION_NAMES],
    )
    conn.commit()
    conn.close()
    message = refused(office, bare, "cấu trúc không khớp", "thiếu bảng “assignments”")
    assert "Error" not in message and "no such" not in message


def test_a_file_with_results_dropped_is_refused(office: Path, exported: Path) -> None:
    """Rule: a table of the known schema missing (results) refuses the whole file."""
    tamper(exported, "DROP TABLE results;")
    refused(office, exported, "thiếu bảng “results”")


def test_a_changed_column_or_an_extra_table_is_refused(
    office: Path, exported: Path, tmp_path: Path
) -> None:
    """Rule: tables match column for column; a table we do not know would be lost silently,
    so it refuses the file too."""
    other = tmp_path / "bảng lạ.sqlite3"
    shutil.copy(exported, other)
    tamper(exported, "ALTER TABLE results ADD COLUMN diem INTEGER;")
    refused(office, exported, "bảng “results” khác cấu trúc")
    tamper(other, "CREATE TABLE ghi_chu (id INTEGER PRIMARY KEY, text TEXT);")
    refused(office, other, "có thêm bảng lạ “ghi_chu”")


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("""UPDATE results SET "values" = '{"tin_bai": NaN}'""", "bảng results, cột values"),
        ("""UPDATE results SET "values" = '{"tin_bai": 1e999}'""", "bảng results, cột values"),
        ("""UPDATE results SET "values" = '[1, 2]'""", "bảng results, cột values"),
        ("UPDATE results SET completed_on = '20/03/2024'", "cột completed_on"),
        ("UPDATE results SET completed_on = '2024-02-30'", "cột completed_on"),
        ("UPDATE occurrences SET due = 'ngày mai'", "cột due"),
        ("UPDATE plans SET year = 99999", "cột year"),
        ("UPDATE plans SET year = 'hai nghìn'", "cột year"),
        ("UPDATE units SET active = 7", "cột active"),
        ("UPDATE tasks SET manual_dates = '[\"31/12/2024\"]'", "cột manual_dates"),
        ("UPDATE tasks SET targets = '{\"tin_bai\": -4}'", "cột targets"),
        ("UPDATE occurrences SET assignment_id = 999999", "tham chiếu"),
        ("DELETE FROM undo_state", "undo_state"),
        (
            "INSERT INTO evidence (result_id, kind, name, path, sha256) "
            "SELECT id, 'file', 'mật khẩu', '../../etc/passwd', '' FROM results",
            "cột path",
        ),
        (
            "PRAGMA ignore_check_constraints = ON; UPDATE results SET status = 'hacked'",
            "bảng results có giá trị ngoài các giá trị cho phép",
        ),
    ],
)
def test_values_the_program_cannot_use_refuse_the_file(
    office: Path, exported: Path, sql: str, words: str
) -> None:
    """Rule: once copied, the rows pass integrity_check and foreign_key_check, and every
    value has its column's type and range: results.values a JSON object of finite,
    non-negative numbers, dates ISO, flags 0/1, years 1900–2200, one row in the state
    tables, evidence inside the evidence store.  Otherwise nothing is imported."""
    tamper(exported, sql)
    refused(office, exported, words)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_released_version_imports(tmp_path: Path, fixture: Path) -> None:
    """Rule: a file of any released schema version is taken, and upgraded on opening."""
    source = tmp_path / fixture.name
    shutil.copy(fixture, source)
    folder = tmp_path / "mới"
    Store.open(folder / "cchc.sqlite3").close()
    import_database(folder / "cchc.sqlite3", source, folder)
    store = Store.open(folder / "cchc.sqlite3")
    try:
        assert [p.title for p in store.catalogue.plans()] == ["Tuyên truyền CCHC năm 2023"]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [h.kind for h in store.search.find("viet tin bai")] == ["task"]
    finally:
        store.close()


def test_the_known_schemas_come_from_the_migrations(tmp_path: Path) -> None:
    """Rule: the schemas a file is matched against are built by applying our migrations, so
    a migration added later is known without touching the import."""
    from cchc_desktop.store.integrity import known_schemas, schema_objects

    assert len(known_schemas()) == len(MIGRATION_NAMES)
    db = open_database(tmp_path / "mới.sqlite3")
    try:
        assert schema_objects(db.conn) == known_schemas()[-1]
    finally:
        db.close()


def test_the_command_line_refuses_in_vietnamese(
    office: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rule: ``import database`` refuses a crafted file with a Vietnamese message naming it,
    exit status 2, current data unchanged."""
    tamper(exported, "DROP TABLE results;")
    before = dump_hash(office / "cchc.sqlite3")
    code = cli.main(["import", "database", "--data-dir", str(office), str(exported)])
    err = capsys.readouterr().err
    assert code == 2 and "Không nhận dữ liệu từ tệp" in err and str(exported) in err
    assert "Traceback" not in err and dump_hash(office / "cchc.sqlite3") == before
