"""Icons shipped in ``resources/icons`` (SVG), cached per name."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from cchc_desktop.resources import resource_path


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (``resources/icons/<name>.svg``), or an empty icon if it is missing."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
