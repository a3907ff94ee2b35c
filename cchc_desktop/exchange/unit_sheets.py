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
import hmac
import json
import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cchc_desktop.core.formatting import fmt_date, fmt_number, parse_date
from cchc_desktop.core.legacy import to_unicode
from cchc_desktop.core.models import ROLES
from cchc_desktop.core.periods import Period, PeriodRule, reporting_quarters
from cchc_desktop.core.progress import Progress
from cchc_desktop.core.result_entry import FALLBACK as FALLBACK_BOUND
from cchc_desktop.core.result_entry import SETTING as BOUNDS_SETTING
from cchc_desktop.core.result_entry import (
    ValueRefused,
    check_value,
    entered_status,
    missing_completion_date,
    missing_reason,
    result_bounds,
    shown,
)
from cchc_desktop.core.status import RESULT_STATUSES
from cchc_desktop.core.text import clean_line, nfc
from cchc_desktop.exchange.sheet_reading import (
    ImportRejected,
    SheetData,
    broken,
    open_checked,
    read_sheet,
)
from cchc_desktop.reports.safe import NameBatch, atomic_write, one_batch, safe_filename, set_text
from cchc_desktop.store.imports import OfficeRow

log = logging.getLogger(__name__)

TEMPLATE_VERSION = "cchc-phieu-2"  # 2: signed, rows identified by ids, due date and task text
OLD_TEMPLATES = ("cchc-phieu-1",)
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
META_CHUNK = 30_000
MAX_META = 8 * 1024 * 1024  # characters of the identification sheet
MAX_ID = 2**63 - 1
NOT_SENT_HERE = "phiếu không do cơ quan này xuất hoặc đã bị sửa phần nhận dạng."
DAMAGED_META = "phần nhận dạng phiếu bị sửa hoặc hỏng"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _shown_text(text: Any) -> str:
    """A text as a returned sheet gives it back: NFC, no characters an .xlsx cannot hold,
    line ends as ``\\n``, ends trimmed.  Texts are compared in this form."""
    text = ILLEGAL_CHARACTERS_RE.sub("", nfc(text if isinstance(text, str) else str(text or "")))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _text_hash(content: str) -> str:
    return hashlib.sha256(_shown_text(content).encode()).hexdigest()


def _signed_bytes(meta: dict[str, Any]) -> bytes:
    body = {k: v for k, v in meta.items() if k != "sig"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))  # \u-escaped: any text signs
    return text.encode("ascii")


def _signature(key: bytes, meta: dict[str, Any]) -> str:
    """HMAC-SHA256, keyed by the office's secret, over everything the identification sheet
    holds: office, unit, plan, period, template version, indicators and every row's
    occurrence and task ids, due date, task text (its hash) and the result as sent."""
    return hmac.new(key, _signed_bytes(meta), hashlib.sha256).hexdigest()


def _result_state(status: str | None, completed: date | None, description: str, reason: str,
                  values: dict[str, float]) -> dict[str, Any]:  # fmt: skip
    return {"status": status, "completed_on": completed.isoformat() if completed else None,
            "description": nfc(description or "").strip(), "reason": clean_line(reason),
            "values": {k: v for k, v in sorted(values.items()) if v is not None}}  # fmt: skip


# -- export -----------------------------------------------------------------------------------
@one_batch()  # the batch is written whole or not at all
def export_unit_sheets(store, plan_id: int, period: Period, out_dir: Path,
                       unit_ids: list[int] | None = None, with_pdf: bool = True,
                       progress: Progress | None = None) -> list[Path]:  # fmt: skip
    """One workbook (and PDF) per unit with work in ``period``; ``progress`` hears one step per
    unit, and a cancel there leaves no file of the batch."""
    out_dir = Path(out_dir)
    uid = store.settings.office_uid()
    key = store.settings.office_secret(create=True)
    office = store.org.office()
    indicators = [(t.code, t.name, t.unit) for t in store.settings.terms("indicators")]
    tasks = {t.id: t for t in store.catalogue.tasks(plan_id)}
    paths = []
    units = [u for u in store.org.units(active_only=True) if unit_ids is None or u.id in unit_ids]
    window = completion_window(period.end, store.settings.period_rules())
    stems = NameBatch(u.name for u in units)  # short names, unique in the batch
    for done, unit in enumerate(units):
        if progress is not None:
            progress.step(done, len(units), f"Phiếu giao nhiệm vụ – {unit.name}")
        rows = store.tracking.rows_in_period(plan_id, period, unit.id)
        if not rows:
            continue
        base = stems.stem(f"Phiếu giao nhiệm vụ – {unit.name} – {period.name}", unit.name)
        path = out_dir / safe_filename(base, "xlsx")
        meta = {
            "template": TEMPLATE_VERSION, "office_uid": uid, "office": office.name if office else "",
            "unit_id": unit.id, "unit": unit.name, "plan_id": plan_id, "period": period.code,
            "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
            "exported_at": datetime.now().isoformat(timespec="seconds"), "indicators": [c for c, _, _ in indicators],
            "rows": [{"occurrence": r.id, "task_id": r.task_id, "due": r.due.isoformat() if r.due else None,
                      "text": _text_hash(r.task_content),
                      "sent": _result_state(r.status, r.completed_on, r.description, r.reason, r.values)} for r in rows],
        }  # fmt: skip
        meta["sig"] = _signature(key, meta)
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
) -> None:
    wb = Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    lines = [
        f"PHIẾU GIAO NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH — {unit_name}",
        f"Kỳ: {period.name} ({fmt_date(period.start)} – {fmt_date(period.end)}). Cơ quan gửi: {office}.",
        "",
        "Cách điền (sheet “Kết quả”):",
        "1. Chỉ điền các ô nền vàng: Trạng thái (chọn trong danh sách), Ngày hoàn thành (dd/mm/yyyy,",
        "   trong kỳ; bắt buộc khi đã hoàn thành), Kết quả thực hiện, Lý do nếu không thực hiện,",
        "   và các số liệu (số không âm).",
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
    text = json.dumps(meta, ensure_ascii=False)
    for i in range(0, max(1, len(text)), META_CHUNK):  # at most 32 767 characters a cell in Excel
        cell = m.cell(row=i // META_CHUNK + 1, column=1)
        cell.value = text[i : i + META_CHUNK]
        cell.data_type = "s"
    m.sheet_state = "veryHidden"
    wb.active = 1
    wb.save(tmp)


def _write_pdf(path: Path, rows, unit_name: str, period: Period, store, indicators, tasks) -> Path:
    from cchc_desktop.reports.document_pdf import (
        Annex,
        Block,
        DocumentHeader,
        OfficialDocument,
        Signature,
        build_pdf,
    )

    office = store.org.office()
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


def _open_workbook(path: Path):
    """The workbook fully loaded (for the catalogue and roll-up readers), after the file checks."""
    return open_checked(path, MAX_BYTES, MAX_UNZIPPED, read_only=False)


UNEXPECTED = ("không kiểm tra được vì gặp lỗi không lường trước trong chương trình; không ghi gì. "
              "Hãy gửi tệp này cho người hỗ trợ.")  # fmt: skip


def preview_results(store, path: Path) -> FilePreview:
    """Check a returned workbook and say, row by row, what applying it would do.

    Never raises: whatever is wrong with the file (or, should it ever happen, with the
    program) becomes ``error``, a Vietnamese sentence naming the file, and no rows.
    """
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
    except Exception:  # one file must never stop the checking of the others, nor show a traceback
        log.exception("Kiểm tra phiếu %s", path)
        preview.error = f"Tệp “{path.name}”: {UNEXPECTED}"
        preview.rows = []
    return preview


def completion_window(period_end: date, rules: tuple[PeriodRule, ...]) -> tuple[date, date]:
    """Completion dates a returned workbook may carry for a period's rows.

    Not only the period itself: work due in the period is often done earlier (a Q3 article
    written in June), and the office's own earlier entry must come back unchanged.  From the
    start of the plan's reporting year (its first quarter under the office's ``rules``, and
    never later than 1 December before it: a little slack for work done just before) to the
    period's end; later dates would report the future at the cut-off.  A date the office
    itself recorded (now or when the sheet was sent) is always taken back as it is.
    """
    year_start = reporting_quarters(period_end.year, rules)[0].start
    return min(year_start, date(period_end.year - 1, 12, 1)), period_end


def _window_text(first: date, last: date) -> str:
    return f"ngày hoàn thành phải từ {fmt_date(first)} đến hết kỳ ({fmt_date(last)})."


def _read(path: Path, wb, title: str) -> SheetData:
    try:
        return read_sheet(wb, title)
    except Exception as exc:  # a damaged sheet: what a full load would have refused
        raise broken(path, exc) from exc


# -- the identification sheet -------------------------------------------------------------------
_META_KEYS = frozenset({"template", "office_uid", "office", "unit_id", "unit", "plan_id", "period",
                        "period_start", "period_end", "exported_at", "indicators", "rows", "sig"})  # fmt: skip
_ROW_KEYS = frozenset({"occurrence", "task_id", "due", "text", "sent"})
_STATE_KEYS = frozenset({"status", "completed_on", "description", "reason", "values"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
MAX_ROWS = 20_000
MAX_INDICATORS = 500


@dataclass(frozen=True)
class _SentRow:
    occurrence: int
    task_id: int
    due: date | None
    text: str  # hash of the task text as sent
    sent: dict[str, Any]  # the result as it was when the sheet was sent


@dataclass(frozen=True)
class _Meta:
    raw: dict[str, Any]
    unit_id: int
    plan_id: int
    period: str
    period_end: date
    indicators: list[str]
    rows: list[_SentRow]


def _plain(text: Any, limit: int = 80) -> str:
    """A text from the file, fit to be quoted in a message (no lone surrogates, not too long)."""
    text = text if isinstance(text, str) else "?"
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_id(value: Any) -> bool:
    return type(value) is int and 0 < value <= MAX_ID


def _iso(value: Any) -> date:
    """A ``yyyy-mm-dd`` date; ``ValueError`` for anything else."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(value)
    return date.fromisoformat(value)


def _is_state(state: Any) -> bool:
    """A result as the office sent it: flat, with the fields ``_result_state`` writes."""
    if not isinstance(state, dict) or set(state) != _STATE_KEYS:
        return False
    if state["status"] is not None and state["status"] not in RESULT_STATUSES:
        return False
    if state["completed_on"] is not None:
        try:
            _iso(state["completed_on"])
        except ValueError:
            return False
    values = state["values"]
    return (isinstance(state["description"], str) and isinstance(state["reason"], str)
            and isinstance(values, dict) and all(isinstance(k, str) and (v is None or isinstance(v, int | float | str))
                                                 for k, v in values.items()))  # fmt: skip


def _meta_text(path: Path, sheet: SheetData) -> str:
    parts, size, row = [], 0, 1
    while isinstance(value := sheet.value(row, 1), str) and value:
        parts.append(value)
        size += len(value)
        if size > MAX_META:
            raise _fail(path, META, None, None, f"{DAMAGED_META} (quá lớn).")
        row += 1
    return "".join(parts)


def _parse_meta(store, path: Path, sheet: SheetData) -> _Meta:
    """The identification sheet, every field checked for its type and form (not yet its
    signature: see :func:`_check`).  Anything else is refused with a Vietnamese message."""

    def damaged(what: str = "") -> ImportRejected:
        return _fail(path, META, None, None, f"{DAMAGED_META}{f' ({what})' if what else ''}.")

    try:
        meta = json.loads(_meta_text(path, sheet))
    except (ValueError, RecursionError):
        raise damaged() from None
    if not isinstance(meta, dict):
        raise damaged()
    template = meta.get("template")
    if not isinstance(template, str):
        raise damaged("thiếu mẫu phiếu")
    if template in OLD_TEMPLATES:
        raise _fail(path, META, None, None, f"phiếu theo mẫu cũ “{template}”, chưa được ký: {NOT_SENT_HERE[:-1]}; "
                                            "hãy xuất lại phiếu cho đơn vị.")  # fmt: skip
    if template != TEMPLATE_VERSION:
        raise _fail(path, META, None, None, f"mẫu phiếu “{_plain(template)}” không được hỗ trợ.")
    if meta.get("office_uid") != store.settings.setting("office_uid"):
        office = _plain(meta.get("office"))
        raise _fail(
            path,
            META,
            None,
            None,
            f"phiếu này do cơ quan khác gửi ({office}), không phải cơ quan này.",
        )
    if not set(meta) <= _META_KEYS:
        raise damaged("có mục lạ")
    if not (_is_id(meta.get("unit_id")) and _is_id(meta.get("plan_id"))):
        raise damaged("mã đơn vị hoặc mã kế hoạch không hợp lệ")
    if not all(
        isinstance(meta.get(k, ""), str) for k in ("office", "unit", "period", "exported_at", "sig")
    ):
        raise damaged()
    try:
        _iso(meta.get("period_start"))
        period_end = _iso(meta.get("period_end"))
    except ValueError:
        raise damaged("thiếu ngày đầu, cuối kỳ hoặc ngày không đúng dạng năm-tháng-ngày") from None
    if not 1901 <= period_end.year <= 9998:
        raise damaged("ngày cuối kỳ không hợp lệ")
    codes = meta.get("indicators")
    if (not isinstance(codes, list) or len(codes) > MAX_INDICATORS or not all(isinstance(c, str) for c in codes)
            or len(set(codes)) != len(codes)):  # fmt: skip
        raise damaged("danh sách chỉ tiêu")
    rows = meta.get("rows")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise damaged("danh sách dòng")
    sent_rows = []
    for row in rows:
        if not isinstance(row, dict) or set(row) != _ROW_KEYS or not _is_id(row["occurrence"]) \
                or not _is_id(row["task_id"]) or not isinstance(row["text"], str) or not _is_state(row["sent"]):  # fmt: skip
            raise damaged("dòng")
        try:
            due = None if row["due"] is None else _iso(row["due"])
        except ValueError:
            raise damaged("hạn của dòng") from None
        sent_rows.append(_SentRow(row["occurrence"], row["task_id"], due, row["text"], row["sent"]))
    if len({r.occurrence for r in sent_rows}) != len(sent_rows):
        raise damaged("dòng lặp lại")
    return _Meta(
        meta, meta["unit_id"], meta["plan_id"], meta.get("period", ""), period_end, codes, sent_rows
    )


def _signed_by_us(store, meta: _Meta) -> bool:
    key = store.settings.office_secret()
    sig = meta.raw.get("sig")
    if key is None or not isinstance(sig, str) or not _HEX64.fullmatch(sig):
        return False
    return hmac.compare_digest(_signature(key, meta.raw).encode(), sig.encode())


# -- the rows -------------------------------------------------------------------------------------
def _due_text(value: Any) -> str | None:
    """The “Hạn” cell as the program writes it (``dd/mm/yyyy``); ``None`` if not a date text."""
    if isinstance(value, datetime):
        return fmt_date(value.date())
    if isinstance(value, date):
        return fmt_date(value)
    if value is None:
        return ""
    if isinstance(value, str):
        parsed = parse_date(value)
        return fmt_date(parsed) if parsed else value.strip()
    return None


def _match_rows(path: Path, ws: SheetData, sent_rows: list[_SentRow]) -> list[int]:
    """Which sent row each row of the sheet is, by its task text and due date together.

    Rows a unit sorted are found where they went; a row whose text or due date matches no
    row sent, or one sent row shown twice, is refused.  Rows that cannot be told apart
    (same task text, same due date) keep their order.
    """
    by_key: dict[tuple[str, str], list[int]] = {}
    texts = set()
    for i, sent in enumerate(sent_rows):
        by_key.setdefault((sent.text, fmt_date(sent.due)), []).append(i)
        texts.add(sent.text)
    used = [False] * len(sent_rows)
    order = []
    for pos in range(len(sent_rows)):
        row = HEAD_ROW + 1 + pos
        content, due_cell = ws.value(row, 2), ws.value(row, 4)
        content = content if isinstance(content, str) else ("" if content is None else str(content))
        text, due = _text_hash(content), _due_text(due_cell)
        if not _shown_text(content) or text not in texts:
            raise _fail(
                path,
                SHEET,
                row,
                "Nhiệm vụ",
                "nội dung nhiệm vụ đã bị sửa hoặc dòng bị xóa/di chuyển.",
            )
        candidates = by_key.get((text, due), []) if due is not None else []
        free = [i for i in candidates if not used[i]]
        if not free:
            if candidates:
                raise _fail(
                    path,
                    SHEET,
                    row,
                    "Hạn",
                    "dòng này lặp lại một dòng đã có (cùng nhiệm vụ, cùng hạn).",
                )
            shown_due = _plain(due if due is not None else str(due_cell), 40)
            raise _fail(path, SHEET, row, "Hạn", f"hạn “{shown_due}” không khớp với phiếu đã gửi "
                                                 "(đã bị sửa hoặc dòng bị di chuyển).")  # fmt: skip
        index = pos if pos in free else free[0]
        used[index] = True
        order.append(index)
    return order


def _date_matches(raw: Any, iso: str | None) -> bool:
    """Whether the cell shows the date ``iso`` as the program wrote it (or as Excel keeps it)."""
    if iso is None:
        return raw is None or (isinstance(raw, str) and not raw.strip())
    d = date.fromisoformat(iso)
    if isinstance(raw, datetime):
        return raw.date() == d and raw.time() == datetime.min.time()
    if isinstance(raw, date):
        return raw == d
    return isinstance(raw, str) and (raw.strip() == fmt_date(d) or parse_date(raw) == d)


def _value_matches(raw: Any, value: Any) -> bool:
    """Whether the cell shows ``value`` as written: a workbook keeps 15–16 significant digits
    (openpyxl writes ``%.16g``, Excel shows 15), so a float is compared to that precision, as
    a relative difference: comparing the 15-digit texts fails where the 16-digit copy rounds
    the other way (137438953472.60745 comes back as …6075, "…607" against "…608")."""
    if value is None:
        return raw is None or (isinstance(raw, str) and not raw.strip())
    if isinstance(raw, bool) or isinstance(value, bool):
        return False
    if isinstance(value, str) or isinstance(raw, str):
        return raw == value
    if not isinstance(raw, int | float) or not isinstance(value, int | float):
        return False
    if raw == value:
        return True
    if isinstance(raw, float) or isinstance(value, float):
        try:
            return (
                math.isfinite(raw)
                and math.isfinite(value)
                and math.isclose(raw, value, rel_tol=1e-14, abs_tol=0.0)
            )
        except OverflowError:
            return False
    return False


def _cell_text(ws: SheetData, cell: dict[str, Any]) -> str | None:
    """A text cell's content; ``None`` for an Excel error (``#REF!``…) or TRUE/FALSE."""
    value = cell["value"]
    if cell["data_type"] in ("e", "b") or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime):
        return fmt_date(value.date()) if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return fmt_date(value)
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _pick_text(raw: str, ws: SheetData, cell: dict[str, Any], known: list[Any], line: bool) -> str:
    """The office's own text when the cell shows it unchanged, else the cell read as Unicode
    (legacy TCVN3/VNI text converted by its font)."""
    form = (lambda t: clean_line(_shown_text(t))) if line else _shown_text
    for text in known:
        if isinstance(text, str) and form(raw) == form(text):
            return text
    text = to_unicode(raw, ws.font_name(cell)) if raw else ""
    return clean_line(text) if line else text.strip()


def _row_change(path: Path, ws: SheetData, row: int, cells: list[dict[str, Any]], expected: list[str],
                codes: list[str], sent: _SentRow, occ: OfficeRow, window: tuple[date, date], bounds) -> RowChange:  # fmt: skip
    """What applying this row would do.  A field that shows what the office has now, or had
    when it sent the sheet, is taken as it is; anything else is read and checked.  A row that
    changes nothing is never refused."""
    now = _result_state(occ.status, occ.completed_on, occ.description, occ.reason, occ.values)
    was = sent.sent

    def fail(column: int, message: str) -> ImportRejected:
        return _fail(path, SHEET, row, expected[column], message)

    raw = cells[5]["value"]
    status_text = nfc(raw).strip() if isinstance(raw, str) else ("" if raw is None else None)
    if status_text is None or (status_text and status_text not in STATUS_BY_NAME):
        shown_status = status_text if status_text is not None else shown(raw)
        raise fail(
            5,
            f"“{_plain(shown_status, 40)}” không có trong danh sách ({', '.join(STATUS_BY_NAME)}).",
        )
    status = STATUS_BY_NAME.get(status_text)

    raw = cells[6]["value"]
    known_dates = [now["completed_on"], was["completed_on"]]
    for iso in known_dates:
        if _date_matches(raw, iso):
            completed = date.fromisoformat(iso) if iso else None
            break
    else:
        if isinstance(raw, datetime):
            completed = raw.date()
        elif isinstance(raw, date):
            completed = raw
        elif raw is None or (isinstance(raw, str) and not raw.strip()):
            completed = None
        else:
            completed = parse_date(raw) if isinstance(raw, str) else None
            if completed is None:
                raise fail(6, f"“{_plain(shown(raw), 40)}” không phải ngày dạng dd/mm/yyyy.")
        first, last_day = window
        if (
            completed is not None
            and completed.isoformat() not in known_dates
            and not first <= completed <= last_day
        ):
            raise fail(
                6, f"{fmt_date(completed)} nằm ngoài kỳ báo cáo: {_window_text(first, last_day)}"
            )

    texts = []
    for column, key, line in ((7, "description", False), (8, "reason", True)):
        raw = _cell_text(ws, cells[column])
        if raw is None:
            raise fail(column, f"ô chứa “{_plain(shown(cells[column]['value']), 40)}” (lỗi của Excel hoặc giá trị "
                               "đúng/sai), không phải nội dung; hãy nhập chữ.")  # fmt: skip
        texts.append(_pick_text(raw, ws, cells[column], [now[key], was[key]], line))
    description, reason = texts

    values = {
        code: v for code, v in occ.values.items() if code not in codes
    }  # columns not in this sheet
    for k, code in enumerate(codes):
        column = len(FIXED) + k
        raw, data_type = cells[column]["value"], cells[column]["data_type"]
        for known in (now["values"].get(code), was["values"].get(code)):
            if known is not None and _value_matches(raw, known):
                values[code] = known
                break
        else:
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                if data_type == "e":
                    raise ValueRefused(
                        f"“{_plain(shown(raw), 40)}” là lỗi của Excel, không phải số."
                    )
                values[code] = check_value(raw, bounds.get(code, FALLBACK_BOUND))
            except ValueRefused as exc:
                raise fail(column, str(exc)) from None
    status = entered_status(status, completed, description, reason, values)  # core.result_entry
    new = _result_state(status, completed, description, reason, values)
    if new in (now, was):
        kind = "unchanged"  # the unit did not touch it: what the office has now stands
    else:
        refused = missing_reason(status, reason)  # core.result_entry
        if refused:
            raise fail(8, refused[0].lower() + refused[1:])
        refused = missing_completion_date(status, completed)  # core.result_entry
        if refused:
            raise fail(6, refused[0].lower() + refused[1:])
        for code, value in new["values"].items():  # everything written passes the rule
            try:
                new["values"][code] = check_value(value, bounds.get(code, FALLBACK_BOUND))
            except ValueRefused as exc:
                column = len(FIXED) + codes.index(code) if code in codes else None
                where = expected[column] if column is not None else code
                raise _fail(path, SHEET, row, where, str(exc)) from None
        if now != was:
            kind = "conflict"  # the office changed it too since the workbook was sent
        elif now["status"] is None:
            kind = "new"
        else:
            kind = "changed"
    return RowChange(row, occ.id, f"{occ.task_number}. {occ.task_content}", kind, now, new, now)


def _check(store, path: Path, wb, preview: FilePreview) -> None:
    if META not in wb.sheetnames or SHEET not in wb.sheetnames:
        raise ImportRejected(
            f"Tệp “{path.name}” không phải phiếu giao nhiệm vụ do chương trình xuất (thiếu sheet “{SHEET}”)."
        )
    meta = _parse_meta(store, path, _read(path, wb, META))
    ws = _read(path, wb, SHEET)
    units = {u.id: u for u in store.org.units()}
    if meta.unit_id not in units:
        raise _fail(path, META, None, None, "đơn vị nhận phiếu không còn trong danh sách đơn vị.")
    codes = meta.indicators
    terms = {t.code: t for t in store.settings.terms("indicators")}
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
    last = HEAD_ROW + len(meta.rows)
    extra = [r for (r, c), cell in ws.cells.items()
             if r > last and c <= width and cell["value"] not in (None, "")]  # fmt: skip
    if extra:
        raise _fail(
            path, SHEET, min(extra), None, "có dòng được thêm vào ngoài danh sách nhiệm vụ đã giao."
        )
    # every row must belong to an assignment of the unit the sheet was sent to…
    allowed = store.imports.office_rows(
        meta.plan_id, meta.unit_id, [r.occurrence for r in meta.rows]
    )
    for i, sent in enumerate(meta.rows):
        occ = allowed.get(sent.occurrence)
        if occ is None or occ.task_id != sent.task_id:
            raise _fail(path, SHEET, HEAD_ROW + 1 + i, None,
                        "dòng này không thuộc nhiệm vụ được giao cho đơn vị (mã dòng lạ).")  # fmt: skip
    # …and the office itself must have sent exactly this identification
    if not _signed_by_us(store, meta):
        raise _fail(path, META, None, None, NOT_SENT_HERE)
    preview.unit, preview.period = units[meta.unit_id].name, _plain(meta.period)
    window = completion_window(meta.period_end, store.settings.period_rules())
    bounds, _ = result_bounds(terms.values(), store.settings.setting(BOUNDS_SETTING))
    for pos, index in enumerate(_match_rows(path, ws, meta.rows)):
        row = HEAD_ROW + 1 + pos
        cells = [ws.get(row, c) for c in range(1, width + 1)]
        for c, cell in enumerate(cells):
            value, data_type = cell["value"], cell["data_type"]
            if data_type == "f" or (isinstance(value, str) and value.startswith("=") and c >= EDITABLE_FROM - 1
                                    and data_type != "s"):  # fmt: skip
                raise _fail(path, SHEET, row, expected[c], "ô chứa công thức; chỉ nhập giá trị.")
        sent = meta.rows[index]
        preview.rows.append(_row_change(path, ws, row, cells, expected, codes, sent, allowed[sent.occurrence],
                                        window, bounds))  # fmt: skip


def rows_to_apply(
    previews: list[FilePreview], take_workbook_on_conflict: bool = False
) -> list[tuple[FilePreview, RowChange]]:
    """The rows applying ``previews`` would write: new and changed ones, and conflicts when
    the workbook's value is to win."""
    return [(p, r) for p in previews for r in p.rows
            if r.kind in ("new", "changed") or (r.kind == "conflict" and take_workbook_on_conflict)]  # fmt: skip


def apply_results(
    store, previews: list[FilePreview], take_workbook_on_conflict: bool = False,
    backed_up: bool = False,
) -> int:  # fmt: skip
    """Write every new and changed row of every file in one transaction; return rows written.

    Any rejected file stops everything before a single row is written.  A verified backup is
    made first unless the caller made one (``backed_up``: the window makes it off the GUI
    thread, then writes here).
    """
    bad = [p for p in previews if p.error]
    if bad:
        raise ImportRejected(bad[0].error)
    todo = rows_to_apply(previews, take_workbook_on_conflict)
    if not todo:
        return 0
    names = ", ".join(p.path.name for p in previews)
    if (
        store.path is not None and not backed_up
    ):  # a verified copy first: an import can always be taken back
        from cchc_desktop.store.backup import backup_now

        backup_now(store.path, store.path.parent, "nhap")
    with store.action(f"Nhập kết quả từ {names[:120]}"):
        before = {str(r.occurrence_id): (r.office_now if r.office_now and r.office_now.get("status") else None)
                  for _p, r in todo}  # fmt: skip
        store.imports.record([p.path.name for p in previews], len(todo), before)
        for _p, r in todo:
            n = r.new
            store.results.set_result(r.occurrence_id, n["status"], date.fromisoformat(n["completed_on"]) if n["completed_on"] else None,
                             reason=n["reason"], description=n["description"], values=n["values"])  # fmt: skip
    return len(todo)
