"""The demo office data: consistent names, codes from the taxonomy, every timeline family, NFC."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import pytest

from cchc_desktop import demo_content as content
from cchc_desktop.core.timeline import KINDS, read_timeline

UNIT_KINDS = {"department", "commune", "media", "mass_org", "other"}
UNIT_NAMES = [row[0] for row in content.UNITS]
GROUP_NAMES = [row[0] for row in content.GROUPS]
FORM_CODES = {code for code, _name, _group in content.FORMS}
AUDIENCE_CODES = {code for code, _name in content.AUDIENCES}
INDICATOR_CODES = {code for code, _name, _unit in content.INDICATORS}

# One wording of every family real plans use (DOMAIN.md, "Schedules").
TIMELINE_FAMILIES = [
    "Thường xuyên",
    "Trong năm {year}",
    "Quý II/{year}",
    "Quý III-IV/{year}",
    "Quý II, III/{year}",
    "01 kỳ/tháng",
    "02 kỳ/tháng và các bản tin chuyên đề",
    "Hằng tháng",
    "Hàng quý",
    "01 lần/Quý",
    "Mỗi quý xây dựng 01 chuyên mục",
    "Định kỳ 6 tháng/01 lần",
    "Theo kế hoạch kiểm tra",
    "Khi có yêu cầu",
    "Tháng 3/{year}",
    "Trước ngày 30/6/{year}",
    "Từ tháng 3 đến tháng 6/{year}",
]


def _tasks() -> list[dict]:
    out: list[dict] = []
    for _title, tasks, subsections in content.SECTIONS:
        out += tasks
        for _sub_title, sub_tasks in subsections:
            out += sub_tasks
    return out


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _letter(ch: str) -> str:
    """The letter without its tone mark (Ấ → Â, Ứ → Ư): what Vietnamese sorting goes by first."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if c not in tones)
    return unicodedata.normalize("NFC", bare)


def _fill(text: str, year: int = 2025) -> str:
    return text.replace("{year}", str(year)).replace("{prev}", str(year - 1))


ALL_DATA = [
    content.OFFICE,
    content.UNITS,
    content.GROUPS,
    content.PLAN,
    content.SECTIONS,
    content.FORMS,
    content.AUDIENCES,
    content.INDICATORS,
]


def test_every_string_is_nfc():
    bad = [s for s in _strings(ALL_DATA) if unicodedata.normalize("NFC", s) != s]
    assert bad == []


def test_only_year_placeholders_and_no_literal_years():
    for text in _strings([content.PLAN, content.SECTIONS]):
        assert set(re.findall(r"\{[^}]*\}", text)) <= {"{year}", "{prev}"}, text
        assert not re.search(r"\b(19|20)\d\d\b", text), text


def test_office():
    for key in ("name", "governing_body", "place_name", "user_name"):
        assert content.OFFICE[key].strip()


def test_units_are_well_formed():
    assert len(set(UNIT_NAMES)) == len(UNIT_NAMES)
    by_kind: dict[str, list[str]] = {}
    for name, short, kind, person, phone, email in content.UNITS:
        assert kind in UNIT_KINDS, name
        assert short and person
        assert re.fullmatch(r"0\d{3} \d{4} \d{3}", phone), phone
        assert re.fullmatch(r"[a-z0-9.]+@[a-z0-9.]+\.gov\.vn", email), email
        by_kind.setdefault(kind, []).append(name)
    assert len(by_kind["department"]) >= 6
    assert 18 <= len(by_kind["commune"]) <= 24
    assert by_kind["media"] and len(by_kind["mass_org"]) >= 4
    # Names that exercise Vietnamese sorting (Đ after D, Â after A, Ư, Ô, Y), tone marks aside.
    commune_initials = {
        _letter(n.removeprefix("UBND xã ").removeprefix("UBND thị trấn ")[0])
        for n in by_kind["commune"]
    }
    assert {"A", "Â", "D", "Đ", "Ô", "Ư", "Y"} <= commune_initials
    assert any(n.startswith("UBND thị trấn ") for n in by_kind["commune"])


def test_groups_name_unit_kinds_and_do_not_clash_with_units():
    assert not set(GROUP_NAMES) & set(UNIT_NAMES)
    kinds = {row[2] for row in content.UNITS}
    for _name, member_kinds, _note in content.GROUPS:
        assert member_kinds and set(member_kinds) <= kinds


def test_plan_parts():
    plan = content.PLAN
    assert re.fullmatch(r"\d+/KH-UBND", plan["number"])
    month, day = plan["issued"]
    assert 1 <= month <= 12 and 1 <= day <= 28
    assert "{year}" in plan["title"]
    bases = plan["legal_bases"].splitlines()
    assert 3 <= len(bases) <= 4 and all(b.startswith("Căn cứ ") for b in bases)
    for key in ("purposes", "requirements", "audiences", "budget_note"):
        assert plan[key].strip()


def test_sections_and_task_count():
    assert 4 <= len(content.SECTIONS) <= 5
    with_subsections = [subs for _t, _tasks, subs in content.SECTIONS if subs]
    assert len(with_subsections) == 1 and len(with_subsections[0]) == 2
    assert 28 <= len(_tasks()) <= 34


@pytest.mark.parametrize("role", ["lead", "coordinating"])
def test_task_units_are_units_or_groups(role):
    known = set(UNIT_NAMES) | set(GROUP_NAMES)
    for task in _tasks():
        assert set(task[role]) <= known, (task["content"], task[role])
    assert all(task["lead"] for task in _tasks())


def test_task_codes_exist_in_the_taxonomy():
    used_groups = set()
    group_of = {code: group for code, _name, group in content.FORMS}
    for task in _tasks():
        assert set(task["forms"]) <= FORM_CODES, task["forms"]
        assert task["audiences"] and set(task["audiences"]) <= AUDIENCE_CODES
        assert set(task["targets"]) <= INDICATOR_CODES, task["targets"]
        assert all(isinstance(n, int) and n > 0 for n in task["targets"].values())
        assert isinstance(task["budget"], int) and task["budget"] >= 0
        assert task["content"] and task["product"]
        used_groups |= {group_of[f] for f in task["forms"]}
    assert used_groups == {"it", "traditional"}  # both halves of PAR INDEX 4.2


def test_taxonomy_shapes():
    assert {group for _c, _n, group in content.FORMS} == {"it", "traditional"}
    assert {"cong_ttdt", "mang_xa_hoi", "video_clip", "man_hinh"} <= {
        c for c, _n, g in content.FORMS if g == "it"
    }
    assert [name for _c, name in content.AUDIENCES] == ["CBCCVC", "Người dân", "Doanh nghiệp"]
    assert "kinh_phi" in INDICATOR_CODES and len(INDICATOR_CODES) == len(content.INDICATORS)


def test_every_timeline_family_appears():
    wordings = {task["timeline"] for task in _tasks()}
    missing = [w for w in TIMELINE_FAMILIES if w not in wordings]
    assert missing == []


def test_exactly_one_timeline_the_reader_cannot_read():
    kinds = {}
    for task in _tasks():
        wording = _fill(task["timeline"])
        kinds[wording] = read_timeline(wording, 2025).kind
    unknown = [w for w, kind in kinds.items() if kind == "unknown"]
    assert len(unknown) == 1, unknown
    assert set(kinds.values()) == set(KINDS)
