"""The department's request letter (công văn) opening a campaign: it asks every unit to assess
itself and submit on chiso by the deadline, in the format of Nghị định 30/2020/NĐ-CP (Phụ lục
I, mẫu 1.4: công văn), with the list of the units it is sent to as an annex.

Plain Python like the rest of the package; ``chiso/notices/letter.py`` gathers the data.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx.shared import Cm

from chiso.publish.docx_layout import (
    LEFT_CM,
    grid,
    header,
    new_document,
    page_break,
    paragraph,
    signature,
)


@dataclass(frozen=True, slots=True)
class LetterKind:
    """One kind of unit and the framework it is assessed with."""

    label: str  # "cấp xã"
    framework: str  # its name
    legal_basis: str  # the document the framework implements
    count: int  # how many units of this kind receive the letter


@dataclass(frozen=True, slots=True)
class Recipient:
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class RequestLetter:
    province: str  # "Lâm Đồng"
    province_title: str  # "tỉnh" / "thành phố"
    department: str  # "Sở Khoa học và Công nghệ"
    department_short: str  # "SKHCN"
    year: int
    campaign: str
    request_date: dt.date
    deadline: dt.date
    grace_until: dt.date
    deadline_rule: str  # "15 ngày làm việc kể từ ngày công văn" or "ngày cố định"
    kinds: Sequence[LetterKind]
    recipients: Sequence[Recipient]
    site_url: str
    guide_url: str
    contact_name: str
    contact_phone: str
    contact_email: str
    number: str = ""
    extra_bases: Sequence[str] = field(default_factory=tuple)

    @property
    def letter_number(self) -> str:
        return self.number or f"…/{self.department_short}-CĐS"


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _dated(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def letter_text_lines(letter: RequestLetter) -> list[str]:
    """The body's paragraphs, also what the e-mail and the tests read."""
    bases = dict.fromkeys(kind.legal_basis for kind in letter.kinds if kind.legal_basis)
    lines = [f"Thực hiện {basis};" for basis in [*bases, *letter.extra_bases]]
    lines.append(
        f"Để có cơ sở đánh giá, xếp hạng mức độ Chính quyền điện tử / Chính quyền số năm "
        f"{letter.year} trên địa bàn {letter.province_title} {letter.province} "
        f"({letter.campaign}), "
        f"{letter.department} đề nghị các cơ quan, đơn vị có tên trong danh sách kèm theo thực "
        f"hiện tự đánh giá, chấm điểm như sau:"
    )
    lines.append("1. Bộ chỉ số áp dụng")
    for kind in letter.kinds:
        lines.append(
            f"- Đối với {kind.label} ({kind.count} đơn vị): {kind.framework}"
            + (f", ban hành kèm theo {kind.legal_basis}" if kind.legal_basis else "")
            + "."
        )
    lines.append("2. Thời hạn")
    grace = (
        f"; sau thời hạn này, phiếu nộp đến hết ngày {_d(letter.grace_until)} được ghi nhận là "
        f"nộp muộn"
        if letter.grace_until != letter.deadline
        else ""
    )
    lines.append(
        f"Các đơn vị hoàn thành và nộp phiếu tự đánh giá kèm tài liệu kiểm chứng trên hệ thống "
        f"chậm nhất ngày {_d(letter.deadline)} ({letter.deadline_rule}){grace}. "
        f"Quá thời hạn trên, đơn vị không nộp phiếu được xem là không tự đánh giá."
    )
    lines.append("3. Cách thực hiện")
    lines.append(
        f"Cán bộ đầu mối của đơn vị đăng nhập hệ thống tại {letter.site_url} bằng tài khoản đã "
        f"được cấp (đổi mật khẩu ở lần đăng nhập đầu tiên), nhập từng tiêu chí, đính kèm tài "
        f"liệu kiểm chứng; Thủ trưởng đơn vị kiểm tra và nộp phiếu. Hướng dẫn sử dụng, các mốc "
        f"thời gian và đầu mối hỗ trợ: {letter.guide_url}."
    )
    contact = ", ".join(
        part
        for part in (
            letter.contact_name,
            f"điện thoại {letter.contact_phone}" if letter.contact_phone else "",
            f"thư điện tử {letter.contact_email}" if letter.contact_email else "",
        )
        if part
    )
    lines.append(
        f"Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ {contact or '…'} "
        f"để được hướng dẫn."
    )
    lines.append(f"{letter.department} đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.")
    return lines


def request_letter_docx(letter: RequestLetter) -> bytes:
    doc = new_document()
    header(
        doc,
        parent=f"UBND {letter.province_title} {letter.province}",
        body=letter.department,
        number=letter.letter_number,
        place=f"{letter.province}, {_dated(letter.request_date)}",
    )
    # A công văn carries its summary (V/v …) under the number, not a centred title.
    summary = paragraph(
        doc,
        f"V/v tự đánh giá, chấm điểm mức độ Chính quyền điện tử / Chính quyền số năm {letter.year}",
        size=12,
        align="center",
        before=0,
    )
    summary.paragraph_format.right_indent = Cm(16.5 - LEFT_CM)
    paragraph(
        doc,
        "Kính gửi: Các cơ quan, đơn vị có tên trong danh sách kèm theo.",
        align="center",
        before=12,
    )
    for line in letter_text_lines(letter):
        heading = line[:2] in {"1.", "2.", "3."}
        paragraph(doc, line, bold=heading, indent=True)
    signature(
        doc,
        recipients=[
            "- Như trên;",
            f"- UBND {letter.province_title} {letter.province} (b/c);",
            "- Lưu: VT, ….",
        ],
        signer=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    )
    page_break(doc)
    paragraph(doc, "DANH SÁCH CƠ QUAN, ĐƠN VỊ NHẬN CÔNG VĂN", bold=True, align="center", before=0)
    paragraph(
        doc,
        f"(Kèm theo Công văn số {letter.letter_number} {_dated(letter.request_date)} "
        f"của {letter.department})",
        italic=True,
        align="center",
        before=0,
    )
    rows = [
        [str(index), r.name, r.code, r.kind] for index, r in enumerate(letter.recipients, start=1)
    ]
    grid(doc, ["STT", "Đơn vị", "Mã", "Loại"], rows, [1.6, 8.7, 2.4, 3.8])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
