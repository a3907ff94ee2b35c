"""Exports off the GUI thread, with a progress dialog that can be cancelled.

The worker opens its own read connection, so the window never freezes and never shares a
connection across threads; a cancelled export leaves no partial file (writes are atomic).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from cchc_desktop.store.store import Store


class Cancelled(Exception):
    """The user pressed Cancel."""


class ExportJob(QObject):
    progress = Signal(str, int)
    finished = Signal(list)
    failed = Signal(str)

    def __init__(
        self, db_path: Path, job: Callable[[Store, Callable[[str], None]], list[Path]]
    ) -> None:
        super().__init__()
        self.db_path, self.job = db_path, job
        self.cancelled = False
        self._step = 0

    def run(self) -> None:
        store = Store.open_reader(self.db_path)
        try:
            paths = self.job(store, self._progress)
        except Cancelled:
            self.failed.emit("Đã hủy; không có tệp nào được ghi dở.")
        except Exception as exc:  # noqa: BLE001 - every failure is shown to the user
            from cchc_desktop import logs

            logs.log_failure(exc, "Xuất tệp không được")
            self.failed.emit(logs.user_message(exc))
        else:
            self.finished.emit(paths)
        finally:
            store.close()

    def _progress(self, what: str) -> None:
        if self.cancelled:
            raise Cancelled
        self._step += 1
        self.progress.emit(what, self._step)


class ExportRunner(QObject):
    """Lives in the GUI thread: the worker's signals reach it queued, so only it touches widgets."""

    def __init__(self, parent: QWidget, title: str, steps: int, worker: ExportJob,
                 done: Callable[[list[Path]], None], failed: Callable[[str], None]) -> None:  # fmt: skip
        super().__init__(parent)
        self.title, self.steps, self.done, self.fail_cb = title, steps, done, failed
        self.dialog = QProgressDialog(title, "Hủy", 0, steps, parent)
        self.dialog.setWindowTitle("Đang xuất")
        self.dialog.setMinimumDuration(0)
        self.dialog.setValue(0)
        self.worker = worker
        self.thread = QThread(self)
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        worker.progress.connect(self.on_progress)
        worker.finished.connect(self.on_finished)
        worker.failed.connect(self.on_failed)
        self.dialog.canceled.connect(self.cancel)
        self.thread.finished.connect(worker.deleteLater)

    def start(self) -> None:
        self.thread.start()

    @Slot()
    def cancel(self) -> None:
        self.worker.cancelled = True

    @Slot(str, int)
    def on_progress(self, what: str, step: int) -> None:
        self.dialog.setLabelText(f"{self.title}: {what}…")
        self.dialog.setValue(min(step, self.steps))

    def _stop(self) -> None:
        self.dialog.reset()
        self.thread.quit()
        self.thread.wait(10000)

    @Slot(list)
    def on_finished(self, paths: list[Path]) -> None:
        self._stop()
        self.done(paths)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self._stop()
        self.fail_cb(message)


def run_export(parent: QWidget, title: str, steps: int, db_path: Path,
               job: Callable[[Store, Callable[[str], None]], list[Path]],
               done: Callable[[list[Path]], None], failed: Callable[[str], None]) -> ExportRunner:  # fmt: skip
    """Start ``job`` in a thread and show a cancellable progress dialog while it runs."""
    runner = ExportRunner(parent, title, steps, ExportJob(db_path, job), done, failed)
    runner.start()
    return runner
