"""Proposing pods with the engine, and a host moving people between them before publishing."""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.errors import ActionError, Conflict, NotFound

from .. import proposal
from ..models import REASON_MAX, Entry, Pod, Round
from ..proposal import Review
from .common import Actor, check_version, hosting, lock_round, people_of, require_reviewing

NEW_POD = "new"


def still_in(round: Round) -> set[int]:
    """Of the round's people, those still in its community (and its group): only they can be
    placed in a pod."""
    people = Entry.objects.filter(round=round).values("user_id")
    return set(people_of(round).filter(user__in=people))


@transaction.atomic
def propose(
    user: Actor,
    round: Round,
    *,
    expected_version: int | None = None,
    tick: Callable[[str], None] | None = None,
) -> Review:
    """Form pods with the engine (again, when already proposed: moves made are dropped).

    Proposing closes opt-ins, whether or not the deadline has come.
    """
    round = lock_round(round)
    hosting(user, round)
    if round.status not in (Round.Status.OPEN, Round.Status.REVIEWING):
        raise Conflict(
            _("This round is %(status)s; it cannot be proposed again.")
            % {"status": round.get_status_display().lower()}
        )
    check_version(round, expected_version)
    entries = proposal.load_entries(round)
    if not entries:
        raise ActionError(_("Nobody has opted in yet, so there is no one to form pods from."))
    present = still_in(round)
    gone = [e for e in entries if e.user_id not in present]
    staying = [e for e in entries if e.user_id in present]
    Pod.objects.filter(round=round).delete()
    formed, reasons = proposal.form(round, staying, tick=tick)
    pods = Pod.objects.bulk_create(
        Pod(round=round, number=n, format=f.format, slot=f.slot)
        for n, f in enumerate(formed, start=1)
    )
    pod_of = {person: pod for pod, f in zip(pods, formed, strict=True) for person in f.members}
    for entry in staying:
        entry.pod = pod_of.get(entry.user_id)
        entry.unplaced_reason = "" if entry.pod else reasons.get(entry.user_id, "")[:REASON_MAX]
    for entry in gone:
        entry.pod = None
        entry.unplaced_reason = _("no longer in the community or group")
    Entry.objects.bulk_update(entries, ["pod", "unplaced_reason"], batch_size=500)
    round.status = Round.Status.REVIEWING
    round.proposed_at = timezone.now()
    round.version += 1
    round.save(update_fields=["status", "proposed_at", "version"])
    return Review.load(round)


def _target(round: Round, to: object) -> Pod | str | None:
    if to is None or to == "":
        return None
    if to == NEW_POD:
        return NEW_POD
    pod_id = to.pk if isinstance(to, Pod) else to
    if isinstance(pod_id, str) and pod_id.isdigit():
        pod_id = int(pod_id)
    pod = Pod.objects.filter(round=round, pk=pod_id).first() if isinstance(pod_id, int) else None
    if pod is None:
        raise ActionError(_("That pod is not part of this round."), field="pod")
    return pod


@transaction.atomic
def move(
    user: Actor,
    round: Round,
    *,
    person: int,
    to: Pod | int | str | None,
    expected_version: int | None = None,
) -> Review:
    """Move someone into another pod, a new pod (`to="new"`), or out of every pod (None).

    Refused when it would put two people who are to be kept apart together, or a second caller
    into a pod; allowed, with the effect shown beforehand, when it leaves a pod without a
    common time or outside the size range (publishing refuses the former).
    """
    round = lock_round(round)
    hosting(user, round)
    require_reviewing(round)
    check_version(round, expected_version)
    review = Review.load(round)
    entry = review.entry_of(person) if isinstance(person, int) else None
    if entry is None:
        raise NotFound(_("That person has not opted in to this round."), field="person")
    target = _target(round, to)
    if target == NEW_POD:
        number = (Pod.objects.filter(round=round).aggregate(n=Max("number"))["n"] or 0) + 1
        target = Pod.objects.create(round=round, number=number, format=entry.format, slot=None)
        review.pods_by_id[target.pk] = target
    assert not isinstance(target, str)
    effect = review.effect(entry, target)
    if effect.refusal:
        raise ActionError(effect.refusal, field="pod")
    changed = []
    for side in (effect.source, effect.target):
        if side is not None and side.pod is not None:
            side.pod.slot = side.slot_after
            changed.append(side.pod)
    Pod.objects.bulk_update(changed, ["slot"])
    entry.pod = target
    entry.unplaced_reason = "" if target else _("left out by a host")
    entry.save(update_fields=["pod", "unplaced_reason"])
    round.version += 1
    round.save(update_fields=["version"])
    return Review.load(round)
