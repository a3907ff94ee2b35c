"""The office's data: one house that owns the connection and the actions, and its rooms.

Every public method that writes is one user action: one transaction, NFC text, one undo step
(:meth:`Store.action`).  The reads and writes themselves live in rooms, one per subject, each
in its own module, all sharing the house's connection and actions:

==============  =========================================================================
``org``         the office, its units and groups (:mod:`~cchc_desktop.store.org`)
``catalogue``   plans, their own sections, the catalogue's sections and tasks, task numbers
``tracking``    assignments per unit, occurrences, the rows lists and reports read
``results``     results of occurrences and their evidence
``history``     who changed what and when (written by triggers, read here)
``settings``    settings, lists of terms, periods, the sitting's user, the office's identity
``search``      search across plans, tasks, results and units
``issued``      issued reports, frozen as sent, and what changed since
``imports``     imports of returned workbooks, and their undo
==============  =========================================================================

Callers never see SQL; they get the dataclasses of :mod:`cchc_desktop.core.models` and of
the rooms' modules.
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.store.catalogue import Catalogue
from cchc_desktop.store.connection import Connection, connect
from cchc_desktop.store.database import open_database
from cchc_desktop.store.frame_values import FrameValues, read_values, top_label
from cchc_desktop.store.org import Org
from cchc_desktop.store.settings import Settings
from cchc_desktop.store.tracking import Tracking
from cchc_desktop.store.undo import UndoLog

if TYPE_CHECKING:
    from cchc_desktop.store.history import History
    from cchc_desktop.store.imports import Imports
    from cchc_desktop.store.issued import IssuedReports
    from cchc_desktop.store.results import Results
    from cchc_desktop.store.search import Search


class Store:
    """The office database.  Open with :meth:`open`; close when done."""

    def __init__(self, db: Connection, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self.undo_log = UndoLog(db)
        self._depth = 0
        self.closed = False  # a screen left behind a closed office must not read from it
        # damaged settings that fell back to defaults, to tell the user
        self.problems: list[str] = []
        # the rooms the window's first screen reads; the others are made on first use, so
        # that opening the file (at every start, after the first picture) imports only these
        self.org = Org(self)
        self.catalogue = Catalogue(self)
        self.tracking = Tracking(self)
        self.settings = Settings(self)

    @cached_property
    def results(self) -> Results:
        from cchc_desktop.store.results import Results

        return Results(self)

    @cached_property
    def history(self) -> History:
        from cchc_desktop.store.history import History

        return History(self)

    @cached_property
    def search(self) -> Search:
        from cchc_desktop.store.search import Search

        return Search(self)

    @cached_property
    def issued(self) -> IssuedReports:
        from cchc_desktop.store.issued import IssuedReports

        return IssuedReports(self)

    @cached_property
    def imports(self) -> Imports:
        from cchc_desktop.store.imports import Imports

        return Imports(self)

    @classmethod
    def open(cls, path: Path | str) -> Store:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(open_database(path), path)
        store.undo_log.reset()
        with store.db.conn:  # the bare connection, as in reset(): sqlite-utils is not loaded yet
            store.db.conn.execute(
                "UPDATE session_state SET user = ? WHERE id = 1", [store.user_name()]
            )
        return store

    @classmethod
    def open_reader(cls, path: Path | str) -> Store:
        """A second connection for work off the GUI thread (exports): no migration, no undo reset."""
        return cls(connect(path), Path(path))

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(Exception):
            self.db.conn.execute("PRAGMA optimize")
        self.db.close()

    # -- actions, undo, redo ---------------------------------------------------------------
    @contextlib.contextmanager
    def action(self, label: str) -> Iterator[Connection]:
        """One user action: one transaction and one undo step named ``label``."""
        if self._depth:
            self._depth += 1
            try:
                with self.db.atomic():
                    yield self.db
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.db.atomic():
                action_id = self.undo_log.begin(label)
                yield self.db
                self.undo_log.end(action_id)
        finally:
            self._depth = 0

    def undo(self) -> str | None:
        return self.undo_log.replay("undo")

    def redo(self) -> str | None:
        return self.undo_log.replay("redo")

    def undo_label(self) -> str | None:
        return top_label(self.db.conn, "undo")

    def redo_label(self) -> str | None:
        return top_label(self.db.conn, "redo")

    def frame_values(self) -> FrameValues:
        """What the window's frame shows of the data, read as the frame read it at start
        (:mod:`cchc_desktop.store.frame_values`), without the greeting's counts."""
        return read_values(self.db.conn)

    # -- who is working, what went wrong ---------------------------------------------------
    def user_name(self) -> str:
        """Whom history credits: the sitting's user, else the office's, else the system's."""
        sitting = self.settings.sitting_user()
        if sitting:
            return sitting
        office = self.org.office()
        if office and office.user_name:
            return office.user_name
        try:
            return getpass.getuser()
        except Exception:
            return ""

    def note_problem(self, message: str) -> None:
        """Remember, once, a damaged setting that fell back to its default, to tell the user."""
        if message not in self.problems:
            self.problems.append(message)
