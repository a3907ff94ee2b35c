"""Default lists the office can edit in settings: communication forms, audiences, indicators.

They are data (kept in the ``settings`` table once edited), because provinces and years use
different lists; these defaults follow DOMAIN.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One entry of an editable list: a stable code, the Vietnamese name, and extra data.

    ``group`` of a form is ``"it"`` for IT-based channels (scored apart in PAR INDEX 4.2) or
    ``"traditional"``; ``unit`` of an indicator is what it counts ("tin/bài", "lượt", "đồng").
    """

    code: str
    name: str
    group: str = ""
    unit: str = ""


FORMS: tuple[Term, ...] = (
    Term("bao_chi", "Báo chí", "traditional"),
    Term("dai_truyen_thanh", "Đài truyền thanh", "traditional"),
    Term("loa", "Loa truyền thanh", "traditional"),
    Term("cong_ttdt", "Cổng/Trang thông tin điện tử", "it"),
    Term("mang_xa_hoi", "Mạng xã hội (Zalo, Facebook, YouTube)", "it"),
    Term("man_hinh", "Màn hình, bảng điện tử", "it"),
    Term("hoi_nghi", "Hội nghị", "traditional"),
    Term("tap_huan", "Tập huấn", "traditional"),
    Term("toa_dam", "Tọa đàm", "traditional"),
    Term("hoi_thi", "Hội thi, cuộc thi", "traditional"),
    Term("pano", "Pano", "traditional"),
    Term("ap_phich", "Áp phích", "traditional"),
    Term("bang_ron", "Băng rôn", "traditional"),
    Term("to_roi", "Tờ rơi", "traditional"),
    Term("so_tay", "Sổ tay", "traditional"),
    Term("video_clip", "Video clip", "it"),
    Term("san_khau_hoa", "Sân khấu hóa", "traditional"),
    Term("doi_thoai", "Đối thoại", "traditional"),
    Term("niem_yet", "Niêm yết công khai", "traditional"),
    Term("khao_sat", "Khảo sát", "traditional"),
)

AUDIENCES: tuple[Term, ...] = (
    Term("cbccvc", "CBCCVC"),
    Term("nguoi_dan", "Người dân"),
    Term("doanh_nghiep", "Doanh nghiệp"),
)

INDICATORS: tuple[Term, ...] = (
    Term("tin_bai", "Tin, bài", unit="tin/bài"),
    Term("luot_phat_song", "Lượt phát sóng", unit="lượt"),
    Term("chuyen_muc", "Chuyên mục", unit="chuyên mục"),
    Term("hoi_nghi", "Hội nghị, lớp tập huấn", unit="cuộc"),
    Term("luot_nguoi", "Lượt người tham dự", unit="lượt người"),
    Term("cuoc_thi", "Cuộc thi", unit="cuộc"),
    Term("pano", "Pano, áp phích, băng rôn", unit="cái"),
    Term("to_roi", "Tờ rơi, sổ tay", unit="bản"),
    Term("video", "Video clip", unit="clip"),
    Term("bai_mxh", "Bài trên mạng xã hội", unit="bài"),
    Term("doi_thoai", "Đối thoại", unit="cuộc"),
    Term("kinh_phi", "Kinh phí", unit="đồng"),
)

DEFAULTS: dict[str, tuple[Term, ...]] = {
    "forms": FORMS,
    "audiences": AUDIENCES,
    "indicators": INDICATORS,
}

TITLES: dict[str, str] = {
    "forms": "Hình thức tuyên truyền",
    "audiences": "Đối tượng",
    "indicators": "Chỉ tiêu, kết quả định lượng",
}
