"""The full garbage collection runs between events, on the window's thread (gui.collector)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QObject


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def _old_cycle() -> weakref.ref:
    """A cycle that has lived long enough to reach the oldest generation, then dropped."""
    node = Node()
    gc.collect()  # survivors of a full collection are in the oldest generation
    ref = weakref.ref(node)
    del node
    return ref


def test_an_old_cycle_is_freed_by_the_timer_not_by_young_collections(qtbot) -> None:
    """Young collections go on as Python does them; garbage that reached the oldest generation
    waits for the collector's tick, which frees it once Python's own number of young
    collections (ten) has passed, and not before; Python's allocator starts one itself only
    after ten times as many (work that keeps the window's thread from its timer)."""
    from cchc_desktop.gui.collector import BACKSTOP, Collector

    saved = gc.get_threshold()
    parent = QObject()
    try:
        collector = Collector(parent, interval_ms=50)
        assert gc.get_threshold() == (saved[0], saved[1], 10 * BACKSTOP) and collector.young == 10
        assert collector.timer.isActive()

        young = weakref.ref(Node())  # a fresh cycle: a young collection frees it
        gc.collect(0)
        assert young() is None

        old = _old_cycle()
        for _ in range(9):
            gc.collect(1)
        assert old() is not None and not collector.tick()  # nine: not yet
        gc.collect(1)
        assert old() is not None  # the young collections leave it alone
        assert collector.tick() and old() is None and gc.get_count()[2] == 0

        # left alone, the timer does it between events
        old = _old_cycle()
        for _ in range(10):
            gc.collect(1)
        qtbot.waitUntil(lambda: old() is None, timeout=2000)
    finally:
        gc.set_threshold(*saved)
        parent.deleteLater()


def test_the_application_has_one_collector(qapp) -> None:
    """application() installs it once however often it is called."""
    from cchc_desktop.gui import collector
    from cchc_desktop.gui.app import application

    saved = gc.get_threshold()
    try:
        app = application()
        application()
        found = app.findChildren(collector.Collector)
        assert len(found) == 1 and collector.install(app) is found[0]
        assert found[0].young == min(saved[2], 10)
        assert gc.get_threshold()[2] == found[0].young * collector.BACKSTOP
    finally:
        for c in qapp.findChildren(collector.Collector):
            c.timer.stop()
            c.setParent(None)
            c.deleteLater()
        gc.set_threshold(*saved)
