"""The victim of the crash test: heavy writes through the Store until it is killed.

``python -m tests.crash_child DB --seed N --run K`` opens the database the way the program
does and loops forever over the kinds of writes an office makes: units, plans, sections,
tasks with Vietnamese text, edits, deletes, year-to-year copies, undo and redo, results,
backups, and "imports" of 50 tasks in one user action.  Every task of an import carries the
same ``LÔ <run>-<n>`` note, so the parent can check the import landed whole or not at all.
Before an import starts its id is appended to ``journal.txt`` beside the database (flushed,
so the parent knows every batch that may have reached the file).

It prints ``ready`` once its modules are loaded so the parent times the kill from the start
of real work, not from Python's start-up.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
from datetime import date
from pathlib import Path

_WORD_TEXT = (
    "tuyên truyền cải cách hành chính thủ tục một cửa liên thông dịch vụ công trực tuyến "
    "chuyển đổi số chính quyền điện tử người dân doanh nghiệp hài lòng phản ánh kiến nghị "
    "xã phường thị trấn huyện tỉnh hội nghị tập huấn bản tin đài truyền thanh cổng thông tin "
    "pano áp phích tờ rơi cuộc thi tìm hiểu đoàn thanh niên hội phụ nữ mặt trận tổ quốc "
    "đánh giá chỉ số PAR INDEX SIPAS hằng quý hằng tháng định kỳ đột xuất Đắk Lắk Thanh Hóa"
)
WORDS = tuple(_WORD_TEXT.split())
TIMELINES = (
    "Hằng quý",
    "Hằng tháng",
    "Quý II/2024",
    "Tháng 6/2024",
    "Thường xuyên",
    "Trước 30/9/2024",
    "6 tháng đầu năm",
    "",
)
BATCH_SIZE = 50
BATCH_PREFIX = "LÔ "
MAX_TASKS = 1200  # keeps the file (and each step) small enough for hundreds of kills


def text(rng: random.Random, lo: int = 3, hi: int = 12) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    return " ".join(words).capitalize()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", type=int, default=0)
    args = parser.parse_args(argv)

    # The store loads sqlite-utils and the schema on first write or creation; they are loaded
    # here so the kill delay counts from real work.  A kill while the file is created still
    # happens (creation takes time too) and the parent checks the next start finishes it.
    import sqlite_utils  # noqa: F401

    import cchc_desktop.store.schema  # noqa: F401
    from cchc_desktop.core.models import UnitRef
    from cchc_desktop.store.backup import backup_now
    from cchc_desktop.store.errors import StoreError
    from cchc_desktop.store.store import Store

    print("ready", flush=True)
    rng = random.Random(args.seed)
    db_path: Path = args.db
    journal = open(db_path.parent / "journal.txt", "a", encoding="utf-8")  # noqa: SIM115
    store = Store.open(db_path)
    batch_no = 0

    def one(sql: str, params: tuple = ()) -> int | None:
        row = store.db.execute(sql + " ORDER BY random() LIMIT 1", params).fetchone()
        return row[0] if row else None

    def unit_refs() -> list[UnitRef]:
        ids = [r[0] for r in store.db.execute("SELECT id FROM units ORDER BY random() LIMIT 2")]
        return [UnitRef("unit", i) for i in ids]

    def add_plan() -> int:
        pid = store.catalogue.add_plan(
            rng.randint(2020, 2026), text(rng), number=f"{rng.randint(1, 999)}/KH-UBND"
        )
        for _ in range(rng.randint(1, 3)):
            store.catalogue.add_section(pid, text(rng, 2, 6))
        return pid

    def plan_id() -> int:
        return one("SELECT id FROM plans") or add_plan()

    def add_task() -> None:
        pid = plan_id()
        sid = one("SELECT id FROM sections WHERE plan_id = ?", (pid,))
        store.catalogue.add_task(
            pid, sid, text(rng), timeline=rng.choice(TIMELINES), lead=unit_refs(),
            product=text(rng, 1, 4), budget=rng.randint(0, 50) * 1_000_000,
        )  # fmt: skip

    def update_task() -> None:
        tid = one("SELECT id FROM tasks")
        if tid is not None:
            store.catalogue.update_task(
                tid, content=text(rng), timeline=rng.choice(TIMELINES), lead=unit_refs()
            )

    def delete_task() -> None:
        # Never a task of an import: the parent checks imports stay whole.
        tid = one("SELECT id FROM tasks WHERE note NOT LIKE ?", (BATCH_PREFIX + "%",))
        if tid is not None:
            store.catalogue.delete_task(tid)

    def delete_plan() -> None:
        if store.db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] > 3:
            store.catalogue.delete_plan(plan_id())

    def copy_plan() -> None:
        if store.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] < MAX_TASKS // 2:
            store.catalogue.copy_plan(plan_id(), rng.randint(2020, 2027))

    def import_batch() -> None:
        nonlocal batch_no
        batch_no += 1
        bid = f"{args.run}-{batch_no}"
        journal.write(f"start {bid}\n")
        journal.flush()
        pid = plan_id()
        sid = one("SELECT id FROM sections WHERE plan_id = ?", (pid,))
        with store.action(f"Nhập {BATCH_SIZE} nhiệm vụ"):
            for _ in range(BATCH_SIZE):
                store.catalogue.add_task(
                    pid, sid, text(rng), timeline=rng.choice(TIMELINES), lead=unit_refs(),
                    note=f"{BATCH_PREFIX}{bid}",
                )  # fmt: skip

    def set_result() -> None:
        oid = one("SELECT id FROM occurrences")
        if oid is not None:
            status = rng.choice(["done", "in_progress", "not_done", None])
            store.results.set_result(
                oid, status, completed_on=date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                reason="Chưa bố trí được kinh phí" if status == "not_done" else "",
                description=text(rng), values={"tin_bai": rng.randint(0, 20)},
            )  # fmt: skip

    def trim() -> None:
        while store.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] > MAX_TASKS:
            store.catalogue.delete_plan(one("SELECT id FROM plans"))

    ops = [
        (
            lambda: store.org.add_unit(text(rng, 2, 5), kind=rng.choice(["department", "commune"])),
            3,
        ),
        (add_plan, 2),
        (lambda: store.catalogue.add_section(plan_id(), text(rng, 2, 6)), 2),
        (add_task, 10),
        (update_task, 6),
        (delete_task, 3),
        (delete_plan, 1),
        (copy_plan, 1),
        (store.undo, 4),
        (store.redo, 2),
        (import_batch, 2),
        (set_result, 3),
    ]
    funcs = [f for f, _ in ops]
    weights = [w for _, w in ops]
    step = 0
    while True:
        step += 1
        with contextlib.suppress(StoreError):  # a refused action is normal office life
            rng.choices(funcs, weights)[0]()
        if step % 15 == 0:
            trim()
        if step % 12 == 0:
            backup_now(db_path, db_path.parent, "dinhky")


if __name__ == "__main__":
    sys.exit(main())
