"""Helpers for page tests: a listed community, a bigger world for query budgets, htmx headers."""

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from murmuration.communities import actions
from murmuration.communities.models import (
    Community,
    Group,
    GroupMembership,
    Membership,
    Visibility,
)
from tests.conftest import World, make_user

HTMX = {"HTTP_HX_REQUEST": "true"}
SECRET = "Secret Garden"


def make_listed(community: Community, join_policy: str = "open") -> None:
    Community.objects.filter(pk=community.pk).update(
        visibility=Visibility.LISTED, join_policy=join_policy
    )
    community.refresh_from_db()


def grow(world: World, members: int = 40, groups: int = 30) -> None:
    """Make the world's community big: more members, and groups nested three deep.

    Every group gets members, a private one now and then, a waiting request and an invitation,
    so each kind of row a page might loop over exists many times.
    """
    community = world.community
    people = [
        make_user(f"extra{n}@example.org", f"Extra {n}", time_zone="Europe/Lisbon")
        for n in range(members)
    ]
    Membership.objects.bulk_create(Membership(community=community, user=p) for p in people)
    people += [world.group_member, world.member]
    # Group members come from the front of the list; people asking to join from the back.
    askers = people[13:] or people[-1:]
    parents: list[Group | None] = [None]
    depth: dict[int | None, int] = {None: -1}
    for n in range(groups):
        parent = parents[n % len(parents)]
        group = actions.call_group(
            world.host,
            community,
            name=f"Grown {n}",
            purpose=f"Purpose {n}",
            parent=parent,
            is_private=n % 7 == 3,
            join_policy="ask" if n % 2 else "open",
        )
        GroupMembership.objects.bulk_create(
            GroupMembership(group=group, user=p) for p in people[n % 5 : n % 5 + 8]
        )
        depth[group.pk] = depth[parent.pk if parent else None] + 1
        if depth[group.pk] < 2:
            parents.append(group)
        if n % 2:
            asker = askers[n % len(askers)]
            community.join_requests.create(group=group, user=asker, message="hi")
        actions.create_invitation(world.host, community, days=3, max_uses=5)
        actions.create_invitation(world.host, community, email=f"new{n}@example.org")
    for n in range(5):
        outsider = make_user(f"asker{n}@example.org", f"Asker {n}")
        community.join_requests.create(user=outsider, message="hello")
    actions.invite_to_group(world.group_member, world.crew, people[0])


def outgrow_crew(world: World) -> None:
    """Seven people in the crew, which is meant for 3–6."""
    for n in range(6):
        person = make_user(f"p{n}@example.org", f"Person {n}")
        Membership.objects.create(community=world.community, user=person)
        GroupMembership.objects.create(group=world.crew, user=person)


def within_budget(client: Client, url: str, budget: int) -> HttpResponse:
    """Open the page, which must answer 200 in at most `budget` queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert len(queries) <= budget, f"{len(queries)} queries, budget {budget}:\n{sql}"
    return response


def within_budget_as_it_grows(world: World, client: Client, url: str, budget: int) -> HttpResponse:
    """The page keeps to its budget in the small world and after `grow(world)`."""
    within_budget(client, url, budget)
    grow(world)
    return within_budget(client, url, budget)
