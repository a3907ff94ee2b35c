"""The store's one error for a user action that cannot be done.

In a module of its own, below every other store module, so that any of them can raise it
without importing the house (:mod:`cchc_desktop.store.store`) and the rooms it holds.
"""

from __future__ import annotations


class StoreError(ValueError):
    """A user action that cannot be done, with a Vietnamese message to show."""
