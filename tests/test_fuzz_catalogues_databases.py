"""Catalogues and imported databases cannot crash, hang or half-write (issue 19).

A few dozen rounds of each new kind of ``tests/fuzz.py`` (``python -m tests.fuzz --kinds
catalogues,databases`` is the long run): each broken file is either taken cleanly or refused
in Vietnamese, naming the file, with the current data untouched.  The last test keeps a
finding of the fuzz run as a strict xfail until the program is fixed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.exchange.catalogue import CatalogueError, read_rows
from tests.fuzz import (
    CATALOGUE_ROWS,
    Hang,
    _zip_parts,
    _zip_write,
    build_catalogue_office,
    build_database_office,
    catalogue_xlsx,
    materialise_bytes,
    mutate_catalogue,
    mutate_database,
    run_catalogue,
    run_database,
    time_limit,
)

ROUND = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LIMIT = 5.0  # seconds per file: far above what a sound file takes


@pytest.fixture(scope="module")
def catalogue_office(tmp_path_factory):
    office = build_catalogue_office(tmp_path_factory.mktemp("catalogues"))
    yield office
    office.store.close()


@pytest.fixture(scope="module")
def database_office(tmp_path_factory):
    return build_database_office(tmp_path_factory.mktemp("databases"))


def _slow(ops: list[str]) -> bool:
    """Mutations that build very large files (kept for the long run, not this bounded one)."""
    return any(o in ("xlsx:many_rows", "xlsx-xml:huge_shared", "xlsx-xml:inline", "xlsx-xml:dimension",
                     "docx-xml:dup_rows") for o in ops)  # fmt: skip


@ROUND
@given(seed=st.integers(0, 2**32 - 1))
def test_a_broken_catalogue_is_taken_or_refused_in_vietnamese(
    catalogue_office, tmp_path_factory, seed: int
) -> None:
    """Rule: a mutated annex is drafted and applied (and undone), or refused with a
    CatalogueError in Vietnamese naming the file; nothing is written by a refusal."""
    rng = random.Random(seed)
    sample = mutate_catalogue(rng, catalogue_office)
    if _slow(sample.ops):
        return
    folder = tmp_path_factory.mktemp("f")
    path = materialise_bytes(sample.data, sample.special, folder, f"danh mục{sample.suffix}")
    out = run_catalogue(catalogue_office, path, LIMIT)
    assert not out.problems, (sample.ops, out.problems, out.message)


@ROUND
@given(seed=st.integers(0, 2**32 - 1))
def test_a_broken_database_is_taken_or_refused_with_the_data_untouched(
    database_office, tmp_path_factory, seed: int
) -> None:
    """Rule: a mutated exported database is imported and opens, or is refused with a
    BackupError in Vietnamese naming the file, the current data's rows unchanged."""
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("f") / "dữ liệu.sqlite3"
    ops = mutate_database(rng, database_office, path)
    out = run_database(database_office, path, LIMIT)
    assert not out.problems, (ops, out.problems, out.message)


def test_a_single_far_cell_does_not_hang_the_catalogue_reader(tmp_path: Path) -> None:
    """Finding of the fuzz run (``xlsx-xml:inline``): a 6 KB catalogue .xlsx whose sheet
    has one cell at XFD1048576 passes the file checks, then ``catalogue._xlsx_rows`` builds
    every cell of ``ws.iter_rows()`` (1,048,576 rows × 16,384 columns), running for minutes
    and eating memory instead of refusing the file (fixed: only the cells the file holds are
    read).  Rule: read or refused within seconds."""
    parts = []
    for info, body in _zip_parts(catalogue_xlsx(CATALOGUE_ROWS)):
        if info.filename.startswith("xl/worksheets/sheet"):
            body = body.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                b"<is><t>x</t></is></c></row></sheetData>")  # fmt: skip
        parts.append((info, body))
    path = tmp_path / "danh mục.xlsx"
    path.write_bytes(_zip_write(parts))
    try:
        with time_limit(3.0):
            read_rows(path)
    except CatalogueError:
        pass
    except Hang:
        pytest.fail("reading the catalogue ran past 3 s")


def test_a_damaged_database_is_refused_in_vietnamese(tmp_path: Path) -> None:
    """Finding of the fuzz run (``bytes:flip``): a file whose pages are inconsistent is
    refused (the data is kept), but ``inspect_backup(check=True)`` puts the lines of
    ``PRAGMA integrity_check`` into the message verbatim: “Tệp sao lưu … bị hỏng: row 1
    missing from index idx_x; … wrong # of entries in index …”, English SQLite text
    shown to the user (fixed: the lines go to the log).  Rule: the refusal is Vietnamese."""
    import sqlite3

    from cchc_desktop.store.backup import BackupError, make_backup, restore_backup
    from cchc_desktop.store.store import Store
    from tests.fuzz import check_message, db_digest

    other = Store.open(tmp_path / "khác" / "cchc.sqlite3")
    other.org.add_unit("Phòng Nội vụ", kind="department")
    other.close()
    source = make_backup(
        tmp_path / "khác" / "cchc.sqlite3", tmp_path / "hỏng.sqlite3", "thucong"
    ).path
    conn = sqlite3.connect(source)
    conn.execute("CREATE INDEX idx_x ON units (name)")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX idx_x ON units (kind)' WHERE name = 'idx_x'"
    )
    conn.commit()
    conn.close()
    live = tmp_path / "văn phòng"
    Store.open(live / "cchc.sqlite3").close()
    before = db_digest(live / "cchc.sqlite3")
    with pytest.raises(BackupError) as err:
        restore_backup(live / "cchc.sqlite3", source, live)
    assert db_digest(live / "cchc.sqlite3") == before  # the data is kept: only the words are wrong
    assert check_message(str(err.value), source) == [], str(err.value)


def test_a_figure_over_its_bound_is_refused_on_import(tmp_path: Path) -> None:
    """Finding of the fuzz run (``sql:result_values``): a database whose results hold 1e308
    tin/bài (finite, but over the indicator's bound, which no one can type) was taken in.
    Rule: import database refuses it in Vietnamese and the current data is kept."""
    import sqlite3
    from datetime import date

    from cchc_desktop.core.models import UnitRef
    from cchc_desktop.store.backup import BackupError, make_backup, restore_backup
    from cchc_desktop.store.store import Store
    from tests.fuzz import db_digest

    other = Store.open(tmp_path / "khác" / "cchc.sqlite3")
    unit = other.org.add_unit("Phòng Nội vụ", kind="department")
    plan = other.catalogue.add_plan(2023, "Kế hoạch 2023")
    other.catalogue.add_task(
        plan, None, "Đăng tin", timeline="Quý I/2023", lead=[UnitRef("unit", unit)]
    )
    (occ,) = other.tracking.occurrence_rows(plan)
    other.results.set_result(occ.id, "done", date(2023, 3, 1), values={"tin_bai": 3})
    other.close()
    source = make_backup(
        tmp_path / "khác" / "cchc.sqlite3", tmp_path / "to.sqlite3", "thucong"
    ).path
    conn = sqlite3.connect(source)
    conn.execute("""UPDATE results SET "values" = '{"tin_bai": 1e308}'""")
    conn.commit()
    conn.close()
    live = tmp_path / "văn phòng"
    Store.open(live / "cchc.sqlite3").close()
    before = db_digest(live / "cchc.sqlite3")
    with pytest.raises(BackupError, match="vượt giới hạn"):
        restore_backup(live / "cchc.sqlite3", source, live)
    assert db_digest(live / "cchc.sqlite3") == before


def test_a_word_file_with_a_foreign_body_is_refused_in_vietnamese(tmp_path: Path) -> None:
    """Finding of the fuzz run (``docx-xml:wrong_root``): a .docx whose main part is some other
    XML opened, then failed with python-docx's AttributeError.  Rule: a Vietnamese refusal
    naming the file."""
    from tests.fuzz import catalogue_docx

    parts = []
    for info, body in _zip_parts(catalogue_docx(CATALOGUE_ROWS)):
        if info.filename == "word/document.xml":
            body = b"<?xml version='1.0'?><worksheet xmlns='x'><sheetData/></worksheet>"
        parts.append((info, body))
    path = tmp_path / "danh mục.docx"
    path.write_bytes(_zip_write(parts))
    with pytest.raises(CatalogueError, match="danh mục.docx"):
        read_rows(path)
