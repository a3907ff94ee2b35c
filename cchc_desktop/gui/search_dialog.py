"""Search across plans, tasks, results and units, ignoring diacritics and case, with filters."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.periods import reporting_quarters
from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS, bucket
from cchc_desktop.gui.context import AppContext
from cchc_desktop.store.search import SearchHit

KIND_NAMES = {"task": "Nhiệm vụ", "unit": "Đơn vị", "plan": "Kế hoạch", "result": "Kết quả"}


class SearchDialog(QDialog):
    """Type to search; filter hits by unit, status, period and communication form."""

    open_hit = Signal(object)  # SearchHit

    def __init__(
        self,
        ctx: AppContext,
        text: str = "",
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.setWindowTitle("Tìm kiếm")
        self.resize(900, 600)
        self.edit = QLineEdit(
            text,
            placeholderText="Tìm trong kế hoạch, nhiệm vụ, kết quả, đơn vị — gõ không dấu cũng được",
        )
        self.edit.setClearButtonEnabled(True)
        self.unit = QComboBox()
        self.unit.addItem("Mọi đơn vị", None)
        for u in ctx.store.org.units():
            self.unit.addItem(u.name, u.id)
        self.status = QComboBox()
        self.status.addItem("Mọi tình trạng", None)
        for b in BUCKETS:
            self.status.addItem(BUCKET_NAMES[b], b)
        self.period = QComboBox()
        self.period.addItem("Mọi kỳ", None)
        years = sorted({p.year for p in ctx.store.catalogue.plans()}, reverse=True)
        for y in years:
            for p in reporting_quarters(y, ctx.store.settings.period_rules()):
                self.period.addItem(p.name, p)
        self.form = QComboBox()
        self.form.addItem("Mọi hình thức", None)
        for t in ctx.store.settings.terms("forms"):
            self.form.addItem(t.name, t.code)
        filters = QHBoxLayout()
        for w in (self.unit, self.status, self.period, self.form):
            filters.addWidget(w)
            w.currentIndexChanged.connect(lambda _i: self.run())
        self.results = QListWidget()
        self.results.itemActivated.connect(self._activated)
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.results, 1)
        self.edit.textChanged.connect(lambda _t: self.run())
        self.edit.returnPressed.connect(lambda: self.results.setFocus())
        self.run()

    def hits(self) -> list[SearchHit]:
        hits = self.ctx.store.search.find(self.edit.text())
        unit, status, period, form = (self.unit.currentData(), self.status.currentData(),
                                      self.period.currentData(), self.form.currentData())  # fmt: skip
        if not any(x is not None for x in (unit, status, period, form)):
            return hits
        return [h for h in hits if self._keep(h, unit, status, period, form)]

    def _keep(self, h: SearchHit, unit, status, period, form) -> bool:
        store = self.ctx.store
        if h.kind == "unit":
            return unit in (None, h.ref_id) and status is None and period is None and form is None
        if h.kind == "plan":
            return (
                unit is None
                and status is None
                and form is None
                and (period is None or h.plan_id is not None)
            )
        if h.kind == "task":
            rows = [r for r in store.tracking.occurrence_rows(h.plan_id) if r.task_id == h.ref_id]
        else:
            rows = [r for r in store.tracking.occurrence_rows(h.plan_id) if r.result_id == h.ref_id]
        if (
            form is not None
            and not any(form in r.forms for r in rows)
            and not (h.kind == "task" and form in store.catalogue.task(h.ref_id).forms)
        ):
            return False
        if unit is not None:
            rows = [r for r in rows if r.unit_id == unit]
        if period is not None:
            rows = [r for r in rows if period.contains(r.due)]
        if status is not None:
            rows = [
                r for r in rows if bucket(r.due, r.status, r.completed_on, self.today) == status
            ]
        return bool(rows) or (unit is None and period is None and status is None)

    def run(self) -> None:
        self.results.clear()
        hits = self.hits() if self.edit.text().strip() else []
        for h in hits:
            item = QListWidgetItem(f"[{KIND_NAMES[h.kind]}] {h.title}\n      {h.detail}")
            item.setData(Qt.ItemDataRole.UserRole, h)
            self.results.addItem(item)
        self.count.setText(f"{len(hits)} kết quả" if self.edit.text().strip() else "")

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_hit.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
