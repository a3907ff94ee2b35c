"""Evidence files are read only from the data folder's evidence store, and only as regular
files hashed a chunk at a time: a path kept in the database cannot lead the program to
``/etc/passwd``, nor make it read ``/dev/zero`` or wait on a FIFO forever."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.core.models import UnitRef
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.store import Store

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


def office(folder: Path) -> tuple[Store, int]:
    """A store with one result to attach evidence to."""
    store = Store.open(folder / "cchc.sqlite3")
    unit = store.org.add_unit("Phòng Nội vụ", kind="department")
    plan = store.catalogue.add_plan(2024, "Kế hoạch tuyên truyền CCHC năm 2024")
    store.catalogue.add_task(
        plan, None, "Viết tin bài", timeline="Quý I/2024", lead=[UnitRef("unit", unit)]
    )
    occ = store.db.execute("SELECT id FROM occurrences LIMIT 1").fetchone()[0]
    store.results.set_result(occ, "done", completed_on=date(2024, 3, 20), description="Đã đăng")
    result = store.db.execute("SELECT id FROM results LIMIT 1").fetchone()[0]
    return store, result


def stored(store: Store, result: int, path: str, sha: str = "") -> object:
    """An evidence row as a crafted or imported database may hold it."""
    store.db.execute(
        "INSERT INTO evidence (result_id, kind, name, path, sha256) VALUES (?, 'file', 'x', ?, ?)",
        [result, path, sha],
    )
    return [e for e in store.results.evidence(result) if e.path == path][0]


def run_child(code: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child limited to 1 GB of memory, so a reader that never stops
    fails (MemoryError or timeout) instead of taking the test run down."""
    prelude = textwrap.dedent(
        """
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        """
    )
    try:
        return subprocess.run(
            [sys.executable, "-c", prelude + textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the evidence check did not finish within {timeout} s")


def test_a_stored_file_verifies_and_a_changed_one_does_not(tmp_path: Path) -> None:
    """Rule: a file added is copied into evidence/ under its SHA-256 and verifies; once its
    bytes change it does not."""
    store, result = office(tmp_path / "data")
    source = tmp_path / "Biên bản họp.PDF"
    source.write_bytes(b"%PDF-1.4 bien ban" * 100_000)  # larger than one chunk
    store.results.add_evidence_file(result, source)
    item = store.results.evidence(result)[0]
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert item.sha256 == digest and item.path == f"evidence/{digest[:2]}/{digest}.pdf"
    assert store.results.evidence_path(item) == (tmp_path / "data" / item.path).resolve()
    assert store.results.verify_evidence(item)
    (tmp_path / "data" / item.path).write_bytes(b"sua")
    assert not store.results.verify_evidence(item)
    assert not [p for p in (tmp_path / "data" / "evidence").rglob(".*")]  # no temporary left
    store.close()


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "evidence/../../../etc/passwd",
                                  "evidence\\..\\..\\etc\\passwd", "cchc.sqlite3"])  # fmt: skip
def test_a_path_outside_the_evidence_store_is_never_read(tmp_path: Path, path: str) -> None:
    """Rule: no absolute path, no ``..``, nothing outside ``<data>/evidence``: such evidence
    is not intact and has no file to open, even with the right digest."""
    store, result = office(tmp_path / "data")
    target = Path("/etc/passwd")
    sha = hashlib.sha256(target.read_bytes()).hexdigest() if target.is_file() else ""
    item = stored(store, result, path, sha)
    assert store.results.evidence_path(item) is None
    assert store.results.verify_evidence(item) is False
    store.close()


@posix_only
def test_a_symlink_out_of_the_store_is_not_followed(tmp_path: Path) -> None:
    """Rule: the path is resolved (symlinks followed) and must still be inside the store."""
    store, result = office(tmp_path / "data")
    secret = tmp_path / "bí mật.txt"
    secret.write_text("mật khẩu")
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    link = tmp_path / "data" / "evidence" / sha[:2] / f"{sha}.txt"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    item = stored(store, result, f"evidence/{sha[:2]}/{sha}.txt", sha)
    assert (
        store.results.evidence_path(item) is None and store.results.verify_evidence(item) is False
    )
    store.close()


@posix_only
def test_dev_zero_and_a_fifo_are_refused_at_once(tmp_path: Path) -> None:
    """Rule: only a regular file is hashed, in bounded chunks: ``/dev/zero`` (stored as an
    absolute path or reached by a symlink) and a FIFO in the store are "not intact" within a
    second, with no memory blow-up and no waiting for a writer."""
    store, result = office(tmp_path / "data")
    sha = "0" * 64
    shelf = tmp_path / "data" / "evidence" / "00"
    shelf.mkdir(parents=True)
    (shelf / f"{sha}.bin").symlink_to("/dev/zero")
    os.mkfifo(shelf / f"{sha}.fifo")
    for path in ("/dev/zero", f"evidence/00/{sha}.bin", f"evidence/00/{sha}.fifo"):
        stored(store, result, path, sha)
    store.close()
    out = run_child(
        f"""
        import time
        from cchc_desktop.store.store import Store
        s = Store.open({str(tmp_path / "data" / "cchc.sqlite3")!r})
        for e in s.results.evidence({result}):
            t = time.monotonic()
            print(e.path, s.results.verify_evidence(e), s.results.evidence_path(e), round(time.monotonic() - t, 2))
        s.close()
        """
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        _path, ok, where, seconds = line.rsplit(" ", 3)
        assert (ok, where) == ("False", "None") and float(seconds) < 1, line


@posix_only
def test_adding_a_device_or_a_fifo_is_refused_in_vietnamese(tmp_path: Path) -> None:
    """Rule: only a regular file can become evidence; ``/dev/zero`` or a FIFO chosen by
    mistake is refused at once with a Vietnamese message, and nothing is stored."""
    store, result = office(tmp_path / "data")
    store.close()
    fifo = tmp_path / "ống.pdf"
    os.mkfifo(fifo)
    out = run_child(
        f"""
        from cchc_desktop.store.store import Store
        from cchc_desktop.store.errors import StoreError
        s = Store.open({str(tmp_path / "data" / "cchc.sqlite3")!r})
        for source in ("/dev/zero", {str(fifo)!r}):
            try:
                s.results.add_evidence_file({result}, source)
                print("NHAN")
            except StoreError as exc:
                print("TU CHOI", exc)
        print(len(s.results.evidence({result})))
        s.close()
        """
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert lines[-1] == "0" and all(x.startswith("TU CHOI") for x in lines[:2]), lines
    assert all("không phải một tệp thông thường" in x for x in lines[:2]), lines


def test_a_missing_source_is_a_vietnamese_refusal(tmp_path: Path) -> None:
    """Rule: a file that cannot be read is refused naming it, in Vietnamese."""
    store, result = office(tmp_path / "data")
    with pytest.raises(StoreError, match="không tìm thấy tệp"):
        store.results.add_evidence_file(result, tmp_path / "không có.pdf")
    assert store.results.evidence(result) == []
    store.close()


def test_opening_a_rejected_evidence_file_says_so(qtbot, tmp_path: Path) -> None:
    """An evidence row whose stored path points outside the evidence store (a tampered
    database) is never opened: the window says why instead of opening “None”."""
    from unittest import mock

    from cchc_desktop.gui.context import AppContext
    from cchc_desktop.gui.unit_work_view import EvidenceDialog

    store = Store.open(tmp_path / "data" / "cchc.sqlite3")
    unit = store.org.add_unit("Phòng Nội vụ")
    plan = store.catalogue.add_plan(2023, "Kế hoạch 2023")
    store.catalogue.add_task(
        plan, None, "Hội nghị", timeline="Quý I/2023", lead=[UnitRef("unit", unit)]
    )
    (occ,) = store.tracking.occurrence_rows(plan)
    store.results.set_result(occ.id, "done", date(2023, 3, 1))
    result_id = store.tracking.occurrence(occ.id).result_id
    source = tmp_path / "bien-ban.pdf"
    source.write_bytes(b"%PDF-1.4 test")
    store.results.add_evidence_file(result_id, source)
    store.db.execute("UPDATE evidence SET path = '../../etc/passwd'")
    dialog = EvidenceDialog(AppContext(store), result_id, "Hội nghị")
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    with (
        mock.patch("PySide6.QtWidgets.QMessageBox.warning") as warned,
        mock.patch("cchc_desktop.gui.unit_work_view.QDesktopServices.openUrl") as opened,
    ):
        dialog.open_item()
    assert warned.called and not opened.called
    assert "không còn trong thư mục dữ liệu" in warned.call_args.args[2]
    store.close()
