"""The office's secret: the key that signs what the office sends out (unit workbooks).

A random 32-byte key, made once and kept in the ``settings`` table under ``office_secret``.
It is written outside any user action, so it never enters the undo log and no undo or redo
can remove or restore it, and it is never shown or written into any exported document.
Backups carry it (a restored database must still recognise the workbooks it sent), and so
does ``export database``, which is a backup taken to another PC for the same office.
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cchc_desktop.store.store import Store

KEY = "office_secret"


def _read(store: Store) -> bytes | None:
    row = store.db.execute("SELECT value FROM settings WHERE key = ?", [KEY]).fetchone()
    if row is None:
        return None
    try:
        key = bytes.fromhex(json.loads(row[0]))
    except (TypeError, ValueError):
        return None
    return key if len(key) == 32 else None


def office_secret(store: Store, create: bool = False) -> bytes | None:
    """The key, made now if ``create`` and there is none yet (``None`` otherwise).

    A damaged value is replaced when a new key is needed: nothing signed with it could be
    verified anyway, and the office re-sends its workbooks.
    """
    key = _read(store)
    if key is not None or not create:
        return key
    with store.db.atomic():
        # A rowid far above the others: a row an undone action inserted may come back on
        # redo under its old rowid, which this key must never have taken.
        store.db.execute(
            "INSERT INTO settings (rowid, key, value) VALUES "
            "((SELECT COALESCE(MAX(rowid), 0) + 1000000 FROM settings), ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [KEY, json.dumps(secrets.token_bytes(32).hex())],
        )
    return _read(store)
