"""Errors and logs: one rotating log file in the data folder, and what the user is told.

``setup`` runs once at start (the window and every command): records go to
``<data folder>/logs/cchc-desktop.log``, 1 MB × 5 files, UTF-8.  The file is opened, and
``logging.handlers`` imported, at the first record written, so a start that logs nothing
pays nothing for it and a command that logs nothing creates no folder.

An exception nobody caught is written to the log with its traceback; the user sees one
Vietnamese sentence naming the log (:func:`unexpected_message`).  The window shows it in a
dialog (``gui/error_dialog.py``); the command line prints it (:func:`install_cli_hooks`).
No Qt here.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOG_NAME = "cchc-desktop.log"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_LEVEL = "INFO"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("cchc_desktop")

# Errors whose message is already a Vietnamese sentence for the user (by qualified name, so
# that recognising one imports nothing).
VIETNAMESE_ERRORS = frozenset({
    "cchc_desktop.cli.CliError",
    "cchc_desktop.store.errors.StoreError",
    "cchc_desktop.store.database.NewerDatabaseError",
    "cchc_desktop.store.backup.BackupError",
    "cchc_desktop.store.lock.AlreadyRunningError",
    "cchc_desktop.reports.safe.ExportError",
    "cchc_desktop.exchange.sheet_reading.ImportRejected",
    "cchc_desktop.exchange.catalogue.CatalogueError",
    "cchc_desktop.exchange.sheet_reading.SheetDamage",
    "cchc_desktop.core.result_entry.ValueRefused",
    "cchc_desktop.gui.printing.PrintError",
})  # fmt: skip

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_path(folder: Path) -> Path:
    """The log file of the data folder ``folder``."""
    return folder / "logs" / LOG_NAME


class _LazyRotatingHandler(logging.Handler):
    """A ``RotatingFileHandler`` made at the first record (importing ``logging.handlers``
    costs some 10 ms of a start, and most starts write nothing)."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUP_COUNT) -> None:
        super().__init__()
        self.path, self.max_bytes, self.backups = path, max_bytes, backups
        self._file: logging.Handler | None = None
        self.failed = False  # a record could not be written (a folder without write access)

    def emit(self, record: logging.LogRecord) -> None:  # called under this handler's lock
        try:
            if self._file is None:
                from logging.handlers import RotatingFileHandler

                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = RotatingFileHandler(
                    self.path, maxBytes=self.max_bytes, backupCount=self.backups, encoding="utf-8"
                )
                self._file.setFormatter(self.formatter)
            self._file.emit(record)
        except Exception:
            self.failed = True
            self.handleError(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


_handler: _LazyRotatingHandler | None = None


def level_value(level: str | int | None) -> int:
    """``"DEBUG"``, ``"info"``… (or a number) as a logging level; None is the default."""
    if isinstance(level, int):
        return level
    name = (level or DEFAULT_LEVEL).upper()
    if name not in LEVELS:
        raise ValueError(f"Mức ghi nhật ký “{level}” không hợp lệ; dùng {', '.join(LEVELS)}.")
    return getattr(logging, name)


def set_level(level: str | int | None) -> None:
    """The program's records from ``level`` up; other libraries' from WARNING up whatever
    the level (fontTools alone writes pages at INFO while a PDF is made)."""
    value = level_value(level)
    log.setLevel(value)
    logging.getLogger().setLevel(max(value, logging.WARNING))


def setup(folder: Path, level: str | int | None = None) -> Path:
    """Send records to the log of the data folder ``folder``; the log's path.

    Done once: a second call (the window started by the command line, which set it up
    already) changes only the level, and only when one is given.
    """
    global _handler
    if _handler is None:
        _handler = _LazyRotatingHandler(log_path(folder))
        _handler.setFormatter(logging.Formatter(FORMAT))
        logging.getLogger().addHandler(_handler)
        set_level(level)
    elif level is not None:
        set_level(level)
    return _handler.path


def current_log() -> Path | None:
    """The log file records go to, or None before :func:`setup`."""
    return None if _handler is None else _handler.path


def shutdown() -> None:
    """Close the log and stop sending records to it."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def start(folder: Path, level: str | int | None = None) -> Callable[[], None]:
    """Set up the log and the command line's hooks (the window replaces them with its own);
    return what undoes both, for a ``main()`` called more than once in one process (tests)."""
    fresh = _handler is None
    saved = (sys.excepthook, threading.excepthook, log.level, logging.getLogger().level)
    setup(folder, level)
    install_cli_hooks()

    def undo() -> None:
        sys.excepthook, threading.excepthook = saved[0], saved[1]
        if fresh:
            shutdown()
        log.setLevel(saved[2])
        logging.getLogger().setLevel(saved[3])

    return undo


def unexpected_message() -> str:
    """What the user is told of an error nobody expected (no exception text)."""
    return f"Đã xảy ra lỗi không mong muốn. {where_logged()}"


def where_logged() -> str:
    """The sentence that sends the user (or whoever helps) to the log."""
    if _handler is None:
        return "Chưa ghi được chi tiết vào tệp nhật ký."
    if _handler.failed:
        return f"Không ghi được tệp nhật ký {_handler.path}."
    return f"Chi tiết đã được ghi vào tệp nhật ký {_handler.path}."


def is_vietnamese(exc: BaseException) -> bool:
    """Whether ``exc``'s message was written for the user (see :data:`VIETNAMESE_ERRORS`)."""
    return any(f"{c.__module__}.{c.__qualname__}" in VIETNAMESE_ERRORS for c in type(exc).__mro__)


def user_message(exc: BaseException) -> str:
    """``exc`` told to the user in Vietnamese, never in its English text: its own message if
    that was written for the user, a disk's error said in Vietnamese, else the general one.

    The caller logs the traceback of all but the first kind (see :func:`log_failure`), so the
    other two name the log.
    """
    if is_vietnamese(exc) and str(exc):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{_os_message(exc)} {where_logged()}"
    return unexpected_message()


def uncaught_message(exc: BaseException) -> str:
    """What the user is told of ``exc`` that nobody caught (its traceback is in the log)."""
    said = user_message(exc)
    return f"{said} {where_logged()}" if is_vietnamese(exc) and str(exc) else said


def _os_message(exc: OSError) -> str:
    import errno

    name = f" {exc.filename}" if exc.filename else " tệp"
    if isinstance(exc, PermissionError):
        return f"Không có quyền đọc hoặc ghi{name} (tệp đang mở ở chương trình khác?)."
    if isinstance(exc, FileNotFoundError):
        return f"Không tìm thấy{name}."
    if exc.errno == errno.ENOSPC:
        return f"Ổ đĩa đã đầy; không ghi được{name}."
    code = f" (mã lỗi {exc.errno})" if exc.errno else ""
    return f"Không đọc hoặc ghi được{name}{code}."


def log_failure(exc: BaseException, what: str = "Không thực hiện được") -> None:
    """A failure the user is told of by :func:`user_message`: its message in the log, with
    the traceback unless the message was written for the user."""
    if is_vietnamese(exc):
        log.warning("%s: %s", what, exc)
    else:
        log.error("%s: %s", what, exc, exc_info=(type(exc), exc, exc.__traceback__))


def log_unexpected(exc_info: ExcInfo, where: str = "") -> None:
    """Write an exception nobody caught, with its traceback, to the log."""
    log.error("Lỗi không mong muốn%s", f" ({where})" if where else "", exc_info=exc_info)


def tell(text: str) -> None:
    """One line to the console, where there is one."""
    if sys.stderr is not None:  # the Windows bundle has no console
        with contextlib.suppress(OSError, ValueError):  # a closed or broken stream
            print(text, file=sys.stderr, flush=True)


def report_cli_unexpected(exc_info: ExcInfo) -> int:
    """The command line's answer to an exception nobody caught: logged, one Vietnamese line,
    exit status 1."""
    log_unexpected(exc_info)
    tell(f"Lỗi: {uncaught_message(exc_info[1])}")
    return 1


def _cli_excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        tell("Đã dừng theo yêu cầu.")
        return
    report_cli_unexpected((exc_type, exc, tb))


def _cli_thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    log_unexpected((args.exc_type, args.exc_value, args.exc_traceback), f"luồng {name}")
    tell(f"Lỗi: {uncaught_message(args.exc_value)}")


def install_cli_hooks() -> None:
    """Every exception nobody caught (main thread or another) is logged and told in Vietnamese."""
    sys.excepthook = _cli_excepthook
    threading.excepthook = _cli_thread_hook
