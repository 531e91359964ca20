"""The community page: what members, hosts and outsiders see, and joining or leaving."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import JoinRequest, Membership
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET, make_listed, outgrow_crew, within_budget_as_it_grows

COMMUNITY_BUDGET = 9


def url(world, suffix=""):
    return f"/c/{world.community.slug}/{suffix}"


# Who can open it ----------------------------------------------------------------------------

PRIVATE = {"anonymous": 404, "outsider": 404, "member": 200, "group_member": 200, "host": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_private_community_only_to_its_members(world, persona):
    response = world.client_for(persona).get(url(world))
    assert response.status_code == PRIVATE[persona]


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_answers_a_hidden_community_exactly_like_a_missing_one(world, persona):
    client = world.client_for(persona)
    hidden = client.get(url(world))
    missing = client.get("/c/no-such-place/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert b"River Commons" not in hidden.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_listed_community_to_everyone(world, persona):
    make_listed(world.community)
    assert world.client_for(persona).get(url(world)).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_shows_outsiders_the_purpose_and_count_but_no_names_or_groups(world, persona):
    make_listed(world.community)
    content = world.client_for(persona).get(url(world)).content.decode()
    assert "River Commons" in content
    assert "Look after the river together." in content
    assert "3 members" in content
    for hidden in ("Hana Host", "Mo Member", "Cris Crew", "Morning Crew", SECRET):
        assert hidden not in content


def test_it_offers_outsiders_join_for_an_open_community(world):
    make_listed(world.community, "open")
    content = world.client_for("outsider").get(url(world)).content.decode()
    assert ">Join<" in content
    assert "Ask to join" not in content


def test_it_offers_outsiders_ask_to_join_when_the_community_asks(world):
    make_listed(world.community, "ask")
    content = world.client_for("outsider").get(url(world)).content.decode()
    assert "Ask to join" in content


def test_it_tells_visitors_to_log_in_to_join(world, client):
    make_listed(world.community, "open")
    content = client.get(url(world)).content.decode()
    assert f"/accounts/login/?next=/c/{world.community.slug}/" in content


def test_it_says_an_invitation_only_community_cannot_be_joined(world):
    make_listed(world.community, "invite")
    content = world.client_for("outsider").get(url(world)).content.decode()
    assert "by invitation only" in content
    assert "Ask to join" not in content


# What members see ---------------------------------------------------------------------------


def test_it_shows_members_the_purpose_with_a_link_to_its_history(world):
    content = world.client_for("member").get(url(world)).content.decode()
    assert "Look after the river together." in content
    assert f'href="/c/{world.community.slug}/purpose/"' in content


def test_it_lists_members_with_pronouns_role_and_time_zone(world):
    world.member.pronouns = "they/them"
    world.member.time_zone = "Europe/Lisbon"
    world.member.save()
    content = world.client_for("member").get(url(world)).content.decode()
    for text in ("Mo Member", "they/them", "Europe/Lisbon", "Hana Host", "Host"):
        assert text in content


def test_it_draws_groups_as_a_tree_by_scale(world):
    # Given a group inside the crew
    inner = actions.call_group(
        world.group_member, world.community, name="Inner Pair", parent=world.crew
    )
    # When a member opens the community page
    response = world.client_for("member").get(url(world))
    content = response.content.decode()
    # Then the inner group is nested inside the crew's list item
    crew_at = content.index("Morning Crew")
    inner_at = content.index("Inner Pair")
    assert crew_at < inner_at
    nested = content[crew_at:inner_at]
    assert '<ul class="tree">' in nested
    assert 'class="badge band-pair"' in content
    assert f'href="/c/{world.community.slug}/g/{inner.slug}/"' in content


def test_it_marks_private_groups_with_a_lock_for_those_who_see_them(world):
    content = world.client_for("host").get(url(world)).content.decode()
    assert SECRET in content
    assert 'class="lock"' in content


def test_it_warns_when_a_group_has_outgrown_its_band(world):
    # Given seven people in a crew meant for 3–6
    outgrow_crew(world)
    # When a member looks at the community
    content = world.client_for("member").get(url(world)).content.decode()
    # Then the crew shows its team badge and a warning to split
    assert "7 members — more than a crew (3–6)." in content
    assert "Consider splitting." in content
    assert 'class="badge band-team"' in content


def test_it_shows_members_a_call_a_group_button_and_a_leave_button(world):
    content = world.client_for("member").get(url(world)).content.decode()
    assert f'href="/c/{world.community.slug}/groups/new/"' in content
    assert f'action="/c/{world.community.slug}/leave/"' in content


@pytest.mark.parametrize("persona", ["member", "group_member", "host"])
def test_it_shows_host_links_and_controls_only_to_hosts(world, persona):
    content = world.client_for(persona).get(url(world)).content.decode()
    slug = world.community.slug
    host_bits = [
        f'href="/c/{slug}/invitations/"',
        f'href="/c/{slug}/requests/"',
        f'href="/c/{slug}/settings/"',
        f'href="/c/{slug}/import/"',
        f"/c/{slug}/members/{world.member.pk}/remove/",
        f"/c/{slug}/members/{world.member.pk}/role/",
    ]
    for bit in host_bits:
        assert (bit in content) is (persona == "host"), bit


@pytest.mark.parametrize("persona", ["member", "host"])
def test_it_keeps_the_community_page_within_its_query_budget_however_big_the_world(world, persona):
    client = world.client_for(persona)
    response = within_budget_as_it_grows(world, client, url(world), COMMUNITY_BUDGET)
    assert "Grown 29" in response.content.decode()


def test_it_keeps_the_outside_view_within_its_query_budget(world):
    make_listed(world.community)
    within_budget_as_it_grows(world, world.client_for("outsider"), url(world), COMMUNITY_BUDGET)


# Joining -----------------------------------------------------------------------------------

JOIN_PRIVATE = {"anonymous": 302, "outsider": 404, "member": 409, "group_member": 409, "host": 409}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_nobody_join_a_private_community_by_asking(world, persona):
    response = world.client_for(persona).post(url(world, "join/"))
    assert response.status_code == JOIN_PRIVATE[persona]
    assert not Membership.objects.filter(user=world.outsider).exists()
    if persona == "outsider":
        assert b"River Commons" not in response.content


def test_it_sends_visitors_to_log_in_before_joining(world, client):
    make_listed(world.community, "open")
    response = client.post(url(world, "join/"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lets_an_outsider_join_an_open_listed_community(world):
    make_listed(world.community, "open")
    response = world.client_for("outsider").post(url(world, "join/"))
    assert response.status_code == 302
    assert response["Location"] == url(world)
    assert Membership.objects.filter(community=world.community, user=world.outsider).exists()


def test_it_records_a_request_when_the_community_asks(world):
    make_listed(world.community, "ask")
    client = world.client_for("outsider")
    client.post(url(world, "join/"), {"message": "I live by the river"})
    request = JoinRequest.objects.get(user=world.outsider)
    assert request.message == "I live by the river"
    assert not Membership.objects.filter(user=world.outsider).exists()
    # And the page now says the request is waiting
    assert "waiting for the hosts" in client.get(url(world)).content.decode()


def test_it_refuses_asking_twice_with_a_clear_message(world):
    make_listed(world.community, "ask")
    client = world.client_for("outsider")
    client.post(url(world, "join/"))
    response = client.post(url(world, "join/"))
    assert response.status_code == 409
    assert "already a request waiting" in response.content.decode()
    assert JoinRequest.objects.filter(user=world.outsider).count() == 1


def test_it_says_so_when_a_member_tries_to_join_again(world):
    make_listed(world.community, "open")
    response = world.client_for("member").post(url(world, "join/"))
    assert response.status_code == 409
    assert "already a member" in response.content.decode()


def test_it_refuses_joining_an_invitation_only_community(world):
    make_listed(world.community, "invite")
    response = world.client_for("outsider").post(url(world, "join/"))
    assert response.status_code == 403
    assert "invitation only" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_only_takes_join_as_a_post(world, persona):
    make_listed(world.community, "open")
    response = world.client_for(persona).get(url(world, "join/"))
    assert response.status_code in (302, 405)
    assert not Membership.objects.filter(user=world.outsider).exists()


# Leaving -----------------------------------------------------------------------------------

LEAVE = {"anonymous": 302, "outsider": 404, "member": 302, "group_member": 302, "host": 400}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_members_leave(world, persona):
    response = world.client_for(persona).post(url(world, "leave/"))
    assert response.status_code == LEAVE[persona]
    if persona in ("member", "group_member"):
        assert response["Location"] == "/"
        user = world.user_for(persona)
        assert not Membership.objects.filter(community=world.community, user=user).exists()


def test_it_tells_the_only_host_to_hand_over_before_leaving(world):
    response = world.client_for("host").post(url(world, "leave/"))
    assert response.status_code == 400
    assert "only host" in response.content.decode()
    assert Membership.objects.filter(community=world.community, user=world.host).exists()
