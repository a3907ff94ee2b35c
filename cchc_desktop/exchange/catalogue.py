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


# Limits of a Word catalogue, as the .xlsx path has them (sizes declared by the archive are
# checked before anything is decompressed; spans and rows before python-docx builds a cell).
DOCX_MAX_BYTES = 20 * 1024 * 1024  # the .docx file itself
DOCX_MAX_PART = 20 * 1024 * 1024  # any one part uncompressed (word/document.xml above all)
DOCX_MAX_UNZIPPED = 200 * 1024 * 1024  # every part together
DOCX_MAX_RATIO = 400  # uncompressed / compressed, for parts over a megabyte (a Word table
# compresses up to ~200 times; deflate cannot go past ~1000)
DOCX_MAX_ROWS = 5000  # table rows (a real annex has a few hundred)
DOCX_MAX_COLUMNS = 64  # grid columns a cell spans or a row is wide
DOCX_MAX_SECONDS = 30.0  # reading the tables


def _docx_refusal(path: Path, why: str) -> CatalogueError:
    return CatalogueError(f"Tệp “{path.name}”: {why}; không đọc tệp này.")


def _check_docx_archive(path: Path) -> None:
    """Refuse, before anything is decompressed, a file that is not a regular file, is too
    large, or whose parts (as the archive declares them) would unpack too large or too
    suspiciously well (a zip bomb)."""
    import stat
    import zipfile

    try:
        info = path.stat()
    except OSError as exc:
        raise _docx_refusal(
            path, "không đọc được tệp (không tìm thấy hoặc không có quyền)"
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise _docx_refusal(path, "không phải một tệp thông thường")
    if info.st_size > DOCX_MAX_BYTES:
        raise _docx_refusal(
            path, f"tệp quá lớn ({info.st_size // 1024 // 1024} MB) cho một danh mục"
        )
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise CatalogueError(
            f"Tệp “{path.name}” bị hỏng hoặc không phải tệp Word (.docx); hãy mở bằng Word và "
            "lưu lại dạng .docx."
        ) from exc
    if sum(p.file_size for p in parts) > DOCX_MAX_UNZIPPED:
        raise _docx_refusal(path, "giải nén ra quá lớn (nghi là tệp độc hại)")
    for p in parts:
        if p.file_size > DOCX_MAX_PART:
            raise _docx_refusal(
                path, f"phần “{p.filename}” giải nén ra quá lớn ({p.file_size // 1024 // 1024} MB)"
            )
        if p.file_size > 1024 * 1024 and p.file_size > DOCX_MAX_RATIO * max(p.compress_size, 1):
            raise _docx_refusal(path, f"phần “{p.filename}” nén bất thường (nghi là tệp độc hại)")


def _grid_number(element, tag: str, default: int) -> int | None:
    """The ``w:val`` of ``tag`` under ``element`` as a whole number (None when not one)."""
    from docx.oxml.ns import qn

    child = element.find(tag) if element is not None else None
    if child is None:
        return default
    value = child.get(qn("w:val"))
    if value is None:
        return default
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


def _docx_rows(path: Path) -> list[list[str]]:
    """Every row of the document's tables as NFC texts, merged cells counted once.

    A cell merged across columns (``gridSpan``) is read once per row; one merged down rows
    (``vMerge``) gives the text of its first cell in every row it covers, as python-docx's
    ``row.cells`` does, but resolved here column by column (python-docx walks up the rows
    for each such cell, which a crafted file turns into minutes).  Limits: see ``DOCX_*``.
    """
    import time

    from docx.oxml.ns import qn
    from docx.table import _Cell

    path = Path(path)
    _check_docx_archive(path)
    started = time.monotonic()
    try:
        from docx import Document

        doc = Document(str(path))
        tables = doc.tables  # a document part whose root is not w:document fails only here
    except Exception as exc:
        raise CatalogueError(
            f"Tệp “{path.name}” bị hỏng hoặc không phải tệp Word (.docx); hãy mở bằng Word và "
            "lưu lại dạng .docx."
        ) from exc
    tr_tag, tc_tag, tcpr_tag, trpr_tag = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:trPr")
    span_tag, vmerge_tag = qn("w:gridSpan"), qn("w:vMerge")
    # 1. the shape of every table, before a single cell object is made
    shapes = []  # per table: per row: (grid_before, [(tc, span, continues)])
    n_rows = 0
    for table in tables:
        rows = []
        for tr in table._tbl.iterchildren(tr_tag):
            n_rows += 1
            if n_rows > DOCX_MAX_ROWS:
                raise _docx_refusal(path, f"bảng có hơn {DOCX_MAX_ROWS} dòng")
            trpr = tr.find(trpr_tag)
            before = _grid_number(trpr, qn("w:gridBefore"), 0)
            after = _grid_number(trpr, qn("w:gridAfter"), 0)
            cells, width = [], (before or 0) + (after or 0)
            for tc in tr.iterchildren(tc_tag):
                tcpr = tc.find(tcpr_tag)
                span = _grid_number(tcpr, span_tag, 1)
                if span is None or before is None or after is None or span < 1:
                    raise _docx_refusal(path, f"ô gộp ở dòng {n_rows} có số cột không hợp lệ")
                width += span
                if width > DOCX_MAX_COLUMNS:
                    raise _docx_refusal(
                        path, f"dòng {n_rows} rộng hơn {DOCX_MAX_COLUMNS} cột (ô gộp bất thường)"
                    )
                merge = tcpr.find(vmerge_tag) if tcpr is not None else None
                continues = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
                cells.append((tc, span, continues))
            rows.append((before or 0, cells))
        shapes.append((table, rows))
        if time.monotonic() - started > DOCX_MAX_SECONDS:
            raise _docx_refusal(path, f"đọc quá {DOCX_MAX_SECONDS:.0f} giây")
    # 2. the texts, row by row, within the time budget
    out: list[list[str]] = []
    fonts: dict = {}  # paragraph style -> its font
    for table, rows in shapes:
        above: dict[int, object] = {}  # grid offset -> the tc that starts there in the row above
        for before, cells in rows:
            if time.monotonic() - started > DOCX_MAX_SECONDS:
                raise _docx_refusal(path, f"đọc quá {DOCX_MAX_SECONDS:.0f} giây")
            here: dict[int, object] = {}
            seen: set[int] = set()
            texts = []
            offset = before
            for tc, span, continues in cells:
                origin = above.get(offset, tc) if continues else tc  # the merge's first cell
                here[offset] = origin
                offset += span
                if id(origin) in seen:
                    continue
                seen.add(id(origin))
                cell = _Cell(origin, table)
                lines = (_paragraph_text(p, fonts) for p in cell.paragraphs)
                texts.append(nfc("\n".join(lines)).strip())
            above = here
            out.append(texts)
    return out


def _paragraph_text(paragraph, fonts: dict | None = None) -> str:
    """A paragraph's text with legacy-encoded runs (.VnTime, VNI-Times…) converted to Unicode.

    ``fonts`` remembers each paragraph style's font: python-docx finds a style by scanning
    every style of the document, milliseconds per paragraph, minutes on a long annex."""
    key = paragraph._p.style
    if fonts is None or key not in fonts:
        style = paragraph.style
        font = style.font.name if style is not None else None
        if fonts is None:
            fonts = {}
        fonts[key] = font
    style_font = fonts[key]
    if not paragraph.runs:
        return to_unicode(paragraph.text, style_font)
    return "".join(to_unicode(r.text, r.font.name or style_font) for r in paragraph.runs)


def _xlsx_rows(path: Path) -> list[list[str]]:
    from cchc_desktop.exchange.unit_sheets import ImportRejected, _open_workbook

    try:
        wb = _open_workbook(path)
    except ImportRejected as exc:
        raise CatalogueError(str(exc)) from exc
    from openpyxl.utils import get_column_letter

    best: list[list[str]] = []
    for ws in wb.worksheets:
        # Only the cells the file holds (a lone cell at XFD1048576 must not make the reader walk
        # seventeen billion empty ones); a value beyond an annex's size is refused, as in Word.
        cells = [(r, c, cell) for (r, c), cell in ws._cells.items() if cell.value is not None]
        if not cells:
            continue
        last_row, last_col = max(r for r, _, _ in cells), max(c for _, c, _ in cells)
        if last_row > DOCX_MAX_ROWS or last_col > DOCX_MAX_COLUMNS:
            raise CatalogueError(
                f"Tệp “{path.name}”, sheet “{ws.title}”: có dữ liệu ở ô "
                f"{get_column_letter(last_col)}{last_row}, ngoài cỡ một danh mục "
                f"({DOCX_MAX_ROWS} dòng, {DOCX_MAX_COLUMNS} cột); không đọc tệp này."
            )
        rows = [[""] * last_col for _ in range(last_row)]
        for r, c, cell in cells:
            font = cell.font.name if cell.font else None
            rows[r - 1][c - 1] = to_unicode(str(cell.value), font).strip()
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


def match_units(store, names: list[str]) -> tuple[dict[str, UnitRef | None], dict[str, str]]:
    """Match names as written to the office's units and groups (tolerant of diacritics and
    abbreviations); unknown names get a proposal: a new unit of a guessed kind, or a group."""
    candidates: list[tuple[str, UnitRef]] = []
    for u in store.org.units():
        ref = UnitRef("unit", u.id, u.name)
        candidates.append((_key(u.name), ref))
        if u.short_name:
            candidates.append((_key(u.short_name), ref))
    for g in store.org.groups():
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
) -> CatalogueDraft:
    header, mapping, sections, loose = parse_catalogue(path, mapping)
    all_tasks = loose + [t for s in sections for t in s.tasks]
    names = [n for t in all_tasks for n in t.lead + t.coordinating]
    matches, proposals = match_units(store, names)
    # unread, or read with a warning (a part not scheduled, a year not the plan's)
    unread = [t.timeline for t in all_tasks if read_timeline(t.timeline, year).needs_attention]
    return CatalogueDraft(Path(path), mapping, header, sections, loose, matches, proposals, unread)


def _all_tasks(draft: CatalogueDraft) -> list[ImportedTask]:
    return draft.loose_tasks + [t for s in draft.sections for t in s.tasks]


def duplicate_tasks(store, draft: CatalogueDraft, plan_id: int) -> list[ImportedTask]:
    """Tasks of the draft the plan already holds: the same content, ignoring diacritics, case
    and spacing (an annex imported twice, or into a plan copied from last year)."""
    have = {fold(t.content) for t in store.catalogue.tasks(plan_id)}
    return [t for t in _all_tasks(draft) if fold(t.content) in have]


def empty_groups(store, draft: CatalogueDraft) -> list[str]:
    """Groups the import would give tasks to that have no member unit: new groups (created
    empty) and existing ones with no members.  Their tasks would be assigned to nobody."""
    named = {n for t in _all_tasks(draft) for n in t.lead + t.coordinating}
    members = {g.id: g.member_ids for g in store.org.groups()}
    out = []
    for name in dict.fromkeys(n for n in draft.matches if n in named):
        ref = draft.matches[name]
        if ref is None and draft.proposals.get(name) == "group":
            out.append(name)
        elif ref is not None and ref.kind == "group" and not members.get(ref.id):
            out.append(ref.name or name)
    return list(dict.fromkeys(out))


def apply_catalogue(
    store,
    draft: CatalogueDraft,
    plan_id: int,
    skip_duplicates: bool = False,
) -> dict[str, int]:
    """Create the proposed units and groups, then the sections and tasks, in one action;
    with ``skip_duplicates``, tasks the plan already holds (:func:`duplicate_tasks`) are left
    out (``created["skipped"]`` counts them)."""
    created = {"units": 0, "groups": 0, "sections": 0, "tasks": 0, "skipped": 0}
    skip = {id(t) for t in duplicate_tasks(store, draft, plan_id)} if skip_duplicates else set()
    with store.action(f"Nhập danh mục từ {draft.path.name}"):
        refs: dict[str, UnitRef] = {}
        for name, ref in draft.matches.items():
            if ref is not None:
                refs[name] = ref
                continue
            proposal = draft.proposals.get(name, "unit:other")
            if proposal == "group":
                refs[name] = UnitRef("group", store.org.add_group(name), name)
                created["groups"] += 1
            else:
                refs[name] = UnitRef(
                    "unit", store.org.add_unit(name, kind=proposal.split(":", 1)[1]), name
                )
                created["units"] += 1

        def add_tasks(section_id: int | None, tasks: list[ImportedTask]) -> None:
            for t in tasks:
                if id(t) in skip:
                    created["skipped"] += 1
                    continue
                store.catalogue.add_task(plan_id, section_id, t.content or "(chưa có nội dung)", product=t.product,
                               timeline=t.timeline, lead=[refs[n] for n in t.lead],
                               coordinating=[refs[n] for n in t.coordinating if n not in t.lead])  # fmt: skip
                created["tasks"] += 1

        add_tasks(None, draft.loose_tasks)
        by_number: dict[str, int] = {}
        # skipping what the plan holds: a section of the same title is the one already there
        existing = ({(x.parent_id, fold(x.title)): x.id for x in store.catalogue.sections(plan_id)}
                    if skip_duplicates else {})  # fmt: skip
        for s in draft.sections:
            parent = by_number.get(s.number.rsplit(".", 1)[0]) if "." in s.number else None
            sid = existing.get((parent, fold(s.title or s.number)))
            if sid is None:
                sid = store.catalogue.add_section(plan_id, s.title or s.number, parent_id=parent)
                created["sections"] += 1
            by_number[s.number] = sid
            add_tasks(sid, s.tasks)
    return created
