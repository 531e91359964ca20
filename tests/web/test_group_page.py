"""A group's page: who sees it, what it shows, and its query budget."""

import pytest

from murmuration.communities import actions
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET, grow, outgrow_crew, within_budget

GROUP_BUDGET = 10

CREW = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
PRIVATE = {"anonymous": 302, "outsider": 404, "member": 404, "group_member": 200, "host": 200}


def url(world, group=None, suffix=""):
    return f"/c/{world.community.slug}/g/{(group or world.crew).slug}/{suffix}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_group_to_the_community_s_members(world, persona):
    response = world.client_for(persona).get(url(world))
    assert response.status_code == CREW[persona]
    if persona == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url(world)}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_private_group_only_to_its_members_and_hosts(world, persona):
    response = world.client_for(persona).get(url(world, world.private_crew))
    assert response.status_code == PRIVATE[persona]


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_answers_a_private_group_exactly_like_a_missing_one(world, persona):
    client = world.client_for(persona)
    hidden = client.get(url(world, world.private_crew))
    missing = client.get(f"/c/{world.community.slug}/g/no-such-group/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert SECRET not in hidden.content.decode()


def test_it_hides_a_public_group_inside_a_private_one(world):
    inner = actions.call_group(
        world.group_member, world.community, name="Inner Circle", parent=world.private_crew
    )
    assert world.client_for("member").get(url(world, inner)).status_code == 404
    assert world.client_for("host").get(url(world, inner)).status_code == 200


def test_it_shows_the_breadcrumb_purpose_and_what_it_serves(world):
    # Given a pod inside the crew, with its own purpose
    world.crew.purpose = "Support each other in the mornings"
    world.crew.save()
    pod = actions.call_group(
        world.group_member, world.community, name="Tea Pod", purpose="Tea", parent=world.crew
    )
    # When a member opens the pod
    content = world.client_for("member").get(url(world, pod)).content.decode()
    # Then the trail leads back up, and the crew's purpose shows as what the pod serves
    crumbs = content[content.index('class="breadcrumb"') :]
    assert crumbs.index("River Commons") < crumbs.index("Morning Crew") < crumbs.index("Tea Pod")
    assert "Serves:" in content
    assert "Support each other in the mornings" in content
    assert "Called by Cris Crew" in content


def test_it_says_a_top_level_group_serves_the_community_purpose(world):
    content = world.client_for("member").get(url(world)).content.decode()
    assert "Serves:" in content
    assert "Look after the river together." in content


def test_it_shows_members_band_and_child_groups(world):
    inner = actions.call_group(
        world.group_member, world.community, name="Tea Pod", parent=world.crew
    )
    content = world.client_for("member").get(url(world)).content.decode()
    assert "Cris Crew" in content
    assert "1 member" in content
    assert 'class="badge band-pair"' in content
    assert f'href="/c/{world.community.slug}/g/{inner.slug}/"' in content


def test_it_leaves_hidden_child_groups_out(world):
    actions.call_group(
        world.group_member, world.community, name="Hidden Pod", parent=world.crew, is_private=True
    )
    assert "Hidden Pod" not in world.client_for("member").get(url(world)).content.decode()
    assert "Hidden Pod" in world.client_for("group_member").get(url(world)).content.decode()


def test_it_prompts_an_outgrown_group_to_split(world):
    outgrow_crew(world)
    content = world.client_for("group_member").get(url(world)).content.decode()
    assert "7 members — more than a crew (3–6)." in content
    assert "Consider splitting." in content
    assert f"/groups/new/?parent={world.crew.pk}" in content
    assert "Call a new group next to it" in content


@pytest.mark.parametrize("persona", ["member", "group_member", "host"])
def test_it_offers_settings_only_to_the_caller_and_hosts(world, persona):
    content = world.client_for(persona).get(url(world)).content.decode()
    assert (url(world, suffix="settings/") in content) is (persona != "member")


@pytest.mark.parametrize("persona", ["member", "group_member", "host"])
def test_it_shows_join_or_leave_as_fits_the_person(world, persona):
    content = world.client_for(persona).get(url(world)).content.decode()
    assert (f'action="{url(world, suffix="leave/")}"' in content) is (persona == "group_member")
    assert (f'action="{url(world, suffix="join/")}"' in content) is (persona != "group_member")


def test_it_offers_ask_to_join_when_the_group_asks(world):
    actions.update_group(world.group_member, world.crew, join_policy="ask")
    content = world.client_for("member").get(url(world)).content.decode()
    assert "Ask to join" in content


def test_it_shows_waiting_requests_to_the_group(world):
    actions.update_group(world.group_member, world.crew, join_policy="ask")
    actions.join_group(world.member, world.crew, "mornings suit me")
    crew_view = world.client_for("group_member").get(url(world)).content.decode()
    assert "mornings suit me" in crew_view
    assert "Let Mo Member in" in crew_view
    member_view = world.client_for("member").get(url(world)).content.decode()
    assert "waiting for the group" in member_view
    assert "Let Mo Member in" not in member_view


@pytest.mark.parametrize("group", ["crew", "private_crew"])
@pytest.mark.parametrize("persona", ["group_member", "host"])
def test_it_keeps_the_group_page_within_its_query_budget_however_big_the_world(
    world, group, persona
):
    client = world.client_for(persona)
    target = getattr(world, group)
    within_budget(client, url(world, target), GROUP_BUDGET)
    grow(world)
    # Deep in the tree, with many members, children and requests
    deep = world.community.groups.filter(
        parent__parent__isnull=False,
        is_private=False,
        parent__is_private=False,
        parent__parent__is_private=False,
    ).first()
    assert deep is not None
    for page in (url(world, target), url(world, deep)):
        within_budget(client, page, GROUP_BUDGET)
