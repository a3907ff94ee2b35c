"""Vietnamese for the texts Qt itself puts on screen (OK/Cancel, Yes/No, edit menus).

Qt ships no Vietnamese translation, so without this every dialog would end in English
“OK/Cancel” buttons and every text box's right-click menu would be English.  The table is
small and kept in code (not a compiled ``.qm``) so it needs no build step and is the same in a
source checkout, a wheel and a frozen bundle.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

# Source texts as Qt 6 spells them (contexts differ between platform themes, so match by text).
TEXTS: dict[str, str] = {
    # standard buttons (QPlatformTheme, QGnomeTheme, QMessageBox, QDialogButtonBox)
    "OK": "Đồng ý",
    "&OK": "Đồng ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Close": "Đóng",
    "&Close": "Đó&ng",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
    "Help": "Trợ giúp",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "Discard": "Bỏ thay đổi",
    "Close without Saving": "Đóng không lưu",
    "Don't Save": "Không lưu",
    "&Yes": "&Có",
    "Yes": "Có",
    "Yes to &All": "Có với &tất cả",
    "&No": "&Không",
    "No": "Không",
    "N&o to All": "Khô&ng với tất cả",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Show Details...": "Xem chi tiết...",
    "Hide Details...": "Ẩn chi tiết...",
    # context menus of text boxes (QLineEdit, QWidgetTextControl)
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ liên &kết",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    # spin boxes, calendars and file dialogs that Qt draws itself
    "&Step up": "&Tăng",
    "Step &down": "&Giảm",
    "Look in:": "Tìm trong:",
    "&Look in:": "&Tìm trong:",
    "Files of &type:": "&Loại tệp:",
    "Directories": "Thư mục",
    "Directory": "Thư mục",
    "Folder": "Thư mục",
    "File": "Tệp",
    "All Files (*)": "Mọi tệp (*)",
    "&New Folder": "Thư mục &mới",
    "&Delete": "&Xóa",
    "&Rename": "Đổi &tên",
    "Show &hidden files": "Hiện tệp ẩ&n",
    "File &name:": "&Tên tệp:",
    "Files of type:": "Loại tệp:",
    "&Open": "&Mở",
    "&Choose": "&Chọn",
    "Choose": "Chọn",
    "Directory:": "Thư mục:",
    "Back": "Lùi",
    "Forward": "Tiến",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "New Folder": "Thư mục mới",
    "List View": "Dạng danh sách",
    "Detail View": "Dạng chi tiết",
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Loại",
    "Date Modified": "Ngày sửa",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
}


class VietnameseQt(QTranslator):
    """Answers Qt's own translation lookups from :data:`TEXTS`; the program's texts are already
    Vietnamese and pass through untouched (a null answer tells Qt to keep the source)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context == "QShortcut":  # key names (“Ctrl”, “Open”, “Back”) stay as printed on keys
            return None
        return TEXTS.get(source)  # None is a null answer: Qt keeps its source text

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> VietnameseQt:
    """Make Vietnamese the default locale and install the translator once; the application
    keeps it alive as a child.

    Remembered on the application object rather than found with ``findChild``: a search of the
    application's children wraps its style for Python, which builds every enum of ``QStyle``
    (some 15 ms of start-up).
    """
    # Dates, month and day names, the first day of the week (Monday) the Vietnamese way for
    # every widget made from now on (calendar pop-ups said “November”, “Mon Tue”).
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    existing = getattr(app, "_cchc_translator", None)
    if existing is not None:
        return existing
    translator = VietnameseQt(app)
    app.installTranslator(translator)
    app._cchc_translator = translator  # type: ignore[attr-defined]
    return translator
