"""The state every screen shares: the open store, the current plan, and change signals.

Screens never talk to each other; they write through :meth:`AppContext.act` and listen to
``changed``.  That keeps undo/redo, refreshing and error messages in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from cchc_desktop.store.store import Store, StoreError

if TYPE_CHECKING:
    from cchc_desktop.store.opening import ReadAhead

T = TypeVar("T")


class AppContext(QObject):
    """Shared state of one window."""

    changed = Signal()  # data in the store changed (any edit, undo, redo)
    plan_changed = Signal(object)  # the current plan id (int or None)
    undo_state_changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from cchc_desktop.gui import focus

        focus.install()  # after a dialog the keyboard goes back where it was, in every screen
        self.store = store
        self.read_ahead: ReadAhead | None = None  # the opening figures, read on another thread
        self._plan_id: int | None = store.newest_plan_id()

    # -- current plan ------------------------------------------------------------------
    @property
    def plan_id(self) -> int | None:
        return self._plan_id

    def set_plan(self, plan_id: int | None) -> None:
        if plan_id != self._plan_id:
            self._plan_id = plan_id
            self.plan_changed.emit(plan_id)

    # -- writing -----------------------------------------------------------------------
    def act(
        self, fn: Callable[..., T], *args: Any, parent: QWidget | None = None, **kw: Any
    ) -> T | None:
        """Run one store write; show its Vietnamese message on failure; announce the change."""
        try:
            result = fn(*args, **kw)
        except StoreError as exc:
            QMessageBox.warning(parent, "Không thực hiện được", str(exc))
            return None
        self._after_change()
        return result

    def undo(self) -> str | None:
        label = self.store.undo()
        if label is not None:
            self._after_change()
        return label

    def redo(self) -> str | None:
        label = self.store.redo()
        if label is not None:
            self._after_change()
        return label

    def _after_change(self) -> None:
        if self._plan_id is not None and self._plan_id not in {p.id for p in self.store.plans()}:
            plans = self.store.plans()
            self.set_plan(plans[0].id if plans else None)
        self.changed.emit()
        self.undo_state_changed.emit()
