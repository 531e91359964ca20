"""A community with a hand-counted history, seen on a fixed Wednesday.

The clock stands at Wednesday 11 June 2025, 12:00 UTC; every person's zone is UTC, so weeks
run Monday to Sunday in UTC. The tempo shows the eight weeks before this one (from Monday 14
April), this week and four more (to Sunday 13 July).

The crew (Morning Crew: Cris Crew, Pia and Quinn) meets on Mondays at 10:00 for an hour, from
5 May: 5 May finished in the runner with nothing recorded; 12 May Cris present, Pia absent;
19 May cancelled; 26 May nothing recorded (missed); 2 June Cris and Pia present, Quinn absent;
9 June nothing recorded (missed); 16, 23, 30 June and 7 July coming. That is 3 held, 2 missed,
1 cancelled, 4 coming in the tempo window; attendance 3 present of 5 recorded (60%); held 3 of 6
passed (50%); health score (50% + 60%) / 2 = 55%: steady.

The private Secret Garden (Cris only) plans fortnightly on Wednesdays at 09:00 from 28 May:
28 May Cris present, with a note and a check-in; 11 June began three hours ago with nothing
recorded (still coming); 25 June and 9 July coming. Held 1 of 1, attendance 100%: thriving.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest
import time_machine

from murmuration.communities.models import GroupMembership, Membership
from murmuration.rhythms import actions
from murmuration.rhythms.models import Rhythm, Session
from tests.api.conftest import Api, api_for
from tests.conftest import World, make_user

NOW = datetime(2025, 6, 11, 12, 0, tzinfo=UTC)
NOTE = "Pia's landlord is selling the flat"
WORD = "heron-wobble"
COMMUNITY = "/c/river-commons"


@dataclass
class History:
    world: World
    crew_rhythm: Rhythm
    secret_rhythm: Rhythm


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def session_on(rhythm: Rhythm, day: date) -> Session:
    return rhythm.sessions.get(starts_at__date=day)


@pytest.fixture
def as_(world: World) -> Callable[..., Api]:
    """`as_("host")` calls the API as the host (tests/api/conftest.py)."""
    return lambda persona, via=None: api_for(world, persona, via)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def history(clock, world: World) -> History:
    # The clock first, so everything in the world happened before the fixed "now".
    pia = make_user("pia@example.org", "Pia")
    quinn = make_user("quinn@example.org", "Quinn")
    for person in (pia, quinn):
        Membership.objects.create(community=world.community, user=person)
        GroupMembership.objects.create(group=world.crew, user=person)
    cris = world.group_member
    crew = actions.create_rhythm(
        cris,
        world.crew,
        name="Crew check-in",
        category="relational",
        recurrence="weekly",
        start_date=date(2025, 5, 5),
        start_time=time(10),
        time_zone="UTC",
        duration_minutes=60,
    )
    secret = actions.create_rhythm(
        cris,
        world.private_crew,
        name="Garden planning",
        category="planning",
        recurrence="fortnightly",
        start_date=date(2025, 5, 28),
        start_time=time(9),
        time_zone="UTC",
        duration_minutes=60,
    )
    Session.objects.filter(pk=session_on(crew, date(2025, 5, 5)).pk).update(
        finished_at=at(date(2025, 5, 5), 11)
    )
    may12 = session_on(crew, date(2025, 5, 12))
    actions.record_attendance(cris, may12, cris, True)
    actions.record_attendance(cris, may12, pia, False)
    Session.objects.filter(pk=session_on(crew, date(2025, 5, 19)).pk).update(
        status=Session.Status.CANCELLED
    )
    june2 = session_on(crew, date(2025, 6, 2))
    actions.record_attendance(cris, june2, cris, True)
    actions.record_attendance(cris, june2, pia, True)
    actions.record_attendance(cris, june2, quinn, False)
    may28 = session_on(secret, date(2025, 5, 28))
    actions.record_attendance(cris, may28, cris, True)
    actions.add_note(cris, may28, NOTE)
    actions.check_in(cris, may28, WORD, 2)
    return History(world, crew, secret)
