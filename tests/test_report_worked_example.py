"""A worked example: a small plan whose five reports were counted by hand.

The plan (2023) has four units — Phòng Nội vụ (A), Phòng Văn hóa (B), UBND xã Một (X1) and
UBND xã Hai (X2), the two communes forming the group “Các xã” — and seven tasks:

T1 “Quý I/2023” (due 31/03), lead A, coordinating the communes; target 1 hội nghị; budget
   10.000.000 đồng.  A done 20/03 (1 hội nghị, 100 người, 8.000.000 đồng); X1 helped, done 20/03
   (1 hội nghị, 30 người); X2 reported nothing.
T2 “Quý II/2023” (30/06), a contest led by A with both communes coordinating: each reports
   1 cuộc thi, done 25/06.  It is one contest: the total is 1, the communes' 2 are shown apart.
T3 “Hằng quý” fanned out to both communes as lead (31/03, 30/06, 30/09, 31/12), 4 tin/bài a
   year each.  X1: 15/03 (1), 20/06 (1), 10/09 (2), 20/12 (1).  X2: 10/04 late (1), nothing
   for Q2, 01/09 (1), nothing for Q4.
T4 “Hằng tháng” lead B, 24 lượt phát sóng a year: done on each due date with 2, except May
   and December (nothing).
T5 “Tháng 12/2023” lead B (31/12): nothing yet.
T6 “Trước ngày 30/6/2023” lead A: done late on 10/07 (3 tin/bài): in progress in the 6-month
   report, carried over into Quý III.
T7 “Thường xuyên” lead A, one occurrence per quarter (14/03, 14/06, 14/09, 14/12): done 01/03
   and 01/06, not carried out in Q3 (no budget), nothing in Q4.

Each report takes its figures at its cut-off (14/03, 14/06, 14/09, 14/09, 14/12).  The table
below is the hand count under the rules in ``core.report_rules``: a task is done when all its
lead units' occurrences in the report are; shares (lượt) are each lead unit's occurrences;
quantities add the lead units' results known at the data date; coordinating units' figures
stand apart.  The program's PDF text, xlsx cells and docx paragraphs must say the same.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.periods import parse_period_code
from cchc_desktop.reports.document_office import figure
from cchc_desktop.reports.exports import export_report
from cchc_desktop.reports.periodic import build_report
from cchc_desktop.store.store import Store

TODAY = date(2024, 1, 10)  # every period has ended: figures are taken at each cut-off

# period: (tasks ot, late, in progress, overdue, not done), (shares the same), Phụ lục II rows
# (name, total, ot, late, ip, od, nd, rate, coordinating), quantities (period), running total,
# coordinating units' own figures, carried-over tasks.
HAND = {
    "2023-Q1": {
        "tasks": (1, 0, 3, 0, 0),
        "shares": (3, 0, 4, 0, 0),
        "units": [
            ("Phòng Nội vụ", 2, 1, 0, 1, 0, 0, "50,0%", 0),
            ("Phòng Văn hóa", 3, 2, 0, 1, 0, 0, "66,7%", 0),
            ("UBND xã Một", 1, 0, 0, 1, 0, 0, "0,0%", 1),
            ("UBND xã Hai", 1, 0, 0, 1, 0, 0, "0,0%", 1),
        ],
        "period": {"luot_phat_song": 4},
        "ytd": {"luot_phat_song": 4},
        "coordinating": {},
        "carried": 0,
        "money": "chưa có số liệu",
    },
    "2023-H1": {
        "tasks": (2, 0, 3, 1, 0),
        "shares": (8, 1, 5, 1, 0),
        "units": [
            ("Phòng Nội vụ", 5, 3, 0, 2, 0, 0, "60,0%", 0),
            ("Phòng Văn hóa", 6, 4, 0, 1, 1, 0, "66,7%", 0),
            ("UBND xã Một", 2, 1, 0, 1, 0, 0, "50,0%", 2),
            ("UBND xã Hai", 2, 0, 1, 1, 0, 0, "50,0%", 2),
        ],
        "period": {
            "hoi_nghi": 1,
            "luot_nguoi": 100,
            "kinh_phi": 8_000_000,
            "tin_bai": 2,
            "luot_phat_song": 8,
        },  # fmt: skip
        "ytd": {
            "hoi_nghi": 1,
            "luot_nguoi": 100,
            "kinh_phi": 8_000_000,
            "tin_bai": 2,
            "luot_phat_song": 8,
        },  # fmt: skip
        "coordinating": {"hoi_nghi": 1, "luot_nguoi": 30},
        "carried": 0,
        "money": "8.000.000 đồng",
    },
    "2023-Q3": {
        "tasks": (1, 1, 0, 2, 1),
        "shares": (7, 1, 1, 2, 1),
        "units": [
            ("Phòng Nội vụ", 3, 1, 1, 0, 0, 1, "66,7%", 0),
            ("Phòng Văn hóa", 5, 3, 0, 1, 1, 0, "60,0%", 0),
            ("UBND xã Một", 2, 2, 0, 0, 0, 0, "100,0%", 1),
            ("UBND xã Hai", 2, 1, 0, 0, 1, 0, "50,0%", 2),
        ],
        "period": {"cuoc_thi": 1, "tin_bai": 7, "luot_phat_song": 6},
        "ytd": {
            "hoi_nghi": 1,
            "luot_nguoi": 100,
            "kinh_phi": 8_000_000,
            "cuoc_thi": 1,
            "tin_bai": 9,
            "luot_phat_song": 14,
        },  # fmt: skip
        "coordinating": {"cuoc_thi": 2},
        "carried": 2,  # T2 (done 25/06, after the 6-month cut-off) and T6
        "money": "chưa có số liệu trong kỳ, lũy kế năm 8.000.000 đồng",
    },
    "2023-9M": {
        "tasks": (2, 1, 0, 2, 1),
        "shares": (15, 2, 1, 2, 1),
        "units": [
            ("Phòng Nội vụ", 6, 4, 1, 0, 0, 1, "83,3%", 0),
            ("Phòng Văn hóa", 9, 7, 0, 1, 1, 0, "77,8%", 0),
            ("UBND xã Một", 3, 3, 0, 0, 0, 0, "100,0%", 2),
            ("UBND xã Hai", 3, 1, 1, 0, 1, 0, "66,7%", 2),
        ],
        "period": {
            "hoi_nghi": 1,
            "luot_nguoi": 100,
            "kinh_phi": 8_000_000,
            "cuoc_thi": 1,
            "tin_bai": 9,
            "luot_phat_song": 14,
        },  # fmt: skip
        "ytd": {
            "hoi_nghi": 1,
            "luot_nguoi": 100,
            "kinh_phi": 8_000_000,
            "cuoc_thi": 1,
            "tin_bai": 9,
            "luot_phat_song": 14,
        },  # fmt: skip
        "coordinating": {"hoi_nghi": 1, "luot_nguoi": 30, "cuoc_thi": 2},
        "carried": 0,
        "money": "8.000.000 đồng",
    },
    "2023-Y": {
        "tasks": (2, 1, 2, 2, 0),
        "shares": (18, 2, 5, 2, 1),
        "units": [
            ("Phòng Nội vụ", 7, 4, 1, 1, 0, 1, "71,4%", 0),
            ("Phòng Văn hóa", 13, 10, 0, 2, 1, 0, "76,9%", 0),
            ("UBND xã Một", 4, 3, 0, 1, 0, 0, "75,0%", 2),
            ("UBND xã Hai", 4, 1, 1, 1, 1, 0, "50,0%", 2),
        ],
        "period": {
            "hoi_nghi": 1,
            "luot_nguoi": 100,
            "kinh_phi": 8_000_000,
            "cuoc_thi": 1,
            "tin_bai": 9,
            "luot_phat_song": 20,
        },  # fmt: skip
        "ytd": {
            "hoi_nghi": 1,
            "luot_nguoi": 100,
            "kinh_phi": 8_000_000,
            "cuoc_thi": 1,
            "tin_bai": 9,
            "luot_phat_song": 20,
        },  # fmt: skip
        "coordinating": {"hoi_nghi": 1, "luot_nguoi": 30, "cuoc_thi": 2},
        "carried": 0,
        "money": "8.000.000 đồng",
    },
}
TARGETS = {"hoi_nghi": 1, "tin_bai": 8, "luot_phat_song": 24, "kinh_phi": 10_000_000}
BUCKET_ORDER = ("done_on_time", "done_late", "in_progress", "overdue", "not_done")


def _office(path: Path) -> tuple[Store, int]:
    s = Store.open(path)
    s.org.set_office(Office("UBND huyện Mẫu", "UBND tỉnh Mẫu", "Mẫu", "Cán bộ"))
    a = s.org.add_unit("Phòng Nội vụ", kind="department")
    b = s.org.add_unit("Phòng Văn hóa", kind="department")
    x1 = s.org.add_unit("UBND xã Một", kind="commune")
    x2 = s.org.add_unit("UBND xã Hai", kind="commune")
    communes = s.org.add_group("Các xã", [x1, x2])
    pid = s.catalogue.add_plan(
        2023, "Tuyên truyền cải cách hành chính năm 2023", number="7/KH-UBND"
    )
    sec = s.catalogue.add_section(pid, "Nhiệm vụ")
    unit, group = (lambda i: UnitRef("unit", i)), UnitRef("group", communes)
    t = {
        1: s.catalogue.add_task(pid, sec, "T1 Hội nghị quán triệt", lead=[unit(a)], coordinating=[group],
                      timeline="Quý I/2023", forms=("hoi_nghi",), targets={"hoi_nghi": 1},
                      budget=10_000_000),
        2: s.catalogue.add_task(pid, sec, "T2 Cuộc thi tìm hiểu", lead=[unit(a)], coordinating=[group],
                      timeline="Quý II/2023", forms=("hoi_thi",)),
        3: s.catalogue.add_task(pid, sec, "T3 Tin bài của các xã", lead=[group], timeline="Hằng quý",
                      forms=("cong_ttdt",), targets={"tin_bai": 4}),
        4: s.catalogue.add_task(pid, sec, "T4 Phát thanh hằng tháng", lead=[unit(b)], timeline="Hằng tháng",
                      forms=("loa",), targets={"luot_phat_song": 24}),
        5: s.catalogue.add_task(pid, sec, "T5 Pano cuối năm", lead=[unit(b)], timeline="Tháng 12/2023",
                      forms=("pano",)),
        6: s.catalogue.add_task(pid, sec, "T6 Bài báo", lead=[unit(a)], timeline="Trước ngày 30/6/2023",
                      forms=("bao_chi",)),
        7: s.catalogue.add_task(pid, sec, "T7 Mạng xã hội", lead=[unit(a)], timeline="Thường xuyên",
                      forms=("mang_xa_hoi",)),
    }  # fmt: skip
    occ = {(r.task_id, r.unit_id, r.due): r.id for r in s.tracking.occurrence_rows(pid)}

    def done(task: int, who: int, due: date, on: date, **values: float) -> None:
        s.results.set_result(occ[(t[task], who, due)], "done", on, values=values)

    done(1, a, date(2023, 3, 31), date(2023, 3, 20), hoi_nghi=1, luot_nguoi=100, kinh_phi=8_000_000)
    done(1, x1, date(2023, 3, 31), date(2023, 3, 20), hoi_nghi=1, luot_nguoi=30)
    for who in (a, x1, x2):
        done(2, who, date(2023, 6, 30), date(2023, 6, 25), cuoc_thi=1)
    done(3, x1, date(2023, 3, 31), date(2023, 3, 15), tin_bai=1)
    done(3, x1, date(2023, 6, 30), date(2023, 6, 20), tin_bai=1)
    done(3, x1, date(2023, 9, 30), date(2023, 9, 10), tin_bai=2)
    done(3, x1, date(2023, 12, 31), date(2023, 12, 20), tin_bai=1)
    done(3, x2, date(2023, 3, 31), date(2023, 4, 10), tin_bai=1)
    done(3, x2, date(2023, 9, 30), date(2023, 9, 1), tin_bai=1)
    for r in s.tracking.occurrence_rows(pid):
        if r.task_id == t[4] and r.due.month not in (5, 12):
            done(4, b, r.due, r.due, luot_phat_song=2)
    done(6, a, date(2023, 6, 30), date(2023, 7, 10), tin_bai=3)
    done(7, a, date(2023, 3, 14), date(2023, 3, 1))
    done(7, a, date(2023, 6, 14), date(2023, 6, 1))
    s.results.set_result(
        occ[(t[7], a, date(2023, 9, 14))], "not_done", reason="Chưa bố trí kinh phí"
    )
    return s, pid


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, int]:
    return _office(tmp_path_factory.mktemp("worked") / "cchc.sqlite3")


@pytest.mark.parametrize("code", list(HAND))
def test_figures_equal_the_hand_count(office: tuple[Store, int], code: str) -> None:
    """Each report's task and share counts, per-unit rows, quantities, running totals, targets
    and money are the hand count above."""
    s, pid = office
    hand = HAND[code]
    r = build_report(s, pid, parse_period_code(code), TODAY, saved_texts=False)
    f = r.figures
    assert tuple(f.task_counts[b] for b in BUCKET_ORDER) == hand["tasks"]
    assert tuple(f.share_counts[b] for b in BUCKET_ORDER) == hand["shares"]
    got_units = [
        (u.unit_name, u.total, *(u.counts[b] for b in BUCKET_ORDER), row[8], u.coordinating)
        for u, row in zip(f.units, r.annex2, strict=False)
    ]
    assert got_units == hand["units"]
    assert {c: i.period for c, i in f.indicators.items() if i.period is not None} == hand["period"]
    assert {
        c: i.year_to_date for c, i in f.indicators.items() if i.year_to_date is not None
    } == hand["ytd"]
    assert {c: i.coordinating for c, i in f.indicators.items() if i.coordinating} == hand[
        "coordinating"
    ]
    assert {c: i.year_target for c, i in f.indicators.items() if i.year_target} == TARGETS
    assert sum(1 for t in f.tasks.values() if t.carried) == hand["carried"]
    # Phụ lục I lists exactly the tasks counted; its total row of Phụ lục II adds up
    assert sum(1 for row in r.annex1 if not isinstance(row, str)) == sum(hand["tasks"])
    total = r.annex2[-1]
    assert total[1] == "Tổng cộng" and total[2] == str(sum(hand["shares"]))


@pytest.mark.parametrize("code", list(HAND))
def test_pdf_xlsx_and_docx_say_the_same(
    office: tuple[Store, int], code: str, tmp_path: Path
) -> None:
    """The headline sentence, the status table, Phụ lục II and the Dữ liệu sheet of every file
    carry the hand count; a recount of the Dữ liệu sheet's lead rows gives Phụ lục II."""
    s, pid = office
    hand = HAND[code]
    paths = export_report(s, pid, parse_period_code(code), ["pdf", "xlsx", "docx"], tmp_path, TODAY)
    pdf, xlsx, docx = (
        next(p for p in paths if p.suffix == ext) for ext in (".pdf", ".xlsx", ".docx")
    )
    done, total = sum(hand["tasks"][:2]), sum(hand["tasks"])
    headline = f"đã hoàn thành {done}/{total} nhiệm vụ"
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert headline in text
    assert f"Kinh phí đã sử dụng cho công tác tuyên truyền: {hand['money']}" in text
    assert "0 đồng" not in text.replace("000 đồng", "")
    words = " ".join(p.text for p in Document(str(docx)).paragraphs)
    assert headline in words

    wb = load_workbook(xlsx)
    sheet_text = " ".join(str(c.value) for row in wb["Báo cáo"].iter_rows() for c in row if c.value)
    assert headline in sheet_text
    annex2 = [
        [c.value for c in row] for row in wb["Phụ lục II"].iter_rows(min_row=6) if row[1].value
    ]
    by_name = {row[1]: row for row in annex2}
    for name, n, *counts, rate, coordinating in hand["units"]:  # figures stored as numbers
        assert by_name[name][2:10] == [n, *counts, figure(rate)[0], coordinating]
    data = list(wb["Dữ liệu"].iter_rows(values_only=True))
    head, rows = data[0], [dict(zip(data[0], r, strict=False)) for r in data[1:]]
    assert head[:13] == ("Cơ quan", "Năm", "Kỳ", "STT nhiệm vụ", "Nhiệm vụ", "Đơn vị", "Vai trò",
                         "Hạn", "Tình trạng", "Ngày hoàn thành", "Kết quả", "Chuyển từ kỳ trước",
                         "Tính đến ngày")  # fmt: skip
    lead = [r for r in rows if r["Vai trò"] == "Chủ trì"]
    assert len(lead) == sum(hand["shares"])
    for name, n, *_ in hand["units"]:
        assert sum(1 for r in lead if r["Đơn vị"] == name) == n
    tin_bai = sum(r["Tin, bài"] or 0 for r in lead if r["Ngày hoàn thành"] is None
                  or r["Ngày hoàn thành"].date() <= r["Tính đến ngày"].date())  # fmt: skip
    assert tin_bai == hand["period"].get("tin_bai", 0)
    assert {r["Cơ quan"] for r in rows} == {"UBND huyện Mẫu"}


def test_the_wording_follows_the_figures(office: tuple[Store, int]) -> None:
    """Generated sections read as an officer writes: Vietnamese numbers, the unit most behind
    named first with its counts and rate, the previous report compared, “kỳ tới” from what falls
    due next, and no “0 đồng”."""
    s, pid = office
    q3 = build_report(s, pid, parse_period_code("2023-Q3"), TODAY, saved_texts=False)
    assert "So với báo cáo 6 tháng đầu năm 2023" in q3.texts.results
    assert "tăng từ 33,3% lên 40,0%" in q3.texts.results
    assert "(trong đó 2 nhiệm vụ chuyển từ kỳ trước)" in q3.texts.issuance
    # Phòng Văn hóa and UBND xã Hai are one share behind each; Phòng Nội vụ's is not carried out
    assert "Phòng Nội vụ (1 lượt không thực hiện, đạt 66,7%)" in q3.texts.shortcomings
    assert "chưa bố trí kinh phí (1 lượt)" in q3.texts.shortcomings
    assert "Trong quý IV năm 2023, tập trung thực hiện:" in q3.texts.next_tasks
    assert "T5 Pano cuối năm" in q3.texts.next_tasks
    year = build_report(s, pid, parse_period_code("2023-Y"), TODAY, saved_texts=False)
    assert (
        "Xây dựng, ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2024"
        in year.texts.next_tasks
    )
    assert "T3 Tin bài của các xã" not in year.texts.next_tasks
    t3 = next(row for row in year.annex1 if not isinstance(row, str) and row[1].startswith("T3"))
    assert t3[6].startswith(
        "0/2 đơn vị hoàn thành; 1 đang thực hiện trong hạn; 1 quá hạn chưa hoàn thành"
    )
    t2 = next(row for row in year.annex1 if not isinstance(row, str) and row[1].startswith("T2"))
    assert "Cuộc thi 1" in t2[6] and "Phối hợp (không cộng vào số liệu trên)" in t2[6]
