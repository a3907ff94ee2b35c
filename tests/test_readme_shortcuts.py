"""Every keyboard shortcut the README promises is there, on the screen it names, doing what it
says: an officer who learns the keys from the README's table finds each one working.

The table under "### Keyboard" has one row per place (``everywhere`` or a screen's title in the
sidebar) and, in its second column, entries such as ``Ctrl+N new plan`` or ``F2 / Enter edit``.
Each key must be the shortcut of an action (or a button) on that screen, or of the window for
``everywhere``, and the action's Vietnamese text must hold the words ``GLOSSARY`` gives for the
README's English description. Keys mentioned elsewhere in the README must exist somewhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from cchc_desktop.core.models import Office
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.main_window import MainWindow
from cchc_desktop.store.store import Store

README = Path(__file__).resolve().parents[1] / "README.md"

# The README's English description of an entry -> the words of its action's Vietnamese text
# (a list when the entry names several keys that do different things, one per key).
GLOSSARY: dict[str, str | list[str]] = {
    "switch screens": "chuyển sang",
    "search": "tìm kiếm",
    "undo": "hoàn tác",
    "redo": "làm lại",
    "quit": "thoát",
    "new plan": "thêm kế hoạch",
    "edit": "sửa",
    "copy into a new year": "tạo từ kế hoạch năm trước",
    "delete": "xóa",
    "open its catalogue": "mở danh mục nhiệm vụ",
    "print the plan": "in",
    "new section": "thêm mục",
    "new sub-section": "thêm mục con",
    "new task": "thêm nhiệm vụ",
    "move": ["lên", "xuống"],
    "indent/outdent a section": ["thụt vào", "lùi ra"],
    "filter": "lọc",
    "import an annex": "nhập từ phụ lục",
    "mark done": "đánh dấu hoàn thành",
    "evidence": "minh chứng",
    "the result's history": "lịch sử",
    "add an occurrence": "thêm lần phát sinh",
    "re-attach a result": "gắn lại kết quả",
    "export the units' sheets": "xuất phiếu giao việc",
    "take back filled sheets": "nhận phiếu đã điền",
    "print the unit's sheet": "in",
    "lead": "giao chủ trì",
    "coordinating": "giao phối hợp",
    "remove the assignment": "bỏ giao",
    "new unit": "thêm đơn vị",
    "deactivate/reactivate": "ngừng dùng / dùng lại",
    "reorder": ["lên", "xuống"],
    "new group": "thêm nhóm",
    "export the report": "xuất báo cáo",
    "print it": "in",
}

# Keys a list or a cell answers by itself (Enter opens or saves, Tab moves on, arrows move):
# they are not actions, and the screens' own tests press them.
WIDGET_KEYS = {"Enter", "Tab", "↑", "↓", "←", "→"}

_ARROWS = {"↑": "Up", "↓": "Down", "←": "Left", "→": "Right"}
_NAMED = r"F\d{1,2}|Delete|Insert|Enter|Tab|Esc|Home|End"
_CHORD = rf"(?:(?:Ctrl|Shift|Alt)\+)+(?:{_NAMED}|[↑↓←→](?:/[↑↓←→])?|\d…\d|[A-Z0-9])"
_KEY = rf"(?:{_CHORD}|{_NAMED}|[↑↓←→])"
_ENTRY = re.compile(rf"^(?P<keys>{_KEY}(?:\s+/\s+{_KEY})*)(?=\s|$)\s*(?P<what>.*)$")
_ANY_CHORD = re.compile(_CHORD)


def _top_level_items(cell: str) -> list[str]:
    """The cell's entries: split at commas and semicolons outside parentheses."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(cell):
        depth += ch == "("
        depth -= ch == ")"
        if ch in ",;" and depth == 0:
            items.append(cell[start:i].strip())
            start = i + 1
    items.append(cell[start:].strip())
    return [i for i in items if i]


def _expand(key: str) -> list[str]:
    """``Ctrl+↑/↓`` -> ``Ctrl+↑``, ``Ctrl+↓``; ``Ctrl+1…8`` -> ``Ctrl+1`` … ``Ctrl+8``."""
    if m := re.fullmatch(r"(.*\+)(\d)…(\d)", key):
        return [f"{m[1]}{n}" for n in range(int(m[2]), int(m[3]) + 1)]
    if m := re.fullmatch(r"(.*\+)([↑↓←→])/([↑↓←→])", key):
        return [m[1] + m[2], m[1] + m[3]]
    return [key]


def _keys_of(expression: str) -> list[str]:
    return [k for part in re.split(r"\s+/\s+", expression) for k in _expand(part)]


def _table(text: str) -> str:
    """The lines of the table under "### Keyboard"."""
    section = text.split("### Keyboard", 1)[1].lstrip("\n")
    table = section.split("\n\n", 1)[0]
    assert table.startswith("| Where"), "the README's keyboard table has moved"
    return table


def readme_table() -> list[tuple[str, str, list[str], str]]:
    """(place, entry as written, its keys, its description) for every key entry of the table."""
    rows = [ln for ln in _table(README.read_text(encoding="utf-8")).splitlines()]
    entries = []
    for row in rows[2:]:  # past the header and its rule
        place, cell = (c.strip() for c in row.strip("|").split("|"))
        parsed = []
        for item in _top_level_items(cell):
            if m := _ENTRY.match(item):
                what = re.sub(r"\s*\([^)]*\)", "", m["what"]).strip()
                parsed.append((place, item, _keys_of(m["keys"]), what))
        # every chord the row mentions was read as an entry (the reader missed none)
        seen = {k for _p, _i, keys, _w in parsed for k in keys}
        missed = [k for c in _ANY_CHORD.findall(cell) for k in _expand(c) if k not in seen]
        assert not missed, f"the README row {place!r} has keys this test could not read: {missed}"
        entries += parsed
    return entries


def _sequence(key: str) -> QKeySequence:
    for arrow, name in _ARROWS.items():
        key = key.replace(arrow, name)
    return QKeySequence(key.replace("Enter", "Return"))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def _says(text: str, phrase: str) -> bool:
    """``phrase``'s words stand together, in order, among ``text``'s words."""
    have, want = _words(text), _words(phrase)
    return any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


# -- the window and what its keys do -------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    store = Store.open(tmp_path / "cchc.sqlite3")
    store.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    store.org.add_unit("Phòng Nội vụ", kind="department")
    store.catalogue.add_plan(2024, "Tuyên truyền cải cách hành chính năm 2024")
    win = MainWindow(AppContext(store))
    win.closing_for_restore = True  # no backup when the test closes it
    qtbot.addWidget(win)
    win.show()
    for row in range(win.nav.count()):
        win.screen_at(row)  # screens are built on first show; build them all
    yield win
    win.close()
    store.close()


def _bindings(owner: QObject) -> Iterator[tuple[QObject, list[QKeySequence], str]]:
    """Every action, shortcut and button under ``owner``, with its keys and its text."""
    seen: set[int] = set()
    widgets = [owner, *owner.findChildren(QWidget)] if isinstance(owner, QWidget) else [owner]
    actions = [*owner.findChildren(QAction), *(a for w in widgets for a in w.actions())]
    for act in actions:
        if id(act) not in seen:
            seen.add(id(act))
            yield act, act.shortcuts(), act.text()
    for sc in owner.findChildren(QShortcut):
        yield sc, [sc.key()], sc.whatsThis()
    for button in owner.findChildren(QAbstractButton):
        yield button, [button.shortcut()], button.text()


def key_map(win: MainWindow) -> dict[str, dict[str, list[str]]]:
    """Place (``everywhere`` or a screen's title) -> key (portable text) -> its actions' texts.

    A binding belongs to the screen it sits in; one outside every screen is the window's, and
    works whichever screen is shown."""
    screens = {win.screen_at(row): win.nav.item(row).text() for row in range(win.nav.count())}
    out: dict[str, dict[str, list[str]]] = {"everywhere": {}, **{t: {} for t in screens.values()}}
    for obj, sequences, text in _bindings(win):
        place, node = "everywhere", obj
        while node is not None:
            if node in screens:
                place = screens[node]
                break
            node = node.parent()
        for seq in sequences:
            if not seq.isEmpty():
                portable = seq.toString(QKeySequence.SequenceFormat.PortableText)
                out[place].setdefault(portable, []).append(text)
    return out


def _place(keys: dict[str, dict[str, list[str]]], where: str) -> str:
    if where == "everywhere":
        return where
    titles = [t for t in keys if t != "everywhere" and t.startswith(where)]
    assert len(titles) == 1, f"the README's {where!r} names no one screen of {list(keys)}"
    return titles[0]


# -- the tests -----------------------------------------------------------------------------------
def test_the_table_is_read() -> None:
    entries = readme_table()
    places = {place for place, *_ in entries}
    screens = {"Kế hoạch", "Danh mục", "Theo đơn vị", "Giao việc", "Báo cáo", "Đơn vị"}
    assert {"everywhere", *screens} <= places
    keys = {k for *_, ks, _w in entries for k in ks}
    assert {"Ctrl+1", "Ctrl+8", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+↑", "Ctrl+←", "F2"} <= keys


def test_every_shortcut_in_the_readme_table_is_an_action_that_does_what_it_says(
    window: MainWindow,
) -> None:
    keys = key_map(window)
    problems = []
    for where, entry, entry_keys, what in readme_table():
        place = _place(keys, where)
        if all(k in WIDGET_KEYS for k in entry_keys):
            continue
        phrases = GLOSSARY.get(what)
        if what and phrases is None:
            problems.append(f"{where}: {entry!r}: add its action's words to GLOSSARY")
            continue
        if isinstance(phrases, list):
            assert len(phrases) == len(entry_keys), entry
        for i, key in enumerate(entry_keys):
            if key in WIDGET_KEYS:
                continue
            portable = _sequence(key).toString(QKeySequence.SequenceFormat.PortableText)
            texts = keys[place].get(portable)
            if not texts:
                problems.append(f"{where}: {key} ({entry!r}) is no action's shortcut there")
                continue
            phrase = phrases[i] if isinstance(phrases, list) else phrases
            if phrase and not any(_says(t, phrase) for t in texts):
                problems.append(f"{where}: {key} is {texts}, the README says {what!r} ({phrase!r})")
    assert not problems, "\n".join(problems)


def test_keys_the_readme_mentions_elsewhere_exist_somewhere(window: MainWindow) -> None:
    text = README.read_text(encoding="utf-8")
    prose = text.replace(_table(text), "")
    everywhere = {k for place in key_map(window).values() for k in place}
    mentioned = {k for chord in _ANY_CHORD.findall(prose) for k in _expand(chord)}
    assert mentioned, "the README's prose mentions no key (has the reader gone wrong?)"
    missing = sorted(
        k
        for k in mentioned
        if _sequence(k).toString(QKeySequence.SequenceFormat.PortableText) not in everywhere
    )
    assert not missing, f"the README mentions keys that no action has: {missing}"
