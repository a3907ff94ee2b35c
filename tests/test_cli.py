"""The command line: one tree of subcommands, Vietnamese messages, non-zero exit on failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cchc_desktop.cli import _window_args, build_parser, main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc_desktop", *args], capture_output=True, text=True, timeout=120
    )


def test_schedule_prints_kind_then_iso_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--year", "2023", "Mỗi quý xây dựng 01 chuyên mục"]) == 0
    assert capsys.readouterr().out.split() == [
        "recurring", "2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thường xuyên", ["ongoing"]),
        ("Quý II/2021", ["once", "2021-06-30"]),
        ("Theo kế hoạch kiểm tra", ["event"]),
        ("xin chào các bạn", ["unknown"]),
    ],
)
def test_schedule_examples(
    capsys: pytest.CaptureFixture[str], text: str, expected: list[str]
) -> None:
    assert main(["schedule", "--year", "2023", text]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [x for x in lines if not x.startswith("⚠")] == expected


def test_schedule_prints_what_it_could_not_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    """A wording read only in part, or naming another year, is never accepted silently."""
    assert main(["schedule", "--year", "2023", "02 kỳ/tháng và các bản tin chuyên đề"]) == 0
    assert "⚠ Phần “các bản tin chuyên đề”" in capsys.readouterr().out
    assert main(["schedule", "--year", "2023", "Quý II/2021"]) == 0
    assert "⚠ Thời gian ghi năm 2021, khác năm của kế hoạch (2023)" in capsys.readouterr().out


def test_schedule_bad_year_is_a_vietnamese_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--year", "99999", "Hằng quý"]) == 2
    assert "không hợp lệ" in capsys.readouterr().err


def test_bad_arguments_exit_non_zero_with_vietnamese_message() -> None:
    out = run_cli("schedule", "--year", "abc", "Hằng quý")
    assert out.returncode != 0
    assert "Lỗi" in out.stderr


@pytest.mark.parametrize(
    "argv",
    [[], ["--demo"], ["--data-dir", "/tmp/x"], ["--data=/tmp/x", "--year", "2023", "--demo"],
     ["--screenshot", "anh", "--self-test"]],
)  # fmt: skip
def test_a_start_of_the_window_is_read_without_the_subcommands_alike(argv: list[str]) -> None:
    quick = _window_args(argv)
    assert quick is not None
    full = build_parser().parse_args(argv)
    assert {k: v for k, v in vars(full).items() if k != "command"} == vars(quick)


@pytest.mark.parametrize(
    "argv",
    [["-h"], ["--demo", "--help"], ["schedule", "--year", "2023", "Hằng quý"], ["exprt"],
     ["--year", "hai nghìn"], ["--bogus"], ["--data-dir"], ["--data-dir", "x", "demo"]],
)  # fmt: skip
def test_anything_else_goes_to_the_full_parser_and_its_messages(argv: list[str]) -> None:
    assert _window_args(argv) is None


def test_subcommands_never_load_qt() -> None:
    code = (
        "import sys; from cchc_desktop.cli import main; "
        "main(['schedule', '--year', '2023', 'Hằng quý']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_demo_writes_an_office_without_a_window(tmp_path: Path) -> None:
    out = run_cli("demo", "--data-dir", str(tmp_path), "--year", "2023")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "cchc.sqlite3").exists()
    from cchc_desktop.store.store import Store

    s = Store.open(tmp_path / "cchc.sqlite3")
    try:
        assert s.org.office() is not None
        plans = s.catalogue.plans()
        assert [p.year for p in plans] == [2023]
        assert len(s.catalogue.tasks(plans[0].id)) >= 28
        assert len(s.org.units()) >= 28
    finally:
        s.close()


def test_demo_refuses_a_folder_that_already_holds_plans(tmp_path: Path) -> None:
    assert run_cli("demo", "--data-dir", str(tmp_path), "--year", "2023").returncode == 0
    again = run_cli("demo", "--data-dir", str(tmp_path), "--year", "2023")
    assert again.returncode != 0
    assert "đã có dữ liệu" in again.stderr


def test_self_test_passes_from_the_source_tree() -> None:
    out = run_cli("--self-test")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Tự kiểm tra: ĐẠT" in out.stdout
