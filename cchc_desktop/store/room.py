"""What every room of the store shares: the house it belongs to.

The house (:class:`cchc_desktop.store.store.Store`) owns the connection, the path and the
actions (one transaction, one undo step); a room holds the reads and writes of one subject
and reaches the others through the house (``self.house.tracking.sync_task(…)``).  Rooms
import the house only for type checking, so the store's import graph has no cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc_desktop.store.connection import Connection
    from cchc_desktop.store.store import Store


class Room:
    """One subject's part of the store, sharing the house's connection and actions."""

    def __init__(self, house: Store) -> None:
        self.house = house

    @property
    def db(self) -> Connection:
        """The house's connection."""
        return self.house.db

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row with sqlite-utils (it names the columns) and return the row's id."""
        return int(self.db[table].insert(values).last_pk)
