"""Search folding (``core.text.fold``): what the catalogue filter, the global search and the
imports' name matching compare."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cchc_desktop.core.text import fold

_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold_by_the_rules(text: str | None) -> str:
    """The rules spelled out one step at a time (how ``fold`` was first written): d-letters to
    ``d``, decompose, drop every combining mark, fold case, collapse spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().translate(_D).split())


def test_vietnamese_folds_to_plain_letters() -> None:
    assert fold("Đài Truyền thanh") == "dai truyen thanh"
    assert fold("  UBND   xã Xuân Đỉnh\t") == "ubnd xa xuan dinh"
    decomposed = unicodedata.normalize("NFD", "Tuyên truyền cải cách hành chính")
    assert (
        fold(decomposed)
        == fold("TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH")
        == "tuyen truyen cai cach hanh chinh"
    )
    assert fold("") == fold(None) == ""


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ" + "\u0300\u0301\u0303\u0309\u0323 ,.;-/"


@given(st.text())
def test_any_text_folds_as_the_rules_say(text: str) -> None:
    assert fold(text) == fold_by_the_rules(text)


@given(st.text(alphabet=VIETNAMESE))
def test_vietnamese_text_folds_as_the_rules_say(text: str) -> None:
    assert fold(text) == fold_by_the_rules(text)
    assert fold(unicodedata.normalize("NFC", text)) == fold(text)


def test_a_clipped_text_says_it_was_cut_and_never_ends_in_half_a_word() -> None:
    """Rule: a task quoted in a message or a narrow cell is cut at a word, with "…"."""
    from cchc_desktop.core.text import clip

    task = "Lồng ghép tuyên truyền cải cách hành chính trong sinh hoạt chi bộ, đoàn thể"
    assert clip(task, 60) == "Lồng ghép tuyên truyền cải cách hành chính trong sinh hoạt…"
    assert clip("Ngắn", 60) == "Ngắn"
    assert clip("  hai\ndòng  ", 60) == "hai dòng"


@given(st.text(), st.integers(2, 120))
def test_clip_keeps_within_its_limit_and_starts_like_the_text(text: str, limit: int) -> None:
    from cchc_desktop.core.text import clip

    out = clip(text, limit)
    flat = " ".join(text.split())
    assert len(out) <= limit
    assert out == flat or (out.endswith("…") and flat.startswith(out[:-1]))
