"""The ``cchc-desktop`` command: the window by default, and a tree of subcommands.

Subcommands (``schedule``, ``demo``, later ``export``, ``import`` …) never import Qt, so
scripts stay fast and work on machines without a screen.  Every subcommand accepts
``--data-dir``, prints a clear Vietnamese message on bad input and exits non-zero on failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cchc_desktop import __version__


class CliError(Exception):
    """A failure to report to the user in one Vietnamese sentence (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages, prefixed in Vietnamese
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: tham số không hợp lệ ({message}).\n")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir",
        metavar="THƯ_MỤC",
        default=argparse.SUPPRESS,
        help="thư mục dữ liệu (mặc định: thư mục dữ liệu người dùng của hệ điều hành)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cchc-desktop",
        description="CCHC Desktop: kế hoạch và báo cáo tuyên truyền cải cách hành chính.",
    )
    parser.add_argument("--version", action="version", version=f"CCHC Desktop {__version__}")
    _common(parser)
    parser.add_argument("--demo", action="store_true", help="mở chương trình với cơ quan mẫu")
    parser.add_argument(
        "--year",
        type=int,
        default=None,
        help="năm của kế hoạch mẫu khi dùng --demo (mặc định: năm nay)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="THƯ_MỤC",
        help="ghi ảnh PNG của từng màn hình chính vào THƯ_MỤC rồi thoát",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)

    p = sub.add_parser("schedule", help="đọc một cách ghi thời gian thực hiện")
    _common(p)
    p.add_argument("--year", type=int, required=True, help="năm của kế hoạch")
    p.add_argument("text", help='thời gian thực hiện, ví dụ "Hằng quý"')
    p.set_defaults(func=cmd_schedule)

    p = sub.add_parser("demo", help="ghi cơ quan mẫu vào thư mục dữ liệu, không mở cửa sổ")
    _common(p)
    p.add_argument(
        "--year", type=int, default=None, help="năm của kế hoạch mẫu (mặc định: năm nay)"
    )
    p.set_defaults(func=cmd_demo)
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    from cchc_desktop.paths import data_dir

    return data_dir(getattr(args, "data_dir", None))


def cmd_schedule(args: argparse.Namespace) -> int:
    from cchc_desktop.core.timeline import read_timeline

    if not 1900 <= args.year <= 2200:
        raise CliError(f"Năm {args.year} không hợp lệ (phải từ 1900 đến 2200).")
    rule = read_timeline(args.text, args.year)
    print(rule.kind)
    for d in rule.dates:
        print(d.isoformat())
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from cchc_desktop.demo import write_demo
    from cchc_desktop.store.store import StoreError

    year = args.year or date.today().year
    if not 2000 <= year <= 2100:
        raise CliError(f"Năm {year} không hợp lệ cho dữ liệu mẫu (2000–2100).")
    folder = _data_dir(args)
    try:
        summary = write_demo(folder, year)
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    print(f"Đã ghi cơ quan mẫu năm {year} vào {folder}: {summary}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from cchc_desktop.gui.app import run

    folder = getattr(args, "data_dir", None)
    return run(
        data_dir=Path(folder) if folder else None,
        demo=args.demo,
        demo_year=getattr(args, "year", None),
        screenshot_dir=Path(args.screenshot) if args.screenshot else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    try:
        return func(args)
    except CliError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the store's and importers' messages are already Vietnamese
        from cchc_desktop.store.database import NewerDatabaseError
        from cchc_desktop.store.store import StoreError

        if isinstance(exc, StoreError | NewerDatabaseError | OSError):
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
