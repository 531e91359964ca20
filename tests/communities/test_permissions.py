"""Who sees which group, decided in one place for pages, API and actions alike."""

import pytest
from django.contrib.auth.models import AnonymousUser

from murmuration.communities import actions
from murmuration.communities import permissions as perms
from murmuration.communities.models import Group
from tests.conftest import PERSONAS


def _can_see(world, persona, group):
    user = world.user_for(persona) or AnonymousUser()
    viewer = perms.viewer_for(user, world.community)
    groups = {g.pk: g for g in Group.objects.filter(community=world.community)}
    return perms.can_see_group(viewer, group, groups)


@pytest.mark.parametrize(
    ("persona", "sees_crew", "sees_private"),
    [
        ("anonymous", False, False),
        ("outsider", False, False),
        ("member", True, False),
        ("group_member", True, True),
        ("host", True, True),
    ],
)
def test_it_shows_private_groups_only_to_their_members_and_hosts(
    world, persona, sees_crew, sees_private
):
    assert _can_see(world, persona, world.crew) is sees_crew
    assert _can_see(world, persona, world.private_crew) is sees_private


def test_it_hides_a_public_group_nested_inside_a_private_one(world):
    inner = actions.call_group(
        world.group_member, world.community, name="Inner Circle", parent=world.private_crew
    )
    assert not _can_see(world, "member", inner)
    assert _can_see(world, "group_member", inner)
    assert _can_see(world, "host", inner)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_host(world, persona):
    user = world.user_for(persona) or AnonymousUser()
    assert perms.can_host(perms.viewer_for(user, world.community)) is (persona == "host")
