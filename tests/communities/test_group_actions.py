import pytest

from murmuration.communities import actions
from murmuration.communities.models import Group, GroupMembership
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound


def test_it_makes_the_caller_the_first_member(world):
    group = actions.call_group(world.member, world.community, name="Evening Crew")
    assert list(group.memberships.values_list("user", flat=True)) == [world.member.pk]
    assert group.caller == world.member


def test_it_nests_groups_without_limit(world):
    parent = world.crew
    for depth in range(5):
        parent = actions.call_group(
            world.group_member, world.community, name=f"Level {depth}", parent=parent
        )
    assert parent.parent.parent.parent.parent.parent == world.crew


def test_it_asks_you_to_join_a_group_before_calling_one_inside_it(world):
    with pytest.raises(NotAllowed, match="Join Morning Crew"):
        actions.call_group(world.member, world.community, name="Sub", parent=world.crew)


def test_it_hides_a_private_parent_from_non_members(world):
    with pytest.raises(NotFound):
        actions.call_group(world.member, world.community, name="Sub", parent=world.private_crew)


def test_it_refuses_outsiders_calling_groups(world):
    with pytest.raises(NotAllowed):
        actions.call_group(world.outsider, world.community, name="Intruders")
    assert not Group.objects.filter(name="Intruders").exists()


def test_it_refuses_a_duplicate_join(world):
    actions.join_group(world.member, world.crew)
    with pytest.raises(Conflict, match="already in Morning Crew"):
        actions.join_group(world.member, world.crew)
    assert GroupMembership.objects.filter(group=world.crew, user=world.member).count() == 1


def test_it_answers_a_private_group_join_as_if_it_did_not_exist(world):
    with pytest.raises(NotFound) as error:
        actions.join_group(world.member, world.private_crew)
    assert "Secret Garden" not in error.value.message


def test_it_turns_a_join_into_a_request_when_the_group_asks(world):
    actions.update_group(world.group_member, world.crew, join_policy="ask")
    request = actions.join_group(world.member, world.crew, "May I?")
    assert not GroupMembership.objects.filter(group=world.crew, user=world.member).exists()
    actions.decide_join_request(world.group_member, request, accept=True)
    assert GroupMembership.objects.filter(group=world.crew, user=world.member).exists()


def test_it_lets_the_invited_person_answer_a_group_invitation(world):
    actions.update_group(world.group_member, world.crew, join_policy="invite")
    with pytest.raises(NotAllowed, match="invitation only"):
        actions.join_group(world.member, world.crew)
    invitation = actions.invite_to_group(world.group_member, world.crew, world.member)
    with pytest.raises(NotAllowed):
        actions.decide_join_request(world.group_member, invitation, accept=True)
    actions.decide_join_request(world.member, invitation, accept=True)
    assert GroupMembership.objects.filter(group=world.crew, user=world.member).exists()


def test_it_only_invites_community_members_into_groups(world):
    with pytest.raises(ActionError, match="Only members of the community"):
        actions.invite_to_group(world.group_member, world.crew, world.outsider)


def test_it_lets_only_the_caller_or_a_host_change_group_settings(world):
    actions.join_group(world.member, world.crew)
    with pytest.raises(NotAllowed):
        actions.update_group(world.member, world.crew, name="Renamed")
    actions.update_group(world.host, world.crew, intended_band="team")
    world.crew.refresh_from_db()
    assert world.crew.intended_band == "team"


def test_it_refuses_an_unknown_band(world):
    with pytest.raises(ActionError, match="not a valid choice"):
        actions.update_group(world.host, world.crew, intended_band="horde")
