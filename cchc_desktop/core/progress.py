"""Progress and cancel for long work, without Qt.

A long job (an export, a report, checking returned workbooks, a backup) is a plain function
given a :class:`Progress`.  It says how far it has come with :meth:`Progress.step` and stops
where it safely can once the user has cancelled.  The window's runner
(``cchc_desktop/gui/runner.py``) shows the steps and sets the cancel; the command line passes
nothing or a bare :class:`Progress`.  Living in ``core``, it lets ``store``, ``reports`` and
``exchange`` report progress and honour a cancel without importing Qt.

The exports have long taken a one-argument ``progress(text)`` callback, called as each file
begins; a :class:`Progress` is also that callable.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Report = Callable[[int, int, str], None]


class Cancelled(BaseException):
    """The user cancelled: the job stops at its next step and writes nothing more.

    A ``BaseException``, as ``asyncio.CancelledError`` is, so that the ``except Exception``
    blocks that turn a failure into a message (one returned workbook's check, a file's
    write) do not take a cancel for a failure of that file: it passes through them, and the
    cleanup they do in ``finally`` or ``except BaseException`` (a set of files discarded
    whole) still runs.
    """


class Progress:
    """How far a job is, and whether the user has asked it to stop.

    ``report(done, total, text)``, when given, hears every step; the runner passes one that
    hands the step to the GUI thread.  The job runs on one thread and the cancel comes from
    another: the flag is a :class:`threading.Event`, safe to read and set from both.
    """

    def __init__(self, report: Report | None = None) -> None:
        self._report = report
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0  # 0: not known (the runner shows a busy bar)
        self.text = ""
        self._begun = 0  # steps begun through __call__

    @property
    def cancelled(self) -> bool:
        """Whether the user has asked the job to stop."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user has asked the job to stop."""
        if self._cancel.is_set():
            raise Cancelled

    def step(self, done: int, total: int | None = None, text: str = "") -> None:
        """``done`` of ``total`` parts finished, ``text`` naming the part under way; stops the
        job (raises :class:`Cancelled`) if the user has cancelled: every step is a place where
        stopping leaves nothing half-done."""
        self.check()
        self.done = done
        if total is not None:
            self.total = total
        self.text = text
        if self._report is not None:
            self._report(self.done, self.total, text)

    def __call__(self, text: str) -> None:
        """The exports' callback: the next part, named ``text``, begins."""
        self.step(self._begun, None, text)
        self._begun += 1
