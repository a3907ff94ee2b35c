"""Finding what ships with the program (fonts, icons, stylesheet) in every way it can run.

The same lookup must work from a source checkout (``<repo>/resources``), from an installed
wheel (the build force-includes ``resources`` as ``cchc_desktop/resources``) and from a
PyInstaller bundle (``sys._MEIPASS/resources``).  No Qt here: reports need the fonts too.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


def _candidates() -> list[Path]:
    places: list[Path] = []
    if getattr(sys, "frozen", False):
        meipass = getattr(sys, "_MEIPASS", None)
        if meipass:
            places.append(Path(meipass) / "resources")
        places.append(Path(sys.executable).resolve().parent / "_internal" / "resources")
    places.append(_PACKAGE / "resources")  # installed wheel
    places.append(_PACKAGE.parent / "resources")  # source checkout
    return places


@cache
def resources_dir() -> Path:
    """The folder holding ``fonts/``, ``icons/`` and ``styles/``."""
    places = _candidates()
    for place in places:
        if (place / "fonts").is_dir():
            return place
    searched = ", ".join(str(p) for p in places)
    raise RuntimeError(f"Không tìm thấy thư mục tài nguyên của chương trình (đã tìm: {searched}).")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_paths() -> dict[str, Path]:
    """The bundled Times-compatible serif with full Vietnamese coverage, by style."""
    return {style: resource_path("fonts", name) for style, name in FONT_FILES.items()}


def icon_path(name: str) -> Path:
    return resource_path("icons", f"{name}.svg")


def stylesheet() -> str:
    path = resource_path("styles", "app.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""
