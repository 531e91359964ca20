"""Opt-ins and moves that arrive at the same moment: nothing lost, nothing doubled.

Each test runs real threads against the real database (SQLite's IMMEDIATE transactions, or
PostgreSQL's row locks when DATABASE_URL points there).
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from murmuration.errors import Conflict
from murmuration.matching import actions
from murmuration.matching.models import Entry, Pod, Round

from .conftest import EVENING, add_people, open_test_round, opt_everyone_in


def _at_once(calls: list[Callable[[], object]]) -> tuple[list[object], list[Exception]]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    errors: list[Exception] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # collected for the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_opt_in_that_arrives_at_once(world):
    round = open_test_round(world)
    people = add_people(world, 6)

    def opt_in(person):
        return lambda: actions.opt_in(person, round, role="member", format="care", slots=EVENING)

    _results, errors = _at_once([opt_in(p) for p in people])
    assert errors == []
    assert set(Entry.objects.filter(round=round).values_list("user_id", flat=True)) == {
        p.pk for p in people
    }


@pytest.mark.django_db(transaction=True)
def test_it_takes_one_of_two_simultaneous_opt_ins_by_the_same_person(world):
    round = open_test_round(world)

    def opt_in(role):
        return lambda: actions.opt_in(world.member, round, role=role, format="care", slots=EVENING)

    results, errors = _at_once([opt_in("member"), opt_in("caller")])
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert Entry.objects.filter(round=round, user=world.member).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_hosts_moving_at_once_win_and_tells_the_other(world):
    round = open_test_round(world)
    people = add_people(world, 8)
    opt_everyone_in(round, people)
    actions.propose(world.host, round)
    round.refresh_from_db()
    version = round.version
    first, second = Pod.objects.filter(round=round).order_by("number")
    a, b = (e.user for e in Entry.objects.filter(pod=first)[:2])

    def move(person, to):
        return lambda: actions.move(
            world.host, round, person=person.pk, to=to, expected_version=version
        )

    results, errors = _at_once([move(a, second.pk), move(b, None)])
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    moved = {Entry.objects.get(round=round, user=p).pod_id != first.pk for p in (a, b)}
    assert moved == {True, False}
    assert Round.objects.get(pk=round.pk).version == version + 1


@pytest.mark.django_db(transaction=True)
def test_it_takes_an_opt_in_or_the_proposal_first_never_half_of_each(world):
    round = open_test_round(world)
    people = add_people(world, 8)
    opt_everyone_in(round, people[:7])
    late = people[7]

    _results, errors = _at_once(
        [
            lambda: actions.propose(world.host, round),
            lambda: actions.opt_in(late, round, role="member", format="care", slots=EVENING),
        ]
    )
    entry = Entry.objects.filter(round=round, user=late).first()
    if errors:
        # The proposal came first and closed opt-ins.
        assert isinstance(errors[0], Conflict) and entry is None
    else:
        # The opt-in came first, so the proposal placed (or gave a reason for) the late one.
        assert entry is not None and (entry.pod_id or entry.unplaced_reason)
