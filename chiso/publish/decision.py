"""The draft decision (Quyết định) approving and publishing the results, and the department's
submission (Tờ trình) asking for it, as .docx in the format of Nghị định 30/2020/NĐ-CP.

Both carry the ranking tables as their annex. Number, date and signer are left as "…" for the
office to fill in: these are drafts.
"""

from __future__ import annotations

import io
from typing import Any

from chiso.publish.docx_layout import (
    article,
    grid,
    header,
    new_document,
    page_break,
    paragraph,
    signature,
    title,
)
from chiso.publish.model import ResultSet, SectionResult
from chiso.publish.summary import build_summary
from chiso.publish.wording import body_on, count, signed
from chiso.scoring import fmt_points

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
UNDATED = "ngày … tháng … năm …"
# The law on local government in force for the year's decision (Luật Tổ chức chính quyền
# địa phương 2015, amended 22/11/2019; replaced from 01/07/2025 by the law of 16/6/2025).
LAW_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
LAW_2019 = (
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
    "chính quyền địa phương ngày 22 tháng 11 năm 2019;"
)
LAW_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"


def law_bases(year: int) -> list[str]:
    """The local-government law(s) for a campaign of ``year`` (its decision follows the year)."""
    if year >= 2025:
        return [LAW_2025]
    return [LAW_2015, LAW_2019] if year >= 2019 else [LAW_2015]


def framework_bases(results: ResultSet) -> list[str]:
    """One 'Căn cứ' per document the frameworks implement, then the province's own."""
    documents = dict.fromkeys(
        k.framework.legal_basis for k in results.kinds if k.framework.legal_basis
    )
    return [f"Căn cứ {doc};" for doc in documents] + [
        line if line.startswith("Căn cứ") else f"Căn cứ {line.rstrip(';')};"
        for line in results.meta.legal_bases
    ]


def decision_docx(results: ResultSet) -> bytes:
    meta = results.meta
    doc = new_document()
    header(
        doc,
        parent="",
        body=f"Ủy ban nhân dân\n{meta.province_title} {meta.province}",
        number=meta.decision_number,
        place=f"{meta.place_name}, {UNDATED}",
    )
    title(doc, "QUYẾT ĐỊNH", f"Phê duyệt và công bố kết quả {meta.subject}")
    paragraph(doc, meta.authority.upper(), bold=True, align="center", before=12)
    for line in [*law_bases(meta.year), *framework_bases(results)]:
        paragraph(doc, line, italic=True, indent=True)
    paragraph(
        doc,
        f"Theo đề nghị của Giám đốc {meta.department} tại Tờ trình số {meta.submission_no} "
        f"{UNDATED}.",
        italic=True,
        indent=True,
    )
    paragraph(doc, "QUYẾT ĐỊNH:", bold=True, align="center", before=12)
    article(
        doc,
        1,
        f"Phê duyệt và công bố kết quả {meta.subject} (chi tiết tại Phụ lục kèm theo), cụ thể:",
    )
    for kind in results.kinds:
        for section in kind.sections:
            ranked = len(section.ranked)
            how_many = f"{count(ranked)} đơn vị" if ranked else "không có đơn vị nào"
            paragraph(
                doc,
                f"- {section.name} {kind.label}: {how_many} được xếp hạng, "
                f"{count(len(section.not_ranked))} đơn vị không xếp hạng.",
                indent=True,
            )
    paragraph(
        doc,
        f"Giao {meta.department} đăng tải kết quả trên Cổng Thông tin điện tử của "
        f"{meta.province_title}; các cơ quan, đơn vị căn cứ kết quả để phát huy ưu điểm, khắc "
        f"phục hạn chế trong năm {meta.year + 1}.",
        indent=True,
    )
    article(doc, 2, "Quyết định này có hiệu lực thi hành kể từ ngày ký.")
    heads = "; ".join(dict.fromkeys(k.heads for k in results.kinds))
    article(
        doc,
        3,
        f"Chánh Văn phòng {meta.authority}; Giám đốc {meta.department}; Giám đốc Sở Nội vụ; "
        f"{heads} và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )
    party_committee = "Thành ủy" if meta.province_title == "thành phố" else "Tỉnh ủy"
    # The copy "(b/c)" goes to the framework issuer's body as it is on the campaign's day: the
    # Bộ Thông tin và Truyền thông until 1 March 2025, the Bộ Khoa học và Công nghệ after.
    issuers = dict.fromkeys(
        body_on(k.framework.issuer, meta.bodies_on) for k in results.kinds if k.framework.issuer
    )
    signature(
        doc,
        recipients=[
            "- Như Điều 3;",
            *(f"- {issuer} (b/c);" for issuer in issuers),
            f"- Thường trực {party_committee} (b/c);",
            f"- Thường trực HĐND {meta.province_title} (b/c);",
            f"- Chủ tịch, các Phó Chủ tịch UBND {meta.province_title};",
            f"- Cổng Thông tin điện tử {meta.province_title};",
            "- Lưu: VT, ….",
        ],
        signer=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    )
    annex(doc, results, f"Quyết định số {meta.decision_number} {UNDATED} của {meta.authority}")
    return _save(doc)


def submission_docx(results: ResultSet) -> bytes:
    """The department's Tờ trình: the year's story (the summary) and the request to approve."""
    meta = results.meta
    doc = new_document()
    header(
        doc,
        parent=f"UBND {meta.province_title} {meta.province}",
        body=meta.department,
        number=meta.submission_no,
        place=f"{meta.place_name}, {UNDATED}",
    )
    title(doc, "TỜ TRÌNH", f"Về việc phê duyệt và công bố kết quả {meta.subject}")
    paragraph(doc, f"Kính gửi: {meta.authority}.", align="center", before=12)
    for line in framework_bases(results):
        paragraph(doc, line, indent=True)
    paragraph(
        doc,
        f"{meta.department} đã tổ chức đánh giá, thẩm định, tổng hợp kết quả và kính trình "
        f"{meta.authority} như sau:",
        indent=True,
    )
    paragraph(doc, "I. KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG", bold=True, indent=True, before=12)
    for block in build_summary(results).blocks:
        paragraph(doc, block.text, indent=True)
        for item in block.items:
            paragraph(doc, f"- {item}", indent=True, before=0)
    proposal = "II"
    if meta.objections:
        paragraph(
            doc,
            "II. KHIẾU NẠI CỦA CÁC ĐƠN VỊ VỀ KẾT QUẢ THẨM ĐỊNH",
            bold=True,
            indent=True,
            before=12,
        )
        paragraph(
            doc,
            f"Trong thời hạn khiếu nại, {count(len(meta.objections))} khiếu nại của các đơn vị "
            f"đã được {meta.department} xem xét, trả lời như sau:",
            indent=True,
        )
        for line in meta.objections:
            paragraph(doc, f"- {line}", indent=True, before=0)
        proposal = "III"
    paragraph(doc, f"{proposal}. ĐỀ XUẤT", bold=True, indent=True, before=12)
    paragraph(
        doc,
        f"{meta.department} kính trình {meta.authority} xem xét, phê duyệt và công bố kết quả "
        f"{meta.subject} (kèm theo dự thảo Quyết định và Phụ lục kết quả)./.",
        indent=True,
    )
    signature(doc, recipients=["- Như trên;", "- Lưu: VT, …."], signer=["GIÁM ĐỐC"])
    annex(doc, results, f"Tờ trình số {meta.submission_no} {UNDATED} của {meta.department}")
    return _save(doc)


def annex(doc: Any, results: ResultSet, attached_to: str) -> None:
    """Phụ lục: one ruled table per unit kind and section, ranked units first."""
    meta = results.meta
    page_break(doc)
    paragraph(doc, "Phụ lục", bold=True, align="center", before=0)
    paragraph(doc, f"KẾT QUẢ {meta.subject.upper()}", bold=True, align="center", before=0)
    paragraph(doc, f"(Kèm theo {attached_to})", italic=True, align="center", before=0)
    paragraph(doc, meta.edition, italic=True, size=12, align="center", before=0)
    for k_index, kind in enumerate(results.kinds):
        paragraph(doc, f"{ROMAN[k_index]}. {kind.label.upper()}", bold=True, before=12)
        for s_index, section in enumerate(kind.sections, start=1):
            paragraph(
                doc,
                f"{s_index}. {section.name} (tối đa {fmt_points(section.max_points)} điểm)",
                bold=True,
            )
            headers, rows, widths = annex_rows(section, meta.previous_year)
            grid(doc, headers, rows, widths)
    if meta.notice:
        paragraph(doc, f"Ghi chú: {meta.notice}", italic=True, size=12, before=12)


def annex_rows(
    section: SectionResult, previous_year: int | None
) -> tuple[list[str], list[list[str]], list[float]]:
    headers = ["Thứ hạng", "Đơn vị", "Điểm", "Mức độ"]
    widths = [1.7, 5.0, 1.8, 2.6]
    if previous_year is not None:
        headers.append(f"So với {previous_year}")
        widths.append(2.6)
    headers.append("Ghi chú")
    widths.append(16.5 - sum(widths))
    rows = []
    for entry in section.entries:
        line = [
            str(entry.rank) if entry.rank is not None else "—",
            entry.name,
            fmt_points(entry.points) if entry.points is not None else "—",
            entry.level,
        ]
        if previous_year is not None:
            delta = entry.points_change
            line.append("" if delta is None else signed(delta))
        line.append(entry.reason)
        rows.append(line)
    return headers, rows, widths


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
