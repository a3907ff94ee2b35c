"""Opening fast without cutting corners: the light path gives the same data as the full one."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.periods import opening_day, parse_period_code, quarter_containing
from cchc_desktop.demo import write_demo
from cchc_desktop.store.connection import MIGRATION_NAMES, connect
from cchc_desktop.store.dashboard import build_dashboard, opening_counts
from cchc_desktop.store.database import open_database
from cchc_desktop.store.opening import PAGE, ReadAhead
from cchc_desktop.store.schema import migrations
from cchc_desktop.store.store import Store
from tests.test_migrations import write_newer_database

TODAY = date(2023, 11, 24)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("office")
    write_demo(folder, 2023, today=TODAY)
    return folder / "cchc.sqlite3"


def test_the_light_list_of_migrations_is_the_schema_s() -> None:
    assert tuple(m.name for m in migrations._migrations) == MIGRATION_NAMES


def test_opening_a_current_file_does_not_load_sqlite_utils_until_a_write(office: Path) -> None:
    script = f"""
import sys
from cchc_desktop.store.store import Store
s = Store.open({str(office)!r})
s.org.office(); s.catalogue.plans(); s.org.units(); s.settings.period_rules(); s.undo_label()
assert "sqlite_utils" not in sys.modules, "loaded while opening"
uid = s.org.add_unit("Phòng Thử", kind="department")
assert "sqlite_utils" in sys.modules and s.undo_label() == "Thêm đơn vị Phòng Thử"
s.undo()
assert uid not in [u.id for u in s.org.units()]
s.close()
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_plain_reads_and_sqlite_utils_give_the_same_rows(office: Path) -> None:
    db = connect(office)
    try:
        sql = "SELECT u.id, u.name, g.name AS name FROM units u LEFT JOIN unit_groups g ON 0 ORDER BY u.id"
        plain = list(db.query("SELECT id, name, kind FROM units ORDER BY id"))
        assert db._db is None  # a plain read: the bare connection
        repeated = list(db.query(sql))
        assert db._db is not None  # a repeated column name: sqlite-utils, which renames it
        full = db.database
        assert plain == list(full.query("SELECT id, name, kind FROM units ORDER BY id"))
        assert repeated == list(full.query(sql))
        assert db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == len(plain) > 5
    finally:
        db.close()


def test_a_with_that_writes_goes_through_sqlite_utils(tmp_path: Path) -> None:
    open_database(tmp_path / "x.sqlite3").close()
    db = connect(tmp_path / "x.sqlite3")
    try:
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        db.conn.commit()
        assert db._db is None
        db.execute(
            "WITH x AS (SELECT 'a' AS k) DELETE FROM settings WHERE key IN (SELECT k FROM x)"
        )
        assert db._db is not None  # the write went through sqlite-utils, which committed it
        assert db.execute("SELECT COUNT(*) FROM settings WHERE key = 'a'").fetchone()[0] == 0
    finally:
        db.close()


@pytest.mark.parametrize("early", [False, True], ids=["alone", "after-the-frame-s-reader"])
def test_reading_ahead_gives_what_the_window_would_compute(office: Path, early: bool) -> None:
    """The opening figures read on other connections (the dashboard's main SQL by the frame's
    reader, when there is one) are the figures the window computes on its own."""
    from cchc_desktop.store.frame_values import FrameReader

    reader = FrameReader(office, TODAY) if early else None
    ahead = ReadAhead(office, TODAY, early=reader)
    s = Store.open(office)
    try:
        plan_id = s.catalogue.newest_plan_id()
        assert plan_id == s.catalogue.plans()[0].id
        period = quarter_containing(opening_day(2023, TODAY), s.settings.period_rules())
        assert period is not None and period.code == "2023-Q4"
        assert ahead.counts(TODAY) == opening_counts(s, TODAY)
        d = ahead.dashboard(plan_id, period, TODAY)
        assert d is not None and d.store is None
        d.store = s
        fresh = build_dashboard(s, plan_id, period, TODAY)
        for name in ("counts", "rate", "overdue_ids", "due_soon_count", "by_unit", "by_form",
                     "totals", "targets", "cutoff"):  # fmt: skip
            assert getattr(d, name) == getattr(fresh, name), name
        assert [r.id for r in d.overdue_page(0, PAGE)] == [
            r.id for r in fresh.overdue_page(0, PAGE)
        ]
        assert [r.id for r in d.due_soon_page(0, PAGE)] == [
            r.id for r in fresh.due_soon_page(0, PAGE)
        ]
        assert not d.first_pages  # each page read ahead is handed out once, then read afresh
        assert [r.id for r in d.overdue_page(0, PAGE)] == [
            r.id for r in fresh.overdue_page(0, PAGE)
        ]
        assert sum(d.counts.values()) > 100 and d.overdue_ids
        if reader is not None:  # its figures went to the read-ahead, and only there
            assert reader.figures(plan_id, period, TODAY) is None
        # handed out once, and only for the arguments it was read for
        assert ahead.counts(TODAY) is None and ahead.dashboard(plan_id, period, TODAY) is None
        other = ReadAhead(office, TODAY)
        assert other.dashboard(plan_id, parse_period_code("2023-Q3"), TODAY) is None
        assert other.counts(date(2023, 11, 25)) is None
    finally:
        s.close()


def test_reading_ahead_neither_creates_nor_touches_a_file_it_should_not_read(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "none" / "cchc.sqlite3"
    ahead = ReadAhead(missing, TODAY)
    # the dashboard is asked for first and must not wait for ever on a file never read
    assert ahead.dashboard(1, parse_period_code("2023-Q4"), TODAY) is None
    assert ahead.counts(TODAY) is None and not missing.parent.exists()

    newer = tmp_path / "newer.sqlite3"
    digest = write_newer_database(newer)
    ahead = ReadAhead(newer, TODAY)
    assert ahead.dashboard(1, parse_period_code("2023-Q4"), TODAY) is None
    assert ahead.counts(TODAY) is None
    assert hashlib.sha256(newer.read_bytes()).hexdigest() == digest


def test_pyside_s_check_of_each_import_gives_the_same_answer_read_as_bytes() -> None:
    """``gui.pyside_imports`` replaces how shiboken reads a module, not what it answers."""
    script = """
import sys
import cchc_desktop.gui.app  # noqa: F401  (with main_window: the gui, Qt and most of the program)
import cchc_desktop.gui.main_window  # noqa: F401
import cchc_desktop.core.status  # noqa: F401
from cchc_desktop.gui.pyside_imports import reads_pyside
feature = sys.modules["shibokensupport.feature"]
quick = feature._mod_uses_pyside
original = quick._cchc_original
checked = differ = 0
for name, module in list(sys.modules.items()):
    if module is None:
        continue
    checked += 1
    if reads_pyside(module, original) != original(module):
        differ += 1
        print("differs:", name)
assert checked > 150 and differ == 0, (checked, differ)
assert reads_pyside(sys.modules["cchc_desktop.gui.app"], original)
assert not reads_pyside(sys.modules["cchc_desktop.core.status"], original)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_started_application_is_fusion_in_a_font_with_vietnamese_letters() -> None:
    """Made by the program (not by pytest-qt): Fusion chosen by Qt's ``-style`` argument."""
    script = """
from cchc_desktop.gui.app import VIETNAMESE_SAMPLE, _has_vietnamese, application
from PySide6.QtGui import QFontMetrics
app = application()
assert app.style().name().lower() == "fusion", app.style().name()
metrics = QFontMetrics(app.font())
assert all(metrics.inFontUcs4(ord(c)) for c in VIETNAMESE_SAMPLE if not c.isspace())
assert _has_vietnamese(app.font())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_command_line_starts_reading_the_frame_before_pyside6_loads(office: Path) -> None:
    """The frame's values and the greeting's counts are read while PySide6 loads (the longest
    part of a start), and what was read is what the open store reads."""
    script = f"""
import sys
from datetime import date
import cchc_desktop.store.frame_values as frame_values

started = []
class Spy(frame_values.FrameReader):
    def __init__(self, *args):
        started.append("PySide6" in sys.modules)
        super().__init__(*args)
frame_values.FrameReader = Spy

import types
fake = types.ModuleType("cchc_desktop.gui.app")  # the window, replaced by a report
def run(**kw):
    values = kw["early"].values(date.today())
    from cchc_desktop.store.store import Store
    from cchc_desktop.store.dashboard import opening_counts
    s = Store.open({str(office)!r})
    same = values._replace(counts=None) == s.frame_values()
    counts = kw["early"].counts(date.today())
    print(started, type(kw["early"]).__name__, counts == opening_counts(s), same,
          values.office_name == s.org.office().name, values.plan_id == s.catalogue.newest_plan_id())
    return 0
fake.run = run
sys.modules["cchc_desktop.gui.app"] = fake

from cchc_desktop.cli import main
sys.exit(main(["--data-dir", {str(office.parent)!r}]))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[False]", "Spy", "True", "True", "True", "True"]


def test_on_one_core_the_greeting_is_counted_after_the_frame_is_drawn(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On one core the counting could only hold up the first picture: the frame's values are
    handed out at once, the counts only once the frame is drawn; with two cores both are read
    while PySide6 loads."""
    import time

    from cchc_desktop.store import frame_values

    monkeypatch.setattr(frame_values, "usable_cores", lambda: 1)
    reader = frame_values.FrameReader(office, TODAY)
    values = reader.values(TODAY)
    assert values is not None and values.counts is None and values.plans
    time.sleep(0.2)
    assert not reader._counts_read.is_set()  # waiting for the picture
    reader.frame_drawn()
    s = Store.open(office)
    try:
        assert reader.counts(TODAY) == opening_counts(s, TODAY)
        assert values == s.frame_values()
    finally:
        s.close()
    monkeypatch.setattr(frame_values, "usable_cores", lambda: 2)
    two = frame_values.FrameReader(office, TODAY)
    two._thread.join()  # nobody told it the frame is drawn: it counted all the same
    assert two.values(TODAY).counts == reader.counts(TODAY)


def test_the_frame_s_reader_reads_the_opening_dashboard_s_sql_for_its_plan_period_and_day(
    office: Path,
) -> None:
    """Rule: the window opens on the newest plan's quarter holding today (opening_period);
    the frame's reader reads that dashboard's SQL and hands it out once, for that key only."""
    from cchc_desktop.core.periods import opening_period
    from cchc_desktop.store.dashboard_sql import read_figures
    from cchc_desktop.store.frame_values import FrameReader

    s = Store.open(office)
    try:
        plan_id = s.catalogue.newest_plan_id()
        period = opening_period(2023, TODAY, s.settings.period_rules())
        assert period is not None and period.code == "2023-Q4"
        expected = read_figures(s.db.conn, plan_id, period, TODAY)
        assert expected[0] and expected[1] is not None
        reader = FrameReader(office, TODAY)
        assert reader.figures(plan_id, parse_period_code("2023-Q3"), TODAY) is None  # other key
        again = FrameReader(office, TODAY)
        assert again.figures(plan_id, period, TODAY) == expected
        assert again.figures(plan_id, period, TODAY) is None  # handed out once
    finally:
        s.close()


def test_the_window_s_frame_is_drawn_before_pyside6_makes_its_qt_namespace(
    tmp_path: Path, office: Path
) -> None:
    """The first mention of ``Qt`` makes PySide6's ``Qt`` namespace, a hundred enums (some
    15 ms): a start draws its frame without it, then the first screen makes it, and the
    frame's shortcuts and settings are the ones the code names."""
    import shutil

    folder = tmp_path / "office"
    folder.mkdir()
    shutil.copy(office, folder / "cchc.sqlite3")
    script = f"""
import builtins, runpy, sys
said = builtins.print
def print(*args, **kw):
    if args and args[0] in ("frame", "filled"):
        said(args[0], "Qt" in vars(sys.modules["PySide6.QtCore"]))
        if args[0] == "filled":
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QApplication
            w = [t for t in QApplication.topLevelWidgets() if hasattr(t, "undo_action")][0]
            said("keys", [k.toString() for k in w.undo_action.shortcuts()],
                 [k.toString() for k in w.redo_action.shortcuts()],
                 sorted(k.toString() for a in w.actions() for k in a.shortcuts()),
                 w.nav.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return
    said(*args, **kw)
builtins.print = print
sys.argv = ["cchc_desktop", "--data-dir", {str(folder)!r}]
runpy.run_module("cchc_desktop", run_name="__main__", alter_sys=True)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CCHC_EXIT_WHEN_SHOWN": "1"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[:2] == ["frame False", "filled True"], out.stdout
    assert lines[2] == (
        "keys ['Ctrl+Z'] ['Ctrl+Y', 'Ctrl+Shift+Z'] ['Ctrl+1', 'Ctrl+2', 'Ctrl+3', 'Ctrl+4', "
        "'Ctrl+5', 'Ctrl+6', 'Ctrl+7', 'Ctrl+8', 'Ctrl+K', 'Ctrl+Q'] True"
    ), lines[2]


def test_shortcuts_are_made_as_qkeysequence_would_make_them(qapp) -> None:
    """``key_sequences`` builds the frame's shortcuts without naming ``Qt``; they are what
    ``QKeySequence(text)`` and ``QKeySequence(standard key)`` give, an empty one where the
    platform binds no key to a standard key."""
    from PySide6.QtGui import QKeySequence

    from cchc_desktop.gui.widgets import key_sequences

    for text in ("Ctrl+K", "Ctrl+Shift+Z", "F2", "Del", "Ctrl+1", "Alt+Left"):
        assert key_sequences(text) == [QKeySequence(text)]
    for key in QKeySequence.StandardKey:
        assert key_sequences(key) == [QKeySequence(key)], key
