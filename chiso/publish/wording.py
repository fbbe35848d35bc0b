"""Words and numbers shared by every document: changes, counts, levels, safe cell text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from chiso.publish.model import Entry, SectionResult
from chiso.scoring import fmt_points

UP, DOWN, SAME = "▲", "▼", "không đổi"
MINUS = "\u2212"  # a true minus sign, as the tables print it: −1,90


def count(n: int) -> str:
    """Counts as the province writes them: 03, 08/08 (two digits)."""
    return f"{n:02d}"


def amount(value: Fraction) -> str:
    """The size of a difference with 2 decimals, as the tables show it: 1,90; 2,37; 3,00.

    One convention everywhere a reader sees a change (summary, documents, pages, reports);
    the exact figure stays in the data and the API.
    """
    return fmt_points(abs(value))


def signed(delta: Fraction) -> str:
    """A change with its sign, as in the tables: +2,37 / −1,90 / 0,00."""
    if delta == 0:
        return fmt_points(0)
    return ("+" if delta > 0 else MINUS) + amount(delta)


def change_words(delta: Fraction, unit: str = "điểm") -> str:
    """'tăng 2,37 điểm', 'giảm 1,90 điểm', 'không đổi'."""
    if delta > 0:
        return f"tăng {amount(delta)} {unit}"
    if delta < 0:
        return f"giảm {amount(delta)} {unit}"
    return "không đổi"


def count_change(now: int, before: int, year: int) -> str:
    """'tăng 02 đơn vị so với 2018', 'giảm 01 đơn vị …', 'bằng 2018'."""
    if now > before:
        return f"tăng {count(now - before)} đơn vị so với {year}"
    if now < before:
        return f"giảm {count(before - now)} đơn vị so với {year}"
    return f"bằng số đơn vị năm {year}"


def rank_words(entry: Entry) -> str:
    """How the rank moved: 'tăng 2 bậc (năm 2018 xếp thứ 3)', 'giữ nguyên thứ hạng so với 2018'."""
    previous = entry.previous
    if entry.rank is None or previous is None or previous.points is None:
        return ""
    if previous.rank is None:
        return "" if previous.note else f"năm {previous.year} chưa được xếp hạng"
    moved = previous.rank - entry.rank
    if moved > 0:
        return f"tăng {moved} bậc (năm {previous.year} xếp thứ {previous.rank})"
    if moved < 0:
        return f"giảm {-moved} bậc (năm {previous.year} xếp thứ {previous.rank})"
    return f"giữ nguyên thứ hạng so với {previous.year}"


def rank_mark(entry: Entry) -> str:
    """The table form: ▲ 2, ▼ 1, không đổi, or empty."""
    moved = entry.rank_change
    if moved is None:
        return ""
    if moved > 0:
        return f"{UP} {moved}"
    if moved < 0:
        return f"{DOWN} {-moved}"
    return SAME


def level_words(section: SectionResult, entry: Entry) -> str:
    """'từ Mức III lên Mức II' / 'từ Mức II xuống Mức III'; empty when unchanged or unknown."""
    previous = entry.previous
    if previous is None or not previous.level or previous.level == entry.level:
        return ""
    now, before = section.level_position(entry.level), section.level_position(previous.level)
    if now is None or before is None:
        return ""
    direction = "lên" if now < before else "xuống"
    return f"từ {previous.level} {direction} {entry.level}"


def lower_first(text: str) -> str:
    """'Điều kiện sẵn sàng …' → 'điều kiện sẵn sàng …', for a name inside a sentence."""
    return text[:1].lower() + text[1:]


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A condition of the lowest level a unit did not meet: its section total or a group."""

    name: str  # the group's name; the section's for the total
    is_total: bool
    has: Fraction
    max_points: Fraction
    needed: Fraction


def below_level_words(level: str, shortfalls: Sequence[Shortfall]) -> str:
    """Why a unit is not ranked, in words a citizen reads (the one wording of every page and
    document): 'nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, dưới mức tối thiểu 8,40
    của Mức IV'; one clause per unmet condition, joined by '; '."""
    clauses = []
    for s in shortfalls:
        what = "tổng điểm" if s.is_total else f"nhóm {lower_first(s.name)}"
        clauses.append(
            f"{what} đạt {fmt_points(s.has)}/{fmt_points(s.max_points)} điểm, "
            f"dưới mức tối thiểu {fmt_points(s.needed)} của {level}"
        )
    return "; ".join(clauses) if clauses else f"chưa đạt {level}"


# Bodies merged on 1 March 2025 (Nghị định 29/2025/NĐ-CP, 45/2025/NĐ-CP): the Ministry and the
# provincial Departments of Information and Communications joined Science and Technology.
MERGED_ON = dt.date(2025, 3, 1)
MERGED_BODIES = (
    ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
    ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
)


def body_on(name: str, on: dt.date) -> str:
    """The body a document of a campaign on day ``on`` addresses: 'Bộ Thông tin và Truyền
    thông' becomes 'Bộ Khoa học và Công nghệ' from 1 March 2025."""
    if on < MERGED_ON:
        return name
    for old, new in MERGED_BODIES:
        if name.startswith(old):
            return new + name[len(old) :]
    return name


# Names the documents and the request letter share (results.documents, notices.letter).
PROVINCE_TITLES = (("Thành phố ", "thành phố"), ("Tỉnh ", "tỉnh"))
LABELS = {"district": "cấp huyện", "commune": "cấp xã", "agency": "sở, ban, ngành"}
# Sở Thông tin và Truyền thông merged into Sở Khoa học và Công nghệ on 1 March 2025
# (Nghị định 45/2025/NĐ-CP): it submits the results of the campaigns after that day
# (``body_on`` above, by the campaign's deadline).
DEPARTMENT = "Sở Thông tin và Truyền thông"
SHORT_NAMES = {"Sở Thông tin và Truyền thông": "STTTT", "Sở Khoa học và Công nghệ": "SKHCN"}


def province_parts(name: str) -> tuple[str, str]:
    """(title, short name): "Tỉnh Đắk Nông" → ("tỉnh", "Đắk Nông")."""
    for prefix, title in PROVINCE_TITLES:
        if name.startswith(prefix):
            return title, name.removeprefix(prefix)
    return "tỉnh", name
