"""A small bar chart drawn with QPainter, for the dashboard.

The dashboard needs two plain bar charts (completion by unit, work by form).  A plotting
library brought numpy and a third of a second of start-up with it, and 40 MB in the bundle;
these few dozen lines draw the same bars, with labels in the program's Vietnamese font,
tooltips, and a click on a bar that opens the rows behind it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cchc_desktop.core.formatting import fmt_number

AXIS = QColor("#78909c")
GRID = QColor("#eceff1")
TEXT = QColor("#37474f")


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top`` (1, 2 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


class BarChart(QWidget):
    """Vertical bars (labels underneath) or horizontal bars (labels on the left)."""

    clicked = Signal(int)

    def __init__(self, horizontal: bool = False, maximum: float | None = None, suffix: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.horizontal = horizontal
        self.maximum = maximum
        self.suffix = suffix
        self.labels: list[str] = []
        self.values: list[float] = []
        self.colours: list[QColor] = []
        self.tips: list[str] = []
        self._bars: list[QRectF] = []
        self.labelled: list[int] = []  # the bars named under the axis at the last drawing
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)

    def set_bars(self, labels: list[str], values: list[float], colours: list[str] | str = "#1e88e5",
                 tips: list[str] | None = None) -> None:  # fmt: skip
        self.labels, self.values = list(labels), [float(v) for v in values]
        if isinstance(colours, str):
            colours = [colours] * len(values)
        self.colours = [QColor(c) for c in colours]
        self.tips = (
            list(tips)
            if tips
            else [f"{lab}: {self._fmt(v)}" for lab, v in zip(labels, values, strict=True)]
        )
        if self.horizontal:
            self.setMinimumHeight(max(120, 40 + 26 * len(values)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, self.minimumHeight() if self.horizontal else 260)

    def _fmt(self, v: float) -> str:
        text = fmt_number(round(v, 1)) if not float(v).is_integer() else fmt_number(int(v))
        return text + self.suffix

    # -- drawing -------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        self._bars = []
        self.labelled = []
        if not self.values:
            p.setPen(TEXT)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có số liệu trong kỳ này")
            return
        top = self.maximum or max(self.values) or 1
        ticks = nice_ticks(top)
        top = max(top, ticks[-1])
        if self.horizontal:
            self._paint_horizontal(p, ticks, top)
        else:
            self._paint_vertical(p, ticks, top)
        p.end()

    def _paint_vertical(self, p: QPainter, ticks: list[float], top: float) -> None:
        fm = QFontMetrics(self.font())
        left = max(fm.horizontalAdvance(self._fmt(t)) for t in ticks) + 12
        n = len(self.values)
        widest = max(fm.horizontalAdvance(lab) for lab in self.labels)
        rotate = widest > (self.width() - left - 10) / n - 4
        # Long names are written at 45°; the first one reaches left of its bar, so the plot
        # starts far enough in for it not to be cut.
        label_h = min(110, widest * 0.72 + 8) if rotate else fm.height() + 8
        if rotate:
            left = max(left, label_h - (self.width() - label_h - 10) / n / 2)
        slot_w = (self.width() - left - 10) / n
        # Names at 45° lie a slot's width times sin 45° apart and need a line's height: on a
        # province's hundred and fifty units they would write over one another, so only
        # every ``step``-th bar is named then (each bar's tooltip and click name it all the same).
        step = math.ceil(fm.height() / (slot_w * math.sqrt(0.5))) if rotate else 1
        plot = QRectF(
            left,
            10 + fm.height(),
            self.width() - left - 10,
            self.height() - label_h - 20 - fm.height(),
        )

        def y_of(v: float) -> float:
            return plot.bottom() - plot.height() * v / top

        for t in ticks:
            y = y_of(t)
            p.setPen(QPen(GRID))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(TEXT)
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._fmt(t))  # fmt: skip
        p.setPen(QPen(AXIS))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        # Values over the bars only when every one fits (some with and some without looks odd;
        # the tooltip always has it).
        show_values = all(slot_w >= fm.horizontalAdvance(self._fmt(v)) + 2 for v in self.values)
        for i, (v, colour, lab) in enumerate(
            zip(self.values, self.colours, self.labels, strict=True)
        ):
            x = plot.left() + slot_w * i
            bar = QRectF(x + slot_w * 0.15, y_of(v), slot_w * 0.7, plot.bottom() - y_of(v))
            self._bars.append(QRectF(x, plot.top(), slot_w, plot.height()))
            p.fillRect(bar, colour)
            p.setPen(TEXT)
            if show_values:
                p.drawText(QRectF(x, bar.top() - fm.height() - 2, slot_w, fm.height()),
                           Qt.AlignmentFlag.AlignCenter, self._fmt(v))  # fmt: skip
            if i % step:
                continue
            self.labelled.append(i)
            if rotate:
                p.save()
                p.translate(x + slot_w / 2 + fm.ascent() / 3, plot.bottom() + 6)
                p.rotate(-45)
                text = fm.elidedText(lab, Qt.TextElideMode.ElideRight, int(label_h / 0.72))
                p.drawText(QPointF(-fm.horizontalAdvance(text), 0), text)
                p.restore()
            else:
                p.drawText(
                    QRectF(x, plot.bottom() + 4, slot_w, fm.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    lab,
                )

    def _paint_horizontal(self, p: QPainter, ticks: list[float], top: float) -> None:
        fm = QFontMetrics(self.font())
        left = min(max(fm.horizontalAdvance(lab) for lab in self.labels) + 14, self.width() * 0.4)
        value_w = max(fm.horizontalAdvance(self._fmt(v)) for v in self.values) + 8
        plot = QRectF(left, 8, self.width() - left - value_w - 10, self.height() - fm.height() - 18)
        row_h = plot.height() / len(self.values)

        def x_of(v: float) -> float:
            return plot.left() + plot.width() * v / top

        for t in ticks:
            x = x_of(t)
            p.setPen(QPen(GRID))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.setPen(TEXT)
            p.drawText(
                QRectF(x - 40, plot.bottom() + 4, 80, fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                self._fmt(t),
            )
        p.setPen(QPen(AXIS))
        p.drawLine(plot.topLeft(), plot.bottomLeft())
        for i, (v, colour, lab) in enumerate(
            zip(self.values, self.colours, self.labels, strict=True)
        ):
            y = plot.top() + row_h * i
            bar = QRectF(plot.left(), y + row_h * 0.2, x_of(v) - plot.left(), row_h * 0.6)
            self._bars.append(QRectF(0, y, self.width(), row_h))
            p.fillRect(bar, colour)
            p.setPen(TEXT)
            text = fm.elidedText(lab, Qt.TextElideMode.ElideRight, int(left - 10))
            p.drawText(
                QRectF(0, y, left - 8, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            p.drawText(
                QRectF(bar.right() + 4, y, value_w, row_h),
                Qt.AlignmentFlag.AlignVCenter,
                self._fmt(v),
            )

    # -- interaction ---------------------------------------------------------------------
    def bar_at(self, pos: QPointF) -> int | None:
        return next((i for i, r in enumerate(self._bars) if r.contains(pos)), None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        i = self.bar_at(event.position())
        if i is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(i)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.bar_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def event(self, event) -> bool:
        if isinstance(event, QHelpEvent):
            i = self.bar_at(QPointF(event.pos()))
            if i is not None and i < len(self.tips):
                QToolTip.showText(event.globalPos(), self.tips[i], self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
