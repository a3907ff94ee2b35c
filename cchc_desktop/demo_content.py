"""The demo office: an invented district, its units and a plan written in the style of real ones.

Pure data (no SQL, no Qt); :mod:`cchc_desktop.demo` writes it into a database.  Years are
written as ``{year}`` / ``{prev}`` and filled in for the demo year, so the demo stays current.
The names are invented; the shape (departments, communes and towns, the radio station, mass
organisations; sections I–V with II.1 and II.2) follows the plans offices really issue.

Shapes (what :mod:`cchc_desktop.demo` reads): ``UNITS`` rows are (name, short name, kind,
contact person, phone, e-mail); ``GROUPS`` rows are (name, member kinds, note); a ``PLAN`` text
holds one paragraph per line (the store keeps each part of the plan as one text); ``SECTIONS``
rows are (title, tasks, sub-sections).  Task timelines use the whole range of real wordings,
including one the timeline reader cannot read, so the demo shows the "set the rule" flag.
``FORMS``, ``AUDIENCES`` and ``INDICATORS`` are the codes the tasks use, as plain tuples.
"""

from __future__ import annotations

from cchc_desktop.core import taxonomy

# The taxonomy the tasks draw their codes from (defaults the office can edit in settings).
# (code, name, group): group "it" for IT-based channels, "traditional" otherwise.
FORMS: list[tuple[str, str, str]] = [(t.code, t.name, t.group) for t in taxonomy.FORMS]
AUDIENCES: list[tuple[str, str]] = [(t.code, t.name) for t in taxonomy.AUDIENCES]
# (code, name, unit counted)
INDICATORS: list[tuple[str, str, str]] = [(t.code, t.name, t.unit) for t in taxonomy.INDICATORS]

OFFICE = {
    "name": "UBND huyện Hòa Vang Thượng",
    "governing_body": "UBND tỉnh Thanh Hóa",
    "place_name": "Hòa Vang Thượng",
    "user_name": "Lê Thị Thu Hằng",
    "level": "district",
    "reports_to": "Sở Nội vụ tỉnh Thanh Hóa",
    "header_name": "UBND huyện|Hòa Vang Thượng",  # the header breaks between words, as chosen
}

_D = "hvt.thanhhoa.gov.vn"

# (name, short name, kind, contact person, phone, e-mail)
UNITS: list[tuple[str, str, str, str, str, str]] = [
    ("Phòng Nội vụ", "NV", "department", "Lê Thị Thu Hằng", "0237 3870 101", f"noivu@{_D}"),
    ("Văn phòng HĐND và UBND huyện", "VP", "department", "Nguyễn Văn Định", "0237 3870 102", f"vanphong@{_D}"),
    ("Phòng Văn hóa - Thông tin", "VHTT", "department", "Trịnh Thị Ngọc Ánh", "0237 3870 103", f"vhtt@{_D}"),
    ("Phòng Tư pháp", "TP", "department", "Đỗ Quang Hưng", "0237 3870 104", f"tuphap@{_D}"),
    ("Phòng Tài chính - Kế hoạch", "TCKH", "department", "Phạm Thị Yến", "0237 3870 105", f"tckh@{_D}"),
    ("Phòng Kinh tế và Hạ tầng", "KTHT", "department", "Hoàng Văn Ước", "0237 3870 106", f"ktht@{_D}"),
    ("Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch", "TTVH", "media", "Bùi Thị Ơn", "0237 3870 201", f"ttvh@{_D}"),
    ("Đài Truyền thanh huyện", "Đài TT", "media", "Vũ Đức Ân", "0237 3870 202", f"daitruyenthanh@{_D}"),
    ("Ủy ban MTTQ Việt Nam huyện", "MTTQ", "mass_org", "Trần Văn Ưng", "0237 3870 301", f"mttq@{_D}"),
    ("Huyện đoàn", "HĐ", "mass_org", "Ngô Thị Ánh Tuyết", "0237 3870 302", f"huyendoan@{_D}"),
    ("Hội Liên hiệp Phụ nữ huyện", "HPN", "mass_org", "Lương Thị Ý", "0237 3870 303", f"hoiphunu@{_D}"),
    ("Hội Nông dân huyện", "HND", "mass_org", "Đinh Văn Ổn", "0237 3870 304", f"hoinongdan@{_D}"),
    ("UBND thị trấn Hòa Vang", "TT Hòa Vang", "commune", "Nguyễn Thị Lan", "0237 3871 001", f"tthoavang@{_D}"),
    ("UBND thị trấn Bến Đò", "TT Bến Đò", "commune", "Lê Văn Bình", "0237 3871 002", f"ttbendo@{_D}"),
    ("UBND xã An Hòa", "An Hòa", "commune", "Phạm Văn An", "0237 3871 003", f"anhoa@{_D}"),
    ("UBND xã Ân Tín", "Ân Tín", "commune", "Trần Thị Tín", "0237 3871 004", f"antin@{_D}"),
    ("UBND xã Ấp Bắc", "Ấp Bắc", "commune", "Hoàng Văn Bắc", "0237 3871 005", f"apbac@{_D}"),
    ("UBND xã Bình Minh", "Bình Minh", "commune", "Lê Thị Minh", "0237 3871 006", f"binhminh@{_D}"),
    ("UBND xã Cẩm Tú", "Cẩm Tú", "commune", "Vũ Văn Tú", "0237 3871 007", f"camtu@{_D}"),
    ("UBND xã Diễn Lộc", "Diễn Lộc", "commune", "Đặng Văn Lộc", "0237 3871 008", f"dienloc@{_D}"),
    ("UBND xã Đông Hưng", "Đông Hưng", "commune", "Mai Thị Hưng", "0237 3871 009", f"donghung@{_D}"),
    ("UBND xã Đồng Tâm", "Đồng Tâm", "commune", "Cao Văn Tâm", "0237 3871 010", f"dongtam@{_D}"),
    ("UBND xã Gia Lập", "Gia Lập", "commune", "Hà Thị Lập", "0237 3871 011", f"gialap@{_D}"),
    ("UBND xã Hà Phú", "Hà Phú", "commune", "Quách Văn Phú", "0237 3871 012", f"haphu@{_D}"),
    ("UBND xã Khánh Vân", "Khánh Vân", "commune", "Lò Thị Vân", "0237 3871 013", f"khanhvan@{_D}"),
    ("UBND xã Lộc Thịnh", "Lộc Thịnh", "commune", "Tống Văn Thịnh", "0237 3871 014", f"locthinh@{_D}"),
    ("UBND xã Minh Tân", "Minh Tân", "commune", "Kiều Thị Tân", "0237 3871 015", f"minhtan@{_D}"),
    ("UBND xã Ninh Khang", "Ninh Khang", "commune", "Lại Văn Khang", "0237 3871 016", f"ninhkhang@{_D}"),
    ("UBND xã Ô Mễ", "Ô Mễ", "commune", "Đoàn Thị Mễ", "0237 3871 017", f"ome@{_D}"),
    ("UBND xã Phúc Thịnh", "Phúc Thịnh", "commune", "Trương Văn Phúc", "0237 3871 018", f"phucthinh@{_D}"),
    ("UBND xã Quảng Yên", "Quảng Yên", "commune", "Chu Thị Yên", "0237 3871 019", f"quangyen@{_D}"),
    ("UBND xã Thạch Sơn", "Thạch Sơn", "commune", "Phùng Văn Sơn", "0237 3871 020", f"thachson@{_D}"),
    ("UBND xã Ứng Hòe", "Ứng Hòe", "commune", "Âu Thị Hòe", "0237 3871 021", f"unghoe@{_D}"),
    ("UBND xã Yên Trường", "Yên Trường", "commune", "Nông Văn Trường", "0237 3871 022", f"yentruong@{_D}"),
]  # fmt: skip

# Named groups a task can name as one entry: (name, unit kinds it holds, note)
GROUPS: list[tuple[str, tuple[str, ...], str]] = [
    ("UBND các xã, thị trấn", ("commune",), "Tất cả xã, thị trấn trong huyện"),
    ("Các phòng, ban chuyên môn", ("department",), "Các phòng chuyên môn thuộc UBND huyện"),
    ("Các tổ chức chính trị - xã hội", ("mass_org",), "MTTQ và các đoàn thể cấp huyện"),
]

PLAN = {
    "number": "18/KH-UBND",
    "issued": (2, 14),  # month, day of the demo year
    "title": "Tuyên truyền cải cách hành chính năm {year}",
    "legal_bases": (
        "Căn cứ Quyết định số 4125/QĐ-UBND ngày 28/12/{prev} của UBND tỉnh Thanh Hóa ban hành "
        "Kế hoạch cải cách hành chính nhà nước tỉnh Thanh Hóa năm {year};\n"
        "Căn cứ Quyết định số 2986/QĐ-UBND ngày 30/12/{prev} của UBND huyện Hòa Vang Thượng ban "
        "hành Kế hoạch cải cách hành chính huyện năm {year};\n"
        "Căn cứ Kế hoạch số 37/KH-SNV ngày 10/01/{year} của Sở Nội vụ về công tác thông tin, "
        "tuyên truyền cải cách hành chính năm {year}."
    ),
    "purposes": (
        "Giúp cán bộ, công chức, viên chức và Nhân dân trên địa bàn huyện hiểu rõ mục tiêu, nội "
        "dung và lợi ích của cải cách hành chính, nhất là cải cách thủ tục hành chính và dịch vụ "
        "công trực tuyến.\n"
        "Tạo sự đồng thuận của người dân, doanh nghiệp; góp phần nâng cao Chỉ số cải cách hành "
        "chính (PAR INDEX), Chỉ số hài lòng (SIPAS) của huyện năm {year}."
    ),
    "requirements": (
        "Tuyên truyền thường xuyên, đúng trọng tâm, phù hợp với từng đối tượng và địa bàn.\n"
        "Kết hợp hình thức truyền thống với ứng dụng công nghệ thông tin, mạng xã hội.\n"
        "Các đơn vị được giao nhiệm vụ báo cáo kết quả đúng thời hạn về UBND huyện (qua Phòng "
        "Nội vụ) để tổng hợp."
    ),
    "audiences": (
        "Cán bộ, công chức, viên chức trong các cơ quan hành chính nhà nước huyện và xã, thị "
        "trấn; người dân và doanh nghiệp trên địa bàn huyện."
    ),
    "budget_note": (
        "Kinh phí thực hiện từ dự toán ngân sách năm {year} giao cho các cơ quan, đơn vị, địa "
        "phương; Phòng Tài chính - Kế hoạch hướng dẫn lập dự toán cho nhiệm vụ phát sinh."
    ),
}

_XA = "UBND các xã, thị trấn"
_PB = "Các phòng, ban chuyên môn"
_DT = "Các tổ chức chính trị - xã hội"


def _t(content, lead, coord, product, timeline, forms, aud, targets=None, budget=0, note=""):
    return {
        "content": content, "lead": lead, "coordinating": coord, "product": product,
        "timeline": timeline, "forms": forms, "audiences": aud, "targets": targets or {},
        "budget": budget, "note": note,
    }  # fmt: skip


# Sections in order: (title, tasks, sub-sections [(title, tasks)])
SECTIONS: list[tuple[str, list[dict], list[tuple[str, list[dict]]]]] = [
    (
        "Tuyên truyền, phổ biến các văn bản chỉ đạo về cải cách hành chính",
        [
            _t(
                "Quán triệt Kế hoạch cải cách hành chính năm {year} của tỉnh và của huyện đến cán bộ, công chức, viên chức",
                ["Phòng Nội vụ"],
                [_PB],
                "Hội nghị quán triệt",
                "Quý I/{year}",
                ["hoi_nghi"],
                ["cbccvc"],
                {"hoi_nghi": 1, "luot_nguoi": 150},
                12_000_000,
            ),
            _t(
                "Đăng tải văn bản chỉ đạo, kế hoạch cải cách hành chính trên Trang thông tin điện tử huyện",
                ["Văn phòng HĐND và UBND huyện"],
                ["Phòng Nội vụ"],
                "Tin, bài, văn bản đăng tải",
                "Thường xuyên",
                ["cong_ttdt"],
                ["cbccvc", "nguoi_dan", "doanh_nghiep"],
                {"tin_bai": 24},
            ),
            _t(
                "Phổ biến Bộ chỉ số đánh giá cải cách hành chính và SIPAS năm {year} đến các xã, thị trấn",
                ["Phòng Nội vụ"],
                [_XA],
                "Văn bản hướng dẫn, lớp tập huấn",
                "Trước ngày 30/6/{year}",
                ["tap_huan"],
                ["cbccvc"],
                {"hoi_nghi": 1, "luot_nguoi": 90},
                8_500_000,
            ),
            _t(
                "Lồng ghép tuyên truyền cải cách hành chính trong sinh hoạt chi bộ, giao ban cơ quan",
                [_PB, _XA],
                [],
                "Nội dung lồng ghép tại các cuộc họp",
                "Hằng tháng",
                ["hoi_nghi"],
                ["cbccvc"],
            ),
            _t(
                "Tuyên truyền về đạo đức công vụ, văn hóa công sở và mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”",
                ["Phòng Nội vụ"],
                ["Phòng Văn hóa - Thông tin", _DT],
                "Tin, bài; pano tại trụ sở",
                "Quý II, III/{year}",
                ["pano", "cong_ttdt"],
                ["cbccvc", "nguoi_dan"],
                {"tin_bai": 4, "pano": 2},
            ),
            _t(
                "Phổ biến pháp luật gắn với cải cách thủ tục hành chính cho Nhân dân thông qua Ngày Pháp luật",
                ["Phòng Tư pháp"],
                [_XA],
                "Buổi phổ biến pháp luật",
                "01 lần/Quý",
                ["hoi_nghi", "to_roi"],
                ["nguoi_dan"],
                {"hoi_nghi": 4, "to_roi": 2000},
            ),
        ],
        [],
    ),
    (
        "Tuyên truyền về cải cách thủ tục hành chính và dịch vụ công trực tuyến",
        [],
        [
            (
                "Thủ tục hành chính, cơ chế một cửa, một cửa liên thông",
                [
                    _t(
                        "Niêm yết công khai, đầy đủ thủ tục hành chính và quy trình giải quyết tại Bộ phận Một cửa",
                        [_XA],
                        ["Văn phòng HĐND và UBND huyện"],
                        "Bảng niêm yết, mã QR thủ tục",
                        "Thường xuyên",
                        ["niem_yet"],
                        ["nguoi_dan", "doanh_nghiep"],
                    ),
                    _t(
                        "Xây dựng chuyên mục “Cải cách hành chính” trên sóng Đài Truyền thanh huyện",
                        ["Đài Truyền thanh huyện"],
                        ["Phòng Nội vụ"],
                        "Chuyên mục phát thanh",
                        "Mỗi quý xây dựng 01 chuyên mục",
                        ["dai_truyen_thanh"],
                        ["nguoi_dan"],
                        {"chuyen_muc": 4, "luot_phat_song": 24},
                    ),
                    _t(
                        "Tiếp sóng, phát lại chuyên mục cải cách hành chính trên hệ thống loa truyền thanh cơ sở",
                        [_XA],
                        ["Đài Truyền thanh huyện"],
                        "Lượt phát sóng",
                        "02 kỳ/tháng và các bản tin chuyên đề",
                        ["loa"],
                        ["nguoi_dan"],
                        {"luot_phat_song": 24},
                    ),
                    _t(
                        "In và cấp phát tờ rơi hướng dẫn nộp hồ sơ, nhận kết quả qua dịch vụ bưu chính công ích",
                        ["Văn phòng HĐND và UBND huyện"],
                        ["Phòng Văn hóa - Thông tin"],
                        "Tờ rơi, tờ gấp",
                        "Quý III-IV/{year}",
                        ["to_roi"],
                        ["nguoi_dan", "doanh_nghiep"],
                        {"to_roi": 5000},
                        15_000_000,
                    ),
                    _t(
                        "Tổ chức đối thoại giữa Chủ tịch UBND huyện với người dân, doanh nghiệp về giải quyết thủ tục hành chính",
                        ["Văn phòng HĐND và UBND huyện"],
                        ["Ủy ban MTTQ Việt Nam huyện", _PB],
                        "Hội nghị đối thoại",
                        "Định kỳ 6 tháng/01 lần",
                        ["doi_thoai"],
                        ["nguoi_dan", "doanh_nghiep"],
                        {"doi_thoai": 2},
                        10_000_000,
                    ),
                ],
            ),
            (
                "Dịch vụ công trực tuyến, chuyển đổi số",
                [
                    _t(
                        "Đăng tin, bài hướng dẫn sử dụng dịch vụ công trực tuyến trên Trang thông tin điện tử và Fanpage huyện",
                        ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
                        ["Phòng Nội vụ", "Văn phòng HĐND và UBND huyện"],
                        "Tin, bài, video hướng dẫn",
                        "01 kỳ/tháng",
                        ["cong_ttdt", "mang_xa_hoi"],
                        ["nguoi_dan", "doanh_nghiep"],
                        {"tin_bai": 12, "bai_mxh": 24},
                    ),
                    _t(
                        "Sản xuất video clip ngắn hướng dẫn thanh toán trực tuyến phí, lệ phí",
                        ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
                        ["Huyện đoàn"],
                        "Video clip",
                        "Tháng 3/{year}",
                        ["video_clip", "mang_xa_hoi"],
                        ["nguoi_dan"],
                        {"video": 3},
                        9_000_000,
                    ),
                    _t(
                        "Thành lập tổ công nghệ số cộng đồng hỗ trợ người dân tại Bộ phận Một cửa các xã, thị trấn",
                        [_XA],
                        ["Huyện đoàn", "Hội Liên hiệp Phụ nữ huyện"],
                        "Tổ hỗ trợ hoạt động",
                        "Từ tháng 3 đến tháng 6/{year}",
                        ["tap_huan"],
                        ["nguoi_dan"],
                        {"luot_nguoi": 400},
                    ),
                    _t(
                        "Lắp đặt màn hình điện tử tra cứu thủ tục hành chính tại Bộ phận Một cửa huyện",
                        ["Văn phòng HĐND và UBND huyện"],
                        ["Phòng Tài chính - Kế hoạch"],
                        "Màn hình tra cứu",
                        "Quý II/{year}",
                        ["man_hinh"],
                        ["nguoi_dan", "doanh_nghiep"],
                        {},
                        45_000_000,
                    ),
                    _t(
                        "Tuyên truyền trên nhóm Zalo của thôn, tổ dân phố về đăng ký tài khoản định danh điện tử và Cổng Dịch vụ công",
                        [_XA],
                        ["Huyện đoàn"],
                        "Bài đăng mạng xã hội",
                        "Hàng tháng",
                        ["mang_xa_hoi"],
                        ["nguoi_dan"],
                        {"bai_mxh": 12},
                    ),
                ],
            ),
        ],
    ),
    (
        "Hội thi, cuộc thi và tuyên truyền trực quan",
        [
            _t(
                "Tổ chức Hội thi tìm hiểu về cải cách hành chính dành cho cán bộ, công chức cấp xã",
                ["Phòng Nội vụ"],
                ["Phòng Văn hóa - Thông tin", "Huyện đoàn", _XA],
                "Hội thi (sân khấu hóa)",
                "Quý III/{year}",
                ["hoi_thi", "san_khau_hoa"],
                ["cbccvc"],
                {"cuoc_thi": 1, "luot_nguoi": 300},
                35_000_000,
            ),
            _t(
                "Treo băng rôn, khẩu hiệu tuyên truyền cải cách hành chính tại trụ sở và nơi công cộng",
                ["Phòng Văn hóa - Thông tin"],
                [_XA],
                "Băng rôn, khẩu hiệu",
                "Tháng 10/{year}",
                ["bang_ron"],
                ["nguoi_dan"],
                {"pano": 40},
                6_000_000,
            ),
            _t(
                "Dựng pano tuyên truyền dịch vụ công trực tuyến tại các trục đường chính",
                ["Phòng Văn hóa - Thông tin"],
                ["Phòng Kinh tế và Hạ tầng"],
                "Pano tấm lớn",
                "Quý II, III/{year}",
                ["pano", "ap_phich"],
                ["nguoi_dan"],
                {"pano": 4},
                28_000_000,
            ),
            _t(
                "Phát động cuộc thi ảnh, video “Người dân với dịch vụ công trực tuyến” trên mạng xã hội",
                ["Huyện đoàn"],
                ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
                "Cuộc thi trực tuyến",
                "Tháng 9, tháng 10/{year}",
                ["hoi_thi", "mang_xa_hoi"],
                ["nguoi_dan"],
                {"cuoc_thi": 1, "bai_mxh": 30},
                7_000_000,
            ),
            _t(
                "Biên soạn và phát hành sổ tay hỏi đáp về thủ tục hành chính thường gặp ở cấp xã",
                ["Phòng Tư pháp"],
                ["Phòng Nội vụ", _XA],
                "Sổ tay hỏi đáp",
                "Sau khi tỉnh công bố danh mục, dự kiến giữa kỳ",
                ["so_tay"],
                ["nguoi_dan", "cbccvc"],
                {"to_roi": 1000},
                12_000_000,
                "Chờ danh mục thủ tục của tỉnh",
            ),
        ],
        [],
    ),
    (
        "Đoàn thể tham gia tuyên truyền và giám sát cải cách hành chính",
        [
            _t(
                "Lồng ghép tuyên truyền cải cách hành chính trong sinh hoạt của hội viên, đoàn viên",
                [_DT],
                ["Phòng Nội vụ"],
                "Buổi sinh hoạt chuyên đề",
                "Thường xuyên",
                ["hoi_nghi", "toa_dam"],
                ["nguoi_dan"],
                {"hoi_nghi": 8, "luot_nguoi": 1200},
            ),
            _t(
                "Giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa cấp xã",
                ["Ủy ban MTTQ Việt Nam huyện"],
                [_XA],
                "Báo cáo giám sát",
                "Theo kế hoạch kiểm tra",
                ["khao_sat"],
                ["cbccvc"],
            ),
            _t(
                "Tổ chức tọa đàm phụ nữ với chuyển đổi số và dịch vụ công trực tuyến",
                ["Hội Liên hiệp Phụ nữ huyện"],
                ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
                "Buổi tọa đàm",
                "Tháng 10/{year}",
                ["toa_dam"],
                ["nguoi_dan"],
                {"hoi_nghi": 1, "luot_nguoi": 120},
                4_000_000,
            ),
            _t(
                "Hướng dẫn hội viên nông dân sử dụng dịch vụ công trực tuyến về đất đai",
                ["Hội Nông dân huyện"],
                ["Phòng Kinh tế và Hạ tầng"],
                "Lớp hướng dẫn",
                "Khi có yêu cầu",
                ["tap_huan"],
                ["nguoi_dan"],
                {"luot_nguoi": 200},
            ),
        ],
        [],
    ),
    (
        "Kiểm tra, khảo sát và báo cáo kết quả",
        [
            _t(
                "Khảo sát mức độ hài lòng của người dân đối với sự phục vụ của Bộ phận Một cửa",
                ["Phòng Nội vụ"],
                [_XA],
                "Phiếu khảo sát, báo cáo kết quả",
                "Trong năm {year}",
                ["khao_sat"],
                ["nguoi_dan", "doanh_nghiep"],
                {},
                5_000_000,
            ),
            _t(
                "Kiểm tra việc thực hiện nhiệm vụ tuyên truyền cải cách hành chính tại các xã, thị trấn",
                ["Phòng Nội vụ"],
                ["Phòng Văn hóa - Thông tin"],
                "Biên bản, thông báo kết luận kiểm tra",
                "Theo kế hoạch kiểm tra",
                [],
                ["cbccvc"],
            ),
            _t(
                "Báo cáo kết quả công tác tuyên truyền cải cách hành chính định kỳ",
                [_PB, _XA],
                ["Phòng Nội vụ"],
                "Báo cáo quý, 6 tháng, năm",
                "Hàng quý",
                [],
                ["cbccvc"],
            ),
            _t(
                "Tổng kết công tác tuyên truyền cải cách hành chính năm {year}, biểu dương tập thể, cá nhân tiêu biểu",
                ["Phòng Nội vụ"],
                [_PB, _XA],
                "Báo cáo tổng kết, khen thưởng",
                "Tháng 12/{year}",
                ["hoi_nghi"],
                ["cbccvc"],
                {"hoi_nghi": 1},
            ),
        ],
        [],
    ),
]
