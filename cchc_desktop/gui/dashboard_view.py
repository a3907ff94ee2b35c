"""The “Tổng quan” screen: one period at a glance, every number opens the list behind it.

Charts are drawn by :mod:`cchc_desktop.gui.bar_chart` (plain QPainter: no plotting library to load).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes, Kind
from cchc_desktop.core.formatting import fmt_date, fmt_number
from cchc_desktop.core.periods import opening_day
from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS
from cchc_desktop.gui.context import AppContext
from cchc_desktop.gui.occurrence_views import (
    BUCKET_COLOURS,
    OccurrenceListDialog,
    PeriodCombo,
    occurrence_table,
)
from cchc_desktop.gui.screen import Screen
from cchc_desktop.gui.theme import styled
from cchc_desktop.store.dashboard import Dashboard, build_dashboard
from cchc_desktop.store.opening import PAGE
from cchc_desktop.store.tracking import OccurrenceRow


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


class DashboardScreen(Screen):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(ctx, "Tổng quan", parent, loaded=False)
        self.today = today or date.today()
        self.data: Dashboard | None = None
        self._charts_ready = False
        self.period_combo = PeriodCombo()
        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel("Kỳ báo cáo:"))
        top.addWidget(self.period_combo)
        top.addStretch(1)

        # number cards
        self.rate_button = QPushButton(objectName="bigNumber")
        self.rate_button.setToolTip("Tỷ lệ hoàn thành (đúng hạn và quá hạn) — bấm để xem danh sách")
        self.rate_button.clicked.connect(lambda: self.open_list("Đã hoàn thành", self._done_rows()))
        self.bucket_buttons: dict[str, QPushButton] = {}
        cards = QHBoxLayout()
        cards.addWidget(self._card("Tỷ lệ hoàn thành", self.rate_button))
        for b in BUCKETS:
            button = QPushButton(objectName="bigNumber")
            button.setStyleSheet(f"QPushButton#bigNumber {{ background: {BUCKET_COLOURS[b]}; }}")
            button.clicked.connect(
                lambda _=False, b=b: self.open_list(
                    BUCKET_NAMES[b], self.data.rows_in(b) if self.data else []
                )
            )
            self.bucket_buttons[b] = button
            cards.addWidget(self._card(BUCKET_NAMES[b], button))

        self.overdue_box = QGroupBox()
        self.overdue_table = occurrence_table([], self.today)
        self.overdue_table.hideColumn(5)  # all overdue
        self.overdue_table.hideColumn(6)
        QVBoxLayout(self.overdue_box).addWidget(self.overdue_table)
        self.soon_box = QGroupBox()
        self.soon_table = occurrence_table([], self.today)
        self.soon_table.hideColumn(6)
        QVBoxLayout(self.soon_box).addWidget(self.soon_table)
        self.unit_chart_box = QGroupBox("Hoàn thành theo đơn vị (%) — bấm cột để xem")
        self.unit_chart_layout = QVBoxLayout(self.unit_chart_box)
        self.form_chart_box = QGroupBox("Kết quả theo hình thức tuyên truyền (lần hoàn thành)")
        self.form_chart_layout = QVBoxLayout(self.form_chart_box)
        self.indicators = QTableWidget(0, 4)
        self.indicators.setHorizontalHeaderLabels(
            ["Chỉ tiêu", "Trong kỳ (đơn vị chủ trì)", "Kế hoạch năm", "Đạt so với năm"]
        )
        self.indicators.verticalHeader().setVisible(False)
        self.indicators.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.indicators.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # the figures' long headings wrap onto two lines instead of squeezing the names to “T…”
        head = self.indicators.horizontalHeader()
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        head.setMinimumHeight(3 * head.fontMetrics().height() + 8)
        for col in (1, 2, 3):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            head.resizeSection(col, head.fontMetrics().horizontalAdvance("Kế hoạch") + 18)
        self.indicators.cellDoubleClicked.connect(self._indicator_clicked)
        ind_box = QGroupBox("Số liệu định lượng so với chỉ tiêu")
        QVBoxLayout(ind_box).addWidget(self.indicators)

        grid = QGridLayout()
        grid.addWidget(self.overdue_box, 0, 0)
        grid.addWidget(self.soon_box, 0, 1)
        grid.addWidget(self.unit_chart_box, 1, 0, 1, 2)
        grid.addWidget(self.form_chart_box, 2, 0)
        grid.addWidget(ind_box, 2, 1)
        for row, h in ((0, 200), (1, 240), (2, 250)):
            grid.setRowMinimumHeight(row, h)

        body = QWidget()
        bl = QVBoxLayout(body)
        bl.addLayout(cards)
        bl.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = self.main_layout
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.overdue_table.doubleClicked.connect(
            lambda i: self._open_row(self.overdue_table, i.row())
        )
        self.soon_table.doubleClicked.connect(lambda i: self._open_row(self.soon_table, i.row()))
        ctx.plan_changed.connect(lambda _p: self._plan_switched())

    @staticmethod
    def _card(title: str, button: QPushButton) -> QWidget:
        w = styled(QFrame(objectName="card"))  # its title and number take their rules from it
        v = QVBoxLayout(w)
        label = QLabel(title, objectName="cardTitle")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        v.addWidget(label)
        v.addWidget(button)
        return w

    # -- data --------------------------------------------------------------------------
    def wants(self, record: Changes) -> bool:
        """The period's figures: tasks, assignments, due dates and results, the units' names,
        the forms and indicators, the periods."""
        return record.touches(
            Kind.PLANS, Kind.SECTIONS, Kind.TASKS, Kind.UNITS, Kind.GROUPS, Kind.ASSIGNMENTS,
            Kind.OCCURRENCES, Kind.RESULTS,
        ) or record.touches_setting("terms.", "period_rules")  # fmt: skip

    def refresh(self, record: Changes) -> None:
        self.reload()

    def _plan_switched(self) -> None:
        self._set_year()
        self._receive(Changes.everything("", "plan"))

    def _set_year(self) -> None:
        plan_id = self.ctx.plan_id
        if plan_id is None:
            return
        year = self.ctx.store.catalogue.plan(plan_id).year
        self.period_combo.set_year(year, self.ctx.store.settings.period_rules())
        self.period_combo.select_containing(opening_day(year, self.today))

    def activated(self) -> None:
        if self.period_combo.count() == 0:
            self._set_year()
        if self.stale or self.data is None:
            self.reload()

    def prepare_screenshot(self) -> None:
        self.activated()

    def reload(self) -> None:
        plan_id = self.ctx.plan_id
        if plan_id is None or self.period_combo.count() == 0:
            return
        self._pending = None
        period = self.period_combo.current()
        ahead = self.ctx.read_ahead
        d = ahead.dashboard(plan_id, period, self.today) if ahead else None
        if d is None:
            d = build_dashboard(self.ctx.store, plan_id, period, self.today)
        d.store = self.ctx.store  # pages beyond the first are read on the window's connection
        self.data = d
        self.title.setText(f"Tổng quan — {period.name} (tính đến {fmt_date(d.cutoff)})")
        self.rate_button.setText(_percent(d.rate))
        for b, button in self.bucket_buttons.items():
            button.setText(fmt_number(d.counts[b]))
        self.overdue_box.setTitle(
            f"Quá hạn chưa hoàn thành trong {period.name}: {fmt_number(d.counts['overdue'])}"
        )
        self.overdue_box.setToolTip(
            f"Các lần thực hiện của {period.name} (tính đến {fmt_date(d.cutoff)}), như báo cáo kỳ này "
            "đếm. Dòng “Hôm nay” ở đầu cửa sổ đếm mọi kỳ của kế hoạch năm nay và năm trước, mọi đơn vị "
            "được giao, nên số có thể lớn hơn."
        )  # fmt: skip
        self.overdue_table.model().load_paged(len(d.overdue_ids), d.overdue_page, d.cutoff, PAGE)
        current = period.start <= self.today <= period.end
        self.soon_table.setVisible(current)  # an empty list under a title saying why says nothing
        if current:
            self.soon_box.setTitle(f"Đến hạn trong 14 ngày tới: {fmt_number(d.due_soon_count)}")
            self.soon_table.model().load_paged(d.due_soon_count, d.due_soon_page, self.today, PAGE)
        else:  # the days ahead belong to the period running now, not to one past or to come
            self.soon_box.setTitle(
                "Đến hạn trong 14 ngày tới: chỉ tính cho kỳ đang diễn ra "
                f"({'kỳ này đã qua' if period.end < self.today else 'kỳ này chưa bắt đầu'})"
            )
            self.soon_table.model().load_paged(0, lambda _o, _n: [], self.today, PAGE)
        self._draw_charts(d)
        terms = {t.code: t for t in self.ctx.store.settings.terms("indicators")}
        codes = [c for c in terms if c in d.totals or c in d.targets]
        self.indicators.setRowCount(len(codes))
        for row, code in enumerate(codes):
            t = terms[code]
            total, target = d.totals.get(code, 0), d.targets.get(code)
            rate = f"{total / target * 100:.0f}%" if target else "—"
            for col, text in enumerate(
                (
                    f"{t.name} ({t.unit})",
                    fmt_number(total),
                    fmt_number(target) if target else "—",
                    rate,
                )
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, code)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.indicators.setItem(row, col, item)

    def _done_rows(self) -> list[OccurrenceRow]:
        if not self.data:
            return []
        return self.data.rows_in("done_on_time") + self.data.rows_in("done_late")

    def open_list(self, title: str, rows: list[OccurrenceRow]) -> OccurrenceListDialog:
        period = self.data.period.name if self.data else ""
        dialog = OccurrenceListDialog(
            f"{title} — {period}", rows, self.data.cutoff if self.data else self.today, self
        )
        dialog.show()
        return dialog

    def _open_row(self, table, row: int) -> None:
        r = table.model().rows[row]
        window = self.window_actions()
        if window is not None:
            window.show_unit(r.unit_id, r.due)

    def _indicator_clicked(self, row: int, _col: int) -> None:
        code = self.indicators.item(row, 0).data(Qt.ItemDataRole.UserRole)
        rows = [r for r in self._done_rows() if code in r.values]
        self.open_list(f"Kết quả có số liệu “{self.indicators.item(row, 0).text()}”", rows)

    # -- charts ------------------------------------------------------------------------
    def _draw_charts(self, d: Dashboard) -> None:
        from cchc_desktop.gui.bar_chart import BarChart

        if not self._charts_ready:
            self.unit_plot = BarChart(maximum=100, suffix="%")
            self.unit_plot.clicked.connect(self._unit_chart_clicked)
            self.unit_chart_layout.addWidget(self.unit_plot)
            self.form_plot = BarChart(horizontal=True)
            self.form_plot.clicked.connect(self._form_chart_clicked)
            self.form_chart_layout.addWidget(self.form_plot)
            self._charts_ready = True
        units = d.by_unit
        heights = [(u.rate or 0) * 100 for u in units]
        colours = ["#43a047" if h >= 90 else "#fbc02d" if h >= 70 else "#e53935" for h in heights]
        tips = [
            f"{u.unit_name}: {fmt_number(u.done)}/{fmt_number(u.total)} lần hoàn thành"
            for u in units
        ]
        short = {u.id: u.short_name for u in self.ctx.store.org.units()}
        self.unit_plot.set_bars([_short(u.unit_name, short.get(u.unit_id, "")) for u in units],
                                heights, colours, tips)  # fmt: skip
        self._units_on_chart = units
        forms = {t.code: t.name for t in self.ctx.store.settings.terms("forms")}
        self._forms_on_chart = sorted(d.by_form.items(), key=lambda kv: -kv[1])
        self.form_plot.set_bars([forms.get(code, code) for code, _ in self._forms_on_chart],
                                [v for _, v in self._forms_on_chart])  # fmt: skip

    def _unit_chart_clicked(self, i: int) -> None:
        if self.data and 0 <= i < len(getattr(self, "_units_on_chart", [])):
            u = self._units_on_chart[i]
            self.open_list(u.unit_name, self.data.rows_of_unit(u.unit_id))

    def _form_chart_clicked(self, i: int) -> None:
        if self.data and 0 <= i < len(getattr(self, "_forms_on_chart", [])):
            code = self._forms_on_chart[i][0]
            self.open_list(self.form_plot.labels[i], self.data.rows_done_with_form(code))


def _short(name: str, short_name: str = "") -> str:
    """A unit's name under its bar: without “UBND xã”, “Phòng”, “huyện”…; a long one by its
    abbreviation when it has one (the bar's tooltip gives the full name), never cut off."""
    for prefix in ("UBND xã ", "UBND thị trấn ", "UBND phường ", "Phòng ", "UBND "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    for suffix in (" huyện", " tỉnh", " thị xã", " thành phố"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if len(name) <= 16:
        return name
    return short_name or name[:15] + "…"
