"""Settings: the office's choices kept in the ``settings`` table, and two identities.

A damaged setting never stops the program: it falls back to its default and the house notes
the problem once, to tell the user.  The office's identities (its id and the secret that signs
the workbooks it sends) are written outside any user action, so no undo or redo can remove
or restore them; the secret is never shown or written into any exported document.  Backups
carry both (a restored database must still recognise the workbooks it sent), and so does
``export database``, which is a backup taken to another PC for the same office.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from cchc_desktop.core.periods import (
    PeriodRule,
    rules_from_data,
    rules_from_setting,
    rules_to_data,
)
from cchc_desktop.core.taxonomy import DEFAULTS as DEFAULT_TERMS
from cchc_desktop.core.taxonomy import TITLES as TERM_TITLES
from cchc_desktop.core.taxonomy import Term
from cchc_desktop.core.text import clean_line, nfc_value
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.room import Room

if TYPE_CHECKING:
    from cchc_desktop.store.store import Store

SECRET_KEY = "office_secret"
UID_KEY = "office_uid"


class Settings(Room):
    """Settings, lists of terms, reporting periods, the sitting's user, the office's identity."""

    def __init__(self, house: Store) -> None:
        super().__init__(house)
        self._sitting_user: str | None = None  # who is at the PC this sitting, once asked

    # -- settings ----------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            self.house.note_problem(f"Cài đặt “{key}” bị hỏng; đã dùng giá trị mặc định.")
            return default

    def set_setting(self, key: str, value: Any, label: str = "Sửa cài đặt") -> None:
        with self.house.action(label):
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(nfc_value(value), ensure_ascii=False)],
            )

    # -- lists of terms ------------------------------------------------------------------------
    def terms(self, kind: str) -> list[Term]:
        """The office's list ``kind`` (forms, audiences, indicators), or the default one."""
        data = self.setting(f"terms.{kind}")
        if isinstance(data, list):
            try:
                return [Term(**{k: str(v) for k, v in item.items()}) for item in data]
            except (TypeError, AttributeError):
                self.house.note_problem(
                    f"Danh sách “{TERM_TITLES[kind]}” trong cài đặt bị hỏng; đã dùng danh sách mặc định."
                )
        return list(DEFAULT_TERMS[kind])

    def set_terms(self, kind: str, terms: Iterable[Term]) -> None:
        terms = list(terms)
        codes = [t.code for t in terms]
        if any(not t.code or not t.name.strip() for t in terms):
            raise StoreError("Mỗi mục trong danh sách phải có mã và tên.")
        if len(set(codes)) != len(codes):
            raise StoreError("Mã trong danh sách bị trùng.")
        self.set_setting(
            f"terms.{kind}", [t.__dict__ for t in terms], label=f"Sửa danh sách {TERM_TITLES[kind]}"
        )

    # -- reporting periods -------------------------------------------------------------------
    def period_rules(self) -> tuple[PeriodRule, ...]:
        rules, errors = rules_from_setting(self.setting("period_rules"))
        for e in errors:
            self.house.note_problem(e)
        return rules

    def set_period_rules(self, rules: tuple[PeriodRule, ...]) -> None:
        """Save the office's periods and regenerate occurrences that depend on them."""
        checked, errors = rules_from_data(rules_to_data(rules))
        if errors:
            raise StoreError(errors[0])
        with self.house.action("Sửa kỳ báo cáo"):
            self.set_setting("period_rules", rules_to_data(checked), label="Sửa kỳ báo cáo")
            self.house.tracking.sync_all()

    # -- who is at the PC this sitting -------------------------------------------------------
    def sitting_user(self) -> str | None:
        """The name given for this sitting (commune staff entering results on the office's
        PC), ``""`` when asked and left empty, ``None`` when not asked yet."""
        return self._sitting_user

    def set_sitting_user(self, name: str) -> None:
        """Credit what is written from now on, in the history too, to ``name`` (empty: the
        office's user).  Not an edit of the office's data: nothing to undo."""
        self._sitting_user = clean_line(name)
        with self.db.conn:
            self.db.conn.execute(
                "UPDATE session_state SET user = ? WHERE id = 1", [self.house.user_name()]
            )

    # -- the office's identity ---------------------------------------------------------------
    def office_uid(self) -> str:
        """A stable identity of this office's database, so foreign workbooks are recognised."""
        uid = self.setting(UID_KEY)
        if not uid:
            import uuid  # here: only the first export of workbooks needs it, not the start-up

            uid = str(uuid.uuid4())
            with self.db.atomic():  # outside any user action: an identity is never undone
                self.db.execute(
                    "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                    [UID_KEY, json.dumps(uid)],
                )
            uid = self.setting(UID_KEY)
        return cast(str, uid)  # as written above (None only if the setting is damaged)

    def office_secret(self, create: bool = False) -> bytes | None:
        """The key that signs what the office sends out (unit workbooks): made now if
        ``create`` and there is none yet (``None`` otherwise).

        A damaged value is replaced when a new key is needed: nothing signed with it could be
        verified anyway, and the office re-sends its workbooks.
        """
        key = self._read_secret()
        if key is not None or not create:
            return key
        import secrets  # here, as uuid above

        with self.db.atomic():
            # A rowid far above the others: a row an undone action inserted may come back on
            # redo under its old rowid, which this key must never have taken.
            self.db.execute(
                "INSERT INTO settings (rowid, key, value) VALUES "
                "((SELECT COALESCE(MAX(rowid), 0) + 1000000 FROM settings), ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [SECRET_KEY, json.dumps(secrets.token_bytes(32).hex())],
            )
        return self._read_secret()

    def _read_secret(self) -> bytes | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [SECRET_KEY]).fetchone()
        if row is None:
            return None
        try:
            key = bytes.fromhex(json.loads(row[0]))
        except (TypeError, ValueError):
            return None
        return key if len(key) == 32 else None
