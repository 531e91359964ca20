"""The one place commitments come into being: bounded, on the group's own rhythm, one at a time."""

from datetime import date, time

import pytest
from django.db import IntegrityError

from murmuration.cycles.actions import begin_commitment
from murmuration.cycles.models import Commitment
from murmuration.errors import ActionError, Conflict
from murmuration.rhythms import actions as rhythm_actions
from tests.conftest import World

START = date(2026, 12, 7)


def weekly(world: World, group=None):
    return rhythm_actions.create_rhythm(
        world.group_member,
        group or world.crew,
        name="Weekly",
        category="relational",
        recurrence="weekly",
        start_date=START,
        start_time=time(19, 0),
        time_zone="Europe/London",
        duration_minutes=60,
    )


def test_it_starts_active_with_the_people_who_said_yes(world: World):
    rhythm = weekly(world)
    commitment = begin_commitment(
        world.crew, rhythm=rhythm, starts_on=START, session_count=6, members=[world.group_member]
    )
    assert commitment.status == Commitment.Status.ACTIVE
    assert [m.user for m in commitment.members.all()] == [world.group_member]


@pytest.mark.parametrize("count", [0, 53, True, "6"])
def test_it_refuses_a_run_outside_1_to_52_sessions(world: World, count):
    with pytest.raises(ActionError) as error:
        begin_commitment(world.crew, rhythm=None, starts_on=START, session_count=count)
    assert error.value.field == "session_count"
    assert not Commitment.objects.exists()


def test_it_refuses_a_commitment_without_an_end(world: World):
    with pytest.raises(ActionError, match="how long"):
        begin_commitment(world.crew, rhythm=None, starts_on=START)


def test_it_refuses_a_last_date_before_the_first(world: World):
    with pytest.raises(ActionError, match="comes before"):
        begin_commitment(world.crew, rhythm=None, starts_on=START, ends_on=date(2026, 12, 1))


def test_it_refuses_another_groups_rhythm(world: World):
    rhythm = weekly(world, world.private_crew)
    with pytest.raises(ActionError, match="another group"):
        begin_commitment(world.crew, rhythm=rhythm, starts_on=START, session_count=6)


def test_a_rhythm_carries_one_open_commitment_at_a_time(world: World):
    rhythm = weekly(world)
    begin_commitment(world.crew, rhythm=rhythm, starts_on=START, session_count=6)
    with pytest.raises(Conflict, match="already has a commitment"):
        begin_commitment(world.crew, rhythm=rhythm, starts_on=START, session_count=3)
    assert Commitment.objects.count() == 1


def test_the_database_refuses_a_second_open_commitment_that_slips_past_the_check(world: World):
    """Two publishes at the same moment both pass the check; the constraint stops the second."""
    rhythm = weekly(world)
    begin_commitment(world.crew, rhythm=rhythm, starts_on=START, session_count=6)
    with pytest.raises(IntegrityError):
        Commitment.objects.create(group=world.crew, rhythm=rhythm, starts_on=START, session_count=3)
