"""The program's look: Qt's Fusion style in the program's colours, and a style sheet only on
the few widgets drawn specially (the sidebar, the banner, titles, the dashboard's cards).

Why not one style sheet for the whole application: as soon as an application has one, Qt
draws and measures every widget through its style-sheet engine.  On a ten-year office that
made the settings screen take 0,2 s to build instead of 0,06 s, and the dashboard three
times as long as without it.  Colours Fusion takes from the palette are set there; the sheet in
``resources/styles/app.qss`` names each special widget by object name and is given to those
widgets alone (a sheet set on a widget applies to it and its children, nothing else).

No Python subclass of ``QProxyStyle`` or item delegate re-sizes rows: in PySide6 6.12 such an
override (like some QPainter calls) loses a reference to ``None`` on every call, and a long session ends in a crash.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TypeVar

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from cchc_desktop.resources import stylesheet

W = TypeVar("W", bound=QWidget)

_ROLE = QPalette.ColorRole
COLOURS: dict[QPalette.ColorRole, str] = {
    _ROLE.Window: "#f5f6f8",
    _ROLE.WindowText: "#263238",
    _ROLE.Base: "#ffffff",
    _ROLE.AlternateBase: "#f7f9fa",
    _ROLE.Text: "#1c262b",
    _ROLE.Button: "#ffffff",
    _ROLE.ButtonText: "#263238",
    _ROLE.Highlight: "#1e6fbf",
    _ROLE.HighlightedText: "#ffffff",
    _ROLE.ToolTipBase: "#fffde7",
    _ROLE.ToolTipText: "#263238",
    _ROLE.PlaceholderText: "#78909c",
    _ROLE.Link: "#1565c0",
}
DISABLED_TEXT = "#9e9e9e"


# Fusion is chosen when the application is made (Qt's own ``-style`` argument): choosing it
# afterwards with ``setStyle`` hands Python the style object, and wrapping it builds every
# enum of ``QStyle`` for Python, about 10 ms of the start.
STYLE_ARGUMENTS = ("-style", "fusion")


def apply(app: QApplication, style_chosen: bool = False) -> None:
    """Fusion in the program's colours, for every platform alike (an office's PCs differ).

    ``style_chosen``: the application was made with :data:`STYLE_ARGUMENTS`.
    """
    if not style_chosen:
        app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (_ROLE.Text, _ROLE.WindowText, _ROLE.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    app.setPalette(palette)
    bold = QFont(app.font())
    bold.setBold(True)
    app.setFont(bold, "QHeaderView")  # column headings stand out from the rows


@cache
def _sheet() -> str:
    return stylesheet()


def styled(widget: W) -> W:
    """Give ``widget`` (named by ``setObjectName``) and its children their rules from the
    program's sheet."""
    widget.setStyleSheet(_sheet())
    return widget


@cache
def _named_in_sheet() -> frozenset[str]:
    return frozenset(re.findall(r"#(\w+)", _sheet()))


def style_form(form: QWidget) -> None:
    """:func:`styled` for each widget of a Designer form that the sheet names (its title,
    its error line): the forms are compiled from ``ui/``, so their widgets are not made
    through :func:`styled`, and the sheet is not the whole application's."""
    named = _named_in_sheet()
    for child in form.findChildren(QWidget):
        if child.objectName() in named:
            styled(child)
