"""A purpose changes through a proposal; each version links to the proposal that made it."""

from datetime import date

import pytest

from murmuration.communities.models import PurposeVersion
from murmuration.decisions import actions
from murmuration.decisions.models import Proposal
from murmuration.errors import ActionError

from .conftest import people


def purpose_proposal(world, text, group=None, by=None, kind=None):
    return actions.create_proposal(
        by or world.member,
        world.community,
        group=group,
        kind=kind,
        subject="purpose",
        title="Widen our purpose",
        body="We do more than the river now.",
        purpose_text=text,
    )


def test_an_adopted_purpose_proposal_makes_a_new_version_linked_to_it(world, clock):
    proposal = purpose_proposal(world, "Look after the river and the people by it.")
    assert proposal.kind == "consent"  # the community's default way to change a purpose
    actions.take_position(world.host, proposal, "consent")
    actions.close_proposal(world.member, proposal, outcome="Adopted.", review_on=date(2031, 1, 1))
    world.community.refresh_from_db()
    assert world.community.purpose == "Look after the river and the people by it."
    version = PurposeVersion.objects.get(community=world.community, group=None, number=2)
    assert (version.proposal_id, version.author_id) == (proposal.pk, world.member.pk)


def test_a_purpose_proposal_that_is_not_adopted_changes_nothing(world, clock):
    proposal = purpose_proposal(world, "Something else.")
    actions.withdraw_proposal(world.member, proposal, outcome="Not yet.")
    world.community.refresh_from_db()
    assert world.community.purpose == "Look after the river together."
    assert PurposeVersion.objects.filter(group=None).count() == 1


def test_a_group_changes_its_purpose_by_its_own_proposal(world, clock):
    crew = people(world, 1, crew=True)
    proposal = purpose_proposal(
        world, "Support, mornings.", group=world.crew, by=world.group_member
    )
    actions.take_position(crew[0], proposal, "consent")
    actions.close_proposal(world.group_member, proposal, outcome="Yes.", review_on=date(2031, 1, 1))
    world.crew.refresh_from_db()
    assert world.crew.purpose == "Support, mornings."
    assert world.crew.purpose_versions.get(number=2).proposal == proposal


def test_it_refuses_the_current_purpose_an_empty_one_and_an_advice_process(world, clock):
    for text, kind, words in [
        ("Look after the river together.", None, "current purpose already"),
        ("", None, "write the purpose you propose"),
        ("Something new.", "advice", "consent or by vote"),
    ]:
        with pytest.raises(ActionError, match=words):
            purpose_proposal(world, text, kind=kind)
    assert not Proposal.objects.exists()


def test_two_purpose_proposals_adopted_one_after_the_other_number_their_versions(world, clock):
    first = purpose_proposal(world, "First change.")
    second = purpose_proposal(world, "Second change.")
    for proposal in (first, second):
        actions.take_position(world.host, proposal, "consent")
        actions.close_proposal(world.member, proposal, outcome="Ok.", review_on=date(2031, 1, 1))
    assert list(PurposeVersion.objects.filter(group=None).values_list("number", "proposal_id")) == [
        (3, second.pk),
        (2, first.pk),
        (1, None),
    ]
