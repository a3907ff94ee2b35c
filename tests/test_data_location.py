"""Where the data lives, said where a user looks.

Rules checked here: the data lives per Windows account in %LOCALAPPDATA% (platformdirs), not
beside the program; the first-run form and Cài đặt say so; the reminder to copy a backup off
the PC points at a USB stick or another folder the user picks (the last one offered first),
and its link opens that choice directly.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel

from cchc_desktop import paths
from cchc_desktop.store import backup as bk
from cchc_desktop.store.backup_state import external_reminder_text
from cchc_desktop.store.store import Store


def test_the_default_data_folder_is_per_user_local_app_data(monkeypatch) -> None:
    import platformdirs

    assert paths.default_data_dir() == platformdirs.user_data_path("CCHC Desktop", appauthor=False,
                                                                   roaming=False)  # fmt: skip
    text = paths.data_location_text(Path("C:/Users/lan/AppData/Local/CCHC Desktop/cchc.sqlite3"))
    assert "%LOCALAPPDATA%" in text and "tài khoản Windows" in text and "USB" in text
    assert "AppData/Local/CCHC Desktop" in text.replace("\\", "/")
    assert "bộ nhớ" in paths.data_location_text(":memory:")


def _labels(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_first_run_and_settings_say_where_the_data_lives(qtbot, tmp_path: Path) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.first_run import FirstRunDialog
    from cchc_desktop.gui.settings_view import SettingsScreen

    store = Store.open(tmp_path / "data" / "cchc.sqlite3")
    try:
        first = FirstRunDialog(store)
        qtbot.addWidget(first)
        said = paths.data_location_text(store.path)
        assert said in _labels(first) and str(tmp_path / "data") in said
        settings = SettingsScreen(AppContext(store))
        qtbot.addWidget(settings)
        assert said in _labels(settings)
    finally:
        store.close()


def test_the_backup_reminder_points_at_a_usb_stick_or_a_folder_the_user_picks(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    store = Store.open(tmp_path / "data" / "cchc.sqlite3")
    try:
        data_dir = store.path.parent
        now = datetime.now()
        text = external_reminder_text(data_dir, now)
        assert "USB hoặc một thư mục khác do bạn chọn" in text and "chưa từng" in text
        # an office with work to lose (a brand-new empty office gets no reminder)
        plan = store.catalogue.add_plan(
            now.year, f"Tuyên truyền cải cách hành chính năm {now.year}"
        )
        store.catalogue.add_task(plan, None, "Hội nghị quán triệt", timeline="Thường xuyên")
        window = MainWindow(AppContext(store))
        qtbot.addWidget(window)
        window.show_opening_summary(now.date())
        assert "href='sao-luu'" in window.banner.text()

        usb = tmp_path / "USB"
        usb.mkdir()
        info = bk.backup_to_folder(store.path, usb, data_dir)
        later = external_reminder_text(data_dir, info.created + timedelta(days=20))
        assert (
            later.startswith("Dữ liệu chưa sao lưu ra ngoài máy từ ")
            and f"lần trước: {usb}" in later
        )
        asked: list[str] = []

        def pick(_parent, _title, start=""):
            asked.append(start)
            return str(usb)

        monkeypatch.setattr(QFileDialog, "getExistingDirectory", pick)
        monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda *_a: None)
        window._banner_link("sao-luu")
        assert asked == [str(usb)]  # the folder picker starts where the last copy went
        panel = window.show_screen("cai-dat").backups  # the copy is made off the GUI thread
        qtbot.waitUntil(lambda: not panel.task.running, timeout=20000)
        assert len(list(usb.iterdir())) == 2
    finally:
        store.close()
