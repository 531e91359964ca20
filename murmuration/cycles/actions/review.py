"""At the gate: each member's private choice, then the group's outcome, renew or close.

A choice is continue, continue with a change, or step out. Stepping out needs no reason; the
person gets a thank-you and an invitation to the next round, and leaves the pod when it renews
without them. Nobody else ever reads a choice: the outcome (renewed, with whom; or closed, with
a note) is all the group and the hosts see.

Renewing waits until everyone in the commitment has chosen, or until `GRACE` has passed since
the gate opened, so one person who went quiet cannot hold the pod up; they are simply not
carried into the next commitment and stay in the group.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.communities.models import GroupMembership
from murmuration.errors import ActionError, Conflict, NotAllowed
from murmuration.rhythms import actions as rhythm_actions
from murmuration.rhythms import recurrence
from murmuration.rhythms import sessions as planning
from murmuration.rhythms.actions.common import clean_text, lock_rhythm
from murmuration.rhythms.models import Practice, Rhythm, Session

from ..models import CLOSING_NOTE_MAX, Commitment, CommitmentMember, ReviewChoice
from . import gate
from .commitments import begin_commitment
from .common import (
    MIN_MEMBERS,
    Actor,
    lock_commitment,
    require_committed,
    signed_in,
)

GRACE = timedelta(days=7)
_UNSET = object()


def _at_review(commitment: Commitment) -> None:
    if commitment.status == Commitment.Status.REVIEW:
        return
    if commitment.is_open:
        raise ActionError(_("The review opens when the commitment's last session has ended."))
    raise Conflict(_("This commitment has already been decided."))


@transaction.atomic
def choose(user: Actor, commitment: Commitment, choice: str) -> ReviewChoice:
    """Your choice at the gate; choosing again replaces it until the group decides."""
    commitment = gate.refresh(lock_commitment(commitment))
    require_committed(user, commitment)
    _at_review(commitment)
    if choice not in ReviewChoice.Choice.values:
        raise ActionError(
            _("Choose continue, continue with a change, or step out."), field="choice"
        )
    # The commitment lock queues a double submit behind the first, so it updates, not fails.
    chosen, _created = ReviewChoice.objects.update_or_create(
        commitment=commitment,
        user=signed_in(user),
        defaults={"choice": choice, "chosen_at": timezone.now()},
    )
    return chosen


def _people(commitment: Commitment) -> list[CommitmentMember]:
    """The commitment's members who are still in the group."""
    in_group = GroupMembership.objects.filter(group_id=commitment.group_id).values("user_id")
    return list(
        CommitmentMember.objects.filter(commitment=commitment, user_id__in=in_group)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


@transaction.atomic
def renew(
    user: Actor,
    commitment: Commitment,
    *,
    session_count: int | None = None,
    ends_on: date | None = None,
    recurrence_rule: str | None = None,
    start_time: time | None = None,
    practice: Practice | object | None = _UNSET,
    rotation_enabled: bool | None = None,
) -> Commitment:
    """Renew with the people who continue, changing the rhythm as the retro agreed.

    Rhythm changes go through `rhythms.actions.update_rhythm`, with its checks. The held
    sessions the new rhythm still has come back; people who stepped out leave the group.
    """
    commitment = gate.refresh(lock_commitment(commitment))
    require_committed(user, commitment)
    _at_review(commitment)
    person = signed_in(user)
    now = timezone.now()
    choices = dict(
        ReviewChoice.objects.filter(commitment=commitment).values_list("user_id", "choice")
    )
    if choices.get(person.pk) not in ReviewChoice.CONTINUING:
        raise NotAllowed(_("Choose to continue before renewing."))
    people = _people(commitment)
    waiting = sum(1 for m in people if m.user_id not in choices)
    opened = commitment.review_from or commitment.status_changed_at
    if waiting and now < opened + GRACE:
        raise Conflict(
            _(
                "%(n)d of you have not chosen yet. The pod can renew once everyone has, or a "
                "week after the review opened."
            )
            % {"n": waiting}
        )
    continuing = [m.user for m in people if choices.get(m.user_id) in ReviewChoice.CONTINUING]
    if len(continuing) < MIN_MEMBERS:
        raise ActionError(
            _("Fewer than %(n)d people continue, so the pod cannot renew; close it with a note.")
            % {"n": MIN_MEMBERS}
        )
    rhythm = commitment.rhythm
    if rhythm is not None:
        rhythm = _renew_rhythm(
            user, rhythm, recurrence_rule, start_time, practice, rotation_enabled, commitment
        )
    leaving = [uid for uid, choice in choices.items() if choice == ReviewChoice.Choice.STEP_OUT]
    GroupMembership.objects.filter(group_id=commitment.group_id, user_id__in=leaving).delete()
    if rhythm is not None:
        planning.replan(lock_rhythm(rhythm.pk))
    commitment.status = Commitment.Status.RENEWED
    commitment.status_changed_at = now
    commitment.save(update_fields=["status", "status_changed_at"])
    starts_on = _next_session_day(rhythm, now)
    if session_count is None and ends_on is None:
        session_count = commitment.session_count
        if session_count is None and commitment.ends_on is not None:
            ends_on = starts_on + (commitment.ends_on - commitment.starts_on)
    return begin_commitment(
        commitment.group,
        rhythm=rhythm,
        starts_on=starts_on,
        session_count=session_count,
        ends_on=ends_on,
        created_by=person,
        members=continuing,
        status=Commitment.Status.ACTIVE,
        previous=commitment,
    )


def _renew_rhythm(
    user: Actor,
    rhythm: Rhythm,
    recurrence_rule: str | None,
    start_time: time | None,
    practice: Practice | object | None,
    rotation_enabled: bool | None,
    commitment: Commitment,
) -> Rhythm:
    if rhythm.ended_at is not None:
        raise ActionError(
            _("Its rhythm has ended; add a new rhythm and propose a commitment on it."),
            field="rhythm",
        )
    changes: dict[str, object] = {}
    if recurrence_rule:
        changes["recurrence"] = recurrence_rule
    if start_time is not None:
        changes["start_time"] = start_time
    if practice is not _UNSET:
        changes["practice"] = practice
    if rotation_enabled is not None:
        changes["rotation_enabled"] = rotation_enabled
    if changes:
        rhythm = rhythm_actions.update_rhythm(user, rhythm, **changes)  # type: ignore[arg-type]
    gate.restore_held(commitment, timezone.now())
    return rhythm


def _next_session_day(rhythm: Rhythm | None, now: datetime) -> date:
    if rhythm is None:
        return timezone.localdate()
    upcoming = (
        Session.objects.filter(rhythm=rhythm, status=Session.Status.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return recurrence.to_local(upcoming or now, rhythm.time_zone).date()


@transaction.atomic
def close(user: Actor, commitment: Commitment, note: str = "") -> Commitment:
    """Close with grace: a proposal that did not gather, or a pod at its review.

    At the review a closing note is asked for, and the rhythm ends: its past sessions stay
    with their notes, its upcoming ones leave everyone's calendar.
    """
    commitment = gate.refresh(lock_commitment(commitment))
    require_committed(user, commitment)
    if commitment.status == Commitment.Status.ACTIVE:
        raise ActionError(_("A commitment closes at its review, once its last session has ended."))
    if not commitment.is_open:
        raise Conflict(_("This commitment has already been decided."))
    at_review = commitment.status == Commitment.Status.REVIEW
    note = clean_text(
        note,
        field="closing_note",
        limit=CLOSING_NOTE_MAX,
        label=_("a closing note"),
        required=at_review,
    )
    rhythm = commitment.rhythm
    if at_review and rhythm is not None and rhythm.ended_at is None:
        rhythm_actions.end_rhythm(user, rhythm)
    commitment.status = Commitment.Status.CLOSED
    commitment.closing_note = note
    commitment.status_changed_at = timezone.now()
    commitment.save(update_fields=["status", "closing_note", "status_changed_at"])
    return commitment
