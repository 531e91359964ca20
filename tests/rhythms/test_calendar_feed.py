"""What a calendar feed says, checked by expanding it with recurring-ical-events."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from murmuration.communities import actions as community_actions
from murmuration.rhythms import actions as rhythm_actions
from murmuration.rhythms import calendars
from murmuration.rhythms.feed_actions import create_feed
from murmuration.rhythms.models import CheckIn, Practice, SessionNote

from .calendar_factory import (
    cancel,
    expand,
    fetch,
    make_rhythm,
    move,
    session_on,
    starts_utc,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def viewer_in_new_york(world):
    world.group_member.time_zone = "America/New_York"
    world.group_member.save()
    return world.group_member


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Times ---------------------------------------------------------------------------------------


def test_it_keeps_a_london_evening_at_the_right_new_york_time_across_both_clock_changes(
    world, viewer_in_new_york
):
    """19:00 London is 14:00 New York while both zones agree, 15:00 in the weeks between."""
    make_rhythm(world.crew)
    calendar = fetch(create_feed(viewer_in_new_york))
    starts = {
        start.astimezone(LONDON).date(): start
        for start in starts_utc(calendar, date(2026, 1, 1), date(2026, 12, 31))
    }
    expected = {
        date(2026, 2, 9): (_utc(2026, 2, 9, 19), 14),  # both on winter time
        date(2026, 3, 9): (_utc(2026, 3, 9, 19), 15),  # New York moved on 8 March
        date(2026, 3, 23): (_utc(2026, 3, 23, 19), 15),  # London still on GMT
        date(2026, 3, 30): (_utc(2026, 3, 30, 18), 14),  # London moved on 29 March
        date(2026, 7, 6): (_utc(2026, 7, 6, 18), 14),  # both on summer time
        date(2026, 10, 19): (_utc(2026, 10, 19, 18), 14),
        date(2026, 10, 26): (_utc(2026, 10, 26, 19), 15),  # London back on 25 October
        date(2026, 11, 2): (_utc(2026, 11, 2, 19), 14),  # New York back on 1 November
    }
    for day, (instant, new_york_hour) in expected.items():
        assert starts[day] == instant, day
        seen_in_new_york = starts[day].astimezone(ZoneInfo(viewer_in_new_york.time_zone))
        assert (seen_in_new_york.hour, seen_in_new_york.minute) == (new_york_hour, 0), day
    assert len(starts) == 52


def test_it_writes_dtstart_in_the_rhythms_own_zone_with_a_duration(world):
    rhythm = make_rhythm(world.crew, minutes=75)
    calendar = calendars.group_calendar(world.crew)
    [master] = [e for e in calendar.events if "RECURRENCE-ID" not in e]
    assert master["DTSTART"].params["TZID"] == "Europe/London"
    assert master.start == datetime(2026, 1, 5, 19, tzinfo=LONDON)
    assert master.duration == timedelta(minutes=75)
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO"
    assert str(master["UID"]) == f"rhythm-{rhythm.pk}@127.0.0.1"


def test_it_drops_a_cancelled_session_and_leaves_the_rest(world):
    rhythm = make_rhythm(world.crew)
    cancel(session_on(rhythm, date(2026, 3, 16)))
    calendar = calendars.group_calendar(world.crew)
    starts = starts_utc(calendar, date(2026, 3, 1), date(2026, 3, 31))
    assert starts == [
        _utc(2026, 3, 2, 19),
        _utc(2026, 3, 9, 19),
        _utc(2026, 3, 23, 19),
        _utc(2026, 3, 30, 18),
    ]
    [master] = calendar.events
    assert master["EXDATE"].params["TZID"] == "Europe/London"
    assert b"EXDATE;TZID=Europe/London:20260316T190000" in calendar.to_ical()


def test_it_shows_a_moved_session_at_its_new_time_only(world):
    rhythm = make_rhythm(world.crew)
    moved = session_on(rhythm, date(2026, 4, 13))
    move(moved, datetime(2026, 4, 14, 18, 30, tzinfo=LONDON))
    calendar = calendars.group_calendar(world.crew)
    starts = starts_utc(calendar, date(2026, 4, 6), date(2026, 4, 20))
    assert starts == [_utc(2026, 4, 6, 18), _utc(2026, 4, 14, 17, 30), _utc(2026, 4, 20, 18)]
    [override] = [e for e in calendar.events if "RECURRENCE-ID" in e]
    assert override["RECURRENCE-ID"].params["TZID"] == "Europe/London"
    assert override["RECURRENCE-ID"].dt == datetime(2026, 4, 13, 19, tzinfo=LONDON)
    assert override["SEQUENCE"] == 1
    assert override["UID"] == f"rhythm-{rhythm.pk}@127.0.0.1"


def test_it_carries_a_changed_facilitator_and_practice_into_that_session_only(world):
    practice = Practice.objects.create(slug="troika", name="Troika consulting")
    rhythm = make_rhythm(world.crew)
    session = session_on(rhythm, date(2026, 2, 2))
    session.facilitator = world.group_member
    session.practice = practice
    session.sequence = 2
    session.save()
    calendar = calendars.group_calendar(world.crew)
    by_day = {e.start.date(): e for e in expand(calendar, date(2026, 1, 26), date(2026, 2, 9))}
    assert "Facilitator: Cris Crew" in by_day[date(2026, 2, 2)]["DESCRIPTION"]
    assert "Practice: Troika consulting" in by_day[date(2026, 2, 2)]["DESCRIPTION"]
    assert by_day[date(2026, 2, 2)]["SEQUENCE"] == 2
    assert "Facilitator" not in by_day[date(2026, 1, 26)]["DESCRIPTION"]
    assert "Troika" not in by_day[date(2026, 2, 9)]["DESCRIPTION"]


def test_it_closes_an_ended_rhythm_with_until(world):
    make_rhythm(world.crew, rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=40", ended_at=_utc(2026, 2, 20))
    calendar = calendars.group_calendar(world.crew)
    rule = calendar.events[0]["RRULE"]
    assert "COUNT" not in rule
    assert rule["UNTIL"] == [_utc(2026, 2, 20)]
    starts = starts_utc(calendar, date(2026, 1, 1), date(2026, 12, 31))
    assert starts[-1] == _utc(2026, 2, 16, 19)
    assert len(starts) == 7


def test_it_keeps_count_when_an_ended_rhythm_had_finished_anyway(world):
    make_rhythm(world.crew, rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=3", ended_at=_utc(2026, 6, 1))
    calendar = calendars.group_calendar(world.crew)
    assert calendar.events[0]["RRULE"]["COUNT"] == [3]
    assert len(starts_utc(calendar, date(2026, 1, 1), date(2026, 12, 31))) == 3


def test_it_writes_a_local_until_in_utc(world):
    """RFC 5545 wants UNTIL in UTC beside a zoned DTSTART; a local date means that whole day."""
    until_a_local_date = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260706"
    make_rhythm(world.crew, rrule=until_a_local_date, sessions_until=date(2026, 1, 1))
    calendar = calendars.group_calendar(world.crew)
    assert calendar.events[0]["RRULE"]["UNTIL"] == [_utc(2026, 7, 6, 22, 59, 59)]
    starts = starts_utc(calendar, date(2026, 1, 1), date(2026, 12, 31))
    assert starts[-1] == _utc(2026, 7, 6, 18)


def test_it_keeps_sessions_held_before_a_rhythm_changed_time_at_their_old_time(world, monkeypatch):
    """update_rhythm starts the rule again from the change; earlier sessions stay in the feed."""
    monkeypatch.setattr(timezone, "now", lambda: _utc(2026, 10, 1, 12))
    rhythm = make_rhythm(world.crew, start=date(2026, 9, 7))
    rhythm_actions.update_rhythm(world.group_member, rhythm, start_time=time(18, 0))
    calendar = calendars.group_calendar(world.crew)
    starts = starts_utc(calendar, date(2026, 9, 1), date(2026, 11, 9))
    assert starts == [
        *(_utc(2026, 9, day, 18) for day in (7, 14, 21, 28)),  # 19:00 BST, as they were held
        *(_utc(2026, 10, day, 17) for day in (5, 12, 19)),  # 18:00 BST from the change
        *(_utc(2026, 10, 26, 18), _utc(2026, 11, 2, 18), _utc(2026, 11, 9, 18)),  # 18:00 GMT
    ]
    uids = {str(e["UID"]) for e in calendar.events}
    assert f"rhythm-{rhythm.pk}@127.0.0.1" in uids
    assert len(uids) == 5  # the series and the four earlier sessions on their own


def test_it_writes_a_correct_vtimezone_for_every_zone_used(world):
    make_rhythm(world.crew, zone="Europe/London")
    make_rhythm(world.private_crew, zone="Australia/Sydney", at=time(7, 30))
    make_rhythm(world.crew, "Planning", zone="UTC", at=time(12, 0))
    calendar = calendars.person_calendar(world.group_member)
    assert calendar.get_missing_tzids() == set()
    zones = {component.tz_name: component.to_tz() for component in calendar.timezones}
    assert set(zones) == {"Europe/London", "Australia/Sydney"}
    for name, parsed in zones.items():
        for moment in (_utc(2026, 1, 15, 12), _utc(2026, 4, 5, 12), _utc(2026, 7, 15, 12)):
            expected = moment.astimezone(ZoneInfo(name)).utcoffset()
            assert moment.astimezone(parsed).utcoffset() == expected, (name, moment)
    # Each VTIMEZONE comes before the events that use it, as some clients insist.
    text = calendar.to_ical().decode()
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_it_says_what_a_calendar_app_needs_to_show(world):
    practice = Practice.objects.create(slug="check-in", name="Check-in round")
    make_rhythm(world.crew, practice=practice, location="https://meet.example.org/crew")
    feed = create_feed(world.group_member, world.crew)
    response = Client().get(f"/cal/{feed.token}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"\n" not in body.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["PRODID"] == calendars.PRODID
    assert calendar["X-WR-CALNAME"] == "Morning Crew · Murmuration"
    [event] = calendar.events
    assert event["SUMMARY"] == "Morning Crew: Weekly circle"
    assert event["LOCATION"] == "https://meet.example.org/crew"
    assert "Practice: Check-in round" in event["DESCRIPTION"]


def test_it_keeps_uids_stable_across_fetches(world):
    rhythm = make_rhythm(world.crew)
    move(session_on(rhythm, date(2026, 5, 4)), datetime(2026, 5, 5, 19, tzinfo=LONDON))
    feed = create_feed(world.group_member)

    def uids() -> list[tuple[str, object]]:
        return [(str(e["UID"]), e.get("RECURRENCE-ID")) for e in fetch(feed).events]

    first = uids()
    assert first == uids()
    assert {uid for uid, _ in first} == {f"rhythm-{rhythm.pk}@127.0.0.1"}


def test_it_never_puts_notes_or_checkins_in_a_feed(world):
    rhythm = make_rhythm(world.crew)
    session = session_on(rhythm, date(2026, 1, 12))
    session.facilitator = world.group_member
    session.sequence = 1
    session.save()
    SessionNote.objects.create(session=session, author=world.group_member, text="Zanzibar plan")
    CheckIn.objects.create(session=session, user=world.group_member, word="Thunderstruck", rating=4)
    personal = fetch(create_feed(world.group_member)).to_ical()
    group = fetch(create_feed(world.group_member, world.crew)).to_ical()
    single = world.client_for("group_member").get(
        f"/c/river-commons/g/morning-crew/sessions/{session.pk}.ics"
    )
    for body in (personal, group, single.content):
        assert b"Facilitator: Cris Crew" in body  # the session's details are there...
        assert b"zanzibar" not in body.lower()  # ...and what was shared inside it is not
        assert b"thunderstruck" not in body.lower()


# Whose sessions ------------------------------------------------------------------------------


def test_it_lists_the_sessions_of_every_group_a_person_is_in_now(world):
    make_rhythm(world.crew, "Crew circle")
    make_rhythm(world.private_crew, "Garden walk")
    feed = create_feed(world.group_member)
    assert {e["SUMMARY"] for e in fetch(feed).events} == {
        "Morning Crew: Crew circle",
        "Secret Garden: Garden walk",
    }
    community_actions.leave_group(world.group_member, world.crew)
    assert {e["SUMMARY"] for e in fetch(feed).events} == {"Secret Garden: Garden walk"}


def test_it_leaves_out_groups_a_host_is_not_in(world):
    make_rhythm(world.crew)
    make_rhythm(world.private_crew, "Garden walk")
    assert list(fetch(create_feed(world.host)).events) == []


def test_it_shows_a_single_session_as_its_own_event(world):
    rhythm = make_rhythm(world.crew)
    session = session_on(rhythm, date(2026, 3, 30))
    cancel(session)
    response = world.client_for("member").get(
        f"/c/river-commons/g/morning-crew/sessions/{session.pk}.ics"
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.events
    assert "RRULE" not in event
    assert str(event["UID"]) == f"session-{session.pk}@127.0.0.1"
    assert event["STATUS"] == "CANCELLED"
    assert event.start.astimezone(UTC) == _utc(2026, 3, 30, 18)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]


# Cost ----------------------------------------------------------------------------------------


def _queries_for_feed(world, rhythms: int) -> int:
    for n in range(rhythms):
        group = world.crew if n % 2 else world.private_crew
        rhythm = make_rhythm(group, f"Rhythm {n}", sessions_until=date(2026, 3, 10))
        sessions = list(rhythm.sessions.all())
        cancel(sessions[1])
        move(sessions[2], sessions[2].starts_at + timedelta(hours=1))
        sessions[3].facilitator = world.group_member
        sessions[3].practice = Practice.objects.create(slug=f"p{rhythms}-{n}", name=f"Practice {n}")
        sessions[3].save()
    feed = create_feed(world.group_member)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cal/{feed.token}.ics").status_code == 200
    return len(queries)


def test_it_builds_a_feed_in_the_same_number_of_queries_for_2_and_20_rhythms(world):
    few = _queries_for_feed(world, 2)
    world.crew.rhythms.all().delete()
    world.private_crew.rhythms.all().delete()
    many = _queries_for_feed(world, 20)
    assert few == many
    assert many <= 4


def test_it_builds_a_group_feed_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    for n in range(5):
        make_rhythm(world.crew, f"Rhythm {n}", sessions_until=date(2026, 2, 5))
    feed = create_feed(world.group_member, world.crew)
    with django_assert_num_queries(3):
        Client().get(f"/cal/{feed.token}.ics")
