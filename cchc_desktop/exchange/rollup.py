"""Rolling results up: an upper office combines the Excel reports of several offices.

Each report exported by the program carries a flat “Dữ liệu” sheet (one row per task × unit ×
occurrence).  The upper office (a province's Sở Nội vụ, or a district collecting from its
communes) reads those sheets, checks them, and gets one combined summary workbook.

The rules of a roll-up:

- columns are read by name, in any order; the current layout is :data:`COLUMNS` followed by one
  column per indicator, older exports lack “Cơ quan”, “Chuyển từ kỳ trước” and “Tính đến ngày”
  (the office then comes from the “Báo cáo” sheet's A2, else the file name);
- every file is one office's report of one period, and all files are of the same period
  (plan year and period code): periods never mix;
- one office counts once: a second report of the same office is refused, or, when asked, the
  later file in the list replaces the earlier (:func:`find_duplicates` lets a screen ask first);
- shares and quantities follow the office's own report (core.report_rules): a row counts when
  its “Tính vào tổng” is marked (a lead unit's row, or any unit's where the task has no lead;
  older files: the lead units' rows); quantities add the counted rows' figures known at the
  data date (“Ngày hoàn thành” not after “Tính đến ngày”), whatever their status;
  coordinating units' figures stay on their own rows.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS
from cchc_desktop.core.text import nfc
from cchc_desktop.exchange.unit_sheets import ImportRejected, _open_workbook
from cchc_desktop.reports.safe import atomic_write, set_text

DATA_SHEET = "Dữ liệu"
# The columns every export has had (the older layout, in its order).
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
# The current layout, in its order; every other named column is an indicator.
COLUMNS = [
    "Cơ quan",
    *REQUIRED,
    "Chuyển từ kỳ trước",
    "Tính đến ngày",
    "Tính vào tổng",
]
LEAD, COORDINATING = "Chủ trì", "Phối hợp"
LEAD_FIGURES = "Số liệu của đơn vị chủ trì"
NAME_TO_BUCKET = {v: k for k, v in BUCKET_NAMES.items()}
ON_DUPLICATE = ("refuse", "replace")


def _key(text: Any) -> str:
    """A name as compared: NFC, spaces collapsed, case ignored."""
    return " ".join(nfc(str(text or "")).split()).casefold()


_COLUMN_KEYS = {_key(c): c for c in COLUMNS}
_ROLE_KEYS = {_key(r): r for r in (LEAD, COORDINATING)}


def period_name(year: int | None, code: str) -> str:
    """``(2023, "2023-9M")`` → “9 tháng năm 2023”; the plan year is added when it differs."""
    try:
        p = parse_period_code(code)
    except ValueError:
        name = "kỳ tùy chọn" if code.casefold() == "custom" else f"kỳ “{code}”"
        return f"{name} (kế hoạch năm {year})" if year is not None else name
    if year is not None and year != p.end.year:
        return f"{p.name} (kế hoạch năm {year})"
    return p.name


@dataclass
class OfficeReport:
    path: Path
    office: str
    period: str  # the period code (“2023-9M”, “custom”…); empty when the sheet has no rows
    rows: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    year: int | None = None  # the plan year (“Năm”)

    @property
    def period_key(self) -> tuple[int | None, str] | None:
        """(plan year, period code): reports roll up together only when these are equal."""
        return (self.year, self.period) if self.period else None

    @property
    def period_name(self) -> str:
        return period_name(self.year, self.period) if self.period else "không có dòng số liệu"

    @property
    def office_key(self) -> str:
        return _key(self.office)

    @property
    def counted_rows(self) -> list[dict[str, Any]]:
        """The shares the office's report counts (see the module's rules)."""
        marked = [r for r in self.rows if "Tính vào tổng" in r]
        if marked:
            return [r for r in self.rows if str(r.get("Tính vào tổng") or "").strip()]
        return [r for r in self.rows if r["Vai trò"] == LEAD]

    def counts(self) -> dict[str, int]:
        """Shares by status, as the report's Phụ lục II counts them."""
        c = dict.fromkeys(BUCKETS, 0)
        for r in self.counted_rows:
            c[NAME_TO_BUCKET[r["Tình trạng"]]] += 1
        return c

    def lead_totals(self, indicators: list[str] | None = None) -> dict[str, int | float]:
        """Each indicator summed over the counted rows known at the data date (every status),
        as the report does."""
        names = self.indicators if indicators is None else indicators
        known = [r for r in self.counted_rows if _known_at_data_date(r)]
        return {n: sum(r.get(n) or 0 for r in known) for n in names}


def _known_at_data_date(rec: dict[str, Any]) -> bool:
    done, at = _day(rec.get("Ngày hoàn thành")), _day(rec.get("Tính đến ngày"))
    return done is None or at is None or done <= at


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _where(path: Path, row: int, column: str | None = None) -> str:
    col = f", cột “{column}”" if column else ""
    return f"tệp “{path.name}”, sheet “{DATA_SHEET}”, dòng {row}{col}"


def _year(path: Path, i: int, value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise ImportRejected(f"{_where(path, i, 'Năm')}: “{value or ''}” không phải năm.")
    return value


def _code(path: Path, i: int, value: Any) -> str:
    code = nfc(str(value if value is not None else "")).strip()
    if not code:
        raise ImportRejected(f"{_where(path, i, 'Kỳ')}: thiếu mã kỳ báo cáo (ví dụ 2023-9M).")
    m = re.fullmatch(r"(\d{4})-(\w+)", code)
    return f"{m.group(1)}-{m.group(2).upper()}" if m else code.casefold()


def _header(path: Path, cells: tuple[Any, ...]) -> tuple[dict[str, int], list[str]]:
    """Column name → index, and the indicator names in sheet order."""
    where = f"tệp “{path.name}”, sheet “{DATA_SHEET}”, dòng 1"
    index: dict[str, int] = {}
    indicators = []
    for i, c in enumerate(cells):
        text = " ".join(nfc(str(c.value if c.value is not None else "")).split())
        if not text:
            continue
        name = _COLUMN_KEYS.get(text.casefold(), text)
        if name in index:
            raise ImportRejected(f"{where}: cột “{name}” có hai lần.")
        index[name] = i
        if name not in COLUMNS:
            indicators.append(name)
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ImportRejected(
            f"{where}: thiếu cột {', '.join(f'“{c}”' for c in missing)}; "
            f"sheet phải có các cột {', '.join(REQUIRED)} (của báo cáo do chương trình xuất)."
        )
    return index, indicators


def read_report(path: Path) -> OfficeReport:
    """One office's exported report of one period, checked; a clear Vietnamese error names
    the file, row and column of what is wrong."""
    path = Path(path)
    wb = _open_workbook(path)
    if DATA_SHEET not in wb.sheetnames:
        raise ImportRejected(
            f"Tệp “{path.name}” không có sheet “{DATA_SHEET}” của báo cáo do chương trình xuất."
        )
    ws = wb[DATA_SHEET]
    index, indicators = _header(path, ws[1])
    offices: OrderedDict[str, str] = OrderedDict()  # key → name as first written
    periods: OrderedDict[tuple[int, str], int] = OrderedDict()  # (year, code) → first row
    rows = []
    for i, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rec = {name: values[j] if j < len(values) else None for name, j in index.items()}
        status = nfc(str(rec.get("Tình trạng") or "")).strip()
        if status not in NAME_TO_BUCKET:
            raise ImportRejected(f"{_where(path, i, 'Tình trạng')}: “{status}” không hợp lệ.")
        role = _ROLE_KEYS.get(_key(rec.get("Vai trò")))
        if role is None:
            raise ImportRejected(
                f"{_where(path, i, 'Vai trò')}: “{rec.get('Vai trò') or ''}” không hợp lệ "
                f"(phải là “{LEAD}” hoặc “{COORDINATING}”)."
            )
        for name in indicators:
            v = rec.get(name)
            if v not in (None, "") and (
                isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v < float("inf")
            ):
                raise ImportRejected(f"{_where(path, i, name)}: “{v}” không phải số không âm.")
        year, code = _year(path, i, rec.get("Năm")), _code(path, i, rec.get("Kỳ"))
        periods.setdefault((year, code), i)
        office = " ".join(nfc(str(rec.get("Cơ quan") or "")).split())
        if office:
            offices.setdefault(_key(office), office)
        carried = nfc(str(rec.get("Chuyển từ kỳ trước") or "")).strip()
        rec.update({"Tình trạng": status, "Vai trò": role, "Năm": year, "Kỳ": code,
                    "Chuyển từ kỳ trước": "x" if carried else ""})  # fmt: skip
        if "Tính vào tổng" in index:
            rec["Tính vào tổng"] = "x" if nfc(str(rec.get("Tính vào tổng") or "")).strip() else ""
        rows.append(rec)
    if len(offices) > 1:
        raise ImportRejected(
            f"Tệp “{path.name}” chứa số liệu của nhiều cơ quan ({', '.join(offices.values())}): "
            "mỗi tệp phải là báo cáo của một cơ quan."
        )
    if len(periods) > 1:
        found = ", ".join(f"{period_name(y, c)} (từ dòng {i})" for (y, c), i in periods.items())
        raise ImportRejected(
            f"Tệp “{path.name}” chứa số liệu của nhiều kỳ: {found}; "
            "mỗi tệp phải là báo cáo của một kỳ."
        )
    office = next(iter(offices.values()), "")
    if not office and "Báo cáo" in wb.sheetnames:
        office = " ".join(nfc(str(wb["Báo cáo"]["A2"].value or "")).split())
    year, code = next(iter(periods), (None, ""))
    return OfficeReport(path, office or path.stem, code, rows, indicators, year)


def _shown(a: Path, b: Path) -> tuple[str, str]:
    """Two files as a message names them: by name, or by full path when the names are alike."""
    if a.name == b.name and a.resolve() != b.resolve():
        return str(a), str(b)
    return a.name, b.name


def check_same_period(reports: list[OfficeReport]) -> None:
    """Refuse reports of different periods (plan year and period code), naming each file with
    its period.  A report without rows has no period and is not compared."""
    groups: OrderedDict[tuple[int | None, str], list[OfficeReport]] = OrderedDict()
    for r in reports:
        if r.period_key is not None:
            groups.setdefault(r.period_key, []).append(r)
    if len(groups) <= 1:
        return
    parts = [
        "tệp " + ", ".join(f"“{r.path.name}”" for r in rs) + f" là {rs[0].period_name}"
        for rs in groups.values()
    ]
    text = ", ".join(parts)
    raise ImportRejected(
        text[0].upper()
        + text[1:]
        + ": chỉ tổng hợp các báo cáo cùng kỳ (cùng năm, cùng kỳ báo cáo)."
    )


def find_duplicates(reports: list[OfficeReport]) -> list[tuple[OfficeReport, OfficeReport]]:
    """Reports of an office that a later report of the same office and period supersedes, as
    ``(earlier, kept)`` pairs in list order: ``kept`` is that office's last report in the list,
    which ``rollup(..., on_duplicate="replace")`` keeps.  Offices are compared by name, case and
    spacing ignored; the same file chosen twice is a duplicate too."""
    last: dict[str, OfficeReport] = {}
    for r in reports:
        last[r.office_key] = r
    pairs = []
    for r in reports:
        kept = last[r.office_key]
        if kept is not r and (
            r.period_key is None or kept.period_key is None or r.period_key == kept.period_key
        ):
            pairs.append((r, kept))
    return pairs


class DuplicateReports(ImportRejected):
    """Two or more reports of one office for one period; ``pairs`` as :func:`find_duplicates`."""

    def __init__(self, pairs: list[tuple[OfficeReport, OfficeReport]]) -> None:
        self.pairs = pairs
        said = []
        for earlier, kept in pairs:
            period = kept.period_name if kept.period else earlier.period_name
            if earlier.path.resolve() == kept.path.resolve():
                said.append(
                    f"tệp “{kept.path.name}” được chọn hai lần (báo cáo của {kept.office}, {period})"
                )
            else:
                a, b = _shown(earlier.path, kept.path)
                said.append(f"tệp “{a}” và tệp “{b}” đều là báo cáo của {kept.office} ({period})")
        text = "; ".join(said)
        super().__init__(
            text[0].upper() + text[1:] + ": mỗi cơ quan chỉ được tính một lần trong một kỳ. "
            "Hãy bỏ bớt tệp thừa, hoặc chọn lấy tệp sau thay cho tệp trước."
        )


def _number_format(v: int | float) -> str:
    return "#,##0" if float(v).is_integer() else "#,##0.00"


def rollup(paths: list[Path], out: Path, on_duplicate: str = "refuse") -> dict[str, Any]:
    """Read every report (all must be valid and of one period: nothing is written otherwise)
    and write the summary.

    ``on_duplicate``: ``"refuse"`` (two reports of one office raise :class:`DuplicateReports`)
    or ``"replace"`` (the later file in ``paths`` replaces the earlier; the returned
    ``"replaced"`` list says which file was replaced by which).
    """
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(
            f"on_duplicate phải là một trong {ON_DUPLICATE}, không phải {on_duplicate!r}"
        )
    reports = [read_report(p) for p in paths]
    check_same_period(reports)
    pairs = find_duplicates(reports)
    if pairs and on_duplicate == "refuse":
        raise DuplicateReports(pairs)
    # The kept report of an office takes the place of its first report in the list.
    kept_of = {r.office_key: r for r in reports}
    kept = list(OrderedDict((r.office_key, kept_of[r.office_key]) for r in reports).values())
    replaced = [
        {"office": k.office, "replaced": a, "by": b}
        for e, k in pairs
        for a, b in [_shown(e.path, k.path)]
    ]
    indicators = list(OrderedDict.fromkeys(name for r in kept for name in r.indicators))
    dated = next((r for r in kept if r.period), None)
    period, year = (dated.period, dated.year) if dated else ("", None)
    summary = []
    for r in kept:
        counts = r.counts()
        done, shares = counts["done_on_time"] + counts["done_late"], sum(counts.values())
        summary.append({"office": r.office, "file": r.path.name, "period": r.period or period,
                        "rows": len(r.rows), "shares": shares, **counts,
                        "rate": done / shares if shares else None,
                        "totals": r.lead_totals(indicators)})  # fmt: skip

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Tổng hợp"
        rate_col = 4 + len(BUCKETS)
        head = [
            "Cơ quan",
            "Kỳ",
            "Số lượt của đơn vị chủ trì",
            *(BUCKET_NAMES[b] for b in BUCKETS),
            "Tỷ lệ hoàn thành",
            *(f"{n}\n({LEAD_FIGURES})" for n in indicators),
        ]
        for c, h in enumerate(head, 1):
            set_text(ws.cell(row=1, column=c), h)
            ws.cell(row=1, column=c).font = Font(name="Times New Roman", bold=True)
            ws.cell(row=1, column=c).alignment = Alignment(
                wrap_text=True, horizontal="center", vertical="center"
            )
            ws.column_dimensions[get_column_letter(c)].width = (
                34 if c == 1 else 20 if c == 2 or c > rate_col else 14
            )
        ws.row_dimensions[1].height = 48
        label = period_name(year, period) if period else ""
        total = {"office": "Tổng cộng", "rows": sum(s["rows"] for s in summary),
                 "shares": sum(s["shares"] for s in summary),
                 **{b: sum(s[b] for s in summary) for b in BUCKETS},
                 "totals": {n: sum(s["totals"][n] for s in summary) for n in indicators}}  # fmt: skip
        done = total["done_on_time"] + total["done_late"]
        total["rate"] = done / total["shares"] if total["shares"] else None
        for i, s in enumerate([*summary, total], 2):
            values = [
                s["office"],
                label,
                s["shares"],
                *(s[b] for b in BUCKETS),
                s["rate"],
                *(s["totals"][n] for n in indicators),
            ]
            bold = s is total
            for c, v in enumerate(values, 1):
                cell = ws.cell(row=i, column=c)
                if isinstance(v, str):
                    set_text(cell, v)
                elif v is not None:
                    cell.value = v
                    cell.number_format = "0.0%" if c == rate_col else _number_format(v)
                cell.font = Font(name="Times New Roman", bold=bold)
        if indicators:
            note = ws.cell(row=len(summary) + 4, column=1)
            set_text(note, f"Ghi chú: các cột {', '.join(f'“{n}”' for n in indicators)} là {LEAD_FIGURES.lower()} "
                           "(mọi tình trạng); số liệu của đơn vị phối hợp xem ở sheet "
                           f"“{DATA_SHEET}”, không cộng vào tổng.")  # fmt: skip
            note.font = Font(name="Times New Roman", italic=True)
        ws.freeze_panes = "B2"
        data = wb.create_sheet(DATA_SHEET)
        cols = [*COLUMNS, *indicators]
        for c, h in enumerate(cols, 1):
            set_text(data.cell(row=1, column=c), h)
            data.cell(row=1, column=c).font = Font(name="Times New Roman", bold=True)
        r_i = 2
        for r in kept:
            for rec in r.rows:
                for c, h in enumerate(cols, 1):
                    v = r.office if h == "Cơ quan" else rec.get(h)
                    cell = data.cell(row=r_i, column=c)
                    if isinstance(v, str):
                        if v:
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
    return {"offices": len(kept), "rows": sum(s["rows"] for s in summary), "out": str(out),
            "period": period, "year": year, "period_name": period_name(year, period) if period else "",
            "replaced": replaced, "summary": summary}  # fmt: skip
