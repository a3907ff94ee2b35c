"""Choosing a task's lead or coordinating units: single units or whole groups."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.models import UnitRef
from cchc_desktop.core.text import fold, matches
from cchc_desktop.store.store import Store

_ROLE = Qt.ItemDataRole.UserRole


class UnitChoiceDialog(QDialog):
    """A filterable checklist of groups (first) and active units."""

    def __init__(
        self, store: Store, chosen: list[UnitRef], title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 600)
        self.filter_edit = QLineEdit(placeholderText="Lọc: gõ không dấu cũng được")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        keys = {(r.kind, r.id) for r in chosen}
        for g in store.org.groups():
            self._add(
                UnitRef("group", g.id, g.name), f"{g.name} ({len(g.member_ids)} đơn vị)", keys
            )
        for u in store.org.units(active_only=True):
            self._add(UnitRef("unit", u.id, u.name), u.name, keys)
        # keep entries that are no longer active but still named by the task
        for r in chosen:
            if not any(
                self._ref(self.list.item(i)) == (r.kind, r.id) for i in range(self.list.count())
            ):
                self._add(r, f"{r.name} (ngừng dùng)", keys)
        self.filter_edit.textChanged.connect(self._filter)
        down_moves_to(self.filter_edit, self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.filter_edit.setFocus()

    def _add(self, ref: UnitRef, text: str, keys: set) -> None:
        item = QListWidgetItem(text)
        item.setData(_ROLE, (ref.kind, ref.id, ref.name))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(
            Qt.CheckState.Checked if (ref.kind, ref.id) in keys else Qt.CheckState.Unchecked
        )
        if ref.kind == "group":
            f = item.font()
            f.setBold(True)
            item.setFont(f)
        self.list.addItem(item)

    @staticmethod
    def _ref(item: QListWidgetItem) -> tuple[str, int]:
        kind, rid, _name = item.data(_ROLE)
        return kind, rid

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not matches(text, item.text()))

    def set_checked(self, names: list[str]) -> None:
        """Check entries by name (used by tests and keyboard users alike)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(_ROLE)[2] in names:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[UnitRef]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                kind, rid, name = item.data(_ROLE)
                out.append(UnitRef(kind, rid, name))
        return out


class UnitPicker(QWidget):
    """Shows the chosen units and groups; “Chọn…” opens the checklist."""

    changed = Signal(list)

    def __init__(self, store: Store, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.title = store, title
        self.refs: list[UnitRef] = []
        self.label = QLabel("—")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton("Chọn…")
        self.button.setToolTip(f"Chọn {title.lower()}")
        self.button.clicked.connect(self.choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def set_refs(self, refs: list[UnitRef]) -> None:
        self.refs = list(refs)
        self.label.setText("; ".join(r.name for r in refs) if refs else "— chưa chọn —")

    def dialog(self) -> UnitChoiceDialog:
        return UnitChoiceDialog(self.store, self.refs, self.title, self)

    def choose(self) -> None:
        from cchc_desktop.gui.widgets import run_dialog

        dialog = self.dialog()
        if run_dialog(dialog):
            self.apply(dialog.chosen())

    def apply(self, refs: list[UnitRef]) -> None:
        if [(r.kind, r.id) for r in refs] != [(r.kind, r.id) for r in self.refs]:
            self.set_refs(refs)
            self.changed.emit(refs)


class _DownToList(QObject):
    """Down (or Page Down) in a filter box moves to the list it filters, on a row shown."""

    def __init__(self, edit: QLineEdit, view: QAbstractItemView) -> None:
        super().__init__(edit)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or event.key() not in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            return False
        current = self.view.currentIndex()
        if not current.isValid() or _hidden(self.view, current):
            current = _first_shown(self.view)
        if current is not None:
            self.view.setCurrentIndex(current)
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        return True


def _hidden(view: QAbstractItemView, index: QModelIndex) -> bool:
    if isinstance(view, QTreeView):
        return view.isRowHidden(index.row(), index.parent())
    is_hidden = getattr(view, "isRowHidden", None)
    return bool(is_hidden(index.row())) if is_hidden is not None else False


def _first_shown(view: QAbstractItemView) -> QModelIndex | None:
    model = view.model()
    for row in range(model.rowCount() if model is not None else 0):
        index = model.index(row, 0)
        if not _hidden(view, index):
            return index
    return None


def down_moves_to(edit: QLineEdit, view: QAbstractItemView) -> None:
    """Let Down in ``edit`` (a filter box) move the focus to ``view`` (the list it filters)."""
    edit.installEventFilter(_DownToList(edit, view))


class UnitSearchCombo(QComboBox):
    """The unit whose work a screen shows: pick from the list or type part of its name.

    Typing ignores diacritics and case (``an hoa`` finds “UBND xã An Hòa”) and shows the
    units that match; Enter picks the one highlighted, or the only match.  Text that names no
    unit is never left in the box: the box goes back to the unit shown, so the name in the box
    and the unit whose rows are shown are always the same.  ``chosen`` is emitted with the
    unit id when the shown unit changes; ``message`` with a sentence for the status line.
    """

    chosen = Signal(object)
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._names: list[tuple[str, str, int]] = []  # (name, folded name, id)
        self._hits = QStringListModel(self)
        self.finder = QCompleter(self._hits, self)
        self.finder.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.finder.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lineEdit().setCompleter(None)
        self.finder.setWidget(self.lineEdit())
        self.finder.activated[str].connect(self._pick_name)
        self.lineEdit().textEdited.connect(self._typed)
        self.lineEdit().returnPressed.connect(self._enter)
        self.lineEdit().editingFinished.connect(self._restore_if_unnamed)
        self.currentIndexChanged.connect(self._index_changed)
        self._shown: int | None = None

    def set_units(self, units: list[tuple[int, str]], keep: int | None = None) -> None:
        """Fill with ``(id, name)``; keep ``keep`` (or the unit shown) when it is still there."""
        keep = keep if keep is not None else self._shown
        was = self.blockSignals(True)
        self.clear()
        self._names = []
        for uid, name in units:
            self.addItem(name, uid)
            self._names.append((name, fold(name), uid))
        idx = self.findData(keep)
        self.setCurrentIndex(idx if idx >= 0 else 0)
        self._shown = self.currentData()
        self.blockSignals(was)

    def unit_id(self) -> int | None:
        return self._shown

    def matching(self, text: str) -> list[tuple[str, int]]:
        """Units whose name has a word starting with each word of ``text`` (diacritics and
        case ignored: ``an hoa`` finds “UBND xã An Hòa”, not “Phòng Văn hóa”); failing that,
        names holding each word anywhere."""
        words = fold(text).split()

        def starts(folded: str) -> bool:
            own = folded.split()
            return all(any(o.startswith(w) for o in own) for w in words)

        hits = [(name, uid) for name, folded, uid in self._names if starts(folded)]
        return hits or [(name, uid) for name, folded, uid in self._names
                        if all(w in folded for w in words)]  # fmt: skip

    def _typed(self, text: str) -> None:
        hits = self.matching(text) if text.strip() else []
        self._hits.setStringList([name for name, _ in hits])
        if hits:
            self.finder.complete()
            self.finder.popup().setCurrentIndex(self._hits.index(0, 0))
        else:
            self.finder.popup().hide()

    def _pick_name(self, name: str) -> None:
        uid = next((u for n, _f, u in self._names if n == name), None)
        if uid is not None:
            self.select_unit(uid)

    def _enter(self) -> None:
        text = self.lineEdit().text()
        if self._shown is not None and text == self.itemText(self.findData(self._shown)):
            return
        exact = [uid for name, _f, uid in self._names if name == text]
        hits = exact or [uid for _name, uid in self.matching(text)]
        if len(hits) == 1:
            self.select_unit(hits[0])
            return
        self._restore()
        self.message.emit(
            f"Không có đơn vị nào khớp “{text}”; vẫn hiện {self.currentText()}." if not hits else
            f"Có {len(hits)} đơn vị khớp “{text}”: gõ thêm hoặc chọn trong danh sách; vẫn hiện {self.currentText()}."
        )  # fmt: skip

    def select_unit(self, unit_id: int, notify: bool = True) -> None:
        """Show ``unit_id``; ``chosen`` is emitted when it changes (unless ``notify`` is false)."""
        idx = self.findData(unit_id)
        if idx < 0:
            return
        self.finder.popup().hide()
        changed = unit_id != self._shown
        self._shown = unit_id
        self._restore()
        if changed and notify:
            self.chosen.emit(unit_id)

    def _index_changed(self, idx: int) -> None:
        """A choice from the drop-down list (or Up/Down in the box)."""
        uid = self.itemData(idx) if idx >= 0 else None
        if uid is not None:
            self.select_unit(uid)

    def _restore(self) -> None:
        idx = self.findData(self._shown) if self._shown is not None else self.currentIndex()
        if idx >= 0:
            was = self.blockSignals(True)
            self.setCurrentIndex(idx)
            self.blockSignals(was)
            self.lineEdit().setText(self.itemText(idx))

    def _restore_if_unnamed(self) -> None:
        if self.finder.popup().isVisible():
            return
        idx = self.findData(self._shown)
        if idx >= 0 and self.lineEdit().text() != self.itemText(idx):
            self._restore()
