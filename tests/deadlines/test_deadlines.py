"""Working days and campaign deadlines (chiso/deadlines.py): no Django, no database.

Every expected date was counted by hand on a printed calendar, from the notices' days off.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.deadlines import (
    CIVIL_CODE_ROLL_FORWARD,
    CLOSED_AND_OPEN,
    DATETIME_NOT_DATE,
    DECREED_EXTRA_DAYS_OFF,
    DECREED_EXTRA_WORKING_DAYS,
    FIXED_BEFORE_REQUEST,
    LAST_NOTIFIED_YEAR,
    NEGATIVE_DAYS,
    PROJECTED_YEARS,
    RULE_NEEDS_EXACTLY_ONE,
    UNKNOWN_GRACE_KIND,
    DayKind,
    DeadlineRule,
    Schedule,
    add_working_days,
    compute_schedule,
    holiday_name,
    is_late,
    is_working_day,
    working_days_between,
)

# Weekdays off and Saturdays worked by the civil service, year by year, written out from the
# Labour Code (2012 Điều 115 to 2020, 2019 Điều 112 from 2021: a second National Day day), its
# make-up rule for a holiday on a weekend, and each year's notice of Tết days and swaps.
# 2021-2026 were also compared with a hand-made table citing 4875/TB-LĐTBXH (2021),
# 119/TB-LĐTBXH (2022), 5034/TB-LĐTBXH (2023), 5015 and 1570/TB-LĐTBXH (2024),
# 6150/TB-BLĐTBXH (2025), 9441/TB-BNV and 12729/VPCP-KGVX (2026).
NOTICES = {
    2018: (
        [(1, 1), (2, 14), (2, 15), (2, 16), (2, 19), (2, 20), (4, 25), (4, 30), (5, 1)]
        # 2 September was a Sunday; 31 December swapped for Saturday 5 January 2019.
        + [(9, 3), (12, 31)],
        [],
    ),
    2019: (
        [(1, 1), (2, 4), (2, 5), (2, 6), (2, 7), (2, 8)]
        # Giỗ Tổ on Sunday 14 April; 29 April swapped for Saturday 4 May.
        + [(4, 15), (4, 29), (4, 30), (5, 1), (9, 2)],
        [(1, 5), (5, 4)],
    ),
    2020: (
        [(1, 1), (1, 23), (1, 24), (1, 27), (1, 28), (1, 29), (4, 2), (4, 30), (5, 1), (9, 2)],
        [],
    ),
    2021: (
        [(1, 1), (2, 10), (2, 11), (2, 12), (2, 15), (2, 16), (4, 21), (4, 30)]
        # 1 May was a Saturday; from 2021 National Day is two days.
        + [(5, 3), (9, 2), (9, 3)],
        [],
    ),
    2022: (
        [(1, 3), (1, 31), (2, 1), (2, 2), (2, 3), (2, 4), (4, 11), (5, 2), (5, 3), (9, 1), (9, 2)],
        [],
    ),
    2023: (
        [(1, 2), (1, 20), (1, 23), (1, 24), (1, 25), (1, 26), (5, 1), (5, 2), (5, 3)]
        + [(9, 1), (9, 4)],
        [],
    ),
    2024: (
        [(1, 1), (2, 8), (2, 9), (2, 12), (2, 13), (2, 14), (4, 18), (4, 29), (4, 30), (5, 1)]
        + [(9, 2), (9, 3)],
        [(5, 4)],
    ),
    2025: (
        [(1, 1), (1, 27), (1, 28), (1, 29), (1, 30), (1, 31), (4, 7), (4, 30), (5, 1), (5, 2)]
        + [(9, 1), (9, 2)],
        [(4, 26)],
    ),
    2026: (
        # 12729/VPCP-KGVX: Friday 2 January swapped for Saturday 10 January.
        [(1, 1), (1, 2), (2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (4, 27), (4, 30), (5, 1)]
        # 31 August swapped for Saturday 22 August; 24 November is Ngày Văn hóa Việt Nam.
        + [(8, 31), (9, 1), (9, 2), (11, 24)],
        [(1, 10), (8, 22)],
    ),
}


def days_of(year: int) -> list[date]:
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    return [date.fromordinal(day) for day in range(first, last + 1)]


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_each_years_weekdays_off_and_saturdays_worked_follow_the_notices(year: int) -> None:
    off, worked = NOTICES[year]
    days = days_of(year)
    assert [(d.month, d.day) for d in days if d.weekday() < 5 and not is_working_day(d)] == off
    assert [(d.month, d.day) for d in days if d.weekday() >= 5 and is_working_day(d)] == worked


def test_decreed_days_fill_only_gaps_in_the_holidays_package() -> None:
    # When `holidays` learns a decree, drop it from DECREED_* rather than carry it twice.
    vn = holidays.country_holidays("VN", years=range(2017, 2028), expand=False)
    assert not set(DECREED_EXTRA_DAYS_OFF) & set(vn)
    assert not set(DECREED_EXTRA_WORKING_DAYS) & vn.weekend_workdays
    assert all(d.weekday() < 5 for d in DECREED_EXTRA_DAYS_OFF)
    assert all(d.weekday() == 5 for d in DECREED_EXTRA_WORKING_DAYS)


# A request a few days before Tết, and 15 working days (2392) counted over the Tết break.
@pytest.mark.parametrize(
    ("tet", "sent", "deadline"),
    [
        pytest.param(date(2018, 2, 16), date(2018, 2, 9), date(2018, 3, 9), id="2018"),
        pytest.param(date(2019, 2, 5), date(2019, 2, 1), date(2019, 3, 1), id="2019"),
        pytest.param(date(2020, 1, 25), date(2020, 1, 20), date(2020, 2, 17), id="2020"),
        pytest.param(date(2021, 2, 12), date(2021, 2, 5), date(2021, 3, 5), id="2021"),
        pytest.param(date(2022, 2, 1), date(2022, 1, 24), date(2022, 2, 21), id="2022"),
        pytest.param(date(2023, 1, 22), date(2023, 1, 17), date(2023, 2, 14), id="2023"),
        pytest.param(date(2024, 2, 10), date(2024, 2, 5), date(2024, 3, 4), id="2024"),
        pytest.param(date(2025, 1, 29), date(2025, 1, 22), date(2025, 2, 19), id="2025"),
        pytest.param(date(2026, 2, 17), date(2026, 2, 11), date(2026, 3, 11), id="2026"),
    ],
)
def test_fifteen_working_days_skip_the_five_weekdays_of_tet(
    tet: date, sent: date, deadline: date
) -> None:
    assert holiday_name(tet) == "Tết Nguyên Đán"
    assert add_working_days(sent, 15) == deadline
    # Three weeks of five days, and one more week for Tết.
    assert (deadline - sent).days == 28


@pytest.mark.parametrize(
    ("sent", "n", "deadline"),
    [
        pytest.param(date(2021, 4, 29), 1, date(2021, 5, 4), id="2021-1-May-on-Saturday"),
        pytest.param(date(2022, 4, 29), 1, date(2022, 5, 4), id="2022-both-on-weekend"),
        pytest.param(date(2023, 4, 28), 1, date(2023, 5, 4), id="2023-Gio-To-on-Saturday"),
        pytest.param(date(2024, 4, 25), 5, date(2024, 5, 6), id="2024-Saturday-4-May-worked"),
        pytest.param(date(2025, 4, 25), 3, date(2025, 4, 29), id="2025-Saturday-26-April-worked"),
        pytest.param(date(2025, 4, 25), 5, date(2025, 5, 6), id="2025-2-May-off"),
    ],
)
def test_deadlines_across_30_april_and_1_may(sent: date, n: int, deadline: date) -> None:
    assert add_working_days(sent, n) == deadline


@pytest.mark.parametrize(
    ("sent", "n", "deadline"),
    [
        pytest.param(date(2018, 8, 31), 1, date(2018, 9, 4), id="2018-Sunday-made-up-Monday"),
        pytest.param(date(2023, 8, 31), 1, date(2023, 9, 5), id="2023-1-and-4-September"),
        pytest.param(date(2024, 8, 30), 1, date(2024, 9, 4), id="2024-2-and-3-September"),
        pytest.param(date(2025, 8, 29), 1, date(2025, 9, 3), id="2025-1-and-2-September"),
        pytest.param(date(2025, 8, 29), 15, date(2025, 9, 23), id="2025-fifteen-days"),
        pytest.param(date(2026, 8, 21), 1, date(2026, 8, 22), id="2026-Saturday-22-August"),
        pytest.param(date(2026, 8, 28), 1, date(2026, 9, 3), id="2026-31-August-to-2-Sept"),
    ],
)
def test_deadlines_across_national_day(sent: date, n: int, deadline: date) -> None:
    assert add_working_days(sent, n) == deadline


@pytest.mark.parametrize(
    ("sent", "deadline"),
    [
        pytest.param(date(2018, 12, 28), date(2019, 1, 2), id="31-December-2018-off"),
        pytest.param(date(2019, 1, 4), date(2019, 1, 5), id="Saturday-5-January-2019-worked"),
        pytest.param(date(2025, 12, 31), date(2026, 1, 5), id="2-January-2026-off"),
        pytest.param(date(2026, 1, 9), date(2026, 1, 10), id="Saturday-10-January-2026-worked"),
    ],
)
def test_new_year_swaps_move_the_next_working_day(sent: date, deadline: date) -> None:
    assert add_working_days(sent, 1) == deadline


def test_zero_working_days_returns_the_start_even_on_a_holiday() -> None:
    assert add_working_days(date(2025, 9, 2), 0) == date(2025, 9, 2)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        pytest.param(date(2025, 10, 1), date(2025, 10, 1), 0, id="same-day"),
        pytest.param(date(2025, 10, 3), date(2025, 10, 6), 1, id="Friday-to-Monday"),
        pytest.param(date(2025, 10, 6), date(2025, 10, 3), -1, id="backwards-is-negative"),
        pytest.param(date(2025, 1, 24), date(2025, 2, 3), 1, id="over-Tet-2025"),
        pytest.param(date(2025, 2, 3), date(2025, 1, 24), -1, id="back-over-Tet-2025"),
        pytest.param(date(2025, 4, 25), date(2025, 4, 27), 1, id="Saturday-worked-counts"),
        pytest.param(date(2025, 8, 29), date(2025, 9, 2), 0, id="only-holidays-between"),
    ],
)
def test_working_days_between_counts_after_start_up_to_end(
    start: date, end: date, count: int
) -> None:
    assert working_days_between(start, end) == count


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2023, 1, 22), "Tết Nguyên Đán"),
        (date(2025, 1, 27), "29 Tết"),
        (date(2022, 4, 11), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (date(2018, 9, 3), "Quốc khánh (nghỉ bù)"),
        (date(2025, 9, 1), "Quốc khánh"),
        (date(2024, 4, 29), "Ngày nghỉ (thay cho ngày 04/05/2024)"),
        (date(2026, 1, 2), "Ngày nghỉ (thay cho ngày 10/01/2026)"),
        (date(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
        (date(2025, 4, 26), None),
        (date(2025, 10, 2), None),
    ],
)
def test_holiday_name_is_vietnamese_and_none_on_other_days(day: date, name: str | None) -> None:
    assert holiday_name(day) == name


def test_a_province_may_close_extra_days_and_open_saturdays() -> None:
    closed = frozenset({date(2025, 1, 3)})
    opened = frozenset({date(2025, 1, 4)})
    assert not is_working_day(date(2025, 1, 3), extra_closed=closed)
    assert is_working_day(date(2025, 1, 4), extra_open=opened)
    assert add_working_days(date(2025, 1, 2), 1, extra_closed=closed) == date(2025, 1, 6)
    assert add_working_days(date(2025, 1, 2), 1, extra_closed=closed, extra_open=opened) == date(
        2025, 1, 4
    )
    assert working_days_between(date(2025, 1, 2), date(2025, 1, 6), extra_closed=closed) == 1


def test_a_day_both_closed_and_open_is_refused() -> None:
    both = frozenset({date(2025, 1, 4)})
    with pytest.raises(ValueError) as error:
        add_working_days(date(2025, 1, 2), 1, extra_closed=both, extra_open=both)
    assert str(error.value) == CLOSED_AND_OPEN.format(days="04/01/2025")


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError) as error:
        add_working_days(date(2025, 1, 2), -1)
    assert str(error.value) == NEGATIVE_DAYS.format(field="n", value=-1)


def test_a_datetime_is_refused_because_it_never_equals_a_holiday() -> None:
    moment = datetime(2025, 9, 2, 9, 30)  # noqa: DTZ001 - the point is that it is not a date
    with pytest.raises(TypeError) as error:
        is_working_day(moment)
    assert str(error.value) == DATETIME_NOT_DATE.format(value=moment)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({}, RULE_NEEDS_EXACTLY_ONE, id="neither"),
        pytest.param(
            {"working_days": 15, "fixed": date(2026, 10, 25)}, RULE_NEEDS_EXACTLY_ONE, id="both"
        ),
        pytest.param(
            {"working_days": -1},
            NEGATIVE_DAYS.format(field="working_days", value=-1),
            id="negative-days",
        ),
        pytest.param(
            {"working_days": 15, "grace_days": -5},
            NEGATIVE_DAYS.format(field="grace_days", value=-5),
            id="negative-grace",
        ),
        pytest.param(
            {"working_days": 15, "grace_kind": "weeks"},
            UNKNOWN_GRACE_KIND.format(value="weeks"),
            id="unknown-grace-kind",
        ),
    ],
)
def test_a_deadline_rule_needs_exactly_one_kind_and_non_negative_days(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError) as error:
        DeadlineRule(**kwargs)  # type: ignore[arg-type]
    assert str(error.value) == message


def test_grace_kind_may_be_given_as_its_plain_value() -> None:
    rule = DeadlineRule(working_days=15, grace_days=5, grace_kind="calendar")  # type: ignore[arg-type]
    assert rule.grace_kind is DayKind.CALENDAR


RULE_2392 = DeadlineRule(working_days=15)


def test_2392_unit_deadline_is_fifteen_working_days_after_the_request() -> None:
    schedule = compute_schedule(
        request_date=date(2026, 10, 2), unit_rule=RULE_2392, appraisal_working_days=120
    )
    assert schedule.unit_deadline == schedule.grace_until == date(2026, 10, 23)
    assert schedule.explain()[1] == (
        "Hạn nộp của đơn vị: 15 ngày làm việc kể từ 02/10/2026 → 23/10/2026 "
        "(không tính thứ Bảy, Chủ nhật; không có ngày lễ nào)."
    )


def test_2392_appraisal_is_120_working_days_after_the_unit_deadline() -> None:
    # From Wednesday 23/10/2024, 24 whole weeks reach Wednesday 09/04/2025; seven weekdays
    # off lie between (01/01, 27-31/01, 07/04/2025), so seven more working days: 18/04/2025.
    schedule = compute_schedule(
        request_date=date(2024, 10, 2), unit_rule=RULE_2392, appraisal_working_days=120
    )
    assert schedule.unit_deadline == date(2024, 10, 23)
    assert schedule.appraisal_deadline == date(2025, 4, 18)


def test_son_la_grace_of_five_working_days_after_a_fixed_date() -> None:
    # Friday 25/10/2024, then Monday 28/10 to Friday 01/11. Appraisal: 24 weeks reach Friday
    # 11/04/2025, and the same seven weekdays off push it to Tuesday 22/04/2025.
    rule = DeadlineRule(fixed=date(2024, 10, 25), grace_days=5)
    schedule = compute_schedule(
        request_date=date(2024, 9, 20), unit_rule=rule, appraisal_working_days=120
    )
    assert schedule.unit_deadline == date(2024, 10, 25)
    assert schedule.grace_until == date(2024, 11, 1)
    assert schedule.appraisal_deadline == date(2025, 4, 22)


def test_calendar_day_grace_counts_weekends() -> None:
    rule = DeadlineRule(fixed=date(2024, 10, 25), grace_days=5, grace_kind=DayKind.CALENDAR)
    schedule = compute_schedule(
        request_date=date(2024, 9, 20), unit_rule=rule, appraisal_working_days=0
    )
    assert schedule.grace_until == date(2024, 10, 30)
    assert schedule.appraisal_deadline == schedule.unit_deadline


@pytest.mark.parametrize(
    ("fixed", "deadline", "why"),
    [
        pytest.param(date(2025, 10, 25), date(2025, 10, 27), "thứ Bảy", id="Saturday"),
        pytest.param(date(2026, 10, 25), date(2026, 10, 26), "Chủ nhật", id="Sunday"),
        pytest.param(
            date(2025, 9, 2), date(2025, 9, 3), "thứ Ba, ngày nghỉ Quốc khánh", id="holiday"
        ),
    ],
)
def test_a_fixed_date_on_a_day_off_moves_to_the_next_working_day(
    fixed: date, deadline: date, why: str
) -> None:
    schedule = compute_schedule(
        request_date=date(fixed.year, 8, 1),
        unit_rule=DeadlineRule(fixed=fixed),
        appraisal_working_days=0,
    )
    assert schedule.unit_deadline == deadline
    assert schedule.explain()[1] == (
        f"Hạn nộp của đơn vị: ngày cố định {fixed:%d/%m/%Y}, là {why} nên hạn chuyển sang "
        f"ngày làm việc tiếp theo → {deadline:%d/%m/%Y} ({CIVIL_CODE_ROLL_FORWARD})."
    )


def test_calendar_day_grace_ending_on_a_weekend_moves_to_the_next_working_day() -> None:
    # Monday 27/10/2025; five days later is Saturday 01/11, so the grace ends Monday 03/11.
    rule = DeadlineRule(fixed=date(2025, 10, 27), grace_days=5, grace_kind=DayKind.CALENDAR)
    schedule = compute_schedule(
        request_date=date(2025, 9, 1), unit_rule=rule, appraisal_working_days=0
    )
    assert schedule.grace_until == date(2025, 11, 3)


@pytest.mark.parametrize(
    ("kind", "grace_until"),
    [
        pytest.param(DayKind.CALENDAR, date(2025, 10, 30), id="calendar-days"),
        pytest.param(DayKind.WORKING, date(2025, 10, 31), id="working-days"),
    ],
)
def test_son_la_grace_counts_from_the_25th_as_written_not_from_the_moved_deadline(
    kind: DayKind, grace_until: date
) -> None:
    # "sau 5 ngày kể từ ngày 25 tháng 10": Saturday 25/10/2025. The deadline itself moves to
    # Monday 27/10, but the five days run from the 25th: late after Thursday 30/10 (five
    # working days: Monday 27 to Friday 31). Counting from the 27th gave Monday 03/11.
    rule = DeadlineRule(fixed=date(2025, 10, 25), grace_days=5, grace_kind=kind)
    schedule = compute_schedule(
        request_date=date(2025, 9, 1), unit_rule=rule, appraisal_working_days=0
    )
    assert schedule.unit_deadline == date(2025, 10, 27)
    assert schedule.grace_until == grace_until
    assert not is_late(grace_until, schedule)
    assert is_late(grace_until + timedelta(days=1), schedule)
    assert (
        "ngày 25/10/2025 ghi trong văn bản (không tính từ ngày hạn đã chuyển 27/10/2025"
        in (schedule.explain()[2])
    )


@given(
    fixed=st.dates(date(2019, 1, 1), date(2026, 12, 1)),
    n=st.integers(1, 20),
    kind=st.sampled_from(list(DayKind)),
)
def test_a_grace_after_a_fixed_date_ends_where_counting_from_that_date_ends(
    fixed: date, n: int, kind: DayKind
) -> None:
    rule = DeadlineRule(fixed=fixed, grace_days=n, grace_kind=kind)
    schedule = compute_schedule(request_date=fixed, unit_rule=rule, appraisal_working_days=0)
    if kind is DayKind.WORKING:
        assert working_days_between(fixed, schedule.grace_until) == n
        assert is_working_day(schedule.grace_until)
    else:
        # The first working day on or after the n-th calendar day after the named date.
        end = fixed + timedelta(days=n)
        assert schedule.grace_until >= end and is_working_day(schedule.grace_until)
        day = end
        while day < schedule.grace_until:
            assert not is_working_day(day)
            day += timedelta(days=1)
    assert schedule.grace_until >= schedule.unit_deadline


def test_a_fixed_date_before_the_request_is_refused() -> None:
    with pytest.raises(ValueError) as error:
        compute_schedule(
            request_date=date(2026, 11, 2),
            unit_rule=DeadlineRule(fixed=date(2026, 10, 25)),
            appraisal_working_days=120,
        )
    assert str(error.value) == FIXED_BEFORE_REQUEST.format(fixed="25/10/2026", request="02/11/2026")


def test_explain_lists_the_days_off_skipped_and_the_saturdays_worked() -> None:
    # 5 days from Tuesday 22/04/2025 use Saturday 26/04; the grace skips 30/04 to 02/05.
    schedule = compute_schedule(
        request_date=date(2025, 4, 22),
        unit_rule=DeadlineRule(working_days=5, grace_days=3),
        appraisal_working_days=2,
    )
    assert schedule.explain() == [
        "Ngày công văn: 22/04/2025.",
        "Hạn nộp của đơn vị: 5 ngày làm việc kể từ 22/04/2025 → 28/04/2025 "
        "(không tính thứ Bảy, Chủ nhật; không có ngày lễ nào; "
        "có tính ngày làm bù: 26/04/2025 (thứ Bảy làm bù)).",
        "Gia hạn: 3 ngày làm việc sau hạn nộp 28/04/2025 → 06/05/2025 "
        "(không tính thứ Bảy, Chủ nhật và ngày lễ: 30/04/2025 (Ngày Chiến thắng), "
        "01/05/2025 (Ngày Quốc tế Lao động), 02/05/2025 (Ngày nghỉ (thay cho ngày 26/04/2025))); "
        "nộp sau ngày này là nộp muộn.",
        "Hạn thẩm định: 2 ngày làm việc kể từ hạn nộp 28/04/2025 → 05/05/2025 "
        "(không tính thứ Bảy, Chủ nhật và ngày lễ: 30/04/2025 (Ngày Chiến thắng), "
        "01/05/2025 (Ngày Quốc tế Lao động), 02/05/2025 (Ngày nghỉ (thay cho ngày 26/04/2025))).",
    ]


def test_explain_names_a_province_closure_and_the_calendar_grace() -> None:
    schedule = compute_schedule(
        request_date=date(2025, 10, 1),
        unit_rule=DeadlineRule(fixed=date(2025, 10, 24), grace_days=2, grace_kind=DayKind.CALENDAR),
        appraisal_working_days=1,
        extra_closed=frozenset({date(2025, 10, 27)}),
    )
    assert schedule.explain()[2:] == [
        "Gia hạn: 2 ngày lịch sau hạn nộp 24/10/2025 → 26/10/2025, là Chủ nhật nên hạn "
        "chuyển sang ngày làm việc tiếp theo → 28/10/2025 "
        f"({CIVIL_CODE_ROLL_FORWARD}); nộp sau ngày này là nộp muộn.",
        "Hạn thẩm định: 1 ngày làm việc kể từ hạn nộp 24/10/2025 → 28/10/2025 "
        "(không tính thứ Bảy, Chủ nhật và ngày lễ: "
        "27/10/2025 (ngày nghỉ do địa phương quyết định)).",
    ]


def test_explain_warns_when_a_date_falls_after_the_last_notified_year() -> None:
    schedule = compute_schedule(
        request_date=date(2026, 10, 2), unit_rule=RULE_2392, appraisal_working_days=120
    )
    assert LAST_NOTIFIED_YEAR == 2026
    assert schedule.explain()[-1] == PROJECTED_YEARS.format(years="2027")
    within = compute_schedule(
        request_date=date(2025, 10, 2), unit_rule=RULE_2392, appraisal_working_days=120
    )
    assert within.explain()[-1].startswith("Hạn thẩm định:")


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        pytest.param(date(2024, 10, 25), False, id="on-the-deadline"),
        pytest.param(date(2024, 11, 1), False, id="last-day-of-grace"),
        pytest.param(date(2024, 11, 2), True, id="day-after-grace"),
        pytest.param(date(2024, 9, 1), False, id="early"),
    ],
)
def test_late_means_after_the_grace_period(submitted: date, late: bool) -> None:
    schedule: Schedule = compute_schedule(
        request_date=date(2024, 9, 1),
        unit_rule=DeadlineRule(fixed=date(2024, 10, 25), grace_days=5),
        appraisal_working_days=120,
    )
    assert is_late(submitted, schedule) is late


DATES = st.dates(date(2018, 1, 1), date(2027, 12, 31))
EXTRAS = st.frozensets(st.dates(date(2018, 1, 1), date(2028, 12, 31)), max_size=8)


@given(start=DATES, n=st.integers(0, 300), closed=EXTRAS, opened=EXTRAS)
def test_add_working_days_and_working_days_between_are_inverse(
    start: date, n: int, closed: frozenset[date], opened: frozenset[date]
) -> None:
    extras = {"extra_closed": closed, "extra_open": opened - closed}
    end = add_working_days(start, n, **extras)
    assert working_days_between(start, end, **extras) == n
    assert working_days_between(end, start, **extras) == -n
    if n:
        assert is_working_day(end, **extras)
        assert add_working_days(start, n - 1, **extras) < end


@given(start=DATES, end=DATES)
def test_counting_back_is_the_negative_of_counting_forward(start: date, end: date) -> None:
    assert working_days_between(start, end) == -working_days_between(end, start)


def test_the_module_imports_no_django() -> None:
    code = "import sys, chiso.deadlines; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603
