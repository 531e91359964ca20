"""Rhythm, calendar, session and runner pages: what each persona gets from every view and POST.

The crew is visible to every community member; the secret garden only to its members and the
community's hosts. Changing a rhythm or taking part in a session is for the group's members.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from murmuration.rhythms import actions
from murmuration.rhythms.models import Practice, Rhythm, Session
from tests.conftest import PERSONAS, World

NOTE = "Lena's divorce papers came today"
WORD = "wobbly-heron"


@dataclass
class Scene:
    rhythm: Rhythm
    past: Session
    future: Session
    later: Session

    def url(self, world: World, name: str = "", session: Session | None = None) -> str:
        base = f"/c/{world.community.slug}/g/{self.rhythm.group.slug}/"
        if name.startswith("rhythm"):
            return base + f"rhythms/{self.rhythm.pk}/" + name.removeprefix("rhythm")
        return base + f"sessions/{(session or self.future).pk}/" + name


def make_scene(world: World, group=None, name: str = "Tuesday check-in") -> Scene:
    """A weekly rhythm that began two weeks ago: past sessions with a note and a check-in."""
    group = group or world.crew
    today = timezone.localdate()
    rhythm = actions.create_rhythm(
        world.group_member,
        group,
        name=name,
        category="relational",
        recurrence="weekly",
        start_date=today - timedelta(days=14),
        start_time=(timezone.now() - timedelta(hours=1)).time(),
        time_zone="Europe/London",
        duration_minutes=30,
        location="https://meet.example.org/crew",
        practice=Practice.objects.get(slug="case-clinic", community=None),
    )
    sessions = list(rhythm.sessions.order_by("starts_at"))
    now = timezone.now()
    past = sessions[0]
    future = next(s for s in sessions if s.starts_at > now)
    later = next(s for s in sessions if s.starts_at > future.starts_at)
    actions.add_note(world.group_member, past, NOTE)
    actions.check_in(world.group_member, past, WORD, 4)
    return Scene(rhythm, past, future, later)


@pytest.fixture
def scene(world) -> Scene:
    return make_scene(world)


SEES = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
MEMBERS_OF_GROUP = SEES | {"member": 403, "host": 403}
PRIVATE_SEES = SEES | {"member": 404}
PRIVATE_MEMBERS = MEMBERS_OF_GROUP | {"member": 404}

GET_PAGES = [
    ("rhythms/", SEES),
    ("rhythms/summary/", SEES),
    ("rhythms/new/", MEMBERS_OF_GROUP),
    ("calendar/", SEES),
    ("rhythm", SEES),
    ("rhythmedit/", MEMBERS_OF_GROUP),
    ("", SEES),
    ("run/", MEMBERS_OF_GROUP),
    ("run/step/", MEMBERS_OF_GROUP),
    ("run/shared/?part=notes", MEMBERS_OF_GROUP),
    ("run/shared/?part=checkins", MEMBERS_OF_GROUP),
]


def page_url(world: World, scene: Scene, page: str) -> str:
    if page.startswith(("rhythms/", "calendar/")):
        return f"/c/{world.community.slug}/g/{scene.rhythm.group.slug}/{page}"
    return scene.url(world, page)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("page", "statuses"), GET_PAGES, ids=[p[0] or "session" for p in GET_PAGES]
)
def test_each_page_answers_each_persona(world, scene, persona, page, statuses):
    response = world.client_for(persona).get(page_url(world, scene, page))
    assert response.status_code == statuses[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("page", "statuses"), GET_PAGES, ids=[p[0] or "session" for p in GET_PAGES]
)
def test_a_private_groups_pages_are_hidden_from_non_members(world, persona, page, statuses):
    scene = make_scene(world, world.private_crew, name="Garden circle")
    expected = PRIVATE_SEES if statuses is SEES else PRIVATE_MEMBERS
    response = world.client_for(persona).get(page_url(world, scene, page))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_sessions_is_for_anyone_signed_in(world, scene, persona):
    response = world.client_for(persona).get("/me/sessions/")
    assert response.status_code == (302 if persona == "anonymous" else 200)
    if persona == "group_member":
        assert "Tuesday check-in" in response.content.decode()
    elif persona != "anonymous":
        assert "Tuesday check-in" not in response.content.decode()


def test_a_session_of_another_group_is_not_found_under_this_one(world, scene):
    garden = make_scene(world, world.private_crew, name="Garden circle")
    client = world.client_for("group_member")
    wrong = f"/c/{world.community.slug}/g/{world.crew.slug}/sessions/{garden.future.pk}/"
    assert client.get(wrong).status_code == 404
    wrong_rhythm = f"/c/{world.community.slug}/g/{world.crew.slug}/rhythms/{garden.rhythm.pk}/"
    assert client.get(wrong_rhythm).status_code == 404


# Every POST ------------------------------------------------------------------------------------


def rhythm_form(**changes: str) -> dict:
    today = timezone.localdate()
    return {
        "name": "Friday planning",
        "category": "planning",
        "repeats": "weekly",
        "rrule": "",
        "start_date": (today + timedelta(days=3)).isoformat(),
        "start_time": "18:30",
        "time_zone": "Europe/Berlin",
        "duration_minutes": "45",
        "location": "The library",
        "practice": "",
        "rotation_enabled": "on",
    } | changes


def posts(world: World, scene: Scene) -> list[tuple[str, str, dict]]:
    """(name, url, data) for every POST, with data a group member's request would succeed with."""
    group = f"/c/{world.community.slug}/g/{scene.rhythm.group.slug}/"
    other = world.group_member.pk
    return [
        ("rhythm_new", group + "rhythms/new/", rhythm_form()),
        ("rhythm_edit", scene.url(world, "rhythmedit/"), rhythm_form(name="Renamed")),
        ("rhythm_end", scene.url(world, "rhythmend/"), {}),
        ("rotation_leave", scene.url(world, "rhythmrotation/"), {"rotation": "leave"}),
        ("rsvp", scene.url(world, "rsvp/"), {"rsvp": "yes"}),
        (
            "attendance",
            scene.url(world, "attendance/", scene.past),
            {"person": other, "present": "yes"},
        ),
        (
            "move",
            scene.url(world, "move/"),
            {"starts_at": move_to(scene), "sequence": scene.future.sequence},
        ),
        ("cancel", scene.url(world, "cancel/"), {"sequence": scene.future.sequence}),
        ("facilitator", scene.url(world, "facilitator/"), {"person": other}),
        ("swap", scene.url(world, "swap/"), {"other": scene.later.pk}),
        ("practice", scene.url(world, "practice/"), {"practice": ""}),
        ("note", scene.url(world, "notes/"), {"text": "We agreed to walk next time."}),
        ("start", scene.url(world, "run/start/"), {}),
        ("checkin", scene.url(world, "run/check-in/"), {"word": "ready", "rating": "5"}),
    ]


def move_to(scene: Scene) -> str:
    moved = scene.future.starts_at + timedelta(hours=2)
    return moved.astimezone(timezone.get_default_timezone()).strftime("%Y-%m-%dT%H:%M")


POST_NAMES = [
    "rhythm_new",
    "rhythm_edit",
    "rhythm_end",
    "rotation_leave",
    "rsvp",
    "attendance",
    "move",
    "cancel",
    "facilitator",
    "swap",
    "practice",
    "note",
    "start",
    "checkin",
]
REFUSED = {"anonymous": 302, "outsider": 404, "member": 403, "host": 403}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POST_NAMES)
def test_each_post_answers_each_persona(world, scene, persona, name):
    url, data = next((u, d) for n, u, d in posts(world, scene) if n == name)
    before = snapshot(scene)
    response = world.client_for(persona).post(url, data)
    if persona == "group_member":
        assert response.status_code == 302, response.content.decode()[:2000]
        return
    assert response.status_code == REFUSED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert snapshot(scene) == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POST_NAMES)
def test_a_private_groups_posts_are_not_found_for_those_who_cannot_see_it(world, persona, name):
    scene = make_scene(world, world.private_crew, name="Garden circle")
    url, data = next((u, d) for n, u, d in posts(world, scene) if n == name)
    before = snapshot(scene)
    response = world.client_for(persona).post(url, data)
    expected = REFUSED | {"member": 404, "group_member": 302}
    assert response.status_code == expected[persona]
    if persona != "group_member":
        assert snapshot(scene) == before


def test_runner_buttons_answer_each_persona(world, scene):
    actions.start_session(world.group_member, scene.future)
    for persona, status in (REFUSED | {"group_member": 302}).items():
        go = {"index": "1", "expected_step": "0"}
        assert world.client_for(persona).post(scene.url(world, "run/go/"), go).status_code == status
    for persona, status in (REFUSED | {"group_member": 302}).items():
        assert world.client_for(persona).post(scene.url(world, "run/finish/")).status_code == status
    scene.future.refresh_from_db()
    assert scene.future.current_step == 1
    assert scene.future.finished_at is not None


def test_restore_answers_each_persona(world, scene):
    actions.cancel_session(world.group_member, scene.future)
    scene.future.refresh_from_db()
    data = {"sequence": scene.future.sequence}
    for persona in ("anonymous", "outsider", "member", "host"):
        response = world.client_for(persona).post(scene.url(world, "restore/"), data)
        assert response.status_code == REFUSED[persona]
    response = world.client_for("group_member").post(scene.url(world, "restore/"), data)
    assert response.status_code == 302
    scene.future.refresh_from_db()
    assert not scene.future.is_cancelled


def test_pages_refuse_the_wrong_method(world, scene):
    client = world.client_for("group_member")
    assert client.post(scene.url(world, "")).status_code == 405
    assert client.get(scene.url(world, "rsvp/")).status_code == 405
    assert client.get(scene.url(world, "run/go/")).status_code == 405


def snapshot(scene: Scene) -> tuple:
    """Everything the POSTs could change, to show a refused one changed nothing."""
    sessions = Session.objects.filter(rhythm__group=scene.rhythm.group).order_by("pk")
    return (
        list(Rhythm.objects.filter(group=scene.rhythm.group).values_list("name", "ended_at")),
        list(
            sessions.values_list(
                "starts_at", "status", "facilitator_id", "practice_id", "current_step", "sequence"
            )
        ),
        list(
            sessions.values_list("attendance__user_id", "attendance__rsvp", "attendance__present")
        ),
        list(sessions.values_list("notes__text", "checkins__word")),
        list(scene.rhythm.rotation.values_list("user_id", flat=True)),
    )
