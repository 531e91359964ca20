from datetime import date, time

import pytest

from murmuration.errors import ActionError
from murmuration.rhythms import actions
from murmuration.rhythms.models import Rhythm, Session


def weekly(world, **overrides):
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
    return actions.create_rhythm(world.group_member, world.crew, **{**fields, **overrides})


def test_it_creates_a_rhythm_with_sessions(world):
    rhythm = weekly(world, start_date=date.today())
    assert rhythm.sessions.count() >= 11
    assert all(s.facilitator == world.group_member for s in rhythm.sessions.all())


def test_it_refuses_an_unknown_time_zone_and_saves_nothing(world):
    with pytest.raises(ActionError) as error:
        weekly(world, time_zone="Mars/Olympus")
    assert error.value.field == "time_zone"
    assert not Rhythm.objects.exists()
    assert not Session.objects.exists()
