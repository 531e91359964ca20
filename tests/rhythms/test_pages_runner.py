"""The runner: its polled fragments, the buttons, and two people pressing "Next" at once."""

import re

import pytest

from murmuration.communities.models import GroupMembership, Membership
from murmuration.rhythms import actions
from murmuration.rhythms.models import SessionNote
from tests.conftest import make_user
from tests.rhythms.test_pages_access import Scene, make_scene
from tests.web.conftest import HTMX


@pytest.fixture
def scene(world) -> Scene:
    return make_scene(world)


@pytest.fixture
def client(world):
    return world.client_for("group_member")


def state_of(body: str) -> str:
    match = re.search(r'data-state="([^"]+)"', body)
    assert match, body[:500]
    return match.group(1)


def test_the_page_polls_the_step_panel_every_second(world, client, scene):
    body = client.get(scene.url(world, "run/")).content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert f'hx-get="{scene.url(world, "run/step/")}?state=' in body
    assert "Start the session" in body
    assert "7 steps, 40 minutes in all." in body


def test_the_step_fragment_is_empty_while_nothing_changed(world, client, scene):
    body = client.get(scene.url(world, "run/step/"), **HTMX).content.decode()
    assert body.lstrip().startswith('<section id="runner-step"')
    assert "<html" not in body
    state = state_of(body)
    unchanged = client.get(scene.url(world, "run/step/") + f"?state={state}", **HTMX)
    assert unchanged.status_code == 204
    assert unchanged.content == b""
    actions.start_session(world.group_member, scene.future)
    moved = client.get(scene.url(world, "run/step/") + f"?state={state}", **HTMX)
    assert moved.status_code == 200
    assert "Step 1 of 7" in moved.content.decode()
    assert state_of(moved.content.decode()) != state


def test_start_next_previous_and_finish_by_htmx(world, client, scene):
    body = client.post(scene.url(world, "run/start/"), **HTMX).content.decode()
    assert body.lstrip().startswith('<section id="runner-step"')
    assert "Step 1 of 7" in body
    assert "Choose the case" in body
    assert "data-countdown" in body
    assert 'data-minutes="3"' in body
    assert "3 minutes" in body  # what the page says without JavaScript
    body = client.post(
        scene.url(world, "run/go/"), {"index": "1", "expected_step": "0"}, **HTMX
    ).content.decode()
    assert "Step 2 of 7" in body
    assert "Tell the story" in body
    body = client.post(
        scene.url(world, "run/go/"), {"index": "0", "expected_step": "1"}, **HTMX
    ).content.decode()
    assert "Step 1 of 7" in body
    body = client.post(scene.url(world, "run/finish/"), **HTMX).content.decode()
    assert "The session is over." in body
    scene.future.refresh_from_db()
    assert scene.future.finished_at is not None


def test_two_people_pressing_next_at_once_move_on_one_step(world, client, scene):
    actions.start_session(world.group_member, scene.future)
    both = {"index": "1", "expected_step": "0"}
    first = client.post(scene.url(world, "run/go/"), both, **HTMX)
    second = client.post(scene.url(world, "run/go/"), both, **HTMX)
    assert first.status_code == 200
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else moved the session on already." in body
    assert "Step 2 of 7" in body  # the panel shows where the session is now
    scene.future.refresh_from_db()
    assert scene.future.current_step == 1


def test_without_javascript_the_buttons_come_back_to_the_runner(world, client, scene):
    response = client.post(scene.url(world, "run/start/"))
    assert response.status_code == 302
    assert response["Location"] == scene.url(world, "run/")
    stale = client.post(scene.url(world, "run/go/"), {"index": "2", "expected_step": "1"})
    assert stale.status_code == 409
    assert "Someone else moved the session on already." in stale.content.decode()


@pytest.mark.parametrize(
    ("data", "status"),
    [({"index": "99", "expected_step": "0"}, 400), ({"index": "x"}, 400), ({}, 400)],
)
def test_a_step_that_does_not_exist_is_refused(world, client, scene, data, status):
    actions.start_session(world.group_member, scene.future)
    response = client.post(scene.url(world, "run/go/"), data, **HTMX)
    assert response.status_code == status
    scene.future.refresh_from_db()
    assert scene.future.current_step == 0


def test_a_session_without_a_practice_cannot_start(world, client, scene):
    actions.set_session_practice(world.group_member, scene.future, None)
    body = client.get(scene.url(world, "run/")).content.decode()
    assert "Choose a practice on the session page" in body
    response = client.post(scene.url(world, "run/start/"), **HTMX)
    assert response.status_code == 400
    assert "Choose a practice with steps before starting." in response.content.decode()


def test_a_cancelled_session_says_so(world, client, scene):
    actions.cancel_session(world.group_member, scene.future)
    body = client.get(scene.url(world, "run/")).content.decode()
    assert "This session was cancelled." in body
    assert client.post(scene.url(world, "run/start/"), **HTMX).status_code == 400


def test_the_shared_lists_answer_204_until_someone_writes(world, client, scene):
    url = scene.url(world, "run/shared/")
    body = client.get(url + "?part=notes", **HTMX).content.decode()
    assert body.lstrip().startswith('<div id="notes-list"')
    state = re.search(r"state=([^\"&]+)", body).group(1)
    assert client.get(url + f"?part=notes&state={state}", **HTMX).status_code == 204
    SessionNote.objects.create(session=scene.future, author=world.member, text="A new idea")
    changed = client.get(url + f"?part=notes&state={state}", **HTMX)
    assert changed.status_code == 200
    assert "A new idea" in changed.content.decode()
    assert client.get(url + "?part=everything", **HTMX).status_code == 404


def test_a_changed_check_in_changes_the_lists_state(world, client, scene):
    url = scene.url(world, "run/shared/?part=checkins")
    actions.check_in(world.group_member, scene.future, "tired", 2)
    state = re.search(r"state=([^\"&]+)", client.get(url, **HTMX).content.decode()).group(1)
    actions.check_in(world.group_member, scene.future, "awake", 4)
    changed = client.get(url + f"&state={state}", **HTMX)
    assert changed.status_code == 200
    assert "awake" in changed.content.decode()


def test_the_runner_shows_who_holds_each_role(world, client, scene):
    ben = make_user("ben@example.org", "Ben Brook")
    Membership.objects.create(community=world.community, user=ben)
    GroupMembership.objects.create(group=world.crew, user=ben)
    actions.set_session_practice(world.group_member, scene.future, scene.future.practice)
    actions.start_session(world.group_member, scene.future)
    body = client.get(scene.url(world, "run/")).content.decode()
    assert "Facilitator: Cris Crew" in body
    assert "Case giver: Ben Brook" in body
    # One role each: with the facilitator left out, the timekeeper is agreed in the room.
    assert "Timekeeper: to be agreed" in body
    assert "Led by the timekeeper</p>" in body
    body = client.post(
        scene.url(world, "run/go/"), {"index": "1", "expected_step": "0"}, **HTMX
    ).content.decode()
    assert "Led by the case giver: Ben Brook" in body
