"""The few values the window's frame shows, read before the program's own modules load.

A start draws the window's frame (sidebar, toolbar with the plans and undo, the greeting, the
status line, the first screen's title) as soon as PySide6 is up, and only then imports the
store, opens the file and builds the first screen.  The frame needs a handful of values: the
office's name, the plans' titles, the labels of undo and redo, whether the office is still
new, and the greeting's counts.  They are read here, with sqlite3 alone, on a read-only
connection in a thread started before PySide6 loads (:class:`FrameReader`), and the open
store reads the same values through the same code when the window follows an edit
(:meth:`cchc_desktop.store.store.Store.frame_values`).

Light on purpose: this module imports nothing of the program but the connection's names, so
that reading the frame costs a start a few milliseconds, not the store's forty.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cchc_desktop.store.connection import is_current, read_only_uri
from cchc_desktop.store.dashboard_sql import OPEN_FACT

if TYPE_CHECKING:
    from cchc_desktop.core.periods import Period
    from cchc_desktop.store.dashboard_sql import Figures

# The plans in the order every list shows them; the first is the one the window opens on.
PLANS_ORDER = "ORDER BY year DESC, id DESC"


class PlanChoice(NamedTuple):
    id: int
    year: int
    title: str
    number: str


class FrameValues(NamedTuple):
    """What the frame shows of the data (``counts`` is None until the greeting is counted)."""

    office_name: str  # "" when the office is not declared yet
    plans: tuple[PlanChoice, ...]  # newest first (:data:`PLANS_ORDER`)
    undo_label: str | None
    redo_label: str | None
    has_units: bool
    has_tasks: bool
    counts: tuple[int, int] | None = None  # (overdue, due within 14 days), the greeting's

    @property
    def plan_id(self) -> int | None:
        """The plan the window opens on: the newest year's (the last created if several)."""
        return self.plans[0].id if self.plans else None


def read_values(conn: sqlite3.Connection, at_start: bool = False) -> FrameValues:
    """The frame's values (without the greeting's counts) from an open current file.

    ``at_start``: for a window about to open the file, whose store forgets undo and redo
    as it opens (undo belongs to one working session: ``UndoLog.reset``), so there is none
    to offer, whatever the last session left in the file."""
    office = _office_name(conn)
    plans = tuple(
        PlanChoice(int(i), int(y), str(t), str(n or ""))
        for i, y, t, n in conn.execute(f"SELECT id, year, title, number FROM plans {PLANS_ORDER}")
    )
    return FrameValues(
        office_name=office,
        plans=plans,
        undo_label=None if at_start else top_label(conn, "undo"),
        redo_label=None if at_start else top_label(conn, "redo"),
        has_units=conn.execute("SELECT EXISTS (SELECT 1 FROM units)").fetchone()[0] == 1,
        has_tasks=conn.execute("SELECT EXISTS (SELECT 1 FROM tasks)").fetchone()[0] == 1,
    )


def top_label(conn: sqlite3.Connection, stack: str) -> str | None:
    """The label of the action an undo (``stack="undo"``) or a redo would replay."""
    row = conn.execute(
        "SELECT label FROM undo_actions WHERE stack = ? ORDER BY id DESC LIMIT 1", [stack]
    ).fetchone()
    return str(row[0]) if row else None


def _office_name(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = 'office'").fetchone()
    try:
        data = json.loads(row[0]) if row else None
    except ValueError:  # the store notes the damage when it reads the setting itself
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return str(name) if name else ""


def opening_counts(conn: sqlite3.Connection, today: date) -> tuple[int, int]:
    """(overdue, due within 14 days) across the plans of this year and last, for the greeting:
    the open occurrences (no result, or one still in progress) that a report could count
    (of an active assignment, with a due date, not detached), counted in SQL.

    A plan of year Y counts from 15/12 of Y-1, where its first report's data window opens.
    Read from ``occurrence_facts``' index of its open rows (migration m012), by plan and due
    date: one in ten of a province's occurrences, and of those only the index's entries."""
    horizon = today + timedelta(days=14)
    overdue, soon = conn.execute(
        f"""SELECT TOTAL((SELECT COUNT(*) FROM occurrence_facts f INDEXED BY occurrence_facts_open
                          WHERE f.plan_id = p.id AND ({OPEN_FACT})
                            AND f.due >= printf('%04d-12-15', p.year - 1) AND f.due < :today)),
                  TOTAL((SELECT COUNT(*) FROM occurrence_facts f INDEXED BY occurrence_facts_open
                          WHERE f.plan_id = p.id AND ({OPEN_FACT})
                            AND f.due >= max(:today, printf('%04d-12-15', p.year - 1))
                            AND f.due <= :horizon))
           FROM plans p WHERE p.year >= :year - 1""",
        {"today": today.isoformat(), "year": today.year, "horizon": horizon.isoformat()},
    ).fetchone()
    return int(overdue), int(soon)


def usable_cores() -> int:
    """Cores this process may run on (its affinity where the system tells, as ``taskset`` or
    an antivirus's sandbox sets it), at least one."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # Windows and macOS tell only the machine's count
        return os.cpu_count() or 1


class FrameReader:
    """Reads the frame's values, then the greeting's counts and the opening dashboard's main
    statement, on a thread of its own.

    Started by the command line before PySide6 loads.  The values take a few milliseconds and
    are ready when the window is made.  The counts and the dashboard's statement (each up to
    a tenth of a second of SQL on a province) are read while PySide6 loads and the frame is
    drawn where there are two cores; on one core they wait until the frame is drawn
    (:meth:`frame_drawn`), because there they could only hold up the first picture.  Safe to
    start before the program has checked, locked or upgraded the file: it only reads, never
    creates the file, and gives up on a file whose schema is not current (the window then
    opens the slower way, after upgrading it).

    Nothing of the store is imported on this thread: importing the store's modules here,
    beside PySide6's loading on the main thread, held the first picture up by as long as it
    saved (the two take turns at Python's lock).  The dashboard's statement is plain text
    (:mod:`cchc_desktop.store.dashboard_sql`) and its period a rule of :mod:`core.periods`.
    """

    def __init__(self, db_path: Path, today: date) -> None:
        self.today = today
        self._values: FrameValues | None = None
        self._counts: tuple[int, int] | None = None
        self._values_read = threading.Event()
        self._counts_read = threading.Event()
        self._figures_read = threading.Event()
        self._figures: tuple[tuple[int, Period, date], tuple[str, str]] | None = None
        self._drawn = threading.Event()
        if usable_cores() > 1:
            self._drawn.set()
        self._thread = threading.Thread(
            target=self._read, args=(Path(db_path),), name="doc-khung", daemon=True
        )
        self._thread.start()

    def _read(self, db_path: Path) -> None:
        try:
            self._read_file(db_path)
        except Exception:  # nothing here is required: the window reads it itself
            import logging

            logging.getLogger(__name__).info(
                "Đọc trước khung cửa sổ không được; cửa sổ tự đọc", exc_info=True
            )
        finally:
            self._values_read.set()
            self._counts_read.set()
            self._figures_read.set()

    def _read_file(self, db_path: Path) -> None:
        if not db_path.is_file():  # a first start: nothing to read, and nothing to create
            return
        # read-only: a file from a newer program must stay byte for byte as it was
        conn = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=10)
        try:
            if not is_current(conn):
                return  # an older (or newer) file: the window upgrades or refuses it first
            self._values = read_values(conn, at_start=True)
            self._values_read.set()
            self._drawn.wait(timeout=10)  # one core: not before the first picture
            self._counts = opening_counts(conn, self.today)
            self._counts_read.set()
            self._read_figures(conn)
        finally:
            conn.close()

    def _read_figures(self, conn: sqlite3.Connection) -> None:
        """The opening dashboard's SQL (the newest plan's quarter holding today): on a
        province a tenth of a second, read here while the window is drawn."""
        values = self._values
        if values is None or values.plan_id is None:
            return
        # two light modules, imported here rather than before PySide6 loads (the start's path)
        from cchc_desktop.core.periods import opening_period, rules_from_setting
        from cchc_desktop.store.dashboard_sql import read_figures_text

        row = conn.execute("SELECT value FROM settings WHERE key = 'period_rules'").fetchone()
        rules, _errors = rules_from_setting(json.loads(row[0]) if row else None)
        period = opening_period(values.plans[0].year, self.today, rules)
        if period is not None:
            key = (values.plan_id, period, self.today)
            self._figures = (key, read_figures_text(conn, values.plan_id, period, self.today))

    def figures(self, plan_id: int, period: Period, today: date) -> Figures | None:
        """The opening dashboard's SQL, once read, if it was read for the same plan, period
        and day (handed out once; None: read it afresh)."""
        self._drawn.set()
        self._figures_read.wait()
        found, self._figures = self._figures, None
        if found is None or found[0] != (plan_id, period, today):
            return None
        from cchc_desktop.store.dashboard_sql import parse_figures

        return parse_figures(found[1])

    def values(self, today: date) -> FrameValues | None:
        """The frame's values, with the greeting's counts if they are read already; None when
        the file is not current or not readable, or on another day (the window then reads
        everything itself)."""
        self._values_read.wait()
        if self._values is None or today != self.today:
            return None
        if self._counts_read.is_set():
            return self._values._replace(counts=self._counts)
        return self._values

    def frame_drawn(self) -> None:
        """The window's first picture is on screen: the counting may start (on one core)."""
        self._drawn.set()

    def counts(self, today: date) -> tuple[int, int] | None:
        """The greeting's counts, once read (None: count them afresh)."""
        self._drawn.set()
        self._counts_read.wait()
        return self._counts if today == self.today else None

    def discard(self) -> None:
        """Wait for the reading to stop (its connection closed) and hand out nothing: for a
        file about to be set aside or replaced (Windows cannot rename an open file)."""
        self._drawn.set()
        self._thread.join()
        self._values = self._counts = self._figures = None
