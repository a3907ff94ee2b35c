"""Taking results back from returned workbooks: check, preview per file and per row, apply once.

Files can be dropped on the window or picked.  Nothing is written until the user presses
“Ghi kết quả”; then every file is applied in one transaction after an automatic backup, and
the import can be undone as a whole later from the list of past imports.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Kind
from cchc_desktop.core.formatting import fmt_date
from cchc_desktop.core.status import RESULT_STATUSES
from cchc_desktop.exchange.unit_sheets import (
    UNEXPECTED,
    FilePreview,
    ImportRejected,
    apply_results,
    preview_results,
)
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.widgets import hint

if TYPE_CHECKING:
    from cchc_desktop.gui.runner import Task

KINDS = {"new": "Mới", "changed": "Thay đổi", "unchanged": "Không đổi", "conflict": "Xung đột"}


def _state(s: dict | None) -> str:
    if not s or not s.get("status"):
        return "—"
    parts = [RESULT_STATUSES.get(s["status"], s["status"])]
    if s.get("completed_on"):
        from datetime import date

        parts.append(fmt_date(date.fromisoformat(s["completed_on"])))
    if s.get("description"):
        parts.append(s["description"][:60])
    if s.get("values"):
        parts.append(", ".join(f"{k}={v}" for k, v in s["values"].items()))
    return " · ".join(parts)


class ImportDialog(QDialog):
    applied = Signal(int)  # rows written by “Ghi kết quả” (0: refused, failed or cancelled)

    def __init__(
        self, ctx: AppContext, files: list[Path] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.previews: list[FilePreview] = []
        self.check: Task | None = None  # the files being checked (gui/runner.py)
        self.applying: Task | None = None  # the backup before an import
        self._waiting: list[Path] = []  # dropped while others are checked
        self._checking: list[Path] = []
        self.stopped = False  # the user stopped the check under way
        self.setWindowTitle("Nhận kết quả từ phiếu các đơn vị gửi lại")
        self.resize(1100, 650)
        self.setAcceptDrops(True)
        pick = QPushButton("Chọn tệp…")
        pick.clicked.connect(self.pick)
        self.take_workbook = QCheckBox(
            "Với các dòng xung đột, lấy giá trị trong phiếu (thay giá trị đã ghi ở cơ quan)"
        )
        self.apply_button = QPushButton("Ghi kết quả")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        self.files = QListWidget()
        # a refusal names file, sheet, row and column: read whole, not cut at the list's edge
        self.files.setWordWrap(True)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.files.currentRowChanged.connect(self._show_file)
        self.rows = QTableWidget(0, 5)
        self.rows.setHorizontalHeaderLabels(
            ["Dòng", "Nhiệm vụ", "Loại", "Hiện có ở cơ quan", "Trong phiếu"]
        )
        self.rows.verticalHeader().setVisible(False)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rows.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rows.horizontalHeader().setResizeContentsPrecision(100)  # previews run to thousands
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        split = QSplitter()
        split.addWidget(self.files)
        split.addWidget(self.rows)
        split.setSizes([380, 720])
        preview_page = QWidget()
        pv = QVBoxLayout(preview_page)
        pv.addWidget(hint("Kéo thả các tệp .xlsx vào đây hoặc bấm “Chọn tệp…”. Chương trình kiểm tra từng tệp: đúng cơ "
                          "quan, đúng đơn vị, dòng và cột nguyên vẹn, giá trị hợp lệ; tệp lỗi được báo rõ dòng, cột "
                          "và không ghi gì. Trước khi ghi, dữ liệu được sao lưu tự động."))  # fmt: skip
        top = QHBoxLayout()
        top.addWidget(pick)
        top.addStretch(1)
        pv.addLayout(top)
        pv.addWidget(split, 1)
        pv.addWidget(self.summary)
        pv.addWidget(self.take_workbook)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.apply_button)
        pv.addLayout(row)
        self.history = QListWidget()
        undo = QPushButton("Hoàn tác lần nhập đã chọn")
        undo.clicked.connect(self.undo_selected)
        history_page = QWidget()
        hv = QVBoxLayout(history_page)
        hv.addWidget(
            hint(
                "Mỗi lần nhập có thể được hoàn tác trọn vẹn, kể cả sau khi đã đóng và mở lại chương trình."
            )
        )
        hv.addWidget(self.history, 1)
        hv.addWidget(undo, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = QTabWidget()
        self.tabs.addTab(preview_page, "Kiểm tra và ghi")
        self.tabs.addTab(history_page, "Các lần nhập trước")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._fill_history()
        self._update()
        if files:
            self.add_files(files)

    # -- files -------------------------------------------------------------------------
    def pick(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Chọn phiếu kết quả", "", "Bảng tính Excel (*.xlsx);;Mọi tệp (*)"
        )
        self.add_files([Path(n) for n in names])

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.add_files([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])

    @property
    def busy(self) -> bool:
        """Files are being checked, or an import is being backed up and written."""
        return any(t is not None and t.running for t in (self.check, self.applying))

    def add_files(self, files: list[Path]) -> None:
        """Check ``files`` off the GUI thread, one step per file, on a reading connection of
        its own.  “Hủy” stops between two files and adds none of the batch (a check writes
        nothing anyway); files dropped meanwhile wait their turn."""
        known = {p.path for p in self.previews} | set(self._waiting) | set(self._checking)
        self._waiting += [f for f in dict.fromkeys(files) if f not in known]
        if self._waiting and not self.busy:
            self._check_waiting()

    def _check_waiting(self) -> None:
        from cchc_desktop.gui.runner import reading, run

        files, self._waiting = self._waiting, []
        self._checking = files

        def job(store, progress) -> list[FilePreview]:
            out = []
            for i, f in enumerate(files):
                progress.step(i, len(files), f"Đang kiểm tra {f.name} (tệp {i + 1}/{len(files)})")
                try:
                    out.append(preview_results(store, f))
                except Exception:  # never stop the checking of the other files of a drop
                    logging.getLogger(__name__).exception("Kiểm tra phiếu %s", f)
                    out.append(FilePreview(f, error=f"Tệp “{f.name}”: {UNEXPECTED}"))
            progress.step(len(files), len(files), "")  # a cancel during the last file counts
            return out

        self.check = run(self, "Kiểm tra phiếu", reading(self.ctx.store.path, job),
                         done=self._checked, cancelled=self._check_cancelled)  # fmt: skip
        self.check.ended.connect(self._check_ended)
        self._update()

    def _checked(self, previews: list[FilePreview]) -> None:
        self.previews += previews
        self.files.clear()
        for p in self.previews:
            if p.error:
                text = f"✗ {p.path.name}\n   {p.error}"
            else:
                text = (f"✓ {p.path.name} — {p.unit}\n   mới {p.count('new')}, thay đổi {p.count('changed')}, "
                        f"không đổi {p.count('unchanged')}, xung đột {p.count('conflict')}")  # fmt: skip
            item = QListWidgetItem(text)
            item.setToolTip(p.error or str(p.path))
            if p.error:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.files.addItem(item)
        self.files.setCurrentRow(0)

    def _check_cancelled(self) -> None:
        self._waiting = []
        self.stopped = True

    def _check_ended(self, *_: object) -> None:
        self._checking = []
        self._update()
        if self.stopped:
            self.stopped = False
            self.summary.setText(
                "Đã dừng kiểm tra; các tệp đang kiểm tra chưa được thêm, chưa ghi gì. "
                + self.summary.text()
            )
        elif self._waiting:
            self._check_waiting()

    def _show_file(self, row: int) -> None:
        self.rows.setRowCount(0)
        if not 0 <= row < len(self.previews):
            return
        p = self.previews[row]
        self.rows.setRowCount(len(p.rows))
        for i, r in enumerate(p.rows):
            for c, text in enumerate(
                (str(r.row), r.task, KINDS[r.kind], _state(r.old), _state(r.new))
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if r.kind == "conflict":
                    item.setBackground(Qt.GlobalColor.yellow)
                self.rows.setItem(i, c, item)

    def _update(self) -> None:
        bad = [p for p in self.previews if p.error]
        todo = sum(p.count("new") + p.count("changed") for p in self.previews)
        conflicts = sum(p.count("conflict") for p in self.previews)
        if self._checking:
            self.summary.setText(f"Đang kiểm tra {len(self._checking)} tệp…")
        elif not self.previews:
            self.summary.setText("Chưa có tệp nào.")
        elif bad:
            self.summary.setText(f"<b style='color:#b71c1c'>{len(bad)} tệp bị từ chối</b>: hãy sửa hoặc bỏ ra rồi kiểm tra lại. "
                                 "Không ghi gì khi còn tệp lỗi.")  # fmt: skip
        else:
            self.summary.setText(f"Sẵn sàng ghi {todo} dòng từ {len(self.previews)} tệp; {conflicts} dòng xung đột "
                                 "(giá trị ở cơ quan đã đổi kể từ khi gửi phiếu).")  # fmt: skip
        self.apply_button.setEnabled(bool(self.previews) and not bad and not self.busy)

    # -- apply and undo ----------------------------------------------------------------
    def apply(self) -> None:
        """Write the previewed rows; ``applied`` then says how many (0 when refused or failed).

        A verified backup comes first, made off the GUI thread (seconds on a large office);
        the rows are then written on the GUI thread, in one short transaction on the window's
        connection through ``AppContext.act``: one undo step, the undo log's triggers and the
        change broadcast all belong to that connection (``gui/runner.py``).  The checking of
        the files, the slow part, was done off the GUI thread when they were added."""
        from cchc_desktop.exchange.unit_sheets import rows_to_apply

        previews, take = list(self.previews), self.take_workbook.isChecked()
        path = self.ctx.store.path
        if self.busy:
            return
        if path is None or any(p.error for p in previews) or not rows_to_apply(previews, take):
            self._write(previews, take, backed_up=False)  # refused, or nothing to back up for
            return
        from cchc_desktop.gui.runner import run
        from cchc_desktop.store.backup import backup_now

        def backup(progress) -> None:
            backup_now(path, path.parent, "nhap")
            progress.check()  # “Hủy” during the backup: nothing is written

        self.applying = run(self, "Sao lưu trước khi nhập", backup,
                            done=lambda _info: self._write(previews, take, backed_up=True),
                            failed=self._not_written, cancelled=lambda: self.applied.emit(0))  # fmt: skip
        self.applying.ended.connect(self._check_ended)  # then files dropped meanwhile
        self._update()

    def _not_written(self, message: str) -> None:
        QMessageBox.warning(self, "Không ghi được", message)
        self.applied.emit(0)

    def _write(self, previews: list[FilePreview], take: bool, backed_up: bool) -> int:
        try:
            n = self.ctx.act(apply_results, self.ctx.store, previews, take, backed_up,
                             touches=(Kind.RESULTS, Kind.IMPORTS), parent=self)  # fmt: skip
        except (ImportRejected, OSError) as exc:
            self._not_written(str(exc))
            return 0
        n = n or 0
        QMessageBox.information(
            self, "Đã ghi", f"Đã ghi {n} kết quả trong một lần nhập (có thể hoàn tác)."
        )
        self.previews = []
        self.files.clear()
        self.rows.setRowCount(0)
        self._fill_history()
        self._update()
        self.applied.emit(n)
        return n

    def _fill_history(self) -> None:
        self.history.clear()
        for rec in self.ctx.store.imports.history():
            state = f" — đã hoàn tác lúc {rec.undone_at}" if rec.undone_at else ""
            item = QListWidgetItem(
                f"{rec.at} · {rec.user} · {rec.rows} dòng · {', '.join(rec.files)}{state}"
            )
            item.setData(Qt.ItemDataRole.UserRole, rec.id)
            self.history.addItem(item)

    def undo_selected(self) -> None:
        item = self.history.currentItem()
        if item is not None:
            self.ctx.act(self.ctx.store.imports.undo, item.data(Qt.ItemDataRole.UserRole),
                         touches=(Kind.RESULTS, Kind.IMPORTS), parent=self)  # fmt: skip
            self._fill_history()
