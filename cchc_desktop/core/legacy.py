"""Legacy Vietnamese encodings in old office files: TCVN3 (ABC, fonts ``.VnTime``…) and VNI.

Old Word and Excel files still hold text typed with these 8-bit fonts; opened without the font
it reads “B¶o Th¾ng” (TCVN3) or “Xin chaøo” (VNI).  The font name of a cell or run is the
strongest signal; character statistics are a fallback, guarded so ordinary Unicode Vietnamese
(which shares letters such as á, â, ê, ô with those tables) is never “converted”.

No PyPI package was found that covers both tables with detection (``viparse`` is not on the
registry this project uses), so the tables are here, checked against known samples.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (TCVN 5712:1993, VN3) lower-case table; upper-case toned letters come from the
# “H” fonts (.VnTimeH…), which use the same codes: convert, then upper-case.
_TCVN3 = {
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "®": "đ", "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\xad": "ư", "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư",
}  # fmt: skip
_TCVN3_TABLE = str.maketrans(_TCVN3)
# characters that never occur in Unicode Vietnamese text but are frequent in TCVN3 text
_TCVN3_STRONG = set("µ¸¶·¹¨»¾¼½Æ©ÇËÐÎÏÑª×ØÜÞß®«¬åæçëîïñö÷øûüþ¡¢§£¤¥¦\xad")

# VNI-Windows: a base letter followed by mark characters (tone, and ^ ( for â ă ê ô).
_VNI_MARKS = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323",
    "â": "\u0302", "Â": "\u0302", "ê": "\u0306", "Ê": "\u0306",
    # circumflex + tone in one character
    "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303", "ä": "\u0302\u0323",
    "Á": "\u0302\u0301", "À": "\u0302\u0300", "Å": "\u0302\u0309", "Ã": "\u0302\u0303", "Ä": "\u0302\u0323",
    # breve + tone in one character
    "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309", "ü": "\u0306\u0303", "ë": "\u0306\u0323",
    "É": "\u0306\u0301", "È": "\u0306\u0300", "Ú": "\u0306\u0309", "Ü": "\u0306\u0303", "Ë": "\u0306\u0323",
}  # fmt: skip
_VNI_LETTERS = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
}  # fmt: skip
_VNI_PAIR = re.compile(r"([aeiouyAEIOUYôÔöÖ])([ùøûõïÙØÛÕÏâÂêÊáàåãäÁÀÅÃÄéèúüëÉÈÚÜË])([ùøûõïÙØÛÕÏ]?)")
_VIET_UNICODE = re.compile("[\u1ea0-\u1ef9ơưđăƠƯĐĂ]")


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    out = text.translate(_TCVN3_TABLE)
    return unicodedata.normalize("NFC", out.upper() if upper else out)


def vni_to_unicode(text: str) -> str:
    def pair(m: re.Match[str]) -> str:
        base, mark, tone = m.group(1), m.group(2), m.group(3)
        base = _VNI_LETTERS.get(base, base)
        return base + _VNI_MARKS[mark] + (_VNI_MARKS[tone] if tone else "")

    out = _VNI_PAIR.sub(pair, text)
    out = "".join(_VNI_LETTERS.get(ch, ch) for ch in out)
    return unicodedata.normalize("NFC", out)


def detect(text: str, font: str | None = None) -> str | None:
    """``"tcvn3"``, ``"vni"`` or ``None`` (ordinary text); the font name decides when known."""
    f = (font or "").strip().lower()
    if f.startswith(".vn"):
        return "tcvn3"
    if f.startswith("vni"):
        return "vni"
    if not text or _VIET_UNICODE.search(text):
        return None  # real Unicode Vietnamese is never legacy text
    words = max(1, len(text.split()))
    pairs = len(_VNI_PAIR.findall(text)) + text.count("ñ") + text.count("Ñ")
    rest = _VNI_PAIR.sub("", text)  # TCVN3 letters follow consonants; VNI marks follow vowels
    strong = sum(1 for ch in rest if ch in _TCVN3_STRONG)
    if pairs >= 2 and pairs >= words * 0.25 and pairs >= strong:
        return "vni"
    mapped = sum(1 for ch in rest if ch in _TCVN3)
    if strong >= 1 and mapped >= 2 and mapped >= len(rest.split()) * 0.2:
        return "tcvn3"
    return None


def to_unicode(text: str, font: str | None = None) -> str:
    """Convert legacy text to Unicode NFC; anything else is returned NFC, unchanged."""
    kind = detect(text, font)
    if kind == "tcvn3":
        return tcvn3_to_unicode(text, upper=(font or "").strip().lower().endswith("h"))
    if kind == "vni":
        return vni_to_unicode(text)
    return unicodedata.normalize("NFC", text)
