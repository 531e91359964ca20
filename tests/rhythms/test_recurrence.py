"""Recurrence rules: what is accepted, and dates that stay right across daylight-saving changes."""

import itertools
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from murmuration.rhythms import recurrence
from murmuration.rhythms.recurrence import RecurrenceError


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def expand(rule, start_date, start_time, zone, after, before):
    return recurrence.occurrences(rule, start_date, start_time, zone, after=after, before=before)


# Accepting and refusing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_rule", "stored"),
    [
        ("weekly", "FREQ=WEEKLY"),
        ("Fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("yearly", "FREQ=YEARLY"),
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=6", "FREQ=WEEKLY;COUNT=6;BYDAY=TU"),
        ("RRULE:freq=monthly;byday=-1fr", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=MONTHLY;BYDAY=+2TU;", "FREQ=MONTHLY;BYDAY=2TU"),
        ("FREQ=WEEKLY;INTERVAL=1;WKST=SU;BYDAY=MO,WE", "FREQ=WEEKLY;BYDAY=MO,WE;WKST=SU"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        ("FREQ=WEEKLY;UNTIL=20300131T190000Z", "FREQ=WEEKLY;UNTIL=20300131T190000Z"),
    ],
)
def test_it_accepts_presets_and_rules_and_stores_them_canonically(given_rule, stored):
    assert recurrence.normalise(given_rule) == stored


def test_it_reads_an_until_date_as_the_end_of_that_day_in_the_rhythms_zone():
    rule = recurrence.parse("FREQ=WEEKLY;UNTIL=20300131", "Europe/Berlin")
    assert rule.until == utc(2030, 1, 31, 22, 59, 59)


@pytest.mark.parametrize(
    ("bad_rule", "message"),
    [
        ("", "how often"),
        ("FREQ=FORTNIGHTLY", "not a frequency"),
        ("FREQ=HOURLY", "too often"),
        ("FREQ=MINUTELY", "too often"),
        ("FREQ=SECONDLY", "too often"),
        ("BYDAY=MO", "needs a FREQ"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a weekday"),
        ("FREQ=WEEKLY;BYDAY=2TU", "only works with FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "between 1 and 5"),
        ("FREQ=WEEKLY;COUNT=0", "between 1 and 1000"),
        ("FREQ=WEEKLY;COUNT=100000", "between 1 and 1000"),
        ("FREQ=WEEKLY;COUNT=many", "whole number"),
        ("FREQ=WEEKLY;INTERVAL=0", "between 1 and 100"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20300101", "not both"),
        ("FREQ=WEEKLY;UNTIL=20301340", "not a real date"),
        ("FREQ=WEEKLY;UNTIL=soon", "should be a date"),
        ("FREQ=WEEKLY;FREQ=DAILY", "appears twice"),
        ("FREQ=WEEKLY;COLOUR=RED", "not a part"),
        ("FREQ=WEEKLY;BYDAY", "NAME=VALUE"),
        ("FREQ=DAILY;BYHOUR=9,17", "start time"),
        ("FREQ=YEARLY;BYWEEKNO=20", "not supported"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "cannot be used with FREQ=WEEKLY"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never have those days"),
        ("FREQ=MONTHLY;BYSETPOS=1", "needs BYDAY"),
        ("DTSTART:20300101T190000Z\nRRULE:FREQ=WEEKLY", "their own fields"),
        ("RRULE:FREQ=WEEKLY\nEXDATE:20300108T190000Z", "EXDATE is not supported"),
        ("RRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY", "exactly one"),
        ("FREQ=WEEKLY;" + "BYDAY=MO;" * 100, "at most 500"),
    ],
)
def test_it_refuses_malformed_rules_with_a_clear_message(bad_rule, message):
    with pytest.raises(RecurrenceError, match=message):
        recurrence.parse(bad_rule)


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Etc/GMT+12", "Pacific/Kiritimati"])
@pytest.mark.parametrize("until", ["99991231", "99991231T235959", "00010101", "00010101T000000"])
def test_it_refuses_an_until_at_the_ends_of_the_calendar_with_a_message(zone, until):
    # The last (or first) day of the calendar in a zone behind (or ahead of) UTC has no UTC
    # time at all; that is a bad rule, not a crash.
    try:
        rule = recurrence.parse(f"FREQ=WEEKLY;UNTIL={until}", zone)
    except RecurrenceError as error:
        assert "UNTIL" in str(error)
    else:
        assert rule.until is not None


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Pacific/Kiritimati"])
@pytest.mark.parametrize(
    ("rule", "start_date", "start_time"),
    [
        ("weekly", date(9999, 12, 31), time(23, 59)),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(9999, 12, 31), time(0, 0)),
        ("weekly", date(1, 1, 1), time(0, 0)),
    ],
)
def test_a_first_date_at_the_ends_of_the_calendar_gives_no_dates_rather_than_a_crash(
    zone, rule, start_date, start_time
):
    first = recurrence.first_occurrence(rule, start_date, start_time, zone)
    assert first is None or first.tzinfo is UTC


@pytest.mark.parametrize(
    "impossible",
    [
        "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1",
        "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2",
        "FREQ=DAILY;INTERVAL=7;BYDAY=TU",  # starts on a Monday, so only ever Mondays
        "FREQ=WEEKLY;UNTIL=20290101T000000Z",  # ends before it starts
    ],
)
def test_it_refuses_rules_that_give_no_dates_and_answers_quickly(impossible):
    began = clock.perf_counter()
    with pytest.raises(RecurrenceError, match="gives no dates"):
        recurrence.check(impossible, date(2030, 1, 7), time(19), "Europe/London")
    assert clock.perf_counter() - began < 2  # dateutil alone would search up to the year 9999


def test_it_finds_rare_but_real_dates():
    first = recurrence.first_occurrence(
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", date(2025, 1, 1), time(9), "UTC"
    )
    assert first == utc(2044, 2, 29, 9)


def test_it_starts_on_the_first_day_the_rule_gives():
    first = recurrence.first_occurrence("FREQ=WEEKLY;BYDAY=TU", date(2030, 1, 7), time(19), "UTC")
    assert first == utc(2030, 1, 8, 19)


# Daylight saving ---------------------------------------------------------------------------


def test_it_keeps_a_london_monday_at_seven_in_the_evening_all_year():
    starts = expand(
        "weekly", date(2025, 1, 6), time(19), "Europe/London", utc(2025, 1, 1), utc(2026, 1, 1)
    )
    assert len(starts) == 52
    assert utc(2025, 3, 24, 19) in starts  # GMT, before the clocks go forward on 30 March
    assert utc(2025, 3, 31, 18) in starts  # BST
    assert utc(2025, 7, 14, 18) in starts
    assert utc(2025, 10, 20, 18) in starts  # still BST until 26 October
    assert utc(2025, 10, 27, 19) in starts  # GMT again
    assert {s.astimezone(ZoneInfo("Europe/London")).time() for s in starts} == {time(19)}


def test_it_follows_new_yorks_own_change_weeks_before_londons():
    starts = expand(
        "weekly",
        date(2025, 3, 3),
        time(19),
        "America/New_York",
        utc(2025, 3, 1),
        utc(2025, 4, 8),
    )
    assert starts == [
        utc(2025, 3, 4, 0),  # Monday 3 March 19:00 EST is Tuesday 00:00 UTC
        utc(2025, 3, 10, 23),  # clocks went forward on Sunday 9 March: EDT
        utc(2025, 3, 17, 23),
        utc(2025, 3, 24, 23),
        utc(2025, 3, 31, 23),  # London's change on 30 March makes no difference here
        utc(2025, 4, 7, 23),
    ]


def test_it_shifts_a_time_in_the_spring_gap_forward_like_calendar_apps():
    starts = expand(
        "FREQ=DAILY",
        date(2025, 3, 29),
        time(1, 30),
        "Europe/London",
        utc(2025, 3, 1),
        utc(2025, 4, 1),
    )
    london = ZoneInfo("Europe/London")
    assert [s.astimezone(london).strftime("%d %H:%M") for s in starts] == [
        "29 01:30",
        "30 02:30",  # 01:30 does not exist that morning; read with the offset from before
        "31 01:30",
    ]


def test_it_takes_the_first_of_a_repeated_autumn_hour():
    starts = expand(
        "FREQ=DAILY;COUNT=3",
        date(2025, 10, 25),
        time(1, 30),
        "Europe/London",
        utc(2025, 10, 1),
        utc(2025, 11, 1),
    )
    assert starts == [utc(2025, 10, 25, 0, 30), utc(2025, 10, 26, 0, 30), utc(2025, 10, 27, 1, 30)]


def test_it_returns_only_the_window_asked_for():
    starts = expand(
        "weekly", date(2025, 1, 6), time(19), "UTC", utc(2025, 1, 13, 19), utc(2025, 1, 27, 19)
    )
    assert starts == [utc(2025, 1, 13, 19), utc(2025, 1, 20, 19)]


def test_it_stops_at_until_and_count():
    until = expand(
        "FREQ=WEEKLY;UNTIL=20250120",
        date(2025, 1, 6),
        time(19),
        "Europe/London",
        utc(2025, 1, 1),
        utc(2026, 1, 1),
    )
    assert until == [utc(2025, 1, 6, 19), utc(2025, 1, 13, 19), utc(2025, 1, 20, 19)]
    counted = expand(
        "FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        date(2025, 1, 6),
        time(19),
        "UTC",
        utc(2025, 1, 1),
        utc(2026, 1, 1),
    )
    assert len(counted) == 6 and counted[0] == utc(2025, 1, 7, 19)


# Properties --------------------------------------------------------------------------------

ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # a 30-minute daylight-saving shift
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/Santiago",  # clocks change at midnight
]
zones = st.sampled_from(ZONES)
start_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
start_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


def _exists(day: date, at: time, zone: str) -> bool:
    """Whether this wall-clock time happens on that day (it does not in a spring-forward gap)."""
    moment = recurrence.to_utc(datetime.combine(day, at), zone)
    return recurrence.to_local(moment, zone) == datetime.combine(day, at)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=zones,
    start_date=start_dates,
    start_time=start_times,
    rule=st.sampled_from(
        [
            "weekly",
            "fortnightly",
            "monthly",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=MONTHLY;BYDAY=-1SU",
            "FREQ=WEEKLY;BYDAY=SA,SU",
        ]
    ),
)
def test_every_start_keeps_the_local_wall_time_or_moves_past_a_gap(
    zone, start_date, start_time, rule
):
    after = recurrence.to_utc(datetime.combine(start_date, time.min), "UTC") - timedelta(days=1)
    starts = expand(rule, start_date, start_time, zone, after, after + timedelta(days=800))
    assert starts, "a repeating rule gives dates"
    assert all(a < b for a, b in itertools.pairwise(starts))
    for start in starts:
        local = recurrence.to_local(start, zone)
        if _exists(local.date(), start_time, zone):
            assert local.time() == start_time
        else:
            # In a gap the session starts later by the length of the gap (an hour, or half).
            shift = datetime.combine(local.date(), local.time()) - datetime.combine(
                local.date(), start_time
            )
            assert timedelta(0) < shift <= timedelta(hours=1)


@settings(max_examples=100, deadline=None)
@given(zone=zones, start_date=start_dates, start_time=start_times, interval=st.integers(1, 4))
def test_weekly_starts_are_whole_local_weeks_apart(zone, start_date, start_time, interval):
    rule = f"FREQ=WEEKLY;INTERVAL={interval}"
    after = datetime.combine(start_date, time.min, tzinfo=UTC) - timedelta(days=1)
    starts = expand(rule, start_date, start_time, zone, after, after + timedelta(days=400))
    days = [recurrence.to_local(s, zone).date() for s in starts]
    assert days[0] == start_date
    assert all((b - a).days == 7 * interval for a, b in itertools.pairwise(days))


@settings(max_examples=100, deadline=None)
@given(
    zone=zones,
    start_date=start_dates,
    start_time=start_times,
    count=st.integers(1, 40),
    freq=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]),
)
def test_count_gives_exactly_that_many_sessions(zone, start_date, start_time, count, freq):
    after = datetime.combine(start_date, time.min, tzinfo=UTC) - timedelta(days=1)
    starts = expand(
        f"FREQ={freq};COUNT={count}",
        start_date,
        start_time,
        zone,
        after,
        after + timedelta(days=5000),
    )
    assert len(starts) == count


@settings(max_examples=100, deadline=None)
@given(zone=zones, start_date=start_dates, start_time=start_times, cut=st.integers(0, 300))
def test_windows_split_anywhere_add_up_to_the_whole(zone, start_date, start_time, cut):
    after = datetime.combine(start_date, time.min, tzinfo=UTC) - timedelta(days=1)
    end = after + timedelta(days=300)
    middle = after + timedelta(days=cut, hours=cut % 24)
    whole = expand("weekly", start_date, start_time, zone, after, end)
    parts = expand("weekly", start_date, start_time, zone, after, middle) + expand(
        "weekly", start_date, start_time, zone, middle, end
    )
    assert parts == whole
