"""The rhythm, session and runner forms: what they save, and bad input getting a clear message
with nothing saved.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape

from murmuration.rhythms import actions, practice_actions
from murmuration.rhythms.models import NOTE_MAX, CheckIn, Rhythm, Session, SessionNote
from tests.rhythms.test_pages_access import Scene, make_scene, rhythm_form
from tests.web.conftest import HTMX

NEW = "/c/river-commons/g/morning-crew/rhythms/new/"


@pytest.fixture
def scene(world) -> Scene:
    return make_scene(world)


@pytest.fixture
def client(world):
    return world.client_for("group_member")


# Adding a rhythm -------------------------------------------------------------------------------


def test_the_form_starts_in_the_viewers_time_zone(world, client):
    world.group_member.time_zone = "Asia/Kolkata"
    world.group_member.save()
    page = client.get(NEW).content.decode()
    assert 'value="Asia/Kolkata"' in page
    assert '<datalist id="time-zones">' in page
    assert '<label for="id_time_zone">Time zone</label>' in page


def test_it_adds_a_weekly_rhythm_and_goes_to_its_page(world, client):
    response = client.post(NEW, rhythm_form())
    rhythm = Rhythm.objects.get(name="Friday planning")
    assert response.status_code == 302
    assert response["Location"] == f"/c/river-commons/g/morning-crew/rhythms/{rhythm.pk}/"
    assert rhythm.rrule == "FREQ=WEEKLY"
    assert rhythm.time_zone == "Europe/Berlin"
    assert rhythm.start_time == time(18, 30)
    assert rhythm.duration_minutes == 45
    assert rhythm.rotation_enabled
    assert rhythm.sessions.count() == 12


def test_it_takes_a_custom_rule_and_a_community_practice(world, client):
    own = practice_actions.create_practice(
        world.member,
        world.community,
        {
            "name": "Walk and talk",
            "steps": [{"title": "Walk", "minutes": 30, "guidance": "Talk as you go."}],
        },
    )
    # Three first Tuesdays fit inside the 12-week horizon only when the first is near: pin a
    # Friday before one, so the test does not depend on today's date.
    with time_machine.travel(datetime(2026, 5, 29, 9, 0, tzinfo=UTC), tick=False):
        data = rhythm_form(repeats="custom", rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=3")
        response = client.post(NEW, data | {"practice": own.pk, "rotation_enabled": ""})
    assert response.status_code == 302
    rhythm = Rhythm.objects.get(name="Friday planning")
    assert rhythm.rrule == "FREQ=MONTHLY;COUNT=3;BYDAY=1TU"
    assert rhythm.practice == own
    assert not rhythm.rotation_enabled
    assert rhythm.sessions.count() == 3
    berlin = ZoneInfo("Europe/Berlin")
    assert {s.starts_at.astimezone(berlin).weekday() for s in rhythm.sessions.all()} == {1}


BAD_RHYTHMS = [
    (
        {"repeats": "custom", "rrule": "FREQ=SOMETIMES"},
        "rrule",
        "“SOMETIMES” is not a frequency",
    ),
    ({"repeats": "custom", "rrule": ""}, "rrule", "Write the rule, or choose one of the usual"),
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "is not a known time zone."),
    ({"duration_minutes": "1441"}, "duration_minutes", "from 1 minute to 24 hours (1440 minutes)"),
    ({"duration_minutes": "0"}, "duration_minutes", "from 1 minute to 24 hours"),
    ({"name": "   "}, "name", "This field is required."),
    ({"name": "x" * 121}, "name", "at most 120 characters"),
    ({"location": "y" * 501}, "location", "at most 500 characters"),
    ({"category": "partying"}, "category", "Select a valid choice."),
    ({"start_date": "31/01/2030"}, "start_date", "Enter a valid date."),
    ({"start_time": "25:00"}, "start_time", "Enter a valid time."),
    ({"practice": "999999"}, "practice", "Select a valid choice."),
    (
        {"start_date": (date.today() - timedelta(days=800)).isoformat()},
        "start_date",
        "at most a year ago",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_RHYTHMS, ids=lambda v: str(v)[:30])
def test_bad_rhythm_input_is_explained_next_to_its_field_and_nothing_is_saved(
    world, client, changes, field, message
):
    response = client.post(NEW, rhythm_form(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors.get(field, [])), form.errors
    assert escape(message) in response.content.decode()
    assert not Rhythm.objects.exists()
    assert not Session.objects.exists()


def test_a_rule_that_gives_no_dates_is_refused(world, client):
    data = rhythm_form(repeats="custom", rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert response.context["form"].errors["rrule"]
    assert not Rhythm.objects.exists()


# Editing and ending ----------------------------------------------------------------------------


def edit_url(scene: Scene, world) -> str:
    return scene.url(world, "rhythmedit/")


def current(rhythm: Rhythm) -> dict:
    form = {
        "name": rhythm.name,
        "category": rhythm.category,
        "repeats": "weekly",
        "rrule": "",
        "start_date": rhythm.start_date.isoformat(),
        "start_time": rhythm.start_time.strftime("%H:%M"),
        "time_zone": rhythm.time_zone,
        "duration_minutes": str(rhythm.duration_minutes),
        "location": rhythm.location,
        "practice": rhythm.practice_id or "",
        "rotation_enabled": "on" if rhythm.rotation_enabled else "",
    }
    return form


def test_renaming_leaves_the_schedule_alone(world, client, scene):
    before = list(scene.rhythm.sessions.values_list("pk", "starts_at", "sequence"))
    response = client.post(edit_url(scene, world), current(scene.rhythm) | {"name": "Renamed"})
    assert response.status_code == 302
    scene.rhythm.refresh_from_db()
    assert scene.rhythm.name == "Renamed"
    assert list(scene.rhythm.sessions.values_list("pk", "starts_at", "sequence")) == before


def test_a_new_time_moves_the_upcoming_sessions_only(world, client, scene):
    past_start = scene.past.starts_at
    data = current(scene.rhythm) | {"start_time": "06:45"}
    assert client.post(edit_url(scene, world), data).status_code == 302
    scene.past.refresh_from_db()
    assert scene.past.starts_at == past_start
    upcoming = Session.objects.filter(rhythm=scene.rhythm, starts_at__gt=timezone.now())
    london = ZoneInfo("Europe/London")
    assert {s.starts_at.astimezone(london).time() for s in upcoming} == {time(6, 45)}


@pytest.mark.parametrize(
    ("changes", "field", "message"), BAD_RHYTHMS[:5], ids=lambda v: str(v)[:30]
)
def test_a_bad_edit_changes_nothing(world, client, scene, changes, field, message):
    before = (
        list(Rhythm.objects.values()),
        list(Session.objects.values_list("pk", "starts_at", "duration_minutes", "sequence")),
    )
    response = client.post(edit_url(scene, world), current(scene.rhythm) | changes)
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors.get(field, []))
    after = (
        list(Rhythm.objects.values()),
        list(Session.objects.values_list("pk", "starts_at", "duration_minutes", "sequence")),
    )
    assert after == before


def opened_form(client, scene: Scene, world) -> dict:
    """What the edit page would send back unchanged, its hidden fields included."""
    form = client.get(edit_url(scene, world)).context["form"]
    return {name: form[name].value() or "" for name in form.fields} | {
        "start_date": scene.rhythm.start_date.isoformat(),
        "start_time": scene.rhythm.start_time.strftime("%H:%M"),
        "rotation_enabled": "on" if scene.rhythm.rotation_enabled else "",
    }


def test_a_stale_edit_form_is_refused_and_keeps_the_other_change(world, client, scene):
    # Two people open the edit page; one renames the rhythm and moves it to the morning, then
    # the other, on the page they opened before, changes only the duration. The whole form is
    # sent, so saving it would quietly put back the old name and time.
    opened = opened_form(client, scene, world)
    actions.update_rhythm(world.group_member, scene.rhythm, name="Renamed", start_time=time(7))
    response = client.post(edit_url(scene, world), opened | {"duration_minutes": "90"})
    assert response.status_code == 409
    assert "This rhythm changed since you opened it" in response.content.decode()
    scene.rhythm.refresh_from_db()
    assert (scene.rhythm.name, scene.rhythm.start_time) == ("Renamed", time(7))
    assert scene.rhythm.duration_minutes == 30


def test_an_edit_form_opened_after_the_last_change_saves(world, client, scene):
    actions.update_rhythm(world.group_member, scene.rhythm, name="Renamed")
    opened = opened_form(client, scene, world)
    response = client.post(edit_url(scene, world), opened | {"duration_minutes": "90"})
    assert response.status_code == 302
    scene.rhythm.refresh_from_db()
    assert (scene.rhythm.name, scene.rhythm.duration_minutes) == ("Renamed", 90)


def test_an_ended_rhythm_cannot_be_edited_or_ended_again(world, client, scene):
    assert client.post(scene.url(world, "rhythmend/")).status_code == 302
    scene.rhythm.refresh_from_db()
    assert scene.rhythm.ended_at is not None
    assert not Session.objects.filter(rhythm=scene.rhythm, starts_at__gt=timezone.now()).exists()
    assert client.get(edit_url(scene, world)).status_code == 403
    response = client.post(scene.url(world, "rhythmend/"))
    assert response.status_code == 409
    assert "already ended" in response.content.decode()


def test_joining_the_rotation_twice_is_a_conflict(world, client, scene):
    response = client.post(scene.url(world, "rhythmrotation/"), {"rotation": "join"})
    assert response.status_code == 409
    assert "already in the rotation" in response.content.decode()


# Moving, cancelling, facilitators --------------------------------------------------------------


def test_moving_reads_the_time_in_the_rhythms_zone(world, client, scene):
    day = timezone.localtime(scene.future.starts_at).date()
    data = {"starts_at": f"{day.isoformat()}T21:15", "sequence": scene.future.sequence}
    assert client.post(scene.url(world, "move/"), data).status_code == 302
    scene.future.refresh_from_db()
    local = scene.future.starts_at.astimezone(ZoneInfo("Europe/London"))
    assert (local.date(), local.time()) == (day, time(21, 15))
    assert scene.future.is_moved


def test_a_stale_move_form_is_refused_and_says_why(world, client, scene):
    page = client.get(scene.url(world, ""))
    sequence = page.context["move_form"].initial["sequence"]
    # Someone else changes the session after the page was opened.
    actions.set_facilitator(world.group_member, scene.future, None)
    scene.future.refresh_from_db()
    before = (scene.future.starts_at, scene.future.sequence)
    data = {"starts_at": "2031-01-07T10:00", "sequence": sequence}
    response = client.post(scene.url(world, "move/"), data)
    assert response.status_code == 409
    assert "This session changed since you opened it" in response.content.decode()
    scene.future.refresh_from_db()
    assert (scene.future.starts_at, scene.future.sequence) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("next tuesday", "Give the new start as a date and time"),
        ("", "This field is required."),
        ("2099-01-01T10:00", "at most a year from its usual date"),
    ],
)
def test_a_bad_new_start_is_explained(world, client, scene, value, message):
    data = {"starts_at": value, "sequence": scene.future.sequence}
    response = client.post(scene.url(world, "move/"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    scene.future.refresh_from_db()
    assert not scene.future.is_moved


@pytest.mark.parametrize(
    ("zone", "value"),
    [("America/Los_Angeles", "9999-12-31T23:59"), ("Pacific/Kiritimati", "0001-01-01T00:00")],
)
def test_a_new_start_at_the_end_of_the_calendar_is_explained(world, client, scene, zone, value):
    # Neither local time has a UTC time: the last evening of year 9999 in California is
    # already year 10000 in UTC, the first morning of year 1 in Kiribati still year 0.
    Rhythm.objects.filter(pk=scene.rhythm.pk).update(time_zone=zone)
    data = {"starts_at": value, "sequence": scene.future.sequence}
    response = client.post(scene.url(world, "move/"), data)
    assert response.status_code == 400
    assert "at most a year from its usual date" in response.content.decode()
    scene.future.refresh_from_db()
    assert not scene.future.is_moved


def test_a_stale_cancel_is_refused(world, client, scene):
    stale = scene.future.sequence
    actions.set_facilitator(world.group_member, scene.future, None)
    response = client.post(scene.url(world, "cancel/"), {"sequence": stale})
    assert response.status_code == 409
    assert "This session changed since you opened it" in response.content.decode()
    scene.future.refresh_from_db()
    assert not scene.future.is_cancelled


def test_cancel_and_restore(world, client, scene):
    assert (
        client.post(scene.url(world, "cancel/"), {"sequence": scene.future.sequence}).status_code
        == 302
    )
    scene.future.refresh_from_db()
    assert scene.future.is_cancelled
    page = client.get(scene.url(world, "")).content.decode()
    assert "Restore the session" in page
    assert (
        client.post(scene.url(world, "restore/"), {"sequence": scene.future.sequence}).status_code
        == 302
    )
    scene.future.refresh_from_db()
    assert not scene.future.is_cancelled


def test_a_facilitator_from_outside_the_group_is_refused(world, client, scene):
    response = client.post(scene.url(world, "facilitator/"), {"person": world.host.pk})
    assert response.status_code == 400
    assert "That person is not in this group." in response.content.decode()
    scene.future.refresh_from_db()
    assert scene.future.facilitator == world.group_member


@pytest.mark.parametrize("form", ["facilitator/", "attendance/"])
def test_naming_someone_by_id_does_not_reveal_their_name(world, client, scene, form):
    # Any account's id can be typed into the form; the refusal must not tell a member the name
    # of someone from outside the community (the API answers the same way).
    session = scene.past if form == "attendance/" else scene.future
    response = client.post(
        scene.url(world, form, session), {"person": world.outsider.pk, "present": "yes"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "That person is not in this group." in body
    assert world.outsider.name not in body


# "²" passes str.isdigit() but not int(); 5000 digits pass both checks but int() refuses them.
NOT_IDS = ["²", "9" * 5000, "99999999999999999999"]


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("attendance/", "person"),
        ("facilitator/", "person"),
        ("swap/", "other"),
        ("cancel/", "sequence"),
        ("restore/", "sequence"),
        ("run/go/", "index"),
        ("run/go/", "expected_step"),
    ],
)
def test_a_number_that_is_not_one_is_refused_not_a_crash(world, client, scene, form, field, value):
    data = {"person": "", "other": "", "present": "yes", "index": "1", field: value}
    response = client.post(scene.url(world, form, scene.future), data)
    assert response.status_code in (400, 409)
    scene.future.refresh_from_db()
    assert not scene.future.is_cancelled
    assert scene.future.sequence == 0


def test_swapping_with_a_session_of_another_group_is_refused(world, client, scene):
    garden = make_scene(world, world.private_crew, name="Garden circle")
    response = client.post(scene.url(world, "swap/"), {"other": garden.future.pk})
    assert response.status_code == 400
    assert "Choose another session of this rhythm." in response.content.decode()


def test_an_unknown_practice_is_refused(world, client, scene):
    response = client.post(scene.url(world, "practice/"), {"practice": "999999"})
    assert response.status_code == 400
    scene.future.refresh_from_db()
    assert scene.future.practice is not None


def test_an_unknown_rsvp_is_refused_in_the_panel(world, client, scene):
    response = client.post(scene.url(world, "rsvp/"), {"rsvp": "perhaps"}, **HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="rsvp-panel"')
    assert "Answer yes, maybe or no." in body
    assert not scene.future.attendance.exists()


def test_rsvp_by_htmx_redraws_the_panel(world, client, scene):
    response = client.post(scene.url(world, "rsvp/"), {"rsvp": "maybe"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="rsvp-panel"')
    assert "<html" not in body
    assert 'value="maybe" aria-pressed="true"' in body
    assert scene.future.attendance.get(user=world.group_member).rsvp == "maybe"


def test_attendance_before_the_start_is_refused(world, client, scene):
    data = {"person": world.group_member.pk, "present": "yes"}
    response = client.post(scene.url(world, "attendance/"), data, **HTMX)
    assert response.status_code == 400
    assert "once the session has started" in response.content.decode()


def test_attendance_by_htmx_redraws_its_panel(world, client, scene):
    data = {"person": world.group_member.pk, "present": "no"}
    response = client.post(scene.url(world, "attendance/", scene.past), data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="attendance-panel"')
    assert "Cris Crew was not there." in body
    assert scene.past.attendance.get(user=world.group_member).present is False


# Notes and check-ins ---------------------------------------------------------------------------


def test_an_oversize_note_is_refused_and_not_saved(world, client, scene):
    before = SessionNote.objects.count()
    response = client.post(scene.url(world, "notes/"), {"text": "n" * (NOTE_MAX + 1)})
    assert response.status_code == 400
    assert f"at most {NOTE_MAX} characters; this has {NOTE_MAX + 1}" in response.content.decode()
    assert SessionNote.objects.count() == before


def test_an_oversize_note_by_htmx_keeps_the_text_in_the_panel(world, client, scene):
    response = client.post(scene.url(world, "notes/"), {"text": "n" * (NOTE_MAX + 1)}, **HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="notes-panel"')
    assert "n" * (NOTE_MAX + 1) in body


def test_a_note_by_htmx_redraws_the_notes_panel(world, client, scene):
    response = client.post(scene.url(world, "notes/"), {"text": "Bring snacks."}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="notes-panel"')
    assert "Bring snacks." in body
    assert "hx-trigger" not in body  # the session page does not poll


def test_a_note_from_the_runner_keeps_the_runners_polling(world, client, scene):
    data = {"text": "Bring snacks.", "next": "run"}
    body = client.post(scene.url(world, "notes/"), data, **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert 'name="next" value="run"' in body


def test_an_empty_note_is_refused(world, client, scene):
    before = SessionNote.objects.count()
    response = client.post(scene.url(world, "notes/"), {"text": "   "})
    assert response.status_code == 400
    assert SessionNote.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"word": "fine", "rating": "6"}, "Select a valid choice."),
        ({"word": "", "rating": "3"}, "This field is required."),
        ({"word": "w" * 41, "rating": "3"}, "at most 40 characters"),
    ],
)
def test_a_bad_check_in_is_explained(world, client, scene, data, message):
    for headers in ({}, HTMX):
        response = client.post(scene.url(world, "run/check-in/"), data, **headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not CheckIn.objects.filter(session=scene.future).exists()


def test_checking_in_again_replaces_the_first(world, client, scene):
    url = scene.url(world, "run/check-in/")
    client.post(url, {"word": "tired", "rating": "2"}, **HTMX)
    response = client.post(url, {"word": "better", "rating": "4"}, **HTMX)
    assert response.status_code == 200
    assert "better" in response.content.decode()
    checkin = CheckIn.objects.get(session=scene.future)
    assert (checkin.word, checkin.rating) == ("better", 4)
