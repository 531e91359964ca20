"""/api/v1/communities/{slug}/rounds: every endpoint for every persona, bad input, privacy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from murmuration.matching.models import Entry, Pod, Round
from tests.api.conftest import COMMUNITY, access

# The API personas fixture, used here outside tests/api/.
from tests.api.conftest import as_ as as_

from .conftest import EVENING, next_monday
from .scenes import APART_NAME, make_scene, propose, publish

ROUNDS = COMMUNITY + "/rounds"


def _url(round: Round, suffix: str = "") -> str:
    return f"{ROUNDS}/{round.pk}{suffix}"


def _new_round() -> dict:
    return {
        "name": "Autumn round",
        "opt_in_deadline": (timezone.now() + timedelta(days=5)).isoformat(),
        "first_week": next_monday().isoformat(),
        "pod_size_min": 3,
        "pod_size_max": 5,
        "formats": ["care", "free"],
    }


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_rounds(world, as_, persona, status):
    make_scene(world)
    response = as_(persona).get(ROUNDS)
    assert response.status_code == status
    if status == 200:
        names = [r["name"] for r in response.json()["items"]]
        assert "Spring round" in names
        assert ("Garden round" in names) == (persona in ("group_member", "host"))


@access(anonymous=401, outsider=404, member=403, group_member=403, host=201)
def test_it_opens_a_round(world, as_, persona, status):
    response = as_(persona).post(ROUNDS, _new_round())
    assert response.status_code == status
    assert Round.objects.exists() == (status == 201)
    if status == 201:
        body = response.json()
        assert body["status"] == "open" and body["formats"] == ["care", "free"]
        assert body["first_week"] == next_monday().isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"opt_in_deadline": "2001-01-01T10:00:00+00:00"}, "opt_in_deadline"),
        ({"pod_size_min": 0}, "pod_size_min"),
        ({"pod_size_max": 40}, "pod_size_max"),
        ({"formats": ["party"]}, "formats"),
        ({"group": "nowhere"}, "group"),
    ],
)
def test_it_refuses_a_bad_round_naming_the_field(world, as_, change, field):
    response = as_("host").post(ROUNDS, {**_new_round(), **change})
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Round.objects.exists()


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_shows_a_round(world, as_, persona, status):
    scene = make_scene(world)
    response = as_(persona).get(_url(scene.round))
    assert response.status_code == status
    if status == 200:
        assert response.json()["entry_count"] == 8


@access(anonymous=401, outsider=404, member=404, group_member=200, host=200)
def test_it_hides_the_private_crews_round(world, as_, persona, status):
    scene = make_scene(world)
    response = as_(persona).get(_url(scene.secret_round))
    assert response.status_code == status


@access(anonymous=401, outsider=404, member=200, group_member=200, host=404)
def test_it_shows_only_my_own_entry(world, as_, persona, status):
    scene = make_scene(world)
    response = as_(persona).get(_url(scene.round, "/entry"))
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["person"]["id"] == getattr(world, persona).pk
        wishes = [p["name"] for p in body["keep_apart"]]
        assert wishes == ([APART_NAME] if persona == "member" else [])


@access(anonymous=401, outsider=404, member=409, group_member=409, host=201)
def test_it_opts_in_once(world, as_, persona, status):
    scene = make_scene(world)
    body = {"role": "member", "format": "care", "slots": EVENING, "keep_apart": [scene.zed.pk]}
    response = as_(persona).post(_url(scene.round, "/entry"), body)
    assert response.status_code == status
    if status == 201:
        assert response.json()["keep_apart"][0]["name"] == APART_NAME


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"keep_apart": [987654]}, "keep_apart"),
        ({"format": "free"}, "format"),
        ({"slots": [-1]}, "slots"),
        ({"role": "leader"}, "role"),
    ],
)
def test_it_refuses_a_bad_opt_in_and_saves_nothing(world, as_, change, field):
    scene = make_scene(world)
    body = {"role": "member", "format": "care", "slots": EVENING, **change}
    response = as_("host").post(_url(scene.round, "/entry"), body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Entry.objects.filter(user=world.host).exists()


def test_it_changes_and_withdraws_my_entry(world, as_):
    scene = make_scene(world)
    api = as_("member")
    response = api.patch(_url(scene.round, "/entry"), {"keep_apart": [], "role": "member"})
    assert response.status_code == 200
    assert response.json()["keep_apart"] == [] and response.json()["role"] == "member"
    assert api.delete(_url(scene.round, "/entry")).status_code == 204
    assert api.get(_url(scene.round, "/entry")).status_code == 404


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_lists_entries_with_wishes_to_hosts_only(world, as_, persona, status):
    scene = make_scene(world)
    response = as_(persona).get(_url(scene.round, "/entries"))
    assert response.status_code == status
    assert (APART_NAME.encode() in response.content) == (status == 200)


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_proposes_pods(world, as_, persona, status):
    scene = make_scene(world)
    response = as_(persona).post(_url(scene.round, "/proposal"), {})
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert len(body["pods"]) == 2
        assert all(pod["starts_at"] for pod in body["pods"])
        assert body["version"] == 1


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_shows_the_proposal_to_hosts(world, as_, persona, status):
    scene = make_scene(world)
    propose(world, scene.round)
    response = as_(persona).get(_url(scene.round, "/proposal"))
    assert response.status_code == status
    assert (b"keep_apart" in response.content) == (status == 200)


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_moves_people(world, as_, persona, status):
    scene = make_scene(world)
    round = propose(world, scene.round)
    first, last = Pod.objects.filter(round=round).order_by("number")
    mover = Entry.objects.filter(pod=first).first()
    body = {"person": mover.user_id, "to": last.pk, "version": round.version}
    response = as_(persona).post(_url(round, "/moves"), body)
    assert response.status_code == status
    mover.refresh_from_db()
    assert (mover.pod == last) == (status == 200)


def test_it_refuses_stale_and_unknown_moves(world, as_):
    scene = make_scene(world)
    round = propose(world, scene.round)
    first = Pod.objects.filter(round=round).order_by("number").first()
    mover = Entry.objects.filter(pod=first).first()
    api = as_("host")
    stale = api.post(_url(round, "/moves"), {"person": mover.user_id, "to": None, "version": 0})
    assert stale.status_code == 409
    unknown = api.post(_url(round, "/moves"), {"person": world.outsider.pk, "to": None})
    assert unknown.status_code == 404 and unknown.json()["field"] == "person"
    elsewhere = api.post(_url(round, "/moves"), {"person": mover.user_id, "to": 10**6})
    assert elsewhere.status_code == 400 and elsewhere.json()["field"] == "pod"
    mover.refresh_from_db()
    assert mover.pod == first


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_publishes(world, as_, persona, status):
    scene = make_scene(world)
    round = propose(world, scene.round)
    response = as_(persona).post(_url(round, "/publish"), {"version": round.version})
    assert response.status_code == status
    round.refresh_from_db()
    assert (round.status == Round.Status.PUBLISHED) == (status == 200)


@access(anonymous=401, outsider=404, member=200, group_member=200, host=404)
def test_it_shows_my_pod_in_my_time_zone_once_published(world, as_, persona, status):
    scene = make_scene(world)
    world.member.time_zone = "Asia/Tokyo"
    world.member.save()
    publish(world, scene.round)
    response = as_(persona).get(_url(scene.round, "/pod"))
    assert response.status_code == status
    if persona == "member":
        body = response.json()
        assert body["time_zone"] == "Asia/Tokyo"
        assert body["local_start"].endswith("+09:00")
        assert APART_NAME.encode() not in response.content


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_cancels_rounds(world, as_, persona, status):
    scene = make_scene(world)
    response = as_(persona).post(_url(scene.round, "/cancel"), {})
    assert response.status_code == status
    scene.round.refresh_from_db()
    assert (scene.round.status == Round.Status.CANCELLED) == (status == 200)


@pytest.mark.parametrize("persona", ["member", "group_member"])
def test_it_never_shows_a_members_wish_to_anyone_else(world, as_, persona):
    """Every answer a non-host gets, before and after publishing, is free of others' wishes."""
    scene = make_scene(world)
    api = as_("group_member")
    paths = [ROUNDS, _url(scene.round), _url(scene.round, "/entry")]
    seen = [api.get(path).content for path in paths]
    publish(world, scene.round)
    seen += [api.get(path).content for path in [*paths, _url(scene.round, "/pod")]]
    assert all(APART_NAME.encode() not in content for content in seen)
    assert all(b'keep_apart": [{' not in content for content in seen)
