"""Words and numbers shared by every document: changes, counts, levels, safe cell text."""

from __future__ import annotations

from fractions import Fraction

from chiso.publish.model import Entry, SectionResult
from chiso.scoring import exact_text, fmt_points

UP, DOWN, SAME = "▲", "▼", "không đổi"


def count(n: int) -> str:
    """Counts as the province writes them: 03, 08/08 (two digits)."""
    return f"{n:02d}"


def amount(value: Fraction) -> str:
    """A difference as the Đắk Nông report writes it: exact and short (1,9; 2,365; 3).

    Differences of published totals terminate within 3 decimals; anything longer (a normalised
    criterion's fraction) is rounded to 2 decimals like every displayed figure.
    """
    text = exact_text(abs(value))
    if "/" in text or len(text.partition(".")[2]) > 3:
        return fmt_points(abs(value))
    return text.replace(".", ",")


def change_words(delta: Fraction, unit: str = "điểm") -> str:
    """'tăng 2,365 điểm', 'giảm 1,9 điểm', 'không đổi'."""
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
