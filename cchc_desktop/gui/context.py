"""The state every screen shares: the open store, the current plan, and the change broadcast.

Screens never talk to each other.  Every user action runs as one operation
(:meth:`AppContext.act`, or :meth:`AppContext.operation` for one that needs more than one
call), which states what it changes and ends by broadcasting one
:class:`~cchc_desktop.core.changes.Changes` record on :attr:`AppContext.changes`; undo and
redo broadcast what the step they replay touched.  Screens subscribe
(:class:`cchc_desktop.gui.screen.Screen`) and refresh only what a record touches.  That keeps
undo/redo, refreshing and error messages in one place.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from cchc_desktop.core.changes import Changes, Id, Kind
from cchc_desktop.store.errors import StoreError

if TYPE_CHECKING:
    from cchc_desktop.store.opening import ReadAhead
    from cchc_desktop.store.store import Store

T = TypeVar("T")
log = logging.getLogger(__name__)
FAILED = "Không thực hiện được"  # the title of a refusal's message box


class Operation(Generic[T]):
    """One user action under way: what it changes, who started it, and how it ended.

    ``ok`` is false when the store refused it (its Vietnamese reason was shown); ``value`` is
    what the write returned.
    """

    def __init__(self, kinds: frozenset[Kind], source: QObject | None, label: str) -> None:
        self.kinds = kinds
        self.source = source
        self.label = label
        self.ok = False
        self.value: T | None = None


def origin_of(source: QObject | None) -> str:
    """A name for who started an operation: the widget's class (``UnitWorkScreen``…)."""
    return type(source).__name__ if source is not None else ""


class AppContext(QObject):
    """Shared state of one window."""

    changes = Signal(object)  # one core.changes.Changes after each user action, undo or redo
    plan_changed = Signal(object)  # the current plan id (int or None)
    undo_state_changed = Signal()

    def __init__(
        self, store: Store, parent: QObject | None = None, keep_focus: bool = True
    ) -> None:
        """``keep_focus=False`` leaves installing the focus keeper (:mod:`gui.focus`) to the
        main window, once its frame is drawn: an application-wide filter sees every event
        of the window's construction, and its first events alone cost some 50 ms."""
        super().__init__(parent)
        if keep_focus:
            from cchc_desktop.gui import focus

            focus.install()  # after a dialog the keyboard goes back where it was, in every screen
        self.store = store
        self.read_ahead: ReadAhead | None = None  # the opening figures, read on another thread
        self._plan_id: int | None = store.catalogue.newest_plan_id()

    # -- current plan ------------------------------------------------------------------
    @property
    def plan_id(self) -> int | None:
        return self._plan_id

    def set_plan(self, plan_id: int | None) -> None:
        if plan_id != self._plan_id:
            self._plan_id = plan_id
            self.plan_changed.emit(plan_id)

    # -- writing -----------------------------------------------------------------------
    @contextlib.contextmanager
    def operation(
        self,
        touches: Kind | Iterable[Kind],
        parent: QWidget | None = None,
        label: str = "",
        failure: str = FAILED,
    ) -> Iterator[Operation[Any]]:
        """One user action made of the store calls inside the ``with`` block.

        A :class:`StoreError` ends it: its Vietnamese message is shown (titled ``failure``)
        and nothing is broadcast.  Any other exception goes on to the caller (and, if nobody
        catches it, to the log and the user: :mod:`cchc_desktop.gui.error_dialog`).  Once the
        block is over the change is broadcast: the kinds stated in ``touches`` and whatever
        the undo log shows the action reached (cascaded deletes, regenerated occurrences).
        """
        kinds = frozenset([touches] if isinstance(touches, Kind) else touches)
        op: Operation[Any] = Operation(kinds, parent, label)
        newest = self.store.undo_log.newest()
        try:
            yield op
        except StoreError as exc:
            QMessageBox.warning(parent, failure, str(exc))
            return
        op.ok = True
        self._broadcast(self._record(op, newest))

    def act(
        self,
        fn: Callable[..., T],
        *args: Any,
        touches: Kind | Iterable[Kind],
        parent: QWidget | None = None,
        **kw: Any,
    ) -> T | None:
        """Run one store write as a user action (see :meth:`operation`); its value, or
        ``None`` when the store refused it."""
        with self.operation(touches, parent) as op:
            op.value = fn(*args, **kw)
        return op.value if op.ok else None

    def undo(self) -> str | None:
        return self._replay("undo")

    def redo(self) -> str | None:
        return self._replay("redo")

    def _replay(self, stack: str) -> str | None:
        """Undo or redo one step, and broadcast what that step touched (read from the undo
        log before the replay, while every row it names still exists)."""
        touched = self.store.undo_log.touched(stack)
        label = self.store.undo() if stack == "undo" else self.store.redo()
        if label is None:
            return None
        if touched:
            ids = {k: v for k, v in touched.items() if v is not None}
            record = Changes.of(touched, ids, label, stack)
        else:  # a step whose log could not be read: anything may have changed
            record = Changes.everything(label, stack)
        self._broadcast(record)
        return label

    def _record(self, op: Operation[Any], newest: int) -> Changes:
        """The kinds stated joined with those the undo log shows since action ``newest``,
        with the rows the log names.  A kind stated but not in the log (issued reports are
        never logged) or logged without its rows (a task's units) may have changed anywhere."""
        touched = self.store.undo_log.touched(after=newest)
        ids: dict[Kind, set[Id]] = {k: v for k, v in touched.items() if v is not None}
        top = self.store.undo_log.top("undo")
        label = op.label or (top[1] if top and top[0] > newest else "")
        return Changes.of(
            op.kinds | frozenset(touched), ids, label, origin_of(op.source), op.source
        )

    def _broadcast(self, record: Changes) -> None:
        log.debug("Thay đổi: %s", record.describe())
        if (
            record.touches(Kind.PLANS)
            and self._plan_id is not None
            and self._plan_id not in {p.id for p in self.store.catalogue.plans()}
        ):
            plans = self.store.catalogue.plans()
            self.set_plan(plans[0].id if plans else None)
        self.changes.emit(record)
        self.undo_state_changed.emit()
