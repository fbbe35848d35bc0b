"""A criteria table written by hand the way a Sở writes its annex (not exported by chiso)."""

from __future__ import annotations

import io

import openpyxl


def hand_workbook(*, errors: bool = False, kinds: str = "xa, phuong, dac_khu") -> bytes:
    """Title above the header, headers without diacritics and in another order, group rows
    merged across the table, a legal basis merged down two rows, blank lines, a total line.
    ``errors``: a criterion's points typed as words, a scoring text no one can read, a
    group whose criteria do not add up, and no unit kinds."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Phu luc I"
    ws["A1"] = "PHỤ LỤC I. BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ CẤP XÃ NĂM 2026"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["STT", "Noi dung", "Diem toi da (diem)", "Cach cham diem", "Can cu", "Minh chung"])
    ws.append(["I. NHẬN THỨC SỐ"])
    ws.merge_cells(f"A{ws.max_row}:F{ws.max_row}")
    ws.append(
        [
            1,
            "Ban hành kế hoạch chuyển đổi số năm 2026",
            "năm" if errors else 4,
            "Có: 4 điểm; Không: 0 điểm",
            "Điều 5 Luật 72/2025/QH15",
            "Quyết định ban hành kế hoạch",
        ]
    )
    ws.append(
        [
            2,
            "Tỷ lệ cán bộ được bồi dưỡng kỹ năng số",
            6,
            "tùy tình hình" if errors else "≥ 80%: 6 điểm; ≥ 50%: 3 điểm; dưới 50%: 0 điểm",
            None,  # merged with the line above
            "Danh sách lớp bồi dưỡng",
        ]
    )
    ws.merge_cells(f"E{ws.max_row - 1}:E{ws.max_row}")
    ws.append([])
    ws.append(["II", "HẠ TẦNG SỐ", 12 if errors else 10])
    ws.append([1, "Tỷ lệ hồ sơ xử lý trực tuyến toàn trình", 6, "Theo tỷ lệ %", "QĐ 405/QĐ-BKHCN"])
    ws.append([2, "Số hệ thống thông tin được bảo đảm an toàn theo cấp độ", 4, None, None])
    ws.append(["a", "Hệ thống một cửa điện tử", 2, "Có/Không", "Nghị định 85/2016/NĐ-CP"])
    ws.append(["b", "Hệ thống quản lý văn bản", 2, "Có/Không", "Nghị định 85/2016/NĐ-CP"])
    ws.append([None, "Tổng cộng", 20])
    levels = book.create_sheet("Xep loai")
    levels.append(["Muc xep loai", "Diem tu"])
    for name, points in (("Tốt", 16), ("Khá", 12), ("Trung bình", 8), ("Yếu", 0)):
        levels.append([name, points])
    meta = book.create_sheet("Thong tin chung")
    meta.append(["Ten bo chi so", "Bộ chỉ số chuyển đổi số cấp xã năm 2026"])
    meta.append(["Co quan ban hanh", "UBND tỉnh Lâm Đồng"])
    meta.append(["Can cu", "Quyết định số 123/QĐ-UBND ngày 15/01/2026 của UBND tỉnh"])
    if not errors:
        meta.append(["Ap dung cho", kinds])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
