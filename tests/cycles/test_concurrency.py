"""Concurrent dots and review choices, from real threads: nothing lost, nothing counted twice.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL).
"""

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection

from murmuration.cycles import actions
from murmuration.cycles.models import Commitment, RetroVote, ReviewChoice
from murmuration.errors import ActionError

from .conftest import FIRST_TUESDAY, at, running, weekly

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(calls: list[Callable[[], object]]) -> tuple[int, list[Exception]]:
    """Run every call in its own thread, released together; (successes, refusals)."""
    barrier = threading.Barrier(len(calls))
    done: list[object] = []
    refused: list[Exception] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            result = call()
            with lock:
                done.append(result)
        except ActionError as error:
            with lock:
                refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done), refused


@pytest.fixture
def voting(pod):
    session = weekly(pod).sessions.order_by("starts_at").first()
    retro = actions.start_retro(pod.ana, session)
    found = [actions.add_item(pod.ana, retro, "working", f"item {n}") for n in range(6)]
    actions.set_phase(pod.ana, retro, "vote")
    return retro, found


def test_a_burst_of_dots_from_one_person_never_goes_past_their_votes(pod, voting):
    retro, found = voting
    done, refused = at_once([lambda item=item: actions.vote(pod.ben, item) for item in found])
    assert done == retro.votes_each == 3
    assert len(refused) == 3 and all("used all 3" in e.message for e in refused)
    assert RetroVote.objects.filter(voter=pod.ben).count() == 3


def test_the_same_dot_sent_four_times_at_once_counts_once(pod, voting):
    _retro, found = voting
    done, refused = at_once([lambda: actions.vote(pod.cai, found[0])] * 4)
    assert done == 1 and len(refused) == 3
    assert RetroVote.objects.filter(item=found[0]).count() == 1


def test_everyones_dots_at_once_are_all_counted(pod, voting):
    _retro, found = voting
    calls = [
        lambda person=person, item=item: actions.vote(person, item)
        for person in pod.people
        for item in found[:3]
    ]
    done, refused = at_once(calls)
    assert (done, refused) == (9, [])
    for item in found[:3]:
        assert RetroVote.objects.filter(item=item).count() == 3


def test_review_choices_sent_at_once_are_all_kept_once_each(pod, clock):
    commitment = running(pod, weekly(pod))
    clock.move_to(at(FIRST_TUESDAY + timedelta(weeks=5), 21, 0))
    actions.catch_up(pod.group)
    calls = [
        lambda person=person: actions.choose_review(person, commitment, "continue")
        for person in pod.people
        for _twice in range(2)
    ]
    done, refused = at_once(calls)
    assert (done, refused) == (6, [])
    rows = ReviewChoice.objects.filter(commitment=commitment).values_list("user_id", flat=True)
    assert sorted(rows) == sorted(p.pk for p in pod.people)
    assert Commitment.objects.get(pk=commitment.pk).status == Commitment.Status.REVIEW
