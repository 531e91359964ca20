"""The review gate: private choices, then renew with whoever continues, or close with a note."""

import itertools
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest

from murmuration.communities.models import GroupMembership
from murmuration.cycles import actions
from murmuration.cycles.actions.gate import progress_of
from murmuration.cycles.actions.review import GRACE
from murmuration.cycles.models import Commitment, ReviewChoice
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound
from murmuration.rhythms.models import Practice, Session

from .conftest import FIRST_TUESDAY, at, running, weekly

LAST_END = at(FIRST_TUESDAY + timedelta(weeks=5), 20, 0)


@pytest.fixture
def at_review(pod, clock):
    rhythm = weekly(pod)
    commitment = running(pod, rhythm)
    clock.move_to(LAST_END + timedelta(hours=1))
    actions.catch_up(pod.group)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.REVIEW
    return commitment


def test_choosing_again_replaces_the_first_choice(pod, at_review):
    actions.choose_review(pod.ben, at_review, "continue")
    actions.choose_review(pod.ben, at_review, "step_out")
    assert list(ReviewChoice.objects.values_list("user_id", "choice")) == [(pod.ben.pk, "step_out")]


def test_choices_wait_for_the_review(pod, clock):
    commitment = running(pod, weekly(pod))
    with pytest.raises(ActionError, match="review opens"):
        actions.choose_review(pod.ben, commitment, "continue")
    assert not ReviewChoice.objects.exists()


def test_an_unknown_choice_names_the_field(pod, at_review):
    with pytest.raises(ActionError) as error:
        actions.choose_review(pod.ben, at_review, "maybe")
    assert error.value.field == "choice"
    assert not ReviewChoice.objects.exists()


@pytest.mark.parametrize("persona", ["member", "host"])
def test_only_people_in_the_commitment_choose(pod, at_review, persona):
    with pytest.raises(NotAllowed):
        actions.choose_review(getattr(pod.world, persona), at_review, "continue")


def test_an_outsider_learns_nothing_about_a_private_groups_commitment(pod, clock):
    with pytest.raises(NotFound):
        actions.propose_commitment(
            pod.world.member,
            pod.world.private_crew,
            rhythm=None,
            starts_on=FIRST_TUESDAY,
            session_count=6,
        )


def test_two_continue_one_steps_out_and_the_pod_renews_with_a_changed_rhythm(pod, at_review):
    actions.choose_review(pod.ana, at_review, "continue")
    actions.choose_review(pod.ben, at_review, "change")
    actions.choose_review(pod.cai, at_review, "step_out")
    fortnightly = Practice.objects.get(community=None, slug="check-in-round")
    renewed = actions.renew_commitment(
        pod.ana,
        at_review,
        session_count=4,
        recurrence_rule="fortnightly",
        start_time=time(18, 30),
        practice=fortnightly,
    )
    at_review.refresh_from_db()
    assert at_review.status == Commitment.Status.RENEWED
    assert renewed.previous_id == at_review.pk
    assert renewed.status == Commitment.Status.ACTIVE
    assert renewed.session_count == 4
    assert {m.user_id for m in renewed.members.all()} == {pod.ana.pk, pod.ben.pk}
    # Cai stepped out: out of the pod, with no trace of why in anything the others read.
    assert not GroupMembership.objects.filter(group=pod.group, user=pod.cai).exists()
    rhythm = renewed.rhythm
    assert rhythm.rrule == "FREQ=WEEKLY;INTERVAL=2"
    assert rhythm.start_time == time(18, 30)
    upcoming = Session.objects.filter(
        rhythm=rhythm, starts_at__gt=LAST_END, status=Session.Status.SCHEDULED
    ).order_by("starts_at")
    local = [s.starts_at.astimezone(ZoneInfo("Europe/London")) for s in upcoming]
    assert local and {moment.time() for moment in local} == {time(18, 30)}
    assert all((b.date() - a.date()).days == 14 for a, b in itertools.pairwise(local))
    assert progress_of(renewed).total == 4


def test_renewing_without_changes_restores_the_held_sessions(pod, at_review):
    held = set(at_review.held_sessions)
    for person in pod.people:
        actions.choose_review(person, at_review, "continue")
    renewed = actions.renew_commitment(pod.ben, at_review)
    assert renewed.session_count == 6
    back = Session.objects.filter(pk__in=held, status=Session.Status.SCHEDULED)
    assert back.count() == len(held)


def test_renewing_waits_for_everyone_until_a_week_has_passed(pod, at_review, clock):
    actions.choose_review(pod.ana, at_review, "continue")
    actions.choose_review(pod.ben, at_review, "continue")
    with pytest.raises(Conflict, match="1 of you have not chosen"):
        actions.renew_commitment(pod.ana, at_review)
    assert Commitment.objects.count() == 1
    clock.move_to(LAST_END + GRACE + timedelta(minutes=1))
    renewed = actions.renew_commitment(pod.ana, at_review)
    # Cai never chose: not carried into the next commitment, but still in the group.
    assert {m.user_id for m in renewed.members.all()} == {pod.ana.pk, pod.ben.pk}
    assert GroupMembership.objects.filter(group=pod.group, user=pod.cai).exists()


def test_a_pod_with_fewer_than_two_continuing_cannot_renew(pod, at_review):
    actions.choose_review(pod.ana, at_review, "continue")
    actions.choose_review(pod.ben, at_review, "step_out")
    actions.choose_review(pod.cai, at_review, "step_out")
    with pytest.raises(ActionError, match="close it with a note"):
        actions.renew_commitment(pod.ana, at_review)
    at_review.refresh_from_db()
    assert at_review.status == Commitment.Status.REVIEW
    assert GroupMembership.objects.filter(group=pod.group).count() == 3


def test_someone_who_steps_out_cannot_renew_for_the_others(pod, at_review):
    actions.choose_review(pod.cai, at_review, "step_out")
    with pytest.raises(NotAllowed, match="continue before renewing"):
        actions.renew_commitment(pod.cai, at_review)


def test_a_bad_rhythm_change_renews_nothing(pod, at_review):
    for person in pod.people:
        actions.choose_review(person, at_review, "continue")
    with pytest.raises(ActionError) as error:
        actions.renew_commitment(pod.ana, at_review, recurrence_rule="FREQ=SOMETIMES")
    assert error.value.field == "recurrence"
    at_review.refresh_from_db()
    assert at_review.status == Commitment.Status.REVIEW
    assert Commitment.objects.count() == 1
    assert at_review.rhythm.rrule == "FREQ=WEEKLY"


def test_closing_at_the_review_needs_a_note_and_ends_the_rhythm(pod, at_review):
    with pytest.raises(ActionError) as error:
        actions.close_commitment(pod.ana, at_review, "   ")
    assert error.value.field == "closing_note"
    closed = actions.close_commitment(pod.ana, at_review, "Six good weeks. Thank you all.")
    assert closed.status == Commitment.Status.CLOSED
    assert closed.closing_note == "Six good weeks. Thank you all."
    closed.rhythm.refresh_from_db()
    assert closed.rhythm.ended_at is not None
    assert not Session.objects.filter(rhythm=closed.rhythm, starts_at__gt=LAST_END).exists()


def test_acting_on_a_closed_commitment_is_refused_with_nothing_changed(pod, at_review):
    actions.close_commitment(pod.ana, at_review, "Done.")
    with pytest.raises(Conflict, match="already been decided"):
        actions.close_commitment(pod.ben, at_review, "Again")
    with pytest.raises(Conflict, match="already been decided"):
        actions.choose_review(pod.ben, at_review, "continue")
    with pytest.raises(ActionError, match="over"):
        actions.opt_in(pod.world.group_member, at_review)
    at_review.refresh_from_db()
    assert at_review.closing_note == "Done."


def test_a_running_commitment_closes_only_at_its_review(pod, clock):
    commitment = running(pod, weekly(pod))
    with pytest.raises(ActionError, match="closes at its review"):
        actions.close_commitment(pod.ana, commitment, "bye")


def test_a_closing_note_that_is_too_long_names_the_field(pod, at_review):
    with pytest.raises(ActionError) as error:
        actions.close_commitment(pod.ana, at_review, "x" * 2001)
    assert error.value.field == "closing_note"
    at_review.refresh_from_db()
    assert at_review.status == Commitment.Status.REVIEW
