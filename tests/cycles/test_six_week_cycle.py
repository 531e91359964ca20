"""A six-week commitment runs start to end with the clock moving: it counts its sessions, opens
its review gate the moment the last session ends, and does not run on past it."""

from datetime import timedelta

import pytest

from murmuration.cycles import actions
from murmuration.cycles.actions.gate import progress_of
from murmuration.cycles.models import Commitment, Retrospective
from murmuration.errors import ActionError
from murmuration.rhythms import actions as rhythm_actions
from murmuration.rhythms.models import Session

from .conftest import FIRST_TUESDAY, at, running, weekly


def fresh(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_related("rhythm", "group").get(pk=commitment.pk)


def test_a_six_week_commitment_reaches_its_review_on_time_and_refuses_to_run_past_it(pod, clock):
    rhythm = weekly(pod)
    commitment = running(pod, rhythm)
    assert progress_of(fresh(commitment)).total == 6
    assert progress_of(fresh(commitment)).held == 0

    for week in range(6):
        tuesday = FIRST_TUESDAY + timedelta(weeks=week)
        clock.move_to(at(tuesday, 19, 30))
        actions.catch_up(pod.group)
        progress = progress_of(fresh(commitment))
        assert (progress.held, progress.total) == (week + 1, 6)
        assert fresh(commitment).status == Commitment.Status.ACTIVE

    last_end = at(FIRST_TUESDAY + timedelta(weeks=5), 20, 0)
    clock.move_to(last_end - timedelta(minutes=1))
    actions.catch_up(pod.group)
    assert fresh(commitment).status == Commitment.Status.ACTIVE

    clock.move_to(last_end)
    actions.catch_up(pod.group)
    reviewed = fresh(commitment)
    assert reviewed.status == Commitment.Status.REVIEW
    assert reviewed.review_from == last_end

    # It does not run on: the sessions after the gate are held, the runner refuses them, the
    # count stays at six, and nobody can join a commitment that has ended.
    later = list(Session.objects.filter(rhythm=rhythm, starts_at__gt=last_end))
    assert later and all(s.is_cancelled for s in later)
    assert sorted(reviewed.held_sessions) == sorted(s.pk for s in later)
    clock.move_to(later[0].starts_at + timedelta(minutes=5))
    with pytest.raises(ActionError, match="cancelled"):
        rhythm_actions.start_session(pod.ana, later[0])
    progress = progress_of(fresh(commitment))
    assert (progress.held, progress.total) == (6, 6)
    outsider_to_it = pod.world.member
    with pytest.raises(ActionError):
        actions.opt_in(outsider_to_it, commitment)


def test_the_review_opens_on_time_even_when_nobody_looks_until_later(pod, clock):
    """Catching up days later still dates the gate at the last session's end."""
    commitment = running(pod, weekly(pod))
    last_end = at(FIRST_TUESDAY + timedelta(weeks=5), 20, 0)
    clock.move_to(last_end + timedelta(days=3))
    actions.catch_up_all()
    assert fresh(commitment).status == Commitment.Status.REVIEW
    assert fresh(commitment).review_from == last_end


def test_its_last_session_is_a_retrospective_by_default(pod, clock):
    commitment = running(pod, weekly(pod))
    last = progress_of(fresh(commitment)).last
    assert last is not None
    assert last.starts_at == at(FIRST_TUESDAY + timedelta(weeks=5), 19, 0)
    retro = Retrospective.objects.get(session=last)
    assert retro.commitment_id == commitment.pk
    last.refresh_from_db()
    assert last.practice is not None and last.practice.is_retrospective


def test_a_cancelled_session_does_not_count_so_the_commitment_meets_six_times(pod, clock):
    rhythm = weekly(pod)
    commitment = running(pod, rhythm)
    second = Session.objects.filter(rhythm=rhythm).order_by("starts_at")[1]
    rhythm_actions.cancel_session(pod.ana, second)
    progress = progress_of(fresh(commitment))
    assert progress.last is not None
    assert progress.last.starts_at == at(FIRST_TUESDAY + timedelta(weeks=6), 19, 0)


def test_a_commitment_bounded_by_a_date_ends_with_its_last_session_before_that_date(pod, clock):
    rhythm = weekly(pod)
    commitment = actions.propose_commitment(
        pod.ana,
        pod.group,
        rhythm=rhythm,
        starts_on=FIRST_TUESDAY,
        ends_on=FIRST_TUESDAY + timedelta(days=20),
    )
    actions.opt_in(pod.ben, commitment)
    actions.start_commitment(pod.ana, commitment)
    progress = progress_of(fresh(commitment))
    assert progress.total == 3
    clock.move_to(at(FIRST_TUESDAY + timedelta(weeks=2), 20, 0))
    actions.catch_up(pod.group)
    assert fresh(commitment).status == Commitment.Status.REVIEW


def test_ending_the_rhythm_early_brings_the_review_after_its_last_session(pod, clock):
    rhythm = weekly(pod)
    commitment = running(pod, rhythm)
    clock.move_to(at(FIRST_TUESDAY + timedelta(weeks=1), 21, 0))
    rhythm_actions.end_rhythm(pod.ana, rhythm)
    actions.catch_up(pod.group)
    reviewed = fresh(commitment)
    assert reviewed.status == Commitment.Status.REVIEW
    assert reviewed.review_from == at(FIRST_TUESDAY + timedelta(weeks=1), 20, 0)
