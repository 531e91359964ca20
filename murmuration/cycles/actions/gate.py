"""The review gate: a commitment whose last session has ended moves to review, on its own.

Nothing has to be pressed for this: `catch_up(group)` runs before the group's cycles are shown
or changed (pages, API, CLI), and `murmur cycles advance` runs it for every group from a daily
scheduler, so a commitment is in review from the moment its last session ends whoever looks.

At the gate the rhythm's later sessions are held: cancelled, so calendars and the runner do not
carry the group on past what it agreed. Renewing restores them; closing ends the rhythm. The
commitment's last session is its retrospective unless the group chose otherwise, so as soon as
that session is known it gets a retro board and, if it has not started, the retro's practice.
"""

from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from murmuration.communities.models import Group
from murmuration.rhythms import sessions as planning
from murmuration.rhythms.models import Practice, Rhythm, Session

from .. import formats
from ..models import Commitment, Retrospective
from ..progress import Progress, measure, sessions_from
from .common import lock_commitment


def load(commitments: Sequence[Commitment]) -> list[Session]:
    """The sessions `commitments` may count, each marked with `has_retro`, in one query."""
    retro = Retrospective.objects.filter(session=OuterRef("pk"))
    return list(sessions_from(commitments).annotate(has_retro=Exists(retro)))


def running_rhythm_count(group_id: int) -> int:
    return Rhythm.objects.filter(group_id=group_id, ended_at__isnull=True).count()


def progress_of(commitment: Commitment, now: datetime | None = None) -> Progress:
    now = now or timezone.now()
    running = running_rhythm_count(commitment.group_id) if commitment.rhythm_id is None else None
    return measure(commitment, load([commitment]), now, running_rhythms=running)


def catch_up(group: Group, now: datetime | None = None) -> None:
    """Bring the group's running commitments up to date: review gates, held sessions, retros.

    Two queries when nothing has changed; a change takes its own transaction and row lock.
    """
    now = now or timezone.now()
    running = list(
        Commitment.objects.filter(group=group, status__in=Commitment.RUNNING).select_related(
            "rhythm"
        )
    )
    if not running:
        return
    sessions = load(running)
    rhythms = None
    if any(c.rhythm_id is None for c in running):
        rhythms = running_rhythm_count(group.pk)
    for commitment in running:
        progress = measure(commitment, sessions, now, running_rhythms=rhythms)
        if commitment.status == Commitment.Status.ACTIVE and progress.due:
            _enter_review(commitment, now)
        elif commitment.status == Commitment.Status.REVIEW and _unheld(commitment, sessions, now):
            with transaction.atomic():
                _hold(lock_commitment(commitment), now)
        last = progress.last
        if last is not None and not getattr(last, "has_retro", True):
            with transaction.atomic():
                mark_closing_retro(commitment, last)


def catch_up_all(now: datetime | None = None, *, tick: Callable[[], object] | None = None) -> int:
    """`catch_up` every group with a running commitment; returns how many groups."""
    group_ids = sorted(
        set(
            Commitment.objects.filter(status__in=Commitment.RUNNING).values_list(
                "group_id", flat=True
            )
        )
    )
    for group in Group.objects.filter(pk__in=group_ids).order_by("pk"):
        catch_up(group, now)
        if tick is not None:
            tick()
    return len(group_ids)


def refresh(commitment: Commitment, now: datetime | None = None) -> Commitment:
    """Catch up one commitment the caller holds locked (`lock_commitment`), in place."""
    now = now or timezone.now()
    if commitment.status == Commitment.Status.ACTIVE and progress_of(commitment, now).due:
        _to_review(commitment, now)
    return commitment


def _enter_review(commitment: Commitment, now: datetime) -> None:
    with transaction.atomic():
        locked = lock_commitment(commitment)
        refresh(locked, now)


def _to_review(commitment: Commitment, now: datetime) -> None:
    progress = progress_of(commitment, now)
    # The gate opened when the last session ended, whenever this runs.
    opened = min(progress.end or now, now)
    commitment.status = Commitment.Status.REVIEW
    commitment.review_from = opened
    commitment.status_changed_at = opened
    commitment.save(update_fields=["status", "review_from", "status_changed_at"])
    _hold(commitment, now)


def _holdable(commitment: Commitment, now: datetime) -> QuerySet[Session]:
    after = max(commitment.review_from or now, now)
    return Session.objects.filter(
        rhythm_id=commitment.rhythm_id or 0,
        status=Session.Status.SCHEDULED,
        starts_at__gt=after,
        current_step__isnull=True,
        finished_at__isnull=True,
    ).exclude(pk__in=commitment.held_sessions)


def _unheld(commitment: Commitment, sessions: Sequence[Session], now: datetime) -> bool:
    if commitment.rhythm_id is None:
        return False
    after = max(commitment.review_from or now, now)
    held = set(commitment.held_sessions)
    return any(
        s.rhythm_id == commitment.rhythm_id
        and not s.is_cancelled
        and s.starts_at > after
        and s.current_step is None
        and s.pk not in held
        for s in sessions
    )


def _hold(commitment: Commitment, now: datetime) -> None:
    """Cancel the rhythm's sessions after the gate, remembering which, on a locked commitment."""
    if commitment.rhythm_id is None or commitment.status != Commitment.Status.REVIEW:
        return
    holdable = _holdable(commitment, now)
    ids = list(holdable.values_list("pk", flat=True))
    if not ids:
        return
    # The sequence bump tells calendar apps the session changed (see Session.sequence).
    Session.objects.filter(pk__in=ids).update(
        status=Session.Status.CANCELLED, sequence=F("sequence") + 1
    )
    commitment.held_sessions = [*commitment.held_sessions, *ids]
    commitment.save(update_fields=["held_sessions"])


def restore_held(commitment: Commitment, now: datetime) -> int:
    """Put the held sessions that are still ahead back on; the caller locked the rhythm."""
    restored = Session.objects.filter(
        pk__in=commitment.held_sessions,
        status=Session.Status.CANCELLED,
        starts_at__gt=now,
    ).update(status=Session.Status.SCHEDULED, sequence=F("sequence") + 1)
    return restored


def retro_format(rhythm: Rhythm | None) -> Practice | None:
    """The rhythm's own practice when it is a retrospective, else the classic built-in one."""
    if rhythm is not None and rhythm.practice_id:
        practice = Practice.objects.filter(pk=rhythm.practice_id, is_retrospective=True).first()
        if practice is not None:
            return practice
    return Practice.objects.filter(community=None, slug=formats.CLASSIC).first()


def mark_closing_retro(commitment: Commitment, last: Session) -> Retrospective | None:
    """Make the commitment's last session its retrospective, once, if nobody else did.

    A session that has not started also takes the retro's practice, so the runner guides it;
    a practice someone chooses for it later stays.
    """
    if Retrospective.objects.filter(session=last).exists():
        return None
    practice = retro_format(commitment.rhythm)
    try:
        with transaction.atomic():
            retro = Retrospective.objects.create(
                session=last,
                group_id=commitment.group_id,
                commitment=commitment,
                practice=practice,
                created_by=commitment.created_by,
            )
    except IntegrityError:
        return None  # someone else marked it at the same moment
    unstarted = last.current_step is None and last.finished_at is None
    if practice is not None and unstarted and not _is_retro_practice(last):
        last.practice = practice
        rhythm = last.rhythm
        planning.assign_roles(rhythm, practice, [last])
        Session.objects.filter(pk=last.pk).update(practice=practice, roles=last.roles)
    return retro


def _is_retro_practice(session: Session) -> bool:
    return bool(
        session.practice_id
        and Practice.objects.filter(pk=session.practice_id, is_retrospective=True).exists()
    )
