import pytest

from murmuration.communities import actions
from murmuration.communities.models import Community, GroupMembership, Membership, PurposeVersion
from murmuration.errors import ActionError, NotAllowed


def test_it_makes_the_creator_host_and_records_purpose_version_one(world):
    community = actions.create_community(world.outsider, name="Tide Pool", purpose="Swim")
    membership = Membership.objects.get(community=community, user=world.outsider)
    assert membership.role == "host"
    assert list(community.purpose_versions.values_list("number", "text")) == [(1, "Swim")]


def test_it_keeps_every_purpose_version_and_shows_the_newest(world):
    actions.record_purpose(world.community, "Care for the whole watershed.", note="wider")
    actions.record_purpose(world.community, "Care for the watershed and its people.")
    world.community.refresh_from_db()
    assert world.community.purpose == "Care for the watershed and its people."
    numbers = list(
        world.community.purpose_versions.filter(group=None).values_list("number", flat=True)
    )
    assert numbers == [3, 2, 1]


def test_it_refuses_an_oversized_purpose_and_saves_nothing(world):
    before = PurposeVersion.objects.count()
    with pytest.raises(ActionError, match="at most 2000 characters"):
        actions.record_purpose(world.community, "x" * 2001)
    world.community.refresh_from_db()
    assert world.community.purpose == "Look after the river together."
    assert PurposeVersion.objects.count() == before


def test_it_refuses_an_oversized_purpose_on_creation_and_creates_nothing(world):
    with pytest.raises(ActionError):
        actions.create_community(world.outsider, name="Too long", purpose="x" * 2001)
    assert not Community.objects.filter(name="Too long").exists()


def test_it_stops_the_only_host_leaving_a_community_with_members(world):
    with pytest.raises(ActionError, match="only host"):
        actions.leave_community(world.host, world.community)
    assert Membership.objects.filter(community=world.community, user=world.host).exists()


def test_it_takes_a_leaving_member_out_of_every_group(world):
    actions.leave_community(world.group_member, world.community)
    assert not GroupMembership.objects.filter(user=world.group_member).exists()


def test_it_lets_hosts_remove_members_and_their_group_places(world):
    actions.remove_member(world.host, world.community, world.group_member)
    assert not Membership.objects.filter(user=world.group_member).exists()
    assert not GroupMembership.objects.filter(user=world.group_member).exists()


def test_it_refuses_removal_by_a_plain_member(world):
    with pytest.raises(NotAllowed):
        actions.remove_member(world.member, world.community, world.group_member)


def test_it_keeps_at_least_one_host(world):
    with pytest.raises(ActionError, match="at least one host"):
        actions.set_role(world.host, world.community, world.host, "member")
    actions.set_role(world.host, world.community, world.member, "host")
    actions.set_role(world.member, world.community, world.host, "member")
    assert Membership.objects.get(user=world.member, community=world.community).role == "host"
