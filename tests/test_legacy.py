"""Legacy Vietnamese text (TCVN3, VNI) is recognised and converted; Unicode text is left alone."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_desktop.core.legacy import detect, tcvn3_to_unicode, to_unicode, vni_to_unicode

TCVN3 = [
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),
    ("B¸t X¸t", "Bát Xát"),
    ("Tuyªn truyÒn c¶i c¸ch hµnh chÝnh", "Tuyên truyền cải cách hành chính"),
    ("§µi TruyÒn thanh huyÖn", "Đài Truyền thanh huyện"),
    ("Phßng Néi vô", "Phòng Nội vụ"),
    ("Thñ tôc hµnh chÝnh", "Thủ tục hành chính"),
]
VNI = [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Tuyeân truyeàn caûi caùch haønh chính", "Tuyên truyền cải cách hành chính"),
    ("Ñaøi Truyeàn thanh huyeän", "Đài Truyền thanh huyện"),
    ("Phoøng Noäi vuï", "Phòng Nội vụ"),
    ("Thöïc hieän cô cheá moät cöûa", "Thực hiện cơ chế một cửa"),
    ("Quyù III naêm 2023", "Quý III năm 2023"),
]


@pytest.mark.parametrize(("legacy", "expected"), TCVN3)
def test_tcvn3(legacy: str, expected: str) -> None:
    assert detect(legacy) == "tcvn3"
    assert tcvn3_to_unicode(legacy) == expected
    assert to_unicode(legacy) == expected
    assert to_unicode(legacy, ".VnTime") == expected


def test_tcvn3_upper_case_fonts() -> None:
    assert to_unicode("ñy ban nh©n d©n", ".VnTimeH") == "ỦY BAN NHÂN DÂN"


@pytest.mark.parametrize(("legacy", "expected"), VNI)
def test_vni(legacy: str, expected: str) -> None:
    assert detect(legacy) == "vni"
    assert vni_to_unicode(legacy) == expected
    assert to_unicode(legacy, "VNI-Times") == expected


@pytest.mark.parametrize(
    "text",
    ["Tuyên truyền cải cách hành chính", "Đài Truyền thanh", "Hội nghị", "Hằng quý", "Quý III/2023",
     "Thông tư 32/2017/TT-BTTTT", "café naïve", "Năm 2023", "tap huan can bo", ""],
)  # fmt: skip
def test_unicode_and_plain_text_are_never_converted(text: str) -> None:
    assert detect(text) is None
    assert to_unicode(text) == unicodedata.normalize("NFC", text)


_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)


@given(st.text(alphabet=_LETTERS + " .,0123456789", min_size=0, max_size=80))
def test_vietnamese_unicode_is_never_mistaken_for_legacy(text: str) -> None:
    if any(ch in "ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ" for ch in text):
        assert detect(text) is None
