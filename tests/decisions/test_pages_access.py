"""Every decisions page and form for every persona, and private groups' decisions hidden."""

import pytest

from murmuration.decisions.models import GroupRole, Position, Proposal
from tests.conftest import PERSONAS

C = "/c/river-commons/"
SEES_COMMUNITY = {
    "anonymous": 302,
    "outsider": 404,
    "member": 200,
    "group_member": 200,
    "host": 200,
}
SEES_SECRET = {**SEES_COMMUNITY, "member": 404}


def proposal_url(proposal, tail=""):
    return f"{C}decisions/{proposal.pk}/{tail}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (C + "decisions/", SEES_COMMUNITY),
        (C + "decisions/summary/", SEES_COMMUNITY),
        (C + "decisions/new/", SEES_COMMUNITY),
        (C + "decisions/new/?subject=purpose", SEES_COMMUNITY),
        (C + "g/morning-crew/decisions/", SEES_COMMUNITY),
        (C + "g/morning-crew/decisions/summary/", SEES_COMMUNITY),
        (C + "g/morning-crew/roles/", SEES_COMMUNITY),
        (C + "g/secret-garden/decisions/", SEES_SECRET),
        (C + "g/secret-garden/roles/", SEES_SECRET),
        (C + "decisions/new/?group=morning-crew", {**SEES_COMMUNITY, "member": 403, "host": 403}),
        (C + "decisions/settings/", {**SEES_COMMUNITY, "member": 403, "group_member": 403}),
    ],
)
def test_it_shows_decision_pages_to_those_who_may_see_them(world, places, persona, url, expected):
    assert world.client_for(persona).get(url).status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("which", "expected"),
    [("community", SEES_COMMUNITY), ("crew", SEES_COMMUNITY), ("secret", SEES_SECRET)],
)
def test_it_shows_a_proposal_to_those_who_may_see_its_place(
    world, places, persona, which, expected
):
    response = world.client_for(persona).get(proposal_url(getattr(places, which)))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_role_to_those_who_may_see_the_group(world, places, persona):
    url = f"{C}g/morning-crew/roles/{places.role.pk}/"
    assert world.client_for(persona).get(url).status_code == SEES_COMMUNITY[persona]


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_hides_a_private_group_proposal_exactly_like_a_missing_one(world, places, persona):
    client = world.client_for(persona)
    hidden = client.get(proposal_url(places.secret))
    missing = client.get(f"{C}decisions/99999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    log = world.client_for("member").get(C + "decisions/").content.decode()
    assert "Garden budget" not in log and "Secret Garden" not in log
    assert "Crew moves to the library" in log


POSITION = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 302, "host": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_group_takes_positions_on_its_proposal(world, places, persona):
    response = world.client_for(persona).post(
        proposal_url(places.crew, "position/"), {"stance": "consent"}
    )
    assert response.status_code == POSITION[persona]
    assert Position.objects.exists() is (persona == "group_member")


LEAD = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 302, "host": 403}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("tail", "data"),
    [
        ("withdraw/", {"outcome": "Not now."}),
        ("amend/", {"title": "Library", "body": "Wednesdays.", "note": "Tuesdays are taken"}),
    ],
)
def test_only_the_proposer_leads_it(world, places, persona, tail, data):
    response = world.client_for(persona).post(proposal_url(places.crew, tail), data)
    assert response.status_code == LEAD[persona]
    proposal = Proposal.objects.get(pk=places.crew.pk)
    assert (proposal.status != "open" or proposal.round > 1) is (persona == "group_member")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_proposer_opens_the_amend_form(world, places, persona):
    response = world.client_for(persona).get(proposal_url(places.crew, "amend/"))
    assert response.status_code == {**LEAD, "group_member": 200}[persona]


# The group member made it: a proposer asks others for advice rather than giving it.
ADVICE = {"anonymous": 302, "outsider": 404, "member": 302, "group_member": 403, "host": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_member_but_the_proposer_may_advise_on_an_advice_process(world, persona):
    from .conftest import propose

    proposal = propose(world, "advice", group=world.crew)
    response = world.client_for(persona).post(proposal_url(proposal, "advice/"), {"text": "Ok"})
    assert response.status_code == ADVICE[persona]


MEMBERS_OF_CREW = {
    "anonymous": 302,
    "outsider": 404,
    "member": 403,
    "group_member": 302,
    "host": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_group_defines_roles(world, places, persona):
    response = world.client_for(persona).post(
        C + "g/morning-crew/roles/", {"name": "Caller", "purpose": "Calls us", "term_days": 30}
    )
    assert response.status_code == MEMBERS_OF_CREW[persona]
    assert GroupRole.objects.filter(name="Caller").exists() is (persona == "group_member")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_group_starts_a_selection(world, places, persona):
    response = world.client_for(persona).post(
        f"{C}g/morning-crew/roles/{places.role.pk}/step/", {"step": "start"}
    )
    assert response.status_code == MEMBERS_OF_CREW[persona]


SETTINGS = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_hosts_set_the_ways_to_decide(world, persona):
    data = {
        "kind": "advice",
        "purpose_kind": "vote",
        "review_days": 30,
        "vote_min_open_hours": 24,
        "vote_quorum_percent": 60,
    }
    response = world.client_for(persona).post(C + "decisions/settings/", data)
    assert response.status_code == SETTINGS[persona]
