"""Round pages: what each persona gets from every view and every POST.

The world's community is private, so an outsider gets 404 everywhere; anonymous people are sent
to log in. Hosts run rounds; members and group members opt in. The garden round lives in the
private crew: only its members and the community's hosts may know it exists.
"""

import pytest

from murmuration.matching.models import Entry, Pod, Round
from tests.conftest import PERSONAS
from tests.web.conftest import HTMX

from .scenes import make_scene, propose

LOGIN = 302


def _expect(persona: str, status: int) -> int:
    return LOGIN if persona == "anonymous" else status


ROUND_PAGES = {
    # name: (url builder, member status, host status)
    "list": (lambda w, s: f"/c/{w.community.slug}/rounds/", 200, 200),
    "new": (lambda w, s: f"/c/{w.community.slug}/rounds/new/", 403, 200),
    "detail": (lambda w, s: s.url(w), 200, 200),
    "entry": (lambda w, s: s.url(w, "entry/"), 200, 200),
    "review": (lambda w, s: s.url(w, "review/"), 403, 200),
    "preview": (lambda w, s: s.url(w, "review/preview/?person=1&to="), 403, 200),
}


@pytest.mark.parametrize("page", ROUND_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_each_persona_on_every_round_page(world, page, persona):
    scene = make_scene(world)
    build, member_status, host_status = ROUND_PAGES[page]
    expected = {
        "anonymous": LOGIN,
        "outsider": 404,
        "member": member_status,
        "group_member": member_status,
        "host": host_status,
    }[persona]
    response = world.client_for(persona).get(build(world, scene))
    assert response.status_code == expected


SECRET_PAGES = {
    "detail": ("", {"member": 404, "group_member": 200, "host": 200}),
    # The host sees the round but is not in the crew, so cannot opt in.
    "entry": ("entry/", {"member": 404, "group_member": 200, "host": 403}),
    "review": ("review/", {"member": 404, "group_member": 403, "host": 200}),
}


@pytest.mark.parametrize("page", SECRET_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_hides_a_round_inside_a_private_group(world, page, persona):
    scene = make_scene(world)
    suffix, statuses = SECRET_PAGES[page]
    expected = _expect(persona, statuses.get(persona, 404))
    response = world.client_for(persona).get(scene.url(world, suffix, scene.secret_round))
    assert response.status_code == expected
    if expected != 200:
        assert b"Garden round" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_the_private_crews_round_only_to_those_who_may_see_it(world, persona):
    make_scene(world)
    response = world.client_for(persona).get(f"/c/{world.community.slug}/rounds/")
    shown = b"Garden round" in response.content
    assert shown == (persona in ("group_member", "host"))


POSTS = {
    # name: (suffix, host status); members get 403 on all of these
    "propose": ("review/propose/", 302),
    "move": ("review/move/", 302),
    "publish": ("review/publish/", 302),
    "cancel": ("cancel/", 302),
}


@pytest.mark.parametrize("post", POSTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_run_a_round(world, post, persona):
    scene = make_scene(world)
    round = scene.round
    data = {"version": round.version}
    if post in ("move", "publish"):
        round = propose(world, round)
        pods = list(Pod.objects.filter(round=round).order_by("number"))
        mover = Entry.objects.filter(pod=pods[0]).first()
        data = {"version": round.version, "person": mover.user_id, "to": pods[-1].pk}
    suffix, host_status = POSTS[post]
    expected = {
        "anonymous": LOGIN,
        "outsider": 404,
        "member": 403,
        "group_member": 403,
        "host": host_status,
    }[persona]
    before = Round.objects.get(pk=round.pk)
    response = world.client_for(persona).post(scene.url(world, suffix, round), data)
    assert response.status_code == expected
    after = Round.objects.get(pk=round.pk)
    assert (after.version != before.version) == (persona == "host")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_people_withdraw_only_their_own_entry(world, persona):
    scene = make_scene(world)
    expected = {
        "anonymous": LOGIN,
        "outsider": 404,
        "member": 302,
        "group_member": 302,
        "host": 404,  # the host has not opted in
    }[persona]
    response = world.client_for(persona).post(scene.url(world, "entry/withdraw/"))
    assert response.status_code == expected
    withdrew = persona in ("member", "group_member")
    assert Entry.objects.filter(round=scene.round).count() == (7 if withdrew else 8)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_home_rounds_panel_to_everyone_logged_in(world, persona):
    make_scene(world)
    response = world.client_for(persona).get("/me/rounds/", **HTMX)
    assert response.status_code == _expect(persona, 200)
    if persona in ("member", "group_member", "host"):
        assert b"Spring round" in response.content
    if persona != "group_member":
        assert b"Garden round" not in response.content


def test_it_refuses_a_move_made_from_a_stale_page_with_409(world):
    scene = make_scene(world)
    round = propose(world, scene.round)
    pods = list(Pod.objects.filter(round=round).order_by("number"))
    first, second = Entry.objects.filter(pod=pods[0])[:2]
    host = world.client_for("host")
    url = scene.url(world, "review/move/")
    stale = round.version
    assert (
        host.post(url, {"version": stale, "person": first.user_id, "to": pods[-1].pk}).status_code
        == 302
    )
    response = host.post(url, {"version": stale, "person": second.user_id, "to": ""}, **HTMX)
    assert response.status_code == 409
    assert b"changed since you opened it" in response.content
    second.refresh_from_db()
    assert second.pod == pods[0]
