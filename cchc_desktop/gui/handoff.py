"""Handing exported files on as a Windows office expects: show them selected in their folder,
send them with whichever mail program the PC has, and recover when Excel or Word holds a
file open.

- The ``.eml`` draft (``X-Unsent``) opens as a draft only in classic Outlook.  New Outlook,
  Thunderbird and web mail get a ``mailto:`` message (subject and text filled in) from the
  system's mail handler; a ``mailto:`` link cannot carry attachments, so the text also goes
  to the clipboard and the folder opens with the files selected, ready to drag into the
  message.
- A file open in Excel or Word cannot be replaced: the user may close it and try again, or
  save under another name.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cchc_desktop.reports.mail import mailto_url
from cchc_desktop.reports.safe import IN_USE


def _select_in_explorer(paths: list[Path]) -> bool:
    """Windows: open the folder with ``paths`` selected (SHOpenFolderAndSelectItems)."""
    import ctypes
    from ctypes import wintypes

    shell32, ole32 = ctypes.windll.shell32, ctypes.windll.ole32  # type: ignore[attr-defined]
    shell32.ILCreateFromPathW.restype = ctypes.c_void_p
    shell32.ILCreateFromPathW.argtypes = [wintypes.LPCWSTR]
    shell32.ILFindLastID.restype = ctypes.c_void_p
    shell32.ILFindLastID.argtypes = [ctypes.c_void_p]
    shell32.ILFree.argtypes = [ctypes.c_void_p]
    shell32.SHOpenFolderAndSelectItems.argtypes = [
        ctypes.c_void_p, wintypes.UINT, ctypes.POINTER(ctypes.c_void_p), wintypes.DWORD,
    ]  # fmt: skip
    ole32.CoInitialize(None)
    folder = shell32.ILCreateFromPathW(str(paths[0].parent))
    items = [shell32.ILCreateFromPathW(str(p)) for p in paths]
    try:
        if not folder or not all(items):
            return False
        children = (ctypes.c_void_p * len(items))(*[shell32.ILFindLastID(i) for i in items])
        return shell32.SHOpenFolderAndSelectItems(folder, len(items), children, 0) == 0
    finally:
        for pidl in [folder, *items]:
            if pidl:
                shell32.ILFree(pidl)


def show_in_folder(paths: list[Path]) -> None:
    """Open the files' folder, with the files selected where the system allows (Windows)."""
    paths = [Path(p) for p in paths if Path(p).exists()]
    if not paths:
        return
    if sys.platform == "win32":
        with contextlib.suppress(Exception):
            if _select_in_explorer(paths):
                return
        with contextlib.suppress(OSError):
            subprocess.Popen(["explorer", f"/select,{paths[0]}"])
            return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths[0].parent)))


def open_mail_app(subject: str, body: str, to: str = "") -> bool:
    """A new message in the system's mail program; False when none is set up."""
    return QDesktopServices.openUrl(QUrl.fromEncoded(mailto_url(subject, body, to).encode("ascii")))


def mail_with_app(parent: QWidget | None, subject: str, body: str, files: list[Path]) -> str:
    """The ``mailto:`` way for new Outlook and Thunderbird: message opened, text on the
    clipboard, folder shown with the files selected; says what to do next."""
    QGuiApplication.clipboard().setText(body)
    opened = open_mail_app(subject, body)
    show_in_folder(files)
    names = "\n".join(f"  • {Path(f).name}" for f in files)
    head = (
        "Chương trình thư của máy đã mở một thư mới có sẵn tiêu đề và nội dung."
        if opened
        else "Máy chưa đặt chương trình thư mặc định nên chưa mở được thư mới: hãy mở chương "
        "trình thư (hoặc thư điện tử công vụ trên trình duyệt), soạn thư mới và dán nội dung (Ctrl+V)."
    )
    text = (
        f"{head}\n\nTệp đính kèm không thể tự gắn theo cách này: hãy kéo các tệp sau từ thư mục "
        f"vừa mở vào thư (hoặc bấm Đính kèm):\n{names}\n\n"
        "Nội dung thư cũng đã được chép vào bộ nhớ tạm, dán bằng Ctrl+V nếu cần."
    )
    QMessageBox.information(parent, "Gửi thư kèm tệp", text)
    return text


def after_failed_export(parent: QWidget | None, message: str,
                        folder: Path | None) -> tuple[Path, str | None] | None:  # fmt: skip
    """Show why an export failed.  When the file is open in another program and the export
    can run again (``folder`` is where it wrote), offer “Thử lại” and “Lưu với tên khác…”:
    returns ``(folder, name)`` to export again with (name None: the usual one), or None."""
    if folder is None or IN_USE not in message:
        QMessageBox.warning(parent, "Chưa xuất được", message)
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, "Tệp đang mở", message, parent=parent)
    retry = box.addButton("Thử lại", QMessageBox.ButtonRole.AcceptRole)
    rename = box.addButton("Lưu với tên khác…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    if box.clickedButton() is retry:
        return Path(folder), None
    if box.clickedButton() is rename:
        name, _ = QFileDialog.getSaveFileName(
            parent, "Lưu với tên khác (chỉ cần gõ tên, đuôi tệp được thêm)", str(folder)
        )
        if name:
            return Path(name).parent, Path(name).stem
    return None
