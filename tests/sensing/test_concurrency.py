"""Concurrent writes lose nothing: people joining one experiment at once, and two regroupings
of one scope racing each other. Runs on SQLite and PostgreSQL alike (DATABASE_URL)."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from murmuration.communities.models import Membership
from murmuration.errors import Conflict
from murmuration.sensing import actions, patterns
from murmuration.sensing.models import Grouping, Participant, Signal
from tests.conftest import make_user

from .conftest import experiment as start

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(work: list[Callable[[], object]]) -> list[BaseException]:
    barrier = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:  # surfaced by the caller's assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_people_joining_at_once_are_all_in(world):
    experiment = start(world)
    people = [make_user(f"joiner{n}@example.org") for n in range(4)]
    for person in people:
        Membership.objects.create(community=world.community, user=person)
    errors = _at_once([lambda p=p: actions.join_experiment(p, experiment) for p in people])
    assert errors == []
    assert Participant.objects.filter(experiment=experiment).count() == 5


def test_the_same_person_joining_twice_at_once_is_in_once(world):
    experiment = start(world)
    errors = _at_once([lambda: actions.join_experiment(world.host, experiment)] * 2)
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert Participant.objects.filter(experiment=experiment, user=world.host).count() == 1


def test_two_regroupings_at_once_leave_every_signal_in_one_pattern(world):
    for text in ["Cold hall", "The hall is cold", "Buses stop early", "The last bus is early"]:
        actions.post_signal(world.member, world.community, text)
    Signal.objects.update(pattern=None)
    errors = _at_once([lambda: patterns.recompute(world.community, None)] * 2)
    assert errors == []
    assert not Signal.objects.filter(pattern__isnull=True).exists()
    assert Grouping.objects.filter(community=world.community, group=None).count() == 1
