"""Campaign deadlines counted in Vietnamese working days: plain Python, no Django.

A working day is Monday to Friday, minus Vietnam's public holidays and their nghỉ bù days as
`holidays` (language "vi") lists them for the civil service, plus the Saturdays worked in
exchange (làm bù); DECREED_* add the notices `holidays` lacks. Years whose notices are not out
yet are projected from the Labour Code by `holidays`. Callers may add a province's own closures
(`extra_closed`) and make-up days (`extra_open`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from types import MappingProxyType

import holidays

NO_DAYS: frozenset[date] = frozenset()
_ONE_DAY = timedelta(days=1)
_WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

RULE_NEEDS_EXACTLY_ONE = (
    "Quy tắc hạn nộp cần đúng một trong hai: số ngày làm việc (working_days) "
    "hoặc một ngày cố định (fixed)."
)
NEGATIVE_DAYS = "{field} phải là số nguyên không âm, nhận được {value!r}."
UNKNOWN_GRACE_KIND = (
    "grace_kind phải là 'working' (ngày làm việc) hoặc 'calendar' (ngày lịch), nhận được {value!r}."
)
FIXED_BEFORE_REQUEST = "Hạn nộp cố định {fixed} đứng trước ngày công văn {request}."
CLOSED_AND_OPEN = "Một ngày không thể vừa là ngày nghỉ vừa là ngày làm bù: {days}."
DATETIME_NOT_DATE = (
    "Cần một ngày (date), không phải một thời điểm (datetime): {value!r}; "
    "hãy đổi sang ngày theo giờ Việt Nam trước."
)

# Bộ luật Dân sự 2015, Điều 148 khoản 5: a time limit whose last day is a weekend day or a
# holiday ends at the end of the next working day.
CIVIL_CODE_ROLL_FORWARD = "Bộ luật Dân sự 2015, Điều 148 khoản 5"
# A grace "sau 5 ngày kể từ ngày 25 tháng 10" (Sơn La) counts from the date the text names, not
# from the deadline moved off a weekend: Điều 148 khoản 5 moves only the LAST day of a time limit
# (it ends at the end of the next working day), and Điều 147 khoản 1 starts a limit counted in
# days on the day after the named event. Moving the 25th to Monday and then counting five more
# days would stretch a 5-day grace to 7 or 8 days (31/10/2025 would not be late).
GRACE_FROM_NAMED_DATE = "Bộ luật Dân sự 2015, Điều 147 khoản 1 và Điều 148 khoản 5"


@dataclass(frozen=True, slots=True)
class DecreedDay:
    """A day the government moved that `holidays` 0.109 does not carry; `source` cites it."""

    name: str
    source: str


_VPCP_12729 = (
    "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ: công chức, viên chức "
    "nghỉ Tết Dương lịch 2026 từ 01/01 đến hết 04/01/2026, hoán đổi ngày làm việc thứ Sáu "
    "02/01/2026 sang thứ Bảy 10/01/2026"
)

# Weekdays off that `holidays` misses. 2018-2025 and the rest of 2026 agree with the notices
# (checked in tests/deadlines): only the 2026 New Year swap is missing.
DECREED_EXTRA_DAYS_OFF: Mapping[date, DecreedDay] = MappingProxyType(
    {date(2026, 1, 2): DecreedDay("Ngày nghỉ (thay cho ngày 10/01/2026)", _VPCP_12729)}
)
# Saturdays worked in exchange (làm bù) that `holidays` misses.
DECREED_EXTRA_WORKING_DAYS: Mapping[date, DecreedDay] = MappingProxyType(
    {date(2026, 1, 10): DecreedDay("Làm bù cho ngày 02/01/2026", _VPCP_12729)}
)


# The last year whose notices (Tết, second National Day day, swaps) are all known to
# `holidays` plus DECREED_*; later years are projections. Raise it when adding a year.
LAST_NOTIFIED_YEAR = 2026
PROJECTED_YEARS = (
    "Lưu ý: ngày nghỉ năm {years} là dự kiến theo Bộ luật Lao động, "
    "chưa có thông báo chính thức về lịch nghỉ."
)


class DayKind(StrEnum):
    """How a grace period counts: working days, or calendar days (ngày lịch)."""

    WORKING = "working"
    CALENDAR = "calendar"


@dataclass(frozen=True, slots=True)
class _NationalYear:
    days_off: Mapping[date, str]  # every named day off, weekend ones included
    weekend_workdays: frozenset[date]


@cache
def _national_year(year: int) -> _NationalYear:
    # A swap may sit in the neighbouring year's table (31/12/2018 off for Saturday 05/01/2019).
    vn = holidays.country_holidays(
        "VN", years=(year - 1, year, year + 1), expand=False, language="vi"
    )
    days_off = {day: name for day, name in vn.items() if day.year == year}
    worked = {day for day in vn.weekend_workdays if day.year == year}
    for day, decreed in DECREED_EXTRA_DAYS_OFF.items():
        if day.year == year:
            days_off.setdefault(day, decreed.name)
    worked.update(day for day in DECREED_EXTRA_WORKING_DAYS if day.year == year)
    return _NationalYear(MappingProxyType(days_off), frozenset(worked))


def _check_date(value: date) -> None:
    # A datetime never equals a date, so it would silently miss every holiday.
    if isinstance(value, datetime):
        raise TypeError(DATETIME_NOT_DATE.format(value=value))


def _check_days(field: str, value: int) -> None:
    if value < 0:
        raise ValueError(NEGATIVE_DAYS.format(field=field, value=value))


def _check_extras(extra_closed: frozenset[date], extra_open: frozenset[date]) -> None:
    both = extra_closed & extra_open
    if both:
        raise ValueError(CLOSED_AND_OPEN.format(days=", ".join(_d(day) for day in sorted(both))))


def _is_working(day: date, extra_closed: frozenset[date], extra_open: frozenset[date]) -> bool:
    if day in extra_closed:
        return False
    if day in extra_open:
        return True
    national = _national_year(day.year)
    if day.weekday() >= 5:
        return day in national.weekend_workdays
    return day not in national.days_off


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def is_working_day(
    day: date,
    *,
    extra_closed: frozenset[date] = NO_DAYS,
    extra_open: frozenset[date] = NO_DAYS,
) -> bool:
    """Whether civil servants work on `day`; `extra_closed` and `extra_open` must not overlap."""
    _check_date(day)
    _check_extras(extra_closed, extra_open)
    return _is_working(day, extra_closed, extra_open)


def add_working_days(
    start: date,
    n: int,
    *,
    extra_closed: frozenset[date] = NO_DAYS,
    extra_open: frozenset[date] = NO_DAYS,
) -> date:
    """The n-th working day after `start`, which is not counted (n=0 returns `start`).

    2392: "trong vòng 15 ngày làm việc kể từ ngày nhận được công văn" counts from the day
    after, as Bộ luật Dân sự 2015 Điều 147 khoản 2 does for every time limit.
    """
    _check_date(start)
    _check_days("n", n)
    _check_extras(extra_closed, extra_open)
    day = start
    while n:
        day += _ONE_DAY
        if _is_working(day, extra_closed, extra_open):
            n -= 1
    return day


def working_days_between(
    start: date,
    end: date,
    *,
    extra_closed: frozenset[date] = NO_DAYS,
    extra_open: frozenset[date] = NO_DAYS,
) -> int:
    """Working days after `start` up to and including `end`; 0 if equal, negated if end < start.

    The inverse of add_working_days: working_days_between(s, add_working_days(s, n)) == n.
    """
    _check_date(start)
    _check_date(end)
    _check_extras(extra_closed, extra_open)
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        count += _is_working(day, extra_closed, extra_open)
        day += _ONE_DAY
    return sign * count


def holiday_name(day: date) -> str | None:
    """The Vietnamese name of a national day off ("Quốc khánh (nghỉ bù)"), else None."""
    _check_date(day)
    return _national_year(day.year).days_off.get(day)


def _roll_forward(day: date, extra_closed: frozenset[date], extra_open: frozenset[date]) -> date:
    while not _is_working(day, extra_closed, extra_open):
        day += _ONE_DAY
    return day


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineRule:
    """A unit deadline: `working_days` after the request, or a `fixed` date; exactly one.

    `grace_days` (Sơn La: "chậm nhất 05 ngày") run after the deadline, in working days unless
    `grace_kind` is DayKind.CALENDAR. After a `fixed` date they run from that date as written,
    even when the deadline itself moved off a weekend or holiday (GRACE_FROM_NAMED_DATE): Sơn
    La's "sau 5 ngày kể từ ngày 25 tháng 10" is late after 30 October whatever day the 25th is.
    """

    working_days: int | None = None
    fixed: date | None = None
    grace_days: int = 0
    grace_kind: DayKind = DayKind.WORKING

    def __post_init__(self) -> None:
        if (self.working_days is None) == (self.fixed is None):
            raise ValueError(RULE_NEEDS_EXACTLY_ONE)
        if self.working_days is not None:
            _check_days("working_days", self.working_days)
        if self.fixed is not None:
            _check_date(self.fixed)
        _check_days("grace_days", self.grace_days)
        try:
            kind = DayKind(self.grace_kind)
        except ValueError:
            raise ValueError(UNKNOWN_GRACE_KIND.format(value=self.grace_kind)) from None
        object.__setattr__(self, "grace_kind", kind)


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """A campaign's dates, all of them working days; explain() says how each was reached."""

    request_date: date
    unit_rule: DeadlineRule
    appraisal_working_days: int
    unit_deadline: date
    grace_until: date
    appraisal_deadline: date
    extra_closed: frozenset[date] = NO_DAYS
    extra_open: frozenset[date] = NO_DAYS

    def explain(self) -> list[str]:
        """Vietnamese lines for screens: request, unit deadline, grace, appraisal, and a warning
        when a date falls in a year after LAST_NOTIFIED_YEAR."""
        rule = self.unit_rule
        lines = [f"Ngày công văn: {_d(self.request_date)}."]
        if rule.fixed is None:
            lines.append(
                f"Hạn nộp của đơn vị: {rule.working_days} ngày làm việc kể từ "
                f"{_d(self.request_date)} → {_d(self.unit_deadline)} "
                f"({self._skipped(self.request_date, self.unit_deadline)})."
            )
        else:
            lines.append(
                f"Hạn nộp của đơn vị: ngày cố định {_d(rule.fixed)}"
                f"{self._rolled(rule.fixed, self.unit_deadline)}."
            )
        start = _grace_start(rule, self.unit_deadline)
        since = f"hạn nộp {_d(start)}"
        if start != self.unit_deadline:
            since = (
                f"ngày {_d(start)} ghi trong văn bản (không tính từ ngày hạn đã chuyển "
                f"{_d(self.unit_deadline)}; {GRACE_FROM_NAMED_DATE})"
            )
        if rule.grace_days == 0:
            lines.append(
                f"Không có thời gian gia hạn: nộp sau {_d(self.unit_deadline)} là nộp muộn."
            )
        elif rule.grace_kind is DayKind.WORKING:
            lines.append(
                f"Gia hạn: {rule.grace_days} ngày làm việc sau {since} → {_d(self.grace_until)} "
                f"({self._skipped(start, self.grace_until)}); "
                f"nộp sau ngày này là nộp muộn."
            )
        else:
            last = start + timedelta(days=rule.grace_days)
            lines.append(
                f"Gia hạn: {rule.grace_days} ngày lịch sau {since} "
                f"→ {_d(last)}{self._rolled(last, self.grace_until)}; "
                f"nộp sau ngày này là nộp muộn."
            )
        lines.append(
            f"Hạn thẩm định: {self.appraisal_working_days} ngày làm việc kể từ hạn nộp "
            f"{_d(self.unit_deadline)} → {_d(self.appraisal_deadline)} "
            f"({self._skipped(self.unit_deadline, self.appraisal_deadline)})."
        )
        last_year = max(self.grace_until, self.appraisal_deadline).year
        if last_year > LAST_NOTIFIED_YEAR:
            first_year = max(self.request_date.year, LAST_NOTIFIED_YEAR + 1)
            years = ", ".join(str(year) for year in range(first_year, last_year + 1))
            lines.append(PROJECTED_YEARS.format(years=years))
        return lines

    def _day_off_name(self, day: date) -> str:
        if day in self.extra_closed:
            return "ngày nghỉ do địa phương quyết định"
        return holiday_name(day) or "ngày nghỉ"

    def _rolled(self, planned: date, actual: date) -> str:
        if planned == actual:
            return ""
        why = _WEEKDAY_NAMES[planned.weekday()]
        if planned in self.extra_closed or holiday_name(planned):
            why += f", ngày nghỉ {self._day_off_name(planned)}"
        return (
            f", là {why} nên hạn chuyển sang ngày làm việc tiếp theo → {_d(actual)} "
            f"({CIVIL_CODE_ROLL_FORWARD})"
        )

    def _skipped(self, start: date, end: date) -> str:
        # Only weekdays off change the count; weekend holidays are already not counted.
        closed: list[str] = []
        worked: list[str] = []
        day = start + _ONE_DAY
        while day <= end:
            working = _is_working(day, self.extra_closed, self.extra_open)
            if day.weekday() < 5 and not working:
                closed.append(f"{_d(day)} ({self._day_off_name(day)})")
            elif day.weekday() >= 5 and working:
                worked.append(f"{_d(day)} ({_WEEKDAY_NAMES[day.weekday()]} làm bù)")
            day += _ONE_DAY
        text = "không tính thứ Bảy, Chủ nhật"
        text += f" và ngày lễ: {', '.join(closed)}" if closed else "; không có ngày lễ nào"
        if worked:
            text += f"; có tính ngày làm bù: {', '.join(worked)}"
        return text


def _grace_start(rule: DeadlineRule, unit_deadline: date) -> date:
    """The day the grace counts from: a fixed date as written (GRACE_FROM_NAMED_DATE), else
    the deadline reached in working days."""
    if rule.fixed is not None and rule.grace_days:
        return rule.fixed
    return unit_deadline


def compute_schedule(
    *,
    request_date: date,
    unit_rule: DeadlineRule,
    appraisal_working_days: int,
    extra_closed: frozenset[date] = NO_DAYS,
    extra_open: frozenset[date] = NO_DAYS,
) -> Schedule:
    """Unit deadline, end of grace and appraisal deadline (counted from the unit deadline).

    A fixed date, or the end of calendar-day grace, on a day off moves to the next working
    day (Bộ luật Dân sự 2015, Điều 148 khoản 5).
    """
    _check_date(request_date)
    _check_days("appraisal_working_days", appraisal_working_days)
    _check_extras(extra_closed, extra_open)
    extras = {"extra_closed": extra_closed, "extra_open": extra_open}
    fixed = unit_rule.fixed
    if fixed is not None:
        if fixed < request_date:
            raise ValueError(FIXED_BEFORE_REQUEST.format(fixed=_d(fixed), request=_d(request_date)))
        unit_deadline = _roll_forward(fixed, extra_closed, extra_open)
    else:
        # Only narrows the type: DeadlineRule has checked that exactly one of the two is set.
        assert unit_rule.working_days is not None  # noqa: S101
        unit_deadline = add_working_days(request_date, unit_rule.working_days, **extras)
    start = _grace_start(unit_rule, unit_deadline)
    if unit_rule.grace_kind is DayKind.WORKING:
        grace_until = add_working_days(start, unit_rule.grace_days, **extras)
    else:
        grace_until = _roll_forward(
            start + timedelta(days=unit_rule.grace_days), extra_closed, extra_open
        )
    grace_until = max(grace_until, unit_deadline)  # a grace never ends before the deadline
    return Schedule(
        request_date=request_date,
        unit_rule=unit_rule,
        appraisal_working_days=appraisal_working_days,
        unit_deadline=unit_deadline,
        grace_until=grace_until,
        appraisal_deadline=add_working_days(unit_deadline, appraisal_working_days, **extras),
        extra_closed=extra_closed,
        extra_open=extra_open,
    )


def is_late(submitted_at_date: date, schedule: Schedule) -> bool:
    """Whether a submission made on that (Vietnam-local) date is after the grace period."""
    _check_date(submitted_at_date)
    return submitted_at_date > schedule.grace_until
