"""One running program per data folder.

Two copies of the program writing the same file would each keep their own undo stacks and
periodic backups and tread on each other's work.  The lock is an operating-system lock on
``<data_dir>/cchc.lock`` (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows): the OS
drops it when the process dies, however it dies, so a crash or power cut never leaves a
stale lock that keeps the office out of its own data.  The file only carries the holder's
process id for the message; its existence means nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

LOCK_FILENAME = "cchc.lock"
_WIN_LOCK_OFFSET = 1 << 20  # Windows locks a byte range; keep it clear of the pid text


class AlreadyRunningError(RuntimeError):
    """Another process holds the data folder; the message is Vietnamese, for the user."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        who = str(pid) if pid else "không rõ"
        super().__init__(f"Chương trình đang mở với thư mục dữ liệu này (tiến trình {who}).")


class InstanceLock:
    """The data folder's lock.  ``with InstanceLock(d):`` raises :class:`AlreadyRunningError`;
    :meth:`acquire` returns False instead and leaves the holder's pid in :attr:`holder_pid`."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_FILENAME
        self._fd: int | None = None
        self.holder_pid: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process (or lock) holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        try:
            locked = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            self.holder_pid = _read_pid(fd)
            os.close(fd)
            return False
        self._fd = fd
        self.holder_pid = os.getpid()
        with contextlib.suppress(OSError):  # the pid is for the message only
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, str(os.getpid()).encode("ascii"))
        return True

    def release(self) -> None:
        """Give the lock back (the file stays: deleting it would race with a new holder)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        if not self.acquire():
            raise AlreadyRunningError(self.holder_pid)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
