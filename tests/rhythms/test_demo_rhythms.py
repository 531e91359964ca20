"""The demo's rhythms: every group meets, with six weeks of history and twelve weeks to come."""

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import viewer_for
from murmuration.cycles.models import Commitment
from murmuration.ops import demo
from murmuration.rhythms import queries, sessions
from murmuration.rhythms.models import (
    Attendance,
    CheckIn,
    Rhythm,
    RotationMember,
    Session,
    SessionNote,
)


@pytest.fixture
def community(db) -> Community:
    return demo.load_demo(demo.DEFAULT_SEED)


def test_every_group_has_one_or_two_rhythms_in_its_callers_time_zone(community):
    groups = Group.objects.filter(community=community).select_related("caller")
    for group in groups.annotate(rhythm_count=Count("rhythms")):
        assert 1 <= group.rhythm_count <= 2, group.name  # type: ignore[attr-defined]
        if group.caller is None:
            # A pod a round formed without a caller meets in its members' most common zone.
            continue
        for rhythm in group.rhythms.all():
            assert rhythm.time_zone == group.caller.time_zone  # type: ignore[union-attr]
            assert rhythm.rotation_enabled
            # The one pod that closed its commitment (see ops/demo/cycles.py) ended its rhythm.
            closed = rhythm.commitments.filter(status="closed").exists()
            assert (rhythm.ended_at is None) != closed


def test_the_rhythms_vary_in_tempo_category_and_practice(community):
    rhythms = Rhythm.objects.select_related("practice")
    assert {r.rrule for r in rhythms} == {"FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2"}
    assert {r.category for r in rhythms} == {"relational", "planning", "working", "learning"}
    practices = {r.practice.slug for r in rhythms if r.practice}
    assert {"check-in-round", "case-clinic"} <= practices
    assert any(r.practice is None for r in rhythms)
    assert len({r.time_zone for r in rhythms}) >= 3


def test_sessions_reach_six_weeks_back_and_twelve_weeks_ahead(community):
    now = timezone.now()
    held = Session.objects.filter(starts_at__lt=now)
    assert held.exists()
    assert held.order_by("starts_at").first().starts_at > now - timedelta(weeks=6, days=1)  # type: ignore[union-attr]
    for rhythm in Rhythm.objects.filter(ended_at__isnull=True):
        last = rhythm.sessions.order_by("-starts_at").first()
        gap = timedelta(weeks=2 if "INTERVAL=2" in rhythm.rrule else 1)
        assert sessions.horizon(now) - gap < last.starts_at < sessions.horizon(now)  # type: ignore[union-attr]


def test_attendance_is_recorded_for_every_session_held_and_rsvps_for_what_comes(community):
    now = timezone.now()
    for session in Session.objects.filter(starts_at__lt=now):
        recorded = Attendance.objects.filter(session=session, present__isnull=False)
        assert recorded.filter(present=True).exists(), session
        # Only people who were in the group by then were there.
        joined = {m.user_id: m.joined_at for m in session.group.memberships.all()}
        assert all(joined[a.user_id] <= session.starts_at for a in recorded)
        assert recorded.filter(user_id=session.facilitator_id, present=True).exists()
    assert Attendance.objects.filter(session__starts_at__gt=now, rsvp="yes").exists()
    assert Attendance.objects.filter(session__starts_at__gt=now, rsvp="no").exists()


def test_facilitation_rotated_among_people_who_were_there(community):
    now = timezone.now()
    for rhythm in Rhythm.objects.all():
        rotation = set(RotationMember.objects.filter(rhythm=rhythm).values_list("user", flat=True))
        held = rhythm.sessions.filter(starts_at__lt=now, status="scheduled")
        assert {s.facilitator_id for s in held} <= rotation
    turns = Session.objects.filter(rhythm__group__slug="welcome-crew").values_list(
        "facilitator", flat=True
    )
    assert len(set(turns)) > 1


def test_pods_share_check_ins_and_notes_only_among_themselves(community):
    assert CheckIn.objects.count() >= 10
    assert SessionNote.objects.count() >= 4
    assert all(
        c.session.starts_at < c.created_at for c in CheckIn.objects.select_related("session")
    )
    care = Session.objects.filter(group__is_private=True, notes__isnull=False).first()
    assert care is not None
    host = User.objects.get(email=demo.HOST_EMAIL)
    detail = queries.session_detail(viewer_for(host, community), care.pk)
    assert detail is not None, "hosts see the private group's schedule"
    assert (detail.notes, detail.checkins) == ([], [])


def test_one_session_is_moved_and_one_cancelled_where_the_demo_member_sees_them(community):
    moved = [s for s in Session.objects.all() if s.is_moved]
    # Sessions after a commitment's review gate are held (cancelled) until the pod renews.
    held = {pk for c in Commitment.objects.all() for pk in c.held_sessions}
    cancelled = list(Session.objects.filter(status="cancelled").exclude(pk__in=held))
    assert len(moved) == len(cancelled) == 1
    member = User.objects.get(email=demo.MEMBER_EMAIL)
    mine = queries.my_sessions(
        member, start=timezone.now(), end=timezone.now() + timedelta(weeks=12)
    )
    assert {moved[0].pk, cancelled[0].pk} <= {s.pk for s in mine}


def _schedule() -> list[tuple[object, ...]]:
    return list(
        Session.objects.order_by("rhythm__group__name", "rhythm__name", "occurrence").values_list(
            "rhythm__group__name",
            "rhythm__name",
            "rhythm__time_zone",
            "occurrence",
            "starts_at",
            "status",
            "facilitator__email",
            "practice__slug",
        )
    )


def test_the_same_seed_gives_the_same_schedule(db):
    demo.load_demo(3)
    first = _schedule(), sorted(CheckIn.objects.values_list("user__email", "word", "rating"))
    Community.objects.all().delete()
    User.objects.all().delete()
    demo.load_demo(3)
    second = _schedule(), sorted(CheckIn.objects.values_list("user__email", "word", "rating"))
    assert first == second
