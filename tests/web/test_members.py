"""The member list, and hosts removing members or changing their role."""

import pytest

from murmuration.communities.models import Membership
from tests.conftest import PERSONAS
from tests.web.conftest import grow, make_listed, within_budget_as_it_grows

MEMBERS_BUDGET = 7

MEMBER_PAGE = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
HOST_POST = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 302}


def url(world, suffix=""):
    return f"/c/{world.community.slug}/members/{suffix}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_member_list_to_members_only(world, persona):
    response = world.client_for(persona).get(url(world))
    assert response.status_code == MEMBER_PAGE[persona]
    if persona == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url(world)}"


def test_it_refuses_outsiders_of_a_listed_community_without_naming_anyone(world):
    make_listed(world.community)
    response = world.client_for("outsider").get(url(world))
    assert response.status_code == 403
    assert b"Mo Member" not in response.content


def test_it_pages_through_a_long_member_list(world):
    grow(world, members=120, groups=0)
    client = world.client_for("member")
    first = client.get(url(world)).content.decode()
    second = client.get(url(world) + "?page=2").content.decode()
    assert "123 members" in first
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("persona", ["member", "host"])
def test_it_keeps_the_member_list_within_its_query_budget_however_big_the_world(world, persona):
    within_budget_as_it_grows(world, world.client_for(persona), url(world), MEMBERS_BUDGET)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_remove_members(world, persona):
    response = world.client_for(persona).post(url(world, f"{world.member.pk}/remove/"))
    assert response.status_code == HOST_POST[persona]
    removed = not Membership.objects.filter(user=world.member).exists()
    assert removed is (persona == "host")


def test_it_returns_to_the_page_the_host_came_from(world):
    response = world.client_for("host").post(
        url(world, f"{world.member.pk}/remove/"), {"next": f"/c/{world.community.slug}/"}
    )
    assert response["Location"] == f"/c/{world.community.slug}/"


def test_it_ignores_a_next_address_on_another_site(world):
    response = world.client_for("host").post(
        url(world, f"{world.member.pk}/remove/"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == url(world)


def test_it_answers_removing_a_non_member_with_not_found(world):
    response = world.client_for("host").post(url(world, f"{world.outsider.pk}/remove/"))
    assert response.status_code == 404


def test_it_tells_a_host_to_use_leave_instead_of_removing_themselves(world):
    response = world.client_for("host").post(url(world, f"{world.host.pk}/remove/"))
    assert response.status_code == 400
    assert "Leave" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_make_someone_a_host(world, persona):
    response = world.client_for(persona).post(
        url(world, f"{world.member.pk}/role/"), {"role": "host"}
    )
    assert response.status_code == HOST_POST[persona]
    role = Membership.objects.get(user=world.member).role
    assert role == ("host" if persona == "host" else "member")


def test_it_refuses_an_unknown_role(world):
    response = world.client_for("host").post(
        url(world, f"{world.member.pk}/role/"), {"role": "emperor"}
    )
    assert response.status_code == 400
    assert "not a valid choice" in response.content.decode()
    assert Membership.objects.get(user=world.member).role == "member"


def test_it_keeps_at_least_one_host(world):
    # Given a second host who demotes the first, then tries to demote themselves...
    Membership.objects.filter(user=world.member).update(role="host")
    client = world.client_for("member")
    assert client.post(url(world, f"{world.host.pk}/role/"), {"role": "member"}).status_code == 302
    response = client.post(url(world, f"{world.member.pk}/role/"), {"role": "member"})
    # Then the last host stays a host
    assert response.status_code == 400
    assert "at least one host" in response.content.decode()
    assert Membership.objects.get(user=world.member).role == "host"
