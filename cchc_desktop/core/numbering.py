"""Automatic numbering of the task catalogue: sections I, II, II.1 and tasks 1, 2, 3.

Numbers are derived from positions every time, never stored, so inserting, deleting or
moving a row can never leave a gap or a duplicate.
"""

from __future__ import annotations

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(n: int) -> str:
    """``roman(4) == "IV"``; section numbers of official documents use Roman numerals."""
    if n <= 0:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


_ROMAN_VALUES = {letters: value for value, letters in _ROMAN}


def from_roman(text: str) -> int | None:
    """Inverse of :func:`roman`; ``None`` for anything that is not a canonical numeral."""
    text = text.strip().upper()
    if not text or any(ch not in "IVXLCDM" for ch in text):
        return None
    total, i = 0, 0
    while i < len(text):
        if i + 1 < len(text) and text[i : i + 2] in _ROMAN_VALUES:
            total += _ROMAN_VALUES[text[i : i + 2]]
            i += 2
        else:
            total += _ROMAN_VALUES[text[i]]
            i += 1
    return total if roman(total) == text else None


def section_number(path: list[int]) -> str:
    """Number of a section from its 1-based path: ``[2] -> "II"``, ``[2, 1] -> "II.1"``."""
    if not path:
        return ""
    return ".".join([roman(path[0]), *(str(p) for p in path[1:])])
