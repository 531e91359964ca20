"""`murmur sessions ensure` tops running rhythms up; `murmur sessions list` shows a member's."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from murmuration.__main__ import main
from murmuration.rhythms import actions, sessions
from murmuration.rhythms.models import Rhythm, Session

from ..cli.conftest import run
from .test_api_rhythms import weekly


def _last_start(rhythm: Rhythm) -> datetime:
    return rhythm.sessions.order_by("-starts_at").values_list("starts_at", flat=True)[0]


def test_it_plans_every_running_rhythm_up_to_the_horizon(world, monkeypatch):
    crew = weekly(world, world.crew)
    garden = weekly(world, world.private_crew, recurrence="fortnightly")
    ended = weekly(world, world.crew, name="Old")
    actions.end_rhythm(world.group_member, ended)
    ended_count = ended.sessions.count()
    # Three weeks pass without the job running.
    later = timezone.now() + timedelta(weeks=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    out, _err = run("sessions", "ensure", verbosity=0)
    assert "running rhythms" in out
    for rhythm in (crew, garden):
        assert sessions.horizon(later) - _last_start(rhythm) < timedelta(
            weeks=2 if rhythm == garden else 1
        )
    assert ended.sessions.count() == ended_count
    assert "Created 4 sessions for 2 running rhythms" in out  # three weekly, one fortnightly


def test_running_it_again_changes_nothing(world):
    rhythm = weekly(world, world.crew)
    actions.cancel_session(
        world.group_member, rhythm.sessions.filter(starts_at__gt=timezone.now()).first()
    )
    before = list(
        Session.objects.order_by("pk").values_list(
            "pk", "starts_at", "status", "sequence", "facilitator"
        )
    )
    out, _err = run("sessions", "ensure", verbosity=0)
    assert "Created 0 sessions for 1 running rhythms" in out
    after = list(
        Session.objects.order_by("pk").values_list(
            "pk", "starts_at", "status", "sequence", "facilitator"
        )
    )
    assert after == before


def test_it_plans_further_ahead_when_asked_and_gives_turns_fairly(world):
    other = world.member
    world.crew.memberships.create(user=other)
    rhythm = weekly(world, world.crew)
    actions.join_rotation(other, rhythm)
    run("sessions", "ensure", "--weeks", "30", verbosity=0)
    assert timezone.now() + timedelta(weeks=29) < _last_start(rhythm)
    future = rhythm.sessions.filter(starts_at__gt=timezone.now())
    turns = [s.facilitator_id for s in future.order_by("starts_at")]
    assert abs(turns.count(other.pk) - turns.count(world.group_member.pk)) <= 3  # 3: history


def test_it_draws_a_progress_bar_on_stderr(world):
    weekly(world, world.crew)
    _out, err = run("sessions", "ensure", verbosity=1)
    assert "Planning sessions" in err


@pytest.mark.parametrize("weeks", ["0", "53", "many"])
def test_it_refuses_a_horizon_out_of_range(db, weeks):
    with pytest.raises(CommandError):
        run("sessions", "ensure", "--weeks", weeks, verbosity=0)


def test_it_lists_a_members_sessions_in_their_own_time_zone(world):
    world.group_member.time_zone = "Asia/Kolkata"
    world.group_member.save()
    start = timezone.localdate() + timedelta(days=1)
    actions.create_rhythm(
        world.group_member,
        world.crew,
        name="Morning circle",
        category="relational",
        recurrence="weekly",
        start_date=start,
        start_time=time(19, 0),
        time_zone="UTC",
        duration_minutes=60,
    )
    out, _err = run("sessions", "list", "CREW@example.org", "--days", "9")
    lines = out.splitlines()
    assert lines[0] == "Sessions of Cris Crew in the next 9 days, in Asia/Kolkata:"
    first = datetime.combine(start, time(19), tzinfo=UTC).astimezone(
        timezone.get_fixed_timezone(330)
    )
    assert f"{first:%a %d %b} 00:30–01:30" in lines[1]
    assert "Morning Crew: Morning circle" in lines[1]
    assert f"({datetime.combine(start, time(19)):%a} 19:00 UTC)" in lines[1]
    assert "facilitator Cris Crew" in lines[1]
    assert len(lines) == 3  # this week's and next week's


def test_it_marks_cancelled_and_moved_sessions(world):
    rhythm = weekly(world, world.crew)
    first, second = rhythm.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at")[:2]
    actions.cancel_session(world.group_member, first)
    actions.move_session(world.group_member, second, second.starts_at + timedelta(hours=2))
    out, _err = run("sessions", "list", "crew@example.org", "--days", "15")
    lines = out.splitlines()[1:]
    assert "CANCELLED" in lines[0]
    assert "moved" in lines[1] and "21:00" in lines[1]


def test_it_lists_nothing_for_someone_in_no_group(world):
    out, _err = run("sessions", "list", "member@example.org")
    assert out.splitlines()[1:] == ["  none"]


def test_it_exits_with_status_1_for_an_unknown_email(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["murmur", "sessions", "list", "nobody@example.org"])
    assert exit_info.value.code == 1
    assert "nobody@example.org" in capsys.readouterr().err
