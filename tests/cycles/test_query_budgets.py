"""Query budgets of the cycles pages and list endpoints: the same with a little data and a lot.

`grow` adds what these pages loop over: more people in the pod, dozens of retro items, votes
and actions, past commitments, and groups that split off, each many times.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from murmuration.communities.models import Group, GroupMembership, Membership
from murmuration.cycles.models import (
    Commitment,
    CommitmentMember,
    Lineage,
    RetroAction,
    RetroItem,
    RetroVote,
)
from tests.api.conftest import api_for
from tests.conftest import make_user
from tests.web.conftest import within_budget

from .conftest import LAST_END

CREW = "/communities/river-commons/groups/morning-crew"


def grow(scene) -> None:
    world = scene.pod.world
    retro = scene.retro
    people = []
    for n in range(3):
        person = make_user(f"more{n}@example.org", f"More {n}")
        Membership.objects.create(community=world.community, user=person)
        GroupMembership.objects.create(group=scene.pod.group, user=person)
        CommitmentMember.objects.create(commitment=scene.commitment, user=person)
        people.append(person)
    everyone = [*scene.pod.people, *people]
    items = RetroItem.objects.bulk_create(
        RetroItem(
            retro=retro,
            column=("working", "better", "change")[n % 3],
            text=f"item {n}",
            author=everyone[n % len(everyone)],
            anonymous=n % 2 == 0,
        )
        for n in range(40)
    )
    for n, item in enumerate(items[10:20]):
        item.parent = items[n]
    RetroItem.objects.bulk_update(items[10:20], ["parent"])
    RetroVote.objects.bulk_create(
        RetroVote(retro=retro, item=items[n], voter=person) for person in everyone for n in range(3)
    )
    RetroAction.objects.bulk_create(
        RetroAction(
            retro=retro,
            group=scene.pod.group,
            text=f"action {n}",
            owner=everyone[n % 6],
            due_on=LAST_END.date() + timedelta(days=n),
            created_by=everyone[0],
        )
        for n in range(20)
    )
    for n in range(8):
        Commitment.objects.create(
            group=scene.pod.group,
            rhythm=None,
            starts_on=scene.commitment.starts_on - timedelta(weeks=10 * (n + 1)),
            session_count=6,
            status=Commitment.Status.CLOSED,
            review_from=LAST_END - timedelta(weeks=10 * (n + 1)),
            closing_note=f"closed {n}",
        )
    for n in range(12):
        child = Group.objects.create(
            community=world.community,
            name=f"Offshoot {n}",
            slug=f"offshoot-{n}",
            caller=world.group_member,
            is_private=n % 4 == 3,
        )
        GroupMembership.objects.create(group=child, user=world.group_member)
        parent = scene.pod.group if n < 6 else Group.objects.get(slug=f"offshoot-{n - 6}")
        Lineage.objects.create(child=child, parent=parent, kind="split")


# Measured (small world / grown): group 9/9, cycles 18/19, summary 15/16, commitment 13/13,
# retro 12/12, session panels 13/13 and 15/15. A decided commitment adds its prefetch once.
PAGES = [
    ("", 10),
    ("cycles/", 20),
    ("cycles/summary/", 17),
    ("cycles/{c}/", 14),
    ("sessions/{s}/retro/", 13),
    ("sessions/{s}/cycle/", 14),
    ("sessions/{f}/cycle/", 16),
]


@pytest.mark.parametrize(("page", "budget"), PAGES, ids=[p[0] or "group" for p in PAGES])
def test_pages_keep_to_their_budget_as_the_pod_grows(scene, page, budget):
    client = scene.pod.world.client_for("group_member")
    within_budget(client, scene.url(page), budget)
    grow(scene)
    within_budget(client, scene.url(page), budget)


@pytest.mark.parametrize(
    ("url", "persona", "budget"),
    [
        ("/c/river-commons/lineage/", "group_member", 8),
        ("/c/river-commons/health/", "host", 11),
    ],
)
def test_community_pages_keep_to_their_budget(scene, url, persona, budget):
    client = scene.pod.world.client_for(persona)
    within_budget(client, url, budget)
    grow(scene)
    within_budget(client, url, budget)


ENDPOINTS = [
    (CREW + "/commitments", "group_member", 16),
    (CREW + "/commitments/{c}", "group_member", 13),
    (CREW + "/sessions/{s}/retro", "group_member", 11),
    (CREW + "/actions", "group_member", 9),
    (CREW + "/health", "host", 10),
    ("/communities/river-commons/lineage", "member", 8),
    ("/communities/river-commons/health", "host", 11),
]


@pytest.mark.parametrize(("path", "persona", "budget"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_endpoints_keep_to_their_budget(scene, path, persona, budget):
    path = path.replace("{c}", str(scene.commitment.pk))
    path = path.replace("{s}", str(scene.retro.session_id))
    api = api_for(scene.pod.world, persona, "token")

    def within() -> None:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path)
        assert response.status_code == 200, response.content
        assert len(queries) <= budget, f"{len(queries)} queries, budget {budget}"

    within()
    grow(scene)
    within()
