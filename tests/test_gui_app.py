"""The whole window: demo office, every screen renders, screenshots, undo shortcuts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cchc_desktop.core.changes import Kind
from cchc_desktop.demo import write_demo
from cchc_desktop.paths import database_path
from cchc_desktop.store.store import Store


@pytest.fixture
def demo_store(tmp_path: Path) -> Store:
    write_demo(tmp_path, 2023)
    s = Store.open(database_path(tmp_path))
    yield s
    s.close()


def test_main_window_shows_every_screen(qtbot, demo_store: Store) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    ctx = AppContext(demo_store)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert ctx.plan_id == demo_store.catalogue.plans()[0].id
    assert window.plan_combo.count() == 1
    for key in (
        "tong-quan",
        "ke-hoach",
        "danh-muc",
        "giao-viec",
        "theo-don-vi",
        "don-vi",
        "cai-dat",
    ):
        widget = window.show_screen(key)
        assert widget.isVisible()
    assert "UBND" in window.statusBar().currentMessage()


def test_undo_and_redo_actions_follow_the_store(qtbot, demo_store: Store) -> None:
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    ctx = AppContext(demo_store)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not window.undo_action.isEnabled()
    uid = ctx.act(demo_store.org.add_unit, "Phòng Y tế", kind="department", touches=Kind.UNITS)
    assert window.undo_action.isEnabled()
    assert "Thêm đơn vị" in window.undo_action.toolTip()
    window.undo_action.trigger()
    assert uid not in [u.id for u in demo_store.org.units()]
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    assert uid in [u.id for u in demo_store.org.units()]


def test_screenshot_mode_writes_one_png_per_screen(tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    out = subprocess.run(
        [sys.executable, "-m", "cchc_desktop", "--demo", "--data-dir", str(tmp_path / "d"),
         "--screenshot", str(shots)],
        capture_output=True, text=True, timeout=180,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    pngs = sorted(p.name for p in shots.glob("*.png"))
    assert pngs == [
        "01-tong-quan.png", "02-ke-hoach.png", "03-danh-muc.png", "04-giao-viec.png",
        "05-theo-don-vi.png", "06-bao-cao.png", "07-don-vi.png", "08-cai-dat.png",
    ]  # fmt: skip
    for p in shots.glob("*.png"):
        assert p.stat().st_size > 10_000  # a real picture, not an empty window


def test_the_look_is_fusion_and_a_sheet_only_on_the_widgets_drawn_specially(
    qtbot, demo_store: Store
) -> None:
    """An application-wide style sheet sends every widget through Qt's style-sheet engine,
    which tripled the time to build a screen; the theme must not bring it back."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QLabel

    from cchc_desktop.gui import theme
    from cchc_desktop.gui.app import application
    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    app = application()
    assert app.styleSheet() == "" and app.style().name().lower() == "fusion"
    assert app.palette().color(QPalette.ColorRole.Window) == QColor(
        theme.COLOURS[QPalette.ColorRole.Window]
    )
    window = MainWindow(AppContext(demo_store))
    qtbot.addWidget(window)
    window.show()
    assert "QListWidget#navigation" in window.nav.styleSheet()
    assert "QLabel#banner" in window.banner.styleSheet()
    dashboard = window.show_screen("tong-quan")
    title = dashboard.findChild(QLabel, "pageTitle")
    assert title.font().pointSizeF() > window.font().pointSizeF() and title.font().bold()
    assert dashboard.overdue_table.horizontalHeader().font().bold()
    assert dashboard.overdue_table.styleSheet() == ""  # tables are drawn by Fusion alone


def test_drawing_the_screens_does_not_use_up_none(qtbot, demo_store: Store) -> None:
    """PySide6 6.12.0 lost a reference to None in QPainter calls (fillRect, drawLine…); with
    Python 3.11 a long session then crashed.  Going round every screen, measuring and drawing
    it, must leave None's reference count level after the first round."""
    import sys

    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.main_window import MainWindow

    window = MainWindow(AppContext(demo_store))
    qtbot.addWidget(window)
    window.show()
    counts = []
    for _ in range(4):
        for key, _title in window.screen_titles:
            screen = window.show_screen(key)
            for view in screen.findChildren(QAbstractItemView):
                if hasattr(view, "resizeColumnsToContents"):
                    view.resizeColumnsToContents()
            screen.repaint()
            QApplication.processEvents()
        counts.append(sys.getrefcount(None))
    assert counts[-1] > counts[1] - 50, counts  # 6.12.0: some 280 fewer each round
