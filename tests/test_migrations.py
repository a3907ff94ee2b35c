"""Every older database upgrades to the newest schema; a newer one is refused untouched."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from cchc_desktop.store.connection import connect, is_current
from cchc_desktop.store.database import NewerDatabaseError, open_database
from cchc_desktop.store.schema import SCHEMA_VERSION, migrations
from cchc_desktop.store.store import Store

FIXTURES = sorted((Path(__file__).parent / "data" / "schemas").glob("v*.sqlite3"))


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    db = connect(path)
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    db.close()
    return [(t, n, " ".join((s or "").split())) for t, n, s in rows]


def test_there_is_a_fixture_for_the_current_version() -> None:
    assert (Path(__file__).parent / "data" / "schemas" / f"v{SCHEMA_VERSION}.sqlite3").exists(), (
        "run `uv run python -m tests.make_schema_fixture` and commit the file"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_older_version_upgrades_to_the_fresh_schema(fixture: Path, tmp_path: Path) -> None:
    old = tmp_path / fixture.name
    shutil.copy(fixture, old)
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    open_database(old).close()
    assert schema_of(old) == schema_of(fresh)
    s = Store.open(old)
    try:
        plan = s.catalogue.plans()[0]
        assert plan.title == "Tuyên truyền CCHC năm 2023"
        task = s.catalogue.tasks(plan.id)[0]
        assert task.content == "Viết tin bài" and task.lead[0].name == "Phòng Nội vụ"
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # tracking derived for old data too: assignments and occurrences exist after upgrade
        assert s.tracking.occurrence_rows(plan.id)
        assert [h.kind for h in s.search.find("viet tin bai")] == ["task"]
        assert len(migrations.applied(s.db)) == SCHEMA_VERSION
    finally:
        s.close()


def write_newer_database(path: Path) -> str:
    """A database as a newer program leaves it (a migration this one does not know), fully
    checkpointed; returns the file's digest, to show later that nothing touched it."""
    db = open_database(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": migrations.name, "name": "m999_from_the_future", "applied_at": "x"}
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_a_newer_program_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    digest = write_newer_database(path)
    with pytest.raises(NewerDatabaseError, match="phiên bản CCHC Desktop mới hơn"):
        open_database(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_only_a_file_with_exactly_this_programs_migrations_is_current(tmp_path: Path) -> None:
    """The one test both the opening and the read-ahead use to skip upgrading (and sqlite-utils)."""
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    older = tmp_path / FIXTURES[0].name
    shutil.copy(FIXTURES[0], older)
    newer = tmp_path / "newer.sqlite3"
    write_newer_database(newer)
    empty = tmp_path / "empty.sqlite3"
    verdicts = {}
    for name, path in {"fresh": fresh, "older": older, "newer": newer, "empty": empty}.items():
        db = connect(path)
        verdicts[name] = is_current(db.conn)
        db.close()
    assert verdicts == {"fresh": True, "older": False, "newer": False, "empty": False}
