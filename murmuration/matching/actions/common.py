"""What every round action shares: who is asking, the round under a row lock, plain checks."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership, Membership
from murmuration.communities.permissions import Viewer, viewer_for
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound

from .. import permissions as perms
from ..models import Round

Actor = User | AnonymousUser


def signed_in(user: Actor) -> User:
    if not isinstance(user, User):
        raise NotAllowed(_("Please log in first."))
    return user


def round_not_found() -> NotFound:
    return NotFound(_("Round not found."))


def viewer_of_round(user: Actor, round: Round) -> Viewer:
    """The viewer, after making sure they may see the round at all (NotFound otherwise, in
    the same words whether or not it exists)."""
    signed_in(user)
    viewer = viewer_for(user, round.community)
    groups: dict[int, Group] = {}
    if round.group_id is not None and viewer.is_member:
        groups = {g.pk: g for g in Group.objects.filter(community_id=round.community_id)}
    if not perms.can_see_round(viewer, round, groups):
        raise round_not_found()
    return viewer


def hosting(user: Actor, round: Round) -> Viewer:
    viewer = viewer_of_round(user, round)
    if not perms.can_host_rounds(viewer):
        raise NotAllowed(_("Only the community's hosts can run a round."))
    return viewer


def lock_round(round: Round) -> Round:
    """The round re-read under a row lock: opt-ins, proposing, moves and publishing on one
    round queue behind each other, so none works from a state another has just changed.

    of=("self",): PostgreSQL cannot lock the nullable side of the outer join to `group`.
    """
    locked = (
        Round.objects.select_for_update(of=("self",))
        .select_related("community", "group")
        .filter(pk=round.pk)
        .first()
    )
    if locked is None:
        raise round_not_found()
    return locked


def check_version(round: Round, expected: int | None) -> None:
    if expected is not None and expected != round.version:
        raise Conflict(
            _(
                "The proposal changed since you opened it (another host may be reviewing it "
                "too). Nothing was changed: look at it again, then make your change."
            )
        )


def require_reviewing(round: Round) -> None:
    if round.status == Round.Status.OPEN:
        raise ActionError(_("No pods have been proposed yet."))
    if round.status != Round.Status.REVIEWING:
        raise Conflict(
            _("This round is %(status)s; its pods can no longer change.")
            % {"status": round.get_status_display().lower()}
        )


def people_of(round: Round) -> QuerySet[Any, int]:
    """The ids of everyone who could be in the round's pods: the members of its community, or
    of its group."""
    if round.group_id is not None:
        return GroupMembership.objects.filter(group_id=round.group_id).values_list(
            "user_id", flat=True
        )
    return Membership.objects.filter(community_id=round.community_id).values_list(
        "user_id", flat=True
    )


def whole_number(value: object, field: str, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ActionError(message, field=field)
    return value
