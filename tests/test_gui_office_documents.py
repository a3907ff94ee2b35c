"""Settings: the office's level and what its documents print, each document type's own signer
and Nơi nhận, driven through the widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_desktop.core.models import Office
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.store import Store


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    store = Store.open(tmp_path / "cchc.sqlite3")
    store.org.set_office(
        Office("UBND phường Hòa Khánh", "UBND tỉnh Sông Mây", "Hòa Khánh", "Cán bộ")
    )
    store.org.add_unit("Văn phòng HĐND và UBND phường", short_name="VP", kind="department")
    store.org.add_group("Các tổ dân phố", [])
    yield AppContext(store)
    store.close()


def test_office_level_defaults_and_document_signers(qtbot, ctx: AppContext) -> None:
    from cchc_desktop.gui.settings_view import SettingsScreen

    screen = SettingsScreen(ctx)
    qtbot.addWidget(screen)
    screen.level_combo.setCurrentIndex(screen.level_combo.findData("commune"))
    screen.profile_edits["header_name"].setText("UBND phường|Hòa Khánh")
    screen.fill_office_defaults()  # empty fields take the level's default, built from the data
    assert screen.profile_edits["reports_to"].text() == "UBND tỉnh Sông Mây"
    assert screen.profile_edits["standing_unit"].text() == "Văn phòng HĐND và UBND phường"
    screen.save_office()
    office = ctx.store.org.office()
    assert (office.level, office.header_name, office.symbol) == (
        "commune",
        "UBND phường|Hòa Khánh",
        "UBND",
    )

    docs = screen.documents
    plan_lines, plan_name, plan_recipients = docs.fields["plan"]
    assert "Các tổ dân phố" in plan_recipients.toPlainText()  # a plan goes down to the groups
    assert "Các tổ dân phố" not in docs.fields["report"][2].toPlainText()  # a report goes up
    assert "TT Đảng ủy phường, TT HĐND phường (để b/c)" in plan_recipients.toPlainText()
    plan_lines.setPlainText("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    plan_name.setText("Nguyễn Văn A")
    docs.fields["report"][1].setText("Trần Thị B")
    docs.blank_date.setChecked(True)
    docs.save()
    assert ctx.store.settings.setting("plan_header")["signer_lines"] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]
    assert ctx.store.settings.setting("plan_header")["signer_name"] == "Nguyễn Văn A"
    assert ctx.store.settings.setting("report_header")["signer_name"] == "Trần Thị B"
    assert ctx.store.settings.setting("report_blank_date") is True
    ctx.undo()  # one step
    assert ctx.store.settings.setting("plan_header") is None
