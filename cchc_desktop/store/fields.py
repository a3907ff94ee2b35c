"""How values a caller gives become column values: NFC text, JSON lists, ISO dates.

Shared by the rooms that write the office's own records (units, groups, plans, sections,
tasks); each room keeps the list of fields it accepts.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from cchc_desktop.core.models import PlanDuty
from cchc_desktop.core.plan_text import duties_to_data
from cchc_desktop.core.text import nfc_value
from cchc_desktop.store.errors import StoreError


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """NFC every text and serialise lists/dicts/dates for their columns."""
    out: dict[str, Any] = {}
    if isinstance(values.get("duties"), list | tuple):
        values = {**values, "duties": duties_to_data(
            d if isinstance(d, PlanDuty) else PlanDuty(**d) for d in values["duties"])}  # fmt: skip
    for key, value in nfc_value(values).items():
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list | tuple | dict):
            if key == "manual_dates":
                value = [d.isoformat() if isinstance(d, date) else d for d in value]
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, str):
            value = (
                value.strip() if key not in ("legal_bases", "purposes", "requirements") else value
            )
            if key == "decision":  # its blanks (“số       /QĐ-UBND”) are kept inside
                value = value.replace("\r\n", "\n")
        out[key] = value
    return out


def check_fields(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse a field the record does not have (a caller's mistake, named for the log)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise StoreError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
