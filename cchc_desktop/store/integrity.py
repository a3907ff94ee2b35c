"""Checking the database at start-up and setting a damaged file aside.

A PC that loses power mid-write can, on bad hardware or a lying disk cache, leave a damaged
file.  The program then must neither carry on writing into it nor delete it: the damaged
file (with its ``-wal``, which may hold the latest work) is renamed out of the way, kept for
a technician, and the newest sound backup is offered for restore.

A database brought in from outside (another computer, a USB stick) is checked here too: its
schema against the ones this program's migrations build (:func:`schema_version`), and, once
its rows are copied into a fresh file, every value (:func:`database_problems`).
"""

from __future__ import annotations

import errno
import functools
import json
import math
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cchc_desktop.core.progress import Cancelled, Progress
from cchc_desktop.store.connection import MIGRATION_NAMES, MIGRATION_SET


def _problems(db_path: Path, sql: str, progress: Progress | None = None) -> list[str]:
    """Run ``sql`` on ``db_path`` and return the rows it gives other than "ok" (or the error).

    A missing file is not damage (first start: the program creates it) and gives [].
    "file is not a database", "malformed" and any other error opening or reading the file
    are reported as damage.  Opens read-write (not ``mode=ro``) so a ``-wal`` left by a
    crash is recovered into view exactly as the program would see it.  A cancel on
    ``progress`` interrupts SQLite mid-check (it is not damage): :class:`Cancelled`.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        return []
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [f"Không mở được tệp dữ liệu: {exc}"]
    if progress is not None:  # SQLite asks every so many steps; non-zero stops the statement
        conn.set_progress_handler(lambda: int(progress.cancelled), 1000)
    try:
        rows = [str(r[0]) for r in conn.execute(sql).fetchall()]
    except sqlite3.Error as exc:
        if progress is not None and progress.cancelled:
            raise Cancelled from exc
        return [f"Tệp dữ liệu bị hỏng: {exc}"]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def quick_check(db_path: Path, progress: Progress | None = None) -> list[str]:
    """Problems ``PRAGMA quick_check`` finds in ``db_path``; [] when the file is sound."""
    return _problems(db_path, "PRAGMA quick_check", progress)


def opens_cleanly(db_path: Path) -> list[str]:
    """The quick part of the start-up check: the file opens as a database and its schema reads.

    Catches a file that is not a database or whose first pages are gone, in milliseconds;
    the full :func:`quick_check` (a second or more on a ten-year office) then runs in the
    background once the window is open.
    """
    return _problems(db_path, "SELECT 'ok' FROM (SELECT COUNT(*) FROM sqlite_master)")


def set_aside_damaged(db_path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its ``-wal``/``-shm``) to
    ``cchc.damaged-YYYYMMDD-HHMMSS.sqlite3`` in the same folder and return the new path.

    Never overwrites (a second damage in the same second gets ``-2``...) and never deletes.
    The ``-wal`` is moved first: if the power goes mid-way the old ``-wal`` can never be
    replayed into a new, empty database created under the original name.  The caller must
    have closed every connection to the file.
    """
    db_path = Path(db_path)
    now = now or datetime.now()
    folder = db_path.parent
    base = f"cchc.damaged-{now:%Y%m%d-%H%M%S}"
    n = 1
    while True:
        target = folder / (f"{base}.sqlite3" if n == 1 else f"{base}-{n}.sqlite3")
        sidecars = (Path(f"{target}-wal"), Path(f"{target}-shm"))
        if not target.exists() and not any(p.exists() for p in sidecars):
            break
        n += 1
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            _rename_no_overwrite(side, Path(f"{target}{suffix}"))
    if db_path.exists():
        _rename_no_overwrite(db_path, target)
    return target


def _rename_no_overwrite(src: Path, dst: Path) -> None:
    """Rename refusing to replace ``dst`` (POSIX ``rename`` would silently overwrite it)."""
    if os.name != "posix":
        os.rename(src, dst)  # Windows refuses an existing target
        return
    try:
        os.link(src, dst)  # atomic, and fails if dst exists
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT/exFAT stick, some network shares)
        if dst.exists():
            raise FileExistsError(errno.EEXIST, "target exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)


# -- what a database file taken from outside must be ------------------------------------------
# A file brought in with “Nhận dữ liệu từ tệp” / ``import database`` is never swapped in whole:
# its schema must be exactly one this program's migrations build, and its rows are copied into
# a fresh file built by those migrations (``backup.restore_backup``), then checked here.

_KIND_WORDS = {"table": "bảng", "index": "chỉ mục", "trigger": "trigger", "view": "view"}
_MIGRATIONS_TABLE = "_sqlite_migrations"  # written by sqlite-utils, compared by its columns


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _loose(sql: str | None) -> str:
    """sqlite-utils' own DDL, compared without quotes, brackets, spaces and case."""
    return re.sub(r"[\s\"'`\[\]]+", "", sql or "").lower()


def schema_objects(conn: sqlite3.Connection, schema: str = "main") -> dict[tuple[str, str], str]:
    """Every table, index, trigger and view of ``schema`` (SQLite's statistics aside) as
    ``{(type, name): comparable SQL}``; the table each one belongs to is part of it."""
    rows = conn.execute(
        f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master "
        "WHERE name NOT LIKE 'sqlite!_stat%' ESCAPE '!' AND name != 'sqlite_sequence'"
    ).fetchall()
    out: dict[tuple[str, str], str] = {}
    for kind, name, table, sql in rows:
        own = table == _MIGRATIONS_TABLE
        out[(str(kind), str(name))] = f"{table}|{_loose(sql) if own else _normal(sql)}"
    return out


@functools.lru_cache(maxsize=1)
def known_schemas() -> tuple[dict[tuple[str, str], str], ...]:
    """The schema after each of this program's migrations: item ``k - 1`` is what migrations
    1..k build.  Made by applying the migrations themselves to a database in memory, so a new
    migration is known here the day it is written."""
    from sqlite_utils import Database

    from cchc_desktop.store.schema import migrations

    conn = sqlite3.connect(":memory:")
    try:
        db = Database(conn, execute_plugins=False)
        out = []
        for k in range(len(MIGRATION_NAMES)):
            nxt = MIGRATION_NAMES[k + 1] if k + 1 < len(MIGRATION_NAMES) else None
            migrations.apply(db, stop_before=nxt)
            out.append(schema_objects(conn))
        return tuple(out)
    finally:
        conn.close()


def schema_differences(
    expected: dict[tuple[str, str], str], found: dict[tuple[str, str], str], limit: int = 5
) -> list[str]:
    """What ``found`` lacks, adds or changes against ``expected``, in Vietnamese words.

    Every table, index, trigger and view of ``expected`` must be in ``found`` exactly; an
    extra table is a difference too (its rows would be lost without a word).  Extra indexes,
    triggers and views are not: they hold no data, and a file's schema is never kept anyway
    (its rows are copied into a database our migrations build).
    """
    out: list[tuple[int, str, str]] = []  # tables first: they say most about the file
    for kind, name in expected.keys() - found.keys():
        out.append((kind != "table", name, f"thiếu {_KIND_WORDS.get(kind, kind)} “{name}”"))
    for kind, name in found.keys() - expected.keys():
        if kind == "table":
            out.append((False, name, f"có thêm bảng lạ “{name}”"))
    for key in expected.keys() & found.keys():
        if expected[key] != found[key]:
            word = _KIND_WORDS.get(key[0], key[0])
            out.append((key[0] != "table", key[1], f"{word} “{key[1]}” khác cấu trúc"))
    words = [w for _, _, w in sorted(out)]
    return words[:limit] + ([f"và {len(words) - limit} chỗ khác nữa"] if len(words) > limit else [])


def schema_version(conn: sqlite3.Connection, schema: str = "main") -> tuple[int | None, list[str]]:
    """(k, []) when the file records exactly migrations 1..k and has every table (with its
    columns), index, trigger and view they build, exactly, and no other table; (None, what
    differs) otherwise.  See :func:`schema_differences`."""
    found = schema_objects(conn, schema)
    if ("table", _MIGRATIONS_TABLE) not in found:
        return None, ["không có sổ các bước nâng cấp (bảng _sqlite_migrations)"]
    try:
        recorded = [
            (str(s), str(n))
            for s, n in conn.execute(
                f"SELECT migration_set, name FROM {schema}.{_MIGRATIONS_TABLE} ORDER BY rowid"
            )
        ]
    except sqlite3.Error:
        return None, ["không đọc được sổ các bước nâng cấp (bảng _sqlite_migrations)"]
    names = [n for s, n in recorded if s == MIGRATION_SET]
    k = len(names)
    if (
        not names
        or len(recorded) != k
        or len(set(names)) != k
        or set(names) != set(MIGRATION_NAMES[:k])
    ):
        return None, ["sổ các bước nâng cấp không khớp phiên bản nào của chương trình"]
    differences = schema_differences(known_schemas()[k - 1], found)
    return (None, differences) if differences else (k, [])


# -- the values such a file holds ---------------------------------------------------------------
_ALLOWED = {
    "INTEGER": ("integer",),
    "TEXT": ("text",),
    "BLOB": ("blob",),
    "REAL": ("real", "integer"),
}
_BOOLEANS = {
    "units": ("active",),
    "assignments": ("active",),
    "occurrences": ("manual", "detached"),
}
_NOT_NEGATIVE = {"tasks": ("budget",), "imports": ("rows",)}
_DATES = {"plans": ("issued_on",), "occurrences": ("due",), "results": ("completed_on",)}
_STAMPS = {
    "results": ("updated_at",),
    "evidence": ("added_at",),
    "history": ("at",),
    "imports": ("at", "undone_at"),
    "report_snapshots": ("issued_at",),
    "undo_actions": ("created_at",),
}
_SINGLE_ROW = ("undo_state", "session_state")
# JSON columns read back by Python: the shape each must have (``None``: NULL allowed too).
_JSON: dict[str, dict[str, str]] = {
    "settings": {"value": "any"},
    "tasks": {
        "manual_dates": "dates",
        "forms": "texts",
        "audiences": "texts",
        "targets": "numbers",
    },
    "results": {"values": "numbers"},
    "imports": {"files": "texts", "before": "object"},
    "report_snapshots": {"data": "object"},
    "plans": {"duties": "list?"},
}
# JSON columns only SQLite reads (json_valid is enough; NULL allowed).
_SQL_JSON = {"history": ("old", "new")}
_EVIDENCE_PATH = re.compile(r"evidence/[0-9a-f]{2}/[0-9a-f]{64}(\.[^/\\\x00]{0,16})?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    return {
        str(r[1]): str(r[2] or "").upper()
        for r in conn.execute(f'PRAGMA main.table_info("{table}")').fetchall()
    }


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables of ``main``: no SQLite internals, no full-text index (virtual or shadow)."""
    rows = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"
    ).fetchall()
    virtual = [n for n, sql in rows if str(sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [
        n for n, _ in rows if n not in virtual and not any(n.startswith(f"{v}_") for v in virtual)
    ]


def _first(conn: sqlite3.Connection, table: str, where: str) -> Any:
    """The id (or rowid) of the first row of ``table`` meeting ``where``, None if none does."""
    row = conn.execute(f'SELECT rowid FROM main."{table}" WHERE {where} LIMIT 1').fetchone()
    return None if row is None else row[0]


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _finite(value: Any, depth: int = 0) -> bool:
    """No NaN or infinity anywhere, and no absurd nesting."""
    if depth > 64:
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v, depth + 1) for v in value)
    return True


def _is_iso_date(value: Any) -> bool:
    """``YYYY-MM-DD`` naming a real day (SQLite's ``date()`` lets 2024-02-30 through)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _shape_ok(value: Any, shape: str) -> bool:
    if shape == "any":
        return True
    if shape == "object":
        return isinstance(value, dict)
    if shape == "texts":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if shape == "list?":
        return value is None or isinstance(value, list)
    if shape == "dates":
        return isinstance(value, list) and all(_is_iso_date(v) for v in value)
    if shape == "numbers":
        return isinstance(value, dict) and all(
            isinstance(k, str)
            and isinstance(v, int | float)
            and not isinstance(v, bool)
            and math.isfinite(v)
            and v >= 0
            for k, v in value.items()
        )
    return False


def _over_bound(conn: sqlite3.Connection, bad: Callable[[str, str, Any, str], None]) -> None:
    """A figure above its indicator's bound (core.result_entry, with the file's own indicator
    list and bounds), which the program never lets anyone type: a file that holds one was not
    written by it."""
    from cchc_desktop.core.result_entry import FALLBACK, result_bounds
    from cchc_desktop.core.taxonomy import INDICATORS, Term

    def setting(key: str) -> Any:
        try:
            row = conn.execute("SELECT value FROM main.settings WHERE key = ?", [key]).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, TypeError, ValueError):
            return None

    terms: list[Any] = list(INDICATORS)
    listed = setting("terms.indicators")
    if isinstance(listed, list) and all(isinstance(t, dict) for t in listed):
        terms = [Term(str(t.get("code", "")), "", unit=str(t.get("unit", ""))) for t in listed]
    bounds, _ = result_bounds(terms, setting("result_bounds"))
    for rowid, text in conn.execute('SELECT rowid, "values" FROM main.results'):
        try:
            values = json.loads(text) if text else {}
        except (TypeError, ValueError, RecursionError):
            continue  # told by the JSON check
        if not isinstance(values, dict):
            continue
        for code, v in values.items():
            limit = bounds.get(code, FALLBACK).maximum
            if isinstance(v, int | float) and not isinstance(v, bool) and v > limit:
                bad(
                    "results",
                    "values",
                    rowid,
                    f"chỉ tiêu “{code}” vượt giới hạn {limit:,}".replace(",", "."),
                )
                return


def value_problems(conn: sqlite3.Connection, limit: int = 5) -> list[str]:
    """Values of ``main`` this program could not use, each named by table, column and row id:
    a wrong type for the column, a flag not 0/1, a negative amount, a date or time that is not
    ISO, JSON that does not parse or has the wrong shape, NaN or infinity in JSON, an
    evidence path outside the evidence store.  [] when every value is usable."""
    problems: list[str] = []

    def bad(table: str, column: str, row: Any, what: str) -> None:
        problems.append(f"bảng {table}, cột {column}, dòng {row}: {what}")

    from cchc_desktop.store.schema import DERIVED_TABLES

    # derived tables are never taken from a file: a restore or an import fills them anew
    tables = [t for t in _user_tables(conn) if t not in DERIVED_TABLES]
    for table in tables:
        cols = _columns(conn, table)
        for col, declared in cols.items():
            allowed = _ALLOWED.get(declared)
            if allowed is None:
                continue
            kinds = ", ".join(f"'{k}'" for k in (*allowed, "null"))
            row = _first(conn, table, f'typeof("{col}") NOT IN ({kinds})')
            if row is not None:
                bad(table, col, row, f"giá trị không phải kiểu {declared}")
        for col in _BOOLEANS.get(table, ()):
            if col in cols and (row := _first(conn, table, f'"{col}" NOT IN (0, 1)')) is not None:
                bad(table, col, row, "chỉ được là 0 hoặc 1")
        for col in _NOT_NEGATIVE.get(table, ()):
            if col in cols and (row := _first(conn, table, f'"{col}" < 0')) is not None:
                bad(table, col, row, "không được âm")
        years = "year NOT BETWEEN 1900 AND 2200"
        if table == "plans" and "year" in cols and (row := _first(conn, table, years)) is not None:
            bad(table, "year", row, "năm ngoài khoảng 1900–2200")
        for col in _DATES.get(table, ()):
            if col not in cols:
                continue
            for rowid, text in conn.execute(
                f'SELECT rowid, "{col}" FROM main."{table}" WHERE "{col}" IS NOT NULL'
            ):
                if not _is_iso_date(text):
                    bad(table, col, rowid, "ngày không đúng dạng năm-tháng-ngày (ISO)")
                    break
        for col in _STAMPS.get(table, ()):
            if col in cols:
                where = (
                    f'"{col}" IS NOT NULL AND (datetime("{col}") IS NULL '
                    f"OR \"{col}\" NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' "
                    f'OR length("{col}") > 40)'
                )
                if (row := _first(conn, table, where)) is not None:
                    bad(table, col, row, "thời điểm không đúng dạng ISO")
        for col in _SQL_JSON.get(table, ()):
            if col in cols:
                where = f'"{col}" IS NOT NULL AND (NOT json_valid("{col}"))'
                if (row := _first(conn, table, where)) is not None:
                    bad(table, col, row, "không phải JSON hợp lệ")
        for col, shape in _JSON.get(table, {}).items():
            if col not in cols:
                continue
            for rowid, text in conn.execute(f'SELECT rowid, "{col}" FROM main."{table}"'):
                if text is None and shape.endswith("?"):
                    continue
                try:
                    value = json.loads(text, parse_constant=_reject_constant)
                    ok = _finite(value) and _shape_ok(value, shape)
                except (TypeError, ValueError, RecursionError):
                    ok = False
                if not ok:
                    bad(table, col, rowid, "dữ liệu JSON sai dạng, hoặc có số không hữu hạn")
                    break
        if table == "results" and "values" in cols:
            _over_bound(conn, bad)
        if table in _SINGLE_ROW:
            n = conn.execute(f'SELECT COUNT(*) FROM main."{table}"').fetchone()[0]
            if n != 1:
                problems.append(f"bảng {table} phải có đúng một dòng (có {n})")
        if table == "evidence" and {"kind", "path", "sha256"} <= cols.keys():
            for rowid, path, digest in conn.execute(
                "SELECT rowid, path, sha256 FROM main.evidence WHERE kind = 'file'"
            ):
                if not (
                    isinstance(path, str)
                    and _EVIDENCE_PATH.fullmatch(path)
                    and isinstance(digest, str)
                    and re.fullmatch(r"[0-9a-f]{64}", digest)
                ):
                    bad(table, "path", rowid, "tệp minh chứng nằm ngoài kho minh chứng")
                    break
        if len(problems) >= limit:
            break
    return problems[:limit]


def database_problems(conn: sqlite3.Connection) -> list[str]:
    """``integrity_check``, ``foreign_key_check``, the full-text index's own check and
    :func:`value_problems` of ``main``, in Vietnamese ([] when the file is sound)."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA main.integrity_check").fetchall()]
    if rows != ["ok"]:
        return [f"tệp không nguyên vẹn ({'; '.join(rows[:3])})"]
    problems = []
    for table, rowid, parent, _fk in conn.execute("PRAGMA main.foreign_key_check").fetchall()[:3]:
        problems.append(
            f"bảng {table}, dòng {rowid}: tham chiếu tới dòng không có trong bảng {parent}"
        )
    return problems + value_problems(conn)
