"""Commitments coming into being: proposed, opted in to one person at a time, begun.

`begin_commitment` is the one place a commitment is created; the actions that may start one (a
group proposing, a review renewing, a pod-calling round being published) check their own
permission first and then call it inside their transaction.
"""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound
from murmuration.rhythms import recurrence
from murmuration.rhythms.models import Rhythm

from .. import permissions as perms
from ..models import MAX_SESSIONS, Commitment, CommitmentMember
from . import gate
from .common import (
    MIN_MEMBERS,
    NOT_COMMITTED,
    NOT_MEMBER,
    Actor,
    clean_date,
    lock_commitment,
    member_ids,
    require,
    signed_in,
)


def clean_bounds(session_count: int | None, ends_on: date | None, starts_on: date) -> None:
    if session_count is None and ends_on is None:
        raise ActionError(
            _("Say how long the commitment runs: a number of sessions or a last date."),
            field="session_count",
        )
    if session_count is not None and (
        isinstance(session_count, bool)
        or not isinstance(session_count, int)
        or not 1 <= session_count <= MAX_SESSIONS
    ):
        raise ActionError(
            _("A commitment runs for 1 to %(max)d sessions.") % {"max": MAX_SESSIONS},
            field="session_count",
        )
    if ends_on is not None and ends_on < starts_on:
        raise ActionError(_("The last date comes before the first."), field="ends_on")


def _open_on(rhythm: Rhythm | None, group: Group) -> bool:
    if rhythm is not None:
        return Commitment.objects.filter(rhythm=rhythm, status__in=Commitment.OPEN).exists()
    return Commitment.objects.filter(
        group=group, rhythm__isnull=True, status__in=Commitment.OPEN
    ).exists()


@transaction.atomic
def begin_commitment(
    group: Group,
    *,
    rhythm: Rhythm | None,
    starts_on: date,
    session_count: int | None = None,
    ends_on: date | None = None,
    created_by: User | None = None,
    members: Iterable[User] = (),
    status: str = Commitment.Status.ACTIVE,
    previous: Commitment | None = None,
) -> Commitment:
    """Create a commitment with the people who already said yes to it.

    No permission check here: callers are actions that have made their own. A rhythm (or, with
    none, the group) carries one open commitment at a time; a second is a Conflict.
    """
    clean_bounds(session_count, ends_on, starts_on)
    if rhythm is not None and rhythm.group_id != group.pk:
        raise ActionError(_("That rhythm belongs to another group."), field="rhythm")
    if _open_on(rhythm, group):
        raise Conflict(_("This rhythm already has a commitment that is open."), field="rhythm")
    now = timezone.now()
    try:
        with transaction.atomic():
            commitment = Commitment.objects.create(
                group=group,
                rhythm=rhythm,
                starts_on=starts_on,
                session_count=session_count,
                ends_on=ends_on,
                status=status,
                created_by=created_by,
                previous=previous,
                began_at=now if status == Commitment.Status.ACTIVE else None,
            )
    except IntegrityError as error:
        # Another commitment was opened on the rhythm at the same moment.
        raise Conflict(
            _("This rhythm already has a commitment that is open."), field="rhythm"
        ) from error
    CommitmentMember.objects.bulk_create(
        CommitmentMember(commitment=commitment, user=person) for person in members
    )
    if status == Commitment.Status.ACTIVE:
        _mark_last_session(commitment)
    return commitment


def _mark_last_session(commitment: Commitment) -> None:
    last = gate.progress_of(commitment).last
    if last is not None:
        gate.mark_closing_retro(commitment, last)


def _first_day(rhythm: Rhythm | None) -> date:
    """Today where the rhythm meets: a commitment cannot start in the past."""
    if rhythm is None:
        return timezone.localdate()
    return recurrence.to_local(timezone.now(), rhythm.time_zone).date()


@transaction.atomic
def propose_commitment(
    user: Actor,
    group: Group,
    *,
    rhythm: Rhythm | None,
    starts_on: date | str,
    session_count: int | None = None,
    ends_on: date | str | None = None,
) -> Commitment:
    """Propose that the group commits to a rhythm for a while; the proposer opts in."""
    require(user, group, perms.can_propose, _("Join the group to propose a commitment."))
    person = signed_in(user)
    if rhythm is None:
        raise ActionError(_("Choose the rhythm the group commits to."), field="rhythm")
    if rhythm.group_id != group.pk:
        raise ActionError(_("That rhythm belongs to another group."), field="rhythm")
    if rhythm.ended_at is not None:
        raise ActionError(_("That rhythm has ended."), field="rhythm")
    first = clean_date(starts_on, field="starts_on", earliest=_first_day(rhythm))
    last = clean_date(ends_on, field="ends_on", earliest=first) if ends_on is not None else None
    return begin_commitment(
        group,
        rhythm=rhythm,
        starts_on=first,
        session_count=session_count,
        ends_on=last,
        created_by=person,
        members=[person],
        status=Commitment.Status.PROPOSED,
    )


@transaction.atomic
def opt_in(user: Actor, commitment: Commitment) -> CommitmentMember:
    """Say yes to a proposed or running commitment; nobody can opt someone else in."""
    commitment = gate.refresh(lock_commitment(commitment))
    require(user, commitment.group, perms.can_propose, str(NOT_MEMBER))
    person = signed_in(user)
    if commitment.status == Commitment.Status.REVIEW:
        raise ActionError(_("This commitment has reached its review; there is no joining now."))
    if not commitment.is_open:
        raise ActionError(_("This commitment is over."))
    try:
        with transaction.atomic():
            return CommitmentMember.objects.create(commitment=commitment, user=person)
    except IntegrityError as error:
        raise Conflict(_("You are already in this commitment.")) from error


@transaction.atomic
def opt_out(user: Actor, commitment: Commitment) -> None:
    """Take your yes back before the commitment reaches its review; no reason needed."""
    commitment = gate.refresh(lock_commitment(commitment))
    require(user, commitment.group, perms.can_propose, str(NOT_MEMBER))
    if commitment.status not in (Commitment.Status.PROPOSED, Commitment.Status.ACTIVE):
        raise ActionError(
            _("This commitment is at its review: choose to step out there instead.")
            if commitment.status == Commitment.Status.REVIEW
            else _("This commitment is over.")
        )
    deleted, _detail = CommitmentMember.objects.filter(
        commitment=commitment, user=signed_in(user)
    ).delete()
    if not deleted:
        raise NotFound(_("You are not in this commitment."))


@transaction.atomic
def start_commitment(user: Actor, commitment: Commitment) -> Commitment:
    """Begin a proposed commitment: it counts sessions from today (or its first date)."""
    commitment = lock_commitment(commitment)
    viewer = require(user, commitment.group, perms.can_propose, str(NOT_MEMBER))
    if commitment.status != Commitment.Status.PROPOSED:
        raise Conflict(_("This commitment has already begun."))
    people = member_ids(commitment)
    if not perms.can_decide(viewer, commitment, people):
        raise NotAllowed(str(NOT_COMMITTED))
    if len(people) < MIN_MEMBERS:
        raise ActionError(
            _("At least %(n)d people need to opt in before the commitment begins.")
            % {"n": MIN_MEMBERS}
        )
    if commitment.rhythm is not None and commitment.rhythm.ended_at is not None:
        raise ActionError(_("Its rhythm has ended."), field="rhythm")
    now = timezone.now()
    commitment.starts_on = max(commitment.starts_on, _first_day(commitment.rhythm))
    if commitment.ends_on is not None and commitment.ends_on < commitment.starts_on:
        raise ActionError(_("Its last date has passed; propose a new commitment."))
    commitment.status = Commitment.Status.ACTIVE
    commitment.began_at = commitment.status_changed_at = now
    commitment.save(update_fields=["starts_on", "status", "began_at", "status_changed_at"])
    _mark_last_session(commitment)
    return commitment
