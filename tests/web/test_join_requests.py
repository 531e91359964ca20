"""Requests to join a community or a group, and invitations into groups, being answered."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import GroupMembership, JoinRequest, Membership
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET, make_listed

HOST_PAGE = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 200}
# Only hosts, and the person asking (here the outsider), may know about a request to join.
DECIDE_COMMUNITY = {
    "anonymous": 302,
    "outsider": 403,
    "member": 404,
    "group_member": 404,
    "host": 302,
}
# A request to join the crew is answered by the crew and the hosts.
DECIDE_GROUP = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 302, "host": 302}
# An invitation into a group is answered by the person invited.
ANSWER_INVITE = {"anonymous": 302, "outsider": 404, "member": 302, "group_member": 403, "host": 403}


def url(world, suffix=""):
    return f"/c/{world.community.slug}/requests/{suffix}"


@pytest.fixture
def asking(world):
    make_listed(world.community, "ask")
    return actions.ask_to_join_community(world.outsider, world.community, "I swim here")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_waiting_list_to_hosts_only(world, persona):
    assert world.client_for(persona).get(url(world)).status_code == HOST_PAGE[persona]


def test_it_lists_who_is_waiting_with_their_message(world, asking):
    content = world.client_for("host").get(url(world)).content.decode()
    assert "Otto Outsider" in content
    assert "I swim here" in content
    assert 'value="accept"' in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_answer_a_request_to_join_the_community(world, asking, persona):
    response = world.client_for(persona).post(url(world, f"{asking.pk}/"), {"decision": "accept"})
    assert response.status_code == DECIDE_COMMUNITY[persona]
    joined = Membership.objects.filter(user=world.outsider).exists()
    assert joined is (persona == "host")


def test_it_lets_a_host_decline(world, asking):
    response = world.client_for("host").post(url(world, f"{asking.pk}/"), {"decision": "decline"})
    assert response.status_code == 302
    assert response["Location"] == url(world)
    asking.refresh_from_db()
    assert asking.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_it_refuses_an_unknown_decision(world, asking):
    response = world.client_for("host").post(url(world, f"{asking.pk}/"), {"decision": "maybe"})
    assert response.status_code == 400
    assert "accept or decline" in response.content.decode()
    asking.refresh_from_db()
    assert asking.status == JoinRequest.Status.PENDING


def test_it_says_so_when_a_request_was_answered_already(world, asking):
    client = world.client_for("host")
    client.post(url(world, f"{asking.pk}/"), {"decision": "accept"})
    response = client.post(url(world, f"{asking.pk}/"), {"decision": "decline"})
    assert response.status_code == 409
    assert "already been answered" in response.content.decode()
    assert Membership.objects.filter(user=world.outsider).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_the_group_and_hosts_answer_a_request_to_join_a_group(world, persona):
    actions.update_group(world.group_member, world.crew, join_policy="ask")
    request = actions.join_group(world.member, world.crew, "mornings suit me")
    response = world.client_for(persona).post(url(world, f"{request.pk}/"), {"decision": "accept"})
    assert response.status_code == DECIDE_GROUP[persona]
    joined = GroupMembership.objects.filter(group=world.crew, user=world.member).exists()
    assert joined is (persona in ("group_member", "host"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_invited_person_answer_an_invitation_into_a_group(world, persona):
    invitation = actions.invite_to_group(world.group_member, world.crew, world.member)
    response = world.client_for(persona).post(
        url(world, f"{invitation.pk}/"), {"decision": "accept"}
    )
    assert response.status_code == ANSWER_INVITE[persona]
    joined = GroupMembership.objects.filter(group=world.crew, user=world.member).exists()
    assert joined is (persona == "member")


def test_it_takes_the_invited_person_to_the_group_they_joined(world):
    invitation = actions.invite_to_group(world.group_member, world.private_crew, world.member)
    response = world.client_for("member").post(
        url(world, f"{invitation.pk}/"), {"decision": "accept"}
    )
    assert response["Location"] == f"/c/{world.community.slug}/g/{world.private_crew.slug}/"


def test_it_lets_the_invited_person_decline_from_the_home_page(world):
    invitation = actions.invite_to_group(world.group_member, world.crew, world.member)
    client = world.client_for("member")
    response = client.post(url(world, f"{invitation.pk}/"), {"decision": "decline"})
    assert response["Location"] == "/"
    invitation.refresh_from_db()
    assert invitation.status == JoinRequest.Status.DECLINED
    assert "You are invited" not in client.get("/").content.decode()


def test_it_hides_requests_about_a_private_group_from_people_outside_it(world):
    # Given someone asked to join the private crew
    actions.update_group(world.group_member, world.private_crew, join_policy="ask")
    actions.call_group(world.host, world.community, name="Host Pod")
    request = world.community.join_requests.create(group=world.private_crew, user=world.host)
    # When a plain member tries to answer it
    response = world.client_for("member").post(url(world, f"{request.pk}/"), {"decision": "accept"})
    # Then it is not found, and the group is not named
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
