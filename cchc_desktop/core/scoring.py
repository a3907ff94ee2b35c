"""PAR INDEX self-score for communication work, computed from the data.

Criteria differ by province and year, so the rule set is data (JSON in the office's
settings).  The default follows a published commune-level example (Đồng Nai, 2022): 4.1 plan
completion (1 point) and 4.2 diversity of forms (IT-based 0.5, traditional 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_SCORE_RULES: dict[str, Any] = {
    "name": "Thực hiện tuyên truyền về CCHC (mẫu Đồng Nai 2022, cấp xã)",
    "criteria": [
        {
            "code": "4.1",
            "name": "Mức độ hoàn thành kế hoạch tuyên truyền CCHC",
            "type": "completion",
            "max": 1.0,
            "min_rate": 0.9,
        },
        {
            "code": "4.2",
            "name": "Đa dạng hình thức tuyên truyền",
            "type": "forms",
            "max": 1.0,
            "parts": [
                {"name": "Bảng, màn hình điện tử", "points": 0.25, "forms": ["man_hinh"]},
                {"name": "Cổng/Trang thông tin điện tử hoặc mạng xã hội", "points": 0.25,
                 "forms": ["cong_ttdt", "mang_xa_hoi", "video_clip"]},
                {"name": "Hình thức truyền thống (hội nghị, tờ rơi, pano…)", "points": 0.5, "group": "traditional"},
            ],
        },
    ],
}  # fmt: skip


@dataclass(frozen=True)
class CriterionScore:
    code: str
    name: str
    max_points: float
    points: float
    explanation: str


def validate_rules(data: Any) -> list[str]:
    """Vietnamese problems with a rule set; empty when it can be used."""
    errors = []
    if not isinstance(data, dict) or not isinstance(data.get("criteria"), list):
        return ["Bộ tiêu chí phải có danh sách “criteria”."]
    for i, c in enumerate(data["criteria"], 1):
        if not isinstance(c, dict) or c.get("type") not in ("completion", "forms"):
            errors.append(f"Tiêu chí thứ {i}: “type” phải là completion hoặc forms.")
            continue
        if not isinstance(c.get("max"), int | float) or c["max"] <= 0:
            errors.append(f"Tiêu chí {c.get('code', i)}: “max” phải là số dương.")
        if c["type"] == "forms" and not isinstance(c.get("parts"), list):
            errors.append(f"Tiêu chí {c.get('code', i)}: cần danh sách “parts”.")
    return errors


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%".replace(".", ",")


def score(
    completion_rate: float | None, forms_used: set[str], form_groups: dict[str, str],
    rules: dict[str, Any] | None = None,
) -> list[CriterionScore]:  # fmt: skip
    rules = rules if rules and not validate_rules(rules) else DEFAULT_SCORE_RULES
    out = []
    for c in rules["criteria"]:
        mx = float(c["max"])
        if c["type"] == "completion":
            rate = completion_rate or 0.0
            min_rate = float(c.get("min_rate", 0.9))
            if rate >= 1:
                pts, why = mx, f"Hoàn thành 100% kế hoạch: {mx:g} điểm."
            elif rate >= min_rate:
                pts = round(rate * mx, 2)
                why = f"Hoàn thành {_pct(rate)} (từ {_pct(min_rate)} đến dưới 100%): {_pct(rate)} × {mx:g} = {pts:g} điểm."
            else:
                pts, why = 0.0, f"Hoàn thành {_pct(rate)}, dưới {_pct(min_rate)}: 0 điểm."
        else:
            pts, parts = 0.0, []
            for part in c["parts"]:
                wanted = set(part.get("forms", []))
                if part.get("group"):
                    wanted |= {code for code, g in form_groups.items() if g == part["group"]}
                used = sorted(wanted & forms_used)
                if used:
                    pts += float(part["points"])
                    parts.append(
                        f"{part['name']}: có ({len(used)} hình thức) +{float(part['points']):g}"
                    )
                else:
                    parts.append(f"{part['name']}: chưa có")
            pts = min(pts, mx)
            why = "; ".join(parts) + f". Tổng {pts:g} điểm."
        out.append(CriterionScore(str(c.get("code", "")), str(c.get("name", "")), mx, pts, why))
    return out
