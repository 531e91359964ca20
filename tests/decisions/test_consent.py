"""Consent rounds: objections with reasons, amendment, adoption with a review date, and
positions that change (every change kept, one current position each)."""

from datetime import date, timedelta

import pytest

from murmuration.decisions import actions, queries
from murmuration.decisions.models import Position, Proposal, Revision
from murmuration.errors import ActionError, NotAllowed

from .conftest import NOW, people, propose

REVIEW = date(2030, 6, 1)


@pytest.fixture
def crew(world):
    return people(world, 2, crew=True)


def test_an_objection_without_a_reason_is_refused_with_the_field_named(world, clock, crew):
    proposal = propose(world, group=world.crew)
    with pytest.raises(ActionError) as error:
        actions.take_position(crew[0], proposal, "objection", "")
    assert error.value.field == "reason"
    assert "harm it foresees or what improvement it offers" in error.value.message
    assert not Position.objects.exists()


def test_it_keeps_every_change_of_position_and_counts_only_the_last(world, clock, crew):
    proposal = propose(world, group=world.crew)
    actions.take_position(crew[0], proposal, "consent")
    actions.take_position(crew[0], proposal, "concern", "Is it free?")
    actions.take_position(crew[0], proposal, "objection", "It costs money we do not have.")
    rows = list(Position.objects.filter(user=crew[0]).order_by("pk"))
    assert [(p.stance, p.current) for p in rows] == [
        ("consent", False),
        ("concern", False),
        ("objection", True),
    ]
    assert queries.current_counts(proposal) == {"objection": 1}


def test_giving_the_same_position_again_adds_nothing(world, clock, crew):
    proposal = propose(world, group=world.crew)
    first = actions.take_position(crew[0], proposal, "consent")
    again = actions.take_position(crew[0], proposal, "consent")
    assert first.pk == again.pk
    assert Position.objects.count() == 1


def test_an_objection_stops_adoption_until_an_amendment_resolves_it(world, clock, crew):
    proposal = propose(world, group=world.crew)
    actions.take_position(crew[0], proposal, "consent")
    actions.take_position(crew[1], proposal, "objection", "The library closes at six.")
    with pytest.raises(ActionError, match="1 objection is not resolved"):
        actions.close_proposal(world.group_member, proposal, outcome="Adopted.", review_on=REVIEW)
    proposal.refresh_from_db()
    assert proposal.status == "open"

    actions.amend_proposal(
        world.group_member,
        proposal,
        title="Meet in the library until six",
        body="We meet at four and finish before it closes.",
        note="Answers the objection about closing time",
    )
    proposal.refresh_from_db()
    assert proposal.round == 2
    assert queries.current_counts(proposal) == {}
    assert list(Revision.objects.filter(proposal=proposal).values_list("round", flat=True)) == [
        1,
        2,
    ]
    # The earlier round stays in the history.
    assert Position.objects.filter(proposal=proposal, round=1).count() == 2

    actions.take_position(crew[1], proposal, "consent")
    actions.take_position(crew[0], proposal, "concern", "Four is early for some.")
    adopted = actions.close_proposal(
        world.group_member, proposal, outcome="We meet at four.", review_on=REVIEW
    )
    assert (adopted.status, adopted.review_on, adopted.eligible_count) == ("adopted", REVIEW, 3)


def test_adoption_needs_a_review_date_after_today(world, clock, crew):
    proposal = propose(world, group=world.crew)
    actions.take_position(crew[0], proposal, "consent")
    for review_on, words in [
        (None, "Give a review date"),
        (NOW.date(), "must be after today"),
        (NOW.date() - timedelta(days=1), "must be after today"),
    ]:
        with pytest.raises(ActionError, match=words) as error:
            actions.close_proposal(
                world.group_member, proposal, outcome="Yes.", review_on=review_on
            )
        assert error.value.field == "review_on"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome, proposal.decided_at) == ("open", "", None)


def test_a_closed_proposal_takes_no_more_positions(world, clock, crew):
    proposal = propose(world, group=world.crew)
    actions.take_position(crew[0], proposal, "consent")
    actions.close_proposal(world.group_member, proposal, outcome="Yes.", review_on=REVIEW)
    with pytest.raises(ActionError, match="This proposal is closed"):
        actions.take_position(crew[1], proposal, "consent")
    assert Position.objects.count() == 1


def test_only_the_group_takes_positions_on_its_proposals(world, clock):
    proposal = propose(world, group=world.crew)
    for person in (world.member, world.host):
        with pytest.raises(NotAllowed, match="Only the group's members"):
            actions.take_position(person, proposal, "consent")
    assert not Position.objects.exists()


def test_only_the_proposer_closes_amends_or_withdraws(world, clock, crew):
    proposal = propose(world, group=world.crew)
    with pytest.raises(NotAllowed):
        actions.close_proposal(crew[0], proposal, outcome="Mine.", review_on=REVIEW)
    with pytest.raises(NotAllowed):
        actions.withdraw_proposal(crew[0], proposal, outcome="Mine.")
    with pytest.raises(NotAllowed):
        actions.amend_proposal(crew[0], proposal, title="x", body="y", note="z")
    assert Proposal.objects.get().status == "open"


def test_withdrawing_says_why_and_closes_it(world, clock):
    proposal = propose(world, group=world.crew)
    with pytest.raises(ActionError) as error:
        actions.withdraw_proposal(world.group_member, proposal, outcome="")
    assert error.value.field == "outcome"
    withdrawn = actions.withdraw_proposal(world.group_member, proposal, outcome="Not needed.")
    assert withdrawn.status == "withdrawn"


def test_a_position_from_someone_who_left_no_longer_counts(world, clock, crew):
    from murmuration.communities import actions as community_actions

    proposal = propose(world, group=world.crew)
    actions.take_position(crew[0], proposal, "objection", "Too noisy.")
    community_actions.leave_group(crew[0], world.crew)
    assert queries.current_counts(proposal) == {}


def test_a_review_records_what_it_found_and_moves_the_date(world, clock, crew):
    proposal = propose(world, group=world.crew)
    actions.take_position(crew[0], proposal, "consent")
    actions.close_proposal(world.group_member, proposal, outcome="Yes.", review_on=REVIEW)
    clock.move_to(NOW + timedelta(days=120))
    assert list(queries.due_reviews(date(2030, 7, 2))) == [proposal]
    with pytest.raises(ActionError, match="after today"):
        actions.record_review(crew[0], proposal, note="Fine.", next_review_on=date(2030, 7, 1))
    actions.record_review(crew[0], proposal, note="Works well.", next_review_on=date(2030, 12, 1))
    assert list(queries.due_reviews(date(2030, 7, 2))) == []
    with pytest.raises(NotAllowed):
        actions.record_review(world.member, proposal, note="Not mine.")
