"""The benchmark offices: a “ten-year office” (``large``) and a province (``province``).

``large``: a district's office over ten years, 10 yearly plans × 40 units × 200 tasks.
``province``: since 1/7/2025 a province's Sở Nội vụ plans for and collects from around a
hundred communes and wards plus the province's departments: 10 yearly plans × 150 units ×
300 tasks.  In both, half the tasks are led by every commune (the plan names the group and
the program fans it out), every occurrence has a result (written first “in progress”, edited
as progress notes, then given its final state, so the history holds what an office's editing
leaves), and some results have a link as evidence.

Deterministic (seeded).  This module decides what the office holds; the rows are written in
bulk by :mod:`cchc_desktop.store.bulk_load`, through the program's own tables and triggers.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from cchc_desktop.core.models import Office, Task, UnitRef
from cchc_desktop.core.occurrences import occurrences_for, task_rule
from cchc_desktop.paths import database_path
from cchc_desktop.store import bulk_load
from cchc_desktop.store.bulk_load import (
    AssignmentRows,
    OccurrenceRows,
    PlanRows,
    ResultRows,
    TaskRows,
)
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store

TIMELINES = ["Hằng tháng", "Hằng quý", "Thường xuyên", "Quý II/{y}", "Quý III-IV/{y}", "Tháng 3/{y}",
             "Định kỳ 6 tháng/01 lần", "Trước ngày 30/6/{y}", "Trong năm {y}", "Khi có yêu cầu"]  # fmt: skip
WORDS = ("Tuyên truyền", "Phổ biến", "Tổ chức", "Xây dựng", "Đăng tải", "Hướng dẫn", "Niêm yết",
         "Khảo sát")  # fmt: skip
TOPICS = ("dịch vụ công trực tuyến", "thủ tục hành chính", "cơ chế một cửa", "chuyển đổi số", "văn hóa công vụ",
          "chỉ số hài lòng SIPAS", "cải cách tổ chức bộ máy", "thanh toán trực tuyến")  # fmt: skip
FORMS = ["bao_chi", "loa", "cong_ttdt", "mang_xa_hoi", "hoi_nghi", "to_roi", "pano"]

# A province's departments and the bodies its plan assigns work to (names as after the
# reorganisation of 2025).
PROVINCE_DEPARTMENTS = (
    "Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Thanh tra tỉnh", "Ban Quản lý các khu công nghiệp",
    "Trung tâm Phục vụ hành chính công tỉnh", "Báo và Phát thanh, Truyền hình tỉnh",
    "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Ủy ban MTTQ Việt Nam tỉnh", "Tỉnh Đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh",
    "Liên đoàn Lao động tỉnh", "Liên minh Hợp tác xã tỉnh", "Hội Luật gia tỉnh",
    "Hội Chữ thập đỏ tỉnh", "Hội Nhà báo tỉnh", "Bảo hiểm xã hội tỉnh", "Thuế tỉnh",
    "Thống kê tỉnh", "Kho bạc Nhà nước khu vực", "Chi cục Hải quan khu vực",
    "Ngân hàng Nhà nước chi nhánh khu vực", "Trường Chính trị tỉnh", "Bưu điện tỉnh",
    "Viễn thông tỉnh", "Trung tâm Chuyển đổi số tỉnh", "Cổng Thông tin điện tử tỉnh",
)  # fmt: skip
# Communes' and wards' names are two of these words, as most Vietnamese place names are.
_FIRST = ("Tân", "Hòa", "Phú", "An", "Bình", "Long", "Vĩnh", "Mỹ", "Phước", "Thạnh", "Hưng",
          "Quảng", "Xuân", "Đông", "Tây", "Nam", "Thuận", "Đức", "Hiệp", "Trung", "Thái", "Minh",
          "Yên", "Kim", "Cẩm")  # fmt: skip
_SECOND = ("Lập", "Bình", "Mỹ", "Phú", "Hòa", "Thành", "Lợi", "Hưng", "Thịnh", "An", "Sơn", "Hải",
           "Lộc", "Tiến", "Phong", "Thuận", "Khánh", "Định", "Lương", "Hà", "Trạch", "Điền",
           "Xuyên", "Phước")  # fmt: skip
PROVINCE_SECTIONS = (
    "Tuyên truyền về cải cách thể chế", "Tuyên truyền về cải cách thủ tục hành chính",
    "Tuyên truyền về cải cách tổ chức bộ máy", "Tuyên truyền về cải cách chế độ công vụ",
    "Tuyên truyền về cải cách tài chính công", "Tuyên truyền về xây dựng chính quyền số",
)  # fmt: skip


@dataclass(frozen=True)
class Scale:
    """How big an office is, and what it is called: the content decisions of one scale."""

    office: Office
    departments: tuple[str, ...]
    communes: int  # communes and wards
    commune_group: str
    tasks: int
    sections: tuple[str, ...]
    notes: int  # progress notes each result went through before its final state
    department_group: str = ""  # a group of every department, leading some tasks
    years: int = 10

    @property
    def units(self) -> int:
        return len(self.departments) + self.communes


SCALES = {
    "large": Scale(
        office=Office("UBND huyện Thử Tải", "UBND tỉnh Mẫu", "Thử Tải", "Cán bộ thử"),
        departments=tuple(f"Phòng chuyên môn số {i + 1}" for i in range(8)),
        communes=32, commune_group="UBND các xã, thị trấn", tasks=200,
        sections=tuple(f"Nhóm nhiệm vụ {s + 1}" for s in range(5)), notes=9,
    ),
    "province": Scale(
        office=Office("UBND tỉnh Thử Tải", "Chính phủ", "Thử Tải", "Cán bộ thử", level="province",
                      reports_to="Bộ Nội vụ", standing_unit="Sở Nội vụ", symbol="UBND"),
        departments=PROVINCE_DEPARTMENTS, communes=110, commune_group="UBND các xã, phường",
        department_group="Các sở, ban, ngành tỉnh", tasks=300, sections=PROVINCE_SECTIONS, notes=2,
    ),
}  # fmt: skip


def commune_names(count: int, seed: int) -> list[str]:
    """``count`` different commune and ward names (about a third wards), in a seeded order."""
    rng = random.Random(seed)
    pairs = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
    if count > len(pairs):
        raise ValueError(f"chỉ có {len(pairs)} tên xã, phường khác nhau")
    return [
        f"UBND {'phường' if i % 3 == 0 else 'xã'} {name}"
        for i, name in enumerate(rng.sample(pairs, count))
    ]


def write_large(
    folder: Path, last_year: int | None = None, scale: str | Scale = "large", seed: int = 2026
) -> str:
    """Write the office of ``scale`` into ``folder`` (which must hold no plans); a summary."""
    size = SCALES[scale] if isinstance(scale, str) else scale
    last_year = last_year or date.today().year
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(database_path(folder))
    try:
        if store.catalogue.plans():
            raise StoreError(f"Thư mục {folder} đã có dữ liệu; không ghi dữ liệu thử tải vào.")
        rng = random.Random(seed)
        store.org.set_office(size.office)
        depts = [store.org.add_unit(name, kind="department") for name in size.departments]
        if size is SCALES["large"]:  # the ten-year office as first written, for comparisons
            names = [f"UBND xã Thử {i + 1:02d}" for i in range(size.communes)]
        else:
            names = commune_names(size.communes, seed)
        communes = [store.org.add_unit(name, kind="commune") for name in names]
        groups = {"communes": (store.org.add_group(size.commune_group, communes), communes)}
        if size.department_group:
            groups["departments"] = (store.org.add_group(size.department_group, depts), depts)
        store.undo_log.reset()  # setting up is not an undo step of a generated office
        total, links = 0, itertools.count(1)  # the evidence links' numbers
        for year in range(last_year - size.years + 1, last_year + 1):
            total += bulk_load.write_plan(store, _plan(size, year, rng, depts, groups, links))
        history = bulk_load.history_rows(store)
        bulk_load.finish(store)
        return (f"{size.years} kế hoạch, {size.units} đơn vị, {size.years * size.tasks} nhiệm vụ, "
                f"{total} lần thực hiện có kết quả, {history} dòng lịch sử")  # fmt: skip
    finally:
        store.close()


def _plan(size: Scale, year: int, rng: random.Random, depts: list[int],
          groups: dict[str, tuple[int, list[int]]], links: Iterator[int]) -> PlanRows:  # fmt: skip
    """One year's plan: who leads each task, and every occurrence's result."""
    number = f"{rng.randint(1, 99)}/KH-UBND"
    tasks = []
    n_sections = len(size.sections)
    for t in range(size.tasks):
        timeline = rng.choice(TIMELINES).format(y=year)
        content = f"{rng.choice(WORDS)} về {rng.choice(TOPICS)} (nhiệm vụ {t + 1})"
        forms = tuple(rng.sample(FORMS, 2))
        targets = {"tin_bai": rng.randint(1, 12)}
        if t % 2 == 0:
            group, members = groups["communes"]
            lead, lead_units = UnitRef("group", group), members
        elif t % 6 == 1 and "departments" in groups:
            group, members = groups["departments"]
            lead, lead_units = UnitRef("group", group), members
        else:
            unit = rng.choice(depts)
            lead, lead_units = UnitRef("unit", unit), [unit]
        coord = rng.choice(depts)
        planned = _planned(timeline, year)
        assignments = []
        for uid in dict.fromkeys([*lead_units, coord]):
            role = "lead" if uid in lead_units else "coordinating"
            occurrences = planned or [
                OccurrenceRows(
                    f"manual-1-{year}-06-30", date(year, 6, 30), "Phát sinh", manual=True
                )
            ]
            assignments.append(AssignmentRows(uid, role, [
                OccurrenceRows(o.key, o.due, o.label, o.manual, _result(size, rng, o.due or date(year, 12, 14), links))
                for o in occurrences
            ]))  # fmt: skip
        tasks.append(TaskRows(
            section=t % n_sections, position=t // n_sections, content=content, timeline=timeline,
            product="Tin, bài", forms=forms, targets=targets, lead=(lead,),
            coordinating=(UnitRef("unit", coord),), assignments=assignments,
        ))  # fmt: skip
    return PlanRows(year, f"Tuyên truyền cải cách hành chính năm {year}", number,
                    list(size.sections), tasks)  # fmt: skip


@cache
def _planned(timeline: str, year: int) -> list[OccurrenceRows]:
    """The occurrences the program plans for a task with ``timeline`` in ``year``."""
    task = Task(id=0, plan_id=0, section_id=None, position=0, content="", timeline=timeline)
    return [
        OccurrenceRows(p.key, p.due, p.label) for p in occurrences_for(task_rule(task, year), year)
    ]


def _result(size: Scale, rng: random.Random, due: date, links: Iterator[int]) -> ResultRows:
    roll = rng.random()
    status = "done" if roll < 0.85 else ("not_done" if roll < 0.9 else "in_progress")
    done = due - timedelta(days=rng.randint(-10, 20)) if status == "done" else None
    notes = (
        "Đang triển khai",
        *(f"Đang triển khai, cập nhật lần {k}" for k in range(1, size.notes)),
    )
    result = ResultRows(
        status, done, f"Đã thực hiện {rng.randint(1, 9)} tin, bài",
        {"tin_bai": rng.randint(0, 3)}, "Thiếu kinh phí" if status == "not_done" else "",
        notes[: size.notes],
    )  # fmt: skip
    if rng.random() < 0.05:
        result.evidence_url = f"https://thutai.gov.vn/tin/{next(links)}"
    return result
