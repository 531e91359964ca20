"""Roles with terms, filled by selection by consent."""

from datetime import date, timedelta

import pytest

from murmuration.decisions import actions, queries, role_queries
from murmuration.decisions.models import Nomination, Proposal, RoleTerm, Selection
from murmuration.errors import ActionError, Conflict, NotAllowed

from .conftest import NOW, people

TODAY = NOW.date()


@pytest.fixture
def crew(world):
    return [world.group_member, *people(world, 3, crew=True)]


@pytest.fixture
def role(world, crew):
    return actions.define_role(
        world.group_member,
        world.crew,
        name="Facilitator",
        purpose="Holds the space in our sessions.",
        term_days=90,
    )


def viewer(world, person):
    from murmuration.communities.permissions import viewer_for

    return viewer_for(person, world.community)


def select(world, crew, role, candidate=None):
    """Run a selection up to its consent round: everyone nominates crew[1]."""
    selection = actions.start_selection(crew[0], role)
    for person in crew:
        actions.nominate(person, selection, candidate or crew[1], "Calm and clear.")
    actions.reveal_nominations(crew[0], selection)
    actions.open_change_round(crew[0], selection)
    return selection, actions.propose_candidate(
        crew[0], selection, candidate or crew[1], "Everyone named them."
    )


def test_only_the_group_defines_roles_with_a_sensible_term(world, crew):
    with pytest.raises(NotAllowed):
        actions.define_role(world.member, world.crew, name="x", purpose="y", term_days=30)
    with pytest.raises(ActionError) as error:
        actions.define_role(world.group_member, world.crew, name="x", purpose="y", term_days=3)
    assert error.value.field == "term_days"
    actions.define_role(world.group_member, world.crew, name="Caller", purpose="y", term_days=30)
    with pytest.raises(Conflict):
        actions.define_role(crew[1], world.crew, name="Caller", purpose="z", term_days=30)


def test_nominations_are_private_to_each_nominator_until_the_nomination_round(world, crew, role):
    selection = actions.start_selection(crew[0], role)
    actions.nominate(crew[1], selection, crew[2], "Patient.")
    actions.nominate(crew[2], selection, crew[2], "I would like to.")
    for person, expected in [
        (crew[1], ["Patient."]),
        (crew[2], ["I would like to."]),
        (crew[0], []),  # the facilitator too sees only their own
        (world.host, []),
    ]:
        view = role_queries.selection_view(viewer(world, person), role)
        assert [n.reason for n in view.current] == expected
        assert view.count == 2
    actions.reveal_nominations(crew[0], selection)
    for person in (crew[0], crew[3], world.host, world.member):
        view = role_queries.selection_view(viewer(world, person), role)
        assert sorted(n.reason for n in view.current) == ["I would like to.", "Patient."]


def test_the_change_round_keeps_the_first_nomination_in_the_history(world, crew, role):
    selection = actions.start_selection(crew[0], role)
    actions.nominate(crew[1], selection, crew[2], "Patient.")
    with pytest.raises(ActionError, match="not possible now"):
        actions.open_change_round(crew[0], selection)
    actions.reveal_nominations(crew[0], selection)
    with pytest.raises(ActionError, match="not open now"):
        actions.nominate(crew[1], selection, crew[3], "Too early.")
    actions.open_change_round(crew[0], selection)
    with pytest.raises(ActionError, match="changing a nomination already made"):
        actions.nominate(crew[2], selection, crew[3], "New here.")
    actions.nominate(crew[1], selection, crew[3], "Heard good reasons.")
    rows = list(Nomination.objects.order_by("pk").values_list("nominee_id", "round", "current"))
    assert rows == [(crew[2].pk, "nomination", False), (crew[3].pk, "change", True)]


def test_only_the_facilitator_moves_the_selection_on(world, crew, role):
    selection = actions.start_selection(crew[0], role)
    actions.nominate(crew[1], selection, crew[2], "Patient.")
    with pytest.raises(NotAllowed):
        actions.reveal_nominations(crew[1], selection)
    with pytest.raises(Conflict):
        actions.start_selection(crew[1], role)


def test_the_candidate_is_asked_last(world, crew, role):
    _selection, proposal = select(world, crew, role)
    assert (proposal.kind, proposal.subject, proposal.candidate_id) == (
        "consent",
        "role",
        crew[1].pk,
    )
    with pytest.raises(ActionError, match="asked last; 3 people have yet to answer"):
        actions.take_position(crew[1], proposal, "consent")
    for person in (crew[0], crew[2], crew[3]):
        actions.take_position(person, proposal, "consent")
    actions.take_position(crew[1], proposal, "consent")


def test_the_facilitator_may_ask_the_candidate_before_everyone_answered(world, crew, role):
    _selection, proposal = select(world, crew, role)
    actions.ask_candidate(crew[0], proposal)
    actions.take_position(crew[1], proposal, "consent")


def test_consent_starts_a_term_and_the_role_comes_up_again_when_it_ends(world, crew, role, clock):
    selection, proposal = select(world, crew, role)
    for person in (crew[0], crew[2], crew[3]):
        actions.take_position(person, proposal, "consent")
    with pytest.raises(ActionError, match="candidate has not consented"):
        actions.close_proposal(crew[0], proposal, outcome="Yes.", review_on=date(2030, 6, 1))
    actions.take_position(crew[1], proposal, "consent")
    actions.close_proposal(crew[0], proposal, outcome="Yes.", review_on=date(2030, 6, 1))
    term = RoleTerm.objects.get()
    assert (term.holder, term.starts_on, term.ends_on, term.proposal) == (
        crew[1],
        TODAY,
        TODAY + timedelta(days=89),
        proposal,
    )
    selection.refresh_from_db()
    assert selection.phase == "done"
    assert list(queries.terms_ending(TODAY)) == []
    assert list(queries.terms_ending(TODAY + timedelta(days=80))) == [term]
    row = role_queries.roles_for_group(world.crew, TODAY + timedelta(days=80))[0]
    assert row.holder == term

    # The next selection, made before the term ends, starts its term the day after.
    _selection, again = select(world, crew, role, candidate=crew[2])
    for person in (crew[0], crew[1], crew[3], crew[2]):
        actions.take_position(person, again, "consent")
    actions.close_proposal(crew[0], again, outcome="Next.", review_on=date(2030, 6, 1))
    later = RoleTerm.objects.get(holder=crew[2])
    assert later.starts_on == TODAY + timedelta(days=90)
    assert list(queries.terms_ending(TODAY + timedelta(days=80))) == []


def test_withdrawing_the_proposal_returns_the_selection_to_its_change_round(world, crew, role):
    selection, proposal = select(world, crew, role)
    actions.withdraw_proposal(crew[0], proposal, outcome="They would rather not.")
    selection.refresh_from_db()
    assert selection.phase == Selection.Phase.CHANGING
    again = actions.propose_candidate(crew[0], selection, crew[1], "Asked again.")
    assert again.pk != proposal.pk


def test_cancelling_a_selection_withdraws_its_open_proposal(world, crew, role):
    selection, proposal = select(world, crew, role)
    actions.cancel_selection(crew[0], selection)
    assert Proposal.objects.get(pk=proposal.pk).status == "withdrawn"
    actions.start_selection(crew[0], role)


def test_only_a_nominee_in_the_group_can_be_proposed(world, crew, role):
    selection = actions.start_selection(crew[0], role)
    with pytest.raises(ActionError) as error:
        actions.nominate(crew[1], selection, world.member, "Not in the crew.")
    assert error.value.field == "nominee"
    actions.nominate(crew[1], selection, crew[2], "Patient.")
    actions.reveal_nominations(crew[0], selection)
    actions.open_change_round(crew[0], selection)
    with pytest.raises(ActionError) as error:
        actions.propose_candidate(crew[0], selection, crew[3], "Nobody named them.")
    assert error.value.field == "candidate"
    selection.refresh_from_db()
    assert selection.phase == "changing"
