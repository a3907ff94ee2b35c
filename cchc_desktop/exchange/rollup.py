"""Rolling results up: an upper office combines the Excel reports of several offices.

Each report exported by the program carries a flat “Dữ liệu” sheet (one row per task × unit ×
occurrence).  The upper office (a province's Sở Nội vụ, or a district collecting from its
communes) reads those sheets, checks them, and gets one combined summary workbook.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS
from cchc_desktop.core.text import nfc
from cchc_desktop.exchange.unit_sheets import ImportRejected, _open_workbook
from cchc_desktop.reports.safe import atomic_write, set_text

DATA_SHEET = "Dữ liệu"
REQUIRED = [
    "Năm",
    "Kỳ",
    "STT nhiệm vụ",
    "Nhiệm vụ",
    "Đơn vị",
    "Vai trò",
    "Hạn",
    "Tình trạng",
    "Ngày hoàn thành",
    "Kết quả",
]
NAME_TO_BUCKET = {v: k for k, v in BUCKET_NAMES.items()}


@dataclass
class OfficeReport:
    path: Path
    office: str
    period: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = dict.fromkeys(BUCKETS, 0)
        for r in self.rows:
            c[NAME_TO_BUCKET[r["Tình trạng"]]] += 1
        return c


def read_report(path: Path) -> OfficeReport:
    """One office's exported report, checked; a clear Vietnamese error names what is wrong."""
    path = Path(path)
    wb = _open_workbook(path)
    if DATA_SHEET not in wb.sheetnames:
        raise ImportRejected(
            f"Tệp “{path.name}” không có sheet “{DATA_SHEET}” của báo cáo do chương trình xuất."
        )
    ws = wb[DATA_SHEET]
    header = [nfc(str(c.value or "")) for c in ws[1]]
    if header[: len(REQUIRED)] != REQUIRED:
        raise ImportRejected(
            f"tệp “{path.name}”, sheet “{DATA_SHEET}”, dòng 1: các cột không đúng mẫu ({', '.join(REQUIRED)})."
        )
    indicators = [h for h in header[len(REQUIRED) :] if h]
    office = ""
    if "Báo cáo" in wb.sheetnames:
        office = nfc(str(wb["Báo cáo"]["A2"].value or "")).strip()
    report = OfficeReport(path, office or path.stem, "", indicators=indicators)
    for i, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(v in (None, "") for v in row):
            continue
        rec = dict(zip(header, row, strict=False))
        status = nfc(str(rec.get("Tình trạng") or ""))
        if status not in NAME_TO_BUCKET:
            raise ImportRejected(
                f"tệp “{path.name}”, sheet “{DATA_SHEET}”, dòng {i}, cột “Tình trạng”: “{status}” không hợp lệ."
            )
        for name in indicators:
            v = rec.get(name)
            if v not in (None, "") and (
                isinstance(v, bool) or not isinstance(v, int | float) or v < 0
            ):
                raise ImportRejected(
                    f"tệp “{path.name}”, sheet “{DATA_SHEET}”, dòng {i}, cột “{name}”: “{v}” không phải số không âm."
                )
        rec["Tình trạng"] = status
        report.rows.append(rec)
        report.period = report.period or str(rec.get("Kỳ") or "")
    return report


def rollup(paths: list[Path], out: Path) -> dict[str, Any]:
    """Read every report (all must be valid: nothing is written otherwise) and write the summary."""
    reports = [read_report(p) for p in paths]
    indicators = list(OrderedDict.fromkeys(name for r in reports for name in r.indicators))
    summary = []
    for r in reports:
        counts = r.counts()
        done = counts["done_on_time"] + counts["done_late"]
        totals = {name: sum(rec.get(name) or 0 for rec in r.rows if NAME_TO_BUCKET[rec["Tình trạng"]] in ("done_on_time", "done_late"))
                  for name in indicators}  # fmt: skip
        summary.append({"office": r.office, "period": r.period, "rows": len(r.rows), **counts,
                        "rate": done / len(r.rows) if r.rows else None, "totals": totals})  # fmt: skip

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Tổng hợp"
        head = [
            "Cơ quan",
            "Kỳ",
            "Số lượt nhiệm vụ",
            *(BUCKET_NAMES[b] for b in BUCKETS),
            "Tỷ lệ hoàn thành",
            *indicators,
        ]
        for c, h in enumerate(head, 1):
            set_text(ws.cell(row=1, column=c), h)
            ws.cell(row=1, column=c).font = Font(name="Times New Roman", bold=True)
            ws.cell(row=1, column=c).alignment = Alignment(
                wrap_text=True, horizontal="center", vertical="center"
            )
            ws.column_dimensions[get_column_letter(c)].width = 34 if c == 1 else 14
        for i, s in enumerate(summary, 2):
            values = [
                s["office"],
                s["period"],
                s["rows"],
                *(s[b] for b in BUCKETS),
                s["rate"],
                *(s["totals"][n] for n in indicators),
            ]
            for c, v in enumerate(values, 1):
                cell = ws.cell(row=i, column=c)
                if isinstance(v, str):
                    set_text(cell, v)
                else:
                    cell.value = v
                    if c == 4 + len(BUCKETS):
                        cell.number_format = "0.0%"
                    elif isinstance(v, int | float):
                        cell.number_format = "#,##0"
                cell.font = Font(name="Times New Roman")
        total_row = len(summary) + 2
        set_text(ws.cell(row=total_row, column=1), "Tổng cộng")
        ws.cell(row=total_row, column=1).font = Font(name="Times New Roman", bold=True)
        all_rows = sum(s["rows"] for s in summary)
        sums = [all_rows, *(sum(s[b] for s in summary) for b in BUCKETS)]
        for c, v in enumerate(sums, 3):
            ws.cell(row=total_row, column=c).value = v
        done = sum(s["done_on_time"] + s["done_late"] for s in summary)
        ws.cell(row=total_row, column=4 + len(BUCKETS)).value = (
            done / all_rows if all_rows else None
        )
        ws.cell(row=total_row, column=4 + len(BUCKETS)).number_format = "0.0%"
        for k, n in enumerate(indicators):
            ws.cell(row=total_row, column=5 + len(BUCKETS) + k).value = sum(
                s["totals"][n] for s in summary
            )
        ws.freeze_panes = "B2"
        data = wb.create_sheet(DATA_SHEET)
        cols = ["Cơ quan", *REQUIRED, *indicators]
        for c, h in enumerate(cols, 1):
            set_text(data.cell(row=1, column=c), h)
            data.cell(row=1, column=c).font = Font(name="Times New Roman", bold=True)
        r_i = 2
        for r in reports:
            for rec in r.rows:
                for c, h in enumerate(cols, 1):
                    v = r.office if h == "Cơ quan" else rec.get(h)
                    cell = data.cell(row=r_i, column=c)
                    if isinstance(v, str):
                        set_text(cell, v)
                    elif v is not None:
                        cell.value = v
                        if hasattr(v, "year"):
                            cell.number_format = "DD/MM/YYYY"
                r_i += 1
        data.freeze_panes = "A2"
        data.auto_filter.ref = data.dimensions
        wb.save(tmp)

    atomic_write(Path(out), write)
    return {"offices": len(reports), "rows": sum(s["rows"] for s in summary), "out": str(out),
            "summary": [{k: v for k, v in s.items() if k != "totals"} | {"totals": s["totals"]} for s in summary]}  # fmt: skip
