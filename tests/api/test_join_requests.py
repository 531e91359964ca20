"""Asking to join a community or group, answering requests, and invitations into groups."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import (
    GroupMembership,
    JoinPolicy,
    JoinRequest,
    Membership,
    Visibility,
)
from tests.conftest import make_user

from .conftest import COMMUNITY, CREW, SECRET, access, api_as


@pytest.fixture
def listed(world):
    """River Commons, listed and taking requests to join."""
    actions.update_community(
        world.host, world.community, visibility=Visibility.LISTED, join_policy=JoinPolicy.ASK
    )
    return world.community


@pytest.fixture
def asked(world, listed):
    return actions.ask_to_join_community(world.outsider, listed, "I live by the river.")


@access(anonymous=401, outsider=201, member=409, group_member=409, host=409)
def test_it_lets_outsiders_ask_to_join(world, listed, as_, persona, status):
    response = as_(persona).post(COMMUNITY + "/join-requests", {"message": "Hello"})
    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert body["joined"] is False
        assert (body["request"]["status"], body["request"]["message"]) == ("pending", "Hello")
        assert not Membership.objects.filter(user=world.outsider).exists()


def test_it_lets_people_straight_into_an_open_community(world, listed, as_):
    actions.update_community(world.host, listed, join_policy=JoinPolicy.OPEN)
    response = as_("outsider").post(COMMUNITY + "/join-requests")
    assert response.status_code == 201
    assert response.json() == {"joined": True, "request": None}
    assert Membership.objects.filter(user=world.outsider, community=listed).exists()


def test_it_answers_404_for_asking_to_join_a_private_community(world, as_):
    response = as_("outsider").post(COMMUNITY + "/join-requests")
    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_it_refuses_a_second_request_while_one_waits(world, asked, as_):
    response = as_("outsider").post(COMMUNITY + "/join-requests")
    assert response.status_code == 409
    assert JoinRequest.objects.count() == 1


def test_it_refuses_a_request_to_an_invitation_only_listed_community(world, as_):
    actions.update_community(world.host, world.community, visibility=Visibility.LISTED)
    response = as_("outsider").post(COMMUNITY + "/join-requests")
    assert response.status_code == 403
    assert not JoinRequest.objects.exists()


@access(anonymous=401, outsider=403, member=403, group_member=403, host=200)
def test_it_shows_requests_to_hosts_only(world, asked, as_, persona, status):
    response = as_(persona).get(COMMUNITY + "/join-requests")
    assert response.status_code == status
    if status == 200:
        (item,) = response.json()["items"]
        assert (item["user"]["name"], item["message"]) == ("Otto Outsider", "I live by the river.")


def test_it_filters_requests_by_status(world, asked, as_):
    actions.decide_join_request(world.host, asked, accept=False)
    api = as_("host")
    assert api.get(COMMUNITY + "/join-requests").json()["count"] == 0
    assert api.get(COMMUNITY + "/join-requests", status="declined").json()["count"] == 1
    assert api.get(COMMUNITY + "/join-requests", status="maybe").status_code == 422


@access(anonymous=401, outsider=403, member=403, group_member=403, host=200)
def test_it_lets_hosts_answer_a_request(world, asked, as_, persona, status):
    response = as_(persona).post(f"/join-requests/{asked.pk}/decide", {"accept": True})
    assert response.status_code == status
    joined = Membership.objects.filter(user=world.outsider, community=world.community).exists()
    assert joined == (status == 200)
    if status == 200:
        assert response.json()["status"] == "accepted"


def test_it_answers_404_to_a_stranger_deciding_a_request(world, asked, as_):
    nosy = make_user("nosy@example.org", "Nosy")
    response = api_as(nosy).post(f"/join-requests/{asked.pk}/decide", {"accept": True})
    assert response.status_code == 404


def test_it_refuses_to_answer_a_request_twice(world, asked, as_):
    api = as_("host")
    api.post(f"/join-requests/{asked.pk}/decide", {"accept": False})
    response = api.post(f"/join-requests/{asked.pk}/decide", {"accept": True})
    assert response.status_code == 409
    assert not Membership.objects.filter(user=world.outsider).exists()


@access(anonymous=401, outsider=200, member=200, group_member=200, host=200)
def test_it_lists_my_own_requests(world, asked, as_, persona, status):
    response = as_(persona).get("/join-requests")
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == (1 if persona == "outsider" else 0)


# Groups --------------------------------------------------------------------------------------


@pytest.fixture
def ask_crew(world):
    actions.update_group(world.group_member, world.crew, join_policy=JoinPolicy.ASK)
    return actions.join_group(world.member, world.crew, "May I?")


def test_it_turns_joining_an_ask_group_into_a_request(world, as_):
    actions.update_group(world.group_member, world.crew, join_policy=JoinPolicy.ASK)
    response = as_("member").post(CREW + "/join", {"message": "May I?"})
    assert response.status_code == 201
    body = response.json()
    assert body["joined"] is False
    assert (body["request"]["group_name"], body["request"]["community"]) == (
        "Morning Crew",
        "river-commons",
    )


@access(anonymous=401, outsider=404, member=403, group_member=200, host=200)
def test_it_shows_group_requests_to_the_group_and_hosts(world, ask_crew, as_, persona, status):
    response = as_(persona).get(CREW + "/join-requests")
    assert response.status_code == status
    if status == 200:
        assert [r["message"] for r in response.json()["items"]] == ["May I?"]


@access(anonymous=401, outsider=404, member=403, group_member=200, host=200)
def test_it_lets_the_group_answer_a_request(world, ask_crew, as_, persona, status):
    response = as_(persona).post(f"/join-requests/{ask_crew.pk}/decide", {"accept": True})
    assert response.status_code == status
    assert GroupMembership.objects.filter(group=world.crew, user=world.member).exists() == (
        status == 200
    )


@access(anonymous=401, outsider=404, member=403, group_member=201, host=201)
def test_it_lets_the_group_and_hosts_invite_a_member_in(world, as_, persona, status):
    response = as_(persona).post(CREW + "/invite", {"user_id": world.member.pk})
    assert response.status_code == status
    invitations = JoinRequest.objects.filter(direction="invite", user=world.member)
    assert invitations.exists() == (status == 201)
    if status == 201:
        assert response.json()["direction"] == "invite"


def test_it_invites_only_members_of_the_community(world, as_):
    api = as_("group_member")
    for user_id in (world.outsider.pk, 99999):
        response = api.post(CREW + "/invite", {"user_id": user_id})
        assert response.status_code == 400
        assert response.json()["field"] == "user_id"
    assert not JoinRequest.objects.exists()


def test_it_lets_the_invited_member_accept_from_their_own_list(world, as_):
    invitation = actions.invite_to_group(world.group_member, world.crew, world.member)
    api = as_("member", via="token")
    mine = api.get("/join-requests").json()["items"]
    assert [(r["id"], r["group_name"]) for r in mine] == [(invitation.pk, "Morning Crew")]
    response = api.post(f"/join-requests/{invitation.pk}/decide", {"accept": True})
    assert response.status_code == 200
    assert GroupMembership.objects.filter(group=world.crew, user=world.member).exists()


def test_it_hides_requests_into_a_private_group_from_other_members(world, as_):
    newcomer = make_user("new@example.org", "Nia New")
    world.community.memberships.create(user=newcomer)
    invitation = actions.invite_to_group(world.group_member, world.private_crew, newcomer)
    response = as_("member").post(f"/join-requests/{invitation.pk}/decide", {"accept": True})
    assert response.status_code == 404
    assert "Secret" not in response.content.decode()
    assert as_("member").get(SECRET + "/join-requests").status_code == 404
