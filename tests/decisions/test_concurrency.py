"""Positions taken at the same moment: nothing is lost and nobody holds two at once.

Real threads with their own connections, so this runs against the database's own locking
(SQLite's IMMEDIATE transactions, PostgreSQL's row locks); CI runs it on both.
"""

import threading

import pytest
from django.db import connection

from murmuration.decisions import actions, queries
from murmuration.decisions.models import Position, Proposal

from .conftest import people, propose


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_many_people_answering_at_once_are_all_counted(world):
    crew = people(world, 6, crew=True)
    proposal = propose(world, group=world.crew)
    errors = run_together(
        *(
            lambda p=person: actions.take_position(
                p, Proposal.objects.get(pk=proposal.pk), "consent"
            )
            for person in crew
        )
    )
    assert errors == []
    assert queries.current_counts(proposal) == {"consent": 6}
    assert Position.objects.filter(proposal=proposal).count() == 6


@pytest.mark.django_db(transaction=True)
def test_one_person_changing_position_twice_at_once_holds_one_and_keeps_both(world):
    person = people(world, 1, crew=True)[0]
    proposal = propose(world, group=world.crew)
    errors = run_together(
        lambda: actions.take_position(person, Proposal.objects.get(pk=proposal.pk), "consent"),
        lambda: actions.take_position(
            person, Proposal.objects.get(pk=proposal.pk), "objection", "Too loud."
        ),
    )
    assert errors == []
    rows = Position.objects.filter(proposal=proposal, user=person)
    assert rows.count() == 2
    assert rows.filter(current=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_position_racing_the_close_is_either_counted_or_refused(world):
    crew = people(world, 2, crew=True)
    proposal = propose(world, group=world.crew)
    actions.take_position(crew[0], proposal, "consent")
    from datetime import timedelta

    from django.utils import timezone

    review = timezone.localdate() + timedelta(days=30)
    errors = run_together(
        lambda: actions.close_proposal(
            world.group_member,
            Proposal.objects.get(pk=proposal.pk),
            outcome="Yes.",
            review_on=review,
        ),
        lambda: actions.take_position(
            crew[1], Proposal.objects.get(pk=proposal.pk), "objection", "Wait."
        ),
    )
    proposal.refresh_from_db()
    objected = Position.objects.filter(user=crew[1]).exists()
    if proposal.status == "adopted":
        # The close went first; the late objection was refused, not half-saved.
        assert not objected
        assert [str(e) for e in errors] == [
            "This proposal is closed (adopted); nothing more can be added to it."
        ]
    else:
        # The objection went first; the close was refused because of it.
        assert objected
        assert [str(e) for e in errors] == ["1 objection is not resolved."]
