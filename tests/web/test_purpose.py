"""Purpose history and new purpose versions, for the community and for a group."""

import pytest

from murmuration.communities.models import Community, Group, PurposeVersion
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET

HISTORY = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
SET_COMMUNITY = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 302}
SET_GROUP = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 302, "host": 302}


def community_url(world):
    return f"/c/{world.community.slug}/purpose/"


def group_url(world, group=None):
    return f"/c/{world.community.slug}/g/{(group or world.crew).slug}/purpose/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_purpose_history_to_members(world, persona):
    response = world.client_for(persona).get(community_url(world))
    assert response.status_code == HISTORY[persona]


def test_it_lists_versions_newest_first_with_author_and_note(world):
    # Given a second version with a note
    client = world.client_for("host")
    client.post(community_url(world), {"purpose": "Care for the watershed.", "note": "wider"})
    # When a member reads the history
    content = world.client_for("member").get(community_url(world)).content.decode()
    # Then both versions show, the newest first, with who and why
    assert content.index("Care for the watershed.") < content.index(
        "Look after the river together."
    )
    assert "Hana Host" in content
    assert "wider" in content
    assert "Version 2" in content


@pytest.mark.parametrize("persona", ["member", "group_member"])
def test_it_shows_the_new_purpose_form_only_to_those_who_may_use_it(world, persona):
    content = world.client_for(persona).get(community_url(world)).content.decode()
    assert 'name="purpose"' not in content
    assert 'name="purpose"' in world.client_for("host").get(community_url(world)).content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_set_the_community_purpose(world, persona):
    response = world.client_for(persona).post(community_url(world), {"purpose": "New purpose"})
    assert response.status_code == SET_COMMUNITY[persona]
    changed = Community.objects.get(pk=world.community.pk).purpose == "New purpose"
    assert changed is (persona == "host")


def test_it_refuses_an_oversized_purpose_and_saves_nothing(world):
    before = PurposeVersion.objects.count()
    response = world.client_for("host").post(community_url(world), {"purpose": "x" * 2001})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert PurposeVersion.objects.count() == before
    assert Community.objects.get(pk=world.community.pk).purpose.startswith("Look after")


def test_it_says_so_when_the_purpose_is_unchanged(world):
    response = world.client_for("host").post(
        community_url(world), {"purpose": "Look after the river together."}
    )
    assert response.status_code == 400
    assert "current purpose already" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_group_purpose_history_to_those_who_see_the_group(world, persona):
    response = world.client_for(persona).get(group_url(world))
    assert response.status_code == HISTORY[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_group_members_and_hosts_set_a_group_purpose(world, persona):
    response = world.client_for(persona).post(group_url(world), {"purpose": "Mornings, together"})
    assert response.status_code == SET_GROUP[persona]
    changed = Group.objects.get(pk=world.crew.pk).purpose == "Mornings, together"
    assert changed is (persona in ("group_member", "host"))


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_hides_a_private_group_purpose_page_like_a_missing_one(world, persona):
    client = world.client_for(persona)
    hidden = client.get(group_url(world, world.private_crew))
    hidden_post = client.post(group_url(world, world.private_crew), {"purpose": "x"})
    missing = client.get(f"/c/{world.community.slug}/g/nothing-here/purpose/")
    assert hidden.status_code == hidden_post.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert SECRET not in hidden.content.decode()
