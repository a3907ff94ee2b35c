"""What every main screen shares: the context, a page title, and following changes.

A screen subscribes to the context's change records and says, in :meth:`Screen.wants`, which
records concern it (the catalogue ignores a result typed in; the dashboard follows it).  A
record it wants is handled at once by :meth:`Screen.refresh` when the screen is shown; while
it is hidden the screen only notes it, and catches up the next time it is shown: a hidden
screen does no work on an edit.  Screens reach the window's own actions (show another screen,
open the import of returned workbooks…) through :class:`WindowActions`, which the main window
implements; a screen shown on its own (in tests, in a dialog) has none.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cchc_desktop.core.changes import Changes
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.widgets import page_title

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent


class WindowActions:
    """What a screen may ask of the window it is shown in."""

    def show_screen(self, key: str) -> Screen:
        """Bring the screen ``key`` (``"danh-muc"``…) forward and return it."""
        raise NotImplementedError

    def show_unit(self, unit_id: int, due: date | None = None) -> None:
        """“Theo đơn vị” for ``unit_id``, in the period holding ``due``."""
        raise NotImplementedError

    def open_import(self, files: list[Path] | None = None) -> QWidget:
        """The import of returned workbooks (``files`` already chosen, or none yet)."""
        raise NotImplementedError

    def tell(self, text: str, msecs: int = 8000) -> None:
        """A short message in the window's status bar."""
        raise NotImplementedError

    def restore_backup(self, path: Path) -> bool:
        """Close the data, put the backup ``path`` in its place and reopen; ``False`` when the
        window cannot (a window not started by the application)."""
        raise NotImplementedError


def window_actions(widget: QWidget) -> WindowActions | None:
    """The actions of the window ``widget`` is in, or ``None`` outside the main window."""
    window = widget.window()
    return window if isinstance(window, WindowActions) else None


class Screen(QWidget):
    """A main screen: ``ctx``, a page title on top of :attr:`main_layout`, and changes."""

    def __init__(
        self, ctx: AppContext, title: str, parent: QWidget | None = None, loaded: bool = True
    ) -> None:
        """``loaded=False``: the screen fills itself the first time it is shown."""
        super().__init__(parent)
        self.ctx = ctx
        self.title = page_title(title)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addWidget(self.title)
        self._pending: Changes | None = None if loaded else Changes.everything("", "opening")
        ctx.changes.connect(self._receive)

    # -- to override -------------------------------------------------------------------
    def wants(self, record: Changes) -> bool:
        """Whether ``record`` changes anything this screen shows."""
        return True

    def refresh(self, record: Changes) -> None:
        """Bring the screen up to date with what ``record`` touched (it is shown)."""

    def activated(self) -> None:
        """The window has just brought this screen forward: catch up if it has not yet (it
        does on being shown)."""
        self.catch_up()

    def prepare_screenshot(self) -> None:
        """Show something worth a picture (the README's screenshots)."""

    # -- following changes ----------------------------------------------------------------
    @property
    def stale(self) -> bool:
        """A change concerning the screen arrived while it was hidden."""
        return self._pending is not None

    def mark_stale(self, record: Changes | None = None) -> None:
        """Catch up with ``record`` (everything when none) the next time the screen is shown."""
        record = record or Changes.everything("", "stale")
        self._pending = record if self._pending is None else self._pending.merged(record)

    def started(self, record: Changes) -> bool:
        """Whether this screen, a widget inside it or a dialog it opened started the action
        of ``record``."""
        source = record.source
        while isinstance(source, QObject):
            if source is self:
                return True
            source = source.parent()
        return False

    def catch_up(self) -> None:
        """Refresh with what arrived while the screen was hidden, if anything did."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self.refresh(pending)

    def _receive(self, record: Changes) -> None:
        if not self.wants(record):
            return
        if self.isVisible():
            self.refresh(record)
        else:
            self.mark_stale(record)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.catch_up()

    # -- the window ---------------------------------------------------------------------
    def window_actions(self) -> WindowActions | None:
        """The main window's actions, or ``None`` for a screen shown on its own."""
        return window_actions(self)
