"""Statistics exported from the public-service portal (Cổng dịch vụ công / Hệ thống thông tin
giải quyết TTHC of the province), per unit, as the QĐ 766/QĐ-TTg (2022) index counts them:
applications received, of which online; processed, of which on time; digitised dossiers.

The export is a CSV (UTF-8, comma or semicolon) or .xlsx file with a header row; columns are
found by their Vietnamese names (accents and case do not matter). Every problem is reported with
its row and column, and nothing is measured from a file that has one (all or nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from chiso.excel.form_open import WorkbookError, opened
from chiso.measure import Reading, Target
from chiso.measure.portal import plain
from chiso.scoring.numbers import exact_text, to_fraction

NAME = "dvc_stats"
COLUMNS = {
    "unit": ("ma don vi", "ma dvhc", "ma co quan"),
    "total": ("tong so ho so", "tong ho so", "so ho so tiep nhan"),
    "online": ("ho so truc tuyen", "so ho so truc tuyen", "tiep nhan truc tuyen"),
    "processed": ("ho so da giai quyet", "da giai quyet"),
    "on_time": ("ho so giai quyet dung han", "dung han", "dung hen"),
    "digitised": ("ho so duoc so hoa", "so hoa"),
}
LABELS = {
    "unit": "Mã đơn vị",
    "total": "Tổng số hồ sơ",
    "online": "Hồ sơ trực tuyến",
    "processed": "Hồ sơ đã giải quyết",
    "on_time": "Hồ sơ giải quyết đúng hạn",
    "digitised": "Hồ sơ được số hóa",
}
# figure -> (numerator column, denominator column); a count has no denominator.
FIGURES = {
    "online_share": ("online", "total"),
    "on_time_share": ("on_time", "processed"),
    "digitised_share": ("digitised", "total"),
    "online_count": ("online", ""),
}
MISSING_COLUMN = "thiếu cột «{label}»"
NOT_A_COUNT = "«{text}» không phải số nguyên không âm"
ABOVE = "{part} ({a}) lớn hơn {whole} ({b})"
TWICE = "mã đơn vị «{code}» có hai dòng"
NOT_CSV = "tệp không đọc được như CSV UTF-8 hoặc .xlsx"
EMPTY = "tệp không có dòng tiêu đề"
NOT_IN_FILE = "tệp không có số liệu của đơn vị này"
FROM_FILE = "Từ tệp thống kê {name}, dòng {row}: {parts}"


@dataclass(frozen=True, slots=True)
class StatsProblem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        place = ", ".join(
            p
            for p in (
                f"dòng {self.row}" if self.row else "",
                f"cột «{self.column}»" if self.column else "",
            )
            if p
        )
        return f"{place}: {self.message}" if place else self.message


class StatsError(Exception):
    def __init__(self, filename: str, problems: list[StatsProblem]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(f"{filename}: {p}" for p in problems))


def _rows(data: bytes, filename: str) -> list[list[object]]:
    if filename.lower().endswith(".xlsx"):
        try:
            with opened(data, filename) as book:
                sheet = book.worksheets[0]
                return [list(row) for row in sheet.iter_rows(values_only=True)]
        except WorkbookError as error:
            raise StatsError(
                filename, [StatsProblem(None, "", str(p)) for p in error.problems]
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatsError(filename, [StatsProblem(None, "", NOT_CSV)]) from None
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=dialect)]


@dataclass
class UnitStats:
    row: int
    counts: dict[str, int] = field(default_factory=dict)


def read_stats(data: bytes, filename: str) -> dict[str, UnitStats]:
    """Counts by unit code; ``StatsError`` listing every problem, located."""
    rows = _rows(data, filename)
    if not rows:
        raise StatsError(filename, [StatsProblem(None, "", EMPTY)])
    header = [plain(str(h or "")) for h in rows[0]]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for index, title in enumerate(header):
            if title in names:
                where.setdefault(key, index)
    problems = [
        StatsProblem(1, LABELS[key], MISSING_COLUMN.format(label=LABELS[key]))
        for key in ("unit", "total", "online")
        if key not in where
    ]
    if problems:
        raise StatsError(filename, problems)
    found: dict[str, UnitStats] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [*row, *([None] * len(header))]
        code = str(cells[where["unit"]] or "").strip()
        if not code:
            continue
        if code in found:
            problems.append(StatsProblem(number, LABELS["unit"], TWICE.format(code=code)))
            continue
        stats = UnitStats(number)
        for key, index in where.items():
            if key == "unit":
                continue
            raw = cells[index]
            text = str(raw).strip() if raw is not None else ""
            if text == "":
                continue
            try:
                value = to_fraction(text.replace(".", "") if "," not in text else text)
            except (ValueError, ArithmeticError):
                value = Fraction(-1)
            if isinstance(raw, float) and raw.is_integer():
                value = Fraction(int(raw))
            if value < 0 or value.denominator != 1:
                problems.append(StatsProblem(number, LABELS[key], NOT_A_COUNT.format(text=text)))
                continue
            stats.counts[key] = int(value)
        for part, whole in (("online", "total"), ("digitised", "total"), ("on_time", "processed")):
            a, b = stats.counts.get(part), stats.counts.get(whole)
            if a is not None and b is not None and a > b:
                problems.append(
                    StatsProblem(
                        number,
                        LABELS[part],
                        ABOVE.format(part=LABELS[part], a=a, whole=LABELS[whole], b=b),
                    )
                )
        found[code] = stats
    if problems:
        raise StatsError(filename, problems)
    return found


@dataclass
class DvcStatsConnector:
    """Readings from one export file; ``percentage(criterion)`` says whether the criterion wants a
    ratio (``[numerator, denominator]``) or a percentage."""

    data: bytes
    filename: str
    percentage: Callable[[str], bool] = lambda criterion: False
    name: str = NAME
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    def measure(self, targets: Iterable[Target]) -> Iterator[Reading]:
        stats = read_stats(self.data, self.filename)
        at = self.now()
        for target in targets:
            found = stats.get(target.unit)
            numerator, denominator = FIGURES[target.what]
            value: object = None
            detail = NOT_IN_FILE
            if found is not None:
                a = found.counts.get(numerator)
                b = found.counts.get(denominator) if denominator else None
                parts = ", ".join(f"{LABELS[k]} {v}" for k, v in found.counts.items())
                detail = FROM_FILE.format(name=self.filename, row=found.row, parts=parts)
                if not denominator:
                    value = a
                elif a is not None and b:
                    value = (
                        exact_text(Fraction(a * 100, b))
                        if self.percentage(target.criterion)
                        else [a, b]
                    )
            yield Reading(
                source=self.name,
                unit=target.unit,
                criterion=target.criterion,
                what=target.what,
                value=value,
                measured_at=at,
                detail=detail,
                source_ref=self.filename,
                evidence=self.data,
                evidence_name=self.filename,
            )
