"""Members of a community: who sees them, roles, removal and leaving."""

from murmuration.communities import actions
from murmuration.communities.models import GroupMembership, Membership, Visibility

from .conftest import COMMUNITY, access


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_shows_members_to_members_only(world, as_, persona, status):
    response = as_(persona).get(COMMUNITY + "/members")
    assert response.status_code == status
    if status == 200:
        people = {m["user"]["name"]: m["role"] for m in response.json()["items"]}
        assert people == {"Hana Host": "host", "Mo Member": "member", "Cris Crew": "member"}
        assert "@example.org" not in response.content.decode()


def test_it_refuses_members_of_a_listed_community_to_outsiders(world, as_):
    actions.update_community(world.host, world.community, visibility=Visibility.LISTED)
    response = as_("outsider").get(COMMUNITY + "/members")
    assert response.status_code == 403
    assert "Mo Member" not in response.content.decode()


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_lets_hosts_change_roles(world, as_, persona, status):
    response = as_(persona).patch(f"{COMMUNITY}/members/{world.member.pk}", {"role": "host"})
    assert response.status_code == status
    role = Membership.objects.get(community=world.community, user=world.member).role
    assert role == ("host" if status == 200 else "member")
    if status == 200:
        assert response.json()["user"]["name"] == "Mo Member"


def test_it_refuses_an_unknown_role(world, as_):
    response = as_("host").patch(f"{COMMUNITY}/members/{world.member.pk}", {"role": "boss"})
    assert response.status_code == 422


def test_it_keeps_at_least_one_host(world, as_):
    response = as_("host").patch(f"{COMMUNITY}/members/{world.host.pk}", {"role": "member"})
    assert response.status_code == 400
    assert response.json()["detail"] == "A community needs at least one host."


@access(anonymous=401, outsider=404, member=403, group_member=403, host=204)
def test_it_lets_hosts_remove_members(world, as_, persona, status):
    response = as_(persona).delete(f"{COMMUNITY}/members/{world.group_member.pk}")
    assert response.status_code == status
    still_in = Membership.objects.filter(user=world.group_member).exists()
    assert still_in == (status != 204)
    assert GroupMembership.objects.filter(user=world.group_member).exists() == still_in


def test_it_answers_404_for_someone_who_is_not_a_member(world, as_):
    response = as_("host").delete(f"{COMMUNITY}/members/{world.outsider.pk}")
    assert response.status_code == 404


def test_it_does_not_tell_outsiders_of_a_listed_community_who_is_a_member(world, as_):
    actions.update_community(world.host, world.community, visibility=Visibility.LISTED)
    api = as_("outsider")
    member = api.delete(f"{COMMUNITY}/members/{world.member.pk}")
    stranger = api.delete(f"{COMMUNITY}/members/99999")
    assert member.status_code == stranger.status_code == 403


@access(anonymous=401, outsider=404, member=204, group_member=204, host=400)
def test_it_lets_members_leave(world, as_, persona, status):
    response = as_(persona).post(COMMUNITY + "/leave")
    assert response.status_code == status
    if persona == "host":
        assert "only host" in response.json()["detail"]
    if status == 204:
        person = getattr(world, persona)
        assert not Membership.objects.filter(user=person).exists()
        assert not GroupMembership.objects.filter(user=person).exists()
