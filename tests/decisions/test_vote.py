"""Votes with thresholds through the actions: minimum open time, blocks, half, quorum."""

from datetime import timedelta

import pytest

from murmuration.decisions import actions
from murmuration.decisions.models import Position, Proposal
from murmuration.errors import ActionError

from .conftest import NOW, people, propose


def vote(world, **fields):
    """A community vote: three members now (host, member, group member), 72 h, 50 %."""
    return propose(world, "vote", group=None, **fields)


def count(world, proposal):
    return actions.close_proposal(world.group_member, proposal, outcome="Counted.")


def test_it_refuses_to_count_before_the_minimum_open_time_and_saves_nothing(world, clock):
    proposal = vote(world)
    actions.take_position(world.member, proposal, "agree")
    actions.take_position(world.host, proposal, "agree")
    clock.move_to(NOW + timedelta(hours=72) - timedelta(seconds=1))
    with pytest.raises(ActionError, match="stays open until"):
        count(world, proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome, proposal.eligible_count) == ("open", "", None)


def test_it_counts_a_vote_once_its_minimum_open_time_has_passed(world, clock):
    proposal = vote(world)
    actions.take_position(world.member, proposal, "agree")
    actions.take_position(world.host, proposal, "agree")
    clock.move_to(NOW + timedelta(hours=72))
    proposal = count(world, proposal)
    assert (proposal.status, proposal.eligible_count) == ("adopted", 3)
    assert proposal.status_label == "Passed"


def test_it_does_not_pass_at_exactly_half(world, clock):
    extra = people(world, 1)  # four eligible; quorum two
    proposal = vote(world)
    actions.take_position(world.member, proposal, "agree")
    actions.take_position(world.host, proposal, "agree")
    actions.take_position(world.group_member, proposal, "disagree", "Too far away.")
    actions.take_position(extra[0], proposal, "disagree", "Stairs.")
    clock.move_to(NOW + timedelta(days=3))
    assert count(world, proposal).status == Proposal.Status.REJECTED


def test_one_block_stops_a_vote(world, clock):
    proposal = vote(world)
    actions.take_position(world.member, proposal, "agree")
    actions.take_position(world.host, proposal, "agree")
    actions.take_position(world.group_member, proposal, "block", "The room is not accessible.")
    clock.move_to(NOW + timedelta(days=3))
    proposal = count(world, proposal)
    assert proposal.status == Proposal.Status.REJECTED
    assert proposal.review_on is None


def test_it_fails_a_vote_that_misses_the_quorum_by_one(world, clock):
    people(world, 4)  # seven eligible at 50 %: four needed
    proposal = vote(world)
    actions.take_position(world.member, proposal, "agree")
    actions.take_position(world.host, proposal, "agree")
    actions.take_position(world.group_member, proposal, "abstain")
    clock.move_to(NOW + timedelta(days=3))
    assert count(world, proposal).status == Proposal.Status.REJECTED


def test_it_passes_a_vote_that_reaches_the_quorum_exactly(world, clock):
    extra = people(world, 4)
    proposal = vote(world)
    for person in (world.member, world.host, world.group_member):
        actions.take_position(person, proposal, "agree")
    actions.take_position(extra[0], proposal, "abstain")
    clock.move_to(NOW + timedelta(days=3))
    assert count(world, proposal).status == Proposal.Status.ADOPTED


def test_it_keeps_the_rule_a_vote_opened_with(world, clock):
    proposal = vote(world)
    actions.set_defaults(
        world.host, world.community, vote_min_open_hours=1, vote_quorum_percent=100
    )
    proposal.refresh_from_db()
    assert (proposal.min_open_hours, proposal.quorum_percent) == (72, 50)


@pytest.mark.parametrize("stance", ["block", "disagree"])
def test_a_block_or_disagreement_needs_a_reason_and_nothing_is_saved_without_one(
    world, clock, stance
):
    proposal = vote(world)
    with pytest.raises(ActionError) as error:
        actions.take_position(world.member, proposal, stance, "  ")
    assert error.value.field == "reason"
    assert not Position.objects.exists()


def test_an_amendment_restarts_the_minimum_open_time(world, clock):
    proposal = vote(world)
    actions.take_position(world.member, proposal, "agree")
    clock.move_to(NOW + timedelta(hours=71))
    actions.amend_proposal(
        world.group_member,
        proposal,
        title="Meet in the library",
        body="On Wednesdays.",
        note="Tuesdays are taken",
    )
    clock.move_to(NOW + timedelta(hours=73))
    with pytest.raises(ActionError, match="stays open until"):
        count(world, proposal)


def test_it_refuses_a_consent_stance_in_a_vote(world, clock):
    proposal = vote(world)
    with pytest.raises(ActionError) as error:
        actions.take_position(world.member, proposal, "consent")
    assert error.value.field == "stance"
    assert "agree, abstain, disagree, block" in error.value.message
