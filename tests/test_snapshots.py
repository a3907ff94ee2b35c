"""Issued reports: issued once, never undone, exactly as sent, and what changed since, per unit."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.issued import PLAN_WIDE, Snapshot, SnapshotChange
from cchc_desktop.store.store import Store

H1 = ("2023-H1", "6 tháng đầu năm 2023")
FIXTURES = Path(__file__).parent / "data" / "schemas"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cchc.sqlite3")
    s.org.set_office(Office("UBND huyện Mẫu", "UBND tỉnh Mẫu", "Mẫu", "Nguyễn Văn A"))
    yield s
    s.close()


def make_plan(store: Store) -> dict[str, int]:
    """A plan with one quarterly task led by a department, a commune coordinating."""
    ids = {"noi_vu": store.org.add_unit("Phòng Nội vụ", kind="department")}
    ids["xa"] = store.org.add_unit("UBND xã Đông", kind="commune")
    ids["plan"] = store.catalogue.add_plan(2023, "Tuyên truyền CCHC năm 2023")
    sec = store.catalogue.add_section(ids["plan"], "Tuyên truyền chung")
    store.catalogue.add_task(ids["plan"], sec, "Viết tin bài", timeline="Hằng quý")
    ids["task"] = store.catalogue.add_task(
        ids["plan"], sec, "Lồng ghép tuyên truyền CCHC trong các hội nghị", timeline="Hằng quý",
        lead=[UnitRef("unit", ids["noi_vu"])], coordinating=[UnitRef("unit", ids["xa"])],
        targets={"tin_bai": 4},
    )  # fmt: skip
    return ids


def first_occurrence(store: Store, plan_id: int, unit_id: int) -> int:
    return next(
        r.id for r in store.tracking.occurrence_rows(plan_id, unit_id) if r.task_number == "I.2"
    )


def issue(store: Store, plan_id: int, number: str = "57/BC-UBND", period=H1) -> int:
    return store.issued.issue_report(plan_id, *period, number, {"counts": {"done_on_time": 1}}, [])


# -- issued once -------------------------------------------------------------------------
def test_a_report_is_marked_issued_once(store: Store) -> None:
    """Rule: the same plan, period and number cannot be marked issued twice (case and spacing of
    the number aside); another number, another period or another plan can."""
    ids = make_plan(store)
    other_plan = store.catalogue.add_plan(2023, "Kế hoạch khác")
    first = issue(store, ids["plan"])
    for again in ("57/BC-UBND", " 57/bc-ubnd "):
        with pytest.raises(StoreError) as err:
            issue(store, ids["plan"], again)
        assert str(err.value).startswith(
            "Báo cáo số 57/BC-UBND kỳ 6 tháng đầu năm 2023 đã được đánh dấu ban hành lúc "
        )
        assert "Nguyễn Văn A" in str(err.value)
    issue(store, ids["plan"], "58/BC-UBND")
    issue(store, ids["plan"], "57/BC-UBND", ("2023-Q3", "Quý III năm 2023"))
    issue(store, other_plan, "57/BC-UBND")
    numbers = [s.number for s in store.issued.issued_for(ids["plan"], "2023-H1")]
    assert numbers == ["58/BC-UBND", "57/BC-UBND"]  # newest first
    assert [s.id for s in store.issued.snapshots(ids["plan"]) if s.number == "57/BC-UBND"][
        -1
    ] == first
    assert store.issued.issued_for(ids["plan"], "2023-Y") == []


def test_a_blank_number_is_marked_issued_once_too(store: Store) -> None:
    """Rule: a report may be marked issued before its number is known, but only once per plan
    and period; once the clerk fills the number, that numbered report can be marked."""
    ids = make_plan(store)
    issue(store, ids["plan"], "")
    with pytest.raises(StoreError, match="Báo cáo chưa ghi số kỳ 6 tháng đầu năm 2023 đã được"):
        issue(store, ids["plan"], "   ")
    issue(store, ids["plan"], "57/BC-UBND")
    assert [s.number for s in store.issued.issued_for(ids["plan"], "2023-H1")] == ["57/BC-UBND", ""]


def test_custom_periods_are_told_apart_by_their_dates(store: Store) -> None:
    """Rule: every custom range has the code ``custom``; two ranges are two periods."""
    ids = make_plan(store)
    issue(store, ids["plan"], "", ("custom", "Từ 01/01/2023 đến 31/03/2023"))
    issue(store, ids["plan"], "", ("custom", "Từ 01/04/2023 đến 30/06/2023"))
    with pytest.raises(StoreError, match="kỳ từ 01/04/2023 đến 30/06/2023"):
        issue(store, ids["plan"], "", ("custom", "Từ 01/04/2023 đến 30/06/2023"))


# -- never undone ------------------------------------------------------------------------
def test_issuing_is_not_undone_and_undo_goes_to_the_action_before(store: Store) -> None:
    """Rule: issuing makes no undo step; Ctrl+Z after it undoes the user's previous action (or
    nothing), and neither undo nor redo of other actions removes or restores a snapshot."""
    ids = make_plan(store)
    store.undo_log.reset()  # a fresh session: nothing to undo
    issue(store, ids["plan"])
    assert store.undo_label() is None
    assert store.undo() is None
    assert len(store.issued.snapshots(ids["plan"])) == 1

    occ = first_occurrence(store, ids["plan"], ids["noi_vu"])
    store.results.set_result(occ, "done", date(2023, 3, 20), description="Đã đăng tin")
    issue(store, ids["plan"], "58/BC-UBND")
    assert store.undo_label() == "Ghi kết quả"
    assert store.undo() == "Ghi kết quả"
    assert store.tracking.occurrence(occ).status is None  # the edit is undone …
    assert [s.number for s in store.issued.snapshots(ids["plan"])] == ["58/BC-UBND", "57/BC-UBND"]
    assert store.redo() == "Ghi kết quả"  # … and redone, the snapshots untouched
    assert store.tracking.occurrence(occ).status == "done"
    assert len(store.issued.snapshots(ids["plan"])) == 2
    assert store.issued.snapshots(ids["plan"])[0].files == ()


def test_redo_stack_survives_an_issue(store: Store) -> None:
    """Rule: issuing is outside the undo log, so it does not even clear what can be redone."""
    ids = make_plan(store)
    occ = first_occurrence(store, ids["plan"], ids["noi_vu"])
    store.results.set_result(occ, "in_progress")
    store.undo()
    issue(store, ids["plan"])
    assert store.redo() == "Ghi kết quả"
    assert (
        store.tracking.occurrence(occ).status == "in_progress"
        and len(store.issued.snapshots()) == 1
    )


def test_undoing_a_plan_deletion_links_its_issued_reports_again(store: Store) -> None:
    """Rule: deleting a plan keeps its issued reports (unlinked); undoing the deletion links
    them again, redoing it unlinks them; the reports themselves stay throughout."""
    ids = make_plan(store)
    sid = issue(store, ids["plan"])
    store.catalogue.delete_plan(ids["plan"])
    assert [(s.id, s.plan_id) for s in store.issued.snapshots()] == [(sid, None)]
    store.undo()
    assert [(s.id, s.plan_id) for s in store.issued.snapshots()] == [(sid, ids["plan"])]
    store.redo()
    assert [(s.id, s.plan_id) for s in store.issued.snapshots()] == [(sid, None)]


def test_no_undo_trigger_writes_an_insert_or_delete_of_an_issued_report(store: Store) -> None:
    """Rule: a fresh database has no undo triggers on report_snapshots or report_files but the
    one that follows a plan's deletion (an UPDATE of plan_id)."""
    triggers = {
        name: sql
        for name, sql in store.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('report_snapshots', 'report_files')"
        ).fetchall()
    }
    assert list(triggers) == ["undo_report_snapshots_plan"]
    assert "UPDATE OF plan_id" in triggers["undo_report_snapshots_plan"]


def test_an_older_file_keeps_its_issued_reports_and_loses_their_undo(tmp_path: Path) -> None:
    """Rule: upgrading a version-6 file keeps every issued report as it was (duplicates made
    before the rule included), drops their undo triggers, and marks where their changes begin."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "v6.sqlite3", path)
    conn = sqlite3.connect(path)
    with conn:
        for n in (1, 2):
            conn.execute(
                "INSERT INTO report_snapshots (id, plan_id, period_code, period_name, number, issued_at, data) "
                "VALUES (?, 1, '2023-H1', '6 tháng đầu năm 2023', '5/BC', '2999-01-01 00:00:00', '{}')",
                [n],
            )  # fmt: skip
        conn.execute(
            "INSERT INTO report_files (snapshot_id, name, sha256, content) VALUES (1, 'a.pdf', "
            "'2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', x'68656c6c6f')"
        )
    conn.close()
    s = Store.open(path)
    try:
        assert [(x.id, x.number, x.files) for x in s.issued.snapshots(1)] == [
            (2, "5/BC", ()), (1, "5/BC", ("a.pdf",)),
        ]  # fmt: skip
        assert s.issued.snapshot_file(1, "a.pdf") == b"hello"
        (newest,) = s.db.execute("SELECT MAX(id) FROM history").fetchone()
        assert {x.history_id for x in s.issued.snapshots(1)} == {newest}
        names = [
            r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ]
        assert not [n for n in names if n.startswith(("undo_report_files", "undo_report_snapshots_"))
                    and n != "undo_report_snapshots_plan"]  # fmt: skip
        with pytest.raises(StoreError, match="Báo cáo số 5/BC"):
            s.issued.issue_report(1, "2023-H1", "6 tháng đầu năm 2023", "5/BC", {}, [])
    finally:
        s.close()


# -- exactly as sent ---------------------------------------------------------------------
def test_snapshot_keeps_number_data_and_files_exactly_as_given(
    store: Store, tmp_path: Path
) -> None:
    """Rule: the snapshot binds the number, the data and the sent files (names in the order
    given, bytes checked), whatever changes later."""
    ids = make_plan(store)
    files = []
    for name, content in (("Báo cáo 6 tháng.pdf", b"%PDF-1"), ("Phụ lục.xlsx", b"PK\x03\x04")):
        (tmp_path / name).write_bytes(content)
        files.append(tmp_path / name)
    data = {
        "header": {"number": "57/BC-UBND", "place": "Vĩnh Lộc"},
        "texts": {"results": "Đã tổ chức 3 hội nghị.\nĐăng 12 tin, bài."},
        "counts": {"done_on_time": 3, "overdue": 0},
        "rate": 0.75,
        "annex2": [["1", "Phòng Nội vụ", "3"]],
        "indicators": [["Tin, bài", "tin/bài", 12, None]],
    }
    sid = store.issued.issue_report(ids["plan"], *H1, "57/BC-UBND", data, files)
    (snap,) = store.issued.snapshots(ids["plan"])
    assert (snap.id, snap.number, snap.period_code, snap.period_name) == (sid, "57/BC-UBND", *H1)
    assert snap.data == data
    assert snap.files == ("Báo cáo 6 tháng.pdf", "Phụ lục.xlsx")
    assert store.issued.snapshot_file(sid, "Phụ lục.xlsx") == b"PK\x03\x04"
    store.catalogue.update_task(ids["task"], content="Đã sửa")
    assert store.issued.snapshots(ids["plan"])[0].data == data
    assert store.issued.issued_for(ids["plan"], "2023-H1") == [snap]


def test_two_sent_files_of_one_name_are_refused(store: Store, tmp_path: Path) -> None:
    """Rule: a sent file is found again by its name, so two of one name cannot be issued."""
    ids = make_plan(store)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bc.pdf").write_bytes(folder.encode())
    with pytest.raises(StoreError, match="cùng tên “bc.pdf”"):
        store.issued.issue_report(
            ids["plan"], *H1, "1/BC", {}, [tmp_path / "a/bc.pdf", tmp_path / "b/bc.pdf"]
        )
    assert store.issued.snapshots() == []


# -- changes since, per unit -------------------------------------------------------------
def test_changes_since_are_listed_by_unit_with_old_and_new_values(store: Store) -> None:
    """Rule: after an issue, every changed field of the plan's results, assignments and tasks is
    one record, with the unit, task number, who and when, and old → new in words: statuses by
    name, dates dd/mm/yyyy, indicators by name with 1.234 numbers; the task-wide group first,
    then units in alphabetical order; newest first within a unit."""
    ids = make_plan(store)
    nv = first_occurrence(store, ids["plan"], ids["noi_vu"])
    xa = first_occurrence(store, ids["plan"], ids["xa"])
    store.results.set_result(nv, "in_progress", values={"tin_bai": 2})  # before: not a change since
    issue(store, ids["plan"])
    snap = store.issued.snapshots(ids["plan"])[0]
    store.results.set_result(xa, "not_done", reason="Thiếu kinh phí")
    store.results.set_result(nv, "done", date(2023, 3, 20), values={"tin_bai": 1234})
    store.catalogue.update_task(ids["task"], targets={"tin_bai": 6}, forms=["bao_chi"])

    groups = store.issued.changes_by_unit(snap)
    assert [name for name, _ in groups] == [PLAN_WIDE, "Phòng Nội vụ", "UBND xã Đông"]
    seen = {name: [(c.field, c.old, c.new) for c in changes] for name, changes in groups}
    assert seen == {
        PLAN_WIDE: [
            ("Hình thức tuyên truyền", "", "Báo chí"),
            ("Chỉ tiêu “Tin, bài”", "4 tin/bài", "6 tin/bài"),
        ],
        "Phòng Nội vụ": [
            ("Tình trạng", "Đang thực hiện", "Hoàn thành"),
            ("Ngày hoàn thành", "", "20/03/2023"),
            ("Tin, bài", "2 tin/bài", "1.234 tin/bài"),
        ],
        "UBND xã Đông": [
            ("Tình trạng", "", "Không thực hiện"),
            ("Lý do", "", "Thiếu kinh phí"),
        ],
    }
    change = groups[1][1][0]
    assert (change.user, change.task_number, change.occurrence) == (
        "Nguyễn Văn A", "I.2", "Hạn 31/03/2023",
    )  # fmt: skip
    assert change.task_content == "Lồng ghép tuyên truyền CCHC trong các hội nghị"
    assert re.fullmatch(
        r"\d\d/\d\d/\d{4} \d\d:\d\d · Nguyễn Văn A · I\.2 Lồng ghép tuyên truyền CCHC trong các hội nghị"
        r" \(Hạn 31/03/2023\) · Tình trạng: Đang thực hiện → Hoàn thành",
        change.text,
    )
    texts = store.issued.changes_since(snap)
    assert len(texts) == 7
    for text in texts:  # never JSON, codes or ids
        assert not re.search(r"[{}\[\]_]|occurrence|None", text), text
    # newest first overall: the task edit was the last write
    assert texts[0].endswith("Hình thức tuyên truyền: — → Báo chí")


def test_change_text_reads_as_a_sentence() -> None:
    """Rule: date and time, who, task number and (shortened) content, field: old → new."""
    change = SnapshotChange(
        "2023-07-12 09:15:33", "Nguyễn Văn A", "Phòng Nội vụ", "I.4",
        "Lồng ghép tuyên truyền cải cách hành chính trong các hội nghị, hội thảo, tập huấn của huyện",
        "Tình trạng", "Đang thực hiện", "Hoàn thành",
    )  # fmt: skip
    assert change.text == (
        "12/07/2023 09:15 · Nguyễn Văn A · I.4 Lồng ghép tuyên truyền cải cách hành chính trong "
        "các hội… · Tình trạng: Đang thực hiện → Hoàn thành"
    )
    blank = SnapshotChange("2023-07-12 09:15:33", "", "X", "I.4", "Viết", "Lý do", "Cũ", "")
    assert blank.text == "12/07/2023 09:15 · — · I.4 Viết · Lý do: Cũ → —"


def test_a_change_in_the_same_second_as_the_issue_is_told_apart(store: Store) -> None:
    """Rule: changes since the issue are the history rows written after it, not those of a later
    clock time: an edit just before the issue is not one, an edit just after it is."""
    ids = make_plan(store)
    occ = first_occurrence(store, ids["plan"], ids["noi_vu"])
    store.results.set_result(occ, "in_progress")
    issue(store, ids["plan"])
    snap = store.issued.snapshots(ids["plan"])[0]
    assert store.issued.changes_since(snap) == []
    store.results.set_result(occ, "done")
    store.db.execute("UPDATE history SET at = ?", [snap.issued_at])  # all in one second
    assert [c.new for c in store.issued.snapshot_changes(snap)] == ["Hoàn thành"]


def test_assignments_and_deleted_tasks_are_told_once(store: Store) -> None:
    """Rule: a unit added to or dropped from a task is a change of that unit; a task deleted
    after the issue is one plan-wide record, not one per result it took with it."""
    ids = make_plan(store)
    occ = first_occurrence(store, ids["plan"], ids["noi_vu"])
    store.results.set_result(occ, "done", date(2023, 3, 20))
    third = store.org.add_unit("UBND xã Tây", kind="commune")
    issue(store, ids["plan"])
    snap = store.issued.snapshots(ids["plan"])[0]
    store.catalogue.update_task(ids["task"], coordinating=[UnitRef("unit", third)])
    store.catalogue.delete_task(ids["task"])
    groups = dict(store.issued.changes_by_unit(snap))
    assert [(c.field, c.old, c.new, c.task_number) for c in groups[PLAN_WIDE]] == [
        ("Nhiệm vụ", "", "Đã xóa khỏi kế hoạch", ""),
    ]
    assert groups[PLAN_WIDE][0].task_content == "Lồng ghép tuyên truyền CCHC trong các hội nghị"
    assert [(c.field, c.old, c.new) for c in groups["UBND xã Tây"]] == [
        ("Giao việc", "", "Phối hợp")
    ]
    assert [(c.field, c.old, c.new) for c in groups["UBND xã Đông"]] == [
        ("Giao việc", "Phối hợp", "")
    ]
    assert "Phòng Nội vụ" not in groups


def test_a_report_of_a_deleted_plan_lists_no_changes(store: Store) -> None:
    ids = make_plan(store)
    issue(store, ids["plan"])
    store.catalogue.delete_plan(ids["plan"])
    snap = store.issued.snapshots()[0]
    assert snap.plan_id is None and store.issued.changes_by_unit(snap) == []
    assert isinstance(snap, Snapshot)
