"""The plan's own sections, kept per plan and carried into next year's plan; years that move."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.models import Office, PlanDuty, UnitRef
from cchc_desktop.core.plan_text import shift_own_years
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuyên truyền cải cách hành chính năm 2023", "Tuyên truyền cải cách hành chính năm 2024"),
        ("Quý II/2023", "Quý II/2024"),
        ("Trước ngày 30/6/2023", "Trước ngày 30/6/2024"),
        # a cited document keeps its date, and everything in its clause
        ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"),
        ("Kế hoạch số 25/KH-UBND ngày 15/02/2023 về tuyên truyền CCHC năm 2023",
         "Kế hoạch số 25/KH-UBND ngày 15/02/2023 về tuyên truyền CCHC năm 2023"),
        # spans and target years stay
        ("Chương trình tổng thể giai đoạn 2021-2030", "Chương trình tổng thể giai đoạn 2021-2030"),
        ("Kế hoạch giai đoạn 2023 - 2025", "Kế hoạch giai đoạn 2023 - 2025"),
        ("đến năm 2023, tầm nhìn đến năm 2030", "đến năm 2023, tầm nhìn đến năm 2030"),
        ("Luật Thanh niên năm 2023", "Luật Thanh niên năm 2023"),
        ("Nghị định số 09/2023/NĐ-CP", "Nghị định số 09/2023/NĐ-CP"),
        # other years of the text are not the plan's own
        ("Kết quả Chỉ số CCHC năm 2022", "Kết quả Chỉ số CCHC năm 2022"),
        # a clause after the citation is the plan's again
        ("Theo Chỉ thị số 10/CT-UBND ngày 16/8/2021; tổ chức hội nghị năm 2023",
         "Theo Chỉ thị số 10/CT-UBND ngày 16/8/2021; tổ chức hội nghị năm 2024"),
    ],
)  # fmt: skip
def test_only_the_plans_own_year_moves(text: str, expected: str) -> None:
    assert shift_own_years(text, 2023, 1) == expected


def test_a_timeline_moves_every_year_but_spans() -> None:
    assert shift_own_years("Tháng 12/2022 và Quý I/2023", 2023, 1, any_year=True) == (
        "Tháng 12/2023 và Quý I/2024"
    )
    assert shift_own_years("Giai đoạn 2021-2025", 2023, 1, any_year=True) == "Giai đoạn 2021-2025"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cchc.sqlite3")
    s.org.set_office(Office("UBND phường Hòa Khánh", "UBND thành phố Đà Nẵng", "Hòa Khánh", "Cán bộ",
                        level="commune"))  # fmt: skip
    yield s
    s.close()


def test_sections_are_kept_per_plan_undone_and_copied(store: Store) -> None:
    mttq = store.org.add_unit("Ủy ban MTTQ Việt Nam phường", kind="mass_org")
    pid = store.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    plan = store.catalogue.plan(pid)
    assert plan.topics is None and plan.duties is None and plan.decision == ""  # not written yet
    duties = [PlanDuty("Ủy ban MTTQ Việt Nam phường", "- Phối hợp tuyên truyền năm 2023.", True)]
    store.catalogue.update_plan(pid, topics="- Dịch vụ công trực tuyến năm 2023", forms_text="",
                      duties=duties, reporting="Báo cáo hằng quý", closing="Trên đây là Kế hoạch./.",
                      decision="Ban hành kèm theo Quyết định số       /QĐ-UBND ngày       tháng       năm 2023")  # fmt: skip
    plan = store.catalogue.plan(pid)
    assert plan.topics == "- Dịch vụ công trực tuyến năm 2023"
    assert plan.forms_text == ""  # left out on purpose, not “not written”
    assert plan.duties == tuple(duties)
    assert "số       /QĐ-UBND" in plan.decision  # the blank for the number is kept
    store.undo()
    assert store.catalogue.plan(pid).topics is None and store.catalogue.plan(pid).duties is None
    store.redo()
    assert store.catalogue.plan(pid).duties == tuple(duties)

    new = store.catalogue.copy_plan(pid, 2024)
    copy = store.catalogue.plan(new)
    assert copy.topics == "- Dịch vụ công trực tuyến năm 2024"
    assert copy.duties == (PlanDuty(duties[0].name, "- Phối hợp tuyên truyền năm 2024.", True),)
    assert copy.decision.endswith("năm 2024") and copy.forms_text == ""
    assert mttq


def test_copying_into_a_year_that_has_a_plan_is_refused_unless_confirmed(store: Store) -> None:
    pid = store.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    store.catalogue.copy_plan(pid, 2024)
    with pytest.raises(StoreError, match="Năm 2024 đã có kế hoạch"):
        store.catalogue.copy_plan(pid, 2024)
    assert len(store.catalogue.plans_of_year(2024)) == 1
    store.catalogue.copy_plan(pid, 2024, allow_second=True)
    assert len(store.catalogue.plans_of_year(2024)) == 2


def test_unfinished_tasks_carry_over_to_the_units_that_did_not_finish(store: Store) -> None:
    a = store.org.add_unit("UBND tổ dân phố 1", kind="commune")
    b = store.org.add_unit("UBND tổ dân phố 2", kind="commune")
    g = store.org.add_group("Các tổ dân phố", [a, b])
    pid = store.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    sec = store.catalogue.add_section(pid, "Chung")
    once = store.catalogue.add_task(
        pid, sec, "Làm pano năm 2023", timeline="Quý II/2023", lead=[UnitRef("group", g)]
    )
    store.catalogue.add_task(pid, sec, "Đăng tin", timeline="Hằng tháng", lead=[UnitRef("unit", a)])
    done = [o for o in store.tracking.occurrence_rows(pid) if o.task_id == once and o.unit_id == a][
        0
    ]
    store.results.set_result(done.id, "done", date(2023, 6, 1))
    unfinished = {u.task_id: u for u in store.catalogue.unfinished_tasks(pid)}
    assert unfinished[once].unit_ids == (b,) and unfinished[once].one_off
    monthly = next(u for u in unfinished.values() if u.task_id != once)
    assert not monthly.one_off and monthly.occurrences == 12

    new = store.catalogue.copy_plan(pid, 2024, carry_over=[once])
    sections = store.catalogue.sections(new)
    assert sections[-1].title == "Nhiệm vụ năm 2023 chưa hoàn thành, chuyển sang năm 2024"
    carried = store.catalogue.tasks(new, sections[-1].id)
    assert [t.content for t in carried] == ["Làm pano năm 2023"]  # the old work, as written
    assert carried[0].timeline == "Quý I/2024" and [r.id for r in carried[0].lead] == [b]
    assert "nhiệm vụ I.1 " in carried[0].note and "UBND tổ dân phố 2" in carried[0].note
    # the ordinary copy of the task moved into the new year for everyone
    assert store.catalogue.tasks(new, sections[0].id)[0].content == "Làm pano năm 2024"
