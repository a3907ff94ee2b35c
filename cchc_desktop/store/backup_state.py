"""The data folder's bookkeeping file (``state.json``) as read at start: when data last left
the PC, and the reminder the window's greeting shows when that was too long ago.

Apart from :mod:`cchc_desktop.store.backup` (which writes the file) because the window's frame
shows the reminder before the store and the backup machinery are imported.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

STATE_FILENAME = "state.json"


def read_state(data_dir: Path) -> dict[str, Any]:
    """``<data_dir>/state.json`` as a dict; {} when missing or unreadable (never fatal)."""
    try:
        data = json.loads((Path(data_dir) / STATE_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def last_external_backup(data_dir: Path) -> datetime | None:
    """When data was last backed up outside the PC (None if never or unreadable)."""
    value = read_state(data_dir).get("last_external_backup")
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def needs_external_reminder(data_dir: Path, now: datetime, days: int = 14) -> bool:
    """True when no backup left the PC in the last ``days`` days (or ever)."""
    last = last_external_backup(data_dir)
    return last is None or now - last > timedelta(days=days)


def external_reminder_text(data_dir: Path, now: datetime, days: int = 14) -> str | None:
    """The reminder line for the status bar / start page, or None when not due."""
    if not needs_external_reminder(data_dir, now, days):
        return None
    last = last_external_backup(data_dir)
    before = read_state(data_dir).get("last_external_folder")
    where = "hãy sao lưu ra USB hoặc một thư mục khác do bạn chọn (ổ mạng, máy khác)" + (
        f"; lần trước: {before}" if isinstance(before, str) and before else ""
    )
    if last is None:
        return f"Dữ liệu chưa từng được sao lưu ra ngoài máy, chỉ nằm trên máy này: {where}."
    return (
        f"Dữ liệu chưa sao lưu ra ngoài máy từ {last:%d/%m/%Y} ({(now - last).days} ngày): {where}."
    )
