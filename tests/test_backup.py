"""Backups, restore, integrity checks and the instance lock, under the faults offices meet:
read-only folders, full disks, USB sticks pulled mid-write, damaged files, crashed holders."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cchc_desktop.core.models import UnitRef
from cchc_desktop.store import backup as bk
from cchc_desktop.store.backup import (
    BackupError,
    NewerBackupError,
    backup_now,
    backup_to_folder,
    backups_dir,
    diff_summary,
    inspect_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
    select_to_keep,
    thin_backups,
    write_state,
)
from cchc_desktop.store.backup_state import (
    external_reminder_text,
    needs_external_reminder,
    read_state,
)
from cchc_desktop.store.integrity import quick_check, set_aside_damaged
from cchc_desktop.store.lock import AlreadyRunningError, InstanceLock
from cchc_desktop.store.store import Store

ROOT = Path(__file__).resolve().parent.parent


# -- helpers ----------------------------------------------------------------------------------
def dump_hash(path: Path) -> str:
    """A hash of the logical content (``.dump``), independent of WAL/journal state."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def fill(store: Store, n_tasks: int = 3) -> int:
    """A small office: 2 units, a plan with a section, tasks, one recorded result."""
    u1 = store.org.add_unit("Phòng Nội vụ", kind="department")
    store.org.add_unit("UBND xã Vĩnh Hòa", kind="commune")
    pid = store.catalogue.add_plan(2024, "Tuyên truyền cải cách hành chính năm 2024")
    sid = store.catalogue.add_section(pid, "Tuyên truyền chung")
    for i in range(n_tasks):
        store.catalogue.add_task(
            pid, sid, f"Xây dựng chuyên mục số {i}", timeline="Hằng quý", lead=[UnitRef("unit", u1)]
        )
    oid = store.db.execute("SELECT id FROM occurrences ORDER BY id LIMIT 1").fetchone()[0]
    store.results.set_result(
        oid, "done", completed_on=date(2024, 3, 20), description="Đã đăng 3 tin"
    )
    return pid


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "Dữ liệu CCHC"


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    store = Store.open(data_dir / "cchc.sqlite3")
    fill(store)
    store.close()
    return data_dir / "cchc.sqlite3"


def no_files(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


# -- making backups ---------------------------------------------------------------------------
def test_backup_is_one_checked_self_contained_file(db_path: Path, data_dir: Path) -> None:
    store = Store.open(db_path)  # backups are taken while the program has the file open
    try:
        store.catalogue.add_task(store.catalogue.plans()[0].id, None, "Nhiệm vụ chỉ có trong -wal")
        info = backup_now(db_path, data_dir, "dinhky")
        assert dump_hash(info.path) == dump_hash(db_path)
    finally:
        store.close()
    assert bk.parse_backup_name(info.path.name)[1] == "dinhky"
    assert info.path.parent == backups_dir(data_dir)
    assert (info.plans, info.tasks, info.units, info.results) == (1, 4, 2, 1)
    assert info.size == info.path.stat().st_size
    assert info.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL
    assert [p.name for p in info.path.parent.iterdir()] == [info.path.name]  # no -wal, no temp


def test_two_backups_in_one_second_keep_both(db_path: Path, tmp_path: Path) -> None:
    when = datetime(2025, 1, 2, 3, 4, 5)
    first = make_backup(db_path, bk.new_backup_path(tmp_path / "b", "nhap", when), "nhap")
    second = make_backup(db_path, bk.new_backup_path(tmp_path / "b", "nhap", when), "nhap")
    assert first.path != second.path
    assert second.path.name == "cchc-20250102-030405-nhap-2.sqlite3"
    assert bk.parse_backup_name(second.path.name) == (when, "nhap")


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="không tìm thấy"):
        make_backup(tmp_path / "không có.sqlite3", tmp_path / "x.sqlite3", "thucong")


def test_read_only_folder(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dump_hash(db_path)
    folder = tmp_path / "chỉ đọc"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        probe = folder / "probe"
        try:
            probe.touch()  # root ignores permissions: simulate what a read-only folder says
            probe.unlink()

            def refuse(*args: object, **kwargs: object) -> None:
                raise PermissionError(errno.EACCES, "Permission denied", str(folder))

            monkeypatch.setattr(bk.tempfile, "mkstemp", refuse)
        except PermissionError:
            pass
        with pytest.raises(BackupError) as err:
            backup_to_folder(db_path, folder)
    finally:
        monkeypatch.undo()
        folder.chmod(0o755)
    assert "quyền ghi" in str(err.value) and str(folder) in str(err.value)
    assert no_files(folder)
    assert dump_hash(db_path) == before


def test_folder_pulled_out_mid_write(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump_hash(db_path)
    usb = tmp_path / "USB"
    usb.mkdir()
    real_copy = bk._online_copy

    def copy_then_pull(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
        real_copy(src, dst)
        shutil.rmtree(usb)

    monkeypatch.setattr(bk, "_online_copy", copy_then_pull)
    with pytest.raises(BackupError) as err:
        backup_to_folder(db_path, usb)
    assert "không còn tồn tại" in str(err.value) and str(usb) in str(err.value)
    assert no_files(usb)
    assert dump_hash(db_path) == before


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_disk_full(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    before = dump_hash(db_path)
    folder = tmp_path / "đích"
    folder.mkdir()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, where, full)
    with pytest.raises(BackupError) as err:
        make_backup(db_path, folder / "cchc-20250101-000000-thucong.sqlite3", "thucong")
    monkeypatch.undo()
    assert "đầy" in str(err.value) and str(folder) in str(err.value)
    assert no_files(folder)
    assert dump_hash(db_path) == before


def test_damaged_copy_is_never_put_in_place(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bk, "_integrity", lambda conn: ["*** in database main ***"])
    with pytest.raises(BackupError, match="không nguyên vẹn"):
        make_backup(db_path, tmp_path / "b" / "x.sqlite3", "thucong")
    assert no_files(tmp_path / "b")


def test_stale_temp_files_are_cleaned(tmp_path: Path) -> None:
    (tmp_path / ".cchc-20250101-000000-dong.sqlite3.abc.tmp-cchc").write_bytes(b"half")
    (tmp_path / "cchc-20250101-000000-dong.sqlite3").write_bytes(b"kept")
    removed = bk.remove_stale_temps(tmp_path)
    assert [p.name for p in removed] == [".cchc-20250101-000000-dong.sqlite3.abc.tmp-cchc"]
    assert [p.name for p in tmp_path.iterdir()] == ["cchc-20250101-000000-dong.sqlite3"]


# -- listing and comparing --------------------------------------------------------------------
def test_list_and_inspect(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    old = make_backup(db_path, folder / "cchc-20240101-080000-dong.sqlite3", "dong")
    store = Store.open(db_path)
    store.catalogue.add_task(store.catalogue.plans()[0].id, None, "Thêm một nhiệm vụ")
    store.close()
    new = make_backup(db_path, folder / "cchc-20250101-080000-thucong.sqlite3", "thucong")
    (folder / "cchc-20241231-080000-dinhky.sqlite3").write_bytes(b"not a database" * 100)
    (folder / "ghi chú.txt").write_text("bỏ qua")
    listed = list_backups(folder)
    assert [b.path.name for b in listed] == [
        "cchc-20250101-080000-thucong.sqlite3",
        "cchc-20241231-080000-dinhky.sqlite3",
        "cchc-20240101-080000-dong.sqlite3",
    ]
    assert [b.damaged for b in listed] == [False, True, False]
    assert listed[1].error
    assert (old.tasks, new.tasks) == (3, 4)
    info = inspect_backup(new.path)
    assert info.created == datetime(2025, 1, 1, 8, 0)
    assert (info.reason, info.plans, info.tasks, info.units, info.results) == (
        "thucong",
        1,
        4,
        2,
        1,
    )
    assert info.reason_text == "sao lưu thủ công"
    summary = diff_summary(db_path, old.path)
    assert summary["tasks"] == (4, 3)
    assert summary["plans"] == (1, 1)
    assert summary["results"] == (1, 1)
    assert set(summary) >= {"plans", "sections", "tasks", "units", "unit_groups"}


def test_inspect_old_schema_without_results(tmp_path: Path) -> None:
    path = tmp_path / "cchc-20200101-000000-dong.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE plans (id INTEGER); CREATE TABLE tasks (id INTEGER);")
    conn.close()
    info = inspect_backup(path)
    assert (info.plans, info.results, info.units) == (0, 0, 0)
    assert "results" not in diff_summary(path, path)


# -- thinning ---------------------------------------------------------------------------------
def kept(items: list[datetime], now: datetime, reasons: dict[int, str] | None = None) -> set:
    reasons = reasons or {}
    return {items[i] for i in select_to_keep([(d, reasons.get(i, "dinhky")) for i, d in enumerate(items)], now)}  # fmt: skip


def test_thinning_24_hours_and_one_per_day() -> None:
    now = datetime(2025, 7, 1, 12, 0)
    anchor = now - timedelta(minutes=1)
    a = now - timedelta(hours=24)  # 30/6 12:00:00: exactly 24 h -> kept
    b = a - timedelta(seconds=1)  # same day, older than 24 h, not the newest of its day
    c = now - timedelta(hours=3)
    assert kept([anchor, a, b, c], now) == {anchor, a, c}


def test_thinning_daily_window_edge() -> None:
    now = datetime(2025, 7, 16, 12, 0)  # Wednesday
    d7 = now - timedelta(days=7)  # Wed 9/7: exactly 7 days -> its day's newest, kept
    d6 = now - timedelta(days=6)  # Thu 10/7
    d8 = now - timedelta(days=8)  # Tue 8/7: same week and month as newer ones -> removed
    anchor = now - timedelta(minutes=1)
    assert kept([anchor, d6, d7, d8], now) == {anchor, d6, d7}


def test_thinning_weekly_window_edge() -> None:
    now = datetime(2025, 8, 25, 0, 0)  # Monday
    w_in = now - timedelta(weeks=5)  # Mon 21/7 00:00: exactly 35 days, newest of its week
    w_out = w_in - timedelta(seconds=1)  # Sun 20/7: 35 days + 1 s, July has newer -> removed
    anchor = now - timedelta(minutes=1)
    assert kept([anchor, w_in, w_out], now) == {anchor, w_in}


def test_thinning_monthly_window_edge_newest_and_manual() -> None:
    now = datetime(2025, 7, 1, 0, 0)
    m_in = now - timedelta(days=365)  # 1/7/2024 00:00: exactly 365 days
    m_out = m_in - timedelta(seconds=1)  # 30/6/2024: alone in its month but too old
    ancient_manual = datetime(2019, 5, 5)
    anchor = now - timedelta(minutes=1)
    items = [anchor, m_in, m_out, ancient_manual]
    assert kept(items, now, {3: "thucong"}) == {anchor, m_in, ancient_manual}
    assert kept([m_out - timedelta(days=400), m_out], now) == {m_out}  # newest always kept
    assert select_to_keep([], now) == set()
    future = now + timedelta(days=30)  # a PC clock set wrong
    assert future in kept([m_out, future], now)


def test_thinning_a_year_of_hourly_backups_settles_small() -> None:
    start = datetime(2024, 1, 1, 0, 30)
    items: list[datetime] = []
    ever_removed: set[datetime] = set()
    for hour in range(24 * 420):
        now = start + timedelta(hours=hour)
        items.append(now)
        if hour % 24 == 23:
            keep = kept(items, now)
            ever_removed |= set(items) - keep
            items = sorted(keep)
    now = items[-1]
    ages = [now - d for d in items]
    assert sum(a <= timedelta(hours=24) for a in ages) == 25  # 0 h ... 24 h inclusive
    days = [d.date() for d, a in zip(items, ages, strict=True) if timedelta(hours=24) < a]
    assert len(days) == len(set(days))  # never two of one day beyond the last 24 h
    assert all(a <= timedelta(days=365) for a in ages)
    assert len(items) <= 24 + 7 + 5 + 13
    assert not ever_removed & set(items)  # what was removed never had to come back


def test_thin_backups_on_disk(tmp_path: Path) -> None:
    now = datetime(2025, 7, 1, 12, 0)
    names = [
        "cchc-20250701-110000-dong.sqlite3",
        "cchc-20250630-080000-dong.sqlite3",  # 28 h old, a newer one (below) shares its day
        "cchc-20250630-090000-dinhky.sqlite3",
        "cchc-20230101-000000-thucong.sqlite3",
        "cchc-20230101-000000-dong.sqlite3",
    ]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    (tmp_path / "cchc.damaged-20230101-000000.sqlite3").write_bytes(b"x")
    removed = thin_backups(tmp_path, now)
    assert sorted(p.name for p in removed) == [
        "cchc-20230101-000000-dong.sqlite3",
        "cchc-20250630-080000-dong.sqlite3",
    ]
    assert (tmp_path / "cchc.damaged-20230101-000000.sqlite3").exists()


# -- restore ----------------------------------------------------------------------------------
def test_restore_round_trip(db_path: Path, data_dir: Path) -> None:
    at_backup = dump_hash(db_path)
    chosen = backup_now(db_path, data_dir, "dinhky")
    store = Store.open(db_path)
    store.org.add_unit("Đoàn Thanh niên")
    store.catalogue.delete_plan(store.catalogue.plans()[0].id)
    with pytest.raises(BackupError, match="đang được mở"):
        restore_backup(db_path, chosen.path, data_dir)  # the caller must close first
    assert len(list_backups(backups_dir(data_dir))) == 1  # refused before any safety copy
    store.close()
    before_restore = dump_hash(db_path)

    safety = restore_backup(db_path, chosen.path, data_dir)

    assert dump_hash(db_path) == at_backup
    assert safety is not None and safety.reason == "khoiphuc"
    assert dump_hash(safety.path) == before_restore  # what was current is kept, whole
    assert (safety.plans, safety.units) == (0, 3)
    assert not Path(f"{db_path}-wal").exists()
    store = Store.open(db_path)
    try:
        assert [p.title for p in store.catalogue.plans()] == [
            "Tuyên truyền cải cách hành chính năm 2024"
        ]
        assert len(store.org.units()) == 2
    finally:
        store.close()


def test_restore_refuses_backup_from_newer_program(db_path: Path, data_dir: Path) -> None:
    chosen = backup_now(db_path, data_dir, "thucong")
    conn = sqlite3.connect(chosen.path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('cchc_desktop', 'm999_tuong_lai', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = dump_hash(db_path)
    with pytest.raises(NewerBackupError, match="mới hơn"):
        restore_backup(db_path, chosen.path, data_dir)
    assert dump_hash(db_path) == before
    assert len(list_backups(backups_dir(data_dir))) == 1  # no safety copy was needed


def test_restore_refuses_damaged_backup(db_path: Path, data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "cchc-20250101-000000-thucong.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    before = dump_hash(db_path)
    with pytest.raises(BackupError):
        restore_backup(db_path, bad, data_dir)
    assert dump_hash(db_path) == before


def test_restore_over_a_damaged_file_sets_it_aside(db_path: Path, data_dir: Path) -> None:
    chosen = backup_now(db_path, data_dir, "dong")
    damage(db_path)
    damaged_bytes = db_path.read_bytes()
    assert restore_backup(db_path, chosen.path, data_dir) is None
    assert dump_hash(db_path) == dump_hash(chosen.path)
    aside = list(data_dir.glob("cchc.damaged-*.sqlite3"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes


# -- integrity --------------------------------------------------------------------------------
def damage(path: Path) -> None:
    """Overwrite middle pages with garbage, as a torn write on bad hardware would."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    assert pages >= 6, "need a file with a few pages"
    for n in range(2, pages - 1):
        data[n * page : (n + 1) * page] = os.urandom(page)
    path.write_bytes(bytes(data))


def test_quick_check_and_set_aside(db_path: Path, data_dir: Path, tmp_path: Path) -> None:
    assert quick_check(db_path) == []
    assert quick_check(tmp_path / "chưa có.sqlite3") == []  # first start is not damage
    copy = make_backup(db_path, tmp_path / "copy" / "cchc.sqlite3", "thucong").path
    damage(copy)
    assert quick_check(copy)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 200)
    assert quick_check(junk)

    wal = Path(f"{copy}-wal")
    wal.write_bytes(b"wal kept for a technician")
    content = copy.read_bytes()
    when = datetime(2025, 5, 6, 7, 8, 9)
    aside = set_aside_damaged(copy, when)
    assert aside.name == "cchc.damaged-20250506-070809.sqlite3"
    assert aside.read_bytes() == content
    assert Path(f"{aside}-wal").read_bytes() == b"wal kept for a technician"
    assert not copy.exists() and not wal.exists()
    copy.write_bytes(b"second damaged file")
    again = set_aside_damaged(copy, when)  # same second: a new name, the first one kept
    assert again.name == "cchc.damaged-20250506-070809-2.sqlite3"
    assert aside.read_bytes() == content and again.read_bytes() == b"second damaged file"


def test_newest_good_backup_skips_damaged(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    assert newest_good_backup(folder) is None
    good = make_backup(db_path, folder / "cchc-20250101-000000-dong.sqlite3", "dong")
    bad = make_backup(db_path, folder / "cchc-20250201-000000-dong.sqlite3", "dong")
    damage(bad.path)
    (folder / "cchc-20250301-000000-dong.sqlite3").write_bytes(b"garbage" * 1000)
    found = newest_good_backup(folder)
    assert found is not None and found.path == good.path


# -- lock -------------------------------------------------------------------------------------
HOLDER = (
    "import sys, time\n"
    "from cchc_desktop.store.lock import InstanceLock\n"
    "lock = InstanceLock(sys.argv[1])\n"
    "print('locked' if lock.acquire() else f'busy {lock.holder_pid}', flush=True)\n"
    "if len(sys.argv) > 2: time.sleep(120)\n"
)


def run_holder(data_dir: Path, hold: bool) -> subprocess.Popen:
    args = [sys.executable, "-c", HOLDER, str(data_dir)] + (["hold"] if hold else [])
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_lock_blocks_a_second_process_and_dies_with_its_holder(data_dir: Path) -> None:
    with InstanceLock(data_dir) as mine:
        assert mine.held
        other = run_holder(data_dir, hold=False)
        assert other.communicate(timeout=60)[0].strip() == f"busy {os.getpid()}"
        second = InstanceLock(data_dir)  # also within one process
        assert not second.acquire() and second.holder_pid == os.getpid()
    holder = run_holder(data_dir, hold=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        lock = InstanceLock(data_dir)
        assert not lock.acquire()
        assert lock.holder_pid == holder.pid
        with (
            pytest.raises(AlreadyRunningError, match=f"tiến trình {holder.pid}"),
            InstanceLock(data_dir),
        ):
            pass
        holder.kill()  # SIGKILL: no cleanup runs, like a crash
        holder.wait(timeout=60)
        assert lock.acquire(), "a crashed holder must not leave a stale lock"
        lock.release()
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=60)
        if holder.stdout:
            holder.stdout.close()


# -- state.json and the reminder --------------------------------------------------------------
def test_state_file(data_dir: Path, db_path: Path, tmp_path: Path) -> None:
    assert read_state(data_dir) == {}
    (data_dir / "state.json").write_text('{"last_external_backup": "2025-01', encoding="utf-8")
    assert read_state(data_dir) == {}
    (data_dir / "state.json").write_text("[1, 2]", encoding="utf-8")
    assert read_state(data_dir) == {}
    now = datetime.now()
    assert needs_external_reminder(data_dir, now)
    assert "chưa từng" in external_reminder_text(data_dir, now)

    usb = tmp_path / "USB"
    usb.mkdir()
    info = backup_to_folder(db_path, usb, data_dir)
    assert info.reason == "thucong" and info.path.parent == usb
    state = read_state(data_dir)
    assert state["last_external_folder"] == str(usb)
    assert not needs_external_reminder(data_dir, info.created + timedelta(days=14))
    assert needs_external_reminder(data_dir, info.created + timedelta(days=14, seconds=1))
    text = external_reminder_text(data_dir, info.created + timedelta(days=20))
    assert text.startswith("Dữ liệu chưa sao lưu ra ngoài máy từ ")

    write_state(data_dir, {**state, "ghi chú": "Đã sao lưu"})
    assert json.loads((data_dir / "state.json").read_text("utf-8"))["ghi chú"] == "Đã sao lưu"
    assert not [p for p in data_dir.iterdir() if bk.TEMP_SUFFIX in p.name]


def test_upgrade_pending(db_path: Path, tmp_path: Path) -> None:
    assert bk.upgrade_pending(db_path) == []  # current file
    assert bk.upgrade_pending(tmp_path / "mới.sqlite3") == []  # first start
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name != 'm001_foundation'")
    conn.commit()
    conn.close()
    assert bk.upgrade_pending(db_path)[0] == "m002_tracking"
