"""Who may do and read what, for every rhythm action and read path, for every persona.

What a pod shares inside itself (notes, check-ins, who said what) reaches its current members
only; a community host who is not in the group is refused like anyone else (DESIGN.md, rule 1).
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from murmuration.communities import actions as community_actions
from murmuration.communities.permissions import viewer_for
from murmuration.errors import NotAllowed, NotFound
from murmuration.rhythms import actions, queries
from murmuration.rhythms.models import (
    Attendance,
    CheckIn,
    Practice,
    Rhythm,
    RotationMember,
    Session,
    SessionNote,
)
from tests.conftest import PERSONAS, make_user

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def clinic(world):
    return Practice.objects.create(
        community=world.community,
        slug="our-clinic",
        name="Our clinic",
        steps=[{"title": "Round", "minutes": 5}, {"title": "Close", "minutes": 5}],
        roles=[{"name": "case giver", "rotates": True}],
    )


def make_rhythm(world, group, **overrides):
    fields = {
        "name": "Monday check-in",
        "category": "relational",
        "recurrence": "weekly",
        "start_date": date(2029, 12, 17),
        "start_time": time(19),
        "time_zone": "Europe/London",
        "duration_minutes": 60,
    }
    return actions.create_rhythm(world.group_member, group, **{**fields, **overrides})


class Scene:
    """A rhythm in the group under test, with a past and two upcoming sessions."""

    def __init__(self, world, group, clinic):
        self.world, self.group, self.clinic = world, group, clinic
        self.rhythm = make_rhythm(world, group, practice=clinic)
        ordered = list(self.rhythm.sessions.order_by("starts_at"))
        self.past = ordered[0]
        self.next, self.later = [s for s in ordered if s.starts_at > NOW][:2]


def _nothing(scene):
    pass


def _started(scene):
    actions.start_session(scene.world.group_member, scene.next)


def _cancelled(scene):
    actions.cancel_session(scene.world.group_member, scene.next)


def _out_of_rotation(scene):
    RotationMember.objects.filter(user=scene.world.group_member).delete()


def _create(scene, user):
    return actions.create_rhythm(
        user,
        scene.group,
        name="Mine",
        category="working",
        recurrence="weekly",
        start_date=date(2030, 1, 7),
        start_time=time(9),
        time_zone="UTC",
        duration_minutes=30,
    )


# Each action: what the group member prepares first, then the action by the persona under test.
ACTIONS = {
    "create_rhythm": (_nothing, _create),
    "update_rhythm": (_nothing, lambda s, u: actions.update_rhythm(u, s.rhythm, name="Renamed")),
    "end_rhythm": (_nothing, lambda s, u: actions.end_rhythm(u, s.rhythm)),
    "move_session": (
        _nothing,
        lambda s, u: actions.move_session(u, s.next, NOW + timedelta(days=2)),
    ),
    "cancel_session": (_nothing, lambda s, u: actions.cancel_session(u, s.next)),
    "restore_session": (_cancelled, lambda s, u: actions.restore_session(u, s.next)),
    "set_rsvp": (_nothing, lambda s, u: actions.set_rsvp(u, s.next, "yes")),
    "record_attendance": (
        _nothing,
        lambda s, u: actions.record_attendance(u, s.past, s.world.group_member, True),
    ),
    "join_rotation": (_out_of_rotation, lambda s, u: actions.join_rotation(u, s.rhythm)),
    "leave_rotation": (_nothing, lambda s, u: actions.leave_rotation(u, s.rhythm)),
    "swap_facilitators": (_nothing, lambda s, u: actions.swap_facilitators(u, s.next, s.later)),
    "set_facilitator": (
        _nothing,
        lambda s, u: actions.set_facilitator(u, s.next, s.world.group_member),
    ),
    "add_note": (_nothing, lambda s, u: actions.add_note(u, s.past, "Private to the pod")),
    "check_in": (_nothing, lambda s, u: actions.check_in(u, s.past, "calm", 4)),
    "set_session_practice": (
        _nothing,
        lambda s, u: actions.set_session_practice(u, s.next, None),
    ),
    "start_session": (_nothing, lambda s, u: actions.start_session(u, s.next)),
    "go_to_step": (_started, lambda s, u: actions.go_to_step(u, s.next, 1)),
    "finish_session": (_started, lambda s, u: actions.finish_session(u, s.next)),
}

EXPECTED = {
    # persona: (error in the open crew, error in the private crew); None means allowed
    "anonymous": (NotAllowed, NotAllowed),
    "outsider": (NotFound, NotFound),
    "member": (NotAllowed, NotFound),
    "group_member": (None, None),
    "host": (NotAllowed, NotAllowed),
}


def snapshot():
    """Everything the actions can write, to show that a refused one wrote nothing."""
    return (
        list(Rhythm.objects.order_by("pk").values()),
        list(Session.objects.order_by("pk").values()),
        list(Attendance.objects.order_by("pk").values()),
        list(CheckIn.objects.order_by("pk").values()),
        list(SessionNote.objects.order_by("pk").values()),
        list(RotationMember.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("group_name", ["crew", "private_crew"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_admits_only_the_groups_members(world, clinic, action, persona, group_name):
    scene = Scene(world, getattr(world, group_name), clinic)
    user = world.user_for(persona) or AnonymousUser()
    expected = EXPECTED[persona][group_name == "private_crew"]
    prepare, act = ACTIONS[action]
    prepare(scene)
    if expected is None:
        act(scene, user)
        return
    before = snapshot()
    with pytest.raises(expected) as error:
        act(scene, user)
    assert snapshot() == before
    assert "Secret Garden" not in error.value.message


# Reading -----------------------------------------------------------------------------------


@pytest.fixture
def shared(world, clinic):
    """A crew session with a note, a check-in and RSVPs from two members."""
    scene = Scene(world, world.crew, clinic)
    actions.add_note(world.group_member, scene.past, "Ana is struggling; we will call her.")
    actions.check_in(world.group_member, scene.past, "heavy", 2)
    actions.set_rsvp(world.group_member, scene.next, "yes")
    return scene


def viewer(world, persona):
    return viewer_for(world.user_for(persona) or AnonymousUser(), world.community)


def test_group_members_read_notes_and_check_ins(world, shared):
    detail = queries.session_detail(viewer(world, "group_member"), shared.past.pk)
    assert detail.can_read_private
    assert [n.text for n in detail.notes] == ["Ana is struggling; we will call her."]
    assert [(c.word, c.rating) for c in detail.checkins] == [("heavy", 2)]


@pytest.mark.parametrize("persona", ["host", "member"])
def test_a_host_or_member_outside_the_group_sees_the_time_but_nothing_shared(
    world, shared, persona
):
    detail = queries.session_detail(viewer(world, persona), shared.past.pk)
    assert detail is not None and detail.session.starts_at == shared.past.starts_at
    assert not detail.can_read_private and not detail.can_take_part
    assert (detail.notes, detail.checkins, detail.attendance, detail.role_holders) == (
        [],
        [],
        [],
        {},
    )


def test_aggregates_reach_a_host_but_not_who_said_what(world, shared):
    detail = queries.session_detail(viewer(world, "host"), shared.next.pk)
    assert detail.counts["yes"] == 1
    assert detail.attendance == []


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_people_outside_the_community_see_no_session(world, shared, persona):
    assert queries.session_detail(viewer(world, persona), shared.past.pk) is None
    assert queries.upcoming_sessions(viewer(world, persona), world.crew) == []
    assert queries.rhythms_for_group(viewer(world, persona), world.crew) == []


def test_a_private_groups_sessions_are_hidden_from_other_members(world, clinic):
    scene = Scene(world, world.private_crew, clinic)
    actions.add_note(world.group_member, scene.past, "Only for us")
    member = viewer(world, "member")
    assert queries.session_detail(member, scene.past.pk) is None
    assert queries.upcoming_sessions(member, world.private_crew) == []
    host_view = queries.session_detail(viewer(world, "host"), scene.past.pk)
    assert host_view is not None and host_view.notes == []


def test_someone_who_left_the_group_no_longer_reads_its_notes(world, shared):
    community_actions.leave_group(world.group_member, world.crew)
    detail = queries.session_detail(viewer(world, "group_member"), shared.past.pk)
    assert detail is not None and detail.notes == [] and not detail.can_read_private
    with pytest.raises(NotAllowed):
        actions.add_note(world.group_member, shared.past, "Still here?")


def test_a_session_id_from_another_community_is_not_found(world, shared):
    elsewhere = community_actions.create_community(world.outsider, name="Elsewhere")
    outside = viewer_for(world.outsider, elsewhere)
    assert queries.session_detail(outside, shared.past.pk) is None


# Lists and their query budgets -------------------------------------------------------------


def test_upcoming_sessions_carry_counts_and_my_rsvp(world, shared):
    ana = make_user("ana@example.org", "Ana")
    world.community.memberships.create(user=ana)
    community_actions.join_group(ana, world.crew)
    actions.set_rsvp(ana, shared.next, "no")
    listed = queries.upcoming_sessions(viewer(world, "group_member"), world.crew)
    first = listed[0]
    assert first.pk == shared.next.pk
    assert (first.yes_count, first.maybe_count, first.no_count) == (1, 0, 1)
    assert first.my_rsvp == "yes"
    assert first.facilitator == world.group_member and first.practice == shared.clinic
    assert queries.upcoming_sessions(viewer(world, "host"), world.crew)[0].my_rsvp is None


def test_my_sessions_cover_every_group_i_am_in(world, clinic):
    crew = Scene(world, world.crew, clinic)
    private = Scene(world, world.private_crew, clinic)
    mine = queries.my_sessions(world.group_member, start=NOW, end=NOW + timedelta(weeks=2))
    assert {s.pk for s in mine} == {crew.next.pk, crew.later.pk, private.next.pk, private.later.pk}
    assert queries.my_sessions(world.host, start=NOW, end=NOW + timedelta(weeks=2)) == []


def test_a_group_membership_left_behind_in_a_community_shows_no_session(world, clinic):
    # A join racing a departure from the community can leave a group membership behind
    # without the community membership; the calendar feed already ignores it, and "my
    # sessions" on every path must too, or a private group's name outlives the person's place.
    from django.core.management import call_command

    from murmuration.communities.models import Membership
    from tests.api.conftest import api_as

    Scene(world, world.private_crew, clinic)
    Membership.objects.filter(community=world.community, user=world.group_member).delete()
    assert world.private_crew.memberships.filter(user=world.group_member).exists()
    assert queries.my_sessions(world.group_member, start=NOW, end=NOW + timedelta(weeks=2)) == []
    page = world.client_for("group_member").get("/me/sessions/").content.decode()
    assert "Secret Garden" not in page
    api = api_as(world.group_member).get("/me/sessions").json()
    assert api["items"] == []
    from io import StringIO

    out = StringIO()
    call_command("sessions", "list", world.group_member.email, stdout=out)
    assert "Secret Garden" not in out.getvalue()


def test_the_rhythm_list_shows_the_next_session_and_the_rotation(world, shared):
    (rhythm,) = queries.rhythms_for_group(viewer(world, "group_member"), world.crew)
    assert rhythm.next_start == shared.next.starts_at
    assert (rhythm.rotation_size, rhythm.in_rotation) == (1, True)
    (seen_by_host,) = queries.rhythms_for_group(viewer(world, "host"), world.crew)
    assert seen_by_host.in_rotation is False


def _count(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def _crowd(world, scene, size):
    for n in range(size):
        person = make_user(f"p{n}@example.org", f"P{n}")
        world.community.memberships.create(user=person)
        community_actions.join_group(person, world.crew)
        actions.set_rsvp(person, scene.next, ["yes", "maybe", "no"][n % 3])
        actions.add_note(person, scene.past, f"note {n}")
        actions.check_in(person, scene.past, f"word{n}", 1 + n % 5)
        actions.record_attendance(person, scene.past, person, True)


def test_read_paths_cost_the_same_however_much_there_is(world, clinic):
    scene = Scene(world, world.crew, clinic)
    me = viewer(world, "group_member")
    reads = {
        "upcoming": lambda: queries.upcoming_sessions(me, world.crew),
        "mine": lambda: queries.my_sessions(
            world.group_member, start=NOW - timedelta(weeks=4), end=NOW + timedelta(weeks=12)
        ),
        "rhythms": lambda: queries.rhythms_for_group(me, world.crew),
        "detail": lambda: queries.session_detail(me, scene.past.pk),
    }
    small = {name: _count(read) for name, read in reads.items()}
    _crowd(world, scene, 9)
    make_rhythm(world, world.crew, name="Second rhythm")
    large = {name: _count(read) for name, read in reads.items()}
    assert large == small
    assert small == {"upcoming": 2, "mine": 1, "rhythms": 2, "detail": 5}
