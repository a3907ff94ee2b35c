"""Write ``tests/data/schemas/v<N>.sqlite3``: a small database at the current schema version.

Run once per released schema version (``uv run python -m tests.make_schema_fixture``) and
commit the file; the migration test upgrades every one of them to the newest schema.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from cchc_desktop.core.models import Office, UnitRef
from cchc_desktop.store.schema import SCHEMA_VERSION
from cchc_desktop.store.store import Store

FOLDER = Path(__file__).parent / "data" / "schemas"


def main() -> Path:
    path = FOLDER / f"v{SCHEMA_VERSION}.sqlite3"
    path.unlink(missing_ok=True)
    s = Store.open(path)
    s.org.set_office(Office("UBND huyện Mẫu", "UBND tỉnh Mẫu", "Mẫu", "Cán bộ"))
    a = s.org.add_unit("UBND xã Đông", kind="commune")
    d = s.org.add_unit("Phòng Nội vụ", kind="department")
    g = s.org.add_group("UBND các xã, thị trấn", [a])
    p = s.catalogue.add_plan(
        2023, "Tuyên truyền CCHC năm 2023", number="1/KH-UBND", issued_on=date(2023, 2, 1)
    )
    sec = s.catalogue.add_section(p, "Tuyên truyền chung")
    s.catalogue.add_task(p, sec, "Viết tin bài", timeline="Hằng quý", lead=[UnitRef("unit", d)],
               coordinating=[UnitRef("group", g)], forms=["bao_chi"], targets={"tin_bai": 4})  # fmt: skip
    if SCHEMA_VERSION >= 2:
        occ = s.tracking.occurrence_rows(p)[0]
        s.results.set_result(
            occ.id, "done", date(2023, 3, 20), description="Đã đăng tin", values={"tin_bai": 2}
        )
    s.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()
    return path


if __name__ == "__main__":
    print(main())
