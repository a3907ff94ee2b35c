import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.core.scoring import DEFAULT_SCORE_RULES, score, validate_rules
from cchc_desktop.core.taxonomy import FORMS

GROUPS = {t.code: t.group for t in FORMS}


def test_completion_points_follow_the_thresholds() -> None:
    assert score(1.0, set(), GROUPS)[0].points == 1
    assert score(0.95, set(), GROUPS)[0].points == 0.95
    assert score(0.9, set(), GROUPS)[0].points == 0.9
    assert score(0.89, set(), GROUPS)[0].points == 0
    assert score(None, set(), GROUPS)[0].points == 0


def test_diversity_of_forms() -> None:
    assert score(1, {"hoi_nghi"}, GROUPS)[1].points == 0.5
    assert score(1, {"hoi_nghi", "cong_ttdt"}, GROUPS)[1].points == 0.75
    assert score(1, {"hoi_nghi", "cong_ttdt", "man_hinh"}, GROUPS)[1].points == 1
    assert "chưa có" in score(1, set(), GROUPS)[1].explanation


def test_rules_are_data() -> None:
    assert validate_rules(DEFAULT_SCORE_RULES) == []
    assert validate_rules({"criteria": [{"type": "x"}]})
    custom = {
        "criteria": [
            {"code": "A", "name": "Chỉ hoàn thành", "type": "completion", "max": 2, "min_rate": 0.8}
        ]
    }
    result = score(0.85, set(), GROUPS, custom)
    assert [(c.code, c.points) for c in result] == [("A", 1.7)]


# -- rule sets that cannot be used are named, and never crash the score -------------------

FORMS_PART = {"name": "Báo chí", "points": 0.5, "forms": ["bao_chi"]}


def forms_rules(*parts: object) -> dict:
    return {"criteria": [{"code": "4.2", "name": "Hình thức", "type": "forms", "max": 1,
                          "parts": list(parts)}]}  # fmt: skip


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ({"name": "Báo chí", "forms": ["bao_chi"]}, "“points” phải là số"),
        ({"name": "Báo chí", "points": "0,5", "forms": ["bao_chi"]}, "“points” phải là số"),
        ({"name": "Báo chí", "points": True, "forms": ["bao_chi"]}, "“points” phải là số"),
        ({"name": "Báo chí", "points": 0.5, "forms": "bao_chi"}, "“forms” phải là danh sách"),
        ({"name": "Báo chí", "points": 0.5, "forms": [["bao_chi"]]}, "“forms” phải là danh sách"),
        ({"name": "Báo chí", "points": 0.5}, "cần “forms” hoặc “group”"),
        ({"name": "Báo chí", "points": 0.5, "group": 3}, "“group” phải là"),
    ],
)
def test_a_forms_part_that_cannot_be_scored_is_named(part: dict, expected: str) -> None:
    """A “forms” criterion's part needs a numeric “points” (not a text, not true/false), a list
    of form codes in “forms” or a form “group” (text): otherwise validate_rules says so in
    Vietnamese, naming the criterion and the part, and score() falls back to the default rule
    set instead of raising."""
    errors = validate_rules(forms_rules(FORMS_PART, part))
    assert len(errors) == 1
    assert (
        "Tiêu chí 4.2" in errors[0] and "phần 2 (“Báo chí”)" in errors[0] and expected in errors[0]
    )
    result = score(1.0, {"bao_chi", "hoi_nghi"}, GROUPS, forms_rules(FORMS_PART, part))
    assert [c.code for c in result] == ["4.1", "4.2"]


def test_a_part_that_is_not_an_object_or_has_no_name_is_handled() -> None:
    """A part must be an object; its name is optional (the explanation says “Phần 2”)."""
    assert "phần 1" in validate_rules(forms_rules("Báo chí"))[0]
    unnamed = forms_rules(FORMS_PART, {"points": 0.25, "group": "traditional"})
    assert validate_rules(unnamed) == []
    why = score(1.0, {"hoi_nghi"}, GROUPS, unnamed)[0].explanation
    assert "Phần 2: có (1 hình thức) +0,25" in why


@pytest.mark.parametrize("min_rate", ["0,9", 1.5, -0.1, None, True, float("nan")])
def test_completion_min_rate_is_a_share_between_0_and_1(min_rate: object) -> None:
    """A “completion” criterion's “min_rate” (the share from which points are given) must be a
    number from 0 to 1; otherwise it is named and the default rule set is used."""
    rules = {"criteria": [{"code": "A", "type": "completion", "max": 2, "min_rate": min_rate}]}
    errors = validate_rules(rules)
    assert len(errors) == 1 and "Tiêu chí A" in errors[0] and "min_rate" in errors[0]
    assert [c.code for c in score(0.95, set(), GROUPS, rules)] == ["4.1", "4.2"]
    fine = {"criteria": [{"code": "A", "type": "completion", "max": 2, "min_rate": 1}]}
    assert validate_rules(fine) == []


def test_numbers_that_are_not_finite_are_refused() -> None:
    """“max” and “points” must be finite numbers (JSON may carry NaN and Infinity)."""
    assert validate_rules({"criteria": [{"type": "completion", "max": float("inf")}]})
    assert validate_rules({"criteria": [{"type": "completion", "max": float("nan")}]})
    assert validate_rules(forms_rules({**FORMS_PART, "points": float("inf")}))
    assert validate_rules(forms_rules({**FORMS_PART, "points": -0.5}))


def test_explanations_write_decimals_the_vietnamese_way() -> None:
    """Explanations print decimals with a comma (“0,75 điểm”, “+0,25”), never “0.75”, for the
    points reached and for each part's points."""
    forms = score(1, {"hoi_nghi", "cong_ttdt"}, GROUPS)[1].explanation
    assert "+0,25" in forms and "+0,5" in forms and "Tổng 0,75 điểm" in forms
    completion = score(0.95, set(), GROUPS)[0].explanation
    assert "0,95 điểm" in completion
    custom = {"criteria": [{"code": "A", "type": "completion", "max": 1.5, "min_rate": 0.8}]}
    assert "× 1,5 = 1,35 điểm" in score(0.9, set(), GROUPS, custom)[0].explanation
    assert "1,5 điểm" in score(1.0, set(), GROUPS, custom)[0].explanation
    for why in (forms, completion, score(0.85, set(), GROUPS, custom)[0].explanation):
        assert not re.search(r"\d\.\d", why), why


# Rule data as a settings file may hold it: a usable rule set with a few places spoilt (a key
# removed, or any JSON value put in its place), or any JSON value at all; so the search
# reaches every branch of score(), not only the first check of validate_rules().
JSON_SCALARS = (
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True)
    | st.text(max_size=5) | st.sampled_from(["completion", "forms", "traditional", "hoi_nghi"])
)  # fmt: skip
KEYS = ["criteria", "type", "max", "min_rate", "parts", "points", "forms", "group", "name", "code"]
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=20,
)
FORM_CODES = st.sampled_from(["hoi_nghi", "cong_ttdt", "man_hinh"])
PART = st.fixed_dictionaries(
    {"name": st.text(max_size=8), "points": st.sampled_from([0, 0.25, 0.5, 1])},
    optional={
        "forms": st.lists(FORM_CODES, max_size=3),
        "group": st.sampled_from(["traditional", "it"]),
    },
).filter(lambda p: "forms" in p or "group" in p)
CRITERION = st.fixed_dictionaries(
    {"code": st.text(max_size=4), "name": st.text(max_size=8), "max": st.sampled_from([0.5, 1, 2])}
).flatmap(
    lambda c: st.one_of(
        st.fixed_dictionaries({"min_rate": st.floats(0, 1)}).map(
            lambda x: {**c, "type": "completion", **x}
        ),
        st.lists(PART, max_size=3).map(lambda parts: {**c, "type": "forms", "parts": parts}),
    )
)


@st.composite
def spoilt_rule_sets(draw: st.DrawFn) -> dict:
    rules = {"criteria": draw(st.lists(CRITERION, min_size=1, max_size=3))}
    for _ in range(draw(st.integers(1, 3))):
        criteria = rules.get("criteria") if isinstance(rules.get("criteria"), list) else []
        parts = [
            c["parts"] for c in criteria if isinstance(c, dict) and isinstance(c.get("parts"), list)
        ]
        places = [rules, *criteria, *(p for ps in parts for p in ps)]
        place = draw(st.sampled_from([p for p in places if isinstance(p, dict)]))
        key = draw(st.sampled_from(KEYS))
        if draw(st.booleans()):
            place.pop(key, None)
        else:
            place[key] = draw(JSON)
    return rules


RULES = spoilt_rule_sets() | JSON


@settings(max_examples=400, deadline=None)
@given(
    RULES,
    st.none() | st.floats(0, 1),
    st.sets(FORM_CODES),
)
def test_score_never_raises_on_any_rule_set(
    rules: object, rate: float | None, used: set[str]
) -> None:
    """For any JSON-like rule data, score() either scores with it (when validate_rules finds
    nothing wrong) or falls back to the default rule set; it never raises."""
    result = score(rate, used, GROUPS, rules)  # type: ignore[arg-type]
    if rules and not validate_rules(rules):
        assert len(result) == len(rules["criteria"])  # type: ignore[index]
    else:
        assert [c.code for c in result] == ["4.1", "4.2"]
    for c in result:
        assert 0 <= c.points <= c.max_points
