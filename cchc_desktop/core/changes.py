"""What one user action changed: the record every screen receives when the action is over.

Each user action (an edit, an import, an undo) ends with one :class:`Changes` record saying
which kinds of data it changed, which rows where they are known, and who started it.  Screens
read the record to decide whether they have anything to redo, so a screen that shows no
results does no work when a result is typed, and a screen that is hidden only notes that it
must refresh when it is next shown.

The record says too much rather than too little: when the scope of a change is not known
(an undo whose log could not be read, data replaced whole) it says *everything*, and every
screen refreshes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

Id = int | str  # a row's id; a setting's key


class Kind(StrEnum):
    """The kinds of data a change can touch (what a screen may show)."""

    UNITS = "units"
    GROUPS = "groups"  # named groups of units and their members
    PLANS = "plans"
    SECTIONS = "sections"
    TASKS = "tasks"  # a task and the units it names
    ASSIGNMENTS = "assignments"  # task × unit, as the groups fan out
    OCCURRENCES = "occurrences"  # the due dates a timeline gives
    RESULTS = "results"
    EVIDENCE = "evidence"
    SETTINGS = "settings"  # ids: the settings' keys
    IMPORTS = "imports"  # returned workbooks taken in (and their undo)
    REPORTS = "reports"  # issued reports, frozen as sent


ALL_KINDS: frozenset[Kind] = frozenset(Kind)


@dataclass(frozen=True)
class Changes:
    """One user action's changes.

    ``ids`` holds, for the kinds whose rows are known, the ids of the rows changed (for
    settings, their keys); a kind in ``kinds`` but not in ``ids`` may have changed anywhere.
    ``origin`` names who started it (a screen, a dialog, ``"undo"``), for logs and tests;
    ``source`` is that object itself, so a screen can tell its own writes from others'.
    """

    kinds: frozenset[Kind] = frozenset()
    ids: Mapping[Kind, frozenset[Id]] = field(default_factory=dict)
    label: str = ""
    origin: str = ""
    source: object | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        kinds: Kind | Iterable[Kind],
        ids: Mapping[Kind, Iterable[Id]] | None = None,
        label: str = "",
        origin: str = "",
        source: object | None = None,
    ) -> Changes:
        """A record of ``kinds`` (one kind or several) and the ids known for some of them."""
        wanted = frozenset([kinds] if isinstance(kinds, Kind) else kinds)
        known = {Kind(k): frozenset(v) for k, v in (ids or {}).items()}
        return cls(wanted | frozenset(known), known, label, origin, source)

    @classmethod
    def everything(cls, label: str = "", origin: str = "", source: object | None = None) -> Changes:
        """Anything may have changed: every screen refreshes."""
        return cls(ALL_KINDS, {}, label, origin, source)

    @property
    def is_everything(self) -> bool:
        return self.kinds == ALL_KINDS and not self.ids

    @property
    def empty(self) -> bool:
        return not self.kinds

    def touches(self, *kinds: Kind) -> bool:
        """Whether any of ``kinds`` changed."""
        return any(k in self.kinds for k in kinds)

    def ids_of(self, kind: Kind) -> frozenset[Id] | None:
        """The ids of ``kind`` changed: empty when the kind did not change, ``None`` when it
        did and which rows is not known (treat as all)."""
        if kind not in self.kinds:
            return frozenset()
        return self.ids.get(kind)

    def touches_setting(self, *keys: str) -> bool:
        """Whether one of the settings ``keys`` changed; a key ending in ``.`` stands for
        every key it begins (``"terms."``: the forms, audiences and indicators lists)."""
        changed = self.ids_of(Kind.SETTINGS)
        if changed is None:
            return True
        return any(
            isinstance(c, str) and (c.startswith(k) if k.endswith(".") else c == k)
            for c in changed
            for k in keys
        )

    def touches_other_than(self, *kinds: Kind) -> bool:
        """Whether something other than ``kinds`` changed."""
        return bool(self.kinds - frozenset(kinds))

    def merged(self, other: Changes) -> Changes:
        """Both records as one (what a hidden screen has to catch up with); ids stay known only
        where both records know them."""
        kinds = self.kinds | other.kinds
        ids: dict[Kind, frozenset[Id]] = {}
        for k in kinds:
            mine, theirs = self.ids_of(k), other.ids_of(k)
            if mine is not None and theirs is not None:
                ids[k] = mine | theirs
        label = other.label or self.label
        origin = other.origin if other.origin == self.origin or not self.origin else "several"
        source = self.source if self.source is other.source else None
        return Changes(kinds, ids, label, origin, source)

    def describe(self) -> str:
        """One line for the log: the label, who started it and what it touched."""
        what = "everything" if self.is_everything else ", ".join(sorted(self.kinds)) or "nothing"
        return f"{self.label or '(no label)'} [{self.origin or '?'}]: {what}"
