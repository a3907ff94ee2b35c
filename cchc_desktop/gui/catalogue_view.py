"""The “Danh mục nhiệm vụ” screen: build the plan's task tree and edit each task."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.text import clip
from cchc_desktop.gui.catalogue_model import CatalogueModel, Key, Node
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.screen import Screen
from cchc_desktop.gui.task_form import TaskForm
from cchc_desktop.gui.theme import styled
from cchc_desktop.gui.unit_picker import down_moves_to
from cchc_desktop.gui.widgets import action, ask, tool_button

# What the tree and the task form show: the plan's sections and tasks and the units they name
# (and, in the form, the lists of forms, audiences and indicators, and whom a task is given to).
TREE = (Kind.PLANS, Kind.SECTIONS, Kind.TASKS, Kind.UNITS, Kind.GROUPS)


class CatalogueScreen(Screen):
    """Sections and tasks of the current plan; numbering, moves and filtering."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Danh mục nhiệm vụ", parent)
        self.year = 0
        self.model = CatalogueModel(move=self._move)
        self.tree = QTreeView(objectName="catalogueTree")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setWordWrap(False)
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((0, 74), (1, 320), (2, 150), (3, 130), (4, 130), (5, 140)):
            header.resizeSection(col, width)

        self.filter_edit = QLineEdit(placeholderText="Lọc: gõ không dấu cũng được (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._refilter)
        down_moves_to(self.filter_edit, self.tree)  # Down: from the filter into the tree
        self.count_label = styled(QLabel(objectName="hint"))

        self.add_section_action = action(
            self, "Thêm mục", self.add_section, "Ctrl+Shift+N", "add-section"
        )
        self.add_subsection_action = action(
            self, "Thêm mục con", self.add_subsection, "Ctrl+Shift+M", "add-section"
        )
        self.add_task_action = action(self, "Thêm nhiệm vụ", self.add_task, "Ctrl+N", "add")
        self.delete_action = action(self, "Xóa", self.delete_selected, "Delete", "delete")
        self.up_action = action(self, "Lên", lambda: self.move_selected(-1), "Ctrl+Up", "up")
        self.down_action = action(
            self, "Xuống", lambda: self.move_selected(+1), "Ctrl+Down", "down"
        )
        self.indent_action = action(self, "Thụt vào", self.indent, "Ctrl+Right", "indent")
        self.outdent_action = action(self, "Lùi ra", self.outdent, "Ctrl+Left", "outdent")
        self.insert_action = action(self, "Thêm nhiệm vụ", self.add_task, "Insert")
        action(self, "Lọc", self.focus_filter, "Ctrl+F")
        self.import_action = action(
            self, "Nhập từ phụ lục…", self.import_catalogue, "Ctrl+Shift+I", "open"
        )

        bar = QHBoxLayout()
        for act in (self.add_section_action, self.add_subsection_action, self.add_task_action,
                    self.delete_action, self.up_action, self.down_action, self.indent_action,
                    self.outdent_action, self.import_action):  # fmt: skip
            bar.addWidget(tool_button(act))
        bar.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.count_label)

        self.form = TaskForm(ctx)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.form)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([860, 380])

        self.empty = styled(QLabel(objectName="emptyState"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.body = QStackedWidget()
        self.body.addWidget(self.splitter)
        self.body.addWidget(self.empty)

        layout = self.main_layout
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.body, 1)

        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        ctx.plan_changed.connect(lambda _pid: self.reload(reset_view=True))
        self._expanded: set[Key] | None = None
        self._filtering = False  # re-filtering rows already loaded (see _show)
        self._shown_key: Key | None = None
        self.reload(reset_view=True)

    # -- loading -----------------------------------------------------------------------
    def wants(self, record: Changes) -> bool:
        """Not a result, its evidence or a due date: the catalogue does not show them."""
        return record.touches(*TREE, Kind.ASSIGNMENTS) or record.touches_setting("terms.")

    def refresh(self, record: Changes) -> None:
        if record.touches(*TREE) or record.touches_setting("terms."):
            self.reload()
        else:  # an assignment changed in the matrix: only the form's line about it
            self.form.show_assigned()

    def reload(self, reset_view: bool = False) -> None:
        plan_id = self.ctx.plan_id
        if plan_id is None:
            self.model.load([], [], 0)
            self.empty.setText("Chưa có kế hoạch. Hãy tạo kế hoạch ở màn hình Kế hoạch.")
            self.body.setCurrentIndex(1)
            self._update_actions()
            return
        store = self.ctx.store
        plan = store.catalogue.plan(plan_id)
        self.year = plan.year
        self.title.setText(f"Danh mục nhiệm vụ — {plan.title}")
        keep = None if reset_view else self.current_key()
        expanded = None if reset_view else self._expanded_keys()
        self.model.load(
            store.catalogue.sections(plan_id),
            store.catalogue.tasks(plan_id),
            plan.year,
            self.filter_edit.text(),
        )
        self._after_load(keep, expanded)

    def _after_load(self, keep: Key | None, expanded: set[Key] | None) -> None:
        self.body.setCurrentIndex(0)
        self._span_sections(QModelIndex())
        if self.model.filter_text or expanded is None:
            self.tree.expandAll()
        else:
            self._restore_expanded(expanded)
        n, total = self.model.visible_tasks, self.model.total_tasks
        self.count_label.setText(
            f"{n}/{total} nhiệm vụ" if self.model.filter_text else f"{total} nhiệm vụ"
        )
        self.tree.setDragEnabled(not self.model.filter_text)
        if not self.model.root.children and not self.model.filter_text:
            self.empty.setText("Kế hoạch chưa có mục nào. Nhấn Ctrl+Shift+N để thêm mục đầu tiên.")
            self.body.setCurrentIndex(1)
        if keep is not None and keep in self.model.by_key:
            self.select(keep)
        elif self.model.root.children:
            self.select(self.model.root.children[0].key)
        else:
            self._shown_key = None
            self.form.show_nothing()
        self._update_actions()

    def _refilter(self, text: str) -> None:
        """A keystroke in the filter: re-filter the loaded rows, keeping the selection."""
        if self.ctx.plan_id is None or getattr(self.model, "_data", None) is None:
            self.reload()
            return
        keep = self.current_key()
        self._filtering = True
        self.tree.setUpdatesEnabled(False)  # one repaint at the end, not one per expanded section
        try:
            self.model.set_filter(text)
            self._after_load(keep, None)
        finally:
            self._filtering = False
            self.tree.setUpdatesEnabled(True)

    def _span_sections(self, parent: QModelIndex) -> None:
        """Section rows show “II.1. Title” across the whole width."""
        for row in range(self.model.rowCount(parent)):
            idx = self.model.index(row, 0, parent)
            if idx.internalPointer().kind == "section":
                self.tree.setFirstColumnSpanned(row, parent, True)
                self._span_sections(idx)

    def _expanded_keys(self) -> set[Key]:
        out: set[Key] = set()

        def walk(parent: QModelIndex) -> None:
            for row in range(self.model.rowCount(parent)):
                idx = self.model.index(row, 0, parent)
                node: Node = idx.internalPointer()
                if node.kind == "section" and self.tree.isExpanded(idx):
                    out.add(node.key)
                    walk(idx)

        walk(QModelIndex())
        return out

    def _restore_expanded(self, keys: set[Key]) -> None:
        for key, node in self.model.by_key.items():
            if node.kind == "section":
                expand = key in keys or key not in self._known_sections
                self.tree.setExpanded(self.model.index_of(key), expand)
        self._known_sections = {k for k, n in self.model.by_key.items() if n.kind == "section"}

    _known_sections: set[Key] = set()

    def select(self, key: Key) -> None:
        idx = self.model.index_of(key)
        if idx.isValid():
            parent = idx.parent()
            while parent.isValid():
                self.tree.expand(parent)
                parent = parent.parent()
            self.tree.selectionModel().setCurrentIndex(
                idx,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(idx)
            self._show(self.model.by_key[key])

    def current_node(self) -> Node | None:
        idx = self.tree.currentIndex()
        return idx.internalPointer() if idx.isValid() else None

    def current_key(self) -> Key | None:
        node = self.current_node()
        return node.key if node else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = current.internalPointer() if current.isValid() else None
        if node is None:
            self._shown_key = None
            self.form.show_nothing()
        else:
            self._show(node)
        self._update_actions()

    def _show(self, node: Node) -> None:
        if self._filtering and node.key == self._shown_key:
            return  # the same row, same data: a filter keystroke need not rebuild the form
        self._shown_key = node.key
        if node.kind == "task" and node.task is not None:
            self.form.show_task(node.task, node.number, self.year)
        elif node.section is not None:
            self.form.show_section(node.section, node.number)

    def _update_actions(self) -> None:
        node = self.current_node()
        has_plan = self.ctx.plan_id is not None
        editable = has_plan and not self.model.filter_text
        self.add_section_action.setEnabled(editable)
        self.add_subsection_action.setEnabled(
            editable and node is not None and node.kind == "section"
        )
        self.add_task_action.setEnabled(editable and node is not None)
        self.insert_action.setEnabled(editable and node is not None)
        for act in (self.delete_action, self.up_action, self.down_action):
            act.setEnabled(has_plan and node is not None)
        is_section = node is not None and node.kind == "section"
        self.indent_action.setEnabled(editable and is_section)
        self.outdent_action.setEnabled(
            editable and is_section and node.parent is not None and node.parent.kind == "section"
        )

    # -- actions -----------------------------------------------------------------------
    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _section_parent_and_position(self, node: Node | None) -> tuple[int | None, int | None]:
        if node is None:
            return None, None
        section = node if node.kind == "section" else node.parent
        if section is None or section.kind != "section":
            return None, None
        assert section.section is not None
        return section.section.parent_id, section.section.position + 1

    def add_section(self) -> None:
        if self.ctx.plan_id is None:
            return
        parent_id, position = self._section_parent_and_position(self.current_node())
        sid = self.ctx.act(self.ctx.store.catalogue.add_section, self.ctx.plan_id, "Mục mới", parent_id,
                           position, touches=Kind.SECTIONS, parent=self)  # fmt: skip
        if sid:
            self.select(("section", sid))
            self.form.section_title.setFocus()
            self.form.section_title.selectAll()

    def add_subsection(self) -> None:
        node = self.current_node()
        if self.ctx.plan_id is None or node is None or node.kind != "section":
            return
        sid = self.ctx.act(self.ctx.store.catalogue.add_section, self.ctx.plan_id, "Mục con mới", node.id,
                           touches=Kind.SECTIONS, parent=self)  # fmt: skip
        if sid:
            self.select(("section", sid))
            self.form.section_title.setFocus()
            self.form.section_title.selectAll()

    def add_task(self) -> None:
        node = self.current_node()
        if self.ctx.plan_id is None or node is None:
            return
        if node.kind == "section":
            section_id, position = node.id, None
        else:
            assert node.task is not None
            section_id, position = node.task.section_id, node.task.position + 1
        self.form.flush()
        tid = self.ctx.act(self.ctx.store.catalogue.add_task, self.ctx.plan_id, section_id, "Nhiệm vụ mới",
                           position, touches=Kind.TASKS, parent=self)  # fmt: skip
        if tid:
            self.select(("task", tid))
            self.form.content.setFocus()
            self.form.content.selectAll()

    def delete_selected(self) -> None:
        node = self.current_node()
        if node is None:
            return
        if node.kind == "section":
            tasks = sum(1 for _ in _tasks_under(node))
            text = f"Xóa mục {node.number} “{node.section.title}”"
            text += f" cùng {tasks} nhiệm vụ trong đó?" if tasks else "?"
            fn, arg, kind = self.ctx.store.catalogue.delete_section, node.id, Kind.SECTIONS
        else:
            text = f"Xóa nhiệm vụ {node.number}: “{clip(node.task.content, 80)}”?"
            fn, arg, kind = self.ctx.store.catalogue.delete_task, node.id, Kind.TASKS
        if ask(self, "Xóa", text + "\n\nCó thể hoàn tác bằng Ctrl+Z."):
            siblings = node.parent.children if node.parent else []
            i = siblings.index(node)
            neighbour = (
                siblings[i + 1]
                if i + 1 < len(siblings)
                else (siblings[i - 1] if i > 0 else node.parent)
            )
            self.ctx.act(fn, arg, touches=kind, parent=self)
            if (
                neighbour is not None
                and neighbour.kind != "root"
                and neighbour.key in self.model.by_key
            ):
                self.select(neighbour.key)

    def move_selected(self, delta: int) -> None:
        node = self.current_node()
        if node is None or self.model.filter_text:
            return
        if node.kind == "task":
            t = node.task
            assert t is not None and node.parent is not None
            tasks = [c for c in node.parent.children if c.kind == "task"]
            i = tasks.index(node)
            if 0 <= i + delta < len(tasks):
                section_id, position = t.section_id, t.position + delta
            else:  # past the first or last task of its section: into the section above/below
                target = self._neighbour_section(node.parent, delta)
                if target is None:
                    return
                section_id = target.id
                position = 0 if delta > 0 else sum(c.kind == "task" for c in target.children)
            self.ctx.act(self.ctx.store.catalogue.move_task, t.id, section_id, position,
                         touches=Kind.TASKS, parent=self)  # fmt: skip
        else:
            s = node.section
            assert s is not None
            self.ctx.act(self.ctx.store.catalogue.move_section, s.id, s.parent_id, max(0, s.position + delta),
                         touches=Kind.SECTIONS, parent=self)  # fmt: skip
        self.select(node.key)

    def _neighbour_section(self, section: Node, delta: int) -> Node | None:
        """The section shown just below (``delta`` > 0) or above ``section``'s tasks, in the
        tree's order (a section's own tasks come before its sub-sections)."""
        order: list[Node] = []

        def walk(n: Node) -> None:
            for c in n.children:
                if c.kind == "section":
                    order.append(c)
                    walk(c)

        walk(self.model.root)
        if section.kind == "root":  # tasks outside any section stand above them all
            return order[0] if delta > 0 and order else None
        i = order.index(section) + (1 if delta > 0 else -1)
        return order[i] if 0 <= i < len(order) else None

    def indent(self) -> None:
        """Make the section a sub-section of the section just above it."""
        node = self.current_node()
        if node is None or node.kind != "section" or node.parent is None:
            return
        siblings = [c for c in node.parent.children if c.kind == "section"]
        i = siblings.index(node)
        if i == 0:
            return
        new_parent = siblings[i - 1]
        count = sum(1 for c in new_parent.children if c.kind == "section")
        self.ctx.act(self.ctx.store.catalogue.move_section, node.id, new_parent.id, count,
                     touches=Kind.SECTIONS, parent=self)  # fmt: skip
        self.select(node.key)

    def outdent(self) -> None:
        """Move a sub-section up one level, right after its former parent."""
        node = self.current_node()
        if (
            node is None
            or node.kind != "section"
            or node.parent is None
            or node.parent.kind != "section"
        ):
            return
        parent = node.parent.section
        assert parent is not None
        self.ctx.act(self.ctx.store.catalogue.move_section, node.id, parent.parent_id, parent.position + 1,
                     touches=Kind.SECTIONS, parent=self)  # fmt: skip
        self.select(node.key)

    def _move(self, key: Key, parent_key: Key | None, position: int) -> None:
        """A drop in the tree: one store move, then the tree reloads."""
        parent_id = parent_key[1] if parent_key else None
        if key[0] == "task":
            self.ctx.act(self.ctx.store.catalogue.move_task, key[1], parent_id, position,
                         touches=Kind.TASKS, parent=self)  # fmt: skip
        else:
            self.ctx.act(self.ctx.store.catalogue.move_section, key[1], parent_id, position,
                         touches=Kind.SECTIONS, parent=self)  # fmt: skip
        self.select(key)

    def import_catalogue(self, path=None):
        from cchc_desktop.gui.catalogue_import_dialog import CatalogueImportDialog

        dialog = CatalogueImportDialog(self.ctx, path, self)
        dialog.show()
        return dialog

    def activated(self) -> None:
        super().activated()
        self.tree.setFocus()

    def prepare_screenshot(self) -> None:
        first = next((k for k, n in self.model.by_key.items() if n.kind == "task"), None)
        if first:
            self.select(first)


def _tasks_under(node: Node):
    for c in node.children:
        if c.kind == "task":
            yield c
        else:
            yield from _tasks_under(c)
