"""The dashboard's bar charts: ticks, drawing, and a click on a bar naming that bar."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from cchc_desktop.gui.bar_chart import BarChart, nice_ticks


def test_nice_ticks_cover_the_top_in_round_steps() -> None:
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(117) == [0, 50, 100, 150]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0) == [0, 1]


def test_clicking_a_bar_names_it(qtbot) -> None:
    for horizontal in (False, True):
        chart = BarChart(horizontal=horizontal, maximum=None if horizontal else 100)
        qtbot.addWidget(chart)
        chart.resize(600, 300)
        chart.set_bars(
            ["Đông Sơn", "Dương Hòa", "Ân Phú"], [100, 50, 0], ["#43a047", "#fbc02d", "#e53935"]
        )
        chart.show()
        qtbot.waitExposed(chart)
        image = chart.grab().toImage()  # paints, which also places the bars
        assert len(chart._bars) == 3
        got: list[int] = []
        chart.clicked.connect(got.append)
        for i in (2, 0):
            QTest.mouseClick(
                chart, Qt.MouseButton.LeftButton, pos=chart._bars[i].center().toPoint()
            )
        assert got == [2, 0]
        assert chart.bar_at(QPointF(-5, -5)) is None
        # the first bar is drawn in its colour somewhere inside its slot
        slot = chart._bars[0]
        colours = {image.pixelColor(int(x), int(y)).name()
                   for x in range(int(slot.left()), int(slot.right()), 3)
                   for y in range(int(slot.top()), int(slot.bottom()), 3)}  # fmt: skip
        assert "#43a047" in colours


def test_an_empty_chart_says_so(qtbot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars([], [])
    chart.resize(300, 200)
    chart.grab()
    assert chart._bars == []


def test_names_at_45_degrees_never_write_over_one_another(qtbot) -> None:
    """A province's hundred and fifty units: every bar is drawn and can be clicked, but only
    as many names as have a line's height between them are written under the axis."""
    import math

    from PySide6.QtGui import QFontMetrics

    chart = BarChart(maximum=100, suffix="%")
    qtbot.addWidget(chart)
    chart.resize(1100, 300)
    names = [f"UBND phường Hòa Bình số {i}" for i in range(150)]
    chart.set_bars(names, [30 + i % 60 for i in range(150)])
    chart.grab()
    assert len(chart._bars) == 150
    apart = chart._bars[chart.labelled[1]].left() - chart._bars[chart.labelled[0]].left()
    assert apart * math.sqrt(0.5) >= QFontMetrics(chart.font()).height()
    assert chart.labelled == list(range(0, 150, chart.labelled[1]))
    assert 10 < len(chart.labelled) < 150
    chart.set_bars(names[:3], [10, 20, 30])  # room for every name
    chart.grab()
    assert chart.labelled == [0, 1, 2]
