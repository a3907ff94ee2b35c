"""The serif of the documents, registered with reportlab as one family.

Nghị định 30/2020/NĐ-CP names Times New Roman.  Where the PC has it (every Windows does, as
``%WINDIR%\\Fonts\\times.ttf``, ``timesbd.ttf``, ``timesi.ttf``, ``timesbi.ttf``) the PDF
embeds it; elsewhere the bundled Liberation Serif (metric-compatible with Times New Roman,
full Vietnamese coverage) stands in, so a document lays out the same either way.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from cchc_desktop.resources import font_paths

FAMILY = "TimesVN"  # the bundled Liberation Serif
TIMES_FAMILY = "TimesNR"  # the PC's own Times New Roman
TIMES_FILES = {
    "regular": "times.ttf",
    "bold": "timesbd.ttf",
    "italic": "timesi.ttf",
    "bolditalic": "timesbi.ttf",
}
# Letters a Times New Roman without Vietnamese (an old or trimmed copy) would lack.
_VIETNAMESE_PROBE = "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
_STYLES = ("regular", "bold", "italic", "bolditalic")


def windows_fonts_dir() -> Path | None:
    """``%WINDIR%\\Fonts`` (``SYSTEMROOT`` when WINDIR is unset), or None off Windows."""
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    return Path(windir) / "Fonts" if windir else None


def _find(folder: Path, name: str) -> Path | None:
    """``folder/name``, also when the file's case differs (``TIMES.TTF`` on some PCs)."""
    path = folder / name
    if path.is_file():
        return path
    try:
        return next((p for p in folder.iterdir() if p.name.lower() == name), None)
    except OSError:
        return None


def times_new_roman_paths() -> dict[str, Path] | None:
    """The four faces of Times New Roman on this PC, or None when any one is missing."""
    folder = windows_fonts_dir()
    if folder is None or not folder.is_dir():
        return None
    paths = {style: _find(folder, name) for style, name in TIMES_FILES.items()}
    if any(p is None for p in paths.values()):
        return None
    return paths  # type: ignore[return-value]


def _faces(family: str, paths: dict[str, Path]) -> dict[str, TTFont]:
    names = {"regular": family, "bold": f"{family}-Bold", "italic": f"{family}-Italic",
             "bolditalic": f"{family}-BoldItalic"}  # fmt: skip
    return {style: TTFont(names[style], str(paths[style])) for style in _STYLES}


def _covers_vietnamese(font: TTFont) -> bool:
    cmap = font.face.charToGlyph
    return all(ord(ch) in cmap for ch in _VIETNAMESE_PROBE)


def chosen_fonts() -> tuple[str, str, dict[str, TTFont]]:
    """(family name, shown name, faces): Times New Roman from the PC when all four faces load
    and hold every Vietnamese letter; otherwise the bundled Liberation Serif."""
    times = times_new_roman_paths()
    if times is not None:
        try:
            faces = _faces(TIMES_FAMILY, times)
        except (TTFError, OSError, ValueError):
            faces = None  # damaged, or a copy whose licence forbids embedding
        if faces is not None and all(_covers_vietnamese(f) for f in faces.values()):
            return TIMES_FAMILY, "Times New Roman", faces
    return FAMILY, "Liberation Serif", _faces(FAMILY, font_paths())


@cache
def register_fonts() -> str:
    """Register regular/bold/italic/bold-italic once and return the family name: ``<b>`` and
    ``<i>`` then pick the face, and ``f"{family}-Bold"`` names it directly."""
    family, _shown, faces = chosen_fonts()
    for font in faces.values():
        pdfmetrics.registerFont(font)
    names = {style: faces[style].fontName for style in _STYLES}
    pdfmetrics.registerFontFamily(
        family,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bolditalic"],
    )
    for bold, italic, style in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"),
                                (1, 1, "bolditalic")):  # fmt: skip
        addMapping(family, bold, italic, names[style])
    return family
