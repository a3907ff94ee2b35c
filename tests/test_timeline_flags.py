"""The catalogue flags a timeline read with a warning (a year other than the plan's, a part
with no schedule) as it flags an unreadable one: ⚠ and amber in the tree, the warning in the
tooltip and, amber too, under the timeline field of the task form."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cchc_desktop.gui.catalogue_view import CatalogueScreen
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.vn_keys import press, select_all, type_text

Role = Qt.ItemDataRole
OTHER_YEAR = "Thời gian ghi năm 2021, khác năm của kế hoạch (2023)"
UNSCHEDULED = (
    "Phần “các bản tin chuyên đề” không có lịch cụ thể: thêm lần thực hiện bằng tay khi có"
)
TIMELINES = {
    "Tổ chức hội nghị": "Quý II/2021",
    "Phát hành bản tin": "02 kỳ/tháng và các bản tin chuyên đề",
    "Xây dựng chuyên mục": "Hằng quý",
    "Tọa đàm trực tuyến": "Theo lộ trình chung",
}


@pytest.fixture
def screen(qtbot, tmp_path: Path):
    store = Store.open(tmp_path / "cchc.sqlite3")
    plan = store.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023")
    section = store.catalogue.add_section(plan, "Tuyên truyền chung")
    for content, timeline in TIMELINES.items():
        store.catalogue.add_task(plan, section, content, timeline=timeline)
    store.undo_log.reset()
    view = CatalogueScreen(AppContext(store))
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    yield view
    store.close()


def _timeline_cell(view: CatalogueScreen, content: str):
    model = view.model
    key = next(k for k, n in model.by_key.items() if n.kind == "task" and n.task.content == content)
    return key, model.index_of(key).siblingAtColumn(5)


def test_a_timeline_read_with_a_warning_is_flagged_in_the_tree(screen: CatalogueScreen) -> None:
    """Rule: a timeline read with a warning shows ⚠ and the amber of an unreadable one, and its
    tooltip gives the warning; one read cleanly stays plain."""
    model = screen.model
    for content, warning in [
        ("Tổ chức hội nghị", OTHER_YEAR),
        ("Phát hành bản tin", UNSCHEDULED),
        ("Tọa đàm trực tuyến", None),  # unreadable: flagged as before
    ]:
        _, cell = _timeline_cell(screen, content)
        assert model.data(cell, Role.DisplayRole) == "⚠ " + TIMELINES[content]
        assert model.data(cell, Role.ForegroundRole).color().name() == "#8a5a00"
        assert model.data(cell, Role.BackgroundRole).color().name() == "#fff3cd"
        tooltip = model.data(cell, Role.ToolTipRole)
        assert tooltip.startswith(TIMELINES[content] + "\n")
        if warning:
            assert tooltip.endswith("\n⚠ " + warning)
    _, plain = _timeline_cell(screen, "Xây dựng chuyên mục")
    assert model.data(plain, Role.DisplayRole) == "Hằng quý"
    assert model.data(plain, Role.BackgroundRole) is None
    assert "⚠" not in model.data(plain, Role.ToolTipRole)


def test_the_task_form_shows_the_warning_in_amber(screen: CatalogueScreen) -> None:
    """Rule: under the timeline field, the form shows what was read and then the warning, in
    the amber style of an unreadable timeline; a clean reading is shown in the plain style."""
    form = screen.form
    key, _ = _timeline_cell(screen, "Tổ chức hội nghị")
    screen.select(key)
    assert form.timeline.text() == "Quý II/2021"
    assert form.understood.text() == f"Theo quý → hạn 30/06/2021\n⚠ {OTHER_YEAR}"
    assert form.understood.objectName() == "timelineUnknown"

    key, _ = _timeline_cell(screen, "Xây dựng chuyên mục")
    screen.select(key)
    assert "⚠" not in form.understood.text()
    assert form.understood.objectName() == "timelineUnderstood"

    # typing a wording with an unscheduled part flags it at once, and the tree follows the save
    select_all(form.timeline)
    type_text(form.timeline, "02 kỳ/tháng và các bản tin chuyên đề")
    assert form.understood.text().endswith("\n⚠ " + UNSCHEDULED)
    assert form.understood.objectName() == "timelineUnknown"
    press(form.timeline, Qt.Key.Key_Return)
    _, cell = _timeline_cell(screen, "Xây dựng chuyên mục")
    assert screen.model.data(cell, Role.DisplayRole) == ("⚠ 02 kỳ/tháng và các bản tin chuyên đề")
