"""Every list costs the same number of queries with three rows or three hundred."""

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from murmuration.accounts.models import ApiToken, User
from murmuration.communities.models import (
    Community,
    Group,
    GroupMembership,
    Invitation,
    JoinRequest,
    Membership,
    PurposeVersion,
    Visibility,
)

from .conftest import COMMUNITY, CREW, api_for

MORE = 60


def grow(world) -> None:
    """Add MORE of everything each list shows, with the related rows each row displays."""
    people = User.objects.bulk_create(
        User(email=f"person{n}@example.org", display_name=f"Person {n}") for n in range(MORE)
    )
    Membership.objects.bulk_create(Membership(community=world.community, user=p) for p in people)
    parent = world.crew
    groups = []
    for n in range(MORE):
        # A chain of nested groups, so visibility checks walk long ancestries.
        parent = Group.objects.create(
            community=world.community, parent=parent, name=f"Group {n}", slug=f"group-{n}"
        )
        groups.append(parent)
    GroupMembership.objects.bulk_create(
        [GroupMembership(group=g, user=p) for g, p in zip(groups, people, strict=True)]
        + [GroupMembership(group=world.crew, user=p) for p in people]
    )
    PurposeVersion.objects.bulk_create(
        [
            PurposeVersion(community=world.community, number=n + 2, text=f"v{n}", author=p)
            for n, p in enumerate(people)
        ]
        + [
            PurposeVersion(
                community=world.community, group=world.crew, number=n + 2, text=f"v{n}", author=p
            )
            for n, p in enumerate(people)
        ]
    )
    expires_at = timezone.now() + timedelta(days=7)
    Invitation.objects.bulk_create(
        Invitation(
            community=world.community,
            token=secrets.token_urlsafe(16),
            created_by=p,
            expires_at=expires_at,
        )
        for p in people
    )
    others = Community.objects.bulk_create(
        Community(name=f"Other {n}", slug=f"other-{n}", visibility=Visibility.LISTED)
        for n in range(MORE)
    )
    Membership.objects.bulk_create(
        Membership(community=c, user=world.member, role="host") for c in others
    )
    JoinRequest.objects.bulk_create(
        [JoinRequest(community=world.community, user=p) for p in people]
        + [JoinRequest(community=world.community, group=world.crew, user=p) for p in people]
        + [JoinRequest(community=c, user=world.outsider) for c in others]
    )
    ApiToken.objects.bulk_create(
        ApiToken(user=world.host, name=f"t{n}", prefix="mur_x", digest=secrets.token_hex(32))
        for n in range(MORE)
    )


# (persona, path, most queries). Authentication costs two (session and user, or the token and
# its last-used stamp); finding a community and the viewer three; a group one more; the page
# and its count two.
LISTS = [
    ("host", "/me/tokens", 4),
    ("member", "/communities", 4),
    ("host", COMMUNITY + "/purpose-versions", 7),
    ("host", COMMUNITY + "/members", 7),
    ("host", COMMUNITY + "/invitations", 7),
    ("host", COMMUNITY + "/join-requests", 7),
    ("outsider", "/join-requests", 4),
    ("host", COMMUNITY + "/groups", 6),
    ("group_member", CREW + "/members", 8),
    ("group_member", CREW + "/join-requests", 8),
    ("group_member", CREW + "/purpose-versions", 8),
]


@pytest.mark.parametrize(("persona", "path", "budget"), LISTS)
@pytest.mark.parametrize("via", ["token", "session"])
def test_it_lists_with_a_fixed_number_of_queries(
    world, django_assert_max_num_queries, persona, path, budget, via
):
    api = api_for(world, persona, via)
    with django_assert_max_num_queries(budget):
        small = api.get(path, limit=200)
    assert small.status_code == 200
    grow(world)
    with django_assert_max_num_queries(budget):
        large = api.get(path, limit=200)
    assert large.status_code == 200
    assert large.json()["count"] >= small.json()["count"] + MORE
    assert len(large.json()["items"]) == min(large.json()["count"], 200)
