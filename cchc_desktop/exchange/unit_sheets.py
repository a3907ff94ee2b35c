"""Workbooks to and from units: one “Phiếu giao nhiệm vụ” per unit, results taken back safely.

The office sends each unit a workbook of its assignments for a period: task texts, roles, due
dates and targets in locked cells, result cells unlocked with validation, and a hidden sheet
that identifies the office, unit, period, template version and every row.  A returned
workbook can only ever change its own unit's results: everything else is checked and any
problem rejects the file with a Vietnamese message naming file, sheet, row and field.
Applying is all-or-nothing in one transaction (one undo step); importing twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cchc_desktop.core.formatting import fmt_date, fmt_number, parse_date
from cchc_desktop.core.legacy import to_unicode
from cchc_desktop.core.models import ROLES
from cchc_desktop.core.periods import Period, PeriodRule, reporting_quarters
from cchc_desktop.core.result_entry import entered_status
from cchc_desktop.core.status import RESULT_STATUSES
from cchc_desktop.core.text import clean_line, nfc, nfc_value
from cchc_desktop.exchange.sheet_reading import (
    ImportRejected,
    SheetData,
    broken,
    open_checked,
    read_sheet,
)
from cchc_desktop.reports.safe import atomic_write, one_batch, safe_filename, set_text

TEMPLATE_VERSION = "cchc-phieu-1"
SHEET = "Kết quả"
META = "_meta"
LISTS = "_ds"
HEAD_ROW = 6
FIXED = ["STT", "Nhiệm vụ", "Vai trò", "Hạn", "Chỉ tiêu", "Trạng thái", "Ngày hoàn thành (dd/mm/yyyy)",
         "Kết quả thực hiện", "Lý do nếu không thực hiện"]  # fmt: skip
EDITABLE_FROM = 6  # 1-based column where result cells begin
STATUS_BY_NAME = {v: k for k, v in RESULT_STATUSES.items()}
MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def office_uid(store) -> str:  # noqa: ANN001
    """A stable identity of this office's database, so foreign workbooks are recognised."""
    uid = store.setting("office_uid")
    if not uid:
        uid = str(uuid.uuid4())
        with store.db.atomic():  # outside any user action: an identity is never undone
            store.db.execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES ('office_uid', ?)",
                [json.dumps(uid)],
            )
        uid = store.setting("office_uid")
    return uid


def _row_hash(task_id: int, content: str) -> str:
    return hashlib.sha256(f"{task_id}|{nfc(content)}".encode()).hexdigest()[:16]


def _result_state(status: str | None, completed: date | None, description: str, reason: str,
                  values: dict[str, float]) -> dict[str, Any]:  # fmt: skip
    return {"status": status, "completed_on": completed.isoformat() if completed else None,
            "description": nfc(description or "").strip(), "reason": clean_line(reason),
            "values": {k: v for k, v in sorted(values.items()) if v is not None}}  # fmt: skip


# -- export -----------------------------------------------------------------------------------
@one_batch()  # the batch is written whole or not at all
def export_unit_sheets(store, plan_id: int, period: Period, out_dir: Path,  # noqa: ANN001
                       unit_ids: list[int] | None = None, with_pdf: bool = True) -> list[Path]:  # fmt: skip
    out_dir = Path(out_dir)
    uid = office_uid(store)
    office = store.office()
    indicators = [(t.code, t.name, t.unit) for t in store.terms("indicators")]
    tasks = {t.id: t for t in store.tasks(plan_id)}
    paths = []
    units = [u for u in store.units(active_only=True) if unit_ids is None or u.id in unit_ids]
    window = completion_window(period.end, store.period_rules())
    for unit in units:
        rows = store.rows_in_period(plan_id, period, unit.id)
        if not rows:
            continue
        base = f"Phiếu giao nhiệm vụ – {unit.name} – {period.name}"
        path = out_dir / safe_filename(base, "xlsx")
        meta = {
            "template": TEMPLATE_VERSION, "office_uid": uid, "office": office.name if office else "",
            "unit_id": unit.id, "unit": unit.name, "plan_id": plan_id, "period": period.code,
            "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
            "exported_at": datetime.now().isoformat(timespec="seconds"), "indicators": [c for c, _, _ in indicators],
            "rows": [{"occurrence": r.id, "hash": _row_hash(r.task_id, r.task_content),
                      "sent": _result_state(r.status, r.completed_on, r.description, r.reason, r.values)} for r in rows],
        }  # fmt: skip
        atomic_write(path, lambda tmp, rows=rows, meta=meta, unit=unit: _write_workbook(
            tmp, rows, meta, unit.name, period, office.name if office else "", indicators, tasks, window))  # fmt: skip
        paths.append(path)
        if with_pdf:
            paths.append(
                _write_pdf(
                    out_dir / safe_filename(base, "pdf"),
                    rows,
                    unit.name,
                    period,
                    store,
                    indicators,
                    tasks,
                )
            )
    return paths


def _write_workbook(
    tmp: Path,
    rows,
    meta,
    unit_name: str,
    period: Period,
    office: str,
    indicators,
    tasks,
    window: tuple[date, date],
) -> None:  # noqa: ANN001
    wb = Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    lines = [
        f"PHIẾU GIAO NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH — {unit_name}",
        f"Kỳ: {period.name} ({fmt_date(period.start)} – {fmt_date(period.end)}). Cơ quan gửi: {office}.",
        "",
        "Cách điền (sheet “Kết quả”):",
        "1. Chỉ điền các ô nền vàng: Trạng thái (chọn trong danh sách), Ngày hoàn thành (dd/mm/yyyy, trong kỳ),",
        "   Kết quả thực hiện, Lý do nếu không thực hiện, và các số liệu (số không âm).",
        "2. Không thêm, xóa, di chuyển dòng hoặc cột; không sửa nội dung nhiệm vụ; không dán công thức.",
        "3. Lưu tệp (giữ định dạng .xlsx) và gửi lại cho cơ quan qua USB hoặc thư điện tử.",
        "Chương trình sẽ kiểm tra từng ô; tệp có lỗi sẽ được báo rõ dòng, cột để sửa, không ghi gì vào dữ liệu.",
    ]
    for i, text in enumerate(lines, 1):
        set_text(guide.cell(row=i, column=1), text)
        guide.cell(row=i, column=1).font = Font(name="Times New Roman", size=13, bold=i == 1)
    guide.column_dimensions["A"].width = 120

    ws = wb.create_sheet(SHEET)
    headers = FIXED + [f"{name} ({unit})" for _, name, unit in indicators]
    set_text(ws.cell(row=1, column=1), f"PHIẾU GIAO NHIỆM VỤ — {unit_name}")
    set_text(
        ws.cell(row=2, column=1),
        f"{period.name}: {fmt_date(period.start)} – {fmt_date(period.end)}",
    )
    set_text(ws.cell(row=3, column=1), f"Cơ quan gửi: {office}")
    for r in range(1, 4):
        ws.cell(row=r, column=1).font = Font(name="Times New Roman", size=13, bold=r == 1)
    yellow = PatternFill("solid", fgColor="FFF8D6")
    for c, text in enumerate(headers, 1):
        cell = ws.cell(row=HEAD_ROW, column=c)
        set_text(cell, text)
        cell.font = Font(name="Times New Roman", size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        cell.fill = PatternFill("solid", fgColor="ECEFF1")
    widths = [8, 60, 12, 12, 22, 18, 16, 40, 28] + [12] * len(indicators)
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    for i, r in enumerate(rows):
        row = HEAD_ROW + 1 + i
        task = tasks.get(r.task_id)
        targets = "; ".join(f"{name}: {fmt_number(task.targets[code])}" for code, name, _ in indicators
                            if task and code in task.targets)  # fmt: skip
        fixed = [r.task_number, r.task_content, ROLES.get(r.role, r.role), fmt_date(r.due), targets,
                 RESULT_STATUSES.get(r.status or "", ""), fmt_date(r.completed_on), r.description, r.reason]  # fmt: skip
        for c, value in enumerate(fixed, 1):
            cell = ws.cell(row=row, column=c)
            set_text(cell, value)
        for k, (code, _, _) in enumerate(indicators):
            cell = ws.cell(row=row, column=len(FIXED) + 1 + k)
            if code in r.values:
                cell.value = r.values[code]
        for c in range(1, len(headers) + 1):
            cell = ws.cell(row=row, column=c)
            cell.border = BORDER
            cell.font = Font(name="Times New Roman", size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if c >= EDITABLE_FROM:
                cell.protection = Protection(locked=False)
                cell.fill = yellow
    last = HEAD_ROW + len(rows)
    lists = wb.create_sheet(LISTS)
    for i, name in enumerate(RESULT_STATUSES.values(), 1):
        set_text(lists.cell(row=i, column=1), name)
    lists.sheet_state = "hidden"
    dv = DataValidation(type="list", formula1=f"='{LISTS}'!$A$1:$A${len(RESULT_STATUSES)}", allow_blank=True,
                        showErrorMessage=True, errorTitle="Trạng thái", error="Chọn một trạng thái trong danh sách.")  # fmt: skip
    dv.add(f"F{HEAD_ROW + 1}:F{last}")
    first, last_day = window
    dd = DataValidation(type="date", operator="between", formula1=f"DATE({first.year},{first.month},{first.day})",
                        formula2=f"DATE({last_day.year},{last_day.month},{last_day.day})", allow_blank=True,
                        showErrorMessage=True, error=_window_text(first, last_day))  # fmt: skip
    dd.add(f"G{HEAD_ROW + 1}:G{last}")
    dn = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, error="Nhập số không âm.")  # fmt: skip
    if indicators:
        dn.add(
            f"{get_column_letter(len(FIXED) + 1)}{HEAD_ROW + 1}:{get_column_letter(len(headers))}{last}"
        )
    for v in (dv, dd, dn):
        ws.add_data_validation(v)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.freeze_panes = ws.cell(row=HEAD_ROW + 1, column=3)
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    m = wb.create_sheet(META)
    m["A1"] = json.dumps(meta, ensure_ascii=False)
    m["A1"].data_type = "s"
    m.sheet_state = "veryHidden"
    wb.active = 1
    wb.save(tmp)


def _write_pdf(path: Path, rows, unit_name: str, period: Period, store, indicators, tasks) -> Path:  # noqa: ANN001
    from cchc_desktop.reports.document_pdf import (
        Annex,
        Block,
        DocumentHeader,
        OfficialDocument,
        Signature,
        build_pdf,
    )

    office = store.office()
    header = DocumentHeader(office.governing_body if office else "", office.name if office else "", "", office.place_name if office else "",
                            date.today(), "Phiếu giao nhiệm vụ", f"Tuyên truyền cải cách hành chính – {unit_name} – {period.name}")  # fmt: skip
    table_rows = [
        [r.task_number, r.task_content, ROLES.get(r.role, r.role), fmt_date(r.due), "", "", ""]
        for r in rows
    ]
    doc = OfficialDocument(header, [Block("para", f"Đơn vị điền kết quả vào các cột trống và gửi lại trước ngày {fmt_date(period.end)}.")],
                           Signature([], ""), [], [Annex("Phụ lục", f"Nhiệm vụ của {unit_name}", f"({period.name})",
                           ["STT", "Nhiệm vụ", "Vai trò", "Hạn", "Trạng thái", "Ngày hoàn thành", "Kết quả"],
                           [6, 36, 9, 12, 11, 12, 28], table_rows)])  # fmt: skip
    return build_pdf(doc, path)


# -- import -----------------------------------------------------------------------------------
@dataclass
class RowChange:
    row: int  # Excel row number
    occurrence_id: int
    task: str
    kind: str  # new | changed | unchanged | conflict
    old: dict[str, Any]
    new: dict[str, Any]
    office_now: dict[str, Any] | None = None


@dataclass
class FilePreview:
    path: Path
    unit: str = ""
    period: str = ""
    rows: list[RowChange] = field(default_factory=list)
    error: str | None = None

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)


def _fail(
    path: Path, sheet: str, row: int | None, field_name: str | None, message: str
) -> ImportRejected:
    where = (
        f"tệp “{path.name}”, sheet “{sheet}”"
        + (f", dòng {row}" if row else "")
        + (f", cột “{field_name}”" if field_name else "")
    )
    return ImportRejected(f"{where}: {message}")


def _open_workbook(path: Path):  # noqa: ANN202
    """The workbook fully loaded (for the catalogue and roll-up readers), after the file checks."""
    return open_checked(path, MAX_BYTES, MAX_UNZIPPED, read_only=False)


def preview_results(store, path: Path) -> FilePreview:  # noqa: ANN001
    """Check a returned workbook and say, row by row, what applying it would do."""
    path = Path(path)
    preview = FilePreview(path)
    try:
        wb = open_checked(path, MAX_BYTES, MAX_UNZIPPED)
        try:
            _check(store, path, wb, preview)
        finally:
            wb.close()
    except ImportRejected as exc:
        preview.error = str(exc)
        preview.rows = []
    return preview


_OCC_SQL = """
    SELECT o.id, a.task_id, t.content, r.status, r.completed_on, r.reason, r.description, r."values"
    FROM occurrences o
    JOIN assignments a ON a.id = o.assignment_id AND a.active
    JOIN tasks t ON t.id = a.task_id
    JOIN units u ON u.id = a.unit_id
    LEFT JOIN results r ON r.occurrence_id = o.id
    WHERE t.plan_id = ? AND a.unit_id = ? AND o.id IN (SELECT value FROM json_each(?))
"""


@dataclass(frozen=True)
class _Occ:
    id: int
    task_id: int
    task_number: str
    task_content: str
    status: str | None
    completed_on: date | None
    reason: str
    description: str
    values: dict[str, Any]


def completion_window(period_end: date, rules: tuple[PeriodRule, ...]) -> tuple[date, date]:
    """Completion dates a returned workbook may carry for a period's rows.

    Not only the period itself: work due in the period is often done earlier (a Q3 article
    written in June), and the office's own earlier entry must come back unchanged.  From the
    start of the plan's reporting year (its first quarter under the office's ``rules``, and
    never later than 1 December before it: a little slack for work done just before) to the
    period's end; later dates would report the future at the cut-off.
    """
    year_start = reporting_quarters(period_end.year, rules)[0].start
    return min(year_start, date(period_end.year - 1, 12, 1)), period_end


def _window_text(first: date, last: date) -> str:
    return f"ngày hoàn thành phải từ {fmt_date(first)} đến hết kỳ ({fmt_date(last)})."


def _sent_occurrences(store, plan_id: Any, unit_id: int, ids: list[Any]) -> dict[int, _Occ]:  # noqa: ANN001
    """The unit's current occurrences (active assignments of the plan) among ``ids``, by id.

    One query for the rows the workbook names, as ``store.occurrence_rows(plan, unit)`` would
    give them, without that query's per-row evidence count (a scan of the evidence table).
    """
    wanted = [i for i in ids if isinstance(i, int) or (isinstance(i, float) and i.is_integer())]
    if not isinstance(plan_id, int | float | str) or not wanted:  # nothing a sent row could match
        return {}
    rows = store.db.execute(_OCC_SQL, [plan_id, unit_id, json.dumps(wanted)]).fetchall()
    numbers = store.task_numbers(plan_id) if rows else {}
    return {r[0]: _Occ(r[0], r[1], numbers.get(r[1], ""), r[2], r[3],
                       date.fromisoformat(r[4]) if r[4] else None, r[5] or "", r[6] or "",
                       json.loads(r[7]) if r[7] else {}) for r in rows}  # fmt: skip


def _read(path: Path, wb, title: str) -> SheetData:  # noqa: ANN001
    try:
        return read_sheet(wb, title)
    except Exception as exc:  # a damaged sheet: what a full load would have refused
        raise broken(path, exc) from exc


def _check(store, path: Path, wb, preview: FilePreview) -> None:  # noqa: ANN001, C901, PLR0912, PLR0915
    if META not in wb.sheetnames or SHEET not in wb.sheetnames:
        raise ImportRejected(
            f"Tệp “{path.name}” không phải phiếu giao nhiệm vụ do chương trình xuất (thiếu sheet “{SHEET}”)."
        )
    meta_sheet = _read(path, wb, META)
    ws = _read(path, wb, SHEET)
    try:
        meta = nfc_value(json.loads(str(meta_sheet.value(1, 1))))  # its texts are shown
    except (TypeError, ValueError) as exc:
        raise _fail(path, META, None, None, "phần nhận dạng phiếu bị sửa hoặc hỏng.") from exc
    if not isinstance(meta, dict):
        raise _fail(path, META, None, None, "phần nhận dạng phiếu bị sửa hoặc hỏng.")
    if meta.get("template") != TEMPLATE_VERSION:
        raise _fail(
            path, META, None, None, f"mẫu phiếu “{meta.get('template')}” không được hỗ trợ."
        )
    if meta.get("office_uid") != store.setting("office_uid"):
        raise _fail(
            path,
            META,
            None,
            None,
            f"phiếu này do cơ quan khác gửi ({meta.get('office', '?')}), không phải cơ quan này.",
        )
    unit_id = meta.get("unit_id")
    units = {u.id: u for u in store.units()}
    if unit_id not in units:
        raise _fail(path, META, None, None, "đơn vị nhận phiếu không còn trong danh sách đơn vị.")
    preview.unit, preview.period = units[unit_id].name, meta.get("period", "")
    codes = meta.get("indicators", [])
    terms = {t.code: t for t in store.terms("indicators")}
    expected = FIXED + [f"{terms[c].name} ({terms[c].unit})" if c in terms else c for c in codes]
    width = len(expected)
    header = [nfc(str(ws.value(HEAD_ROW, c) or "")) for c in range(1, width + 1)]
    if header != expected or ws.value(HEAD_ROW, width + 1) not in (None, ""):
        raise _fail(
            path,
            SHEET,
            HEAD_ROW,
            None,
            "các cột đã bị thêm, xóa hoặc di chuyển; hãy dùng đúng phiếu đã gửi.",
        )
    for rng in ws.merged:
        if rng.max_row > HEAD_ROW:
            raise _fail(path, SHEET, rng.min_row, None, f"có ô bị gộp ({rng.coord}); hãy bỏ gộp ô.")
    sent_rows = meta.get("rows", [])
    last = HEAD_ROW + len(sent_rows)
    extra = [r for (r, c), cell in ws.cells.items()
             if r > last and c <= width and cell["value"] not in (None, "")]  # fmt: skip
    if extra:
        raise _fail(
            path, SHEET, min(extra), None, "có dòng được thêm vào ngoài danh sách nhiệm vụ đã giao."
        )
    ids = [sent.get("occurrence") for sent in sent_rows if isinstance(sent, dict)]
    allowed = _sent_occurrences(store, meta.get("plan_id", -1), unit_id, ids)
    first, last_day = completion_window(
        date.fromisoformat(meta["period_end"]), store.period_rules()
    )
    for i, sent in enumerate(sent_rows):
        row = HEAD_ROW + 1 + i
        key = sent.get("occurrence") if isinstance(sent, dict) else None
        occ = allowed.get(key) if isinstance(key, int | float) else None
        if occ is None:
            raise _fail(
                path,
                SHEET,
                row,
                None,
                "dòng này không thuộc nhiệm vụ được giao cho đơn vị (mã dòng lạ).",
            )
        cells = [ws.get(row, c) for c in range(1, width + 1)]
        for c, cell in enumerate(cells):
            value, data_type = cell["value"], cell["data_type"]
            if data_type == "f" or (isinstance(value, str) and value.startswith("=") and c >= EDITABLE_FROM - 1
                                    and data_type != "s"):  # fmt: skip
                raise _fail(path, SHEET, row, expected[c], "ô chứa công thức; chỉ nhập giá trị.")
        content = nfc(str(cells[1]["value"] or ""))
        if content == "" or _row_hash(occ.task_id, content) != sent.get("hash"):
            raise _fail(
                path,
                SHEET,
                row,
                "Nhiệm vụ",
                "nội dung nhiệm vụ đã bị sửa hoặc dòng bị xóa/di chuyển.",
            )
        status_text = nfc(str(cells[5]["value"] or "")).strip()
        if status_text and status_text not in STATUS_BY_NAME:
            raise _fail(
                path,
                SHEET,
                row,
                "Trạng thái",
                f"“{status_text}” không có trong danh sách ({', '.join(STATUS_BY_NAME)}).",
            )
        status = STATUS_BY_NAME.get(status_text)
        raw_date = cells[6]["value"]
        if isinstance(raw_date, datetime):
            completed = raw_date.date()
        elif isinstance(raw_date, date):
            completed = raw_date
        elif raw_date in (None, ""):
            completed = None
        else:
            completed = parse_date(str(raw_date))
            if completed is None:
                raise _fail(
                    path,
                    SHEET,
                    row,
                    "Ngày hoàn thành",
                    f"“{raw_date}” không phải ngày dạng dd/mm/yyyy.",
                )
        if completed is not None and not first <= completed <= last_day:
            raise _fail(
                path,
                SHEET,
                row,
                "Ngày hoàn thành",
                f"{fmt_date(completed)} nằm ngoài kỳ báo cáo: {_window_text(first, last_day)}",
            )
        description = _text(ws, cells[7]).strip()
        reason = clean_line(_text(ws, cells[8]))
        values: dict[str, float] = {}
        for k, code in enumerate(codes):
            v = cells[len(FIXED) + k]["value"]
            if v in (None, ""):
                continue
            if isinstance(v, bool) or not isinstance(v, int | float):
                try:
                    v = (
                        float(str(v).replace(".", "").replace(",", "."))
                        if isinstance(v, str)
                        else None
                    )
                except ValueError:
                    v = None
                if v is None:
                    raise _fail(
                        path,
                        SHEET,
                        row,
                        expected[len(FIXED) + k],
                        f"“{cells[len(FIXED) + k]['value']}” không phải số.",
                    )
            if v < 0:
                raise _fail(path, SHEET, row, expected[len(FIXED) + k], "số liệu không được âm.")
            values[code] = int(v) if float(v).is_integer() else float(v)
        status = entered_status(status, completed, description, reason, values)  # core.result_entry
        if status == "not_done" and not reason:
            raise _fail(
                path,
                SHEET,
                row,
                "Lý do nếu không thực hiện",
                "nhiệm vụ không thực hiện phải ghi lý do.",
            )
        new = _result_state(status, completed, description, reason, values)
        sent_state = sent.get("sent", {})
        now = _result_state(occ.status, occ.completed_on, occ.description, occ.reason, occ.values)
        if new in (now, sent_state):
            kind = "unchanged"  # the unit did not touch it: what the office has now stands
        elif now != sent_state:
            kind = "conflict"  # the office changed it too since the workbook was sent
        elif now["status"] is None:
            kind = "new"
        else:
            kind = "changed"
        preview.rows.append(
            RowChange(row, occ.id, f"{occ.task_number}. {occ.task_content}", kind, now, new, now)
        )


def _text(ws: SheetData, cell: dict[str, Any]) -> str:
    """A text cell's value in Unicode NFC, legacy TCVN3/VNI text converted (by its font)."""
    text = str(cell["value"] or "")
    return to_unicode(text, ws.font_name(cell)) if text else ""


def apply_results(
    store, previews: list[FilePreview], take_workbook_on_conflict: bool = False
) -> int:  # noqa: ANN001
    """Write every new and changed row of every file in one transaction; return rows written.

    Any rejected file stops everything before a single row is written.
    """
    bad = [p for p in previews if p.error]
    if bad:
        raise ImportRejected(bad[0].error)
    todo = [(p, r) for p in previews for r in p.rows
            if r.kind in ("new", "changed") or (r.kind == "conflict" and take_workbook_on_conflict)]  # fmt: skip
    if not todo:
        return 0
    names = ", ".join(p.path.name for p in previews)
    if store.path is not None:  # a verified copy first: an import can always be taken back
        from cchc_desktop.store.backup import backup_now

        backup_now(store.path, store.path.parent, "nhap")
    with store.action(f"Nhập kết quả từ {names[:120]}"):
        before = {str(r.occurrence_id): (r.office_now if r.office_now and r.office_now.get("status") else None)
                  for _p, r in todo}  # fmt: skip
        store.db.execute(
            "INSERT INTO imports (user, files, rows, before) VALUES (?, ?, ?, ?)",
            [store.user_name(), json.dumps([p.path.name for p in previews], ensure_ascii=False), len(todo),
             json.dumps(before, ensure_ascii=False)],
        )  # fmt: skip
        for _p, r in todo:
            n = r.new
            store.set_result(r.occurrence_id, n["status"], date.fromisoformat(n["completed_on"]) if n["completed_on"] else None,
                             reason=n["reason"], description=n["description"], values=n["values"])  # fmt: skip
    return len(todo)


@dataclass(frozen=True)
class ImportRecord:
    id: int
    at: str
    user: str
    files: list[str]
    rows: int
    undone_at: str | None


def import_history(store) -> list[ImportRecord]:  # noqa: ANN001
    return [
        ImportRecord(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5])
        for r in store.db.execute(
            "SELECT id, at, user, files, rows, undone_at FROM imports ORDER BY id DESC"
        ).fetchall()
    ]


def undo_import(store, import_id: int) -> int:  # noqa: ANN001
    """Put back every result an import replaced, as one action (works across restarts)."""
    from cchc_desktop.store.store import StoreError

    row = store.db.execute(
        "SELECT before, undone_at, files FROM imports WHERE id = ?", [import_id]
    ).fetchone()
    if row is None:
        raise StoreError("Không tìm thấy lần nhập này.")
    if row[1]:
        raise StoreError(f"Lần nhập này đã được hoàn tác lúc {row[1]}.")
    before = json.loads(row[0])
    with store.action(f"Hoàn tác lần nhập {', '.join(json.loads(row[2]))[:100]}"):
        for occ_id, state in before.items():
            if state is None:
                store.set_result(int(occ_id), None)
            else:
                store.set_result(int(occ_id), state["status"],
                                 date.fromisoformat(state["completed_on"]) if state["completed_on"] else None,
                                 reason=state["reason"], description=state["description"], values=state["values"])  # fmt: skip
        store.db.execute(
            "UPDATE imports SET undone_at = datetime('now', 'localtime') WHERE id = ?", [import_id]
        )
    return len(before)
