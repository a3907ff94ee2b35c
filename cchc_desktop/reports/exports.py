"""From the data to files: the periodic report and the plan document in PDF, Excel and Word."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cchc_desktop.core.formatting import BLANK, fmt_date, fmt_number
from cchc_desktop.core.models import Office
from cchc_desktop.core.numbering import section_number
from cchc_desktop.core.office_profile import document_defaults, one_line, resolved
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
from cchc_desktop.reports.periodic import (
    QUANTITY_RULE,
    TASK_RULE,
    PeriodicReport,
    ReportTexts,
    build_report,
    money_sentence,
    pct,
    plan_header,
)
from cchc_desktop.reports.safe import ExportError, one_batch, safe_filename

FORMATS = ("pdf", "xlsx", "docx")


def _status_table(r: PeriodicReport) -> list[list[str]]:
    f = r.figures
    rows = [["Tình trạng", "Số nhiệm vụ", "Tỷ lệ", "Số lượt của đơn vị chủ trì"]]
    for b in BUCKETS:
        rows.append([
            BUCKET_NAMES[b], fmt_number(f.task_counts[b]),
            pct(f.task_counts[b] / f.tasks_total if f.tasks_total else None),
            fmt_number(f.share_counts[b]),
        ])  # fmt: skip
    rows.append(["Tổng số (tỷ lệ hoàn thành)", fmt_number(f.tasks_total), pct(f.task_rate),
                 f"{fmt_number(f.shares_total)} ({pct(f.share_rate)})"])  # fmt: skip
    return rows


def _indicator_table(r: PeriodicReport, cumulative: bool) -> list[list[str]]:
    period_label = "Lũy kế năm (kỳ báo cáo)" if cumulative else "Trong kỳ"
    head = ["Chỉ tiêu", "Đơn vị tính", period_label]
    if not cumulative:
        head.append("Lũy kế năm")
    head += ["Kế hoạch năm", "Đơn vị phối hợp (không cộng)"]
    rows = [head]
    for i in r.indicators:
        f = i.figure
        row = [i.name, i.unit, fmt_number(f.period) if f.period is not None else "—"]
        if not cumulative:
            row.append(fmt_number(f.year_to_date) if f.year_to_date is not None else "—")
        row += [fmt_number(f.year_target) if f.year_target else "—",
                fmt_number(f.coordinating) if f.coordinating else "—"]  # fmt: skip
        rows.append(row)
    return rows


def report_document(r: PeriodicReport) -> OfficialDocument:
    h = r.header
    header = DocumentHeader(
        h.governing_body,
        h.issuing_body,
        h.number,
        h.place,
        r.report_date,
        "Báo cáo",
        r.title,
        blank_day=h.blank_date,
    )
    span_start, span_end = r.period.span
    cumulative = span_start == r.period.year_start
    blocks = [
        Block("heading", "I. KẾT QUẢ THỰC HIỆN"),
        Block("subheading", "1. Công tác ban hành và triển khai kế hoạch"),
        Block("para", r.texts.issuance),
        Block("subheading", "2. Kết quả thực hiện nhiệm vụ"),
        Block("para", r.texts.results),
        Block("table", table=_status_table(r), widths=[3, 1.2, 1, 1.8], numeric=True),
        Block("note", f"{TASK_RULE} Tình trạng tính đến ngày {fmt_date(r.data_date)}."),
        Block("subheading", "3. Kết quả theo hình thức tuyên truyền và số liệu định lượng"),
    ]
    for name, n in r.forms:
        blocks.append(
            Block("bullet", f"{name}: {fmt_number(n)} lượt hoàn thành của đơn vị chủ trì")
        )
    if r.indicators:
        blocks.append(Block("table", table=_indicator_table(r, cumulative),
                            widths=[3, 1.4, 1.2, 1.2, 1.2, 1.4] if not cumulative else [3, 1.4, 1.4, 1.2, 1.4],
                            numeric=True))  # fmt: skip
        blocks.append(Block("note", f"{QUANTITY_RULE} Lũy kế năm tính các lần thực hiện có hạn từ ngày "
                                    f"01/01 đến ngày {fmt_date(span_end)}; kế hoạch năm: chỉ tiêu của "
                                    "mỗi nhiệm vụ nhân với số đơn vị chủ trì."))  # fmt: skip
    blocks.append(Block("para", money_sentence(r, cumulative)))
    blocks.append(
        Block("subheading", "4. Tự đánh giá, chấm điểm Chỉ số CCHC (PAR INDEX) về tuyên truyền")
    )
    for s in r.scores:
        blocks.append(Block(
            "bullet",
            f"Tiêu chí {s.code} – {s.name}: {fmt_number(s.points)}/{fmt_number(s.max_points)} điểm. "
            f"{s.explanation}",
        ))  # fmt: skip
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
    day = (f"ngày{BLANK}tháng{BLANK}năm {r.report_date.year}" if h.blank_date
           else f"ngày {fmt_date(r.report_date)}")  # fmt: skip
    ref = f"(Kèm theo Báo cáo số {h.number} {day} của {r.office_name})"
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
            note=f"{TASK_RULE} {QUANTITY_RULE} Tình trạng tính đến ngày {fmt_date(r.data_date)}.",
        ),  # fmt: skip
        Annex(
            "Phụ lục II",
            f"Kết quả thực hiện theo đơn vị {r.period_phrase}",
            ref,
            [
                "STT",
                "Đơn vị",
                "Số lượt chủ trì",
                *(BUCKET_NAMES[b] for b in BUCKETS),
                "Tỷ lệ hoàn thành",
                "Lượt phối hợp",
            ],
            [4, 24, 7, 9, 9, 9, 9, 9, 8, 7],
            r.annex2,
            numeric=True,
            note="Mỗi lượt là một lần thực hiện của đơn vị chủ trì (một nhiệm vụ hằng tháng giao cho "
            "một đơn vị là một lượt mỗi tháng); lượt phối hợp không tính vào tỷ lệ. Tình trạng tính "
            f"đến ngày {fmt_date(r.data_date)}.",
        ),  # fmt: skip
    ]
    sig = Signature(h.signer_lines, h.signer_name)
    return OfficialDocument(header, blocks, sig, h.recipients, annexes)


def _text_blocks(text: str | None) -> list[Block]:
    """An edited section: one paragraph per line, its “- ”, “+ ” or “a)” kept as typed."""
    return [Block("para", line.strip()) for line in (text or "").splitlines() if line.strip()]


def plan_document(store, plan_id: int) -> OfficialDocument:
    """The plan as offices issue it, every section from the plan's data or, where the officer
    has not written one yet, from the default built from the office's data."""
    plan = store.catalogue.plan(plan_id)
    office = store.org.office()
    units = store.org.units()
    profile = resolved(office or Office(name=plan.issuing_body), units)
    sections = store.catalogue.plan_sections(plan_id)
    head = plan_header(
        store, document_defaults(profile, "plan", units, store.org.groups()), profile.symbol
    )
    # the office's own name prints as its header name says (with the line breaks it chose)
    same = one_line(plan.issuing_body) in (
        "",
        one_line(profile.name),
        one_line(profile.header_name),
    )
    issuing = profile.header_name if same else plan.issuing_body
    issuing_name = one_line(issuing)
    header = DocumentHeader(
        plan.governing_body or profile.governing_body, issuing,
        plan.number or head.number, profile.place_name, plan.issued_on, "Kế hoạch", plan.title,
        year=plan.year, attached=sections["decision"],
    )  # fmt: skip
    blocks = [Block("para", line.strip()) for line in plan.legal_bases.splitlines() if line.strip()]
    title = plan.title[:1].lower() + plan.title[1:]
    if not sections["decision"]:
        blocks.append(Block("para", f"{issuing_name} ban hành Kế hoạch {title} như sau:"))
    numerals = iter(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"))

    def heading(text: str) -> Block:
        return Block("heading", f"{next(numerals)}. {text}")

    blocks += [heading("MỤC ĐÍCH, YÊU CẦU"), Block("subheading", "1. Mục đích")]
    blocks += [
        Block("bullet", x.strip().lstrip("- ")) for x in plan.purposes.splitlines() if x.strip()
    ]
    blocks.append(Block("subheading", "2. Yêu cầu"))
    blocks += [
        Block("bullet", x.strip().lstrip("- ")) for x in plan.requirements.splitlines() if x.strip()
    ]
    for title_text, text in (("ĐỐI TƯỢNG TUYÊN TRUYỀN", plan.audiences),
                             ("NỘI DUNG TUYÊN TRUYỀN", sections["topics"]),
                             ("HÌNH THỨC TUYÊN TRUYỀN", sections["forms_text"])):  # fmt: skip
        if _text_blocks(text):
            blocks += [heading(title_text), *_text_blocks(text)]
    blocks += [heading("NHIỆM VỤ VÀ THỜI GIAN THỰC HIỆN"),
               Block("para", "Nội dung công việc, đơn vị chủ trì, đơn vị phối hợp, sản phẩm dự kiến và thời gian "
                             "thực hiện tại Phụ lục kèm theo Kế hoạch này.")]  # fmt: skip
    if _text_blocks(plan.budget_note):
        blocks += [heading("KINH PHÍ THỰC HIỆN"), *_text_blocks(plan.budget_note)]
    duties = sections["duties"]
    if duties or _text_blocks(sections["reporting"]):
        blocks.append(heading("TỔ CHỨC THỰC HIỆN"))
        n = 0
        for d in duties:
            n += 1
            blocks.append(Block("subheading", f"{n}. {'Đề nghị ' if d.request else ''}{d.name}"))
            blocks += _text_blocks(d.text)
        if _text_blocks(sections["reporting"]):
            blocks.append(Block("subheading", f"{n + 1}. Chế độ báo cáo"))
            blocks += _text_blocks(sections["reporting"])
    blocks += _text_blocks(sections["closing"])
    rows: list[list[str] | str] = []
    secs = store.catalogue.sections(plan_id)
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
    for t in store.catalogue.tasks(plan_id):
        by_section.setdefault(t.section_id, []).append(t)

    def task_rows(section_id: int | None) -> None:
        for i, t in enumerate(sorted(by_section.get(section_id, []), key=lambda t: t.position), 1):
            rows.append([str(i), t.content, "; ".join(x.name for x in t.lead), "; ".join(x.name for x in t.coordinating),
                         t.product, t.timeline])  # fmt: skip

    task_rows(None)
    for s in secs:
        rows.append(f"{numbers[s.id]}. {s.title}")
        task_rows(s.id)
    if sections["decision"]:
        ref = f"(Kèm theo Kế hoạch {title} của {issuing_name})"
    else:
        day = (f"ngày {fmt_date(plan.issued_on)}" if plan.issued_on
               else f"ngày{BLANK}tháng{BLANK}năm {plan.year}")  # fmt: skip
        ref = f"(Kèm theo Kế hoạch số {header.number} {day} của {issuing_name})"
    annex = Annex(
        "Phụ lục", f"Danh mục nhiệm vụ tuyên truyền cải cách hành chính năm {plan.year}", ref,
        ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm dự kiến", "Thời gian thực hiện"],
        [5, 38, 16, 18, 14, 12], rows,
    )  # fmt: skip
    sig = Signature(head.signer_lines, head.signer_name)
    # a plan issued by a decision goes out with the decision, which carries the Nơi nhận
    recipients = [] if sections["decision"] else head.recipients
    return OfficialDocument(header, blocks, sig, recipients, [annex])


def _write(doc: OfficialDocument, formats: Iterable[str], out_dir: Path, base: str,
           data_sheets: list, first_sheet: str, progress: Callable[[str], None] | None) -> list[Path]:  # fmt: skip
    """Write ``doc`` in each format as one set: every file is written and read back under a
    temporary name first, then all are renamed into place; on any failure (a full disk at
    the second or third file, a rename refused) no file of the set remains."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ExportError(f"Thư mục {out_dir} không tồn tại (ổ USB đã rút ra?).")
    fmts = [fmt.strip().lower() for fmt in formats]
    for fmt in fmts:
        if fmt not in FORMATS:
            raise ExportError(f"Định dạng “{fmt}” không hỗ trợ; dùng pdf, xlsx hoặc docx.")
    from cchc_desktop.core.text import nfc

    summary, limit = nfc(doc.header.summary), 255  # a Word file's title holds 255 characters
    if "docx" in fmts and len(summary) > limit:  # python-docx would refuse it in English
        raise ExportError(
            f"Không ghi được tệp {out_dir / safe_filename(base, 'docx')}: trích yếu dài "
            f"{len(summary)} ký tự, tệp Word chỉ nhận tiêu đề tối đa {limit} ký tự. "
            "Hãy rút gọn trích yếu (hoặc tên kế hoạch), hoặc chỉ xuất PDF và Excel."
        )
    paths = []
    with one_batch() as batch:
        for fmt in fmts:
            if progress:
                progress(fmt)
            path = out_dir / safe_filename(base, fmt)
            if fmt == "pdf":
                build_pdf(doc, path)
            elif fmt == "xlsx":
                build_xlsx(doc, path, data_sheets, first_sheet)
            else:
                build_docx(doc, path)
            # read back under its temporary name: a USB stick can lie about a write until read
            try:
                with batch.staged(path).open("rb") as fh:
                    head = fh.read(4)
            except OSError as exc:
                raise ExportError(
                    f"Không đọc lại được tệp vừa ghi {path} (mã lỗi {exc.errno}); "
                    "hãy thử lại hoặc chọn ổ khác."
                ) from exc
            if head != (b"%PDF" if fmt == "pdf" else b"PK\x03\x04"):
                raise ExportError(
                    f"Tệp {path} ghi ra không đúng định dạng; hãy thử lại hoặc chọn ổ khác."
                )
            paths.append(path)
    return paths


@dataclass(frozen=True)
class ExportedReport:
    """What one export wrote and the report it was built from: an issued report freezes
    exactly these, not a rebuild that may differ."""

    paths: list[Path]
    report: PeriodicReport


def report_file_base(report: PeriodicReport) -> str:
    """The files' name: number (when it has one), office and period, so that reports from many
    offices gathered in one folder never overwrite each other."""
    number = report.header.number.strip()
    has_number = any(ch.isdigit() for ch in number.split("/")[0])
    head = f"Báo cáo {number}" if has_number else "Báo cáo"
    return " - ".join(x for x in (head, report.office_name.strip(), report.period.name) if x)


def export_report_files(store, plan_id: int, period: Period, formats: Iterable[str], out_dir: Path,
                        today: date | None = None, texts: ReportTexts | None = None,
                        progress: Callable[[str], None] | None = None,
                        data_date: date | None = None, base: str | None = None) -> ExportedReport:  # fmt: skip
    """Build the report once and write it in each format (named ``base`` when given: “lưu với
    tên khác” while the usual file is open in Excel or Word)."""
    report = build_report(store, plan_id, period, today, texts, data_date)
    paths = _write(report_document(report), formats, out_dir, base or report_file_base(report),
                   [("Dữ liệu", report.flat)], "Báo cáo", progress)  # fmt: skip
    return ExportedReport(paths, report)


def export_report(store, plan_id: int, period: Period, formats: Iterable[str], out_dir: Path,
                  today: date | None = None, texts: ReportTexts | None = None,
                  progress: Callable[[str], None] | None = None,
                  data_date: date | None = None) -> list[Path]:  # fmt: skip
    return export_report_files(
        store, plan_id, period, formats, out_dir, today, texts, progress, data_date
    ).paths


def export_plan(store, plan_id: int, formats: Iterable[str], out_dir: Path,
                progress: Callable[[str], None] | None = None, base: str | None = None) -> list[Path]:  # fmt: skip
    plan = store.catalogue.plan(plan_id)
    base = base or f"Kế hoạch {plan.number or plan.year} - {plan.title}"
    return _write(plan_document(store, plan_id), formats, out_dir, base, [], "Kế hoạch", progress)
