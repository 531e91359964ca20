"""Single sessions: moving, cancelling, RSVPs, attendance, the rotation, notes and the runner."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from murmuration.communities import actions as community_actions
from murmuration.communities.permissions import viewer_for
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound
from murmuration.rhythms import actions, queries, sessions
from murmuration.rhythms.models import NOTE_MAX, Attendance, CheckIn, Practice, SessionNote
from tests.conftest import make_user

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = NOW

        def set(self, moment: datetime) -> None:
            self.now = moment

    pinned = Clock()
    monkeypatch.setattr(timezone, "now", lambda: pinned.now)
    return pinned


@pytest.fixture
def clinic(world):
    return Practice.objects.create(
        community=world.community,
        slug="our-clinic",
        name="Our clinic",
        steps=[
            {"title": "Check in", "minutes": 5, "guidance": "One word each."},
            {"title": "Tell the story", "minutes": 10, "guidance": "", "role": "case giver"},
            {"title": "Reflect", "minutes": 10, "guidance": ""},
        ],
        roles=[
            {"name": "case giver", "description": "", "rotates": True},
            {"name": "consultants", "description": "", "rotates": False},
        ],
    )


@pytest.fixture
def crew(world):
    """The crew with two more members, so there is someone to rotate with."""
    people = []
    for name in ("ana", "ben"):
        user = make_user(f"{name}@example.org", name.title())
        world.community.memberships.create(user=user)
        community_actions.join_group(user, world.crew)
        people.append(user)
    return people


def make_rhythm(world, **overrides):
    fields = {
        "name": "Monday check-in",
        "category": "relational",
        "recurrence": "weekly",
        "start_date": date(2029, 12, 17),  # three sessions already past at NOW
        "start_time": time(19, 0),
        "time_zone": "Europe/London",
        "duration_minutes": 60,
    }
    return actions.create_rhythm(world.group_member, world.crew, **{**fields, **overrides})


def upcoming(rhythm):
    return list(rhythm.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at"))


def past(rhythm):
    return list(rhythm.sessions.filter(starts_at__lt=timezone.now()).order_by("starts_at"))


def facilitators(rhythm):
    return [s.facilitator_id for s in upcoming(rhythm)]


# Moving and cancelling ---------------------------------------------------------------------


def test_moving_one_session_leaves_the_others(world, clock):
    rhythm = make_rhythm(world)
    first, second, third = upcoming(rhythm)[:3]
    moved = actions.move_session(world.group_member, second, utc(2030, 1, 15, 18))
    assert moved.starts_at == utc(2030, 1, 15, 18)
    assert moved.occurrence == utc(2030, 1, 14, 19)
    assert moved.sequence == second.sequence + 1
    assert moved.is_moved
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.starts_at, third.starts_at) == (utc(2030, 1, 7, 19), utc(2030, 1, 21, 19))


def test_a_stale_form_cannot_move_a_session(world, clock):
    session = upcoming(make_rhythm(world))[0]
    opened = session.sequence
    actions.move_session(world.group_member, session, utc(2030, 1, 8, 19), expected_sequence=opened)
    with pytest.raises(Conflict, match="changed since you opened it"):
        actions.move_session(
            world.group_member, session, utc(2030, 1, 9, 19), expected_sequence=opened
        )
    session.refresh_from_db()
    assert session.starts_at == utc(2030, 1, 8, 19)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (datetime(2030, 1, 8, 19), "time zone"),  # naive
        (utc(2031, 6, 1, 19), "at most a year"),
        ("tomorrow", "time zone"),
    ],
)
def test_it_refuses_a_bad_new_time(world, clock, when, message):
    session = upcoming(make_rhythm(world))[0]
    with pytest.raises(ActionError, match=message):
        actions.move_session(world.group_member, session, when)
    session.refresh_from_db()
    assert not session.is_moved and session.sequence == 0


def test_cancelling_one_session_leaves_the_rest(world, clock):
    rhythm = make_rhythm(world)
    target = upcoming(rhythm)[1]
    cancelled = actions.cancel_session(world.group_member, target)
    assert cancelled.is_cancelled and cancelled.sequence == 1
    assert [s.is_cancelled for s in upcoming(rhythm)[:3]] == [False, True, False]
    with pytest.raises(Conflict):
        actions.cancel_session(world.group_member, target)
    restored = actions.restore_session(world.group_member, target)
    assert not restored.is_cancelled and restored.sequence == 2
    with pytest.raises(Conflict):
        actions.restore_session(world.group_member, target)


def test_a_past_session_cannot_be_cancelled_once_it_ran(world, clock, clinic):
    session = upcoming(make_rhythm(world, practice=clinic))[0]
    clock.set(session.starts_at)
    actions.start_session(world.group_member, session)
    with pytest.raises(ActionError, match="already run"):
        actions.cancel_session(world.group_member, session)


# RSVPs and attendance ----------------------------------------------------------------------


def test_it_records_and_changes_an_rsvp(world, clock):
    session = upcoming(make_rhythm(world))[0]
    actions.set_rsvp(world.group_member, session, "maybe")
    actions.set_rsvp(world.group_member, session, "yes")
    assert Attendance.objects.get(session=session, user=world.group_member).rsvp == "yes"
    actions.set_rsvp(world.group_member, session, "")
    assert Attendance.objects.get(session=session, user=world.group_member).rsvp == ""
    with pytest.raises(ActionError, match="yes, maybe or no") as error:
        actions.set_rsvp(world.group_member, session, "perhaps")
    assert error.value.field == "rsvp"


def test_it_refuses_rsvps_to_a_cancelled_session(world, clock):
    session = upcoming(make_rhythm(world))[0]
    actions.cancel_session(world.group_member, session)
    with pytest.raises(ActionError, match="cancelled"):
        actions.set_rsvp(world.group_member, session, "yes")
    assert not Attendance.objects.exists()


def test_it_closes_rsvps_once_a_session_is_past_even_if_nobody_ran_it(world, clock):
    session = upcoming(make_rhythm(world))[0]
    clock.set(session.starts_at + timedelta(minutes=session.duration_minutes - 1))
    actions.set_rsvp(world.group_member, session, "yes")  # running late still counts
    clock.set(session.starts_at + timedelta(minutes=session.duration_minutes))
    with pytest.raises(ActionError, match="over"):
        actions.set_rsvp(world.group_member, session, "no")
    assert Attendance.objects.get(session=session, user=world.group_member).rsvp == "yes"


def test_attendance_is_recorded_once_the_session_started(world, clock, crew):
    rhythm = make_rhythm(world)
    ana = crew[0]
    coming = upcoming(rhythm)[0]
    with pytest.raises(ActionError, match="once the session has started"):
        actions.record_attendance(world.group_member, coming, ana, True)
    held = past(rhythm)[0]
    actions.record_attendance(world.group_member, held, ana, True)
    actions.record_attendance(world.group_member, held, world.group_member, False)
    assert dict(held.attendance.values_list("user__email", "present")) == {
        "ana@example.org": True,
        "crew@example.org": False,
    }
    with pytest.raises(ActionError, match="That person is not in this group") as error:
        actions.record_attendance(world.group_member, held, world.member, True)
    assert error.value.field == "person"


# The rotation ------------------------------------------------------------------------------


def test_people_who_join_the_rotation_take_turns_soon(world, clock, crew):
    rhythm = make_rhythm(world)
    ana, ben = crew
    me = world.group_member.pk
    actions.join_rotation(ana, rhythm)
    actions.join_rotation(ben, rhythm)
    # The creator facilitated the three past sessions; the newcomers start level with them
    # and go first, then everyone takes turns: nobody twice before everyone once.
    assert facilitators(rhythm)[:9] == [ana.pk, ben.pk, me] * 3
    counts = {p: facilitators(rhythm).count(p) for p in (me, ana.pk, ben.pk)}
    assert max(counts.values()) - min(counts.values()) <= 1
    with pytest.raises(Conflict):
        actions.join_rotation(ana, rhythm)


def test_new_sessions_continue_the_rotation(world, clock, crew):
    rhythm = make_rhythm(world, start_date=date(2030, 1, 7))
    for person in crew:
        actions.join_rotation(person, rhythm)
    planned = facilitators(rhythm)
    clock.set(NOW + timedelta(weeks=6))
    sessions.ensure_sessions(rhythm)
    everything = [s.facilitator_id for s in rhythm.sessions.order_by("starts_at")]
    assert everything[: len(planned)] == planned
    people = [world.group_member.pk, crew[0].pk, crew[1].pk]
    assert everything == [people[i % 3] for i in range(len(everything))]


def test_leaving_the_rotation_hands_your_turns_on(world, clock, crew):
    rhythm = make_rhythm(world)
    ana, _ben = crew
    actions.join_rotation(ana, rhythm)
    actions.leave_rotation(world.group_member, rhythm)
    assert set(facilitators(rhythm)) == {ana.pk}
    assert {s.facilitator_id for s in past(rhythm)} == {world.group_member.pk}  # history stays
    with pytest.raises(NotFound):
        actions.leave_rotation(world.group_member, rhythm)


def test_someone_who_left_the_group_is_out_of_the_rotation(world, clock, crew):
    rhythm = make_rhythm(world)
    ana, _ben = crew
    actions.join_rotation(ana, rhythm)
    community_actions.leave_group(ana, world.crew)
    actions.join_rotation(crew[1], rhythm)
    assert ana.pk not in facilitators(rhythm)


def test_a_facilitator_who_says_no_is_replaced(world, clock, crew):
    rhythm = make_rhythm(world)
    ana, _ben = crew
    actions.join_rotation(ana, rhythm)
    session = upcoming(rhythm)[0]
    assert session.facilitator_id == ana.pk
    actions.set_rsvp(ana, session, "no")
    session.refresh_from_db()
    assert session.facilitator_id == world.group_member.pk
    # Changing their mind gives the turn back: the plan depends only on who can come.
    actions.set_rsvp(ana, session, "yes")
    session.refresh_from_db()
    assert session.facilitator_id == ana.pk


def test_a_fixed_facilitator_who_says_no_stays(world, clock, crew):
    rhythm = make_rhythm(world)
    ana, _ben = crew
    actions.join_rotation(ana, rhythm)
    session = upcoming(rhythm)[0]
    actions.set_facilitator(world.group_member, session, ana)
    actions.set_rsvp(ana, session, "no")
    session.refresh_from_db()
    assert session.facilitator_id == ana.pk and session.facilitator_fixed


def test_nobody_facilitates_when_the_only_person_in_the_rotation_says_no(world, clock):
    session = upcoming(make_rhythm(world))[0]
    actions.set_rsvp(world.group_member, session, "no")
    session.refresh_from_db()
    assert session.facilitator_id is None


def test_swapping_trades_facilitators_and_fixes_both(world, clock, crew):
    rhythm = make_rhythm(world, start_date=date(2030, 1, 7))
    ana, _ben = crew
    actions.join_rotation(ana, rhythm)
    first, second = upcoming(rhythm)[:2]
    assert (first.facilitator_id, second.facilitator_id) == (world.group_member.pk, ana.pk)
    a, b = actions.swap_facilitators(ana, first, second)
    assert (a.facilitator_id, b.facilitator_id) == (ana.pk, world.group_member.pk)
    assert a.facilitator_fixed and b.facilitator_fixed
    # The rotation goes on around the swap without undoing it.
    actions.join_rotation(crew[1], rhythm)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.facilitator_id, b.facilitator_id) == (ana.pk, world.group_member.pk)


def test_swaps_stay_within_one_rhythm_and_upcoming_sessions(world, clock):
    rhythm = make_rhythm(world)
    other = make_rhythm(world, name="Planning", category="planning")
    with pytest.raises(ActionError, match="same rhythm"):
        actions.swap_facilitators(world.group_member, upcoming(rhythm)[0], upcoming(other)[0])
    with pytest.raises(ActionError, match="already started"):
        actions.swap_facilitators(world.group_member, past(rhythm)[0], upcoming(rhythm)[0])
    with pytest.raises(ActionError, match="two different"):
        actions.swap_facilitators(world.group_member, past(rhythm)[0], past(rhythm)[0])


def test_naming_a_facilitator_by_hand_needs_a_group_member(world, clock):
    session = upcoming(make_rhythm(world))[0]
    with pytest.raises(ActionError, match="That person is not in this group"):
        actions.set_facilitator(world.group_member, session, world.host)
    actions.set_facilitator(world.group_member, session, None)
    session.refresh_from_db()
    assert session.facilitator_id is None and session.facilitator_fixed


def test_without_rotation_facilitators_stay_as_set_by_hand(world, clock, crew):
    rhythm = make_rhythm(world, rotation_enabled=False)
    assert set(facilitators(rhythm)) == {None}
    session = upcoming(rhythm)[0]
    actions.set_facilitator(world.group_member, session, crew[0])
    actions.join_rotation(crew[1], rhythm)
    actions.set_rsvp(crew[0], session, "no")
    assert facilitators(rhythm)[:2] == [crew[0].pk, None]
    actions.update_rhythm(world.group_member, rhythm, rotation_enabled=True)
    assert facilitators(rhythm)[:3] == [crew[0].pk, crew[1].pk, crew[1].pk]


# Notes and check-ins -----------------------------------------------------------------------


def test_members_add_notes_up_to_the_limit(world, clock):
    session = past(make_rhythm(world))[0]
    note = actions.add_note(world.group_member, session, "  We agreed to try walking.  ")
    assert note.text == "We agreed to try walking." and note.author == world.group_member
    with pytest.raises(ActionError, match="at most 5000") as error:
        actions.add_note(world.group_member, session, "x" * (NOTE_MAX + 1))
    assert error.value.field == "text"
    with pytest.raises(ActionError):
        actions.add_note(world.group_member, session, "   ")
    assert SessionNote.objects.count() == 1


def test_checking_in_again_replaces_your_word(world, clock):
    session = past(make_rhythm(world))[0]
    actions.check_in(world.group_member, session, "tired", 2)
    actions.check_in(world.group_member, session, "better", 4)
    assert list(CheckIn.objects.values_list("word", "rating")) == [("better", 4)]


@pytest.mark.parametrize(
    ("word", "rating", "field"),
    [
        ("", 3, "word"),
        ("x" * 41, 3, "word"),
        ("ok", 0, "rating"),
        ("ok", 6, "rating"),
        ("ok", True, "rating"),
        ("ok", "3", "rating"),
    ],
)
def test_it_refuses_bad_check_ins(world, clock, word, rating, field):
    session = past(make_rhythm(world))[0]
    with pytest.raises(ActionError) as error:
        actions.check_in(world.group_member, session, word, rating)
    assert error.value.field == field
    assert not CheckIn.objects.exists()


# Practice, roles and the runner ------------------------------------------------------------


def test_a_practice_shares_out_its_rotating_roles(world, clock, crew, clinic):
    rhythm = make_rhythm(world, start_date=date(2030, 1, 7), practice=clinic)
    givers = [s.roles.get("case giver") for s in upcoming(rhythm)[:6]]
    me = world.group_member.pk
    # Never the facilitator (the creator, alone in the rotation) and round everyone else.
    assert me not in givers
    assert givers == [crew[0].pk, crew[1].pk] * 3
    assert all("consultants" not in s.roles for s in upcoming(rhythm))


def test_setting_a_sessions_practice_assigns_roles(world, clock, crew, clinic):
    session = upcoming(make_rhythm(world))[0]
    assert session.roles == {}
    session = actions.set_session_practice(world.group_member, session, clinic)
    assert session.practice == clinic
    assert session.roles == {"case giver": crew[0].pk}
    session = actions.set_session_practice(world.group_member, session, None)
    assert session.roles == {}


def test_a_case_giver_who_says_no_is_replaced(world, clock, crew, clinic):
    session = upcoming(make_rhythm(world, practice=clinic))[0]
    giver, other = sorted(crew, key=lambda p: p.pk != session.roles["case giver"])
    actions.set_rsvp(giver, session, "no")
    session.refresh_from_db()
    assert session.roles["case giver"] == other.pk


def test_the_runner_goes_through_the_steps(world, clock, clinic):
    session = upcoming(make_rhythm(world, practice=clinic))[0]
    clock.set(session.starts_at)
    session = actions.start_session(world.group_member, session)
    assert session.current_step == 0 and session.step_started_at == session.starts_at
    assert actions.start_session(world.group_member, session).current_step == 0  # no restart
    session = actions.go_to_step(world.group_member, session, 1, expected_step=0)
    session = actions.go_to_step(world.group_member, session, 2, expected_step=1)
    session = actions.finish_session(world.group_member, session)
    assert session.finished_at == session.starts_at
    with pytest.raises(ActionError, match="not running"):
        actions.go_to_step(world.group_member, session, 0)


def test_two_people_pressing_next_at_once_advance_one_step(world, clock, clinic):
    session = upcoming(make_rhythm(world, practice=clinic))[0]
    actions.start_session(world.group_member, session)
    actions.go_to_step(world.group_member, session, 1, expected_step=0)
    with pytest.raises(Conflict, match="already"):
        actions.go_to_step(world.group_member, session, 1, expected_step=0)
    session.refresh_from_db()
    assert session.current_step == 1


@pytest.mark.parametrize("index", [-1, 3, 99, "1"])
def test_it_refuses_a_step_that_does_not_exist(world, clock, clinic, index):
    session = upcoming(make_rhythm(world, practice=clinic))[0]
    actions.start_session(world.group_member, session)
    with pytest.raises(ActionError, match="no step") as error:
        actions.go_to_step(world.group_member, session, index)
    assert error.value.field == "index"


def test_a_session_needs_a_practice_to_run(world, clock):
    session = upcoming(make_rhythm(world))[0]
    with pytest.raises(ActionError, match="practice"):
        actions.start_session(world.group_member, session)


def test_practices_of_other_communities_are_refused(world, clock):
    elsewhere = community_actions.create_community(world.outsider, name="Elsewhere")
    theirs = Practice.objects.create(community=elsewhere, slug="theirs", name="Theirs")
    session = upcoming(make_rhythm(world))[0]
    with pytest.raises(ActionError, match="not available"):
        actions.set_session_practice(world.group_member, session, theirs)


def test_only_members_of_the_group_run_its_sessions(world, clock, clinic):
    session = upcoming(make_rhythm(world, practice=clinic))[0]
    with pytest.raises(NotAllowed):
        actions.start_session(world.host, session)
    session.refresh_from_db()
    assert session.current_step is None


def test_a_practices_facilitator_role_is_the_sessions_facilitator(world, clock, crew):
    round_ = Practice.objects.create(
        community=world.community,
        slug="our-round",
        name="Our round",
        steps=[{"title": "Round", "minutes": 10, "guidance": "", "role": "facilitator"}],
        roles=[{"name": "facilitator", "description": "", "rotates": True}],
    )
    session = upcoming(make_rhythm(world))[0]
    session = actions.set_session_practice(world.group_member, session, round_)
    # Not shared out a second time: the rotation already chose who holds the space.
    assert session.roles == {}
    detail = queries.session_detail(viewer_for(world.group_member, world.community), session.pk)
    assert detail is not None
    assert session.facilitator is not None
    assert detail.role_holders == {"facilitator": session.facilitator}


def test_a_newcomer_to_a_long_rotation_takes_one_turn_not_every_turn():
    from types import SimpleNamespace

    from murmuration.rhythms import rotation

    start = datetime(2030, 1, 1, 18, tzinfo=UTC)
    # Three people have facilitated ten sessions each, in turn.
    history = [
        SimpleNamespace(facilitator_id=(1, 2, 3)[n % 3], starts_at=start + timedelta(weeks=n))
        for n in range(30)
    ]
    candidates = sessions._candidates([1, 2, 3, 4], history)
    slots = [rotation.Slot(n, start + timedelta(weeks=30 + n)) for n in range(8)]
    plan = rotation.plan(candidates, slots)
    order = [plan[n] for n in range(8)]
    assert order[0] == 4
    assert order.count(4) == 2
    assert all(order[:4].count(p) == 1 for p in (1, 2, 3, 4))
