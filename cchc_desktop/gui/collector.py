"""Python's full garbage collection, run by a timer on the window's thread instead of inside
whichever allocation crosses its threshold.

A province's program holds a hundred thousand and more objects the collector tracks (a
period's report alone is eighty thousand lines), and a full collection walks them all: 30 to
50 ms here.  Left to Python, it starts inside whatever allocates at that moment: in the
benchmark, in one frame of the assignment matrix's scrolling as it read a block of cells
(45–69 ms frames against a 50 ms target).  The young collections stay automatic: they are
short and free most garbage.  The full one waits for :class:`Collector`'s next tick, taken
between events, after as many young collections as Python itself waits for; it also keeps
that collection, which may destroy Qt objects caught in cycles, on the GUI thread.  Work that
holds the window's thread for long (none should) still gets Python's own full collection,
after ten times as many: garbage caught in cycles, a discarded workbook's cells for one,
never piles up for want of a tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

BACKSTOP = 10  # Python collects itself after this many times the collector's due count


class Collector(QObject):
    """Takes the full collection from Python's allocator and runs it every ``interval_ms``
    when at least ``young`` collections of the middle generation have passed since the last
    one (Python's own default rule, without its timing)."""

    def __init__(self, parent: QObject, interval_ms: int = 2000, young: int | None = None) -> None:
        super().__init__(parent)
        first, middle, full = gc.get_threshold()
        self.young = young if young is not None else min(full, 10)
        gc.set_threshold(first, middle, self.young * BACKSTOP)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> bool:
        """A full collection if one is due; whether it ran."""
        if gc.get_count()[2] < self.young:
            return False
        gc.collect()
        return True


def install(parent: QObject) -> Collector:
    """The application's one collector (made on the first call).

    Kept on the parent's Python object, not looked for among its children: at start the
    application's children are Qt's own objects, and wrapping them for Python to look at makes
    their classes' enums, some 12 ms before the window's first picture."""
    found = getattr(parent, "_collector", None)
    if found is None:
        found = parent._collector = Collector(parent)  # type: ignore[attr-defined]
    return found
