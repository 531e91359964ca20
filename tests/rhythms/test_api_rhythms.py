"""/api/v1/…/groups/{group}/rhythms: access for every persona, bodies, bad input and rotation."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from murmuration.rhythms import actions
from murmuration.rhythms.models import Rhythm, RotationMember, Session
from tests.api.conftest import CREW, SECRET, access, api_as, api_for
from tests.conftest import make_user

CREW_RHYTHMS = CREW + "/rhythms"
SECRET_RHYTHMS = SECRET + "/rhythms"


def weekly(world, group=None, *, user=None, weeks_ago: int = 3, **overrides) -> Rhythm:
    """A weekly UTC rhythm that began `weeks_ago` weeks ago, so it has past and future sessions."""
    fields = {
        "name": "Circle",
        "category": "relational",
        "recurrence": "weekly",
        "start_date": timezone.localdate() - timedelta(weeks=weeks_ago) + timedelta(days=1),
        "start_time": time(19, 0),
        "time_zone": "UTC",
        "duration_minutes": 60,
        "location": "The boathouse",
    }
    return actions.create_rhythm(
        user or world.group_member, group or world.private_crew, **{**fields, **overrides}
    )


def body(**overrides: object) -> dict:
    return {
        "name": "Tuesday circle",
        "category": "planning",
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "start_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "start_time": "19:00",
        "time_zone": "Europe/London",
        "duration_minutes": 90,
        "location": "https://meet.example.org/circle",
        "practice": "check-in-round",
        **overrides,
    }


@pytest.fixture
def secret(world) -> Rhythm:
    # Rotation off, so the group member is not in it yet and can join.
    return weekly(world, rotation_enabled=False)


def rhythm_url(rhythm: Rhythm) -> str:
    group = SECRET if rhythm.group.is_private else CREW
    return f"{group}/rhythms/{rhythm.pk}"


# Access --------------------------------------------------------------------------------------

READ = {"anonymous": 401, "outsider": 404, "member": 404, "group_member": 200, "host": 200}


@access(**READ)
def test_it_lists_a_private_groups_rhythms_to_its_members_and_hosts(world, secret, persona, status):
    response = api_for(world, persona).get(SECRET_RHYTHMS)
    assert response.status_code == status
    if status == 200:
        assert [r["name"] for r in response.json()["items"]] == ["Circle"]


@access(**READ)
def test_it_shows_one_rhythm_to_those_who_see_the_group(world, secret, persona, status):
    response = api_for(world, persona).get(rhythm_url(secret))
    assert response.status_code == status
    if status == 200:
        data = response.json()
        assert (data["recurrence"], data["time_zone"], data["rotation_enabled"]) == (
            "FREQ=WEEKLY",
            "UTC",
            False,
        )
        assert data["in_rotation"] is False
        assert data["next_start"].endswith("Z")


@access(anonymous=401, outsider=404, member=404, group_member=201, host=403)
def test_only_the_groups_members_add_rhythms(world, persona, status):
    response = api_for(world, persona).post(SECRET_RHYTHMS, body())
    assert response.status_code == status
    created = Rhythm.objects.filter(name="Tuesday circle").first()
    assert (created is not None) == (status == 201)
    if created is not None:
        data = response.json()
        assert data["recurrence"] == "FREQ=WEEKLY;BYDAY=TU"
        assert data["practice"] == {"slug": "check-in-round", "name": "Check-in round"}
        assert data["in_rotation"] is True and data["rotation_size"] == 1
        assert created.sessions.count() >= 11


@access(anonymous=401, outsider=404, member=403, group_member=201, host=403)
def test_community_members_outside_an_open_group_cannot_add_its_rhythms(world, persona, status):
    assert api_for(world, persona).post(CREW_RHYTHMS, body()).status_code == status


@access(anonymous=401, outsider=404, member=404, group_member=200, host=403)
def test_only_the_groups_members_change_a_rhythm(world, secret, persona, status):
    response = api_for(world, persona).patch(rhythm_url(secret), {"name": "Renamed"})
    assert response.status_code == status
    secret.refresh_from_db()
    assert secret.name == ("Renamed" if status == 200 else "Circle")


@access(anonymous=401, outsider=404, member=404, group_member=204, host=403)
def test_only_the_groups_members_end_a_rhythm(world, secret, persona, status):
    upcoming = secret.sessions.filter(starts_at__gt=timezone.now()).count()
    response = api_for(world, persona).delete(rhythm_url(secret))
    assert response.status_code == status
    secret.refresh_from_db()
    assert (secret.ended_at is not None) == (status == 204)
    left = secret.sessions.filter(starts_at__gt=timezone.now()).count()
    assert left == (0 if status == 204 else upcoming)
    assert secret.sessions.filter(starts_at__lt=timezone.now()).count() == 3


@access(**READ)
def test_it_lists_the_rotation_to_those_who_see_the_group(world, persona, status):
    rhythm = weekly(world)
    response = api_for(world, persona).get(rhythm_url(rhythm) + "/rotation")
    assert response.status_code == status
    if status == 200:
        assert [m["person"]["name"] for m in response.json()["items"]] == ["Cris Crew"]


@access(anonymous=401, outsider=404, member=404, group_member=201, host=403)
def test_only_the_groups_members_join_the_rotation(world, secret, persona, status):
    response = api_for(world, persona).post(rhythm_url(secret) + "/rotation")
    assert response.status_code == status
    joined = RotationMember.objects.filter(rhythm=secret).exists()
    assert joined == (status == 201)
    if status == 201:
        assert response.json()["person"]["id"] == world.group_member.pk


@access(anonymous=401, outsider=404, member=404, group_member=204, host=403)
def test_only_the_groups_members_leave_the_rotation(world, persona, status):
    rhythm = weekly(world)
    response = api_for(world, persona).delete(rhythm_url(rhythm) + "/rotation")
    assert response.status_code == status
    assert RotationMember.objects.filter(rhythm=rhythm).exists() == (status != 204)


def test_it_answers_for_a_rhythm_of_another_group_as_for_a_missing_one(world, secret):
    api = api_for(world, "group_member")
    elsewhere = api.get(f"{CREW_RHYTHMS}/{secret.pk}")
    missing = api.get(f"{CREW_RHYTHMS}/999999")
    assert elsewhere.status_code == missing.status_code == 404
    assert elsewhere.content == missing.content


def test_it_answers_for_a_hidden_group_as_for_a_missing_one(world, secret):
    api = api_for(world, "member")
    hidden = api.get(rhythm_url(secret))
    missing = api.get(CREW.replace("morning-crew", "nowhere") + f"/rhythms/{secret.pk}")
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)


# Bodies --------------------------------------------------------------------------------------


def test_it_uses_the_callers_time_zone_when_none_is_given(world):
    world.group_member.time_zone = "Asia/Kolkata"
    world.group_member.save()
    data = {k: v for k, v in body().items() if k != "time_zone"}
    response = api_for(world, "group_member").post(CREW_RHYTHMS, data)
    assert response.status_code == 201
    assert response.json()["time_zone"] == "Asia/Kolkata"


def test_it_changes_a_rhythm_and_removes_its_practice_with_null(world):
    rhythm = weekly(world, world.crew)
    api = api_for(world, "group_member")
    url = rhythm_url(rhythm)
    added = api.patch(url, {"practice": "case-clinic", "duration_minutes": 75, "location": None})
    assert added.status_code == 200
    assert added.json()["practice"]["slug"] == "case-clinic"
    assert (added.json()["duration_minutes"], added.json()["location"]) == (75, "The boathouse")
    upcoming = rhythm.sessions.filter(starts_at__gt=timezone.now())
    assert {s.practice.slug for s in upcoming} == {"case-clinic"}  # type: ignore[union-attr]
    removed = api.patch(url, {"practice": None})
    assert removed.json()["practice"] is None
    assert not upcoming.filter(practice__isnull=False).exists()


def test_it_reschedules_from_the_next_session(world):
    rhythm = weekly(world, world.crew)
    held = list(rhythm.sessions.filter(starts_at__lt=timezone.now()))
    response = api_for(world, "group_member").patch(
        rhythm_url(rhythm), {"start_time": "08:30", "time_zone": "America/New_York"}
    )
    assert response.status_code == 200
    assert response.json()["time_zone"] == "America/New_York"
    assert list(rhythm.sessions.filter(starts_at__lt=timezone.now())) == held
    for session in rhythm.sessions.filter(starts_at__gt=timezone.now()):
        local = session.starts_at.astimezone(timezone.get_fixed_timezone(0)).time()
        assert local in (time(12, 30), time(13, 30))  # 08:30 in New York, EDT or EST


def test_a_changed_rhythm_refuses_an_unknown_practice_and_keeps_its_own(world):
    rhythm = weekly(world, world.crew, practice=None)
    response = api_for(world, "group_member").patch(
        rhythm_url(rhythm), {"practice": "no-such-practice", "name": "Changed"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "practice"
    rhythm.refresh_from_db()
    assert rhythm.name == "Circle"


def test_an_ended_rhythm_cannot_end_again(world, secret):
    api = api_for(world, "group_member")
    assert api.delete(rhythm_url(secret)).status_code == 204
    again = api.delete(rhythm_url(secret))
    assert again.status_code == 409
    assert again.json() == {"detail": "This rhythm has already ended.", "field": None}


def test_joining_twice_is_a_conflict(world):
    rhythm = weekly(world)
    response = api_for(world, "group_member").post(rhythm_url(rhythm) + "/rotation")
    assert response.status_code == 409
    assert response.json()["detail"] == "You are already in the rotation."


@pytest.mark.parametrize("leaves", ["group", "community"])
def test_someone_who_left_is_no_longer_listed_or_counted_in_the_rotation(world, leaves):
    # Their RotationMember row stays behind (leaving is the communities app's business), but
    # they no longer take turns, so the list and the count must not name them to the group.
    from murmuration.communities import actions as community_actions

    rhythm = weekly(world, world.crew)
    leaver = make_user("leaver@example.org", "Lee Leaver")
    world.community.memberships.create(user=leaver)
    world.crew.memberships.create(user=leaver)
    actions.join_rotation(leaver, rhythm)
    if leaves == "group":
        community_actions.leave_group(leaver, world.crew)
    else:
        community_actions.leave_community(leaver, world.community)
    api = api_for(world, "member")
    listed = api.get(rhythm_url(rhythm) + "/rotation").json()["items"]
    assert [m["person"]["name"] for m in listed] == ["Cris Crew"]
    assert api.get(rhythm_url(rhythm)).json()["rotation_size"] == 1
    assert api.get(CREW_RHYTHMS).json()["items"][0]["rotation_size"] == 1


def test_a_newcomer_to_the_rotation_gets_a_turn_soon(world):
    rhythm = weekly(world, world.crew)
    newcomer = make_user("new@example.org", "Nia New")
    world.community.memberships.create(user=newcomer)
    world.crew.memberships.create(user=newcomer)
    response = api_as(newcomer).post(rhythm_url(rhythm) + "/rotation")
    assert response.status_code == 201
    upcoming = rhythm.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at")
    assert upcoming.first().facilitator_id == newcomer.pk  # type: ignore[union-attr]


# Bad input: a clear message on the field, and nothing saved ---------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"recurrence": "FREQ=FORTNIGHTLY"}, "recurrence", "is not a frequency"),
        ({"recurrence": "FREQ=WEEKLY;BYHOUR=9"}, "recurrence", "BYHOUR"),
        ({"recurrence": "FREQ=WEEKLY;COUNT=3;UNTIL=20300101"}, "recurrence", "not both"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "not a known time zone"),
        ({"duration_minutes": 1441}, "duration_minutes", "24 hours"),
        ({"duration_minutes": 0}, "duration_minutes", "24 hours"),
        ({"name": "  "}, "name", "write a name"),
        ({"practice": "no-such-practice"}, "practice", "not available"),
        (
            {"start_date": (timezone.localdate() - timedelta(days=400)).isoformat()},
            "start_date",
            "a year ago",
        ),
    ],
)
def test_it_refuses_bad_rhythms_with_a_clear_message_and_saves_nothing(world, change, field, words):
    response = api_for(world, "group_member").post(CREW_RHYTHMS, body(**change))
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert words in response.json()["detail"]
    assert not Rhythm.objects.exists()
    assert not Session.objects.exists()
    assert not RotationMember.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"recurrence": "FREQ=SOMETIMES"}, "recurrence"),
        ({"time_zone": "Nowhere/Special"}, "time_zone"),
        ({"duration_minutes": 1441}, "duration_minutes"),
    ],
)
def test_it_refuses_bad_changes_and_keeps_the_rhythm_as_it_was(world, change, field):
    rhythm = weekly(world, world.crew)
    sessions = list(rhythm.sessions.values_list("pk", "starts_at", "duration_minutes", "sequence"))
    response = api_for(world, "group_member").patch(rhythm_url(rhythm), {"name": "New", **change})
    assert response.status_code == 400
    assert response.json()["field"] == field
    rhythm.refresh_from_db()
    assert (rhythm.name, rhythm.rrule, rhythm.time_zone) == ("Circle", "FREQ=WEEKLY", "UTC")
    after = list(rhythm.sessions.values_list("pk", "starts_at", "duration_minutes", "sequence"))
    assert after == sessions


@pytest.mark.parametrize(
    "change",
    [{"category": "spiritual"}, {"start_date": "31/01/2030"}, {"start_time": "7pm"}],
)
def test_it_refuses_values_of_the_wrong_shape_before_anything_runs(world, change):
    assert api_for(world, "group_member").post(CREW_RHYTHMS, body(**change)).status_code == 422
    assert not Rhythm.objects.exists()


def test_it_accepts_a_first_date_in_the_past_and_records_those_sessions(world):
    start = timezone.localdate() - timedelta(weeks=4)
    response = api_for(world, "group_member").post(
        CREW_RHYTHMS,
        body(recurrence="weekly", start_date=start.isoformat(), time_zone="UTC", practice=None),
    )
    assert response.status_code == 201
    rhythm = Rhythm.objects.get()
    past = rhythm.sessions.filter(starts_at__lt=timezone.now())
    assert past.count() in (4, 5)
    first = datetime.combine(start, time(19), tzinfo=UTC)
    assert rhythm.sessions.order_by("starts_at").first().starts_at == first  # type: ignore[union-attr]
    assert date.fromisoformat(response.json()["start_date"]) == start
