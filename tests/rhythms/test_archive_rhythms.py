"""Archive sections for rhythms and practices: a lossless round trip, minus pods' private parts."""

import copy
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities.models import Community
from murmuration.ops import archive, demo
from murmuration.ops.archive import ArchiveError
from murmuration.rhythms import actions, practice_actions
from murmuration.rhythms.models import (
    Attendance,
    CheckIn,
    Practice,
    Rhythm,
    RotationMember,
    Session,
    SessionNote,
)

from ..cli.conftest import run
from ..conftest import make_user
from .test_api_rhythms import weekly

SECRET_WORDS = ("walking meetings", "brave")


def _empty_database() -> None:
    Community.objects.all().delete()
    User.objects.all().delete()


def _counts() -> dict[str, int]:
    return {
        "rhythms": Rhythm.objects.count(),
        "sessions": Session.objects.count(),
        "attendance": Attendance.objects.count(),
        "rotation": RotationMember.objects.count(),
        "practices": Practice.objects.filter(community__isnull=False).count(),
        "moved": sum(s.is_moved for s in Session.objects.all()),
        "cancelled": Session.objects.filter(status="cancelled").count(),
    }


@pytest.fixture
def lived_in(world) -> Community:
    """A crew with a community practice, rotation, a moved and a cancelled session, a session
    run to its end with roles, RSVPs, attendance, and a note and check-in."""
    own = practice_actions.create_practice(
        world.group_member,
        world.community,
        {
            "name": "Walk and talk",
            "roles": [{"name": "walker", "description": "Sets the pace.", "rotates": True}],
            "steps": [{"title": "Walk", "minutes": 20, "role": "walker"}],
        },
    )
    clinic = practice_actions.practice_for(world.community, "case-clinic")
    world.crew.memberships.create(user=world.member)
    third = make_user("third@example.org", "Tess Third")
    world.community.memberships.create(user=third)
    world.crew.memberships.create(user=third)
    rhythm = weekly(world, world.crew, practice=clinic, time_zone="America/New_York")
    actions.join_rotation(world.member, rhythm)
    weekly(world, world.private_crew, name="Garden walk", practice=own, recurrence="fortnightly")
    upcoming = list(rhythm.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at"))
    actions.cancel_session(world.group_member, upcoming[0])
    actions.move_session(
        world.group_member, upcoming[1], upcoming[1].starts_at + timedelta(hours=2)
    )
    actions.swap_facilitators(world.group_member, upcoming[2], upcoming[3])
    actions.set_rsvp(world.member, upcoming[2], "no")
    actions.set_rsvp(world.group_member, upcoming[2], "yes")
    held = rhythm.sessions.filter(starts_at__lt=timezone.now()).order_by("-starts_at").first()
    assert held is not None
    actions.start_session(world.group_member, held)
    actions.go_to_step(world.group_member, held, 1)
    actions.finish_session(world.group_member, held)
    actions.record_attendance(world.group_member, held, world.group_member, True)
    actions.record_attendance(world.group_member, held, world.member, False)
    actions.add_note(world.group_member, held, "We agreed to try walking meetings.")
    actions.check_in(world.group_member, held, "brave", 5)
    first = rhythm.sessions.order_by("starts_at").first()
    assert first is not None
    actions.record_attendance(world.group_member, first, third, True)
    return world.community


def test_it_round_trips_rhythms_sessions_rotation_and_practices_without_losing_anything(lived_in):
    exported = archive.dumps(archive.export_community(lived_in))
    before = _counts()
    _empty_database()
    archive.import_community(json.loads(exported))
    assert _counts() == before
    assert archive.dumps(archive.export_community(Community.objects.get())) == exported


def test_it_keeps_roles_runner_state_and_fixed_facilitators(lived_in):
    document = archive.export_community(lived_in)
    _empty_database()
    archive.import_community(document)
    finished = Session.objects.get(finished_at__isnull=False)
    assert finished.current_step == 1
    assert set(finished.roles) == {"case giver", "timekeeper"}
    assert all(User.objects.filter(pk=pk).exists() for pk in finished.roles.values())
    assert Session.objects.filter(facilitator_fixed=True).count() == 2
    rhythm = Rhythm.objects.get(name="Circle")
    assert (rhythm.time_zone, rhythm.practice.slug) == ("America/New_York", "case-clinic")  # type: ignore[union-attr]
    garden = Rhythm.objects.get(name="Garden walk")
    assert garden.practice.community_id == Community.objects.get().pk  # type: ignore[union-attr]


def test_it_leaves_notes_and_check_ins_out_of_a_community_archive(lived_in):
    exported = archive.dumps(archive.export_community(lived_in))
    for words in SECRET_WORDS:
        assert words not in exported
    _empty_database()
    archive.import_community(json.loads(exported))
    assert not SessionNote.objects.exists() and not CheckIn.objects.exists()


def test_it_round_trips_the_demo_through_the_commands(db):
    community = demo.load_demo(demo.DEFAULT_SEED)
    assert SessionNote.objects.exists()
    exported, _err = run("export", community.slug)
    before = _counts()
    _empty_database()
    run("import", "-", stdin=io.StringIO(exported))
    assert _counts() == before
    again, _err = run("export", community.slug)
    assert again == exported


# Broken archives are refused and write nothing -----------------------------------------------


def _break(document: dict, path: list, value: object) -> dict:
    broken = copy.deepcopy(document)
    target = broken
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (["rhythms", 0, "time_zone"], "Mars/Olympus_Mons", "time_zone"),
        (["rhythms", 0, "recurrence"], "FREQ=SOMETIMES", "is not a frequency"),
        (["rhythms", 0, "duration_minutes"], 1441, "duration_minutes"),
        (["rhythms", 0, "start_date"], "31/01/2030", "not a date"),
        (["rhythms", 0, "category"], "spiritual", "category"),
        (["rhythms", 0, "practice"], {"slug": "no-such", "builtin": True}, "no built-in practice"),
        (["rhythms", 0, "sessions", 0, "status"], "postponed", "status"),
        (["rhythms", 0, "sessions", 0, "facilitator"], "nobody@example.org", "people"),
        (["rhythms", 0, "sessions", 0, "attendance", 0, "present"], "yes", "present"),
        (["rhythms", 0, "rotation", 0, "joined_at"], "yesterday", "ISO 8601"),
        (["practices", 0, "steps"], [], "steps"),
    ],
)
def test_it_refuses_a_broken_archive_and_writes_nothing(lived_in, path, value, words):
    document = archive.export_community(lived_in)
    assert document["rhythms"][0]["sessions"][0]["attendance"], "the path must exist"
    broken = _break(document, path, value)
    _empty_database()
    with pytest.raises(ArchiveError, match=words):
        archive.import_community(broken)
    assert not Community.objects.exists()
    assert not Rhythm.objects.exists() and not Session.objects.exists()
    assert not Practice.objects.filter(community__isnull=False).exists()


def test_it_refuses_two_sessions_at_the_same_occurrence(lived_in):
    document = archive.export_community(lived_in)
    sessions = document["rhythms"][0]["sessions"]
    sessions.append(copy.deepcopy(sessions[0]))
    _empty_database()
    with pytest.raises(ArchiveError, match="same occurrence"):
        archive.import_community(document)
    assert not Session.objects.exists()
