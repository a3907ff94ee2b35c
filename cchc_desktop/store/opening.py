"""The figures the window opens on, read on a second connection while the window is built.

On a ten-year office the greeting's counts and the dashboard's figures take some 60 ms of SQL.
SQLite lets go of Python's lock while it works, so on a two-core office PC that SQL runs
alongside the Python and Qt work of building the window instead of after it.  Nothing here
is required: a figure that is not ready, failed, or was asked for with other arguments (another
plan, period or day) is simply computed again by the caller on its own connection.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Loaded here, by the thread that starts the reading, not by the reading thread: the program
# starts it before PySide6 loads, and the two threads should not be importing at once.
from cchc_desktop.core.periods import Period, opening_period
from cchc_desktop.store.connection import Connection, is_current, read_only_uri
from cchc_desktop.store.dashboard import Dashboard, opening_counts, read_ahead
from cchc_desktop.store.frame_values import FrameReader
from cchc_desktop.store.store import Store

log = logging.getLogger(__name__)
PAGE = 100  # rows of each dashboard list shown before the user scrolls


@dataclass
class _Found:
    counts: tuple[int, int] | None = None  # (overdue, due soon) for the greeting
    dashboard: Dashboard | None = None
    key: tuple[int, str, date] | None = None  # (plan id, period code, today) of ``dashboard``


class ReadAhead:
    """Starts reading at once; each figure is handed out once, to the first caller that matches."""

    def __init__(
        self, db_path: Path, today: date, counts: bool = True, early: FrameReader | None = None
    ) -> None:
        """Start reading ``db_path`` for the window's first plan (the newest) as of ``today``;
        ``counts=False`` leaves out the greeting's counts (the frame read them already);
        ``early``: the frame's reader, which may have read the dashboard's SQL already.

        Safe to start before the program has checked, locked or upgraded the file: it only
        reads, never creates the file, and gives up on a file whose schema is not current.
        """
        self.today = today
        self._with_counts = counts
        self._early = early
        self._found = _Found()
        self._counts_read = threading.Event()  # set once the greeting's counts are read (or not)
        self._dashboard_read = threading.Event()  # set once the dashboard is read (or not)
        self._thread = threading.Thread(
            target=self._read, args=(Path(db_path),), name="doc-truoc", daemon=True
        )
        self._thread.start()

    def _read(self, db_path: Path) -> None:
        try:
            self._read_file(db_path)
        finally:  # whatever happened, the window must not wait for them
            self._counts_read.set()
            self._dashboard_read.set()

    def _read_file(self, db_path: Path) -> None:
        if not db_path.is_file():  # a first start: nothing to read, and nothing to create
            return
        try:  # read-only: a file from a newer program must stay byte for byte as it was
            conn = sqlite3.connect(
                read_only_uri(db_path), uri=True, timeout=10, check_same_thread=False
            )
            store = Store(Connection(conn), db_path)
        except Exception:
            log.info("Đọc trước số liệu mở đầu không được; cửa sổ tự đọc", exc_info=True)
            return
        try:
            if not is_current(store.db.conn):
                return  # an older (or newer) file: the window upgrades or refuses it first
            # in the order the window asks: the greeting is part of the window's frame, the
            # dashboard's figures are filled in once the frame is on screen
            if self._with_counts:
                self._found.counts = opening_counts(store, self.today)
            self._counts_read.set()
            plan_id = store.catalogue.newest_plan_id()
            if plan_id is not None:
                year = store.catalogue.plan(plan_id).year
                period = opening_period(year, self.today, store.settings.period_rules())
                if period is not None:
                    early = self._early
                    figures = early.figures(plan_id, period, self.today) if early else None
                    self._found.dashboard = read_ahead(
                        store, plan_id, period, self.today, PAGE, figures
                    )
                    self._found.key = (plan_id, period.code, self.today)
        except Exception:
            log.info("Đọc trước số liệu mở đầu không được; cửa sổ tự đọc", exc_info=True)
            return
        finally:
            store.db.close()

    def discard(self) -> None:
        """Wait for the reading to stop, then hand out nothing.

        For a file about to be set aside or replaced: the reading's connection is closed
        before the file moves (Windows cannot rename a file that is open), and what it read
        does not belong to the file the window will open.
        """
        self._thread.join()
        self._found = _Found()

    def counts(self, today: date) -> tuple[int, int] | None:
        self._counts_read.wait()
        found = self._found
        counts, found.counts = found.counts, None
        return counts if today == self.today else None

    def dashboard(self, plan_id: int, period: Period, today: date) -> Dashboard | None:
        self._dashboard_read.wait()
        found = self._found
        d, key = found.dashboard, found.key
        found.dashboard = found.key = None
        if d is None or key != (plan_id, period.code, today) or d.period != period:
            return None
        return d
