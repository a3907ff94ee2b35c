"""The main window: navigation on the left, one screen at a time, undo/redo for everything."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.gui.icons import icon
from cchc_desktop.gui.screen import Screen, WindowActions
from cchc_desktop.gui.theme import styled
from cchc_desktop.gui.widgets import key_sequences, page_title, set_keys
from cchc_desktop.store.frame_values import FrameValues, PlanChoice

if TYPE_CHECKING:
    from cchc_desktop.gui.context import AppContext

SUMMARY_PAUSE_MS = 1500  # the "Hôm nay" counts are redone once edits pause this long


class MainWindow(QMainWindow, WindowActions):
    """One window per data folder.

    Made in two steps at a start: its frame from a few values read before the program's own
    modules load (:mod:`cchc_desktop.store.frame_values`), drawn at once, then :meth:`attach`
    gives it the open store and it builds its first screen.  ``MainWindow(ctx)`` does both.
    """

    def __init__(
        self,
        ctx: AppContext | None = None,
        *,
        frame: FrameValues | None = None,
        folder: Path | None = None,
    ) -> None:
        """``MainWindow(ctx)``: the window on an open store.  ``MainWindow(frame=values,
        folder=data_folder)``: its frame only, until :meth:`attach` gives it the store."""
        super().__init__()
        self.ctx: AppContext = None  # type: ignore[assignment]  # set by attach()
        if ctx is not None:
            frame = ctx.store.frame_values()
            folder = ctx.store.path.parent if ctx.store.path else None
        assert frame is not None, "a window needs its store or its frame's values"
        self._frame = frame._replace(counts=None)  # what the frame shows of the file
        self._folder = folder
        self.setWindowTitle("CCHC Desktop")
        self.setWindowIcon(icon("app"))
        self.resize(self.fitting_size())

        # Screens are built the first time they are shown: a start-up that built all eight
        # (with the report and the dashboard computed) took seconds on a ten-year office.
        # (key, title, "module.Class" under cchc_desktop.gui; the freezing recipe bundles every
        # module of that package, since these imports are made by name)
        self._screen_specs: list[tuple[str, str, str]] = [
            ("tong-quan", "Tổng quan", "dashboard_view.DashboardScreen"),
            ("ke-hoach", "Kế hoạch", "plans_view.PlansScreen"),
            ("danh-muc", "Danh mục nhiệm vụ", "catalogue_view.CatalogueScreen"),
            ("giao-viec", "Giao việc", "matrix_view.MatrixScreen"),
            ("theo-don-vi", "Theo đơn vị", "unit_work_view.UnitWorkScreen"),
            ("bao-cao", "Báo cáo", "report_view.ReportScreen"),
            ("don-vi", "Đơn vị", "units_view.UnitsScreen"),
            ("cai-dat", "Cài đặt", "settings_view.SettingsScreen"),
        ]
        self._built: dict[str, Screen] = {}
        self._placed = False

        icons = {
            "tong-quan": "dashboard",
            "ke-hoach": "plan",
            "danh-muc": "catalogue",
            "giao-viec": "matrix",
            "theo-don-vi": "results",
            "bao-cao": "plan",
            "don-vi": "units",
            "cai-dat": "settings",
        }

        self.nav = styled(QListWidget(objectName="navigation"))
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        for i, (key, title, _where) in enumerate(self._screen_specs):
            item = QListWidgetItem(icon(icons[key]), title)
            item.setToolTip(f"{title} (Ctrl+{i + 1})")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # stands in until the screen is first shown
        # As wide as the longest title in the font in use (fonts differ between PCs), at least 200.
        set_keys(self.nav, horizontalScrollBarPolicy="ScrollBarAlwaysOff")
        self.nav.setFixedWidth(max(200, self.nav.sizeHintForColumn(0) + 8))
        self.nav.currentRowChanged.connect(self._show_screen)

        self.banner = styled(QLabel(objectName="banner"))
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        set_keys(self.banner, textInteractionFlags="LinksAccessibleByMouse")
        self.banner.linkActivated.connect(self._banner_link)
        # the first steps of a new office, until they are done (or hidden)
        self.guide = styled(QLabel(objectName="banner"))
        self.guide.setWordWrap(True)
        self.guide.setVisible(False)
        set_keys(self.guide, textInteractionFlags="LinksAccessibleByMouse")
        self.guide.linkActivated.connect(self._banner_link)
        self._guide_hidden = False
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.setSpacing(0)
        rv.addWidget(self.guide)
        rv.addWidget(self.banner)
        rv.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(right, 1)
        self.setCentralWidget(central)

        self._build_toolbar()
        self._show_plans(frame.plans, frame.plan_id)
        self._show_undo_labels(frame.undo_label, frame.redo_label)
        # The window opens on its frame: the first screen's title in its place, its content
        # built and filled once the frame has been drawn (see paintEvent), without moving
        # anything, so the user sees the program at once instead of waiting for its figures.
        self._opening_row = 0 if frame.plan_id is not None else 1
        self._opened = False  # the first screen has been built and filled
        self._opening_asked = False
        self._titled_stand_in(self._opening_row)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self._opening_row)
        self.nav.blockSignals(False)
        self.stack.setCurrentIndex(self._opening_row)
        self.statusBar().showMessage(self._office_line(frame.office_name))
        self._show_guide(frame)
        if frame.counts is not None or ctx is None:  # the counts, or their place until read
            self._show_summary(frame.counts, date.today(), frame.has_tasks)
        # set by the application: what comes once the frame is drawn (a frame without its store)
        self.on_frame_drawn: Callable[[], None] | None = None
        # set by the application: close, restore a backup, reopen
        self.on_restore: Callable[[Path], None] | None = None
        self.integrity_problems: list[str] | None = None  # the background check's finding
        self.closing_for_restore = False
        self._dirty = False
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext, counts: tuple[int, int] | None = None) -> None:
        """Give the window its store: it follows the data from now on, and builds its first
        screen once its frame is drawn (at once, if it already is).  ``counts``: the
        greeting's, read at start (else they are taken now)."""
        self.ctx = ctx
        ctx.changes.connect(self._follow)
        ctx.plan_changed.connect(self._select_plan_in_combo)
        ctx.undo_state_changed.connect(self._update_undo_actions)
        fresh = ctx.store.frame_values()
        if fresh != self._frame:  # the file changed since the frame was read (a backup restored)
            self._show_plans(fresh.plans, ctx.plan_id)
            self._show_undo_labels(fresh.undo_label, fresh.redo_label)
            self.statusBar().showMessage(self._office_line(fresh.office_name))
            self._show_guide(fresh)
            counts = None
        if counts is None:
            self.show_opening_summary()
        else:
            self._show_summary(counts, date.today(), fresh.has_tasks, ctx.store.problems)
        self._summary_timer = QTimer(self, singleShot=True, interval=SUMMARY_PAUSE_MS)
        self._summary_timer.timeout.connect(self._recount_summary)
        self.setAcceptDrops(True)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(5 * 60 * 1000)  # every few minutes while there are changes
        self.backup_timer.timeout.connect(self.periodic_backup)
        self.backup_timer.start()
        if self._opening_asked:  # the frame is on screen already: the first screen next
            QTimer.singleShot(0, self._open_first_screen)

    def _follow(self, record: Changes) -> None:
        """What the window itself shows of the data: the plans' list, the first steps."""
        self._dirty = True  # something to back up
        if record.touches(Kind.UNITS, Kind.PLANS, Kind.TASKS):
            shown = self.ctx.store.frame_values()  # read once for both
            if record.touches(Kind.PLANS):
                self._show_plans(shown.plans, self.ctx.plan_id)
            self._show_guide(shown)
        if self.banner.isVisible() and record.touches(
            Kind.PLANS, Kind.TASKS, Kind.ASSIGNMENTS, Kind.OCCURRENCES, Kind.RESULTS
        ):
            # the "Hôm nay" counts follow the data (a result marked done leaves them); counted
            # once typing pauses, not on every cell (a count of its own each time)
            self._summary_timer.start()

    # -- opening: the frame first, then the first screen -----------------------------------
    @property
    def first_screen_filled(self) -> bool:
        """Whether the screen the window opened on has been built and shows its figures."""
        return self._opened

    def _titled_stand_in(self, row: int) -> None:
        """In place of screen ``row`` until it is built: its title where the screen puts it
        (in the same scroll frame and layout as :meth:`screen_at` and :class:`Screen` give
        it), above an empty area."""
        key, title, _where = self._screen_specs[row]
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(page_title(title))
        column.addStretch(1)
        frame = self._screen_frame(key)
        frame.setWidget(inner)
        old = self.stack.widget(row)
        self.stack.insertWidget(row, frame)
        self.stack.removeWidget(old)
        old.deleteLater()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._opening_asked:  # the frame is being drawn: the first screen comes next
            self._opening_asked = True
            # after this drawing pass: the first screen, or (a frame without its store yet)
            # what the application does once the frame is on screen, which attaches the store
            QTimer.singleShot(0, self._open_first_screen if self.ctx else self._frame_drawn)

    def _frame_drawn(self) -> None:
        if self.on_frame_drawn is not None:
            self.on_frame_drawn()

    def _open_first_screen(self) -> None:
        if not self._opened and self.isVisible():
            # the row the opening drew, or the one the user picked while the store was opening
            self._show_screen(self.nav.currentRow())
        # the start's modules are loaded: Python compiles as usual from now on
        from cchc_desktop import start_cache

        start_cache.end()
        # The focus keeper (if the context left it to the window: see AppContext) once the
        # window has been up a moment, with the other work the user does not see (see
        # gui/app.py, SETTLE_MS): the first events its filter sees cost some 30 ms, which
        # would otherwise hold up the first screen; it matters only once a dialog opens.
        from cchc_desktop.gui import focus

        QTimer.singleShot(self.KEEPER_AFTER_MS, self, focus.install)

    KEEPER_AFTER_MS = 300

    # -- size --------------------------------------------------------------------------
    WANTED = QSize(1366, 800)  # the window's size where the screen has room for it
    FRAME = QSize(16, 40)  # a title bar and borders, before the window system tells us

    def fitting_size(self, available: QRect | None = None) -> QSize:
        """As large as :data:`WANTED`, never larger than the screen's free area less the
        window's frame (an office laptop: 1366×768 with a taskbar)."""
        if available is None:
            screen = self.screen() or QApplication.primaryScreen()
            available = screen.availableGeometry() if screen else QRect(0, 0, 1366, 768)
        frame = self.FRAME
        if self.isVisible():
            frame = self.frameGeometry().size() - self.geometry().size()
        return QSize(min(self.WANTED.width(), available.width() - frame.width()),
                     min(self.WANTED.height(), available.height() - frame.height()))  # fmt: skip

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            QTimer.singleShot(0, self._fit_on_screen)  # once the frame's size is known

    def _fit_on_screen(self) -> None:
        """Shrink and move the window inside the screen's free area (status bar in sight)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        available = screen.availableGeometry()
        if available.contains(self.frameGeometry()):
            return
        self.resize(self.fitting_size(available))
        frame = self.frameGeometry()
        self.move(self.pos() + QPoint(
            max(0, available.left() - frame.left()) - max(0, frame.right() - available.right()),
            max(0, available.top() - frame.top()) - max(0, frame.bottom() - available.bottom()),
        ))  # fmt: skip

    # -- keys the screen's shortcuts did not reach -----------------------------------------
    def keyPressEvent(self, event) -> None:
        """A key pressed while the sidebar or the toolbar has the focus: the screen shown
        answers it if one of its actions has that shortcut (Ctrl+N after clicking the
        sidebar adds to the screen shown, as it does when the screen has the focus)."""
        if self.ctx is None:  # a frame still waiting for its store: no screen to answer
            super().keyPressEvent(event)
            return
        pressed = QKeySequence(event.keyCombination())
        screen = (
            self.screen_at(self.stack.currentIndex()) if self.stack.currentIndex() >= 0 else None
        )
        for act in screen.actions() if screen is not None else []:
            if act.isEnabled() and any(k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                                       for k in act.shortcuts()):  # fmt: skip
                act.trigger()
                event.accept()
                return
        super().keyPressEvent(event)

    # -- toolbar -----------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = styled(QToolBar("Thanh công cụ", objectName="mainToolbar"))
        bar.setMovable(False)
        bar.setIconSize(QSize(20, 20))
        set_keys(bar, toolButtonStyle="ToolButtonTextBesideIcon")
        self.addToolBar(bar)

        self.undo_action = QAction(icon("undo"), "Hoàn tác", self)
        self.undo_action.setShortcuts(key_sequences(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self._undo)
        self.redo_action = QAction(icon("redo"), "Làm lại", self)
        self.redo_action.setShortcuts(key_sequences("Ctrl+Y", "Ctrl+Shift+Z"))
        self.redo_action.triggered.connect(self._redo)
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Kế hoạch: "))
        self.plan_combo = QComboBox(objectName="planCombo")
        self.plan_combo.setMinimumWidth(420)
        self.plan_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.plan_combo.currentIndexChanged.connect(self._combo_plan_chosen)
        bar.addWidget(self.plan_combo)
        bar.addSeparator()
        self.search_edit = QLineEdit(
            objectName="globalSearch", placeholderText="Tìm kiếm (Ctrl+K)…"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(320)
        self.search_edit.returnPressed.connect(lambda: self.open_search(self.search_edit.text()))
        bar.addWidget(self.search_edit)
        search_action = QAction("Tìm kiếm", self)
        search_action.setShortcuts(key_sequences("Ctrl+K"))
        search_action.triggered.connect(
            lambda: (self.search_edit.setFocus(), self.search_edit.selectAll())
        )
        self.addAction(search_action)

        for i, (_key, title, _where) in enumerate(self._screen_specs):
            act = QAction(f"Chuyển sang {title}", self)
            act.setShortcuts(key_sequences(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            self.addAction(act)
        quit_action = QAction("Thoát", self)
        # not StandardKey.Quit: Windows binds no key to it, and the README promises Ctrl+Q
        quit_action.setShortcuts(key_sequences("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    def _undo(self) -> None:
        if self.ctx is None:  # a frame still waiting for its store
            return
        label = self.ctx.undo()
        self.statusBar().showMessage(
            f"Đã hoàn tác: {label}" if label else "Không còn gì để hoàn tác", 4000
        )

    def _redo(self) -> None:
        if self.ctx is None:  # a frame still waiting for its store
            return
        label = self.ctx.redo()
        self.statusBar().showMessage(
            f"Đã làm lại: {label}" if label else "Không còn gì để làm lại", 4000
        )

    def _update_undo_actions(self) -> None:
        self._show_undo_labels(self.ctx.store.undo_label(), self.ctx.store.redo_label())

    def _show_undo_labels(self, u: str | None, r: str | None) -> None:
        self.undo_action.setEnabled(u is not None)
        self.undo_action.setToolTip(f"Hoàn tác: {u} (Ctrl+Z)" if u else "Hoàn tác (Ctrl+Z)")
        self.redo_action.setEnabled(r is not None)
        self.redo_action.setToolTip(f"Làm lại: {r} (Ctrl+Y)" if r else "Làm lại (Ctrl+Y)")

    # -- plan selector -----------------------------------------------------------------
    def _show_plans(self, plans: Iterable[PlanChoice], current: int | None) -> None:
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for p in plans:
            number = f" — {p.number}" if p.number else ""
            self.plan_combo.addItem(f"{p.year}: {p.title}{number}", p.id)
        self.plan_combo.blockSignals(False)
        self._select_plan_in_combo(current)

    def _select_plan_in_combo(self, plan_id: int | None) -> None:
        idx = self.plan_combo.findData(plan_id)
        self.plan_combo.blockSignals(True)
        self.plan_combo.setCurrentIndex(idx)
        self.plan_combo.blockSignals(False)

    def _combo_plan_chosen(self, index: int) -> None:
        if self.ctx is None:  # a frame still waiting for its store
            return
        self.ctx.set_plan(self.plan_combo.itemData(index))

    # -- screens -----------------------------------------------------------------------
    def _show_screen(self, row: int) -> None:
        if row < 0 or self.ctx is None:  # no screen before the store: the opening shows it
            return
        widget = self.screen_at(row)
        self.stack.setCurrentIndex(row)  # shown: it catches up with what changed meanwhile
        widget.activated()
        if row == self._opening_row:
            self._opened = True

    def screen_at(self, row: int) -> Screen:
        """The screen in navigation row ``row``, built (and put in the stack) on first use."""
        key, _title, where = self._screen_specs[row]
        widget = self._built.get(key)
        if widget is None:
            module, cls = where.split(".")
            widget = getattr(importlib.import_module(f"cchc_desktop.gui.{module}"), cls)(
                self.ctx, self
            )
            stand_in = self.stack.widget(row)
            frame = self._screen_frame(key)
            frame.setWidget(widget)
            current = self.stack.currentIndex() == row
            self.stack.insertWidget(row, frame)
            if current:  # the titled stand-in was on screen: the screen takes its place at once
                self.stack.setCurrentIndex(row)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._built[key] = widget
        return widget

    @staticmethod
    def _screen_frame(key: str) -> QScrollArea:
        # A screen wider or taller than the window has room for (the report's, the
        # settings') scrolls inside it instead of making the window larger than the screen.
        frame = QScrollArea(objectName=f"screen-{key}")
        frame.setWidgetResizable(True)
        frame.setFrameShape(QFrame.Shape.NoFrame)
        set_keys(frame, focusPolicy="NoFocus")  # the keyboard goes to the screen
        return frame

    @property
    def screens(self) -> list[tuple[str, str, Screen]]:
        """``(key, title, widget)`` of every main screen (builds those not yet shown)."""
        return [(k, t, self.screen_at(i)) for i, (k, t, _w) in enumerate(self._screen_specs)]

    @property
    def screen_titles(self) -> list[tuple[str, str]]:
        return [(k, t) for k, t, _w in self._screen_specs]

    def show_screen(self, key: str) -> Screen:
        for i, (k, _, _w) in enumerate(self._screen_specs):
            if k == key:
                self.nav.setCurrentRow(i)
                return self.screen_at(i)
        raise KeyError(key)

    # -- opening summary, search, navigation helpers -----------------------------------
    def _recount_summary(self) -> None:
        """The "Hôm nay" line counted again from the data, unless the user has hidden it."""
        if self.banner.isVisible():
            self.show_opening_summary(fresh=True)

    def show_opening_summary(self, today: date | None = None, fresh: bool = False) -> None:
        """The banner: today's overdue and soon-due counts, the backup reminder, problems.
        ``fresh``: counted from the data now, not from the counts read ahead at opening."""
        from cchc_desktop.store.dashboard import opening_counts

        ahead = (
            self.ctx.read_ahead.counts(today or date.today())
            if self.ctx.read_ahead and not fresh
            else None
        )
        counts = ahead or opening_counts(self.ctx.store, today)
        has_tasks = self.ctx.store.frame_values().has_tasks
        self._show_summary(counts, today or date.today(), has_tasks, self.ctx.store.problems)

    def _show_summary(
        self, counts: tuple[int, int] | None, today: date, has_tasks: bool,
        problems: Iterable[str] = (),
    ) -> None:  # fmt: skip
        """The banner from its parts: the greeting's counts (None: still being counted, shown
        as “…” in their places), whether the office has any task yet (a new office has
        nothing to lose: no backup reminder) and the file's problems."""
        from datetime import datetime

        from cchc_desktop.core.formatting import fmt_number
        from cchc_desktop.store.backup_state import external_reminder_text

        overdue, soon = counts if counts is not None else (None, None)

        def shown(n: int | None) -> str:
            return "…" if n is None else fmt_number(n)

        problems = list(problems)
        reminder = (
            external_reminder_text(self._folder, datetime.now())
            if self._folder is not None and has_tasks
            else None
        )
        if counts is not None and not overdue and not soon and not reminder and not problems:
            self.banner.setVisible(False)
            return
        text = ""
        if counts is None or overdue or soon:
            year = today.year
            # what is counted, so that it is not taken for the dashboard's figure of one period
            text = (f"<b>Hôm nay:</b> <span style='color:#b71c1c'><b>{shown(overdue)}</b> lần thực hiện quá hạn chưa hoàn thành</span>"
                    f" · <b>{shown(soon)}</b> lần đến hạn trong 14 ngày tới <span style='color:#546e7a'>(mọi đơn vị được giao, "
                    f"chủ trì và phối hợp, mọi kỳ của kế hoạch năm {year - 1} và {year}; Tổng quan đếm riêng kỳ báo cáo đang chọn)"
                    f"</span>. <a href='tong-quan'>Xem tổng quan</a>")  # fmt: skip
        if reminder:
            text += ("<br>" if text else "") + f"{reminder} <a href='sao-luu'>Sao lưu ngay…</a>"
        if problems:
            text += ("<br>" if text else "") + " ".join(problems)
        self.banner.setText(text + " · <a href='an'>Ẩn</a>")
        self.banner.setVisible(True)

    # -- returned workbooks dropped on the window ----------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.toLocalFile().lower().endswith((".xlsx", ".xls"))
                                              for u in event.mimeData().urls()):  # fmt: skip
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.open_import(files)

    def open_import(self, files: list[Path] | None = None) -> QWidget:
        from cchc_desktop.gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, files or [], self)
        dialog.show()
        return dialog

    def periodic_backup(self) -> None:
        """Back up off the GUI thread when something changed since the last backup."""
        if self.ctx is None:  # a frame still waiting for its store
            return
        if not self._dirty or self.ctx.store.path is None:
            return
        self._dirty = False
        from cchc_desktop.gui import runner
        from cchc_desktop.store.backup import backup_now

        path = self.ctx.store.path
        # quiet: an automatic backup must not interrupt work; a failure the store words for
        # the user (a full disk) goes to the log, anything unforeseen is still shown
        runner.run(self, "Sao lưu định kỳ", lambda _p: backup_now(path, path.parent, "dinhky"),
                   quiet=True)  # fmt: skip

    def closeEvent(self, event) -> None:
        """Back up on closing (a verified copy in the data folder's backups).

        The copy runs off the GUI thread under “Sao lưu khi đóng” (modal, no “Hủy”: the copy
        stops at no step), so the window keeps drawing itself: on a province it takes
        seconds, and a window that stops answering looks like a crash and gets killed
        mid-copy."""
        from cchc_desktop.gui import runner

        # every job stops (or, a backup, ends) before the closing backup or a restore's swap:
        # no other thread may still hold the file
        runner.finish_all()
        store = self.ctx.store if self.ctx is not None else None  # None: closed as it opened
        if not self.closing_for_restore and store is not None and store.path is not None:
            from cchc_desktop.store.backup import backup_now

            path = store.path
            # a second × meanwhile does not come here again: Qt closes a closing window once
            runner.run_and_wait(self, "Sao lưu khi đóng",
                                lambda _progress: backup_now(path, path.parent, "dong"),
                                failed=lambda message: QMessageBox.warning(
                                    self, "Chưa sao lưu được", message),
                                cancellable=False)  # fmt: skip
        super().closeEvent(event)

    # -- first steps of a new office ---------------------------------------------------------
    @staticmethod
    def guide_steps(frame: FrameValues) -> list[tuple[str, bool]]:
        """The first steps as ``(html, done)``: units and groups, a plan, its tasks."""
        return [
            ("<a href='don-vi'>Khai báo các đơn vị</a> (phòng, ban, xã, thị trấn…) và nhóm đơn vị "
             "như “UBND các xã, thị trấn” (Ctrl+7)", frame.has_units),
            ("<a href='ke-hoach'>Tạo kế hoạch của năm</a> (Ctrl+2, rồi Ctrl+N)", bool(frame.plans)),
            ("<a href='nhap-danh-muc'>Nhập danh mục nhiệm vụ từ phụ lục Word/Excel</a> hoặc "
             "<a href='danh-muc'>thêm từng nhiệm vụ</a> (Ctrl+3)", frame.has_tasks),
        ]  # fmt: skip

    def _show_guide(self, frame: FrameValues) -> None:
        if self._guide_hidden:
            return
        steps = self.guide_steps(frame)
        if all(done for _t, done in steps):
            self._guide_hidden = True  # done once: not asked again on every edit
            self.guide.setVisible(False)
            return
        # links not underlined: an underline hides the dot of ạ, ệ, ị… (“Tạo” read as “Tao”)
        parts = [f"{i}. {text}".replace("<a ", "<a style='text-decoration:none; font-weight:600' ")
                 + (" <i>— đã xong</i>" if done else "") for i, (text, done) in enumerate(steps, 1)]  # fmt: skip
        self.guide.setText("<b>Bắt đầu:</b> " + " &nbsp;→&nbsp; ".join(parts)
                           + " · <a href='an-huong-dan'>Ẩn</a>")  # fmt: skip
        self.guide.setVisible(True)

    def _banner_link(self, link: str) -> None:
        if self.ctx is None:  # a frame still waiting for its store
            return
        if link == "an-huong-dan":
            self._guide_hidden = True
            self.guide.setVisible(False)
        elif link == "nhap-danh-muc":
            if self.ctx.plan_id is None:
                self.show_screen("ke-hoach")
                self.statusBar().showMessage(
                    "Hãy tạo kế hoạch trước (Ctrl+N), rồi nhập danh mục vào kế hoạch đó.", 8000
                )
            else:
                self.show_screen("danh-muc").import_catalogue()
        elif link == "an":
            self.banner.setVisible(False)
        elif link == "sao-luu":  # pick a USB stick or any folder, from Cài đặt's backup tab
            settings = self.show_screen("cai-dat")
            settings.tabs.setCurrentWidget(settings.backups)
            settings.backups.backup_to_folder()
        else:
            self.show_screen(link)

    def open_search(self, text: str = "") -> None:
        if self.ctx is None:  # a frame still waiting for its store
            return
        from cchc_desktop.gui.search_dialog import SearchDialog

        dialog = SearchDialog(self.ctx, text, self)
        dialog.open_hit.connect(self.go_to_hit)
        dialog.exec()

    def go_to_hit(self, hit) -> None:
        if hit.plan_id is not None and hit.kind != "unit":
            self.ctx.set_plan(hit.plan_id)
        if hit.kind == "task":
            self.show_screen("danh-muc").select(("task", hit.ref_id))
        elif hit.kind == "unit":
            self.show_screen("don-vi").select_unit(hit.ref_id)
        elif hit.kind == "plan":
            self.show_screen("ke-hoach")
        else:
            occ = next(
                (
                    r
                    for r in self.ctx.store.tracking.occurrence_rows(hit.plan_id)
                    if r.result_id == hit.ref_id
                ),
                None,
            )
            if occ:
                self.show_unit(occ.unit_id, occ.due)

    def show_unit(self, unit_id: int, due: date | None = None) -> None:
        self.show_screen("theo-don-vi").show_unit(unit_id, due)  # type: ignore[attr-defined]

    def tell(self, text: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(text, msecs)

    def restore_backup(self, path: Path) -> bool:
        if self.on_restore is None:
            return False
        self.on_restore(path)
        return True

    def _office_line(self, office_name: str) -> str:
        name = office_name or "(chưa khai báo cơ quan)"
        return f"{name} · Dữ liệu: {self._folder or ''}"

    def save_screenshots(self, folder: Path) -> list[Path]:
        """Write one PNG per main screen (for the README, for review and for tests)."""
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for i, (key, _title, widget) in enumerate(self.screens):
            self.nav.setCurrentRow(i)
            widget.prepare_screenshot()
            for _ in range(3):  # each screen lays itself out and draws before it is grabbed
                QApplication.processEvents()  # not background work: a picture of each screen
            path = folder / f"{i + 1:02d}-{key}.png"
            if not self.grab().save(str(path), "PNG"):
                raise OSError(f"Không ghi được ảnh {path}")
            out.append(path)
        return out
