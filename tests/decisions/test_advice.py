"""The advice process: whom the system suggests, asking, advice, and the shared decision."""

from datetime import date

import pytest

from murmuration.communities import actions as community_actions
from murmuration.decisions import actions, advisors, queries
from murmuration.decisions.models import Advice, AdviceRequest, RoleTerm
from murmuration.errors import ActionError, Conflict, NotAllowed

from .conftest import people, propose


def names(suggestions):
    return {s.person.name: s.why for s in suggestions}


def test_it_suggests_the_members_of_the_groups_the_decision_touches(world, clock):
    crew = people(world, 2, crew=True)
    proposal = propose(world, "advice", by=world.member, touches=[world.crew])
    suggested = names(advisors.suggest(proposal))
    assert suggested == {
        "Cris Crew": ["in Morning Crew"],
        "Person 0": ["in Morning Crew"],
        "Person 1": ["in Morning Crew"],
    }
    assert crew


def test_it_suggests_people_holding_a_role_on_the_topic(world, clock):
    role = actions.define_role(
        world.group_member, world.crew, name="Treasurer", purpose="Keeps the money", term_days=90
    )
    RoleTerm.objects.create(
        role=role, holder=world.group_member, starts_on=date(2030, 1, 1), ends_on=date(2030, 6, 1)
    )
    proposal = propose(world, "advice", by=world.host, topic="money")
    assert names(advisors.suggest(proposal)) == {"Cris Crew": ["Treasurer of Morning Crew"]}


def test_it_never_suggests_the_proposer_nobody_twice_or_anyone_asked_already(world, clock):
    crew = people(world, 1, crew=True)
    proposal = propose(world, "advice", group=world.crew)
    assert names(advisors.suggest(proposal)) == {"Person 0": ["in Morning Crew"]}
    actions.ask_for_advice(world.group_member, proposal, crew[0])
    assert advisors.suggest(proposal) == []


def test_it_suggests_for_a_private_group_only_people_who_may_see_it(world, clock):
    outsider_in_group = people(world, 1)[0]
    community_actions.join_group(outsider_in_group, world.crew)
    proposal = propose(world, "advice", group=world.private_crew, touches=[world.crew])
    # Person 0 is in the touched crew but cannot see the private group's proposal.
    assert "Person 0" not in names(advisors.suggest(proposal))


def test_another_app_can_add_a_source(world, clock):
    def everyone_named_mo(proposal):
        return [(world.member.pk, "wrote signals about it")]

    advisors.register(everyone_named_mo)
    try:
        proposal = propose(world, "advice", group=world.crew)
        assert names(advisors.suggest(proposal)) == {"Mo Member": ["wrote signals about it"]}
    finally:
        advisors._SOURCES.remove(everyone_named_mo)


def test_asking_someone_who_cannot_see_a_private_proposal_is_refused(world, clock):
    proposal = propose(world, "advice", group=world.private_crew)
    with pytest.raises(ActionError, match="cannot see this proposal"):
        actions.ask_for_advice(world.group_member, proposal, world.member)
    with pytest.raises(Conflict):
        actions.ask_for_advice(world.group_member, proposal, world.host)
        actions.ask_for_advice(world.group_member, proposal, world.host)
    assert AdviceRequest.objects.count() == 1


def test_anyone_who_sees_it_may_advise_but_not_decide(world, clock):
    proposal = propose(world, "advice", group=world.crew)
    actions.give_advice(world.member, proposal, "Ask the librarian first.")
    with pytest.raises(ActionError) as error:
        actions.give_advice(world.host, proposal, " ")
    assert error.value.field == "text"
    with pytest.raises(NotAllowed):
        actions.close_proposal(world.member, proposal, outcome="Decided by me.")
    assert Advice.objects.count() == 1


def test_the_proposer_decides_only_after_asking_and_shares_it_with_everyone_consulted(world, clock):
    proposal = propose(world, "advice", group=world.crew)
    with pytest.raises(ActionError, match="Ask at least one person"):
        actions.close_proposal(world.group_member, proposal, outcome="Library it is.")
    actions.ask_for_advice(world.group_member, proposal, world.host, "hosts the space")
    actions.give_advice(world.member, proposal, "Ask the librarian first.")
    decided = actions.close_proposal(world.group_member, proposal, outcome="Library it is.")
    assert (decided.status, decided.status_label, decided.review_on) == (
        "adopted",
        "Decided",
        None,
    )
    assert {u.name for u in queries.consulted(proposal)} == {"Hana Host", "Mo Member"}
    with pytest.raises(ActionError, match="closed"):
        actions.give_advice(world.member, proposal, "Too late?")
