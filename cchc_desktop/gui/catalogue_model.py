"""The task catalogue as a Qt tree: sections (I, II, II.1…) holding tasks (1, 2, 3…).

Numbers are derived from positions on every load, never stored.  Drag and drop does not let
Qt move rows: the drop is turned into one store move (one undo step) and the tree reloads.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics

from cchc_desktop.core.models import Section, Task
from cchc_desktop.core.numbering import section_number
from cchc_desktop.core.occurrences import task_rule
from cchc_desktop.core.text import fold, matches
from cchc_desktop.core.timeline import TimelineRule, describe

Index = QModelIndex | QPersistentModelIndex
Key = tuple[str, int]
MIME = "application/x-cchc-catalogue-node"
COLUMNS = (
    "STT",
    "Nội dung công việc",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Sản phẩm dự kiến",
    "Thời gian thực hiện",
)


@dataclass(eq=False)
class Node:
    kind: str  # "root" | "section" | "task"
    id: int
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    number: str = ""
    section: Section | None = None
    task: Task | None = None

    @property
    def key(self) -> Key:
        return (self.kind, self.id)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


# Looked up once: Qt's enum members are slow to reach from Python, and data() is asked
# hundreds of times per repaint.
_DISPLAY, _TOOLTIP, _FONT, _BACKGROUND, _FOREGROUND, _ALIGNMENT, _SIZE_HINT = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.SizeHintRole,
)  # fmt: skip
_NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_SECTION_BRUSH = QBrush(QColor("#eef2f5"))
_UNREADABLE_BRUSHES = (QBrush(QColor("#8a5a00")), QBrush(QColor("#fff3cd")))  # text, background

_PLAIN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DROP = _PLAIN | Qt.ItemFlag.ItemIsDropEnabled
_DRAG = _PLAIN | Qt.ItemFlag.ItemIsDragEnabled
_DRAG_DROP = _DRAG | Qt.ItemFlag.ItemIsDropEnabled


def refs_text(refs: tuple) -> str:
    return "; ".join(r.name for r in refs)


class CatalogueModel(QAbstractItemModel):
    """Sections and tasks of one plan; ``move`` is called for drops."""

    def __init__(self, move: Callable[[Key, Key | None, int], None] | None = None) -> None:
        super().__init__()
        self.root = Node("root", 0)
        self.by_key: dict[Key, Node] = {}
        self.move = move
        self.filter_text = ""
        self.total_tasks = 0
        self.visible_tasks = 0
        self._row_size = QSize(48, QFontMetrics(QFont()).height() + 8)
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading -----------------------------------------------------------------------
    def load(
        self, sections: list[Section], tasks: list[Task], year: int, filter_text: str = ""
    ) -> None:
        """New data from the store: the timeline rules and the folded search text of every
        row are worked out once here, so that filtering (every keystroke) only compares."""
        self._data = (sections, tasks, year)
        self._rules: dict[int, TimelineRule] = {}  # read when a row is first drawn
        self._shown: dict[int, tuple[str, ...]] = {}  # task id -> its cells' texts (_texts)
        self._hay = {
            t.id: fold(" ".join(x for x in (t.content, t.product, t.timeline, t.note,
                                            refs_text(t.lead), refs_text(t.coordinating)) if x))
            for t in tasks
        }  # fmt: skip
        self._build(filter_text)

    def set_filter(self, filter_text: str) -> None:
        """Filter the rows already loaded (no trip to the database)."""
        if getattr(self, "_data", None) is None:
            return
        self._build(filter_text)

    def _build(self, filter_text: str) -> None:
        sections, tasks, year = self._data
        self.beginResetModel()
        self.filter_text = filter_text.strip()
        self._words = fold(self.filter_text).split()
        root = Node("root", 0)
        nodes: dict[int, Node] = {}
        for s in sections:  # parents come before children
            node = Node("section", s.id, section=s)
            nodes[s.id] = node
        by_parent: dict[int | None, list[Section]] = {}
        for s in sections:
            by_parent.setdefault(s.parent_id, []).append(s)
        tasks_by_section: dict[int | None, list[Task]] = {}
        for t in tasks:
            tasks_by_section.setdefault(t.section_id, []).append(t)

        def fill(parent: Node, section_id: int | None, path: list[int]) -> None:
            for i, t in enumerate(
                sorted(tasks_by_section.get(section_id, []), key=lambda t: t.position)
            ):
                parent.children.append(Node("task", t.id, parent, number=str(i + 1), task=t))
            for i, s in enumerate(sorted(by_parent.get(section_id, []), key=lambda s: s.position)):
                node = nodes[s.id]
                node.parent = parent
                node.number = section_number([*path, i + 1])
                parent.children.append(node)
                fill(node, s.id, [*path, i + 1])

        fill(root, None, [])
        self.total_tasks = len(tasks)
        if self.filter_text:
            self._prune(root)
        self.root = root
        self.by_key = {}
        self.visible_tasks = 0

        def index_nodes(n: Node) -> None:
            for c in n.children:
                self.by_key[c.key] = c
                self.visible_tasks += c.kind == "task"
                index_nodes(c)

        index_nodes(root)
        self.endResetModel()

    def _node_matches(self, n: Node) -> bool:
        if n.kind == "section" and n.section:
            return matches(self.filter_text, n.section.title, n.number)
        assert n.task is not None
        hay = self._hay[n.task.id]
        return all(w in hay for w in self._words)  # what core.text.matches does, pre-folded

    def _prune(self, n: Node) -> bool:
        """Keep nodes that match or hold a match; a matching section keeps all it holds."""
        if n.kind == "section" and self._node_matches(n):
            return True
        n.children = [c for c in n.children if self._prune(c)]
        return bool(n.children) or (n.kind == "task" and self._node_matches(n))

    # -- Qt model API --------------------------------------------------------------------
    def node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index_of(self, key: Key) -> QModelIndex:
        n = self.by_key.get(key)
        if n is None or n.parent is None:
            return QModelIndex()
        return self.createIndex(n.row(), 0, n)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        p = self.node(parent)
        if 0 <= row < len(p.children) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, p.children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        n: Node = index.internalPointer()
        p = n.parent
        if p is None or p is self.root:
            return QModelIndex()
        return self.createIndex(p.row(), 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n: Node = index.internalPointer()
        col = index.column()
        if role == _SIZE_HINT:
            # Roomier rows than Fusion's for long texts; the view has uniform row heights, so
            # only the first row's first column is asked.
            return self._row_size if col == 0 else None
        if n.kind == "section":
            assert n.section is not None
            if role in (_DISPLAY, _TOOLTIP):
                # shown across the whole row (the view spans the first column)
                return f"{n.number}. {n.section.title}" if col == 0 else None
            if role == _FONT:
                return self._bold
            if role == _BACKGROUND:
                return _SECTION_BRUSH
            return None
        if role == _DISPLAY:
            return self._texts(n)[col]
        if role == _TOOLTIP:
            t = n.task
            assert t is not None
            if col == 5:
                return f"{t.timeline}\n{describe(self._rule(n))}"
            return (None, t.content, refs_text(t.lead), refs_text(t.coordinating), t.product, None)[
                col
            ]
        if col == 5 and role in (_FOREGROUND, _BACKGROUND) and self._rule(n).needs_attention:
            return _UNREADABLE_BRUSHES[role == _BACKGROUND]
        if role == _ALIGNMENT and col == 0:
            return _NUMBER_ALIGNMENT
        return None

    def _rule(self, n: Node) -> TimelineRule:
        """The task's timeline rule, read the first time its row is drawn (and kept until the
        next load: a filter keystroke makes new nodes for the same tasks)."""
        t = n.task
        assert t is not None
        rule = self._rules.get(t.id)
        if rule is None:
            rule = self._rules[t.id] = task_rule(t, self._data[2])
        return rule

    def _texts(self, n: Node) -> tuple[str, ...]:
        """A task row's cell texts, worked out once per load (numbers are given before a filter
        prunes, so they hold until the next load): the view asks for them at every repaint,
        and a filter keystroke repaints every visible row."""
        t = n.task
        assert t is not None
        hit = self._shown.get(t.id)
        if hit is None:
            mark = "⚠ " if self._rule(n).needs_attention else ""  # unread, or a warning
            hit = self._shown[t.id] = (n.number, _one_line(t.content), refs_text(t.lead),
                                       refs_text(t.coordinating), _one_line(t.product),
                                       mark + t.timeline)  # fmt: skip
        return hit

    # -- drag and drop -----------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        # Combined once at import: Qt's flag enums are slow to OR in Python, and the view
        # asks for every visible cell's flags on every repaint.
        if self.filter_text:
            return _PLAIN
        if not index.isValid():
            return _DROP
        return _DRAG_DROP if index.internalPointer().kind == "section" else _DRAG

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        keys = []
        for i in indexes:
            if i.isValid() and i.column() == 0:
                keys.append(list(i.internalPointer().key))
        data.setData(MIME, json.dumps(keys[:1]).encode())
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return (
            not self.filter_text
            and data.hasFormat(MIME)
            and self._target(data, row, parent) is not None
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Do the move through the store; return False so Qt removes nothing itself."""
        target = self._target(data, row, parent) if data.hasFormat(MIME) else None
        if target is None or self.move is None or self.filter_text:
            return False
        key, parent_key, position = target
        self.move(key, parent_key, position)
        return False

    def _target(
        self, data: QMimeData, row: int, parent: Index
    ) -> tuple[Key, Key | None, int] | None:
        try:
            keys = json.loads(bytes(data.data(MIME)).decode())
            key: Key = (keys[0][0], int(keys[0][1]))
        except (ValueError, IndexError, TypeError):
            return None
        dragged = self.by_key.get(key)
        dest = self.node(parent)
        if dragged is None or dest.kind == "task":
            return None
        children = dest.children
        n_tasks = sum(1 for c in children if c.kind == "task")
        row = len(children) if row < 0 else row
        if dragged.kind == "task":
            position = min(row, n_tasks)
            if dragged.parent is dest and dragged.row() < position:
                position -= 1  # the dragged row leaves its old place first
            return key, (dest.key if dest.kind == "section" else None), position
        # a section may not go inside itself or its own descendants
        p: Node | None = dest
        while p is not None:
            if p is dragged:
                return None
            p = p.parent
        position = max(0, row - n_tasks)
        if dragged.parent is dest:
            siblings = [c for c in children if c.kind == "section"]
            if siblings.index(dragged) < position:
                position -= 1
        return key, (dest.key if dest.kind == "section" else None), position


def _one_line(text: str) -> str:
    return " ".join(text.split())
