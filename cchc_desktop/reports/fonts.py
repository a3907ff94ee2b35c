"""The bundled Times-compatible serif registered with reportlab as one family, ``TimesVN``."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cchc_desktop.resources import font_paths

FAMILY = "TimesVN"


@cache
def register_fonts() -> str:
    """Register regular/bold/italic/bold-italic once; ``<b>`` and ``<i>`` then pick the face."""
    paths = font_paths()
    names = {
        "regular": FAMILY,
        "bold": f"{FAMILY}-Bold",
        "italic": f"{FAMILY}-Italic",
        "bolditalic": f"{FAMILY}-BoldItalic",
    }
    for style, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(paths[style])))
    pdfmetrics.registerFontFamily(
        FAMILY,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bolditalic"],
    )
    for bold, italic, style in (
        (0, 0, "regular"),
        (1, 0, "bold"),
        (0, 1, "italic"),
        (1, 1, "bolditalic"),
    ):
        addMapping(FAMILY, bold, italic, names[style])
    return FAMILY
