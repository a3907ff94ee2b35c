"""Importing an annex into a plan that already holds its tasks, or naming a group with no
member unit: the user is told before anything is created (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from cchc_desktop.exchange.catalogue import (
    apply_catalogue,
    draft_catalogue,
    duplicate_tasks,
    empty_groups,
)
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store
from tests.modal import answer, enter
from tests.test_catalogue_import import ROWS, make_xlsx


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch):
    """A new office: its units and one group set up, the specialised departments not grouped."""
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    store = Store.open(tmp_path / "cchc.sqlite3")
    for name, kind in (("Văn phòng HĐND và UBND huyện", "department"), ("Phòng Nội vụ", "department"),
                       ("Đài Truyền thanh huyện", "media")):  # fmt: skip
        store.org.add_unit(name, kind=kind)
    communes = [
        store.org.add_unit(n, kind="commune") for n in ("UBND xã An Hòa", "UBND thị trấn Bến Đò")
    ]
    store.org.add_group("UBND các xã, thị trấn", communes)
    c = AppContext(store)
    c.set_plan(store.catalogue.add_plan(2024, "Kế hoạch nhận danh mục"))
    yield c
    store.close()


def test_the_rules_find_tasks_already_there_and_empty_groups(
    ctx: AppContext, tmp_path: Path
) -> None:
    store = ctx.store
    draft = draft_catalogue(store, make_xlsx(tmp_path / "pl.xlsx", ROWS), 2024)
    assert duplicate_tasks(store, draft, ctx.plan_id) == []
    assert empty_groups(store, draft) == ["Các phòng, ban chuyên môn"]  # new, no member
    apply_catalogue(store, draft, ctx.plan_id)
    again = draft_catalogue(store, make_xlsx(tmp_path / "pl2.xlsx", ROWS), 2024)
    assert len(duplicate_tasks(store, again, ctx.plan_id)) == 4
    assert empty_groups(store, again) == ["Các phòng, ban chuyên môn"]  # created, still empty
    created = apply_catalogue(store, again, ctx.plan_id, skip_duplicates=True)
    assert (created["tasks"], created["skipped"], created["sections"]) == (0, 4, 0)
    assert (
        len(store.catalogue.tasks(ctx.plan_id)) == 4
        and len(store.catalogue.sections(ctx.plan_id)) == 3
    )


def test_importing_the_same_annex_twice_asks_and_skips(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    from cchc_desktop.gui.catalogue_view import CatalogueScreen

    screen = CatalogueScreen(ctx)
    qtbot.addWidget(screen)
    path = make_xlsx(tmp_path / "pl.xlsx", ROWS)

    def import_once(steps):
        dialog = screen.import_catalogue(path)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)  # read off the GUI thread
        create = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen = answer(steps)
        qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
        return dialog, seen

    # first time: only the empty group is worth a word; Enter imports
    dialog, seen = import_once([enter])
    assert "chưa có đơn vị nào" in seen[0] and "Các phòng, ban chuyên môn" in seen[0]
    assert len(ctx.store.catalogue.tasks(ctx.plan_id)) == 4

    # second time: the preview warns, the question offers to skip (the default, Enter)
    dialog, seen = import_once([enter])
    assert "4/4 nhiệm vụ đã có trong kế hoạch" in dialog.summary.text()
    assert "4 trong 4 nhiệm vụ" in seen[0]
    assert (
        len(ctx.store.catalogue.tasks(ctx.plan_id)) == 4
        and len(ctx.store.catalogue.sections(ctx.plan_id)) == 3
    )

    # Escape cancels: nothing is created, the dialog stays open
    def escape_box(box) -> None:
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    dialog, seen = import_once([escape_box])
    assert seen and dialog.isVisible() and len(ctx.store.catalogue.tasks(ctx.plan_id)) == 4
