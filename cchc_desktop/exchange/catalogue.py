"""Importing a task catalogue (Danh mục / Phụ lục) from a province's or department's annex.

Real annexes are Word or Excel tables with a header row repeated on every page, rows split
across pages, section rows (``I.``, ``II.1.``), merged cells and lists of units inside a
cell.  The reader finds the table, maps its columns from the Vietnamese headings (the user can
change the mapping), matches unit names to the office's units tolerantly, proposes new units
or groups for unknown names, reads every timeline, and creates the sections and tasks in one
action.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_desktop.core.legacy import to_unicode
from cchc_desktop.core.models import UnitRef
from cchc_desktop.core.numbering import from_roman
from cchc_desktop.core.text import clean_line, fold, nfc
from cchc_desktop.core.timeline import read_timeline

FIELDS = ("stt", "content", "lead", "coordinating", "product", "timeline")
FIELD_NAMES = {"stt": "STT", "content": "Nội dung công việc", "lead": "Đơn vị chủ trì/thực hiện",
               "coordinating": "Đơn vị phối hợp", "product": "Sản phẩm dự kiến", "timeline": "Thời gian thực hiện"}  # fmt: skip
_HEAD_PATTERNS = {
    "stt": (r"^stt$", r"^so tt$", r"^tt$"),
    "content": (r"noi dung", r"nhiem vu", r"ten nhiem vu"),
    "lead": (r"chu tri", r"don vi thuc hien", r"co quan thuc hien", r"don vi thuc hien"),
    "coordinating": (r"phoi hop",),
    "product": (r"san pham",),
    "timeline": (r"thoi gian", r"thoi han", r"tien do"),
}
_SECTION = re.compile(r"^\s*([IVXLC]+)((?:\.\d+)*)\s*[.:)]?\s*(.*)$")


@dataclass
class ImportedTask:
    content: str
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    product: str = ""
    timeline: str = ""


@dataclass
class ImportedSection:
    number: str  # "I", "II.1"
    title: str
    tasks: list[ImportedTask] = field(default_factory=list)


@dataclass
class CatalogueDraft:
    path: Path
    mapping: dict[str, int]
    header: list[str]
    sections: list[ImportedSection]
    loose_tasks: list[ImportedTask]  # before any section
    matches: dict[str, UnitRef | None]  # unit name as written -> match (None: new)
    proposals: dict[str, str]  # new name -> "unit:<kind>" | "group"
    unread: list[str]  # timelines the program could not read

    @property
    def task_count(self) -> int:
        return len(self.loose_tasks) + sum(len(s.tasks) for s in self.sections)

    def summary(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "sections": len(self.sections), "tasks": self.task_count,
            "units_matched": sum(1 for v in self.matches.values() if v is not None),
            "units_new": sum(1 for v in self.matches.values() if v is None),
            "timelines_unread": len(self.unread),
            "columns": {FIELD_NAMES[k]: self.header[v] if v < len(self.header) else "" for k, v in self.mapping.items()},
            "new_names": sorted(n for n, v in self.matches.items() if v is None),
        }  # fmt: skip


class CatalogueError(ValueError):
    """The file cannot be read as a catalogue; the Vietnamese message says why."""


# -- reading tables ---------------------------------------------------------------------------
def read_rows(path: Path) -> list[list[str]]:
    """Every table row of a .xlsx or .docx as NFC texts (merged cells counted once)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    raise CatalogueError(
        f"Tệp “{path.name}”: chỉ đọc được bảng trong tệp Word (.docx) hoặc Excel (.xlsx)."
    )


def _docx_rows(path: Path) -> list[list[str]]:
    try:
        from docx import Document

        doc = Document(str(path))
    except Exception as exc:
        raise CatalogueError(
            f"Tệp “{path.name}” bị hỏng hoặc không phải tệp Word (.docx): {exc}."
        ) from exc
    rows: list[list[str]] = []
    for table in doc.tables:
        for row in table.rows:
            seen: set[int] = set()
            cells = []
            for cell in row.cells:
                key = id(cell._tc)
                if key in seen:  # a merged cell is returned once per grid column
                    continue
                seen.add(key)
                cells.append(nfc("\n".join(_paragraph_text(p) for p in cell.paragraphs)).strip())
            rows.append(cells)
    return rows


def _paragraph_text(paragraph) -> str:  # noqa: ANN001
    """A paragraph's text with legacy-encoded runs (.VnTime, VNI-Times…) converted to Unicode."""
    style_font = paragraph.style.font.name if paragraph.style is not None else None
    if not paragraph.runs:
        return to_unicode(paragraph.text, style_font)
    return "".join(to_unicode(r.text, r.font.name or style_font) for r in paragraph.runs)


def _xlsx_rows(path: Path) -> list[list[str]]:
    from cchc_desktop.exchange.unit_sheets import ImportRejected, _open_workbook

    try:
        wb = _open_workbook(path)
    except ImportRejected as exc:
        raise CatalogueError(str(exc)) from exc
    best: list[list[str]] = []
    for ws in wb.worksheets:
        rows = [
            [
                to_unicode(str(c.value), c.font.name if c.font else None).strip()
                if c.value is not None
                else ""
                for c in r
            ]
            for r in ws.iter_rows()
        ]
        if _find_header(rows)[0] >= 0 and len(rows) > len(best):
            best = rows
    return best


def _match_field(text: str) -> str | None:
    f = fold(text)
    for name, patterns in _HEAD_PATTERNS.items():
        if any(re.search(p, f) for p in patterns):
            return name
    return None


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(rows[:200]):
        mapping: dict[str, int] = {}
        for c, text in enumerate(row):
            name = _match_field(text) if text else None
            if name and name not in mapping:
                mapping[name] = c
        if "content" in mapping and len(mapping) >= 3:
            return i, mapping
    return -1, {}


def _split_units(text: str) -> list[str]:
    """A cell listing units: one per line or separated by “;”, bullets removed."""
    parts = re.split(r"[;\n]+", text)
    out = []
    for p in parts:
        p = re.sub(r"^\s*[-+•*–]\s*", "", p)
        p = re.sub(r"\((?:[^()]*)\)", "", p).strip(" .,")  # "(Trung tâm HCC tỉnh)" notes
        if p:
            out.append(clean_line(p))
    return out


# -- parsing ----------------------------------------------------------------------------------
def parse_catalogue(
    path: Path, mapping: dict[str, int] | None = None
) -> tuple[list[str], dict[str, int], list, list]:
    rows = read_rows(path)
    head_i, found = _find_header(rows)
    if head_i < 0:
        raise CatalogueError(f"Tệp “{Path(path).name}”: không tìm thấy bảng danh mục (cần các cột như STT, Nội dung "
                             "công việc, Đơn vị thực hiện, Thời gian thực hiện).")  # fmt: skip
    header = rows[head_i]
    mapping = mapping or found
    header_key = [fold(h) for h in header]
    sections: list[ImportedSection] = []
    loose: list[ImportedTask] = []
    current: ImportedTask | None = None

    def cell(row: list[str], name: str) -> str:
        i = mapping.get(name)
        return row[i] if i is not None and i < len(row) else ""

    for row in rows[head_i + 1 :]:
        if not any(row):
            continue
        if [fold(c) for c in row[: len(header_key)]] == header_key:
            continue  # the header repeated on a new page
        if (
            all(re.fullmatch(r"\(?\d+\)?", c.strip()) for c in row if c.strip())
            and len([c for c in row if c.strip()]) >= 3
        ):
            continue  # a numbering row "(1) (2) (3)…" under the header
        stt, content = cell(row, "stt").strip(), cell(row, "content")
        first = next((c for c in row if c.strip()), "")
        m = _SECTION.match(stt or first)
        others = [cell(row, n) for n in ("lead", "coordinating", "timeline")]
        if m and from_roman(m.group(1)) and not any(o.strip() for o in others if o != first):
            title = m.group(3).strip() or (content if content != first else "")
            if not title and stt and content:
                title = content
            number = m.group(1) + m.group(2)
            sections.append(ImportedSection(number, clean_line(title)))
            current = None
            continue
        if re.fullmatch(r"\d+[.)]?", stt):
            current = ImportedTask(
                clean_line(content), _split_units(cell(row, "lead")), _split_units(cell(row, "coordinating")),
                clean_line(cell(row, "product")), clean_line(cell(row, "timeline")),
            )  # fmt: skip
            (sections[-1].tasks if sections else loose).append(current)
            continue
        if current is not None:  # a row split across pages continues the previous task
            current.content = clean_line(f"{current.content} {content}")
            current.lead += [u for u in _split_units(cell(row, "lead")) if u not in current.lead]
            current.coordinating += [
                u for u in _split_units(cell(row, "coordinating")) if u not in current.coordinating
            ]
            current.product = clean_line(f"{current.product} {cell(row, 'product')}")
            current.timeline = clean_line(f"{current.timeline} {cell(row, 'timeline')}")
    return header, mapping, sections, loose


# -- unit names -------------------------------------------------------------------------------
_ABBREV = [
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bhdnd\b", "hoi dong nhan dan"), (r"\bvh\s*-?\s*tt\b", "van hoa thong tin"),
    (r"\bvh\b", "van hoa"), (r"\btt\b", "trung tam"), (r"\bmttq\b", "mat tran to quoc"), (r"\bvp\b", "van phong"),
    (r"\btc\s*-?\s*kh\b", "tai chinh ke hoach"), (r"\bpt\s*&?\s*th\b", "phat thanh truyen hinh"),
]  # fmt: skip


def _key(name: str) -> str:
    f = fold(name).replace("&", " va ")
    for pat, rep in _ABBREV:
        f = re.sub(pat, rep, f)
    f = re.sub(r"[^a-z0-9 ]+", " ", f)
    f = re.sub(r"\b(huyen|tinh|thi xa|thanh pho|cac cap)\b$", "", f.strip())
    return " ".join(f.split())


def _guess_kind(name: str) -> str:
    f = fold(name)
    if f.startswith("cac ") or " cac " in f[:12]:
        return "group"
    if (
        re.search(r"\b(xa|phuong|thi tran)\b", f)
        and "ubnd" in f
        or f.startswith(("ubnd xa", "ubnd phuong", "ubnd thi tran"))
    ):
        return "unit:commune"
    if f.startswith(("phong", "van phong", "so ", "ban ")):
        return "unit:department"
    if f.startswith(("dai", "bao", "trung tam van hoa", "trung tam truyen thong")):
        return "unit:media"
    if f.startswith(("hoi ", "huyen doan", "doan ", "uy ban mat tran", "mat tran", "lien doan")):
        return "unit:mass_org"
    return "unit:other"


def match_units(store, names: list[str]) -> tuple[dict[str, UnitRef | None], dict[str, str]]:  # noqa: ANN001
    """Match names as written to the office's units and groups (tolerant of diacritics and
    abbreviations); unknown names get a proposal: a new unit of a guessed kind, or a group."""
    candidates: list[tuple[str, UnitRef]] = []
    for u in store.units():
        ref = UnitRef("unit", u.id, u.name)
        candidates.append((_key(u.name), ref))
        if u.short_name:
            candidates.append((_key(u.short_name), ref))
    for g in store.groups():
        candidates.append((_key(g.name), UnitRef("group", g.id, g.name)))
        candidates.append(
            (
                _key(re.sub(r"^(UBND|Ủy ban nhân dân)\s+", "", g.name)),
                UnitRef("group", g.id, g.name),
            )
        )
    keys = [k for k, _ in candidates]
    matches: dict[str, UnitRef | None] = {}
    proposals: dict[str, str] = {}
    for name in dict.fromkeys(names):
        k = _key(name)
        ref = next((r for ck, r in candidates if ck == k), None)
        if ref is None and k:
            close = difflib.get_close_matches(k, keys, n=1, cutoff=0.88)
            ref = candidates[keys.index(close[0])][1] if close else None
        matches[name] = ref
        if ref is None:
            proposals[name] = _guess_kind(name)
    return matches, proposals


def draft_catalogue(
    store, path: Path, year: int, mapping: dict[str, int] | None = None
) -> CatalogueDraft:  # noqa: ANN001
    header, mapping, sections, loose = parse_catalogue(path, mapping)
    all_tasks = loose + [t for s in sections for t in s.tasks]
    names = [n for t in all_tasks for n in t.lead + t.coordinating]
    matches, proposals = match_units(store, names)
    # unread, or read with a warning (a part not scheduled, a year not the plan's)
    unread = [t.timeline for t in all_tasks if read_timeline(t.timeline, year).needs_attention]
    return CatalogueDraft(Path(path), mapping, header, sections, loose, matches, proposals, unread)


def apply_catalogue(store, draft: CatalogueDraft, plan_id: int) -> dict[str, int]:  # noqa: ANN001
    """Create the proposed units and groups, then the sections and tasks, in one action."""
    created = {"units": 0, "groups": 0, "sections": 0, "tasks": 0}
    with store.action(f"Nhập danh mục từ {draft.path.name}"):
        refs: dict[str, UnitRef] = {}
        for name, ref in draft.matches.items():
            if ref is not None:
                refs[name] = ref
                continue
            proposal = draft.proposals.get(name, "unit:other")
            if proposal == "group":
                refs[name] = UnitRef("group", store.add_group(name), name)
                created["groups"] += 1
            else:
                refs[name] = UnitRef(
                    "unit", store.add_unit(name, kind=proposal.split(":", 1)[1]), name
                )
                created["units"] += 1

        def add_tasks(section_id: int | None, tasks: list[ImportedTask]) -> None:
            for t in tasks:
                store.add_task(plan_id, section_id, t.content or "(chưa có nội dung)", product=t.product,
                               timeline=t.timeline, lead=[refs[n] for n in t.lead],
                               coordinating=[refs[n] for n in t.coordinating if n not in t.lead])  # fmt: skip
                created["tasks"] += 1

        add_tasks(None, draft.loose_tasks)
        by_number: dict[str, int] = {}
        for s in draft.sections:
            parent = by_number.get(s.number.rsplit(".", 1)[0]) if "." in s.number else None
            sid = store.add_section(plan_id, s.title or s.number, parent_id=parent)
            by_number[s.number] = sid
            created["sections"] += 1
            add_tasks(sid, s.tasks)
    return created
