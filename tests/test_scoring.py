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
