"""The cycles API: the same rules as the pages, for every persona, by token or login session."""

import json
from datetime import timedelta

import pytest

from murmuration.cycles import actions
from murmuration.cycles.models import Commitment, RetroAction, RetroItem, RetroVote, ReviewChoice
from murmuration.rhythms.models import Rhythm
from tests.api.conftest import access, api_as, api_for

from .conftest import FIRST_TUESDAY, LAST_END, SECRET_ITEM, weekly

CREW = "/communities/river-commons/groups/morning-crew"


def as_(scene, persona, via=None):
    return api_for(scene.pod.world, persona, via)


def paths(scene) -> dict[str, str]:
    c, s = scene.commitment.pk, scene.retro.session_id
    return {
        "commitments": f"{CREW}/commitments",
        "commitment": f"{CREW}/commitments/{c}",
        "review": f"{CREW}/commitments/{c}/review",
        "retro": f"{CREW}/sessions/{s}/retro",
        "actions": f"{CREW}/actions",
        "health": f"{CREW}/health",
        "split": f"{CREW}/split",
    }


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
@pytest.mark.parametrize("name", ["commitments", "commitment"])
def test_commitments_are_read_by_whoever_sees_the_group(scene, persona, status, name):
    assert as_(scene, persona).get(paths(scene)[name]).status_code == status


@access(anonymous=401, outsider=404, member=403, group_member=200, host=403)
@pytest.mark.parametrize("name", ["retro", "actions"])
def test_retros_and_actions_are_read_by_the_pod_alone(scene, persona, status, name):
    response = as_(scene, persona).get(paths(scene)[name])
    assert response.status_code == status
    shown = SECRET_ITEM in response.content.decode()
    assert shown == (persona == "group_member" and name == "retro")


@access(anonymous=401, outsider=404, member=403, group_member=200, host=200)
def test_health_is_read_by_the_pod_and_the_hosts(scene, persona, status):
    assert as_(scene, persona).get(paths(scene)["health"]).status_code == status


@access(anonymous=401, outsider=404, member=403, group_member=200, host=200)
def test_my_review_choice_is_answered_to_anyone_in_the_group_but_only_with_their_own(
    scene, persona, status
):
    actions.choose_review(scene.pod.ben, scene.commitment, "step_out")
    response = as_(scene, persona).get(paths(scene)["review"])
    expected = 200 if persona in ("member", "host", "group_member") else status
    assert response.status_code == expected
    if response.status_code == 200:
        assert response.json()["choice"] is None


@access(anonymous=401, outsider=404, member=403, group_member=201, host=403)
def test_proposing_is_for_the_groups_members(scene, persona, status):
    other = weekly(scene.pod, name="Second rhythm")
    body = {"rhythm_id": other.pk, "starts_on": "2030-03-01", "session_count": 4}
    response = as_(scene, persona).post(paths(scene)["commitments"], body)
    assert response.status_code == status
    assert Commitment.objects.filter(rhythm=other).exists() == (status == 201)


WRITES = [
    ("post", "commitment", "/members", None),
    ("delete", "commitment", "/members/me", None),
    ("post", "commitment", "/begin", None),
    ("put", "review", "", {"choice": "continue"}),
    ("post", "commitment", "/renew", {}),
    ("post", "commitment", "/close", {"closing_note": "bye"}),
    ("post", "retro", "/items", {"column": "working", "text": "x"}),
    ("patch", "retro", "", {"phase": "closed"}),
    ("post", "retro", "/actions", {"owner_id": 1, "due_on": "2030-03-01"}),
    ("post", "split", "", {"name": "x"}),
]


def snapshot():
    return (
        list(Commitment.objects.values_list("pk", "status")),
        RetroItem.objects.count(),
        RetroVote.objects.count(),
        RetroAction.objects.count(),
        ReviewChoice.objects.count(),
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 401), ("outsider", 404), ("member", 403), ("host", 403)],
)
@pytest.mark.parametrize(("method", "name", "tail", "body"), WRITES)
def test_nobody_outside_the_pod_changes_anything(scene, persona, status, method, name, tail, body):
    api = as_(scene, persona)
    path = paths(scene)[name] + tail
    before = snapshot()
    if method == "put":
        response = api.client.put(
            "/api/v1" + path, json.dumps(body), content_type="application/json", headers=api.headers
        )
    elif method == "delete":
        response = api.delete(path)
    else:
        response = getattr(api, method)(path, body)
    assert response.status_code == status, response.content
    assert snapshot() == before


def test_a_member_runs_the_whole_cycle_through_the_api(pod, clock):
    rhythm = weekly(pod)
    world = pod.world
    ana = api_for(world, "group_member", "token")
    created = ana.post(
        f"{CREW}/commitments",
        {"rhythm_id": rhythm.pk, "starts_on": FIRST_TUESDAY.isoformat(), "session_count": 6},
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert api_as(pod.ben).post(f"{CREW}/commitments/{cid}/members").status_code == 200
    begun = ana.post(f"{CREW}/commitments/{cid}/begin")
    assert begun.json()["status"] == "active"
    assert begun.json()["progress"]["total"] == 6
    clock.move_to(LAST_END + timedelta(minutes=1))
    ana = api_for(world, "group_member", "token")
    shown = ana.get(f"{CREW}/commitments/{cid}").json()
    assert shown["status"] == "review"
    assert shown["chosen"] == 0 and shown["my_choice"] is None
    ben = api_as(pod.ben)
    chosen = ben.client.put(
        f"/api/v1{CREW}/commitments/{cid}/review",
        json.dumps({"choice": "step_out"}),
        content_type="application/json",
    )
    assert chosen.status_code == 200
    assert "invited to the next round" in chosen.json()["message"]
    seen_by_ana = ana.get(f"{CREW}/commitments/{cid}").json()
    assert (seen_by_ana["chosen"], seen_by_ana["my_choice"]) == (1, None)
    assert ben.get(f"{CREW}/commitments/{cid}").json()["my_choice"] == "step_out"
    refused = ana.post(f"{CREW}/commitments/{cid}/renew", {})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Choose to continue before renewing.", "field": None}
    closed = ana.post(f"{CREW}/commitments/{cid}/close", {"closing_note": ""})
    assert closed.status_code == 400 and closed.json()["field"] == "closing_note"
    closed = ana.post(f"{CREW}/commitments/{cid}/close", {"closing_note": "Thank you."})
    assert closed.json()["status"] == "closed"
    assert Rhythm.objects.get(pk=rhythm.pk).ended_at is not None


def test_a_member_runs_a_retro_through_the_api(scene):
    ana = as_(scene, "group_member", "token")
    retro = paths(scene)["retro"]
    assert ana.patch(retro, {"phase": "collect", "expected_phase": "act"}).status_code == 200
    added = ana.post(retro + "/items", {"column": "change", "text": "Shorter check-ins"})
    assert added.status_code == 201
    columns = {c["key"]: c for c in added.json()["columns"]}
    new_id = columns["change"]["items"][0]["id"]
    secret = next(i for i in columns["better"]["items"] if i["text"] == SECRET_ITEM)
    assert secret["author"] is None and secret["anonymous"] is True
    stale = ana.patch(retro, {"phase": "act", "expected_phase": "vote"})
    assert stale.status_code == 409
    assert ana.patch(retro, {"phase": "vote"}).json()["phase"] == "vote"
    assert ana.post(f"{retro}/items/{new_id}/vote").status_code == 201
    twice = ana.post(f"{retro}/items/{new_id}/vote")
    assert twice.status_code == 409 and twice.json()["field"] == "item"
    extra = ana.post(f"{retro}/items/{secret['id']}/vote")
    assert extra.status_code == 409  # her vote from the scene is on it already
    board = ana.get(retro).json()
    assert board["votes_left"] == 1
    ana.patch(retro, {"phase": "act"})
    action = ana.post(
        retro + "/actions",
        {"owner_id": scene.pod.ben.pk, "due_on": "2030-03-01", "item_id": new_id},
    )
    assert action.status_code == 201
    assert action.json()["text"] == "Shorter check-ins"
    done = ana.patch(f"{CREW}/actions/{action.json()['id']}", {"done": True})
    assert done.json()["done_at"] is not None
    open_ones = ana.get(f"{CREW}/actions", done="false").json()["items"]
    assert [a["text"] for a in open_ones] == ["Rotate who opens the call"]


def test_a_host_with_a_token_reads_no_retro_content(scene):
    host = as_(scene, "host", "token")
    for path in [paths(scene)["retro"], paths(scene)["actions"]]:
        response = host.get(path)
        assert response.status_code == 403
        assert SECRET_ITEM not in response.content.decode()
        assert "Rotate who opens" not in response.content.decode()
    health = host.get(paths(scene)["health"]).json()
    assert health["actions_due"] == 0 and "text" not in str(health)
