"""Fuzzing returned unit workbooks: mutate the program's own exports and try to import them.

    uv run python -m tests.fuzz --n 3000 [--seed 1] [--time-limit 20] [--kinds catalogues] [--verbose]

(``kill -USR1 <pid>`` prints the run's stacks; a case that outlives three time limits and a minute ends the
run with its stack, see :func:`watchdog`.)

An office is built (communes sharing monthly tasks, a department, results already entered,
some completed late), its unit workbooks are exported, and each round takes one of them
and breaks it the way an outsider could: numbers (NaN, inf, 1e999, 1e308, 2**64, negative,
fractional counts, text), ``#REF!`` and TRUE/FALSE cells, swapped and sorted rows, added or
deleted rows and columns, formulas, merged cells, an edited hidden identification sheet
(unit id, occurrence ids, another unit's rows, ``period_end`` missing or not ISO, ``rows``
null, unhashable ids, deeply nested JSON, signature removed or changed), damaged zips, and
a FIFO, a folder or a device named ``.xlsx``.  Every file is previewed (and, when accepted,
applied and undone) under a time limit, and these are counted:

- crashes: any exception other than the program's Vietnamese refusal (or the refusal that
  says the program met an unexpected error);
- hangs: a preview or apply that ran past the time limit;
- cross-unit writes: a result written outside the rows of the unit the file was sent to;
- partial imports: a refused file that changed anything, or an applied one whose rows are
  not exactly what its preview announced (or that changed anything else);
- non-Vietnamese messages: a refusal with English exception text or without the file name;
- forged accepted: an identification sheet whose signed content was changed, accepted;
- poisoned: a figure in ``results.values`` that is not finite, negative or over its bound.

The same round is used, a bounded number of times, by ``tests/test_unit_sheet_safety.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import io
import json
import math
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.core.result_entry import FALLBACK, result_bounds
from cchc_desktop.exchange.sheet_reading import ImportRejected
from cchc_desktop.exchange.unit_sheets import (
    HEAD_ROW,
    META,
    SHEET,
    UNEXPECTED,
    apply_results,
    export_unit_sheets,
    preview_results,
)
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store

PERIOD = parse_period_code("2023-Q3")
FIRST_VALUE_COLUMN = 10

# -- English exception text in a message ----------------------------------------------------------
_ENGLISH_WORDS = """
error exception traceback object invalid literal unhashable attribute nonetype expected
unexpected must cannot could not the of is has such recursion maximum exceeded decode codec
errno permission denied directory support supported unsupported argument index key type value
convert overflow float int str dict list none zipfile bad magic found there file worksheet
workbook archive truncated central header syntax line column parse malformed sqlite operational
database failed unable unknown named item entry size memory too many with without for from into
and was were this that are got takes given positional keyword range out bytes string integer
number date time month day year isoformat format doesn isn
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())  # words of Python exception texts, never Vietnamese
_QUOTED = re.compile(r"“[^”]*”")


def english_words(message: str) -> list[str]:
    """English words of exception text in ``message`` (quoted values, “…”, are left out)."""
    words = re.findall(r"[A-Za-z]+", _QUOTED.sub(" ", message))
    return [w for w in words if w.lower() in ENGLISH]


# -- the office ---------------------------------------------------------------------------------
@dataclass
class FuzzOffice:
    store: Store
    plan_id: int
    units: list[int]
    sheets: dict[int, bytes]  # unit id -> exported workbook
    metas: dict[int, dict[str, Any]]  # unit id -> its identification sheet
    occurrences: dict[int, set[int]]  # unit id -> occurrence ids in its sheet
    unit_of: dict[int, int]  # occurrence id -> unit id
    sheet_xml: str  # the zip member of the result sheet
    work: Path


def build_office(folder: Path) -> FuzzOffice:
    """An office with three communes sharing monthly tasks, a department and results entered
    (some completed after the period, outside the completion window), its sheets exported."""
    folder.mkdir(parents=True, exist_ok=True)
    s = Store.open(folder / "data" / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    communes = [
        s.org.add_unit(n, kind="commune")
        for n in ("UBND xã Đông Hưng", "UBND xã Ân Tín", "UBND xã Hà Lĩnh")
    ]
    dept = s.org.add_unit("Phòng Văn hóa – Thông tin", kind="department")
    g = s.org.add_group("UBND các xã", communes)
    pid = s.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    s.catalogue.add_task(pid, None, "Niêm yết công khai thủ tục hành chính", timeline="Hằng tháng",
               lead=[UnitRef("group", g)], targets={"to_roi": 100})  # fmt: skip
    s.catalogue.add_task(pid, None, "Phát thanh chuyên mục cải cách hành chính", timeline="Trước ngày 10/9/2023",
               lead=[UnitRef("group", g)], targets={"luot_phat_song": 12})  # fmt: skip
    s.catalogue.add_task(pid, None, "Hội nghị tập huấn =SUM(A1) @CCHC", timeline="Quý III/2023",
               lead=[UnitRef("unit", dept)], coordinating=[UnitRef("group", g)])  # fmt: skip
    rows = s.tracking.occurrence_rows(pid)
    for i, r in enumerate(rows):
        if i % 3 == 0 and r.due and PERIOD.start <= r.due <= PERIOD.end:
            late = date(2023, 10, 20) if i % 2 else date(2022, 5, 1)  # outside the window
            s.results.set_result(r.id, "done", late, description=f"Đã làm {i}\r\ndòng hai",
                         values={"to_roi": i, "kinh_phi": 1_500_000.5})  # fmt: skip
        elif i % 3 == 1:
            s.results.set_result(r.id, "in_progress", description="Đang làm")
    out = folder / "sent"
    out.mkdir(exist_ok=True)
    paths = [
        p for p in export_unit_sheets(s, pid, PERIOD, out, with_pdf=False) if p.suffix == ".xlsx"
    ]
    sheets, metas, occs = {}, {}, {}
    sheet_xml = ""
    for p in paths:
        wb = load_workbook(p, read_only=True)
        sheet_xml = wb[SHEET]._worksheet_path
        text = "".join(str(r[0]) for r in wb[META].iter_rows(values_only=True) if r and r[0])
        wb.close()
        meta = json.loads(text)
        sheets[meta["unit_id"]] = p.read_bytes()
        metas[meta["unit_id"]] = meta
        occs[meta["unit_id"]] = {r["occurrence"] for r in meta["rows"]}
    unit_of = dict(
        s.db.execute(
            "SELECT o.id, a.unit_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
        ).fetchall()
    )
    s.path = None  # no automatic backup per fuzzed import (tested elsewhere); undo restores
    return FuzzOffice(s, pid, [*communes, dept], sheets, metas, occs, unit_of, sheet_xml, folder)


def results_state(store: Store) -> dict[int, tuple]:
    return {r[0]: tuple(r[1:]) for r in store.db.execute(
        'SELECT occurrence_id, status, completed_on, reason, description, "values" FROM results').fetchall()}  # fmt: skip


# -- mutations ----------------------------------------------------------------------------------
NUMBERS: list[Any] = [
    math.nan, math.inf, -math.inf, 1e308, 2**64, -5, -0.5, 2.5, 0.1, 1_000_001, 10**12 + 1, "1e999", "NaN",
    "inf", "Infinity", "1.234", "12,5", "-3", "mười", " ", True, False, "#REF!", "#DIV/0!", "#N/A",
    datetime(2023, 7, 1), 3, 0, 999_999, "=1+1",
]  # fmt: skip
RAW_NUMBERS = ["1e999", "-1e999", "NaN", "nan", "inf", "18446744073709551616", "1e308", "-1", "2.5",
               "99999999999999999999999999999999999999", "0x10", "", "1e-400", "1E+5"]  # fmt: skip
STATUSES: list[Any] = ["Hoàn thành", "Đang thực hiện", "Không thực hiện", "Xong", True, "#REF!", 5, "", None,
                       datetime(2023, 7, 1)]  # fmt: skip
DATES: list[Any] = [datetime(2023, 7, 1), datetime(2023, 12, 1), datetime(2019, 1, 1), "31/02/2023", "01/07/2023",
                    "1/7/2023", True, 45123, "#REF!", "", None, "2023-07-01", -1, 1e300]  # fmt: skip
TEXTS: list[Any] = ["Đã làm xong", "#REF!", "#VALUE!", True, False, "=1+1", "'=1+1", "x" * 5000, 12.5, None,
                    "Ñaõ nieâm yeát", "  ", math.inf]  # fmt: skip


@dataclass
class Sample:
    data: bytes | None  # None: a special file made by ``special``
    base: int  # the unit whose workbook was mutated
    expect_unit: int  # the unit the file's (intact) identification names
    tampered: bool = False  # signed content of the identification sheet changed
    ops: list[str] = field(default_factory=list)
    special: str | None = None


def _rows(ws) -> range:
    last = HEAD_ROW
    while ws.cell(row=last + 1, column=2).value not in (None, ""):
        last += 1
    return range(HEAD_ROW + 1, last + 1)


def _cell_op(rng: random.Random, wb, sample: Sample) -> None:
    """An edit of the result sheet (skipped when openpyxl cannot make it, e.g. on a merged cell)."""
    try:
        _edit_cells(rng, wb, sample)
    except (ValueError, TypeError, AttributeError, IndexError):
        sample.ops.append("cells:skipped")


def _edit_cells(rng: random.Random, wb, sample: Sample) -> None:
    ws = wb[SHEET]
    rows = list(_rows(ws)) or [HEAD_ROW + 1]
    r = rng.choice(rows)
    width = ws.max_column
    op = rng.choice(["number", "number", "status", "date", "text", "swap_rows", "swap_results", "sort",
                     "delete_row", "insert_row", "add_below", "task_text", "due_text", "header", "merge",
                     "insert_col", "raw_number", "formula"])  # fmt: skip
    sample.ops.append(op)
    if op == "number":
        ws.cell(row=r, column=rng.randrange(FIRST_VALUE_COLUMN, width + 1)).value = rng.choice(
            NUMBERS
        )
    elif op == "raw_number":
        ws.cell(row=r, column=rng.randrange(FIRST_VALUE_COLUMN, width + 1)).value = 987654321
        sample.ops.append("raw:" + rng.choice(RAW_NUMBERS))
    elif op == "status":
        ws.cell(row=r, column=6).value = rng.choice(STATUSES)
    elif op == "date":
        ws.cell(row=r, column=7).value = rng.choice(DATES)
    elif op == "text":
        ws.cell(row=r, column=rng.choice([8, 9])).value = rng.choice(TEXTS)
    elif op in ("swap_rows", "swap_results", "sort") and len(rows) > 1:
        a, b = rng.sample(rows, 2)
        if op == "sort":  # two rows of the same task when there are some
            same = [
                (x, y)
                for x in rows
                for y in rows
                if x < y and ws.cell(x, 2).value == ws.cell(y, 2).value
            ]
            if same:
                a, b = rng.choice(same)
        cols = range(6, width + 1) if op == "swap_results" else range(1, width + 1)
        for c in cols:
            ca, cb = ws.cell(a, c), ws.cell(b, c)
            ca.value, cb.value = cb.value, ca.value
        ws.cell(a, 6).value = ws.cell(a, 6).value or "Hoàn thành"  # something to write
        ws.cell(a, 7).value = ws.cell(a, 7).value or datetime(2023, 8, 1)
    elif op == "delete_row":
        ws.delete_rows(r, 1)
    elif op == "insert_row":
        ws.insert_rows(r, 1)
    elif op == "add_below":
        ws.cell(row=rows[-1] + rng.randint(1, 300), column=rng.randint(1, width)).value = "thêm"
    elif op == "task_text":
        ws.cell(row=r, column=2).value = rng.choice(
            ["Nhiệm vụ khác", "", "#REF!", True, ws.cell(rows[0], 2).value]
        )
    elif op == "due_text":
        ws.cell(row=r, column=4).value = rng.choice(
            ["30/09/2023", "", datetime(2023, 7, 31), "31/07/2023", 5]
        )
    elif op == "header":
        ws.cell(row=HEAD_ROW, column=rng.randint(1, width)).value = "Cột khác"
    elif op == "merge":
        ws.merge_cells(start_row=r, start_column=8, end_row=r, end_column=9)
    elif op == "insert_col":
        ws.insert_cols(rng.randint(1, width))
    elif op == "formula":
        ws.cell(row=r, column=rng.randint(6, width)).value = "=1+1"


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def _meta_op(rng: random.Random, wb, office: FuzzOffice, sample: Sample) -> None:
    """An edit of the identification sheet (skipped when an earlier edit left nothing to edit)."""
    try:
        _edit_meta(rng, wb, office, sample)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
        sample.ops.append("meta:skipped")


def _edit_meta(rng: random.Random, wb, office: FuzzOffice, sample: Sample) -> None:
    m = wb[META]
    text = "".join(str(r[0].value) for r in m.iter_rows(min_col=1, max_col=1) if r[0].value)
    meta = json.loads(text)
    other = rng.choice([u for u in office.metas if u != sample.base])
    op = rng.choice(["unit_id", "forge", "transplant", "occurrence", "period_end", "period_start", "rows",
                     "row_field", "ids", "indicators", "deep", "sig", "template", "office_uid", "not_json",
                     "sent", "extra_key", "surrogate", "rechunk", "nan_token", "number_cell"])  # fmt: skip
    sample.ops.append("meta:" + op)
    raw: str | None = None
    tampered = True
    if op == "unit_id":
        meta["unit_id"] = rng.choice(
            [other, [other], {"x": 1}, None, str(other), True, 2**70, float(other), -1]
        )
    elif (
        op == "forge"
    ):  # another unit's identification, rows of that unit, this unit's visible rows
        donor = office.metas[other]
        meta["unit_id"] = other
        ws = wb[SHEET]  # and something to write
        ws.cell(HEAD_ROW + 1, 6).value, ws.cell(HEAD_ROW + 1, 8).value = (
            "Hoàn thành",
            "Ghi vào xã khác",
        )
        ws.cell(HEAD_ROW + 1, 7).value = datetime(2023, 8, 1)
        for i, row in enumerate(meta["rows"]):
            if i < len(donor["rows"]):
                row["occurrence"] = donor["rows"][i]["occurrence"]
    elif op == "transplant":  # another unit's whole (genuine) identification
        meta = json.loads(json.dumps(office.metas[other]))
        sample.expect_unit = other
        tampered = False
    elif op == "occurrence":
        row = rng.choice(meta["rows"])
        row["occurrence"] = rng.choice(
            [row["occurrence"] + 1000, row["occurrence"] + 1, 0, -5, 2**64]
        )
    elif op == "period_end":
        choice = rng.choice(["missing", "14/09/2023", 20230914, "2023-02-30", None, "9999-12-31", "0001-01-01",
                             "2023-9-14", "20230914"])  # fmt: skip
        if choice == "missing":
            meta.pop("period_end", None)
        else:
            meta["period_end"] = choice
    elif op == "period_start":
        meta.pop("period_start", None)
    elif op == "rows":
        meta["rows"] = rng.choice([None, {}, "x", [], [None], [1], [[]], 5, [{"occurrence": 1}]])
    elif op == "row_field":
        row = rng.choice(meta["rows"])
        key = rng.choice(["occurrence", "task_id", "due", "text", "sent"])
        if rng.random() < 0.3:
            row.pop(key)
        else:
            row[key] = rng.choice(
                [[1], {"a": 1}, None, True, 1.5, -1, 2**70, "5", "2023-13-01", {}, []]
            )
    elif op == "ids":
        key = rng.choice(["unit_id", "plan_id"])
        meta[key] = rng.choice([[1], {"a": 1}, None, True, 1.5, -1, 2**70, "5", 0])
    elif op == "indicators":
        meta["indicators"] = rng.choice(
            [None, "x", [1], [[1]], ["tin_bai", "tin_bai"], ["x"] * 10_000, {}]
        )
    elif op == "deep":
        where = rng.choice(["whole", "field", "row"])
        n = rng.choice([50, 1_000, 100_000])
        if where == "whole":
            raw = _deep(n)
        else:
            body = json.dumps(meta)
            if where == "field":
                raw = body[:-1] + ', "exported_at": ' + _deep(n) + "}"
            else:
                raw = body.replace('"sent": {', '"sent": {"deep": ' + _deep(n) + ", ", 1)
    elif op == "sig":
        sig = meta.get("sig", "")
        meta["sig"] = rng.choice([None, "", "0" * 64, sig.upper(), sig[:-1] + ("0" if sig[-1:] != "0" else "1"),
                                  "é" * 64, 5, [sig]])  # fmt: skip
        if rng.random() < 0.2:
            meta.pop("sig", None)
    elif op == "template":
        meta["template"] = rng.choice(["cchc-phieu-1", 5, None, "cchc-phieu-99", ["x"]])
    elif op == "office_uid":
        meta["office_uid"] = rng.choice(["khac", None, 5, [1]])
    elif op == "not_json":
        raw = rng.choice(
            [
                "",
                "{",
                text[: len(text) // 2],
                "null",
                "[]",
                '"x"',
                "1e999",
                "{" + '"a":' * 10 + "1}",
            ]
        )
    elif op == "sent":
        row = rng.choice(meta["rows"])
        row["sent"]["status"] = rng.choice(["done", None, "xyz"])
        row["sent"]["values"] = rng.choice([{"to_roi": 5}, {"to_roi": [1]}, {}, None])
    elif op == "extra_key":
        meta["x"] = {"y": 1}
    elif op == "surrogate":
        raw = json.dumps(meta)[:-1] + ', "office": "\\ud800\\udfff\\ud800"}'
    elif op == "rechunk":  # the same text split over other cells: not a change
        tampered = False
        raw = json.dumps(meta)
        cut = rng.randint(1, len(raw) - 1)
        for row in list(m.iter_rows(min_col=1, max_col=1)):
            row[0].value = None
        m.cell(row=1, column=1).value = raw[:cut]
        m.cell(row=1, column=1).data_type = "s"
        m.cell(row=2, column=1).value = raw[cut:]
        m.cell(row=2, column=1).data_type = "s"
        return
    elif op == "nan_token":
        raw = json.dumps(meta)[:-1] + ', "exported_at": NaN}'
    elif op == "number_cell":
        for row in list(m.iter_rows(min_col=1, max_col=1)):
            row[0].value = None
        m.cell(row=1, column=1).value = 12345
        sample.tampered = True
        return
    sample.tampered = sample.tampered or tampered
    if raw is None:
        raw = json.dumps(meta)
    for row in list(m.iter_rows(min_col=1, max_col=1)):
        row[0].value = None
    m.cell(row=1, column=1).value = raw
    m.cell(row=1, column=1).data_type = "s"


def _zip_op(rng: random.Random, data: bytes, office: FuzzOffice, sample: Sample) -> bytes:
    op = rng.choice(["truncate", "flip", "drop_member", "garbage_sheet", "empty", "text", "xls", "error_cell",
                     "bool_cell"])  # fmt: skip
    sample.ops.append("zip:" + op)
    if op == "truncate":
        return data[: rng.randrange(0, len(data))]
    if op == "flip":
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == "empty":
        return b""
    if op == "text":
        return "Đây không phải bảng tính".encode()
    if op == "xls":
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        names = src.namelist()
        drop = rng.choice(names) if op == "drop_member" else None
        for item in src.infolist():
            if item.filename == drop:
                continue
            body = src.read(item)
            if item.filename == office.sheet_xml:
                xml = body.decode()
                if op == "garbage_sheet":
                    xml = rng.choice(
                        [
                            "<worksheet>",
                            "not xml",
                            xml[: len(xml) // 3],
                            "<?xml version='1.0'?><x/>",
                        ]
                    )
                elif op in ("error_cell", "bool_cell"):
                    kind, val = ("e", "#REF!") if op == "error_cell" else ("b", "1")
                    col = rng.choice("FGHIJKLMNOPQRSTU")
                    xml = re.sub(rf'<c r="{col}{HEAD_ROW + 1}"[^>]*?(/>|>.*?</c>)',
                                 f'<c r="{col}{HEAD_ROW + 1}" t="{kind}"><v>{val}</v></c>', xml, count=1)  # fmt: skip
                body = xml.encode()
            dst.writestr(item, body)
    return out.getvalue()


def mutate(rng: random.Random, office: FuzzOffice) -> Sample:
    """One broken workbook (or special file), described by the operations that made it."""
    base = rng.choice(list(office.sheets))
    sample = Sample(office.sheets[base], base, base)
    roll = rng.random()
    if roll < 0.02:
        sample.special = rng.choice(["fifo", "folder", "device", "missing", "symlink_loop"])
        sample.data = None
        sample.ops.append("special:" + sample.special)
        return sample
    if roll < 0.06:
        sample.ops.append("untouched")
        return sample
    wb = load_workbook(io.BytesIO(sample.data))
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if rng.random() < 0.35:
            _meta_op(rng, wb, office, sample)
        else:
            _cell_op(rng, wb, sample)
    sample.tampered = _final_meta(wb) != office.metas[sample.expect_unit]  # signed content changed
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    raws = [op[4:] for op in sample.ops if op.startswith("raw:")]
    if raws:
        data = _replace_in_sheet(data, office, "<v>987654321</v>", f"<v>{raws[-1]}</v>")
    if rng.random() < 0.12:
        data = _zip_op(rng, data, office, sample)
    sample.data = data
    return sample


def _final_meta(wb) -> Any:
    cells = [r[0].value for r in wb[META].iter_rows(min_col=1, max_col=1)]
    text = "".join(v for v in cells if isinstance(v, str))
    if any(v is not None and not isinstance(v, str) for v in cells):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _replace_in_sheet(data: bytes, office: FuzzOffice, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            body = src.read(item)
            if item.filename == office.sheet_xml:
                body = body.decode().replace(old, new).encode()
            dst.writestr(item, body)
    return out.getvalue()


def materialise(sample: Sample, folder: Path, name: str) -> Path:
    path = folder / name
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    if sample.special == "fifo" and hasattr(os, "mkfifo"):
        os.mkfifo(path)
    elif sample.special == "folder":
        path.mkdir()
        (path / "a.txt").write_text("x")
    elif sample.special == "device" and Path("/dev/zero").exists():
        path.symlink_to("/dev/zero")
    elif sample.special == "symlink_loop":
        path.symlink_to(path)
    elif sample.special in ("missing", "fifo", "device"):
        pass  # nothing at the path
    else:
        path.write_bytes(sample.data or b"")
    return path


# -- one round ----------------------------------------------------------------------------------
class Hang(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` can swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float):
    if not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum, frame) -> None:
        raise Hang

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def watchdog(seconds: float):
    """End the run, printing every thread's stack, when one case outlives ``seconds``.

    The backstop for what :func:`time_limit` cannot break: its SIGALRM is handled only when
    Python code runs again, so C code that never returns (a parser, a query) would freeze a
    long run.  faulthandler's own thread needs no interpreter lock: the run stops, loudly,
    with the stack of the stall, instead of hanging with nothing printed."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def case_seconds(limit: float) -> float:
    """The watchdog's allowance for one case: a mutation, a preview (or draft, or import) and
    an apply, each under ``limit``, with room for undo and cleaning up."""
    return 3 * limit + 60


def slow_mutation(exc: Hang, i: int, verbose: bool) -> str:
    """What to say when the harness's own mutation ran past the limit (not a finding of the
    program: the case is skipped, counted and shown, so the mutator can be bounded)."""
    where = " < ".join(
        f"{Path(f.filename).name}:{f.lineno} {f.name}"
        for f in reversed(traceback.extract_tb(exc.__traceback__)[-4:])
    )
    if verbose:
        print(f"#{i} mutation ran past the limit, skipped: {where}", file=sys.stderr)
    return where


@dataclass
class Outcome:
    accepted: bool = False
    written: int = 0
    message: str | None = None
    problems: list[str] = field(
        default_factory=list
    )  # crash, hang, cross-unit, partial, english, forged, poisoned
    seconds: float = 0.0


def _finite_and_bounded(store: Store) -> list[str]:
    bounds, _ = result_bounds(store.settings.terms("indicators"), None)
    bad = []
    for occ, values in store.db.execute('SELECT occurrence_id, "values" FROM results').fetchall():
        for code, v in json.loads(values or "{}").items():
            b = bounds.get(code, FALLBACK)
            if isinstance(v, bool) or not isinstance(v, int | float) or (isinstance(v, float) and not math.isfinite(v)) \
                    or v < 0 or v > b.maximum:  # fmt: skip
                bad.append(f"{occ}:{code}={v!r}")
    return bad


def run_one(office: FuzzOffice, sample: Sample, path: Path, limit: float = 20.0) -> Outcome:
    store = office.store
    out = Outcome()
    before = results_state(store)
    start = time.perf_counter()
    try:
        with time_limit(limit):
            preview = preview_results(store, path)
    except Hang:
        out.problems.append("hang")
        return out
    except Exception as exc:
        out.problems.append(f"crash: preview raised {type(exc).__name__}")
        return out
    finally:
        out.seconds = time.perf_counter() - start
    if preview.error:
        out.message = preview.error
        if UNEXPECTED in preview.error:
            out.problems.append("crash: unexpected error caught")
        if english_words(preview.error):
            out.problems.append(f"english: {english_words(preview.error)}")
        if path.name not in preview.error:
            out.problems.append("english: message does not name the file")
        try:
            apply_results(store, [preview])
            out.problems.append("partial: a refused file was applied")
        except ImportRejected:
            pass
        if results_state(store) != before:
            out.problems.append("partial: a refused file changed results")
        return out
    out.accepted = True
    if sample.tampered:
        out.problems.append("forged: a changed identification sheet was accepted")
    todo = [r for r in preview.rows if r.kind in ("new", "changed", "conflict")]
    take = bool(todo) and sum(r.occurrence_id for r in todo) % 2 == 0
    written_rows = [r for r in todo if r.kind != "conflict" or take]
    try:
        with time_limit(limit):
            out.written = apply_results(store, [preview], take_workbook_on_conflict=take)
    except Hang:
        out.problems.append("hang: apply")
    except (ImportRejected, StoreError) as exc:
        out.problems.append(f"crash: apply refused after a clean preview: {exc}")
    except Exception as exc:
        out.problems.append(f"crash: apply raised {type(exc).__name__}: {exc}")
    after = results_state(store)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    allowed = office.occurrences[sample.expect_unit]
    if changed - allowed:
        out.problems.append(f"cross-unit: wrote {sorted(changed - allowed)[:5]}")
    if out.written:
        expected = {r.occurrence_id: r.new for r in written_rows}
        for occ, new in expected.items():
            row = after.get(occ)
            got = None if row is None else {"status": row[0], "completed_on": row[1], "reason": row[2],
                                             "description": row[3], "values": json.loads(row[4] or "{}")}  # fmt: skip
            if got != (new if new["status"] else None):  # no status: the result is cleared
                out.problems.append(f"partial: row {occ} is {got}, preview said {new}")
                break
        if changed - set(expected):
            out.problems.append(
                f"partial: rows not in the preview changed {sorted(changed - set(expected))[:5]}"
            )
    elif changed:
        out.problems.append("partial: results changed though nothing was written")
    poisoned = _finite_and_bounded(store)
    if poisoned:
        out.problems.append(f"poisoned: {poisoned[:3]}")
    if out.written:
        store.undo()
        if results_state(store) != before:
            out.problems.append("partial: undo did not restore the results")
    return out


# == catalogues ===================================================================================
# A province's annex (.xlsx or .docx), broken the way a copied, converted or hand-edited file
# is: cell texts (long Vietnamese, control characters, formulas, TCVN3/VNI-looking text,
# empty), merged cells, gridSpan/vMerge values, row counts, damaged zip members, a huge
# sharedStrings part, XML that is not the part's.  Each file is drafted (and, when drafted,
# applied and undone) under a time limit.  Findings: a crash (an exception other than
# CatalogueError), a hang, a refusal with English exception text or without the file name, a
# partial write (a refused file that changed the store, an apply whose undo does not restore).
CATALOGUE_HEADER = ["STT", "NỘI DUNG CÔNG VIỆC", "ĐƠN VỊ THỰC HIỆN", "ĐƠN VỊ PHỐI HỢP", "SẢN PHẨM DỰ KIẾN",
                    "THỜI GIAN THỰC HIỆN"]  # fmt: skip
CATALOGUE_ROWS = [
    ["I. Truyền thông về vai trò, ý nghĩa của cải cách thủ tục hành chính", "", "", "", "", ""],
    ["1", "Phối hợp với Ủy ban MTTQ giám sát việc giải quyết TTHC", "Văn phòng HĐND và UBND huyện",
     "Ủy ban MTTQ Việt Nam huyện", "Kết quả giám sát", "Thường xuyên"],
    ["2", "Viết tin, bài về cách làm hay trong cải cách TTHC", "- UBND các xã, thị trấn\n- Đài Truyền thanh huyện",
     "Phòng VH-TT", "Tin, bài", "Hằng quý"],
    ["II. Truyền thông hỗ trợ hoạt động cải cách", "", "", "", "", ""],
    ["II.1. Nhóm nhiệm vụ về một cửa", "", "", "", "", ""],
    ["1", "Xây dựng video clip hướng dẫn nộp hồ sơ trực tuyến", "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
     "Sở Thông tin và Truyền thông; Bưu điện tỉnh", "Video clip", "01 lần/Quý"],
    ["2", "Tổ chức hội thi tìm hiểu cải cách hành chính", "Phòng Nội vụ", "Các phòng, ban chuyên môn", "Hội thi",
     "Theo lộ trình chung của tỉnh"],
]  # fmt: skip
CATALOGUE_TEXTS: list[Any] = [
    "Tuyên truyền cải cách hành chính trên cổng thông tin điện tử " * 400, "", " ", "\t\n\r",
    "a\x00b", "\x01\x02\x1b[31m", "\u200b\ufeff", "\ud800", "=SUM(A1:A9)", '=HYPERLINK("http://x","y")',
    "=1+1", "+cmd|' /C calc'!A0", "@SUM(1)", "Tæ chøc héi nghÞ tËp huÊn", "Toå chöùc hoäi nghò taäp huaán",
    "Phßng Néi vô", "Hằng tháng", "Quý V/2099", "31/02/2023", "Trước ngày 99/99/9999", "I.", "II.1.", "1.1.1.1.1",
    "- UBND các xã\n- " * 300, "Phòng Nội vụ; " * 500, "STT", "NỘI DUNG CÔNG VIỆC", "#REF!", 1e308, -1,
    math.nan, True, 2**70,
]  # fmt: skip
CATALOGUE_SPECIALS = ["fifo", "folder", "device", "missing", "symlink_loop"]


def catalogue_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC: DANH MỤC NHIỆM VỤ"])
    for r in [CATALOGUE_HEADER, *rows]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def catalogue_docx(rows: list[list[str]]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Phụ lục: Danh mục nhiệm vụ")
    table = doc.add_table(rows=0, cols=len(CATALOGUE_HEADER))
    for r in [CATALOGUE_HEADER, *rows]:
        cells = table.add_row().cells
        if r[0].startswith(("I.", "II")) and not any(r[1:]):
            cells[0].merge(cells[-1]).text = r[0]
            continue
        for c, v in zip(cells, r, strict=True):
            c.text = v
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@dataclass
class CatalogueOffice:
    store: Store
    plan_id: int
    year: int
    bases: list[tuple[str, bytes]]  # (suffix, file)
    work: Path


def build_catalogue_office(folder: Path) -> CatalogueOffice:
    """The demo office (units and groups to match), an empty plan to import into, and valid
    catalogues: hand-made .xlsx and .docx annexes and the demo plan's own exports."""
    from cchc_desktop.demo import write_demo
    from cchc_desktop.paths import database_path
    from cchc_desktop.reports.exports import export_plan

    folder.mkdir(parents=True, exist_ok=True)
    write_demo(folder / "demo", year=2024, today=date(2024, 9, 14))
    store = Store.open(database_path(folder / "demo"))
    bases = [(".xlsx", catalogue_xlsx(CATALOGUE_ROWS)), (".docx", catalogue_docx(CATALOGUE_ROWS))]
    out = folder / "plan"
    out.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):  # the plan's exports, when they read as a catalogue
        for p in export_plan(store, store.catalogue.plans()[0].id, ["xlsx", "docx"], out):
            try:
                draft_catalogue_of(store, p, 2024)
            except Exception:
                continue
            bases.append((p.suffix, p.read_bytes()))
    plan_id = store.catalogue.add_plan(2025, "Kế hoạch nhận danh mục")
    store.path = None  # no automatic backup per fuzzed import
    return CatalogueOffice(store, plan_id, 2025, bases, folder)


def draft_catalogue_of(store: Store, path: Path, year: int):
    from cchc_desktop.exchange.catalogue import draft_catalogue

    return draft_catalogue(store, path, year)


def store_state(store: Store) -> tuple:
    """What an import may change: every row of the planning tables."""
    out = []
    for table in ("units", "groups", "group_members", "plans", "sections", "tasks", "assignments",
                  "occurrences", "results"):  # fmt: skip
        with contextlib.suppress(Exception):
            out.append(tuple(store.db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()))
    return tuple(out)


def _zip_parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i, z.read(i)) for i in z.infolist()]


def _zip_write(parts: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in parts:
            z.writestr(info, body)
    return out.getvalue()


def _xlsx_cell_op(rng: random.Random, data: bytes, ops: list[str]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    if ws.max_row * ws.max_column > 200_000:
        # an earlier mutation put a cell far away: openpyxl's own row and column moves would walk
        # every empty cell up to it (the harness, not the program, would run out of memory)
        ops.append("xlsx:skip-far")
        return data
    width, height = max(ws.max_column, 6), ws.max_row
    op = rng.choice(["text", "text", "text", "merge", "delete_rows", "add_rows", "insert_col", "delete_col",
                     "clear_header", "many_rows"])  # fmt: skip
    ops.append("xlsx:" + op)
    try:
        r = rng.randint(1, height)
        if op == "text":
            for _ in range(rng.randint(1, 4)):
                ws.cell(
                    row=rng.randint(1, height + 2), column=rng.randint(1, width + 1)
                ).value = rng.choice(CATALOGUE_TEXTS)
        elif op == "merge":
            c = rng.randint(1, width)
            ws.merge_cells(start_row=r, start_column=c, end_row=min(height + 3, r + rng.randint(0, 3)),
                           end_column=min(width + 2, c + rng.randint(0, 3)))  # fmt: skip
        elif op == "delete_rows":
            ws.delete_rows(r, rng.randint(1, height))
        elif op == "add_rows":
            for i in range(rng.randint(1, 50)):
                ws.append(
                    [
                        str(i),
                        f"Nhiệm vụ thêm {i}",
                        "Phòng Nội vụ",
                        "",
                        "",
                        rng.choice(["Hằng quý", "Quý II"]),
                    ]
                )
        elif op == "many_rows":
            for i in range(rng.choice([2_000, 6_000])):
                ws.append([str(i), f"Nhiệm vụ {i}", "Phòng Nội vụ"])
        elif op == "insert_col":
            ws.insert_cols(rng.randint(1, width))
        elif op == "delete_col":
            ws.delete_cols(rng.randint(1, width))
        elif op == "clear_header":
            for c in range(1, width + 1):
                ws.cell(row=2, column=c).value = None
    except (
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
    ):  # openpyxl refuses (control chars...)
        ops.append("xlsx:skipped")
        return data
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx_cell_op(rng: random.Random, data: bytes, ops: list[str]) -> bytes:
    from docx import Document

    doc = Document(io.BytesIO(data))
    if not doc.tables:
        ops.append("docx:no-table")
        return data
    table = doc.tables[0]
    if any(not v.isdigit() or int(v) > 64 for v in table._tbl.xpath(".//w:gridSpan/@w:val")):
        # an earlier mutation set a span of billions of columns: python-docx builds one cell
        # reference per grid column a span covers (``Table._cells``), so any cell edit would loop
        # for hours in the harness (the program checks spans on the XML and refuses the file)
        ops.append("docx:skip-wide")
        return data
    if len(table._tbl.tr_lst) > 300:
        # python-docx walks up the rows for every vertically merged cell it builds, so editing a
        # table an earlier mutation made long takes minutes: in the harness, not the program
        # (the catalogue reader resolves merges itself, column by column)
        ops.append("docx:skip-long")
        return data
    op = rng.choice(
        ["text", "text", "text", "merge", "delete_rows", "add_rows", "nested", "second_table"]
    )
    ops.append("docx:" + op)
    try:
        rows = table.rows
        if op == "text":
            for _ in range(rng.randint(1, 4)):
                row = rng.choice(rows)
                rng.choice(row.cells).text = str(rng.choice(CATALOGUE_TEXTS))
        elif op == "merge":
            a = table.cell(rng.randrange(len(rows)), rng.randrange(len(table.columns)))
            b = table.cell(rng.randrange(len(rows)), rng.randrange(len(table.columns)))
            a.merge(b)
        elif op == "delete_rows":
            for row in rng.sample(list(rows), rng.randint(1, len(rows))):
                row._tr.getparent().remove(row._tr)
        elif op == "add_rows":
            for i in range(rng.randint(1, 30)):
                cells = table.add_row().cells
                cells[0].text, cells[1].text = str(i), f"Nhiệm vụ thêm {i}"
        elif op == "nested":
            rng.choice(rows).cells[1].add_table(2, 2).cell(0, 0).text = "STT"
        elif op == "second_table":
            t2 = doc.add_table(rows=1, cols=3)
            t2.cell(0, 0).text = "NỘI DUNG CÔNG VIỆC"
    except (ValueError, TypeError, IndexError, AttributeError) as exc:  # python-docx refuses
        ops.append(f"docx:skipped:{type(exc).__name__}")
        return data
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


GRID_VALUES = ["0", "-1", "1", "2", "3", "6", "7", "64", "65", "2147483647", "99999999999999999999", "abc",
               "", "1.5", "٣", " 2"]  # fmt: skip
VMERGE_VALUES = ["restart", "continue", "", "x", "RESTART"]


def _docx_xml_op(rng: random.Random, data: bytes, ops: list[str]) -> bytes:
    parts = _zip_parts(data)
    op = rng.choice(["gridspan", "gridspan", "vmerge", "vmerge", "dup_rows", "gridcols", "garbage_xml",
                     "wrong_root", "entity"])  # fmt: skip
    ops.append("docx-xml:" + op)
    out = []
    for info, body in parts:
        if info.filename == "word/document.xml":
            xml = body.decode("utf-8", "replace")
            tcpr = [m.end() for m in re.finditer(r"<w:tcPr>", xml)]
            if op == "gridspan" and tcpr:
                for _ in range(rng.randint(1, 3)):
                    i = rng.choice(tcpr)
                    xml = xml[:i] + f'<w:gridSpan w:val="{rng.choice(GRID_VALUES)}"/>' + xml[i:]
                    tcpr = [m.end() for m in re.finditer(r"<w:tcPr>", xml)]
                xml = re.sub(r'<w:gridSpan w:val="\d+"/>', lambda m: f'<w:gridSpan w:val="{rng.choice(GRID_VALUES)}"/>'
                             if rng.random() < 0.5 else m.group(0), xml)  # fmt: skip
            elif op == "vmerge" and tcpr:
                for _ in range(rng.randint(1, 6)):
                    i = rng.choice(tcpr)
                    v = rng.choice(VMERGE_VALUES)
                    xml = xml[:i] + (f'<w:vMerge w:val="{v}"/>' if v else "<w:vMerge/>") + xml[i:]
                    tcpr = [m.end() for m in re.finditer(r"<w:tcPr>", xml)]
            elif op == "dup_rows":
                trs = re.findall(r"<w:tr[ >].*?</w:tr>", xml, flags=re.S)
                if trs:
                    row = rng.choice(trs)
                    n = rng.choice([10, 500, 4_999, 5_001, 20_000])
                    xml = xml.replace(row, row * n, 1)
            elif op == "gridcols":
                xml = re.sub(r"<w:tblGrid>.*?</w:tblGrid>",
                             "<w:tblGrid>" + '<w:gridCol w:w="100"/>' * rng.choice([0, 1, 70, 500]) + "</w:tblGrid>",
                             xml, count=1, flags=re.S)  # fmt: skip
            elif op == "garbage_xml":
                xml = rng.choice(["<w:document>", "not xml", xml[: len(xml) // 2], "", "\x00" * 10])
            elif op == "wrong_root":
                xml = "<?xml version='1.0'?><worksheet xmlns='x'><sheetData/></worksheet>"
            elif op == "entity":
                xml = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
                       '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>' + re.sub(r"^<\?xml[^>]*\?>", "", xml).replace(
                           "STT", "&c;", 1))  # fmt: skip
            body = xml.encode("utf-8", "surrogatepass")
        out.append((info, body))
    return _zip_write(out)


def _xlsx_xml_op(rng: random.Random, data: bytes, ops: list[str]) -> bytes:
    parts = _zip_parts(data)
    op = rng.choice(
        ["huge_shared", "shared_bad_index", "garbage_sheet", "wrong_root", "dimension", "inline"]
    )
    ops.append("xlsx-xml:" + op)
    out = []
    names = [i.filename for i, _ in parts]
    sheet = next((n for n in names if n.startswith("xl/worksheets/sheet")), None)
    for info, body in parts:
        if info.filename == "xl/sharedStrings.xml" and op == "huge_shared":
            n = rng.choice([10_000, 300_000])
            long = rng.random() < 0.5
            items = "".join(
                f"<si><t>{'Tuyên truyền ' * (200 if long else 1)}{i}</t></si>" for i in range(n)
            )
            body = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                    f'spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{items}</sst>').encode()  # fmt: skip
        elif info.filename == sheet:
            xml = body.decode("utf-8", "replace")
            if op == "shared_bad_index":
                xml = re.sub(r'(t="s"[^>]*>)<v>\d+</v>', lambda m: m.group(1) + f"<v>{rng.choice(['99999', '-1', 'x', ''])}</v>",
                             xml, count=rng.randint(1, 5))  # fmt: skip
            elif op == "garbage_sheet":
                xml = rng.choice(["<worksheet>", "not xml", xml[: len(xml) // 2], ""])
            elif op == "wrong_root":
                xml = "<?xml version='1.0'?><w:document xmlns:w='x'/>"
            elif op == "dimension":
                xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
            elif op == "inline":
                xml = xml.replace("<sheetData>", '<sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>'
                                  + "x" * 100_000 + "</t></is></c></row>", 1)  # fmt: skip
            body = xml.encode()
        out.append((info, body))
    if op == "huge_shared" and "xl/sharedStrings.xml" not in names:
        ops.append("xlsx-xml:no-shared")
    return _zip_write(out)


def _bytes_op(rng: random.Random, data: bytes, suffix: str, ops: list[str]) -> bytes:
    op = rng.choice(
        ["truncate", "flip", "drop_member", "empty", "text", "other_format", "member_truncated"]
    )
    ops.append("zip:" + op)
    if op == "truncate":
        return data[: rng.randrange(0, len(data))]
    if op == "flip":
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == "empty":
        return b""
    if op == "text":
        return "Phụ lục danh mục nhiệm vụ".encode("utf-16")
    if op == "other_format":
        return rng.choice(
            [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, b"%PDF-1.4\n", b"{\\rtf1 STT}"]
        )
    try:
        parts = _zip_parts(data)
    except zipfile.BadZipFile:
        return data
    if op == "drop_member":
        parts.pop(rng.randrange(len(parts)))
        return _zip_write(parts)
    # a member whose compressed data is cut (the central directory still names it whole)
    i = rng.randrange(len(parts))
    blob = _zip_write(parts)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        info = z.infolist()[i]
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    cut = rng.randint(0, max(0, info.compress_size - 1))
    return (
        blob[: start + cut]
        + b"\0" * (info.compress_size - cut)
        + blob[start + info.compress_size :]
    )


@dataclass
class CatalogueSample:
    data: bytes | None
    suffix: str
    ops: list[str] = field(default_factory=list)
    special: str | None = None


def mutate_catalogue(rng: random.Random, office: CatalogueOffice) -> CatalogueSample:
    suffix, data = rng.choice(office.bases)
    sample = CatalogueSample(data, suffix)
    roll = rng.random()
    if roll < 0.03:
        sample.special = rng.choice(CATALOGUE_SPECIALS)
        sample.data = None
        sample.ops.append("special:" + sample.special)
        return sample
    if roll < 0.06:
        sample.ops.append("untouched")
        return sample
    for _ in range(rng.choice([1, 1, 2, 3])):
        r = rng.random()
        try:
            if r < 0.55:
                data = (_docx_cell_op if suffix == ".docx" else _xlsx_cell_op)(
                    rng, data, sample.ops
                )
            elif r < 0.85:
                data = (_docx_xml_op if suffix == ".docx" else _xlsx_xml_op)(rng, data, sample.ops)
            else:
                data = _bytes_op(rng, data, suffix, sample.ops)
        except Exception as exc:
            sample.ops.append(f"skipped:{type(exc).__name__}")
    if rng.random() < 0.04:  # the other suffix
        sample.suffix = ".xlsx" if suffix == ".docx" else ".docx"
        sample.ops.append("suffix:swapped")
    sample.data = data
    return sample


def materialise_bytes(data: bytes | None, special: str | None, folder: Path, name: str) -> Path:
    return materialise(Sample(data, 0, 0, special=special), folder, name)


SQL_TYPES = frozenset({"INTEGER", "TEXT", "REAL", "BLOB"})  # a column's type, named as SQLite does
NAMES = frozenset({"SQLite"})  # a product's name inside a Vietnamese sentence is not English text


def check_message(message: str, path: Path) -> list[str]:
    problems = []
    words = [w for w in english_words(message.replace(str(path), " ").replace(path.name, " "))
             if w not in SQL_TYPES and w not in NAMES]  # fmt: skip
    if words:
        problems.append(f"english: {words}")
    if path.name not in message:
        problems.append("english: message does not name the file")
    return problems


def run_catalogue(office: CatalogueOffice, path: Path, limit: float = 20.0) -> Outcome:
    from cchc_desktop.exchange.catalogue import CatalogueError, apply_catalogue, draft_catalogue

    store = office.store
    out = Outcome()
    before = store_state(store)
    start = time.perf_counter()
    try:
        with time_limit(limit):
            draft = draft_catalogue(store, path, office.year)
    except Hang:
        out.problems.append("hang")
        return out
    except CatalogueError as exc:
        out.message = str(exc)
        out.problems += check_message(out.message, path)
        if store_state(store) != before:
            out.problems.append("partial: a refused file changed the store")
        return out
    except Exception as exc:
        out.problems.append(f"crash: draft raised {type(exc).__name__}: {str(exc)[:200]}")
        return out
    finally:
        out.seconds = time.perf_counter() - start
    out.accepted = True
    if store_state(store) != before:
        out.problems.append("partial: drafting changed the store")
    try:
        with time_limit(limit):
            created = apply_catalogue(store, draft, office.plan_id)
        out.written = created["tasks"]
    except Hang:
        out.problems.append("hang: apply")
    except (StoreError, ValueError) as exc:  # a Vietnamese refusal at apply time
        out.message = str(exc)
        out.problems += [p for p in check_message(out.message, path) if "name the file" not in p]
    except Exception as exc:
        out.problems.append(f"crash: apply raised {type(exc).__name__}: {str(exc)[:200]}")
    if store_state(store) != before:
        try:
            store.undo()
        except Exception as exc:
            out.problems.append(f"crash: undo raised {type(exc).__name__}: {exc}")
        if store_state(store) != before:
            out.problems.append("partial: undo did not restore the store")
    elif out.written:
        out.problems.append("partial: tasks reported but nothing written")
    return out


# == databases ====================================================================================
# A file given to ``import database`` (:func:`restore_backup`), exported from a small demo
# office by the program itself, then changed with sqlite3 or its bytes broken.  Findings: a
# crash (an exception other than BackupError), a hang, a refusal with English exception text
# or without the file's path, a refused file that changed the live database (a digest of its
# rows), an accepted file that the program then cannot open or whose results are poisoned.
def db_digest(path: Path) -> str:
    import hashlib
    import sqlite3

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


@dataclass
class DatabaseOffice:
    base: bytes  # the exported database of the demo office
    live: Path  # the data folder of the office importing
    live_bytes: bytes
    tables: dict[str, list[tuple[str, str]]]  # table -> (column, declared type)
    work: Path


def build_database_office(folder: Path) -> DatabaseOffice:
    import sqlite3

    from cchc_desktop.demo import write_demo
    from cchc_desktop.paths import database_path
    from cchc_desktop.store.backup import make_backup

    folder.mkdir(parents=True, exist_ok=True)
    demo = folder / "demo"
    write_demo(demo, year=2024, today=date(2024, 9, 14))
    exported = make_backup(
        database_path(demo), folder / "xuất.sqlite3", "thucong", make_folder=False
    ).path
    live = folder / "live"
    s = Store.open(live / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", "Lê Thu"))
    u = s.org.add_unit("Phòng Nội vụ", kind="department")
    pid = s.catalogue.add_plan(2024, "Kế hoạch hiện tại")
    s.catalogue.add_task(pid, None, "Viết tin bài", timeline="Hằng quý", lead=[UnitRef("unit", u)])
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    conn = sqlite3.connect(exported)
    tables = {
        t: [(r[1], r[2]) for r in conn.execute(f'PRAGMA table_info("{t}")')]
        for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    conn.close()
    return DatabaseOffice(
        exported.read_bytes(), live, (live / "cchc.sqlite3").read_bytes(), tables, folder
    )


DB_VALUES: list[Any] = ["abc", "", "1e999", "NaN", -1, -(2**63), 2**63 - 1, 1.5, b"\x00\xff", None, "2024-02-30",
                        "31/12/2024", "9999-99-99", "ngày mai", "[]", "{}", '{"tin_bai": NaN}', '{"tin_bai": Infinity}',
                        '{"tin_bai": -Infinity}', '{"tin_bai": 1e999}', '{"tin_bai": "5"}', '{"tin_bai": [1]}',
                        '{"tin_bai": -4}', "[1, 2]", "{", "x" * 100_000, 0, 1, 7, "\ud800"]  # fmt: skip
RESULT_VALUES = ['{"tin_bai": NaN}', '{"tin_bai": Infinity}', '{"to_roi": -Infinity}', '{"tin_bai": 1e999}',
                 '{"tin_bai": 1e308}', '{"tin_bai": -0.0}', '{"tin_bai": 2.5}', '{"x": {"y": 1}}', "null", "5",
                 '{"tin_bai": true}', '{"": 1}', "[" * 5000 + "]" * 5000]  # fmt: skip


def _sql_op(rng: random.Random, office: DatabaseOffice, ops: list[str]) -> list[str]:
    tables = [t for t in office.tables if t != "_sqlite_migrations"] or list(office.tables)
    t = rng.choice(tables)
    cols = office.tables[t]
    col, ctype = rng.choice(cols)
    op = rng.choice(["drop_table", "rename_table", "drop_column", "rename_column", "add_column", "trigger", "view",
                     "table", "index", "wrong_type", "wrong_type", "result_values", "result_values", "bad_date",
                     "negative_id", "broken_fk", "user_version", "migration", "migration_delete", "delete_rows",
                     "duplicate_state", "nulls", "huge_row"])  # fmt: skip
    ops.append(f"sql:{op}")
    q = f'"{t}"'
    if op == "drop_table":
        return [f"DROP TABLE {q}"]
    if op == "rename_table":
        return [f'ALTER TABLE {q} RENAME TO "{t}_cu"']
    if op == "drop_column":
        return [f'ALTER TABLE {q} DROP COLUMN "{col}"']
    if op == "rename_column":
        return [f'ALTER TABLE {q} RENAME COLUMN "{col}" TO "{col}_x"']
    if op == "add_column":
        return [f'ALTER TABLE {q} ADD COLUMN "ghi_chu" TEXT']
    if op == "trigger":
        return [f'CREATE TRIGGER "xoa" AFTER INSERT ON {q} BEGIN DELETE FROM {q}; END']
    if op == "view":
        return [f'CREATE VIEW "{t}_v" AS SELECT * FROM {q}']
    if op == "table":
        return [
            "CREATE TABLE ghi_chu (id INTEGER PRIMARY KEY, text TEXT)",
            "INSERT INTO ghi_chu VALUES (1, 'x')",
        ]
    if op == "index":
        return [f'CREATE INDEX "idx_la" ON {q} ("{col}")']
    if op == "wrong_type":
        v = rng.choice(DB_VALUES)
        return [(f'UPDATE {q} SET "{col}" = ?', v)] if rng.random() < 0.5 else [
            (f'UPDATE {q} SET "{col}" = ? WHERE rowid = (SELECT min(rowid) FROM {q})', v)]  # fmt: skip
    if op == "result_values":
        return [('UPDATE results SET "values" = ? WHERE rowid IN (SELECT rowid FROM results LIMIT 2)',
                 rng.choice(RESULT_VALUES))]  # fmt: skip
    if op == "bad_date":
        dcols = [(tt, c) for tt, cs in office.tables.items() for c, _ in cs
                 if c.endswith(("_on", "_at", "due", "date", "start", "end"))]  # fmt: skip
        tt, c = rng.choice(dcols) if dcols else (t, col)
        v = rng.choice(["2024-02-30", "31/12/2024", "", "2024-13-01", "0000-00-00", "9999-12-31", 20240101, "x",
                        "2024-01-01T25:00:00", "-001-01-01"])  # fmt: skip
        return [(f'UPDATE "{tt}" SET "{c}" = ?', v)]
    if op == "negative_id":
        return [f"UPDATE {q} SET rowid = -rowid"]
    if op == "broken_fk":
        fk = [(tt, c) for tt, cs in office.tables.items() for c, _ in cs if c.endswith("_id")]
        tt, c = rng.choice(fk) if fk else (t, col)
        return [(f'UPDATE "{tt}" SET "{c}" = ?', rng.choice([999_999, -1, 0, "abc"]))]
    if op == "user_version":
        return [f"PRAGMA user_version = {rng.choice([-1, 1, 99, 2**31 - 1])}"]
    if op == "migration":
        return [("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) SELECT migration_set, ?, "
                 "applied_at FROM _sqlite_migrations LIMIT 1", rng.choice(["m999_tuong_lai", "", "m001_initial"]))]  # fmt: skip
    if op == "migration_delete":
        return [
            "DELETE FROM _sqlite_migrations WHERE rowid = (SELECT max(rowid) FROM _sqlite_migrations)"
        ]
    if op == "delete_rows":
        return [f"DELETE FROM {q}"]
    if op == "duplicate_state":
        return [f"INSERT INTO {q} SELECT * FROM {q}"]
    if op == "nulls":
        return ["PRAGMA writable_schema = ON",
                f"UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = '{t}'",
                "PRAGMA writable_schema = OFF"]  # fmt: skip
    return [
        (f'UPDATE {q} SET "{col}" = ? WHERE rowid = (SELECT min(rowid) FROM {q})', "Đ" * 2_000_000)
    ]


def mutate_database(rng: random.Random, office: DatabaseOffice, path: Path) -> list[str]:
    """Write a broken copy of the exported database at ``path``; return what was done."""
    import sqlite3

    ops: list[str] = []
    if path.exists() or path.is_symlink():
        path.unlink()
    path.write_bytes(office.base)
    roll = rng.random()
    if roll < 0.04:
        ops.append("untouched")
        return ops
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        for stmt in _sql_op(rng, office, ops):
            try:
                if isinstance(stmt, tuple):
                    conn.execute(*[stmt[0], (stmt[1],)])
                else:
                    conn.execute(stmt)
            except (sqlite3.Error, ValueError, OverflowError) as exc:  # incl. unencodable text
                ops.append(f"sql-skipped:{str(exc)[:40]}")
    conn.commit()
    conn.close()
    if rng.random() < 0.15:
        data = bytearray(path.read_bytes())
        op = rng.choice(["truncate", "flip", "flip_header", "empty", "text", "zero_page"])
        ops.append("bytes:" + op)
        if op == "truncate":
            data = data[: rng.randrange(0, len(data))]
        elif op == "flip":
            for _ in range(rng.randint(1, 16)):
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif op == "flip_header":
            i = rng.randrange(16, 100)
            data[i] ^= 1 << rng.randrange(8)
        elif op == "empty":
            data = bytearray()
        elif op == "text":
            data = bytearray("Đây không phải dữ liệu".encode())
        elif op == "zero_page" and len(data) > 8192:
            page = rng.randrange(1, len(data) // 4096)
            data[page * 4096 : (page + 1) * 4096] = b"\0" * 4096
        path.write_bytes(bytes(data))
    return ops


def _reset_live(office: DatabaseOffice) -> None:
    for p in office.live.iterdir():
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()
    (office.live / "cchc.sqlite3").write_bytes(office.live_bytes)


def run_database(office: DatabaseOffice, path: Path, limit: float = 20.0) -> Outcome:
    from cchc_desktop.store.backup import BackupError, restore_backup

    db = office.live / "cchc.sqlite3"
    out = Outcome()
    before = db_digest(db)
    start = time.perf_counter()
    try:
        with time_limit(limit):
            restore_backup(db, path, office.live)
    except Hang:
        out.problems.append("hang")
    except BackupError as exc:
        out.message = str(exc)
        out.problems += check_message(out.message, path)
    except Exception as exc:
        out.problems.append(f"crash: import raised {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        out.seconds = time.perf_counter() - start
    if out.message is not None or out.problems:
        try:
            if db_digest(db) != before:
                out.problems.append("partial: a refused file changed the current data")
        except Exception as exc:
            out.problems.append(f"partial: the current data cannot be read after a refusal ({exc})")
        _reset_live(office)
        return out
    out.accepted = True
    try:
        with time_limit(limit):
            s = Store.open(db)
            try:
                poisoned = _finite_and_bounded(s)
                out.written = len(s.catalogue.plans())
            finally:
                s.close()
        if poisoned:
            out.problems.append(f"poisoned: {poisoned[:3]}")
    except Hang:
        out.problems.append("hang: opening the imported data")
    except Exception as exc:
        out.problems.append(
            f"crash: the imported data does not open: {type(exc).__name__}: {str(exc)[:200]}"
        )
    _reset_live(office)
    return out


# -- the long run -------------------------------------------------------------------------------
KINDS = ("workbooks", "catalogues", "databases")
NEW_KINDS_FINDINGS = ("crash", "hang", "partial", "english", "poisoned")


def run_workbooks(args: argparse.Namespace) -> int:
    """The returned unit workbooks (the original run: same seed, same figures)."""
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cchc-fuzz-"))
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    ops: Counter[str] = Counter()
    examples: dict[str, str] = {}
    slowest = (0.0, "")
    done = 0
    try:
        office = build_office(work / "office")
        files = work / "files"
        files.mkdir()
        for i in range(args.n):
            if args.minutes and time.perf_counter() - started > args.minutes * 60:
                break
            with watchdog(case_seconds(args.time_limit)):
                try:
                    with time_limit(args.time_limit):
                        sample = mutate(rng, office)
                except Hang as exc:
                    counts["slow mutation"] += 1
                    examples.setdefault(
                        "slow mutation", f"#{i} {slow_mutation(exc, i, args.verbose)}"
                    )
                    continue
                if args.verbose:
                    print(f"#{i} {sample.ops}", file=sys.stderr)
                path = materialise(sample, files, f"phieu-{i}.xlsx")
                out = run_one(office, sample, path, args.time_limit)
            done += 1
            for op in sample.ops:
                ops[op.split(":")[0] if op.startswith("raw:") else op] += 1
            counts["accepted" if out.accepted else "refused"] += 1
            counts["rows written"] += out.written
            if out.message:
                refusals[re.sub(r"^.*?: ", "", re.sub(r"“[^”]*”", "“…”", out.message))[:70]] += 1
            if out.seconds > slowest[0]:
                slowest = (out.seconds, ",".join(sample.ops))
            for p in out.problems:
                kind = p.split(":")[0]
                counts[kind] += 1
                examples.setdefault(kind, f"#{i} {sample.ops}: {p} | {out.message}")
                if args.verbose:
                    print(f"#{i} {sample.ops}: {p}", file=sys.stderr)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.is_symlink() or path.exists():
                path.unlink()
    finally:
        with contextlib.suppress(Exception):
            office.store.close()
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    print(f"Fuzzed returned workbooks: {done} files in {elapsed:.0f} s (seed {args.seed}, "
          f"limit {args.time_limit:g} s per file; slowest {slowest[0]:.2f} s)")  # fmt: skip
    print(
        f"  accepted {counts['accepted']} (rows written {counts['rows written']}), refused {counts['refused']}"
    )
    for kind in ("crash", "hang", "cross-unit", "partial", "english", "forged", "poisoned"):
        print(f"  {kind:<11} {counts[kind]}")
    if counts["slow mutation"]:
        print(f"  (skipped: {counts['slow mutation']} mutations of the harness ran past the limit)")
    print("  most frequent refusals:")
    for text, n in refusals.most_common(12):
        print(f"    {n:>5}  {text}")
    if args.verbose:
        print("  operations:", dict(ops.most_common()))
    for kind, text in examples.items():
        print(f"  first {kind}: {text[:400]}")
    bad = sum(
        counts[k]
        for k in ("crash", "hang", "cross-unit", "partial", "english", "forged", "poisoned")
    )
    return bad


def _clean(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()


def run_new_kind(kind: str, args: argparse.Namespace) -> int:
    """Catalogues or databases: the same loop and figures; returns the number of findings."""
    rng = random.Random(f"{args.seed}-{kind}")
    work = Path(tempfile.mkdtemp(prefix=f"cchc-fuzz-{kind}-"))
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    ops: Counter[str] = Counter()
    examples: dict[str, str] = {}
    slowest = (0.0, "")
    done = 0
    office: Any = None
    try:
        files = work / "files"
        files.mkdir()
        if kind == "catalogues":
            office = build_catalogue_office(work / "office")
        else:
            office = build_database_office(work / "office")
        for i in range(args.n):
            if args.minutes and time.perf_counter() - started > args.minutes * 60:
                break
            with watchdog(case_seconds(args.time_limit)):
                path = files / f"du-lieu-{i}.sqlite3"
                try:
                    with time_limit(args.time_limit):
                        if kind == "catalogues":
                            sample = mutate_catalogue(rng, office)
                            sample_ops = sample.ops
                        else:
                            sample_ops = mutate_database(rng, office, path)
                except Hang as exc:
                    counts["slow mutation"] += 1
                    examples.setdefault(
                        "slow mutation", f"#{i} {slow_mutation(exc, i, args.verbose)}"
                    )
                    _clean(path)
                    continue
                if args.verbose:
                    print(f"#{i} {sample_ops}", file=sys.stderr)
                if kind == "catalogues":
                    path = materialise_bytes(
                        sample.data, sample.special, files, f"danh-muc-{i}{sample.suffix}"
                    )
                    out = run_catalogue(office, path, args.time_limit)
                else:
                    out = run_database(office, path, args.time_limit)
            done += 1
            for op in sample_ops:
                ops[op] += 1
            counts["accepted" if out.accepted else "refused"] += 1
            counts["written"] += out.written
            if out.message:
                text = out.message.replace(str(path), "“…”")
                refusals[re.sub(r"^.*?: ", "", re.sub(r"“[^”]*”", "“…”", text))[:70]] += 1
            if out.seconds > slowest[0]:
                slowest = (out.seconds, ",".join(sample_ops))
            for p in out.problems:
                k = p.split(":")[0]
                counts[k] += 1
                examples.setdefault(k, f"#{i} {sample_ops}: {p} | {out.message}")
                if args.verbose:
                    print(f"#{i} {sample_ops}: {p}", file=sys.stderr)
            _clean(path)
            for extra in files.glob(f"{path.name}-*"):  # -wal, -shm, -journal
                _clean(extra)
    finally:
        with contextlib.suppress(Exception):
            if kind == "catalogues" and office is not None:
                office.store.close()
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    what = "catalogues (.xlsx/.docx)" if kind == "catalogues" else "imported databases"
    unit = "tasks created" if kind == "catalogues" else "plans in the imported data"
    print(f"Fuzzed {what}: {done} files in {elapsed:.0f} s (seed {args.seed}, "
          f"limit {args.time_limit:g} s per file; slowest {slowest[0]:.2f} s)")  # fmt: skip
    print(
        f"  accepted {counts['accepted']} ({unit} {counts['written']}), refused {counts['refused']}"
    )
    for k in NEW_KINDS_FINDINGS:
        print(f"  {k:<11} {counts[k]}")
    if counts["slow mutation"]:
        print(f"  (skipped: {counts['slow mutation']} mutations of the harness ran past the limit)")
    print("  most frequent refusals:")
    for text, n in refusals.most_common(12):
        print(f"    {n:>5}  {text}")
    if args.verbose:
        print("  operations:", dict(ops.most_common()))
    for k, text in examples.items():
        print(f"  first {k}: {text[:400]}")
    return sum(counts[k] for k in NEW_KINDS_FINDINGS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000, help="số tệp thử (mỗi loại)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=20.0, help="giây tối đa cho mỗi tệp")
    ap.add_argument(
        "--minutes",
        type=float,
        default=0,
        help="dừng sau ngần ấy phút, mỗi loại (0: không giới hạn)",
    )
    ap.add_argument(
        "--kinds",
        default=",".join(KINDS),
        help="loại tệp thử, cách nhau bởi dấu phẩy: workbooks, catalogues, databases",
    )
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    if hasattr(signal, "SIGUSR1"):
        # `kill -USR1 <pid>` prints every thread's stack: where a long run spends its time
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    bad_kinds = [k for k in kinds if k not in KINDS]
    if bad_kinds or not kinds:
        ap.error(f"loại không có: {', '.join(bad_kinds) or '(trống)'}; dùng {', '.join(KINDS)}")
    bad = 0
    for kind in kinds:
        bad += run_workbooks(args) if kind == "workbooks" else run_new_kind(kind, args)
        sys.stdout.flush()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
