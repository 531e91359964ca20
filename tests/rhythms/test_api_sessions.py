"""/api/v1/…/sessions and /me/sessions: access for every persona and every operation, privacy of
notes and check-ins, moving with a sequence, the runner, and bad input."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from murmuration.rhythms import actions
from murmuration.rhythms.models import Attendance, CheckIn, Rhythm, Session, SessionNote
from murmuration.rhythms.practice_actions import practice_for
from tests.api.conftest import CREW, SECRET, access, api_for

from .test_api_rhythms import weekly

GROUPS = {"secret": SECRET, "crew": CREW}


def past(rhythm: Rhythm, n: int = 1) -> Session:
    """The n-th most recent session that has started."""
    return rhythm.sessions.filter(starts_at__lt=timezone.now()).order_by("-starts_at")[n - 1]


def upcoming(rhythm: Rhythm, n: int = 1) -> Session:
    return rhythm.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at")[n - 1]


def url(session: Session, tail: str = "") -> str:
    group = SECRET if session.group.is_private else CREW
    return f"{group}/sessions/{session.pk}{tail}"


@pytest.fixture
def garden(world) -> Rhythm:
    """The private group's weekly rhythm: three sessions held, the rest to come, a practice."""
    practice = practice_for(world.community, "check-in-round")
    return weekly(world, world.private_crew, practice=practice)


@pytest.fixture
def crew(world) -> Rhythm:
    practice = practice_for(world.community, "check-in-round")
    return weekly(world, world.crew, practice=practice)


def shared(session: Session, world) -> None:
    """What the pod shares inside a session: a note, a check-in, attendance."""
    actions.add_note(world.group_member, session, "We agreed to try walking meetings.")
    actions.check_in(world.group_member, session, "hopeful", 4)
    actions.record_attendance(world.group_member, session, world.group_member, True)


# Access to every operation -------------------------------------------------------------------


def _operations(world, rhythm: Rhythm) -> dict[str, tuple[str, str, object, int]]:
    """name -> (method, path, body, status for the group's members)."""
    soon, later, held = upcoming(rhythm), upcoming(rhythm, 2), past(rhythm)
    return {
        "list": (
            "get",
            f"{GROUPS['crew' if rhythm.group == world.crew else 'secret']}/sessions",
            None,
            200,
        ),
        "detail": ("get", url(soon), None, 200),
        "cancel": ("patch", url(soon), {"status": "cancelled"}, 200),
        "move": (
            "patch",
            url(soon),
            {"starts_at": (soon.starts_at + timedelta(hours=1)).isoformat()},
            200,
        ),
        "rsvp": ("post", url(soon, "/rsvp"), {"rsvp": "no"}, 200),
        "attendance": (
            "post",
            url(held, "/attendance"),
            {"person_id": world.group_member.pk, "present": True},
            200,
        ),
        "swap": ("post", url(soon, "/swap"), {"with_session": later.pk}, 200),
        "note": ("post", url(held, "/notes"), {"text": "A note"}, 201),
        "checkin": ("post", url(held, "/checkins"), {"word": "calm", "rating": 4}, 200),
        "runner": ("post", url(soon, "/runner"), {"action": "start"}, 200),
    }


OPERATIONS = [
    "list",
    "detail",
    "cancel",
    "move",
    "rsvp",
    "attendance",
    "swap",
    "note",
    "checkin",
    "runner",
]
READS = {"list", "detail"}


def _snapshot() -> list[object]:
    return [
        list(
            Session.objects.order_by("pk").values_list(
                "starts_at", "status", "sequence", "current_step", "facilitator"
            )
        ),
        list(Attendance.objects.order_by("pk").values_list("rsvp", "present")),
        CheckIn.objects.count(),
        SessionNote.objects.count(),
    ]


def _expected(operation: str, group: str, persona: str, success: int) -> int:
    if persona == "anonymous":
        return 401
    if persona == "outsider" or (persona == "member" and group == "secret"):
        return 404
    if persona == "group_member" or operation in READS:
        return success
    return 403


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("group", ["secret", "crew"])
@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "group_member", "host"])
def test_every_operation_answers_each_persona(world, garden, crew, operation, group, persona):
    rhythm = garden if group == "secret" else crew
    method, path, body, success = _operations(world, rhythm)[operation]
    status = _expected(operation, group, persona, success)
    api = api_for(world, persona)
    before = _snapshot()
    response = api.get(path) if method == "get" else getattr(api, method)(path, body)
    assert response.status_code == status, response.content
    if status >= 400:
        # 401 comes from authentication, before any of the API's own errors.
        assert set(response.json()) == ({"detail"} if status == 401 else {"detail", "field"})
        assert _snapshot() == before, "a refused request changed something"
    elif method != "get":
        assert _snapshot() != before


@pytest.mark.parametrize("via", ["token", "session"])
def test_a_host_reads_the_schedule_but_never_what_the_pod_shared(world, garden, via):
    held = past(garden)
    shared(held, world)
    response = api_for(world, "host", via).get(url(held))
    assert response.status_code == 200
    data = response.json()
    assert data["rhythm"]["name"] == "Circle" and data["facilitator"]["name"] == "Cris Crew"
    assert data["counts"]["present"] == 1
    assert (data["can_read_private"], data["can_take_part"]) == (False, False)
    for private in ("notes", "checkins", "attendance", "roles"):
        assert data[private] is None
    assert b"walking meetings" not in response.content and b"hopeful" not in response.content


def test_the_groups_members_read_what_the_pod_shared(world, garden):
    held = past(garden)
    shared(held, world)
    data = api_for(world, "group_member").get(url(held)).json()
    assert data["can_read_private"] is True
    assert [n["text"] for n in data["notes"]] == ["We agreed to try walking meetings."]
    assert data["notes"][0]["author"]["name"] == "Cris Crew"
    assert [(c["word"], c["rating"]) for c in data["checkins"]] == [("hopeful", 4)]
    assert [(a["person"]["name"], a["present"]) for a in data["attendance"]] == [
        ("Cris Crew", True)
    ]


def test_writing_a_note_answers_a_host_with_a_refusal_and_no_content(world, garden):
    shared(past(garden), world)
    response = api_for(world, "host", "token").post(url(past(garden), "/notes"), {"text": "Hi"})
    assert response.status_code == 403
    assert "walking" not in response.json()["detail"]


@access(anonymous=401, outsider=200, member=200, group_member=200, host=200)
def test_my_sessions_are_those_of_my_own_groups(world, garden, crew, persona, status):
    response = api_for(world, persona).get("/me/sessions")
    assert response.status_code == status
    if status == 200:
        groups = {s["group"]["slug"] for s in response.json()["items"]}
        assert groups == ({"morning-crew", "secret-garden"} if persona == "group_member" else set())


def test_it_answers_for_a_session_of_another_group_as_for_a_missing_one(world, garden):
    api = api_for(world, "group_member")
    elsewhere = api.get(f"{CREW}/sessions/{upcoming(garden).pk}")
    missing = api.get(f"{CREW}/sessions/999999")
    assert elsewhere.status_code == missing.status_code == 404
    assert elsewhere.content == missing.content


# Times ---------------------------------------------------------------------------------------


def test_it_gives_times_in_utc_with_the_rhythms_zone_beside_them(world):
    rhythm = weekly(world, world.crew, time_zone="America/New_York")
    data = api_for(world, "group_member").get(CREW + "/sessions").json()["items"][0]
    session = upcoming(rhythm)
    assert data["starts_at"] == session.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert data["time_zone"] == "America/New_York"
    local = datetime.fromisoformat(data["local_starts_at"])
    assert (
        local.utcoffset() == session.starts_at.astimezone(ZoneInfo("America/New_York")).utcoffset()
    )
    assert (local.hour, local.minute) == (19, 0)
    assert datetime.fromisoformat(data["ends_at"]) - datetime.fromisoformat(
        data["starts_at"]
    ) == timedelta(hours=1)


def test_it_lists_the_sessions_that_start_in_a_window(world, crew):
    first, third = past(crew, 3), past(crew, 1)
    api = api_for(world, "group_member")
    response = api.get(
        CREW + "/sessions",
        **{"from": first.starts_at.isoformat(), "to": third.starts_at.isoformat()},
    )
    assert [s["id"] for s in response.json()["items"]] == [first.pk, past(crew, 2).pk]
    # A time without an offset is read as UTC.
    naive = first.starts_at.astimezone(UTC).replace(tzinfo=None).isoformat()
    again = api.get(CREW + "/sessions", **{"from": naive, "to": third.starts_at.isoformat()})
    assert again.json()["count"] == 2


def test_it_lists_from_now_for_twelve_weeks_by_default(world, crew):
    items = api_for(world, "member").get(CREW + "/sessions").json()["items"]
    assert items[0]["id"] == upcoming(crew).pk
    assert all(datetime.fromisoformat(s["starts_at"]) > timezone.now() for s in items)
    assert len(items) == crew.sessions.filter(starts_at__gt=timezone.now()).count()


def test_it_refuses_a_window_that_ends_before_it_starts(world, crew):
    response = api_for(world, "member").get(
        CREW + "/sessions", **{"from": "2030-02-01T00:00:00Z", "to": "2030-01-01T00:00:00Z"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "to"


# Changing one session ------------------------------------------------------------------------


def test_it_moves_a_session_with_the_sequence_it_was_read_at(world, crew):
    session, other = upcoming(crew), upcoming(crew, 2)
    api = api_for(world, "group_member")
    read = api.get(url(session)).json()
    to = session.starts_at + timedelta(days=1, hours=2)
    moved = api.patch(
        url(session), {"starts_at": to.isoformat(), "expected_sequence": read["sequence"]}
    )
    assert moved.status_code == 200
    assert moved.json()["is_moved"] is True
    assert moved.json()["sequence"] > read["sequence"]
    session.refresh_from_db()
    assert session.starts_at == to
    assert Session.objects.get(pk=other.pk).starts_at == other.starts_at


def test_a_stale_move_is_a_conflict_and_changes_nothing(world, crew):
    session = upcoming(crew)
    api = api_for(world, "group_member")
    read = api.get(url(session)).json()
    actions.cancel_session(world.group_member, session)
    actions.restore_session(world.group_member, session)
    session.refresh_from_db()
    before = (session.starts_at, session.sequence)
    to = session.starts_at + timedelta(hours=3)
    response = api.patch(
        url(session), {"starts_at": to.isoformat(), "expected_sequence": read["sequence"]}
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This session changed since you opened it. Please look again.",
        "field": None,
    }
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == before


def test_a_stale_facilitator_change_is_a_conflict_too(world, crew):
    session = upcoming(crew)
    api = api_for(world, "group_member")
    stale = session.sequence
    actions.cancel_session(world.group_member, session)
    actions.restore_session(world.group_member, session)
    response = api.patch(url(session), {"facilitator_id": None, "expected_sequence": stale})
    assert response.status_code == 409
    session.refresh_from_db()
    assert session.facilitator_id == world.group_member.pk and not session.facilitator_fixed


def test_it_cancels_and_restores_a_session(world, crew):
    session = upcoming(crew)
    api = api_for(world, "group_member")
    assert api.patch(url(session), {"status": "cancelled"}).json()["status"] == "cancelled"
    listed = {s["id"]: s["status"] for s in api.get(CREW + "/sessions").json()["items"]}
    assert listed[session.pk] == "cancelled"
    assert api.patch(url(session), {"status": "scheduled"}).json()["status"] == "scheduled"


def test_everything_in_one_change_is_saved_together_or_not_at_all(world, crew):
    session = upcoming(crew)
    actions.cancel_session(world.group_member, session)
    too_far = session.starts_at + timedelta(days=800)
    response = api_for(world, "group_member").patch(
        url(session), {"status": "scheduled", "starts_at": too_far.isoformat()}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "starts_at"
    session.refresh_from_db()
    assert session.is_cancelled and not session.is_moved


def test_it_names_a_facilitator_and_a_practice(world, crew):
    session = upcoming(crew, 2)
    api = api_for(world, "group_member")
    response = api.patch(
        url(session), {"facilitator_id": world.group_member.pk, "practice": "case-clinic"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["facilitator"]["id"] == world.group_member.pk
    assert data["practice"]["slug"] == "case-clinic"
    assert [s["title"] for s in data["steps"]][:1] == [
        practice_for(world.community, "case-clinic").steps[0]["title"]
    ]  # type: ignore[union-attr]
    cleared = api.patch(url(session), {"facilitator_id": None, "practice": None}).json()
    assert (cleared["facilitator"], cleared["practice"], cleared["steps"]) == (None, None, [])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"facilitator_id": 999999}, "facilitator_id"),
        ({"practice": "no-such-practice"}, "practice"),
        ({"starts_at": "2030-01-01T19:00:00"}, "starts_at"),
    ],
)
def test_it_refuses_bad_changes_on_their_field(world, crew, change, field):
    session = upcoming(crew)
    before = (session.starts_at, session.sequence, session.facilitator_id, session.practice_id)
    response = api_for(world, "group_member").patch(url(session), change)
    assert response.status_code == 400
    assert response.json()["field"] == field
    session.refresh_from_db()
    assert (
        session.starts_at,
        session.sequence,
        session.facilitator_id,
        session.practice_id,
    ) == before


def test_someone_outside_the_group_cannot_facilitate(world, crew):
    response = api_for(world, "group_member").patch(
        url(upcoming(crew)), {"facilitator_id": world.host.pk}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "That person is not in this group.",
        "field": "facilitator_id",
    }


# Attendance, swaps, notes and check-ins ------------------------------------------------------


def test_it_records_an_rsvp_and_counts_it(world, crew):
    session = upcoming(crew)
    api = api_for(world, "group_member")
    response = api.post(url(session, "/rsvp"), {"rsvp": "yes"})
    assert response.json() == {
        "person": {"id": world.group_member.pk, "name": "Cris Crew", "pronouns": ""},
        "rsvp": "yes",
        "present": None,
    }
    data = api.get(url(session)).json()
    assert (data["my_rsvp"], data["counts"]["yes"]) == ("yes", 1)


def test_it_refuses_an_unknown_rsvp(world, crew):
    response = api_for(world, "group_member").post(
        url(upcoming(crew), "/rsvp"), {"rsvp": "perhaps"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "rsvp"
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_session_to_start(world, crew):
    response = api_for(world, "group_member").post(
        url(upcoming(crew), "/attendance"), {"person_id": world.group_member.pk, "present": True}
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_attendance_is_for_the_groups_members(world, crew):
    response = api_for(world, "group_member").post(
        url(past(crew), "/attendance"), {"person_id": world.member.pk, "present": True}
    )
    assert (response.status_code, response.json()["field"]) == (400, "person_id")


def test_it_swaps_facilitators_between_two_sessions(world, crew):
    other = world.member
    world.crew.memberships.create(user=other)
    actions.join_rotation(other, crew)
    # The newcomer takes the next turns until they have facilitated as often as the others.
    first = upcoming(crew)
    second = crew.sessions.filter(starts_at__gt=first.starts_at).exclude(
        facilitator_id=first.facilitator_id
    )[0]
    response = api_for(world, "group_member").post(url(first, "/swap"), {"with_session": second.pk})
    assert response.status_code == 200
    swapped = {s["id"]: s["facilitator"]["id"] for s in response.json()}
    assert swapped == {first.pk: second.facilitator_id, second.pk: first.facilitator_id}


def test_it_swaps_only_within_one_rhythm_of_the_group(world, crew, garden):
    api = api_for(world, "group_member")
    elsewhere = api.post(url(upcoming(crew), "/swap"), {"with_session": upcoming(garden).pk})
    assert elsewhere.status_code == 404
    other = weekly(world, world.crew, name="Other")
    different = api.post(url(upcoming(crew), "/swap"), {"with_session": upcoming(other).pk})
    assert different.status_code == 400


def test_it_adds_notes_and_replaces_a_check_in(world, crew):
    held = past(crew)
    api = api_for(world, "group_member")
    note = api.post(url(held, "/notes"), {"text": "  Thanks all  "})
    assert (note.status_code, note.json()["text"]) == (201, "Thanks all")
    api.post(url(held, "/checkins"), {"word": "tired", "rating": 2})
    again = api.post(url(held, "/checkins"), {"word": "better", "rating": 4})
    assert (again.json()["word"], again.json()["rating"]) == ("better", 4)
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("tail", "body", "field"),
    [
        ("/checkins", {"word": "fine", "rating": 6}, "rating"),
        ("/checkins", {"word": "", "rating": 3}, "word"),
        ("/checkins", {"word": "x" * 41, "rating": 3}, "word"),
        ("/notes", {"text": "x" * 5001}, "text"),
        ("/notes", {"text": "   "}, "text"),
    ],
)
def test_it_refuses_bad_notes_and_check_ins_and_saves_nothing(world, crew, tail, body, field):
    response = api_for(world, "group_member").post(url(past(crew), tail), body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not CheckIn.objects.exists() and not SessionNote.objects.exists()


# The runner ----------------------------------------------------------------------------------


def test_it_runs_a_session_step_by_step_and_refuses_stale_steps(world, crew):
    session = upcoming(crew)
    api = api_for(world, "group_member")
    run = url(session, "/runner")
    assert api.post(run, {"action": "start"}).json()["current_step"] == 0
    assert api.post(run, {"action": "next", "expected_step": 0}).json()["current_step"] == 1
    stale = api.post(run, {"action": "next", "expected_step": 0})
    assert stale.status_code == 409
    assert stale.json()["detail"] == "Someone else moved the session on already."
    assert api.post(run, {"action": "previous"}).json()["current_step"] == 0
    late = api.post(run, {"action": "finish", "expected_step": 1})
    assert late.status_code == 409
    session.refresh_from_db()
    assert session.finished_at is None
    finished = api.post(run, {"action": "finish", "expected_step": 0}).json()
    assert finished["finished_at"] is not None


def test_the_runner_stops_at_the_last_step(world, crew):
    session = upcoming(crew)
    api = api_for(world, "group_member")
    run = url(session, "/runner")
    steps = len(api.post(run, {"action": "start"}).json()["steps"])
    for step in range(steps - 1):
        assert api.post(run, {"action": "next", "expected_step": step}).status_code == 200
    beyond = api.post(run, {"action": "next", "expected_step": steps - 1})
    assert beyond.status_code == 400
    assert beyond.json()["field"] == "index"


def test_a_session_that_is_not_running_has_no_next_step(world, crew):
    response = api_for(world, "group_member").post(
        url(upcoming(crew), "/runner"), {"action": "next"}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The session is not running."


def test_it_refuses_an_unknown_runner_action(world, crew):
    response = api_for(world, "group_member").post(
        url(upcoming(crew), "/runner"), {"action": "skip"}
    )
    assert response.status_code == 422


@access(anonymous=401, outsider=404, member=403, group_member=200, host=403)
def test_an_empty_change_answers_like_a_real_one(world, crew, persona, status):
    response = api_for(world, persona).patch(url(upcoming(crew)), {})
    assert response.status_code == status


@pytest.mark.parametrize("path", [CREW + "/sessions", "/me/sessions"])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("from", "9999-12-31T23:59:59-08:00"),
        ("from", "9999-12-31T00:00:00Z"),
        ("from", "0001-01-01T00:00:00+05:00"),
        ("to", "9999-12-31T23:59:59-08:00"),
        ("to", "0001-01-01T00:00:00+05:00"),
    ],
)
def test_a_window_at_the_ends_of_the_calendar_is_refused_with_a_message(
    world, crew, path, name, value
):
    # Past year 9999 in UTC, or before year 1: no stored time can be compared with it.
    response = api_for(world, "group_member").get(path, **{name: value})
    assert response.status_code == 400
    assert response.json()["field"] == name


def test_the_api_docs_describe_the_window_as_from_and_to(world):
    schema = api_for(world, "member").get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/communities/{slug}/groups/{group_slug}/sessions"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"from", "to", "limit", "offset"} <= names
