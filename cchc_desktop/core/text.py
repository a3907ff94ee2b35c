"""Vietnamese text rules shared by every layer: normalisation, search folding and sorting.

Vietnamese keyboards (Unikey "tổ hợp", the Windows keyboard) produce decomposed text, and
old files hold precomposed text; comparing, searching and storing only work when every
string that enters the program is NFC.  Search must ignore diacritics and case, and lists
must sort in Vietnamese alphabetical order (a ă â b c d đ e ê …), not by code point.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["nfc", "nfc_value", "fold", "sort_key", "matches", "clean_line"]


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC (``None`` becomes the empty string)."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def nfc_value(value: Any) -> Any:
    """NFC-normalise strings inside a value (str, list, tuple, dict); leave others alone."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc_value(k): nfc_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(nfc_value(v) for v in value)
    return value


class _FoldTable(dict[int, int | None]):
    """``str.translate`` table for :func:`fold`: the d-letters to ``d``, combining marks
    dropped, every other character kept, each entry made the first time its character is met.

    A table that lacks a character makes ``translate`` raise and catch a KeyError for it, which
    made folding a task's text cost twice as much; this one holds every character it has
    seen (a few hundred in an office's data; past a bound, rarer ones are worked out each time).
    """

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        if len(self) < 4096:
            self[code] = value
        return value


_FOLD_TABLE = _FoldTable({ord(ch): ord("d") for ch in "đĐðÐ"})


def fold(text: str | None) -> str:
    """Fold for search: lower case, no diacritics, ``đ`` as ``d``, spaces collapsed.

    ``fold("Đài Truyền thanh") == "dai truyen thanh"``.  The marks go before the case folds
    (as ``casefold`` may add one, e.g. to ``İ``); no character decomposes or case-folds into a
    d-letter, so one pass of the table does both.
    """
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFD", text).translate(_FOLD_TABLE).casefold().split())


# Vietnamese alphabet order of base letters; the tone marks order after the letter:
# none, huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot below).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPES = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn


def _letters(text: str) -> list[tuple[str, int]]:
    """Split into (base letter with its shape, tone rank) pairs, lower case."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(ch) and out:
            base, tone = out[-1]
            if ch in _TONES:
                out[-1] = (base, _TONES[ch])
            elif ch == "\u0302":
                out[-1] = ({"a": "â", "e": "ê", "o": "ô"}.get(base, base), tone)
            elif ch == "\u031b":
                out[-1] = ({"o": "ơ", "u": "ư"}.get(base, base), tone)
            elif ch in _SHAPES:
                out[-1] = ({"a": "ă"}.get(base, base), tone)
            continue
        out.append((ch, 0))
    return out


# Letters by (group, rank): spaces first, then the Vietnamese alphabet, then anything else by
# code point; then the tone ranks; then the text itself, so that unequal texts never tie.
SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]


def sort_key(text: str | None) -> SortKey:
    """A key that sorts Vietnamese names in dictionary order.

    Letters compare by the Vietnamese alphabet first, tones only break ties, so
    ``Ân`` < ``Bình`` < ``Đông`` < ``Én`` and ``Hà`` comes right after ``Ha``.
    """
    letters = _letters(nfc(text))
    primary = tuple(
        (0, _LETTER_RANK[b]) if b in _LETTER_RANK else ((1, ord(b)) if not b.isspace() else (-1, 0))
        for b, _ in letters
    )
    tones = tuple(t for _, t in letters)
    return primary, tones, nfc(text)


def matches(needle: str, *haystacks: str | None) -> bool:
    """True when every word of ``needle`` occurs, folded, in one of the haystacks."""
    words = fold(needle).split()
    if not words:
        return True
    hay = " ".join(fold(h) for h in haystacks if h)
    return all(w in hay for w in words)


_SPACES = re.compile(r"\s+")


def clean_line(text: str | None) -> str:
    """NFC, with runs of whitespace made single spaces and the ends trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def clip(text: str | None, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters for a message or a narrow cell, at a word
    where one is near, with "…" so nobody reads a cut word ("sinh hoạt c") as the task."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–-") + "…"
