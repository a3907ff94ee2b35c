"""Every older database upgrades to the newest schema; a newer one is refused untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlite_utils import Database

from cchc_desktop.core.periods import DEFAULT_PERIOD_RULES
from cchc_desktop.store import schema
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


# -- m002: frozen fan-out, the same as the live store's --------------------------------------
def _v1_office(path: Path, period_rules: list[dict[str, object]] | None) -> None:
    """A database at schema version 1 (before tracking) with what fan-out has to get right:
    groups (one holding an inactive unit), a unit named as lead and in a coordinating group,
    every kind of timeline, rules set by hand, two plan years, the office's own periods."""
    db = Database(str(path))
    migrations.apply(db, stop_before="m002_tracking")
    units = [("Phòng Nội vụ", "department", 1), ("UBND xã Đông", "commune", 1),
             ("UBND xã Tây", "commune", 1), ("UBND xã Bắc", "commune", 0),
             ("Đài Truyền thanh", "media", 1)]  # fmt: skip
    for pos, (name, kind, active) in enumerate(units):
        db.execute("INSERT INTO units (name, kind, active, position) VALUES (?, ?, ?, ?)",
                   [name, kind, active, (pos * 7) % 5])  # fmt: skip
    db.execute("INSERT INTO unit_groups (id, name) VALUES (1, 'Các xã'), (2, 'Nhóm trống')")
    for uid in (3, 2, 4):
        db.execute("INSERT INTO group_members (group_id, unit_id) VALUES (1, ?)", [uid])
    db.execute(
        "INSERT INTO plans (id, year, title) VALUES (1, 2023, 'KH 2023'), (2, 2024, 'KH 2024')"
    )
    db.execute("INSERT INTO sections (id, plan_id, title) VALUES (1, 1, 'I'), (2, 2, 'I')")
    tasks = [  # (plan, timeline, manual kind, manual dates, lead refs, coordinating refs)
        (1, "Hằng tháng", None, [], [("unit", 1)], [("group", 1)]),
        (1, "Hằng quý", None, [], [("group", 1)], [("unit", 1), ("unit", 5)]),
        (1, "Thường xuyên", None, [], [("unit", 5), ("unit", 2)], [("group", 1)]),
        (1, "Quý II/2023", None, [], [("unit", 4)], [("unit", 3)]),
        (1, "Khi có yêu cầu", None, [], [("unit", 1)], []),
        (1, "theo chỉ đạo của cấp trên", None, [], [("group", 2)], [("unit", 2)]),
        (1, "đợt cao điểm", "once", ["2023-05-10"], [("unit", 3)], []),
        (1, "hai đợt", "recurring", ["2023-03-01", "2023-09-01"], [("unit", 2)], [("unit", 2)]),
        (2, "Trước ngày 30/6/2024", None, [], [("group", 1)], [("unit", 5)]),
        (2, "Định kỳ 6 tháng/01 lần", None, [], [("unit", 1)], [("group", 1), ("unit", 1)]),
    ]
    for n, (plan, timeline, kind, dates, lead, coordinating) in enumerate(tasks, 1):
        db.execute(
            "INSERT INTO tasks (id, plan_id, section_id, position, content, timeline, manual_kind, "
            "manual_dates) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [n, plan, plan, n, f"Nhiệm vụ {n}", timeline, kind, json.dumps(dates)],
        )
        for role, refs in (("lead", lead), ("coordinating", coordinating)):
            for pos, (ref_kind, ref_id) in enumerate(refs):
                db.execute(
                    "INSERT INTO task_units (task_id, role, unit_id, group_id, position) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [n, role, ref_id if ref_kind == "unit" else None,
                     ref_id if ref_kind == "group" else None, pos],
                )  # fmt: skip
    if period_rules is not None:
        db.execute("INSERT INTO settings (key, value) VALUES ('period_rules', ?)",
                   [json.dumps(period_rules)])  # fmt: skip
    db.close()


def _tracking_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = connect(path)
    try:
        return {
            "assignments": db.execute("SELECT * FROM assignments ORDER BY id").fetchall(),
            "occurrences": db.execute("SELECT * FROM occurrences ORDER BY id").fetchall(),
            "history": db.execute(
                "SELECT id, user, table_name, row_id, task_id, action, old, new FROM history "
                "ORDER BY id"
            ).fetchall(),
        }
    finally:
        db.close()


def _live_fan_out(db: Database) -> None:
    """What m002 did before it was frozen: the live store's own sync, run on the new tables."""
    Store(db).tracking.sync_all()  # type: ignore[arg-type]  # a Database, as m002 has it


_OWN_PERIODS = [
    {**asdict(r), "end_day": 10} if r.key in ("Q2", "Q4") else asdict(r)
    for r in DEFAULT_PERIOD_RULES
]


@pytest.mark.parametrize(
    "source", ["v1 fixture", "v1 office, default periods", "v1 office, own periods"]
)
def test_m002_fans_out_as_the_live_store_does(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office's first upgrade to tracking (m002) gives each task's units the assignments
    and occurrences the store itself derives, row for row, with the same ids and history."""
    frozen, live = tmp_path / "frozen" / "cchc.sqlite3", tmp_path / "live" / "cchc.sqlite3"
    for path in (frozen, live):
        path.parent.mkdir()
        if source == "v1 fixture":
            shutil.copy(FIXTURES[0], path)
        else:
            _v1_office(path, _OWN_PERIODS if "own" in source else None)
    open_database(frozen).close()
    monkeypatch.setattr(schema, "_derive_assignments", _live_fan_out)
    open_database(live).close()
    got, expected = _tracking_rows(frozen), _tracking_rows(live)
    assert got == expected
    assert expected["assignments"] and expected["occurrences"] and expected["history"]
    if source != "v1 fixture":
        units = {row[2] for row in got["assignments"]}
        assert 4 not in units  # the inactive unit is given nothing
        assert len(got["assignments"]) == 21  # counted by hand from the tasks above
        own = [o for o in got["occurrences"] if o[2] == "Q2"]
        due = {o[3] for o in own}
        assert due == ({"2023-06-10"} if "own" in source else {"2023-06-14"})
    # and the live store, run again over the upgraded file, finds nothing to change
    s = Store.open(frozen)
    try:
        s.tracking.sync_all()
    finally:
        s.close()
    after = _tracking_rows(frozen)
    assert after["assignments"] == got["assignments"]
    assert after["occurrences"] == got["occurrences"]
