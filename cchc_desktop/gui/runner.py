"""The one way the window runs work off the GUI thread: exports, reports, imports, backups.

A *job* is a plain function ``job(progress) -> result``.  :func:`run` starts it on a worker
thread and returns a :class:`Task`; the answer comes back on the GUI thread, once:

- ``done(result)`` when the job returned;
- ``failed(message)`` when it raised: the failure is written to the log
  (:mod:`cchc_desktop.logs`, with its traceback unless its message was written for the
  user) and ``message`` is Vietnamese, never the exception's English text
  (:func:`cchc_desktop.logs.user_message`).  Without ``failed`` the message is shown in a
  warning box;
- ``cancelled()`` when the user pressed “Hủy” and the job stopped at one of its steps.

What happened wins: a job that ran to its end before it saw the cancel reports ``done``
(an export whose files were written says so, not that it was cancelled).

**Progress.** ``progress`` is a :class:`cchc_desktop.core.progress.Progress`: the job calls
``progress.step(done, total, text)`` (or ``progress(text)``, the exports' callback) and every
step is also where a cancel stops it.  The steps reach the GUI thread by queued signal.  A
progress dialog with “Hủy” appears only when the job has run :data:`SHOW_AFTER_MS`, so a
quick job flashes nothing; it is not modal, so the window stays usable while it runs (the
screen that started the job disables what must wait for it).

**One mechanism.** Each job gets its own :class:`QThread`.  Not the global thread pool:
it has as many threads as cores (two on an office laptop), so an automatic backup and a
report export would queue behind one another, invisibly, and closing would have to wait for
work that never started.  Jobs are few and long; a thread each costs nothing that matters.
Every running thread is held by one keeper that belongs to the application, never by a
screen, so closing a screen or dialog never destroys a running thread (the task's answer is
then dropped and the job asked to stop); :func:`finish_all` cancels and waits for them when
the window closes or the application quits.

**The database.** SQLite connections stay on the thread that opened them.  A job that reads
opens its own connection: wrap it with :func:`reading`.  Writes stay on the GUI thread's
connection, as one short transaction through ``AppContext.act`` *after* the worker has done
the slow part (checked the files, made the backup): the undo log's triggers, the store's
one-transaction-per-action bookkeeping and the change broadcast all live with that
connection, and a second writer would meet it as a locked database.  The import of returned
workbooks does exactly this (``gui/import_dialog.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from cchc_desktop import logs
from cchc_desktop.core.progress import Cancelled, Progress

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from cchc_desktop.store.store import Store

T = TypeVar("T")

SHOW_AFTER_MS = 300  # a job still running after this long shows its progress dialog
STEP_EVERY_S = 0.05  # steps closer together than this reach the GUI thread as one

# what the worker's answer says happened
DONE, FAILED, CANCELLED = "done", "failed", "cancelled"


def reading(path: Path | str | None, job: Callable[[Store, Any], T]) -> Callable[[Any], T]:
    """``job(store, progress)`` given its own connection to the database at ``path``, opened
    on the worker's thread and closed when the job ends (SQLite connections never cross
    threads)."""

    def with_reader(progress: Progress) -> T:
        from cchc_desktop.store.store import Store

        if path is None:  # a store with no file has nothing another thread can open
            raise RuntimeError("no database file to read on another thread")
        store = Store.open_reader(path)
        try:
            return job(store, progress)
        finally:
            store.close()

    return with_reader


class _Worker(QThread):
    """Runs one job.  It lives (as a QObject) in the GUI thread; its signals, emitted from the
    job's thread, reach the task there queued."""

    stepped = Signal(int, int, str)  # done, total, text
    answered = Signal(str, object)  # DONE/FAILED/CANCELLED, the result or (message, expected)

    def __init__(self, title: str, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setObjectName(f"việc: {title}")
        self.title, self.job = title, job
        self._last = 0.0
        self.progress = Progress(self._step)

    def _step(self, done: int, total: int, text: str) -> None:  # on the job's thread
        now = time.monotonic()
        if now - self._last >= STEP_EVERY_S or (total and done >= total):
            self._last = now
            self.stepped.emit(done, total, text)

    def run(self) -> None:  # on the job's thread
        outcome: tuple[str, object] = (FAILED, (logs.unexpected_message(), False))
        try:
            outcome = (DONE, self.job(self.progress))
        except Cancelled:
            outcome = (CANCELLED, None)
        except Exception as exc:
            logs.log_failure(exc, f"{self.title} không được")
            outcome = (FAILED, (logs.user_message(exc), logs.is_vietnamese(exc)))
        finally:
            self.answered.emit(*outcome)


class _Keeper(QObject):
    """Holds every running worker thread; belongs to the application, not to a screen."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.running: set[_Worker] = set()

    def start(self, worker: _Worker) -> None:
        worker.setParent(self)
        self.running.add(worker)
        worker.finished.connect(self._finished)  # emitted on the job's thread: queued here
        worker.start()

    @Slot()
    def _finished(self) -> None:
        worker = self.sender()
        if isinstance(worker, _Worker) and worker in self.running:
            self.running.discard(worker)
            worker.wait()  # the thread is past its last line
            worker.deleteLater()

    def wait_all(self, timeout_ms: int) -> bool:
        deadline = time.monotonic() + timeout_ms / 1000
        ok = True
        for worker in list(self.running):
            left = max(0, int((deadline - time.monotonic()) * 1000))
            ok = worker.wait(left) and ok
        return ok


_keeper: _Keeper | None = None


def _the_keeper() -> _Keeper:
    global _keeper
    if _keeper is None:
        app = QCoreApplication.instance()
        _keeper = _Keeper(app)
        if app is not None:
            app.aboutToQuit.connect(lambda: finish_all())
    return _keeper


def finish_all(timeout_ms: int = 10_000) -> bool:
    """Ask every running job to stop and wait for them all (closing the window, quitting);
    whether they all ended within ``timeout_ms``.  A job that cannot stop midway (a backup)
    runs to its end."""
    if _keeper is None:
        return True
    for worker in list(_keeper.running):
        worker.progress.cancel()
    return _keeper.wait_all(timeout_ms)


def wait_all(timeout_ms: int = 10_000) -> bool:
    """Wait, without cancelling, until every running job has ended (their answers arrive
    when the event loop next runs); whether they did within ``timeout_ms``."""
    return _keeper.wait_all(timeout_ms) if _keeper is not None else True


def running() -> int:
    """How many jobs are running now."""
    return sum(not w.isFinished() for w in _keeper.running) if _keeper is not None else 0


class Task(QObject):
    """A job the window started: its progress dialog, its cancel, its one answer.

    It belongs to ``owner`` (the screen or dialog that started it): when that goes, the
    answer is dropped and the job asked to stop.
    """

    ended = Signal(str)  # DONE, FAILED or CANCELLED, after the caller's callback ran

    def __init__(
        self, owner: QObject | None, title: str, job: Callable[[Progress], Any],
        done: Callable[[Any], object] | None, failed: Callable[[str], object] | None,
        cancelled: Callable[[], object] | None, quiet: bool, dialog: bool,
        cancellable: bool = True, modal: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(owner if owner is not None else _the_keeper())
        self.cancellable = cancellable  # False: the dialog offers no “Hủy” (nothing to stop at)
        self.modal = modal  # True: nothing else takes input while the dialog is up
        self.owner = owner if isinstance(owner, QWidget) else None
        self.title = title
        self._done, self._failed, self._cancelled = done, failed, cancelled
        self.quiet, self.with_dialog = quiet, dialog and not quiet
        self.outcome: str | None = None  # set when the answer has arrived
        self.message = ""  # the Vietnamese message of a failure
        self.dialog: QProgressDialog | None = None
        self._step: tuple[int, int, str] = (0, 0, "")
        self._worker = _Worker(title, job)
        self.progress = self._worker.progress
        self._worker.stepped.connect(self._stepped)
        self._worker.answered.connect(self._answered)
        # the task goes with its owner (its parent): nobody will hear the answer, so stop
        progress = self.progress
        self.destroyed.connect(lambda *_: progress.cancel())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_AFTER_MS)
        self._timer.timeout.connect(self._show_dialog)

    def start(self) -> Task:
        if self.with_dialog:
            self._timer.start()
        _the_keeper().start(self._worker)
        return self

    @property
    def running(self) -> bool:
        return self.outcome is None

    @Slot()
    def cancel(self) -> None:
        """Ask the job to stop at its next step (“Hủy”)."""
        self.progress.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Đang dừng…")

    # -- on the GUI thread -------------------------------------------------------------
    @Slot()
    def _show_dialog(self) -> None:
        if self.outcome is not None:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLabel, QProgressDialog

        dialog = QProgressDialog(self.owner)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(self.title)
        label = QLabel()
        label.setWordWrap(True)  # a long file name wraps; the dialog does not grow with it
        dialog.setLabel(label)
        dialog.setCancelButtonText("Hủy")
        if not self.cancellable:
            dialog.setCancelButton(None)  # type: ignore[arg-type]  # Qt takes none: no button
        dialog.setWindowModality(  # the window stays usable, unless the work is waited for
            Qt.WindowModality.ApplicationModal if self.modal else Qt.WindowModality.NonModal
        )
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setFixedWidth(460)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._stepped(*self._step)
        if self.progress.cancelled:
            dialog.setLabelText("Đang dừng…")
        dialog.show()

    @Slot(int, int, str)
    def _stepped(self, done: int, total: int, text: str) -> None:
        self._step = (done, total, text)
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))  # 0: a busy bar, the length is not known
        self.dialog.setValue(min(done, total) if total else 0)
        if not self.progress.cancelled:
            self.dialog.setLabelText(text or f"{self.title}…")

    @Slot(str, object)
    def _answered(self, outcome: str, payload: object) -> None:
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.outcome = outcome
        try:
            self._tell(outcome, payload)
        finally:  # a caller's callback that fails (the error dialog says so) still ends it
            self.ended.emit(outcome)
            # answered once: nothing more will come, so the task lets go of its callbacks
            # and goes (``outcome`` and ``message`` stay readable on its wrapper)
            self._done = self._failed = self._cancelled = None
            self.deleteLater()

    def _tell(self, outcome: str, payload: object) -> None:
        if outcome == DONE:
            if self._done is not None:
                self._done(payload)
        elif outcome == CANCELLED:
            if self._cancelled is not None:
                self._cancelled()
        else:
            message, expected = payload  # type: ignore[misc]
            self.message = message
            if self._failed is not None:
                self._failed(message)
            elif not (self.quiet and expected):  # a quiet job's foreseen failure: log only
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self.owner, "Không thực hiện được", message)


def run(
    owner: QObject | None, title: str, job: Callable[[Progress], T], *,
    done: Callable[[T], object] | None = None, failed: Callable[[str], object] | None = None,
    cancelled: Callable[[], object] | None = None, quiet: bool = False, dialog: bool = True,
) -> Task:  # fmt: skip
    """Start ``job`` off the GUI thread (see the module's docstring); its :class:`Task`.

    ``title`` names the work in Vietnamese (“Xuất báo cáo Quý I/2023”): the progress
    dialog's title, and the log's “<title> không được” on failure.  ``quiet`` is for work the
    user did not ask for (the automatic backup, the start-up check): no dialog, and a failure
    whose message was written for the user (a full disk) only logged; anything unforeseen is
    still shown.  ``dialog=False`` leaves the showing to the screen (the report screen says
    “Đang lập báo cáo…” in place).
    """
    return Task(owner, title, job, done, failed, cancelled, quiet, dialog).start()


def run_and_wait(
    owner: QObject | None, title: str, job: Callable[[Progress], T], *,
    failed: Callable[[str], object] | None = None, cancellable: bool = True,
) -> Task:  # fmt: skip
    """:func:`run`, then wait for its answer in a local event loop: for work the program
    cannot go on without (an older file's backup and upgrade before the window opens, a
    restore between closing the window and reopening it, the backup on closing).  The GUI
    thread keeps handling events (the windows repaint, the progress dialog's “Hủy”
    answers; the dialog is modal, so nothing else takes input meanwhile); the task's
    ``outcome`` and ``message`` tell what happened.  ``cancellable=False``: no “Hủy”, for a
    job with no step at which to stop."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    task = Task(owner, title, job, None, failed, None, False, True, cancellable, True).start()
    task.ended.connect(loop.quit)
    loop.exec()
    return task
