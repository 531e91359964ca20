"""Purpose history for the community and for a group: versions, what changed, the proposal
that made each, and the way to propose a new one (the proposal itself: tests/decisions)."""

import pytest

from murmuration.communities import actions
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET

HISTORY = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
PROPOSE = 'href="/c/river-commons/decisions/new/?subject=purpose'


def community_url(world):
    return f"/c/{world.community.slug}/purpose/"


def group_url(world, group=None):
    return f"/c/{world.community.slug}/g/{(group or world.crew).slug}/purpose/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_purpose_history_to_members(world, persona):
    response = world.client_for(persona).get(community_url(world))
    assert response.status_code == HISTORY[persona]


def test_it_lists_versions_newest_first_with_author_note_and_what_changed(world):
    # Given a second version with a note
    actions.record_purpose(
        world.community, "Look after the whole river together.", note="wider", author=world.host
    )
    # When a member reads the history
    content = world.client_for("member").get(community_url(world)).content.decode()
    # Then both versions show, the newest first, with who, why and the words that changed
    assert content.index("Look after the whole river together.") < content.index(
        "Look after the river together."
    )
    assert "Hana Host" in content
    assert "wider" in content
    assert "Version 2" in content
    assert "<ins>whole </ins>" in content


@pytest.mark.parametrize("persona", ["member", "group_member", "host"])
def test_it_invites_every_member_to_propose_a_new_community_purpose(world, persona):
    content = world.client_for(persona).get(community_url(world)).content.decode()
    assert PROPOSE in content


def test_it_invites_only_the_group_to_propose_its_purpose(world):
    crew = world.client_for("group_member").get(group_url(world)).content.decode()
    assert PROPOSE + "&amp;group=morning-crew" in crew
    for persona in ("member", "host"):
        assert PROPOSE not in world.client_for(persona).get(group_url(world)).content.decode()


def test_it_shows_the_purpose_the_group_serves(world):
    content = world.client_for("group_member").get(group_url(world)).content.decode()
    assert "It serves River Commons" in content
    assert "Look after the river together." in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_takes_no_purpose_directly(world, persona):
    response = world.client_for(persona).post(community_url(world), {"purpose": "New purpose"})
    assert response.status_code in (302, 405)
    world.community.refresh_from_db()
    assert world.community.purpose == "Look after the river together."


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_group_purpose_history_to_those_who_see_the_group(world, persona):
    response = world.client_for(persona).get(group_url(world))
    assert response.status_code == HISTORY[persona]


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_hides_a_private_group_purpose_page_like_a_missing_one(world, persona):
    client = world.client_for(persona)
    hidden = client.get(group_url(world, world.private_crew))
    missing = client.get(f"/c/{world.community.slug}/g/nothing-here/purpose/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert SECRET not in hidden.content.decode()
