"""Unit tests for accounts/availability.py: slots, validation and conversion to UTC."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from murmuration.accounts import availability as av

JULY = date(2025, 7, 16)  # a Wednesday; the conversion uses the week that contains it
JANUARY = date(2025, 1, 15)
MONDAY_19 = 19 * 2  # Monday 19:00 local


def slot(day: int, hour: int, minute: int = 0) -> int:
    return day * av.SLOTS_PER_DAY + hour * 2 + minute // 30


def test_it_numbers_the_week_from_monday_midnight():
    assert av.SLOTS_PER_WEEK == 336
    assert av.slot_start(0) == (0, time(0, 0))
    assert av.slot_start(MONDAY_19) == (0, time(19, 0))
    assert av.slot_start(335) == (6, time(23, 30))


def test_it_lists_iana_zones_and_knows_them():
    zones = av.all_time_zones()
    assert zones == sorted(zones)
    assert {"UTC", "Europe/London", "Asia/Kolkata"} <= set(zones)
    assert av.is_time_zone("America/New_York")
    assert not av.is_time_zone("Mars/Olympus_Mons")
    assert not av.is_time_zone("localtime")
    assert not av.is_time_zone("x" * 200)


def test_it_normalises_slots_to_sorted_unique_ints():
    assert av.normalise_slots([5, 1, 5, 0]) == [0, 1, 5]
    assert av.normalise_slots([]) == []


@pytest.mark.parametrize("bad", [-1, 336, 999, "3", 1.0, True, None])
def test_it_refuses_a_slot_that_is_not_in_the_week(bad):
    with pytest.raises(ValueError):
        av.normalise_slots([1, bad])


def test_london_monday_evening_moves_with_summer_time():
    # British Summer Time is UTC+1, so 19:00 local is 18:00 UTC in July.
    assert av.to_utc_slots([MONDAY_19], "Europe/London", JULY) == [slot(0, 18)]
    # Greenwich Mean Time in January: local and UTC agree.
    assert av.to_utc_slots([MONDAY_19], "Europe/London", JANUARY) == [slot(0, 19)]


def test_new_york_monday_evening_can_be_tuesday_in_utc():
    # EDT is UTC-4: 19:00 Monday is 23:00 Monday UTC.
    assert av.to_utc_slots([MONDAY_19], "America/New_York", JULY) == [slot(0, 23)]
    # EST is UTC-5: 19:00 Monday is midnight starting Tuesday UTC.
    assert av.to_utc_slots([MONDAY_19], "America/New_York", JANUARY) == [slot(1, 0)]


def test_kolkata_half_hour_offset_lands_on_a_half_hour():
    # IST is UTC+5:30 all year.
    assert av.to_utc_slots([MONDAY_19], "Asia/Kolkata", JULY) == [slot(0, 13, 30)]
    assert av.to_utc_slots([MONDAY_19], "Asia/Kolkata", JANUARY) == [slot(0, 13, 30)]


def test_early_monday_east_of_utc_wraps_to_the_end_of_the_week():
    # 02:00 Monday in Kolkata is 20:30 Sunday UTC: the week is treated as a cycle.
    assert av.to_utc_slots([slot(0, 2)], "Asia/Kolkata", JULY) == [slot(6, 20, 30)]


def test_it_uses_the_offset_of_the_day_itself_in_a_week_that_changes_clocks():
    # Europe/London moved to summer time on Sunday 30 March 2025.
    week = date(2025, 3, 26)
    saturday_noon, sunday_noon = slot(5, 12), slot(6, 12)
    assert av.to_utc_slots([saturday_noon, sunday_noon], "Europe/London", week) == [
        slot(5, 12),
        slot(6, 11),
    ]


def test_the_hour_skipped_in_spring_merges_with_the_next():
    # New York skipped 02:00-03:00 on Sunday 9 March 2025; a nonexistent 02:00 is read with
    # the earlier offset, so it lands on the same UTC slot as 03:00.
    week = date(2025, 3, 5)
    result = av.to_utc_slots([slot(6, 2), slot(6, 3)], "America/New_York", week)
    assert result == [slot(6, 7)]


def test_it_collapses_slots_into_runs():
    assert av.slot_ranges([]) == []
    assert av.slot_ranges([3, 1, 2, 7, 7]) == [(1, 4), (7, 8)]
    assert av.slot_ranges([335, 0]) == [(0, 1), (335, 336)]


slot_sets = st.sets(st.integers(min_value=0, max_value=av.SLOTS_PER_WEEK - 1))
weeks = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
WHOLE_HOUR_ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Africa/Lagos",
    "Pacific/Auckland",
    "Etc/GMT+11",
    "Etc/GMT-14",
]


@given(slot_sets, weeks)
def test_utc_is_the_identity(slots, week):
    assert av.to_utc_slots(slots, "UTC", week) == sorted(slots)


def _fixed_offset_slots(zone: str, week: date) -> int | None:
    """The zone's offset in half-hours if it stays the same all week, else None."""
    monday = week - timedelta(days=week.weekday())
    offsets = {
        datetime.combine(monday + timedelta(days=day), time(), ZoneInfo(zone)).utcoffset()
        for day in range(8)
    }
    if len(offsets) > 1:
        return None
    (offset,) = offsets
    assert offset is not None
    return int(offset.total_seconds()) // (60 * av.SLOT_MINUTES)


@given(slot_sets, weeks, st.sampled_from(WHOLE_HOUR_ZONES))
def test_whole_hour_zones_keep_the_number_of_slots(slots, week, zone):
    offset = _fixed_offset_slots(zone, week)
    assume(offset is not None)
    assert offset is not None and offset % 2 == 0
    result = av.to_utc_slots(slots, zone, week)
    assert len(result) == len(slots)
    # With one offset all week the conversion is a rotation of the week by that offset.
    assert result == sorted((s - offset) % av.SLOTS_PER_WEEK for s in slots)
