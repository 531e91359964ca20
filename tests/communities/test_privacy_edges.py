"""Edges where a hidden group or community could leak, or stale state could linger."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import JoinRequest
from murmuration.errors import ActionError, NotAllowed, NotFound
from tests.conftest import make_user


def test_it_gives_a_private_group_a_slug_that_does_not_block_its_plain_name(world):
    hidden = actions.call_group(
        world.group_member, world.community, name="Hidden Bed", is_private=True
    )
    assert hidden.slug.startswith("hidden-bed-")
    public = actions.call_group(world.member, world.community, name="Hidden Bed")
    # A "-2" here would tell a plain member that a hidden "Hidden Bed" exists.
    assert public.slug == "hidden-bed"


def test_it_gives_a_private_community_a_slug_that_does_not_block_its_plain_name(world):
    hidden = actions.create_community(world.outsider, name="Quiet Room")
    assert hidden.slug != "quiet-room"
    listed = actions.create_community(world.member, name="Quiet Room", visibility="listed")
    assert listed.slug == "quiet-room"


def test_it_numbers_public_slugs_that_clash(world):
    again = actions.call_group(world.member, world.community, name="Morning Crew")
    assert again.slug == "morning-crew-2"


def test_it_refuses_to_change_a_group_of_another_community(world):
    other = actions.create_community(world.host, name="Elsewhere")
    with pytest.raises(NotFound):
        actions.record_purpose(other, "Hijacked", group=world.private_crew)
    world.private_crew.refresh_from_db()
    assert world.private_crew.purpose == ""


def test_it_withdraws_waiting_requests_when_someone_leaves(world):
    actions.update_group(world.group_member, world.crew, join_policy="invite")
    invitation = actions.invite_to_group(world.group_member, world.crew, world.member)
    actions.leave_community(world.member, world.community)
    invitation.refresh_from_db()
    assert invitation.status == JoinRequest.Status.WITHDRAWN


def test_it_withdraws_waiting_requests_when_a_host_removes_someone(world):
    actions.update_group(world.group_member, world.crew, join_policy="ask")
    request = actions.join_group(world.member, world.crew)
    actions.remove_member(world.host, world.community, world.member)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN


def test_it_stops_a_caller_who_left_from_changing_the_group(world):
    actions.leave_group(world.group_member, world.crew)
    with pytest.raises(NotAllowed):
        actions.update_group(world.group_member, world.crew, name="Still mine?")


@pytest.mark.parametrize("target", ["community", "group"])
def test_it_refuses_an_oversized_join_message_the_same_way_everywhere(world, target):
    actions.update_community(world.host, world.community, visibility="listed", join_policy="ask")
    actions.update_group(world.group_member, world.crew, join_policy="ask")
    newcomer = make_user("new@example.org")
    if target == "community":
        call = lambda: actions.ask_to_join_community(newcomer, world.community, "x" * 501)  # noqa: E731
    else:
        call = lambda: actions.join_group(world.member, world.crew, "x" * 501)  # noqa: E731
    with pytest.raises(ActionError, match="at most 500 characters"):
        call()
    assert not JoinRequest.objects.exists()
