"""Query budgets of the decisions pages: the same with a few proposals as with many."""

from datetime import date

import pytest

from murmuration.decisions import actions
from murmuration.decisions.models import RoleTerm
from tests.web.conftest import within_budget

from .conftest import people, propose


def grow_decisions(world, n: int = 12) -> None:
    """Many proposals of every kind and state, positions, advice, roles and terms."""
    crew = people(world, 6, crew=True, start=100)
    for i in range(n):
        kind = ("consent", "vote", "advice")[i % 3]
        group = world.crew if i % 2 else None
        proposal = propose(world, kind, group=group, title=f"Proposal {i}", topic="money")
        voters = crew if group else [world.member, world.host, *crew]
        if kind == "advice":
            actions.give_advice(crew[0], proposal, "Try it.")
            actions.ask_for_advice(world.group_member, proposal, crew[1])
        else:
            stance = "consent" if kind == "consent" else "agree"
            for person in voters:
                actions.take_position(person, proposal, stance)
        if i % 4 == 0 and kind != "vote":
            actions.close_proposal(
                world.group_member, proposal, outcome="Done.", review_on=date(2031, 1, 1)
            )
        role = actions.define_role(
            world.group_member, world.crew, name=f"Role {i}", purpose="Keeps money", term_days=60
        )
        RoleTerm.objects.create(
            role=role, holder=crew[i % 6], starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 1)
        )


@pytest.mark.parametrize(
    ("persona", "path", "budget"),
    [
        ("member", "decisions/", 12),
        ("host", "decisions/summary/", 12),
        ("group_member", "g/morning-crew/decisions/", 14),
        ("group_member", "g/morning-crew/decisions/summary/", 14),
        ("group_member", "g/morning-crew/roles/", 12),
    ],
)
def test_list_pages_keep_their_budget_as_decisions_grow(world, clock, persona, path, budget):
    client = world.client_for(persona)
    url = "/c/river-commons/" + path
    within_budget(client, url, budget)
    grow_decisions(world)
    within_budget(client, url, budget)


@pytest.mark.parametrize("kind", ["consent", "vote", "advice"])
def test_a_proposal_page_keeps_its_budget_however_many_took_part(world, clock, kind):
    proposal = propose(world, kind, group=world.crew, topic="money")
    client = world.client_for("group_member")
    url = f"/c/river-commons/decisions/{proposal.pk}/"
    within_budget(client, url, 24)
    grow_decisions(world)
    for person in people(world, 8, crew=True, start=200):
        if kind == "advice":
            actions.give_advice(person, proposal, "Advice.")
            actions.ask_for_advice(world.group_member, proposal, person)
        else:
            actions.take_position(
                person, proposal, "concern" if kind == "consent" else "abstain", "Hm."
            )
    within_budget(client, url, 24)


def test_a_role_page_keeps_its_budget_through_a_selection(world, clock):
    role = actions.define_role(
        world.group_member, world.crew, name="Host", purpose="p", term_days=30
    )
    client = world.client_for("group_member")
    url = f"/c/river-commons/g/morning-crew/roles/{role.pk}/"
    within_budget(client, url, 16)
    crew = people(world, 8, crew=True)
    selection = actions.start_selection(world.group_member, role)
    for person in crew:
        actions.nominate(person, selection, crew[0], "Good.")
    actions.reveal_nominations(world.group_member, selection)
    within_budget(client, url, 16)
