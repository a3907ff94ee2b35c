"""Crash test: kill a writing process at random moments and check nothing is lost or torn.

``uv run python -m tests.crash_test --kills 200 [--seed N] [--keep DIR]``

Each round starts ``python -m tests.crash_child DB`` (heavy writes through the Store, backups,
50-task imports in one action), waits a random 50-600 ms after the child reports it is
running, kills it outright (SIGKILL; TerminateProcess on Windows: no cleanup handler runs,
like a power cut as far as the process is concerned) and opens the same file again:

* ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` is empty;
* every import batch is in the file 50 times (per plan it landed in) or not at all;
* the undo tables agree: no ``undo_log`` row without its action, no half-recorded action;
* every backup file present passes ``integrity_check`` and is a self-contained
  (non-WAL) file; temporary files of a backup cut off mid-way are counted and removed, as
  the program does at start-up.

The same file carries on to the next round, so later rounds also test opening (and
recovering the ``-wal`` of) a file that was killed mid-write.  ``--seed`` fixes the workload
and the kill delays; where exactly a kill lands still depends on the machine's speed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cchc_desktop.store.backup import (
    TEMP_SUFFIX,
    backups_dir,
    parse_backup_name,
    remove_stale_temps,
)
from cchc_desktop.store.connection import MIGRATION_NAMES, applied_migrations
from cchc_desktop.store.database import open_database
from tests.crash_child import BATCH_PREFIX, BATCH_SIZE

ROOT = Path(__file__).resolve().parent.parent
KILL_AFTER = (0.05, 0.6)  # seconds after the child reports it is running


@dataclass
class Figures:
    """What a crash-test run saw; ``failures`` is empty when every check held."""

    kills: int = 0
    survived: int = 0
    batches_complete: int = 0
    batches_absent: int = 0
    backups_checked: int = 0
    temp_leftovers: int = 0
    creations_cut: int = 0
    tasks_last: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"kills={self.kills} survived={self.survived} "
            f"batches_complete={self.batches_complete} batches_absent={self.batches_absent} "
            f"backups_checked={self.backups_checked} temp_leftovers={self.temp_leftovers} "
            f"creations_cut={self.creations_cut} "
            f"tasks_in_file={self.tasks_last} failures={len(self.failures)}"
        )


def finish_creation(db: Path) -> tuple[list[str], bool]:
    """Problems of a file whose creation was cut off, after the program opens it again.

    Each migration lands whole or not at all, so a kill while the file was being created leaves
    a prefix of the migrations; the next start must finish them.  Returns whether it was cut.
    """
    conn = sqlite3.connect(str(db), timeout=10)
    try:
        applied = applied_migrations(conn)
    except sqlite3.Error as exc:
        return [f"cannot read the migrations: {exc}"], False
    finally:
        conn.close()
    if applied == list(MIGRATION_NAMES):
        return [], False
    if applied != list(MIGRATION_NAMES[: len(applied)]):
        return [f"migrations applied out of order: {applied}"], True
    try:
        open_database(db).close()  # what the program's next start does
    except Exception as exc:
        return [f"creation cut after {applied}; reopening failed: {exc!r}"], True
    return [], True


def check_database(db: Path, started: set[str]) -> tuple[list[str], set[str]]:
    """Problems found in ``db`` after a kill, and the batch ids present in it."""
    problems: list[str] = []
    conn = sqlite3.connect(str(db), timeout=10)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.append(f"integrity_check: {rows[:5]}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:5]}")
        present: set[str] = set()
        for plan_id, note, n in conn.execute(
            "SELECT plan_id, note, COUNT(*) FROM tasks WHERE note LIKE ? GROUP BY plan_id, note",
            [BATCH_PREFIX + "%"],
        ):
            bid = note[len(BATCH_PREFIX) :]
            present.add(bid)
            if n != BATCH_SIZE:
                problems.append(f"batch {bid} in plan {plan_id}: {n} of {BATCH_SIZE} tasks")
            if bid not in started:
                problems.append(f"batch {bid} in the file but never started")
        orphans = conn.execute(
            "SELECT COUNT(*) FROM undo_log WHERE action_id NOT IN (SELECT id FROM undo_actions)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} undo_log rows without their action")
        current = conn.execute("SELECT current FROM undo_state WHERE id = 1").fetchone()
        if current is None or current[0] is not None:
            problems.append(f"undo_state.current left set: {current}")
    except sqlite3.Error as exc:
        problems.append(f"cannot read the database: {exc}")
        present = set()
    finally:
        conn.close()
    return problems, present


def check_backup(path: Path) -> list[str]:
    """Problems of one backup file: must be sound and self-contained (no WAL header)."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
        if header[18:20] != b"\x01\x01":
            return [f"{path.name}: not a rollback-journal file (header {header[18:20]!r})"]
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        return [f"{path.name}: {exc}"]
    return [] if rows == ["ok"] else [f"{path.name}: {rows[:3]}"]


def run(kills: int, seed: int = 0, workdir: Path | None = None, verbose: bool = False) -> Figures:
    """Run ``kills`` rounds in ``workdir`` (a fresh temporary folder by default)."""
    rng = random.Random(seed)
    own_tmp = None
    if workdir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="cchc-crash-")
        workdir = Path(own_tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "cchc.sqlite3"
    journal = workdir / "journal.txt"
    figures = Figures()
    checked: set[str] = set()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    try:
        for k in range(kills):
            child_seed = rng.randrange(2**31)
            delay = rng.uniform(*KILL_AFTER)
            with open(workdir / "child-stderr.txt", "wb") as err:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "tests.crash_child", str(db), "--seed", str(child_seed), "--run", str(k)],
                    cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err,
                )  # fmt: skip
                line = proc.stdout.readline() if proc.stdout else b""
                if line.strip() == b"ready":
                    time.sleep(delay)
                exited = proc.poll()
                if exited is None:
                    proc.kill()
                proc.wait()
                if proc.stdout:
                    proc.stdout.close()
            figures.kills += 1
            problems: list[str] = []
            if exited is not None:
                tail = (workdir / "child-stderr.txt").read_text("utf-8", "replace")[-2000:]
                problems.append(f"child stopped by itself (code {exited}):\n{tail}")
            started = set()
            if journal.exists():
                started = {
                    m.group(1)
                    for m in re.finditer(r"^start (\S+)$", journal.read_text("utf-8"), re.M)
                }
            present: set[str] = set()
            if db.exists():
                cut_problems, cut = finish_creation(db)
                figures.creations_cut += cut
                problems += cut_problems
                if not cut_problems:
                    db_problems, present = check_database(db, started)
                    problems += db_problems
            figures.batches_complete = len(present)
            figures.batches_absent = len(started - present)
            folder = backups_dir(workdir)
            if folder.is_dir():
                for p in sorted(folder.iterdir()):
                    if parse_backup_name(p.name) and p.name not in checked:
                        checked.add(p.name)
                        figures.backups_checked += 1
                        problems += check_backup(p)
                figures.temp_leftovers += sum(1 for p in folder.iterdir() if TEMP_SUFFIX in p.name)
                remove_stale_temps(folder)
            if problems:
                figures.failures.append(
                    f"round {k} (seed {child_seed}, {delay * 1000:.0f} ms): " + "; ".join(problems)
                )
            else:
                figures.survived += 1
            if verbose:
                print(
                    f"round {k + 1}/{kills}: {delay * 1000:4.0f} ms  {problems or 'ok'}",
                    flush=True,
                )
        if db.exists():
            conn = sqlite3.connect(str(db))
            figures.tasks_last = conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
            conn.close()
    finally:
        if own_tmp is not None:
            own_tmp.cleanup()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it for inspection")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    figures = run(args.kills, args.seed, args.keep, args.verbose)
    for failure in figures.failures:
        print("FAIL", failure)
    print(figures.summary(), f"({time.monotonic() - started:.0f} s)")
    return 1 if figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
