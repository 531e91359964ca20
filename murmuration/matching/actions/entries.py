"""Opting in to a round, changing one's entry and withdrawing, before the deadline."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts import availability
from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound

from .. import permissions as perms
from ..models import MAX_KEEP_APART, Entry, KeepApart, Round
from .common import Actor, lock_round, people_of, signed_in, viewer_of_round

_UNSET = object()


@dataclass(frozen=True)
class Choices:
    role: str
    format: str
    slots: list[int]
    keep_apart: list[int]
    seeded_from: Group | None


def _taking_opt_ins(round: Round) -> None:
    if round.status != Round.Status.OPEN:
        raise Conflict(
            _("This round no longer takes opt-ins: it is %(status)s.")
            % {"status": round.get_status_display().lower()}
        )
    if not round.takes_opt_ins():
        raise ActionError(_("The opt-in deadline has passed."))


def _may_take_part(user: Actor, round: Round) -> User:
    viewer = viewer_of_round(user, round)
    if not perms.can_take_part(viewer, round):
        assert round.group is not None  # community members may always take part
        raise NotAllowed(
            _("Join %(group)s to take part in its round.") % {"group": round.group.name}
        )
    return signed_in(user)


def _clean_role(value: str) -> str:
    if value not in Entry.Role.values:
        raise ActionError(_("Take part as a caller or as a member."), field="role")
    return value


def _clean_format(round: Round, value: str) -> str:
    if value not in round.formats:
        raise ActionError(_("Choose one of the kinds of pod this round offers."), field="format")
    return value


def _clean_slots(slots: Iterable[object]) -> list[int]:
    try:
        chosen = availability.normalise_slots(slots)
    except ValueError as error:
        raise ActionError(
            _("Availability not saved: %(reason)s.") % {"reason": error}, field="slots"
        ) from error
    if not chosen:
        raise ActionError(
            _("Tick the times you could meet: pods are formed from the times people share."),
            field="slots",
        )
    return chosen


def _clean_keep_apart(round: Round, me: User, people: Iterable[object]) -> list[int]:
    wanted: list[int] = []
    for person in people:
        person_id = person.pk if isinstance(person, User) else person
        if isinstance(person_id, bool) or not isinstance(person_id, int):
            raise ActionError(_("Name people by their member id."), field="keep_apart")
        if person_id == me.pk:
            raise ActionError(_("You cannot keep apart from yourself."), field="keep_apart")
        if person_id not in wanted:
            wanted.append(person_id)
    if len(wanted) > MAX_KEEP_APART:
        raise ActionError(
            _("You can name at most %(max)d people to keep apart from.") % {"max": MAX_KEEP_APART},
            field="keep_apart",
        )
    if wanted and people_of(round).filter(user__in=wanted).count() != len(wanted):
        # People are named by ids anyone can type; saying which one is unknown would let
        # anyone test which ids are members, so the message names nobody.
        raise ActionError(
            _("Someone on your keep-apart list is not among the people of this round."),
            field="keep_apart",
        )
    return wanted


def _clean_seeded_from(round: Round, me: User, group: Group | None, role: str) -> Group | None:
    if group is None:
        return None
    if role != Entry.Role.CALLER:
        raise ActionError(_("Only a caller seeds a new pod from their own."), field="seeded_from")
    if (
        group.community_id != round.community_id
        or not GroupMembership.objects.filter(group=group, user=me).exists()
    ):
        raise ActionError(_("You can seed only from a group you are in."), field="seeded_from")
    return group


def _save_keep_apart(entry: Entry, people: list[int]) -> None:
    KeepApart.objects.filter(entry=entry).exclude(other_id__in=people).delete()
    have = set(KeepApart.objects.filter(entry=entry).values_list("other_id", flat=True))
    KeepApart.objects.bulk_create(
        KeepApart(entry=entry, other_id=person) for person in people if person not in have
    )


def _my_entry(user: Actor, round: Round) -> tuple[User, Entry]:
    """The person's own entry in a round still taking opt-ins (the round locked by the caller)."""
    me = _may_take_part(user, round)
    entry = Entry.objects.filter(round=round, user=me).first()
    if entry is None:
        raise NotFound(_("You have not opted in to this round."))
    _taking_opt_ins(round)
    return me, entry


@transaction.atomic
def opt_in(
    user: Actor,
    round: Round,
    *,
    role: str,
    format: str,
    slots: Iterable[object],
    keep_apart: Iterable[object] = (),
    seeded_from: Group | None = None,
) -> Entry:
    """Opt in with availability (in the person's own zone), format and keep-apart wishes."""
    round = lock_round(round)
    me = _may_take_part(user, round)
    _taking_opt_ins(round)
    if Entry.objects.filter(round=round, user=me).exists():
        raise Conflict(_("You have opted in already; change your entry instead."))
    role = _clean_role(role)
    entry = Entry(
        round=round,
        user=me,
        role=role,
        format=_clean_format(round, format),
        slots=_clean_slots(slots),
        time_zone=me.time_zone,
        seeded_from=_clean_seeded_from(round, me, seeded_from, role),
    )
    apart = _clean_keep_apart(round, me, keep_apart)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise Conflict(_("You have opted in already; change your entry instead.")) from error
    _save_keep_apart(entry, apart)
    return entry


@transaction.atomic
def change_entry(
    user: Actor,
    round: Round,
    *,
    role: str | None = None,
    format: str | None = None,
    slots: Iterable[object] | None = None,
    keep_apart: Iterable[object] | None = None,
    seeded_from: Group | object | None = _UNSET,
) -> Entry:
    """Change what was sent; availability is taken in the person's current time zone."""
    round = lock_round(round)
    me, entry = _my_entry(user, round)
    if role is not None:
        entry.role = _clean_role(role)
    if format is not None:
        entry.format = _clean_format(round, format)
    if slots is not None:
        entry.slots = _clean_slots(slots)
        entry.time_zone = me.time_zone
    if seeded_from is not _UNSET:
        entry.seeded_from = seeded_from  # type: ignore[assignment]
    entry.seeded_from = _clean_seeded_from(round, me, entry.seeded_from, entry.role)
    apart = _clean_keep_apart(round, me, keep_apart) if keep_apart is not None else None
    entry.updated_at = timezone.now()
    entry.save()
    if apart is not None:
        _save_keep_apart(entry, apart)
    return entry


@transaction.atomic
def withdraw(user: Actor, round: Round) -> None:
    _me, entry = _my_entry(user, lock_round(round))
    entry.delete()
