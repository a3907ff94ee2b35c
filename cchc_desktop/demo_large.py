"""A “ten-year office” for benchmarks: 10 yearly plans × 40 units × 200 tasks, all results in.

Deterministic (seeded).  Rows are written with SQL in one transaction per year (the undo log
is not recording, so the generator is fast), but through the same tables and triggers the
program uses: assignments fan out to communes, every occurrence gets a result (first “in
progress”, then its final state, so the history holds about a million rows), some with evidence.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.core.occurrences import occurrences_for, task_rule
from cchc_desktop.paths import database_path
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store

TIMELINES = ["Hằng tháng", "Hằng quý", "Thường xuyên", "Quý II/{y}", "Quý III-IV/{y}", "Tháng 3/{y}",
             "Định kỳ 6 tháng/01 lần", "Trước ngày 30/6/{y}", "Trong năm {y}", "Khi có yêu cầu"]  # fmt: skip
WORDS = (
    "Tuyên truyền",
    "Phổ biến",
    "Tổ chức",
    "Xây dựng",
    "Đăng tải",
    "Hướng dẫn",
    "Niêm yết",
    "Khảo sát",
)
TOPICS = ("dịch vụ công trực tuyến", "thủ tục hành chính", "cơ chế một cửa", "chuyển đổi số", "văn hóa công vụ",
          "chỉ số hài lòng SIPAS", "cải cách tổ chức bộ máy", "thanh toán trực tuyến")  # fmt: skip


def write_large(folder: Path, last_year: int | None = None, years: int = 10, units: int = 40,
                tasks: int = 200, seed: int = 2026) -> str:  # fmt: skip
    last_year = last_year or date.today().year
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(database_path(folder))
    try:
        if store.catalogue.plans():
            raise StoreError(f"Thư mục {folder} đã có dữ liệu; không ghi dữ liệu thử tải vào.")
        rng = random.Random(seed)
        store.org.set_office(Office("UBND huyện Thử Tải", "UBND tỉnh Mẫu", "Thử Tải", "Cán bộ thử"))
        depts = [
            store.org.add_unit(f"Phòng chuyên môn số {i + 1}", kind="department") for i in range(8)
        ]
        communes = [
            store.org.add_unit(f"UBND xã Thử {i + 1:02d}", kind="commune") for i in range(units - 8)
        ]
        group = store.org.add_group("UBND các xã, thị trấn", communes)
        store.undo_log.reset()
        db = store.db
        total_occ = 0
        for year in range(last_year - years + 1, last_year + 1):
            with db.atomic():
                plan_id = db["plans"].insert({"year": year, "title": f"Tuyên truyền cải cách hành chính năm {year}",
                                              "number": f"{rng.randint(1, 99)}/KH-UBND", "status": "issued"}).last_pk  # fmt: skip
                sections = [db["sections"].insert({"plan_id": plan_id, "position": s, "title": f"Nhóm nhiệm vụ {s + 1}"}).last_pk
                            for s in range(5)]  # fmt: skip
                for t in range(tasks):
                    timeline = rng.choice(TIMELINES).format(y=year)
                    content = f"{rng.choice(WORDS)} về {rng.choice(TOPICS)} (nhiệm vụ {t + 1})"
                    tid = db["tasks"].insert({
                        "plan_id": plan_id, "section_id": sections[t % 5], "position": t // 5, "content": content,
                        "product": "Tin, bài", "timeline": timeline, "forms": json.dumps(rng.sample(
                            ["bao_chi", "loa", "cong_ttdt", "mang_xa_hoi", "hoi_nghi", "to_roi", "pano"], 2)),
                        "targets": json.dumps({"tin_bai": rng.randint(1, 12)}),
                    }).last_pk  # fmt: skip
                    lead = (
                        [UnitRef("group", group)]
                        if t % 2 == 0
                        else [UnitRef("unit", rng.choice(depts))]
                    )
                    coord = [UnitRef("unit", rng.choice(depts))]
                    for pos, ref in enumerate(lead):
                        db["task_units"].insert({"task_id": tid, "role": "lead", "position": pos,
                                                 "unit_id": ref.id if ref.kind == "unit" else None,
                                                 "group_id": ref.id if ref.kind == "group" else None})  # fmt: skip
                    db["task_units"].insert(
                        {
                            "task_id": tid,
                            "role": "coordinating",
                            "position": 0,
                            "unit_id": coord[0].id,
                        }
                    )
                    task = store.catalogue.task(tid)
                    planned = occurrences_for(task_rule(task, year), year)
                    unit_ids = (communes if t % 2 == 0 else [lead[0].id]) + [coord[0].id]
                    for k, uid in enumerate(dict.fromkeys(unit_ids)):
                        aid = db.execute("INSERT INTO assignments (task_id, unit_id, role) VALUES (?, ?, ?)",
                                         [tid, uid, "lead" if k < len(unit_ids) - 1 else "coordinating"]).lastrowid  # fmt: skip
                        occ = planned or [
                            type(
                                "P",
                                (),
                                {
                                    "key": f"manual-{year}",
                                    "due": date(year, 6, 30),
                                    "label": "Phát sinh",
                                },
                            )()
                        ]
                        for p in occ:
                            oid = db.execute("INSERT INTO occurrences (assignment_id, key, due, label) VALUES (?, ?, ?, ?)",
                                             [aid, p.key, p.due.isoformat() if p.due else None, p.label]).lastrowid  # fmt: skip
                            total_occ += 1
                            due = p.due or date(year, 12, 14)
                            rid = db.execute(
                                "INSERT INTO results (occurrence_id, status, description, \"values\") VALUES (?, 'in_progress', ?, '{}')",
                                [oid, "Đang triển khai"]).lastrowid  # fmt: skip
                            for step in range(1, 9):  # progress notes over the months: the history
                                db.execute("UPDATE results SET description = ? WHERE id = ?",
                                           [f"Đang triển khai, cập nhật lần {step}", rid])  # fmt: skip
                            roll = rng.random()
                            status = (
                                "done"
                                if roll < 0.85
                                else ("not_done" if roll < 0.9 else "in_progress")
                            )
                            done = (
                                due - timedelta(days=rng.randint(-10, 20))
                                if status == "done"
                                else None
                            )
                            db.execute(
                                "UPDATE results SET status = ?, completed_on = ?, reason = ?, description = ?, \"values\" = ? WHERE id = ?",
                                [status, done.isoformat() if done else None, "Thiếu kinh phí" if status == "not_done" else "",
                                 f"Đã thực hiện {rng.randint(1, 9)} tin, bài", json.dumps({"tin_bai": rng.randint(0, 3)}), rid])  # fmt: skip
                            if rng.random() < 0.05:
                                db.execute("INSERT INTO evidence (result_id, kind, name, url) VALUES (?, 'link', 'Bài đăng', ?)",
                                           [rid, f"https://thutai.gov.vn/tin/{rid}"])  # fmt: skip
        history = db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
        db.execute("PRAGMA optimize")
        return f"{years} kế hoạch, {units} đơn vị, {years * tasks} nhiệm vụ, {total_occ} lần thực hiện có kết quả, {history} dòng lịch sử"
    finally:
        store.close()
