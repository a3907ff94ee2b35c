"""PAR INDEX self-score for communication work, computed from the data.

Criteria differ by province and year, so the rule set is data (JSON in the office's
settings).  The default follows a published commune-level example (Đồng Nai, 2022): 4.1 plan
completion (1 point) and 4.2 diversity of forms (IT-based 0.5, traditional 0.5).
"""

from __future__ import annotations

import math
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


def _is_number(v: Any) -> bool:
    """A finite int or float (true/false are not numbers here; JSON may carry NaN, Infinity)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _criterion_label(c: dict[str, Any], i: int) -> str:
    code = c.get("code")
    return (
        f"Tiêu chí {code}"
        if isinstance(code, str | int) and str(code).strip()
        else f"Tiêu chí thứ {i}"
    )


def _part_name(part: dict[str, Any], j: int) -> str:
    name = part.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else f"Phần {j}"


def _part_label(part: Any, j: int) -> str:
    if isinstance(part, dict) and isinstance(part.get("name"), str) and part["name"].strip():
        return f"phần {j} (“{part['name'].strip()}”)"
    return f"phần {j}"


def validate_rules(data: Any) -> list[str]:
    """Vietnamese problems with a rule set, each naming the criterion (and part); empty when
    :func:`score` can use it."""
    errors = []
    if not isinstance(data, dict) or not isinstance(data.get("criteria"), list):
        return ["Bộ tiêu chí phải có danh sách “criteria”."]
    for i, c in enumerate(data["criteria"], 1):
        if not isinstance(c, dict) or c.get("type") not in ("completion", "forms"):
            errors.append(f"Tiêu chí thứ {i}: “type” phải là completion hoặc forms.")
            continue
        label = _criterion_label(c, i)
        if not _is_number(c.get("max")) or c["max"] <= 0:
            errors.append(f"{label}: “max” phải là số dương.")
        if c["type"] == "completion":
            if "min_rate" in c and not (_is_number(c["min_rate"]) and 0 <= c["min_rate"] <= 1):
                errors.append(
                    f"{label}: “min_rate” (tỷ lệ hoàn thành tối thiểu để có điểm) phải là số "
                    "từ 0 đến 1, ví dụ 0.9 cho 90%."
                )
            continue
        if not isinstance(c.get("parts"), list):
            errors.append(f"{label}: cần danh sách “parts”.")
            continue
        for j, part in enumerate(c["parts"], 1):
            where = f"{label}, {_part_label(part, j)}"
            if not isinstance(part, dict):
                errors.append(
                    f"{where}: mỗi phần phải có “name”, “points” và “forms” hoặc “group”."
                )
                continue
            if not _is_number(part.get("points")) or part["points"] < 0:
                errors.append(f"{where}: “points” phải là số không âm (ví dụ 0.25).")
            forms, group = part.get("forms"), part.get("group")
            if "forms" in part and not (
                isinstance(forms, list) and all(isinstance(f, str) for f in forms)
            ):
                errors.append(
                    f'{where}: “forms” phải là danh sách mã hình thức (ví dụ ["cong_ttdt"]).'
                )
            if "group" in part and not (isinstance(group, str) and group.strip()):
                errors.append(
                    f"{where}: “group” phải là tên một nhóm hình thức (ví dụ “traditional”)."
                )
            if "forms" not in part and "group" not in part:
                errors.append(f"{where}: cần “forms” hoặc “group” để biết hình thức nào được tính.")
    return errors


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%".replace(".", ",")


def _num(value: float) -> str:
    """A number of points as Vietnamese write it: ``0.75 → "0,75"``, ``1.0 → "1"``."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text).replace(".", ",")


def score(
    completion_rate: float | None, forms_used: set[str], form_groups: dict[str, str],
    rules: dict[str, Any] | None = None,
) -> list[CriterionScore]:  # fmt: skip
    """The criteria's points from the data; a rule set :func:`validate_rules` finds fault with
    is replaced by :data:`DEFAULT_SCORE_RULES` (never an exception)."""
    rules = rules if rules and not validate_rules(rules) else DEFAULT_SCORE_RULES
    out = []
    for c in rules["criteria"]:
        mx = float(c["max"])
        if c["type"] == "completion":
            rate = completion_rate or 0.0
            min_rate = float(c.get("min_rate", 0.9))
            if rate >= 1:
                pts, why = mx, f"Hoàn thành 100% kế hoạch: {_num(mx)} điểm."
            elif rate >= min_rate:
                pts = round(rate * mx, 2)
                why = (f"Hoàn thành {_pct(rate)} (từ {_pct(min_rate)} đến dưới 100%): "
                       f"{_pct(rate)} × {_num(mx)} = {_num(pts)} điểm.")  # fmt: skip
            else:
                pts, why = 0.0, f"Hoàn thành {_pct(rate)}, dưới {_pct(min_rate)}: 0 điểm."
        else:
            pts, parts = 0.0, []
            for j, part in enumerate(c["parts"], 1):
                name = _part_name(part, j)
                wanted = set(part.get("forms") or [])
                if part.get("group"):
                    wanted |= {code for code, g in form_groups.items() if g == part["group"]}
                used = sorted(wanted & forms_used)
                if used:
                    pts += float(part["points"])
                    parts.append(
                        f"{name}: có ({len(used)} hình thức) +{_num(float(part['points']))}"
                    )
                else:
                    parts.append(f"{name}: chưa có")
            pts = min(pts, mx)
            why = "; ".join(parts) + f". Tổng {_num(pts)} điểm."
        out.append(CriterionScore(str(c.get("code", "")), str(c.get("name", "")), mx, pts, why))
    return out
