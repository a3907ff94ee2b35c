"""An exception nobody caught, in the window: written to the log, then told in Vietnamese.

The Windows bundle has no console, so without this an exception in a slot (PySide6 hands
those to ``sys.excepthook``), in a worker of the thread pool or in a Python thread would
vanish.  :func:`install` puts :class:`Reporter` in ``sys.excepthook`` and
``threading.excepthook``: the traceback goes to the log (``cchc_desktop.logs``) at once, from
any thread; the dialog opens on the GUI thread, after the slot that failed has returned, and
the program carries on.  The dialog shows no exception text: the traceback is behind
“Sao chép chi tiết”, for whoever helps the user.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop import logs

TITLE = "Lỗi không mong muốn"
AFTER = (
    "Việc vừa làm có thể chưa hoàn tất; chương trình vẫn tiếp tục chạy. Nếu lỗi lặp lại, hãy "
    "bấm “Sao chép chi tiết” và gửi cho người hỗ trợ kỹ thuật."
)
QUIET_SECONDS = 30.0  # the same failure again this soon after its dialog closed: logged only


class ErrorDialog(QDialog):
    """The message, “Sao chép chi tiết” (the traceback to the clipboard) and “Đóng”."""

    def __init__(self, message: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(TITLE)
        self.details = details
        # their enums take some 12 and 15 ms to make: not at start, before the window is drawn
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QStyle

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(420)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Sao chép chi tiết")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_details)
        close = QPushButton("Đóng")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)

    @Slot()
    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText("Đã sao chép")


def details_text(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """What “Sao chép chi tiết” copies: the program's version, the system and the traceback."""
    import platform
    import traceback

    from cchc_desktop import __version__

    head = (
        f"CCHC Desktop {__version__} · Python {platform.python_version()} · "
        f"{platform.platform()} · {time.strftime('%d/%m/%Y %H:%M:%S')}"
    )
    return head + "\n" + "".join(traceback.format_exception(exc_type, exc, tb))


def _signature(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The same failure at the same place (a model's ``data`` failing at every repaint)."""
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb is not None else ""
    return f"{exc_type.__qualname__}@{where}"


class Reporter(QObject):
    """Lives in the GUI thread; other threads reach it through a queued signal."""

    _show = Signal(str, str, str)  # message, details, signature

    def __init__(self) -> None:
        super().__init__()
        self.showing = False
        self.quiet_until: dict[str, float] = {}
        self._lock = threading.Lock()
        self._connected = False

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        self.report(exc_type, exc, tb)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, f"luồng {name}")

    def report(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
        where: str = "",
    ) -> None:  # fmt: skip
        logs.log_unexpected((exc_type, exc, tb), where)
        message = logs.uncaught_message(exc)  # a StoreError's own words; English never
        try:
            details, key = details_text(exc_type, exc, tb), _signature(exc_type, tb)
        except Exception:
            details, key = "", exc_type.__qualname__
        if QApplication.instance() is None:  # before the window's application, or after it
            logs.tell(f"Lỗi: {message}")
        elif (
            threading.current_thread() is threading.main_thread()
            and QThread.currentThread().loopLevel() == 0
        ):
            self.present(message, details, key)  # no event loop to deliver it (start, or end)
        else:
            self._connect()
            self._show.emit(message, details, key)  # once the slot that failed has returned

    def _connect(self) -> None:
        """Queue :attr:`_show` to :meth:`present`, at the first failure, not at start: naming
        a queued connection makes PySide6's ``Qt`` namespace, a hundred enums (some 15 ms),
        and the window's frame is drawn without it."""
        with self._lock:
            if not self._connected:
                from PySide6.QtCore import Qt

                self._show.connect(self.present, Qt.ConnectionType.QueuedConnection)
                self._connected = True

    @Slot(str, str, str)
    def present(self, message: str, details: str, key: str) -> None:
        now = time.monotonic()
        if self.showing or now < self.quiet_until.get(key, 0.0):
            return  # one dialog at a time; the log has every one
        self.showing = True
        try:
            app = QApplication.instance()
            parent = app.activeModalWidget() or app.activeWindow()  # type: ignore[union-attr]
            ErrorDialog(f"{message}\n\n{AFTER}", details, parent).exec()
        except Exception:
            logs.log.exception("Không mở được hộp thoại báo lỗi")
        finally:
            self.showing = False
            self.quiet_until[key] = time.monotonic() + QUIET_SECONDS


_reporter: Reporter | None = None


def install(data_dir: Path | None = None) -> Reporter:
    """Log (in ``data_dir``'s log unless the command line chose one) and tell every exception
    nobody caught; call on the GUI thread once the application exists."""
    global _reporter
    if logs.current_log() is None:
        from cchc_desktop.paths import data_dir as resolve

        logs.setup(resolve(data_dir))
    _reporter = Reporter()
    sys.excepthook = _reporter.excepthook
    threading.excepthook = _reporter.thread_hook
    return _reporter
