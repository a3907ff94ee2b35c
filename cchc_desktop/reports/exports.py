"""From the data to files: the periodic report and the plan document in PDF, Excel and Word."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from cchc_desktop.core.formatting import fmt_date, fmt_number
from cchc_desktop.core.numbering import section_number
from cchc_desktop.core.periods import Period
from cchc_desktop.core.status import BUCKET_NAMES, BUCKETS
from cchc_desktop.reports.document_office import build_docx, build_xlsx
from cchc_desktop.reports.document_pdf import (
    Annex,
    Block,
    DocumentHeader,
    OfficialDocument,
    Signature,
    build_pdf,
)
from cchc_desktop.reports.periodic import PeriodicReport, ReportTexts, build_report, indicator_line
from cchc_desktop.reports.safe import ExportError, safe_filename

FORMATS = ("pdf", "xlsx", "docx")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%".replace(".", ",")


def report_document(r: PeriodicReport) -> OfficialDocument:
    h = r.header
    header = DocumentHeader(
        h.governing_body, h.issuing_body, h.number, h.place, r.report_date, "Báo cáo", r.title
    )
    done = r.counts["done_on_time"] + r.counts["done_late"]
    blocks = [
        Block("heading", "I. KẾT QUẢ THỰC HIỆN"),
        Block("subheading", "1. Công tác ban hành và triển khai kế hoạch"),
        Block("para", r.texts.issuance),
        Block("subheading", "2. Kết quả thực hiện nhiệm vụ"),
        Block("para", r.texts.results),
        Block(
            "table",
            table=[["Tình trạng", "Số lượt", "Tỷ lệ"]]
            + [
                [
                    BUCKET_NAMES[b],
                    fmt_number(r.counts[b]),
                    _pct(r.counts[b] / r.total if r.total else None),
                ]
                for b in BUCKETS
            ]
            + [
                [
                    "Tổng số lượt nhiệm vụ đến hạn",
                    fmt_number(r.total),
                    _pct(done / r.total if r.total else None),
                ]
            ],
            widths=[3, 1, 1],
        ),  # fmt: skip
        Block("subheading", "3. Kết quả theo hình thức tuyên truyền và số liệu định lượng"),
    ]
    for name, n in r.forms:
        blocks.append(Block("bullet", f"{name}: {fmt_number(n)} lượt hoàn thành"))
    for name, unit, total, target in r.indicators:
        blocks.append(Block("bullet", indicator_line(name, unit, total, target)))
    blocks.append(
        Block(
            "para",
            f"Kinh phí đã sử dụng cho công tác tuyên truyền: {fmt_number(r.money_spent)} đồng.",
        )
    )
    blocks.append(
        Block("subheading", "4. Tự đánh giá, chấm điểm Chỉ số CCHC (PAR INDEX) về tuyên truyền")
    )
    for s in r.scores:
        blocks.append(
            Block(
                "bullet",
                f"Tiêu chí {s.code} – {s.name}: {s.points:g}/{s.max_points:g} điểm. {s.explanation}",
            )
        )
    blocks.append(Block("para", "Tài liệu kiểm chứng: " + "; ".join(r.evidence) + "."))
    blocks += [
        Block("heading", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
        Block("para", r.texts.shortcomings),
        Block("heading", "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"),
        Block("para", r.texts.next_tasks),
        Block("heading", "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
        Block("para", r.texts.proposals),
        Block(
            "para",
            f"Trên đây là báo cáo kết quả công tác tuyên truyền cải cách hành chính {r.period_phrase} "
            f"của {r.office_name}./.",
        ),  # fmt: skip
    ]
    ref = f"(Kèm theo Báo cáo số {h.number} ngày {fmt_date(r.report_date)} của {h.issuing_body})"
    annexes = [
        Annex(
            "Phụ lục I",
            f"Kết quả thực hiện các nhiệm vụ tuyên truyền CCHC {r.period_phrase}",
            ref,
            [
                "STT",
                "Nội dung công việc",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian thực hiện",
                "Sản phẩm dự kiến",
                "Kết quả thực hiện",
                "Tình trạng",
            ],
            [6, 30, 14, 14, 10, 12, 24, 10],
            r.annex1,
        ),  # fmt: skip
        Annex(
            "Phụ lục II",
            f"Kết quả thực hiện theo đơn vị {r.period_phrase}",
            ref,
            ["STT", "Đơn vị", "Tổng số", *(BUCKET_NAMES[b] for b in BUCKETS), "Tỷ lệ hoàn thành"],
            [4, 26, 7, 9, 9, 9, 9, 9, 9],
            r.annex2,
        ),  # fmt: skip
    ]
    sig = Signature(h.signer_lines, h.signer_name)
    return OfficialDocument(header, blocks, sig, h.recipients, annexes)


def plan_document(store, plan_id: int) -> OfficialDocument:  # noqa: ANN001
    plan = store.plan(plan_id)
    office = store.office()
    saved = store.setting("report_header") or {}
    header = DocumentHeader(
        plan.governing_body or (office.governing_body if office else ""), plan.issuing_body or (office.name if office else ""),
        plan.number or "     /KH-UBND", office.place_name if office else "", plan.issued_on, "Kế hoạch", plan.title,
    )  # fmt: skip
    blocks = [Block("para", line.strip()) for line in plan.legal_bases.splitlines() if line.strip()]
    blocks.append(
        Block(
            "para",
            f"{header.issuing_body} ban hành Kế hoạch {plan.title[0].lower() + plan.title[1:]} như sau:",
        )
    )
    blocks += [Block("heading", "I. MỤC ĐÍCH, YÊU CẦU"), Block("subheading", "1. Mục đích")]
    blocks += [
        Block("bullet", x.strip().lstrip("- ")) for x in plan.purposes.splitlines() if x.strip()
    ]
    blocks.append(Block("subheading", "2. Yêu cầu"))
    blocks += [
        Block("bullet", x.strip().lstrip("- ")) for x in plan.requirements.splitlines() if x.strip()
    ]
    blocks += [
        Block("heading", "II. ĐỐI TƯỢNG"),
        *(Block("para", x.strip()) for x in plan.audiences.splitlines() if x.strip()),
    ]
    blocks += [Block("heading", "III. NỘI DUNG, NHIỆM VỤ VÀ THỜI GIAN THỰC HIỆN"),
               Block("para", "Chi tiết nội dung, đơn vị chủ trì, đơn vị phối hợp, sản phẩm và thời gian thực hiện "
                             "tại Phụ lục kèm theo Kế hoạch này.")]  # fmt: skip
    blocks += [
        Block("heading", "IV. KINH PHÍ"),
        *(Block("para", x.strip()) for x in plan.budget_note.splitlines() if x.strip()),
    ]
    blocks += [
        Block("heading", "V. TỔ CHỨC THỰC HIỆN"),
        Block("para", "Các cơ quan, đơn vị, UBND các xã, thị trấn căn cứ nhiệm vụ được giao tổ chức triển khai thực hiện "
                      "và báo cáo kết quả định kỳ theo quy định về cơ quan thường trực tổng hợp, báo cáo./."),
    ]  # fmt: skip
    rows: list[list[str] | str] = []
    secs = store.sections(plan_id)
    counters: dict[int | None, int] = {}
    numbers: dict[int, str] = {}
    for s in secs:
        counters[s.parent_id] = counters.get(s.parent_id, 0) + 1
        numbers[s.id] = (
            f"{numbers[s.parent_id]}.{counters[s.parent_id]}"
            if s.parent_id
            else section_number([counters[None]])
        )
    by_section: dict[int | None, list] = {}
    for t in store.tasks(plan_id):
        by_section.setdefault(t.section_id, []).append(t)

    def task_rows(section_id: int | None) -> None:
        for i, t in enumerate(sorted(by_section.get(section_id, []), key=lambda t: t.position), 1):
            rows.append([str(i), t.content, "; ".join(x.name for x in t.lead), "; ".join(x.name for x in t.coordinating),
                         t.product, t.timeline])  # fmt: skip

    task_rows(None)
    for s in secs:
        rows.append(f"{numbers[s.id]}. {s.title}")
        task_rows(s.id)
    annex = Annex(
        "Phụ lục", f"Danh mục nhiệm vụ tuyên truyền cải cách hành chính năm {plan.year}",
        f"(Kèm theo Kế hoạch số {header.number} ngày {fmt_date(plan.issued_on) or '…'} của {header.issuing_body})",
        ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm dự kiến", "Thời gian thực hiện"],
        [5, 38, 16, 18, 14, 12], rows,
    )  # fmt: skip
    sig_data = saved if isinstance(saved, dict) else {}
    sig = Signature(
        sig_data.get("signer_lines") or ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        sig_data.get("signer_name", ""),
    )
    recipients = sig_data.get("recipients") or ["Sở Nội vụ (để b/c)", "Các phòng, ban, đơn vị liên quan",
                                                 "UBND các xã, thị trấn", "Lưu: VT, NV"]  # fmt: skip
    return OfficialDocument(header, blocks, sig, recipients, [annex])


def _write(doc: OfficialDocument, formats: Iterable[str], out_dir: Path, base: str,
           data_sheets: list, first_sheet: str, progress: Callable[[str], None] | None) -> list[Path]:  # fmt: skip
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ExportError(f"Thư mục {out_dir} không tồn tại (ổ USB đã rút ra?).")
    paths = []
    for fmt in formats:
        fmt = fmt.strip().lower()
        if fmt not in FORMATS:
            raise ExportError(f"Định dạng “{fmt}” không hỗ trợ; dùng pdf, xlsx hoặc docx.")
        if progress:
            progress(fmt)
        path = out_dir / safe_filename(base, fmt)
        if fmt == "pdf":
            build_pdf(doc, path)
        elif fmt == "xlsx":
            build_xlsx(doc, path, data_sheets, first_sheet)
        else:
            build_docx(doc, path)
        _verify(path)
        paths.append(path)
    return paths


def _verify(path: Path) -> None:
    """Read back what was written (a USB stick can lie about a write until it is read)."""
    try:
        head = path.read_bytes()[:4]
    except OSError as exc:
        raise ExportError(f"Không đọc lại được tệp vừa ghi {path}: {exc.strerror or exc}.") from exc
    expected = b"%PDF" if path.suffix == ".pdf" else b"PK\x03\x04"
    if head != expected:
        raise ExportError(f"Tệp {path} ghi ra không đúng định dạng; hãy thử lại hoặc chọn ổ khác.")


def export_report(store, plan_id: int, period: Period, formats: Iterable[str], out_dir: Path,  # noqa: ANN001
                  today: date | None = None, texts: ReportTexts | None = None,
                  progress: Callable[[str], None] | None = None) -> list[Path]:  # fmt: skip
    report = build_report(store, plan_id, period, today, texts)
    number = report.header.number.strip()
    base = (
        f"Báo cáo {number} - {report.title}"
        if any(ch.isdigit() for ch in number.split("/")[0])
        else f"Báo cáo - {report.title}"
    )
    return _write(
        report_document(report),
        formats,
        out_dir,
        base,
        [("Dữ liệu", report.flat)],
        "Báo cáo",
        progress,
    )


def export_plan(store, plan_id: int, formats: Iterable[str], out_dir: Path,  # noqa: ANN001
                progress: Callable[[str], None] | None = None) -> list[Path]:  # fmt: skip
    plan = store.plan(plan_id)
    base = f"Kế hoạch {plan.number or plan.year} - {plan.title}"
    return _write(plan_document(store, plan_id), formats, out_dir, base, [], "Kế hoạch", progress)
