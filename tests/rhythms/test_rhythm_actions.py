"""Creating, changing and ending rhythms, and materialising their sessions."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound
from murmuration.rhythms import actions, sessions
from murmuration.rhythms.models import Attendance, Rhythm, RotationMember, Session

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """Pins "now" so horizons and DST dates do not depend on the day the tests run."""

    class Clock:
        now = NOW

        def set(self, moment: datetime) -> None:
            self.now = moment

    pinned = Clock()
    monkeypatch.setattr(timezone, "now", lambda: pinned.now)
    return pinned


def weekly(world, user=None, group=None, **overrides):
    fields = {
        "name": "Monday check-in",
        "category": "relational",
        "recurrence": "weekly",
        "start_date": date(2030, 1, 7),
        "start_time": time(19, 0),
        "time_zone": "Europe/London",
        "duration_minutes": 60,
        "location": "https://meet.example.org/crew",
    }
    return actions.create_rhythm(
        user or world.group_member, group or world.crew, **{**fields, **overrides}
    )


def starts(rhythm):
    return list(rhythm.sessions.order_by("starts_at").values_list("starts_at", flat=True))


def utc(*args):
    return datetime(*args, tzinfo=UTC)


# Creating ----------------------------------------------------------------------------------


def test_it_creates_sessions_up_to_the_horizon_with_the_creator_facilitating(world, clock):
    rhythm = weekly(world)
    assert rhythm.rrule == "FREQ=WEEKLY"
    assert starts(rhythm)[0] == utc(2030, 1, 7, 19)
    assert len(starts(rhythm)) == 12  # 7 January to 25 March, within twelve weeks of now
    assert max(starts(rhythm)) < sessions.horizon()
    assert list(RotationMember.objects.filter(rhythm=rhythm).values_list("user", flat=True)) == [
        world.group_member.pk
    ]
    assert {s.facilitator_id for s in rhythm.sessions.all()} == {world.group_member.pk}


def test_it_moves_the_first_date_onto_the_first_day_the_rule_gives(world, clock):
    rhythm = weekly(world, recurrence="FREQ=WEEKLY;BYDAY=TU;COUNT=6")
    assert rhythm.start_date == date(2030, 1, 8)
    assert starts(rhythm) == [utc(2030, 1, 8, 19) + timedelta(weeks=i) for i in range(6)]


def test_it_keeps_a_london_monday_at_local_seven_through_the_summer(world, clock):
    rhythm = weekly(world)
    sessions.ensure_sessions(rhythm, utc(2031, 1, 1))
    by_day = {s.date(): s for s in starts(rhythm)}
    assert by_day[date(2030, 3, 25)] == utc(2030, 3, 25, 19)  # GMT
    assert by_day[date(2030, 4, 1)] == utc(2030, 4, 1, 18)  # BST from 31 March
    assert by_day[date(2030, 7, 15)] == utc(2030, 7, 15, 18)
    assert by_day[date(2030, 10, 28)] == utc(2030, 10, 28, 19)  # GMT again from 27 October
    assert len(by_day) == 52


def test_it_follows_new_york_across_its_own_change(world, clock):
    rhythm = weekly(world, time_zone="America/New_York", start_date=date(2030, 3, 4))
    assert starts(rhythm)[:4] == [
        utc(2030, 3, 5, 0),  # 19:00 EST
        utc(2030, 3, 11, 23),  # 19:00 EDT: New York changed on 10 March
        utc(2030, 3, 18, 23),
        utc(2030, 3, 25, 23),
    ]


def test_it_records_past_sessions_when_the_rhythm_began_weeks_ago(world, clock):
    rhythm = weekly(world, start_date=date(2029, 12, 10))
    assert starts(rhythm)[:4] == [
        utc(2029, 12, 10, 19),
        utc(2029, 12, 17, 19),
        utc(2029, 12, 24, 19),
        utc(2029, 12, 31, 19),
    ]


def test_it_accepts_dates_and_times_as_iso_text(world, clock):
    rhythm = weekly(world, start_date="2030-01-07", start_time="19:00")
    assert rhythm.start_time == time(19)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"recurrence": "FREQ=SOMETIMES"}, "recurrence", "not a frequency"),
        ({"recurrence": "FREQ=HOURLY"}, "recurrence", "too often"),
        ({"recurrence": "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=3"}, "recurrence", "no dates"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "not a known time zone"),
        ({"time_zone": ""}, "time_zone", "not a known time zone"),
        ({"duration_minutes": 1441}, "duration_minutes", "24 hours"),
        ({"duration_minutes": 0}, "duration_minutes", "24 hours"),
        ({"duration_minutes": -30}, "duration_minutes", "24 hours"),
        ({"duration_minutes": "60"}, "duration", "whole number"),
        ({"name": "  "}, "name", "name"),
        ({"name": "x" * 121}, "name", "at most 120"),
        ({"location": "x" * 501}, "location", "at most 500"),
        ({"category": "party"}, "category", "not a category"),
        ({"start_date": date(2028, 1, 1)}, "start_date", "a year ago"),
        ({"start_date": date(2036, 1, 1)}, "start_date", "five years"),
        ({"start_date": date(9999, 12, 31)}, "start_date", "five years"),
        (
            {
                "start_date": date(9999, 12, 31),
                "start_time": time(23, 59),
                "time_zone": "Etc/GMT+12",
            },
            "start_date",
            "five years",
        ),
        ({"start_date": date(1, 1, 1), "time_zone": "Pacific/Kiritimati"}, "start_date", "a year"),
        ({"start_date": "next week"}, "start_date", "date like"),
        ({"start_time": "7pm"}, "start_time", "time like"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, clock, change, field, message):
    with pytest.raises(ActionError, match=message) as error:
        weekly(world, **change)
    assert error.value.field == field
    assert not Rhythm.objects.exists()
    assert not Session.objects.exists()
    assert not RotationMember.objects.exists()


def test_it_refuses_a_practice_from_another_community(world, clock):
    from murmuration.communities import actions as community_actions
    from murmuration.rhythms.models import Practice

    elsewhere = community_actions.create_community(world.outsider, name="Elsewhere")
    practice = Practice.objects.create(community=elsewhere, slug="theirs", name="Theirs")
    with pytest.raises(ActionError, match="not available") as error:
        weekly(world, practice=practice)
    assert error.value.field == "practice"
    assert not Rhythm.objects.exists()


@pytest.mark.parametrize(
    ("persona", "group", "error"),
    [
        ("anonymous", "crew", NotAllowed),
        ("outsider", "crew", NotFound),
        ("member", "crew", NotAllowed),
        ("host", "crew", NotAllowed),
        ("outsider", "private_crew", NotFound),
        ("member", "private_crew", NotFound),
        ("host", "private_crew", NotAllowed),
    ],
)
def test_only_group_members_create_rhythms(world, clock, persona, group, error):
    user = world.user_for(persona) or AnonymousUser()
    with pytest.raises(error):
        weekly(world, user=user, group=getattr(world, group))
    assert not Rhythm.objects.exists()


def test_a_private_groups_member_creates_its_rhythms(world, clock):
    rhythm = weekly(world, group=world.private_crew)
    assert rhythm.sessions.filter(group=world.private_crew).count() == 12


# Materialising -----------------------------------------------------------------------------


def test_ensuring_twice_creates_no_duplicates(world, clock):
    rhythm = weekly(world)
    before = starts(rhythm)
    assert sessions.ensure_sessions(rhythm) == 0
    # Even when asked to look again from the very start, the constraint keeps one per date.
    sessions.ensure_sessions(rhythm, after=utc(2030, 1, 1))
    assert starts(rhythm) == before


def test_ensuring_later_tops_up_to_the_new_horizon(world, clock):
    rhythm = weekly(world)
    clock.set(NOW + timedelta(weeks=4))
    assert sessions.ensure_sessions(rhythm) == 4
    assert len(starts(rhythm)) == 16
    assert sessions.ensure_all_sessions() == 0


def test_ensuring_never_resurrects_a_cancelled_session_or_moves_a_moved_one(world, clock):
    rhythm = weekly(world)
    first, second = rhythm.sessions.order_by("starts_at")[:2]
    actions.cancel_session(world.group_member, first)
    actions.move_session(world.group_member, second, utc(2030, 1, 15, 18))
    sessions.ensure_sessions(rhythm, after=utc(2030, 1, 1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_cancelled
    assert second.starts_at == utc(2030, 1, 15, 18)
    assert rhythm.sessions.count() == 12


def test_a_rhythm_with_a_count_stops(world, clock):
    rhythm = weekly(world, recurrence="FREQ=WEEKLY;COUNT=3")
    sessions.ensure_sessions(rhythm, utc(2031, 1, 1))
    assert len(starts(rhythm)) == 3


# Changing ----------------------------------------------------------------------------------


def test_changing_the_time_moves_upcoming_sessions_but_not_past_or_moved_ones(world, clock):
    rhythm = weekly(world, start_date=date(2029, 12, 17))  # two sessions already past
    upcoming = rhythm.sessions.filter(starts_at__gt=NOW).order_by("starts_at")
    moved = upcoming[1]
    actions.move_session(world.group_member, moved, utc(2030, 1, 16, 12))
    actions.set_rsvp(world.group_member, upcoming[0], "yes")
    actions.update_rhythm(world.group_member, rhythm, start_time=time(18, 30))
    rhythm.refresh_from_db()
    assert rhythm.start_time == time(18, 30)
    assert rhythm.start_date == date(2030, 1, 7)
    past = [s for s in starts(rhythm) if s < NOW]
    assert past == [utc(2029, 12, 17, 19), utc(2029, 12, 24, 19), utc(2029, 12, 31, 19)]
    assert utc(2030, 1, 16, 12) in starts(rhythm)
    future = [s for s in starts(rhythm) if s > NOW and s != utc(2030, 1, 16, 12)]
    assert future[0] == utc(2030, 1, 7, 18, 30)
    assert {s.time() for s in future} == {time(18, 30)}
    assert utc(2030, 1, 14, 18, 30) not in future  # that week's session is the moved one
    assert not Attendance.objects.exists()  # the RSVP was for a time that no longer exists


def test_changing_the_rule_replaces_upcoming_sessions(world, clock):
    rhythm = weekly(world)
    actions.update_rhythm(world.group_member, rhythm, recurrence="FREQ=WEEKLY;BYDAY=WE")
    rhythm.refresh_from_db()
    assert rhythm.rrule == "FREQ=WEEKLY;BYDAY=WE"
    assert {s.weekday() for s in starts(rhythm)} == {2}
    assert starts(rhythm)[0] == utc(2030, 1, 9, 19)
    assert len(starts(rhythm)) == 11  # Wednesdays up to the horizon


def test_changing_the_time_of_a_counted_rhythm_keeps_its_total(world, clock):
    rhythm = weekly(world, start_date=date(2029, 12, 17), recurrence="FREQ=WEEKLY;COUNT=6")
    actions.update_rhythm(world.group_member, rhythm, start_time=time(20))
    rhythm.refresh_from_db()
    assert rhythm.rrule == "FREQ=WEEKLY;COUNT=3"
    assert len(starts(rhythm)) == 6


def test_changing_only_the_name_or_duration_keeps_every_session(world, clock):
    rhythm = weekly(world)
    ids = set(rhythm.sessions.values_list("pk", flat=True))
    actions.update_rhythm(world.group_member, rhythm, name="Monday circle", duration_minutes=90)
    assert set(rhythm.sessions.values_list("pk", flat=True)) == ids
    assert set(rhythm.sessions.values_list("duration_minutes", flat=True)) == {90}


def test_a_bad_change_saves_nothing(world, clock):
    rhythm = weekly(world)
    before = starts(rhythm)
    with pytest.raises(ActionError) as error:
        actions.update_rhythm(
            world.group_member, rhythm, name="Renamed", recurrence="FREQ=WEEKLY;BYDAY=ZZ"
        )
    assert error.value.field == "recurrence"
    rhythm.refresh_from_db()
    assert rhythm.name == "Monday check-in"
    assert starts(rhythm) == before


@pytest.mark.parametrize(
    ("start_date", "message"),
    [
        (date(1, 1, 1), "a year ago"),
        (date(9999, 12, 31), "five years"),
        ("2030-02-30", "date like"),
    ],
)
@pytest.mark.parametrize("zone", ["Europe/London", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_a_new_first_date_out_of_range_is_refused_and_saves_nothing(
    world, clock, start_date, message, zone
):
    rhythm = weekly(world)
    before = starts(rhythm)
    with pytest.raises(ActionError, match=message) as error:
        actions.update_rhythm(world.group_member, rhythm, start_date=start_date, time_zone=zone)
    assert error.value.field == "start_date"
    rhythm.refresh_from_db()
    assert (rhythm.start_date, rhythm.time_zone) == (date(2030, 1, 7), "Europe/London")
    assert starts(rhythm) == before


def test_an_unchanged_old_first_date_may_be_sent_back(world, clock):
    # A client that sends the whole rhythm back keeps a first date older than a year.
    rhythm = weekly(world)
    clock.set(NOW + timedelta(days=800))
    actions.update_rhythm(world.group_member, rhythm, start_date=date(2030, 1, 7), name="Renamed")
    rhythm.refresh_from_db()
    assert rhythm.name == "Renamed"


def test_a_change_from_a_stale_version_is_a_conflict_and_saves_nothing(world, clock):
    rhythm = weekly(world)
    seen = actions.rhythm_version(rhythm)
    actions.update_rhythm(world.group_member, rhythm, name="Renamed")
    rhythm.refresh_from_db()
    with pytest.raises(Conflict, match="changed since you opened it"):
        actions.update_rhythm(
            world.group_member, rhythm, duration_minutes=90, expected_version=seen
        )
    rhythm.refresh_from_db()
    assert (rhythm.name, rhythm.duration_minutes) == ("Renamed", 60)
    actions.update_rhythm(
        world.group_member,
        rhythm,
        duration_minutes=90,
        expected_version=actions.rhythm_version(rhythm),
    )
    rhythm.refresh_from_db()
    assert rhythm.duration_minutes == 90


def test_only_group_members_change_rhythms(world, clock):
    rhythm = weekly(world)
    with pytest.raises(NotAllowed):
        actions.update_rhythm(world.host, rhythm, name="Hosted")
    with pytest.raises(NotFound):
        actions.update_rhythm(world.outsider, rhythm, name="Mine")


# Ending ------------------------------------------------------------------------------------


def test_ending_keeps_the_past_and_removes_what_has_not_begun(world, clock):
    rhythm = weekly(world, start_date=date(2029, 12, 17))
    rhythm = actions.end_rhythm(world.group_member, rhythm)
    assert rhythm.ended_at == NOW
    assert starts(rhythm) == [utc(2029, 12, 17, 19), utc(2029, 12, 24, 19), utc(2029, 12, 31, 19)]
    clock.set(NOW + timedelta(weeks=8))
    assert sessions.ensure_sessions(rhythm) == 0
    with pytest.raises(Conflict):
        actions.end_rhythm(world.group_member, rhythm)
    with pytest.raises(ActionError, match="ended"):
        actions.update_rhythm(world.group_member, rhythm, name="Again")


def test_only_group_members_end_rhythms(world, clock):
    rhythm = weekly(world)
    for person in (world.host, world.member):
        with pytest.raises(NotAllowed):
            actions.end_rhythm(person, rhythm)
    rhythm.refresh_from_db()
    assert rhythm.ended_at is None


def test_saving_a_form_unchanged_leaves_the_schedule_alone(world, clock):
    rhythm = weekly(world, start_date=date(2029, 12, 17), recurrence="FREQ=WEEKLY;COUNT=8")
    ids = set(rhythm.sessions.values_list("pk", flat=True))
    actions.update_rhythm(
        world.group_member,
        rhythm,
        name=rhythm.name,
        recurrence="freq=weekly;count=8",
        start_date=rhythm.start_date,
        start_time=rhythm.start_time,
        time_zone=rhythm.time_zone,
        duration_minutes=rhythm.duration_minutes,
    )
    rhythm.refresh_from_db()
    assert (rhythm.rrule, rhythm.start_date) == ("FREQ=WEEKLY;COUNT=8", date(2029, 12, 17))
    assert set(rhythm.sessions.values_list("pk", flat=True)) == ids


def test_moving_to_another_zone_keeps_the_local_time(world, clock):
    rhythm = weekly(world)
    actions.update_rhythm(world.group_member, rhythm, time_zone="America/New_York")
    assert starts(rhythm)[0] == utc(2030, 1, 8, 0)  # Monday 19:00 in New York
    assert len(starts(rhythm)) == 12


@pytest.mark.django_db(transaction=True)
def test_two_top_ups_at_once_neither_duplicate_nor_lose_sessions(world, clock):
    import threading

    from django.db import connection

    rhythm = weekly(world)
    Session.objects.filter(rhythm=rhythm, starts_at__gt=utc(2030, 1, 20)).delete()
    clock.set(NOW + timedelta(weeks=2))
    barrier = threading.Barrier(2)
    errors = []

    def top_up():
        try:
            barrier.wait()
            sessions.ensure_sessions(Rhythm.objects.get(pk=rhythm.pk))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=top_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(starts(rhythm)) == len(set(starts(rhythm))) == 14
