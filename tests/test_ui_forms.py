"""Committed form modules match their ``ui/*.ui`` sources (a stale one fails here)."""

from __future__ import annotations

import pytest

from cchc_desktop.gui.forms.build import UI_DIR, compile_ui, target_for

FORMS = sorted(UI_DIR.glob("*.ui"))


def test_there_are_forms() -> None:
    assert len(FORMS) >= 3


@pytest.mark.parametrize("ui", FORMS, ids=lambda p: p.name)
def test_generated_module_is_fresh(ui) -> None:
    target = target_for(ui)
    assert target.exists(), (
        f"{target.name} is missing: run `uv run python -m cchc_desktop.gui.forms.build`"
    )
    assert target.read_text(encoding="utf-8") == compile_ui(ui), (
        f"{target.name} is stale: run `uv run python -m cchc_desktop.gui.forms.build` and commit"
    )
