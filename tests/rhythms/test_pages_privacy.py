"""Notes and check-ins never reach anyone but the group's current members (DESIGN.md, rule 1).

Every page and fragment is opened by every other persona, the community's host included, and
the words written in the session must not be anywhere in what comes back.
"""

import pytest

from murmuration.communities import actions as community_actions
from tests.conftest import World
from tests.rhythms.test_pages_access import (
    GET_PAGES,
    NOTE,
    WORD,
    Scene,
    make_scene,
    page_url,
    posts,
)
from tests.web.conftest import HTMX

# The note has an apostrophe, which pages escape; this part of it has none.
SECRETS = [NOTE.split("'s ")[1], WORD]
NOT_IN_GROUP = ["anonymous", "outsider", "member", "host"]


def pages(world: World, scene: Scene) -> list[str]:
    runner = scene.url(world, "run/", scene.past)
    return [
        *(page_url(world, scene, page) for page, _statuses in GET_PAGES),
        scene.url(world, "", scene.past),
        runner,
        runner + "step/",
        runner + "shared/?part=notes",
        runner + "shared/?part=checkins",
        f"/c/{world.community.slug}/g/{scene.rhythm.group.slug}/",
        "/me/sessions/",
    ]


def assert_secret_free(body: str) -> None:
    for secret in SECRETS:
        assert secret not in body


@pytest.mark.parametrize("group", ["crew", "private_crew"])
@pytest.mark.parametrize("persona", NOT_IN_GROUP)
def test_no_page_or_fragment_shows_notes_or_check_ins_outside_the_group(world, persona, group):
    scene = make_scene(world, getattr(world, group))
    client = world.client_for(persona)
    for url in pages(world, scene):
        for headers in ({}, HTMX):
            assert_secret_free(client.get(url, **headers).content.decode())


@pytest.mark.parametrize("persona", NOT_IN_GROUP)
def test_no_refused_post_shows_them_either(world, persona):
    scene = make_scene(world)
    client = world.client_for(persona)
    for _name, url, data in posts(world, scene):
        for headers in ({}, HTMX):
            assert_secret_free(client.post(url, data, **headers).content.decode())


def test_the_group_member_sees_them(world):
    scene = make_scene(world)
    body = world.client_for("group_member").get(scene.url(world, "", scene.past)).content.decode()
    for secret in SECRETS:
        assert secret in body


@pytest.mark.parametrize("persona", ["member", "host"])
def test_others_see_that_they_are_private_and_not_how_many_there_are(world, persona):
    scene = make_scene(world)
    body = world.client_for(persona).get(scene.url(world, "", scene.past)).content.decode()
    assert "Notes and check-ins are private to the group." in body
    for hint in ("Shared notes", "Check-ins", "Add a note", "4 of 5", "notes-panel", "1 note"):
        assert hint not in body
    # Aggregates are fine: the RSVP counts are there.
    assert "Who is coming" in body


def test_someone_who_left_the_group_no_longer_sees_them(world):
    scene = make_scene(world)
    community_actions.leave_group(world.group_member, world.crew)
    body = world.client_for("group_member").get(scene.url(world, "", scene.past)).content.decode()
    assert_secret_free(body)
    assert "Notes and check-ins are private to the group." in body


def test_a_host_who_joins_the_group_reads_them_as_a_member(world):
    scene = make_scene(world)
    community_actions.join_group(world.host, world.crew)
    body = world.client_for("host").get(scene.url(world, "", scene.past)).content.decode()
    for secret in SECRETS:
        assert secret in body


def test_a_host_cannot_write_a_note_or_check_in(world):
    scene = make_scene(world)
    client = world.client_for("host")
    note = client.post(scene.url(world, "notes/"), {"text": "host was here"})
    checkin = client.post(scene.url(world, "run/check-in/"), {"word": "host", "rating": "3"})
    assert (note.status_code, checkin.status_code) == (403, 403)
    assert not scene.future.notes.exists()
    assert not scene.future.checkins.exists()
