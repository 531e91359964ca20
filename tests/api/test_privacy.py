"""Privacy rule 2: a private group's existence is visible only to its members and the hosts.

Every GET endpoint is called as the outsider and as the plain member, and nothing about
"Secret Garden" (its name, address, purpose or the public group inside it) may come back.
"""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import JoinPolicy, Visibility

from .conftest import COMMUNITY, CREW, SECRET, api_for

SECRETS = ["Secret Garden", "secret-garden", "Grow quietly", "Hidden Bed", "hidden-bed"]

PATHS = [
    "/me",
    "/me/tokens",
    "/communities",
    "/communities?mine=true",
    COMMUNITY,
    COMMUNITY + "/purpose-versions",
    COMMUNITY + "/members",
    COMMUNITY + "/invitations",
    COMMUNITY + "/join-requests",
    COMMUNITY + "/groups",
    CREW,
    CREW + "/members",
    CREW + "/purpose-versions",
    CREW + "/join-requests",
    SECRET,
    SECRET + "/members",
    SECRET + "/purpose-versions",
    SECRET + "/join-requests",
    COMMUNITY + "/groups/hidden-bed",
    COMMUNITY + "/groups/hidden-bed/members",
    "/join-requests",
]


@pytest.fixture
def secret_life(world):
    """Give the private group a purpose, a public group inside it and a waiting invitation."""
    actions.record_purpose(world.community, "Grow quietly", group=world.private_crew)
    actions.call_group(
        world.group_member, world.community, name="Hidden Bed", parent=world.private_crew
    )
    actions.invite_to_group(world.group_member, world.private_crew, world.host)
    actions.update_group(world.group_member, world.private_crew, join_policy=JoinPolicy.ASK)


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.LISTED])
@pytest.mark.parametrize("via", ["token", "session"])
@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_never_mentions_a_private_group_to_those_outside_it(
    world, secret_life, persona, via, visibility
):
    actions.update_community(world.host, world.community, visibility=visibility)
    api = api_for(world, persona, via)
    for path in PATHS:
        path, _, query = path.partition("?")
        params = dict([query.split("=")]) if query else {}
        body = api.get(path, **params).content.decode()
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} leaked by {path}"


def test_it_shows_the_private_group_to_its_members_and_hosts(world, secret_life):
    for persona in ("group_member", "host"):
        body = api_for(world, persona).get(COMMUNITY + "/groups").content.decode()
        assert "Secret Garden" in body
        assert "Hidden Bed" in body
