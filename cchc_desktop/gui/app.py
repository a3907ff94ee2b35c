"""Starting the window: the Qt application, fonts, style, the data folder and first run."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from cchc_desktop.paths import data_dir as resolve_data_dir
from cchc_desktop.paths import database_path
from cchc_desktop.resources import font_paths, stylesheet
from cchc_desktop.store.database import NewerDatabaseError
from cchc_desktop.store.store import Store

VIETNAMESE_SAMPLE = "ộ ữ ự Đ ẫ ằ ỹ"


def application() -> QApplication:
    """The one QApplication, configured for Vietnamese text."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CCHC Desktop")
    app.setOrganizationName("CCHC Desktop")
    install_fonts(app)
    app.setStyleSheet(stylesheet())
    return app


def install_fonts(app: QApplication) -> None:
    """Register the bundled serif; use it for the UI only if the system has no Vietnamese font.

    Bare Linux machines often lack a font with Vietnamese letters, which would show boxes.
    """
    families = []
    for path in font_paths().values():
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(fid))
    font = app.font()
    font.setPointSize(10)
    if families and not _has_vietnamese(font):
        font = QFont(families[0], 10)
    app.setFont(font)


def _has_vietnamese(font: QFont) -> bool:
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(font)
    return all(metrics.inFont(ch) for ch in VIETNAMESE_SAMPLE if not ch.isspace())


def open_store(folder: Path, demo: bool, demo_year: int | None = None) -> Store:
    if demo:
        from cchc_desktop.demo import write_demo

        if not database_path(folder).exists():
            write_demo(folder, demo_year)
    return Store.open(database_path(folder))


def run(
    data_dir: Path | None, demo: bool = False, screenshot_dir: Path | None = None,
    demo_year: int | None = None,
) -> int:  # fmt: skip
    if screenshot_dir is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # pictures need no screen
    app = application()
    if demo and data_dir is None:
        folder = Path(tempfile.mkdtemp(prefix="cchc-demo-"))
    else:
        folder = resolve_data_dir(data_dir)
    try:
        store = open_store(folder, demo, demo_year)
    except NewerDatabaseError as exc:
        QMessageBox.critical(None, "Không mở được dữ liệu", str(exc))
        return 1

    if store.office() is None and screenshot_dir is None:
        from cchc_desktop.gui.first_run import FirstRunDialog

        dialog = FirstRunDialog(store)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            store.close()
            return 0
        if dialog.wants_demo:
            store.close()
            from cchc_desktop.demo import write_demo

            write_demo(folder)
            store = Store.open(database_path(folder))

    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    ctx = AppContext(store)
    window = MainWindow(ctx)
    window.show()
    if screenshot_dir is not None:
        paths = window.save_screenshots(screenshot_dir)
        for p in paths:
            print(p)
        window.close()
        store.close()
        return 0
    code = app.exec()
    store.close()
    return code
