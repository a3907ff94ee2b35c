"""Four kinds of office set up as data each export their plan and annual report; every phrase
that names a level comes from the office's data, never from the code.

A province and a province department (as the seeds), a district, and a ward: the words of a
level (“huyện”, “thị trấn”, “Huyện ủy”, “Sở Nội vụ”…) found in any output (PDF, Word, Excel)
must be in that office's data (its settings, units, groups, plan and tasks).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.office_profile import document_defaults, resolved
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.reports.exports import export_plan, export_report
from cchc_desktop.store.store import Store

OFFICES = {
    "province": {
        "office": Office("UBND tỉnh Sông Mây", "", "Sông Mây", "Cán bộ", level="province"),
        "units": [("Sở Nội vụ", "SNV", "department"), ("Sở Thông tin và Truyền thông", "STTTT", "department"),
                  ("Báo Sông Mây", "Báo", "media"), ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ", "mass_org"),
                  ("UBND huyện Đồi Cát", "Đồi Cát", "commune"), ("UBND thị xã Bến Lở", "Bến Lở", "commune")],
        "groups": [("Các sở, ban, ngành", "department"), ("UBND các huyện, thị xã, thành phố", "commune")],
    },
    "department": {
        "office": Office("Sở Nội vụ tỉnh Sông Mây", "UBND tỉnh Sông Mây", "Sông Mây", "Cán bộ",
                         level="department", header_name="SỞ NỘI VỤ"),
        "units": [("Văn phòng Sở", "VP", "department"), ("Phòng Cải cách hành chính", "CCHC", "department"),
                  ("Trung tâm Lưu trữ lịch sử", "TTLT", "other"), ("Công đoàn cơ quan", "CĐ", "mass_org")],
        "groups": [("Các phòng, đơn vị thuộc Sở", "department")],
    },
    "district": {
        "office": Office("UBND huyện Hòa Vang Thượng", "UBND tỉnh Sông Mây", "Hòa Vang Thượng", "Cán bộ",
                         level="district", reports_to="Sở Nội vụ tỉnh Sông Mây"),
        "units": [("Phòng Nội vụ", "NV", "department"), ("Phòng Văn hóa - Thông tin", "VHTT", "department"),
                  ("Đài Truyền thanh huyện", "Đài", "media"), ("Hội Nông dân huyện", "HND", "mass_org"),
                  ("UBND thị trấn Bến Đò", "Bến Đò", "commune"), ("UBND xã An Hòa", "An Hòa", "commune")],
        "groups": [("Các phòng, ban chuyên môn", "department"), ("UBND các xã, thị trấn", "commune")],
    },
    "ward": {
        "office": Office("UBND phường Hòa Khánh", "UBND tỉnh Sông Mây", "Hòa Khánh", "Cán bộ", level="commune"),
        "units": [("Văn phòng HĐND và UBND phường", "VP", "department"),
                  ("Công chức Văn hóa - Xã hội", "VHXH", "department"),
                  ("Ủy ban MTTQ Việt Nam phường", "MTTQ", "mass_org"),
                  ("Tổ dân phố Hòa Minh", "TDP1", "other"), ("Tổ dân phố Thanh Vinh", "TDP2", "other")],
        "groups": [("Các tổ dân phố", "other")],
    },
}  # fmt: skip

# Words that tell a level, each with what in the data licenses it (itself by default): the
# Party committee and the council of a locality follow from the locality word of the office's
# own name (“Huyện ủy” from “huyện”), as the defaults per level build them.  Case-sensitive
# ones name a body (“Sở”, “Phòng”); “xã” in “xã hội” (the national motto, “chính trị - xã
# hội”) is not a commune.
LEVEL_WORDS = {
    r"huyện": [], r"tỉnh": [], r"xã(?! hội)": [], r"phường": [], r"thị trấn": [], r"thị xã": [],
    r"quận": [], r"thành phố": [], r"huyện ủy": [r"huyện"], r"tỉnh ủy": [r"tỉnh"],
    r"thành ủy": [r"thành phố"], r"thị ủy": [r"thị xã"], r"quận ủy": [r"quận"],
    r"đảng ủy": [r"xã(?! hội)", r"phường", r"thị trấn"], r"sở nội vụ": [], r"phòng nội vụ": [],
    r"(?-i:Sở)": [], r"(?-i:Phòng)": [], r"HĐND": [r"UBND"],
}  # fmt: skip


def licensed(word: str, office_name: str, data: str) -> bool:
    if found(word, data):
        return True
    return any(found(w, office_name) for w in LEVEL_WORDS[word])


def found(pattern: str, text: str) -> bool:
    return re.search(rf"(?i)(?<!\w){pattern}(?!\w)", text) is not None


def build(kind: str, folder: Path) -> Store:
    spec = OFFICES[kind]
    s = Store.open(folder / "cchc.sqlite3")
    s.org.set_office(spec["office"])
    ids = {}
    for name, short, unit_kind in spec["units"]:
        ids[name] = s.org.add_unit(name, short_name=short, kind=unit_kind)
    groups = [
        s.org.add_group(name, [u.id for u in s.org.units() if u.kind == member_kind])
        for name, member_kind in spec["groups"]
    ]
    units = list(ids.values())
    pid = s.catalogue.add_plan(2023, "Tuyên truyền cải cách hành chính năm 2023", number="",
                     purposes="Nâng cao nhận thức về cải cách hành chính.",
                     requirements="Tuyên truyền thường xuyên, đúng trọng tâm.",
                     audiences="Cán bộ, công chức, viên chức; người dân và doanh nghiệp.",
                     budget_note="Kinh phí từ dự toán năm 2023.")  # fmt: skip
    sec = s.catalogue.add_section(pid, "Tuyên truyền chung")
    s.catalogue.add_task(pid, sec, "Đăng tin, bài về dịch vụ công trực tuyến", timeline="Hằng quý",
               lead=[UnitRef("unit", units[0])], coordinating=[UnitRef("group", groups[-1])],
               forms=["cong_ttdt"], audiences=["nguoi_dan"], targets={"tin_bai": 4})  # fmt: skip
    s.catalogue.add_task(pid, sec, "Niêm yết công khai thủ tục hành chính", timeline="Quý II/2023",
               lead=[UnitRef("group", groups[-1])], forms=["niem_yet"], audiences=["doanh_nghiep"])  # fmt: skip
    s.catalogue.add_task(pid, sec, "Hội nghị tuyên truyền cho đoàn viên, hội viên", timeline="Quý III/2023",
               lead=[UnitRef("unit", next(u.id for u in s.org.units() if u.kind == "mass_org"))],
               forms=["hoi_nghi"], audiences=["cbccvc"])  # fmt: skip
    for i, occ in enumerate(s.tracking.occurrence_rows(pid)):
        if occ.role == "lead" and i % 2 == 0:
            s.results.set_result(
                occ.id, "done", occ.due, description="Đã thực hiện", values={"tin_bai": 1}
            )
    return s


def data_text(s: Store) -> str:
    """Everything the office typed or chose: the only place a level word may come from."""
    parts = [v for v in s.org.office().__dict__.values() if isinstance(v, str)]
    parts += [f"{u.name} {u.short_name}" for u in s.org.units()]
    parts += [f"{g.name} {g.note}" for g in s.org.groups()]
    for kind in ("forms", "audiences", "indicators"):
        parts += [f"{t.name} {t.unit}" for t in s.settings.terms(kind)]
    for p in s.catalogue.plans():
        parts += [str(v) for v in p.__dict__.values() if isinstance(v, str)]
        parts += [x.title for x in s.catalogue.sections(p.id)]
        parts += [f"{t.content} {t.product} {t.timeline} {t.note}" for t in s.catalogue.tasks(p.id)]
    return " ".join(parts)


def output_text(paths: list[Path]) -> str:
    parts = []
    for path in paths:
        if path.suffix == ".pdf":
            parts += [page.extract_text() or "" for page in PdfReader(str(path)).pages]
        elif path.suffix == ".docx":
            doc = Document(str(path))
            parts += [p.text for p in doc.paragraphs]
            parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        else:
            wb = load_workbook(path)
            parts += [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    return " ".join(unicodedata.normalize("NFC", " ".join(parts)).split())


@pytest.mark.parametrize("kind", list(OFFICES))
def test_every_level_word_in_the_documents_comes_from_the_office_data(
    kind: str, tmp_path: Path
) -> None:
    s = build(kind, tmp_path)
    try:
        pid = s.catalogue.plans()[0].id
        out = tmp_path / "out"
        out.mkdir()
        paths = export_plan(s, pid, ["pdf", "docx", "xlsx"], out)
        paths += export_report(s, pid, parse_period_code("2023-Y"), ["pdf", "docx", "xlsx"], out,
                               date(2023, 12, 18))  # fmt: skip
        text, data = output_text(paths), data_text(s)
        assert "Tổ chức thực hiện".upper() in text and "Chế độ báo cáo" in text
        name = s.org.office().name
        stray = [w for w in LEVEL_WORDS if found(w, text) and not licensed(w, name, data)]
        assert not stray, f"{kind}: level words not in its data: {stray}"
    finally:
        s.close()


def test_a_ward_never_says_district_words(tmp_path: Path) -> None:
    s = build("ward", tmp_path)
    try:
        pid = s.catalogue.plans()[0].id
        paths = export_plan(s, pid, ["pdf", "docx", "xlsx"], tmp_path)
        paths += export_report(s, pid, parse_period_code("2023-Y"), ["pdf", "docx", "xlsx"], tmp_path,
                               date(2023, 12, 18))  # fmt: skip
        text = output_text(paths)
        for word in ("huyện", "thị trấn", "huyện ủy", "sở nội vụ", "phòng nội vụ", "xã(?! hội)"):
            assert not found(word, text), word
        # its own words are there, from its data
        assert "TT Đảng ủy phường, TT HĐND phường (để b/c)" in text
        assert "Đề nghị Ủy ban MTTQ Việt Nam phường" in text
        assert "Đề nghị UBND tỉnh Sông Mây" in text or "UBND tỉnh Sông Mây (để b/c)" in text
    finally:
        s.close()


def test_defaults_per_level() -> None:
    ward = resolved(OFFICES["ward"]["office"])
    assert (ward.symbol, ward.reports_to, ward.head) == (
        "UBND", "UBND tỉnh Sông Mây", "Chủ tịch UBND phường Hòa Khánh"
    )  # fmt: skip
    dept = resolved(OFFICES["department"]["office"])
    assert (dept.symbol, dept.reports_to, dept.head) == (
        "SNVTSM", "UBND tỉnh Sông Mây", "Giám đốc Sở Nội vụ tỉnh Sông Mây"
    )  # fmt: skip
    assert document_defaults(dept, "plan").signer_lines == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    province = document_defaults(OFFICES["province"]["office"], "report")
    assert province.recipients[:2] == ("Bộ Nội vụ (để b/c)", "TT Tỉnh ủy, TT HĐND tỉnh (để b/c)")
