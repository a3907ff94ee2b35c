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

from cchc_desktop import __version__, logs


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
    p.add_argument(
        "--log-level",
        metavar="MỨC",
        type=str.upper,
        choices=logs.LEVELS,
        default=argparse.SUPPRESS,
        help=f"mức ghi nhật ký: {', '.join(logs.LEVELS)} (mặc định: {logs.DEFAULT_LEVEL}); "
        f"nhật ký ở THƯ_MỤC_DỮ_LIỆU/logs/{logs.LOG_NAME}",
    )


class _NotTheWindow(Exception):
    """Raised by the window's own parser on anything it does not know (see :func:`_window_args`)."""


class _WindowParser(_Parser):
    def error(self, message: str) -> None:
        raise _NotTheWindow(message)


def _window_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a plain start of the window, or None for anything else.

    Building the full parser (some thirty subcommands) takes about 10 ms, paid at every start
    of the window; a start has only the window's few options.  Anything else (a subcommand,
    help, a mistake) returns None and goes to the full parser, so its messages are unchanged.
    """
    if "-h" in argv or "--help" in argv:
        return None
    try:
        args, rest = _top_parser(_WindowParser, add_help=False).parse_known_args(argv)
    except _NotTheWindow:
        return None
    return None if rest else args


def _top_parser(cls: type[_Parser] = _Parser, add_help: bool = True) -> argparse.ArgumentParser:
    """The program's own options: those of the window."""
    parser = cls(
        prog="cchc-desktop",
        description="CCHC Desktop: kế hoạch và báo cáo tuyên truyền cải cách hành chính.",
        add_help=add_help,
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
    parser.add_argument(
        "--self-test", action="store_true", help="tự kiểm tra chương trình rồi thoát"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _top_parser()
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
    p.add_argument("--scale", choices=["normal", "large", "province"], default="normal",
                   help="dữ liệu đo hiệu năng: large, cơ quan “mười năm” (10 kế hoạch × 40 đơn vị × 200 nhiệm vụ); "
                   "province, một tỉnh (10 kế hoạch × 150 đơn vị × 300 nhiệm vụ)")  # fmt: skip
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("export", help="xuất báo cáo định kỳ hoặc văn bản kế hoạch")
    _common(p)
    exp = p.add_subparsers(dest="what", metavar="LOẠI", parser_class=_Parser, required=True)
    r = exp.add_parser("report", help="báo cáo kết quả công tác tuyên truyền CCHC")
    _common(r)
    r.add_argument(
        "--period", required=True, help="kỳ báo cáo: 2023-Q1, 2023-H1, 2023-Q3, 2023-9M, 2023-Y"
    )
    r.add_argument("--format", default="pdf,xlsx,docx", help="pdf,xlsx,docx (mặc định: cả ba)")
    r.add_argument("--out", required=True, help="thư mục ghi tệp")
    r.add_argument(
        "--data-date", help="ngày lấy số liệu dd/mm/yyyy (mặc định: ngày chốt số liệu của kỳ)"
    )
    r.set_defaults(func=cmd_export_report)
    pl = exp.add_parser("plan", help="văn bản Kế hoạch kèm Phụ lục danh mục nhiệm vụ")
    _common(pl)
    pl.add_argument("--year", type=int, required=True, help="năm của kế hoạch")
    pl.add_argument("--format", default="pdf,xlsx,docx", help="pdf,xlsx,docx (mặc định: cả ba)")
    pl.add_argument("--out", required=True, help="thư mục ghi tệp")
    pl.set_defaults(func=cmd_export_plan)
    u = exp.add_parser("unit-sheets", help="phiếu giao nhiệm vụ cho từng đơn vị (Excel và PDF)")
    _common(u)
    u.add_argument(
        "--period",
        required=True,
        help="kỳ: 2023-Q1, 2023-Q2, 2023-Q3, 2023-Q4, 2023-H1, 2023-9M, 2023-Y",
    )
    u.add_argument("--out", required=True, help="thư mục ghi tệp")
    u.add_argument("--no-pdf", action="store_true", help="chỉ xuất Excel")
    u.set_defaults(func=cmd_export_unit_sheets)

    p = sub.add_parser("import", help="nhập dữ liệu từ tệp")
    _common(p)
    imp = p.add_subparsers(dest="what", metavar="LOẠI", parser_class=_Parser, required=True)
    r = imp.add_parser("results", help="nhận kết quả từ phiếu giao nhiệm vụ các đơn vị gửi lại")
    _common(r)
    r.add_argument("files", nargs="+", metavar="TỆP")
    r.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và báo trước, không ghi")
    r.add_argument("--json", action="store_true", help="in tóm tắt dạng JSON")
    r.set_defaults(func=cmd_import_results)
    ca = imp.add_parser(
        "catalogue", help="nhập danh mục nhiệm vụ từ phụ lục Word (.docx) hoặc Excel (.xlsx)"
    )
    _common(ca)
    ca.add_argument("file", metavar="TỆP")
    ca.add_argument("--plan-year", type=int, required=True, help="năm của kế hoạch nhận danh mục")
    ca.add_argument("--dry-run", action="store_true", help="chỉ đọc và báo trước, không ghi")
    ca.add_argument("--json", action="store_true", help="in tóm tắt dạng JSON")
    ca.set_defaults(func=cmd_import_catalogue)
    ru = imp.add_parser("rollup", help="tổng hợp báo cáo Excel của nhiều cơ quan thành một bảng")
    _common(ru)
    ru.add_argument("files", nargs="+", metavar="TỆP")
    ru.add_argument("--out", required=True, help="tệp .xlsx tổng hợp sẽ ghi")
    ru.add_argument(
        "--replace-duplicates",
        action="store_true",
        help="hai báo cáo của cùng một cơ quan: lấy tệp sau thay tệp trước "
        "(mặc định: từ chối, không ghi gì)",
    )
    ru.add_argument("--json", action="store_true", help="in tóm tắt dạng JSON")
    ru.set_defaults(func=cmd_import_rollup)
    db = imp.add_parser(
        "database",
        help="nhận toàn bộ dữ liệu từ một tệp (chuyển máy); dữ liệu hiện tại được sao lưu trước",
    )
    _common(db)
    db.add_argument("file", metavar="TỆP")
    db.set_defaults(func=cmd_backup_restore)
    dbe = exp.add_parser(
        "database", help="xuất toàn bộ dữ liệu thành một tệp để chuyển sang máy khác"
    )
    _common(dbe)
    dbe.add_argument("--out", required=True, help="tệp .sqlite3 sẽ ghi")
    dbe.set_defaults(func=cmd_export_database)

    p = sub.add_parser("backup", help="sao lưu, xem và khôi phục dữ liệu")
    _common(p)
    bk = p.add_subparsers(dest="what", metavar="VIỆC", parser_class=_Parser, required=True)
    c = bk.add_parser(
        "create", help="sao lưu ngay (vào thư mục sao lưu, hoặc --to một thư mục/ổ USB)"
    )
    _common(c)
    c.add_argument("--to", metavar="THƯ_MỤC", help="thư mục hoặc ổ USB")
    c.set_defaults(func=cmd_backup_create)
    ls = bk.add_parser("list", help="liệt kê các bản sao lưu")
    _common(ls)
    ls.set_defaults(func=cmd_backup_list)
    rs = bk.add_parser(
        "restore", help="khôi phục từ một bản sao lưu (dữ liệu hiện tại được sao lưu trước)"
    )
    _common(rs)
    rs.add_argument("file", metavar="TỆP")
    rs.set_defaults(func=cmd_backup_restore)
    ck = bk.add_parser("check", help="kiểm tra tính toàn vẹn của dữ liệu")
    _common(ck)
    ck.set_defaults(func=cmd_backup_check)
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    from cchc_desktop.paths import database_path

    path = database_path(_data_dir(args))
    if not path.exists():
        raise CliError(f"Chưa có dữ liệu ở {path.parent}.")
    return path


def cmd_import_catalogue(args: argparse.Namespace) -> int:
    import json

    from cchc_desktop.exchange.catalogue import CatalogueError, apply_catalogue, draft_catalogue

    store = _open_existing_store(args)
    try:
        try:
            draft = draft_catalogue(store, Path(args.file), args.plan_year)
        except CatalogueError as exc:
            raise CliError(str(exc)) from exc
        summary = draft.summary()
        if not args.dry_run:
            plans = [p for p in store.catalogue.plans() if p.year == args.plan_year]
            plan_id = plans[0].id if plans else store.catalogue.add_plan(
                args.plan_year, f"Tuyên truyền cải cách hành chính năm {args.plan_year}")  # fmt: skip
            summary["created"] = apply_catalogue(store, draft, plan_id)
        summary["dry_run"] = args.dry_run
        if args.json:
            print(json.dumps(summary, ensure_ascii=False, indent=1))
        else:
            print(f"{summary['sections']} mục, {summary['tasks']} nhiệm vụ; đơn vị khớp {summary['units_matched']}, "
                  f"mới {summary['units_new']}; thời gian chưa đọc được {summary['timelines_unread']}"
                  + (" (chạy thử, không ghi)" if args.dry_run else ""))  # fmt: skip
    finally:
        store.close()
    return 0


def cmd_import_rollup(args: argparse.Namespace) -> int:
    import json

    from cchc_desktop.exchange.rollup import DuplicateReports, rollup
    from cchc_desktop.exchange.unit_sheets import ImportRejected
    from cchc_desktop.reports.safe import ExportError

    on_duplicate = "replace" if args.replace_duplicates else "refuse"
    try:
        summary = rollup([Path(f) for f in args.files], Path(args.out), on_duplicate)
    except DuplicateReports as exc:
        raise CliError(f"{exc} (Thêm --replace-duplicates để lấy tệp sau.)") from exc
    except (ImportRejected, ExportError) as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        for r in summary["replaced"]:
            print(f"{r['office']}: lấy tệp “{r['by']}” thay cho tệp “{r['replaced']}”.")
        period = summary["period_name"] or "không có dòng số liệu"
        print(
            f"Đã tổng hợp {summary['offices']} cơ quan ({period}), "
            f"{summary['rows']} dòng vào {summary['out']}"
        )
    return 0


def cmd_export_database(args: argparse.Namespace) -> int:
    from cchc_desktop.store.backup import BackupError, make_backup

    db = _db_path(args)
    out = Path(args.out)
    if out.suffix.lower() != ".sqlite3":
        out = out.with_suffix(".sqlite3")
    try:  # into an existing folder only: an unmounted USB stick must not get a local copy
        info = make_backup(db, out, "thucong", make_folder=False)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"{info.path} ({info.plans} kế hoạch, {info.tasks} nhiệm vụ, {info.results} kết quả)")
    return 0


def cmd_backup_create(args: argparse.Namespace) -> int:
    from cchc_desktop.store.backup import BackupError, backup_now, backup_to_folder

    db = _db_path(args)
    try:
        info = (
            backup_to_folder(db, Path(args.to), db.parent)
            if args.to
            else backup_now(db, db.parent, "thucong")
        )
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(info.path)
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    from cchc_desktop.store.backup import backups_dir, list_backups

    db = _db_path(args)
    for b in list_backups(backups_dir(db.parent)):
        state = "HỎNG" if b.damaged else "tốt"
        print(f"{b.created:%d/%m/%Y %H:%M:%S}  {b.reason_text:<24} {b.size // 1024:>6} KB  "
              f"{b.plans} kế hoạch, {b.tasks} nhiệm vụ, {b.results} kết quả  [{state}]  {b.path.name}")  # fmt: skip
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from cchc_desktop.store.backup import BackupError, restore_backup
    from cchc_desktop.store.lock import InstanceLock

    db = _db_path(args)
    lock = InstanceLock(db.parent)
    if not lock.acquire():
        raise CliError(
            "Chương trình đang mở với thư mục dữ liệu này; hãy đóng chương trình rồi khôi phục."
        )
    try:
        safety = restore_backup(db, Path(args.file), db.parent)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    finally:
        lock.release()
    print(
        f"Đã khôi phục từ {args.file}."
        + (f" Dữ liệu trước đó được sao lưu ở {safety.path}." if safety else "")
    )
    return 0


def cmd_backup_check(args: argparse.Namespace) -> int:
    from cchc_desktop.store.integrity import quick_check

    problems = quick_check(_db_path(args))
    if problems:
        print("Dữ liệu bị hỏng: " + "; ".join(problems[:5]), file=sys.stderr)
        return 1
    print("Dữ liệu toàn vẹn.")
    return 0


def cmd_export_unit_sheets(args: argparse.Namespace) -> int:
    from cchc_desktop.core.periods import parse_period_code
    from cchc_desktop.exchange.unit_sheets import export_unit_sheets
    from cchc_desktop.reports.safe import ExportError

    out = _out_dir(args.out)
    store = _open_existing_store(args)
    try:
        try:
            period = parse_period_code(args.period, store.settings.period_rules())
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        plan_id = _plan_of_year(store, int(args.period.split("-")[0]))
        paths = export_unit_sheets(store, plan_id, period, out, with_pdf=not args.no_pdf)
        for path in paths:
            print(path)
        if not paths:
            print("Không có đơn vị nào có nhiệm vụ đến hạn trong kỳ này.")
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return 0


def cmd_import_results(args: argparse.Namespace) -> int:
    import json

    from cchc_desktop.exchange.unit_sheets import ImportRejected, apply_results, preview_results

    store = _open_existing_store(args)
    try:
        previews = [preview_results(store, Path(f)) for f in args.files]
        written = 0
        if not args.dry_run and not any(p.error for p in previews):
            try:
                written = apply_results(store, previews)
            except ImportRejected as exc:
                raise CliError(str(exc)) from exc
        summary = {
            "files": [
                {"file": str(p.path), "unit": p.unit, "period": p.period, "error": p.error,
                 **{k: p.count(k) for k in ("new", "changed", "unchanged", "conflict")}}
                for p in previews
            ],
            "written": written, "dry_run": args.dry_run,
        }  # fmt: skip
        if args.json:
            print(json.dumps(summary, ensure_ascii=False, indent=1))
        else:
            for f in summary["files"]:
                if f["error"]:
                    print(f"TỪ CHỐI {f['error']}")
                else:
                    print(f"{Path(f['file']).name}: {f['unit']} {f['period']} — mới {f['new']}, sửa {f['changed']}, "
                          f"không đổi {f['unchanged']}, xung đột {f['conflict']}")  # fmt: skip
            print(
                "Chạy thử: không ghi gì."
                if args.dry_run
                else f"Đã ghi {written} kết quả trong một lần nhập."
            )
        return 1 if any(p.error for p in previews) else 0
    finally:
        store.close()


def _open_existing_store(args: argparse.Namespace):
    from cchc_desktop.paths import database_path
    from cchc_desktop.store.store import Store

    path = database_path(_data_dir(args))
    if not path.exists():
        raise CliError(
            f"Chưa có dữ liệu ở {path.parent}; dùng --data-dir hoặc mở chương trình để tạo."
        )
    return Store.open(path)


def _plan_of_year(store, year: int) -> int:
    plans = [p for p in store.catalogue.plans() if p.year == year]
    if not plans:
        years = ", ".join(str(p.year) for p in store.catalogue.plans()) or "chưa có"
        raise CliError(f"Không có kế hoạch năm {year} (các năm đang có: {years}).")
    return plans[0].id


def _formats(text: str) -> list[str]:
    from cchc_desktop.reports.exports import FORMATS

    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise CliError(
            f"Định dạng không hỗ trợ: {', '.join(bad) or '(trống)'}; dùng pdf, xlsx, docx."
        )
    return formats


def _out_dir(text: str) -> Path:
    out = Path(text)
    if not out.is_dir():
        raise CliError(f"Thư mục {out} không tồn tại.")
    return out


def cmd_export_report(args: argparse.Namespace) -> int:
    from cchc_desktop.core.periods import parse_period_code
    from cchc_desktop.reports.exports import export_report
    from cchc_desktop.reports.safe import ExportError

    formats, out = _formats(args.format), _out_dir(args.out)
    store = _open_existing_store(args)
    try:
        try:
            if ".." in args.period:  # a custom range: 2023-03-01..2023-05-31
                from datetime import date as _date

                from cchc_desktop.core.periods import custom_period

                a, b = args.period.split("..", 1)
                period = custom_period(
                    _date.fromisoformat(a.strip()), _date.fromisoformat(b.strip())
                )
            else:
                period = parse_period_code(args.period, store.settings.period_rules())
        except ValueError as exc:
            raise CliError(str(exc) if "Kỳ" in str(exc) or "ngày" in str(exc) else
                           f"Khoảng ngày “{args.period}” không hợp lệ (dạng 2023-03-01..2023-05-31).") from exc  # fmt: skip
        data_date = None
        if args.data_date:
            from cchc_desktop.core.formatting import parse_date

            data_date = parse_date(args.data_date)
            if data_date is None:
                raise CliError(
                    f"Ngày lấy số liệu “{args.data_date}” không hợp lệ (dạng 20/06/2023)."
                )
        plan_id = _plan_of_year(store, int(args.period[:4]))
        for path in export_report(store, plan_id, period, formats, out, data_date=data_date):
            print(path)
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return 0


def cmd_export_plan(args: argparse.Namespace) -> int:
    from cchc_desktop.reports.exports import export_plan
    from cchc_desktop.reports.safe import ExportError

    formats, out = _formats(args.format), _out_dir(args.out)
    store = _open_existing_store(args)
    try:
        for path in export_plan(store, _plan_of_year(store, args.year), formats, out):
            print(path)
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return 0


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
    for warning in rule.warnings:  # a part not scheduled, or a year not the plan's
        print(f"⚠ {warning}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from cchc_desktop.demo import write_demo
    from cchc_desktop.store.errors import StoreError

    year = args.year or date.today().year
    if not 2000 <= year <= 2100:
        raise CliError(f"Năm {year} không hợp lệ cho dữ liệu mẫu (2000–2100).")
    folder = _data_dir(args)
    scale = getattr(args, "scale", "normal")
    if scale != "normal":
        from cchc_desktop.demo_large import write_large

        try:
            summary = write_large(folder, year, scale)
        except StoreError as exc:
            raise CliError(str(exc)) from exc
        print(f"Đã ghi cơ quan thử tải vào {folder}: {summary}")
        return 0
    try:
        summary = write_demo(folder, year)
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    print(f"Đã ghi cơ quan mẫu năm {year} vào {folder}: {summary}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    if args.self_test:
        from cchc_desktop.selftest import run_self_test

        return run_self_test()
    folder = getattr(args, "data_dir", None)
    early = None
    if folder or not args.demo:  # a demo without --data-dir starts in a new, empty folder
        # The frame's values, then the greeting's counts and the first screen's main SQL,
        # are read from before PySide6 loads (the longest part of a start), on a second
        # connection and core, so that the window's frame can be drawn as soon as PySide6 is
        # up and filled soon after (see cchc_desktop.store.frame_values).
        from cchc_desktop.paths import data_dir, database_path
        from cchc_desktop.store.frame_values import FrameReader

        early = FrameReader(database_path(data_dir(folder)), date.today())
    from cchc_desktop import start_cache

    # what Python compiles at every start, compiled once: in use until the window's modules are
    # loaded, and for generated methods until its first screen is filled (the window ends it)
    start_cache.begin()
    try:
        from cchc_desktop.gui.app import run

        start_cache.loaded()
        return run(
            data_dir=Path(folder) if folder else None,
            demo=args.demo,
            demo_year=getattr(args, "year", None),
            screenshot_dir=Path(args.screenshot) if args.screenshot else None,
            early=early,
        )
    finally:
        start_cache.end()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _window_args(argv) or build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    if func is not cmd_gui or args.self_test:
        from cchc_desktop import start_cache

        start_cache.end()  # begun by the frozen program's run-time hook: only a window needs it
    stop_logging = logs.start(_data_dir(args), getattr(args, "log_level", None))
    try:
        return func(args)
    except CliError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception as exc:
        if func is not cmd_gui and (logs.is_vietnamese(exc) or isinstance(exc, OSError)):
            logs.log_failure(exc)  # the store's, importers', the disk's: said in Vietnamese
            print(f"Lỗi: {logs.user_message(exc)}", file=sys.stderr)
            return 1
        # The hook in place logs the traceback and tells the user in Vietnamese: in a line
        # here, in a dialog for the window (``gui/error_dialog.py``), which has no console.
        sys.excepthook(*sys.exc_info())
        return 1
    finally:
        stop_logging()


if __name__ == "__main__":
    sys.exit(main())
