"""The province's report to the ministry on its published results (Báo cáo), as .docx in the
format of Nghị định 30/2020/NĐ-CP, with its tables.

Addressed to the ministry that issued the framework as it is on the day the report is made: the
Bộ Thông tin và Truyền thông until 1 March 2025, the Bộ Khoa học và Công nghệ after (Nghị định
29/2025/NĐ-CP). Number, date and signer are left as "…" for the office: it is a draft the
department prepares for the province's leaders to sign.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from chiso.publish.decision import UNDATED, annex
from chiso.publish.docx_layout import (
    grid,
    header,
    new_document,
    page_break,
    paragraph,
    signature,
    title,
)
from chiso.publish.model import ResultSet
from chiso.publish.summary import build_summary
from chiso.publish.wording import body_on, count

DEFAULT_MINISTRY = "Bộ Khoa học và Công nghệ"
REPORT_NUMBER = "…/BC-UBND"


def ministries(results: ResultSet, on: dt.date) -> list[str]:
    """The ministries the report goes to: the frameworks' issuers as they are on ``on``."""
    found = dict.fromkeys(
        body_on(k.framework.issuer, on) for k in results.kinds if k.framework.issuer
    )
    return list(found) or [DEFAULT_MINISTRY]


def level_table(results: ResultSet) -> tuple[list[str], list[list[str]], list[float]]:
    """Biểu 1: units ranked per level, and those not ranked, per unit kind and section."""
    headers = ["TT", "Đối tượng", "Tham gia", "Được xếp hạng", "Theo mức độ", "Không xếp hạng"]
    widths = [1.3, 4.5, 1.9, 2.0, 4.8, 2.0]
    rows = []
    number = 0
    for kind in results.kinds:
        for section in kind.sections:
            number += 1
            levels = "; ".join(f"{level}: {n}" for level, n in section.level_counts())
            rows.append(
                [
                    str(number),
                    f"{section.name} {kind.label}",
                    str(len(section.entries)),
                    str(len(section.ranked)),
                    levels or "—",
                    str(len(section.not_ranked)),
                ]
            )
    return headers, rows, widths


def ministry_report_docx(results: ResultSet, *, on: dt.date) -> bytes:
    """``on``: the day the report is made, which names the ministry it is sent to."""
    meta = results.meta
    to = ministries(results, on)
    doc = new_document()
    header(
        doc,
        parent="",
        body=f"Ủy ban nhân dân\n{meta.province_title} {meta.province}",
        number=REPORT_NUMBER,
        place=f"{meta.place_name}, {UNDATED}",
    )
    title(doc, "BÁO CÁO", f"Kết quả {meta.subject}")
    paragraph(doc, f"Kính gửi: {'; '.join(to)}.", align="center", before=12)
    decided = f" theo {meta.published}" if meta.published else ""
    paragraph(
        doc,
        f"{meta.authority} báo cáo kết quả {meta.subject}, đã được phê duyệt và công bố{decided},"
        " như sau:",
        indent=True,
    )
    paragraph(doc, "I. TÌNH HÌNH TRIỂN KHAI", bold=True, indent=True, before=12)
    frameworks = dict.fromkeys(
        f"{k.framework.name} ({k.framework.legal_basis})"
        if k.framework.legal_basis
        else k.framework.name
        for k in results.kinds
    )
    paragraph(
        doc,
        f"Việc đánh giá được thực hiện theo: {'; '.join(frameworks)}. Các đơn vị tự đánh giá, "
        f"{meta.department} thẩm định trên cơ sở minh chứng, {meta.authority} phê duyệt và công"
        f" bố kết quả. Tổng số {count(sum(k.unit_count for k in results.kinds))} đơn vị thuộc "
        "diện đánh giá.",
        indent=True,
    )
    paragraph(doc, "II. KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG", bold=True, indent=True, before=12)
    for block in build_summary(results).blocks:
        paragraph(doc, block.text, indent=True)
        for item in block.items:
            paragraph(doc, f"- {item}", indent=True, before=0)
    paragraph(
        doc,
        "Số đơn vị theo mức độ tại Biểu 1; kết quả chi tiết của từng đơn vị tại Phụ lục kèm theo.",
        indent=True,
    )
    paragraph(doc, "III. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, indent=True, before=12)
    paragraph(
        doc,
        f"{meta.authority} kính đề nghị {'; '.join(to)} tổng hợp, hướng dẫn và chia sẻ kinh "
        "nghiệm của các địa phương để việc đánh giá những năm sau được thống nhất, khách quan./.",
        indent=True,
    )
    signature(
        doc,
        recipients=[
            "- Như trên;",
            f"- {body_on(meta.department, on)};",  # the department as it is today
            "- Sở Nội vụ;",
            "- Lưu: VT, ….",
        ],
        signer=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )
    _level_annex(doc, results)
    annex(doc, results, f"Báo cáo số {REPORT_NUMBER} {UNDATED} của {meta.authority}")
    return _save(doc)


def _level_annex(doc: Any, results: ResultSet) -> None:
    page_break(doc)
    paragraph(doc, "Biểu 1", bold=True, align="center", before=0)
    paragraph(
        doc,
        f"TỔNG HỢP SỐ ĐƠN VỊ THEO MỨC ĐỘ NĂM {results.meta.year}",
        bold=True,
        align="center",
        before=0,
    )
    meta = results.meta
    paragraph(
        doc,
        f"(Kèm theo Báo cáo số {REPORT_NUMBER} {UNDATED} của {meta.authority})",
        italic=True,
        align="center",
        before=0,
    )
    paragraph(doc, meta.edition, italic=True, size=12, align="center", before=0)
    headers, rows, widths = level_table(results)
    grid(doc, headers, rows, widths)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
