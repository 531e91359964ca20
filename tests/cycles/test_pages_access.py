"""Cycles pages: what each persona gets from every view and every POST.

The crew is visible to every community member; the secret garden only to its members and the
community's hosts. Commitments are seen by whoever sees the group; retros, the split and every
change are for the group's members; the community's health page is for its hosts.
"""

import pytest

from murmuration.communities.models import GroupMembership
from murmuration.cycles.models import Commitment, RetroAction, RetroItem, RetroVote, ReviewChoice
from tests.conftest import PERSONAS

from .conftest import make_scene

SEES = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
MEMBERS_OF_GROUP = SEES | {"member": 403, "host": 403}
PRIVATE_SEES = SEES | {"member": 404}
PRIVATE_MEMBERS = MEMBERS_OF_GROUP | {"member": 404}

GET_PAGES = [
    ("cycles/", SEES),
    ("cycles/summary/", SEES),
    ("cycles/new/", MEMBERS_OF_GROUP),
    ("cycles/{c}/", SEES),
    ("sessions/{s}/cycle/", SEES),
    ("sessions/{f}/cycle/", SEES),
    ("sessions/{s}/retro/", MEMBERS_OF_GROUP),
    ("split/", MEMBERS_OF_GROUP),
]

# Every POST, with a body a group member could send. Others must be refused and change nothing.
POSTS = [
    ("cycles/new/", {"rhythm": "1", "starts_on": "2030-03-01", "session_count": "6"}),
    ("cycles/{c}/membership/", {"answer": "join"}),
    ("cycles/{c}/begin/", {}),
    ("cycles/{c}/review/", {"choice": "continue"}),
    ("cycles/{c}/renew/", {"session_count": "6"}),
    ("cycles/{c}/close/", {"closing_note": "Goodbye"}),
    ("split/", {"name": "Half", "plan": "x"}),
    ("sessions/{f}/retro/start/", {"retro-practice": "1"}),
    ("sessions/{s}/retro/items/", {"column": "working", "text": "Intruding"}),
    ("sessions/{s}/retro/items/remove/", {"item": "1"}),
    ("sessions/{s}/retro/items/group/", {"item": "1", "under": "2"}),
    ("sessions/{s}/retro/votes/", {"item": "1"}),
    ("sessions/{s}/retro/phase/", {"phase": "closed"}),
    ("sessions/{s}/retro/settings/", {"votes_each": "5"}),
    ("sessions/{s}/retro/actions/", {"text": "x", "owner": "1", "due_on": "2030-03-01"}),
]


def snapshot() -> tuple:
    return (
        list(Commitment.objects.values_list("pk", "status", "closing_note")),
        list(RetroItem.objects.values_list("pk", "text", "parent_id")),
        RetroVote.objects.count(),
        list(RetroAction.objects.values_list("pk", "done_at")),
        ReviewChoice.objects.count(),
        GroupMembership.objects.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("page", "statuses"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_each_page_answers_each_persona(scene, persona, page, statuses):
    response = scene.pod.world.client_for(persona).get(scene.url(page))
    assert response.status_code == statuses[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("page", "statuses"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_a_private_groups_cycles_are_hidden_from_non_members(pod, clock, persona, page, statuses):
    garden = pod.world.private_crew
    GroupMembership.objects.create(group=garden, user=pod.ben)
    scene = make_scene(pod, clock, garden)
    expected = PRIVATE_SEES if statuses is SEES else PRIVATE_MEMBERS
    response = pod.world.client_for(persona).get(scene.url(page))
    assert response.status_code == expected[persona]


REFUSED = {"anonymous": 302, "outsider": 404, "member": 403, "host": 403}


@pytest.mark.parametrize("persona", list(REFUSED))
@pytest.mark.parametrize(("page", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_only_the_groups_members_change_anything(scene, persona, page, data):
    before = snapshot()
    response = scene.pod.world.client_for(persona).post(scene.url(page), data)
    assert response.status_code == REFUSED[persona]
    assert snapshot() == before


@pytest.mark.parametrize("persona", list(REFUSED))
def test_marking_an_action_done_is_for_the_groups_members(scene, persona):
    action = RetroAction.objects.get()
    before = snapshot()
    response = scene.pod.world.client_for(persona).post(scene.url(f"actions/{action.pk}/done/"))
    assert response.status_code == REFUSED[persona]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("member", 200), ("group_member", 200), ("host", 200)],
)
def test_the_lineage_page_is_for_the_communitys_members(scene, persona, status):
    response = scene.pod.world.client_for(persona).get("/c/river-commons/lineage/")
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("member", 403), ("group_member", 403), ("host", 200)],
)
def test_the_health_page_is_for_the_communitys_hosts(scene, persona, status):
    response = scene.pod.world.client_for(persona).get("/c/river-commons/health/")
    assert response.status_code == status


def test_a_missing_commitment_or_retro_is_a_404_like_a_hidden_one(scene):
    client = scene.pod.world.client_for("group_member")
    assert client.get(scene.url("cycles/999999/")).status_code == 404
    assert client.get(scene.url("sessions/999999/retro/")).status_code == 404
    assert client.post(scene.url("actions/999999/done/")).status_code == 404
