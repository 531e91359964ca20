"""What every cycles action shares: who is asking, row locks, dates.

Lock order, the same in every action: commitment, then retrospective, then rhythm, then
session. `rhythms.actions` lock rhythm before session, so calling them from here keeps it.
"""

import contextlib
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from murmuration.communities.permissions import Viewer
from murmuration.errors import ActionError, NotAllowed, NotFound
from murmuration.rhythms.actions.common import Actor, require, signed_in, viewer_in_group

from .. import permissions as perms
from ..models import Commitment, CommitmentMember, Retrospective

__all__ = ["Actor", "require", "signed_in", "viewer_in_group"]

# How far ahead a commitment or an action's due date may be set.
MAX_AHEAD = timedelta(days=2 * 366)
MIN_MEMBERS = 2
# Lazy: read at import, they must still be translated into each reader's language.
NOT_MEMBER = gettext_lazy("Only the group's members can do this.")
NOT_COMMITTED = gettext_lazy("Only the people in this commitment can do this.")
RETRO_PRIVATE = gettext_lazy("Retrospectives are private to the group's members.")


def lock_commitment(commitment: Commitment) -> Commitment:
    """The commitment re-read under a row lock, so decisions about it queue up.

    of=("self",): PostgreSQL would otherwise lock the joined rhythm and group rows, which
    every other commitment and session of the group shares.
    """
    locked = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("group", "group__community", "rhythm")
        .filter(pk=commitment.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Commitment not found."))
    return locked


def lock_retro(retro: Retrospective) -> Retrospective:
    locked = (
        Retrospective.objects.select_for_update(of=("self",))
        .select_related("group", "group__community", "session", "practice")
        .filter(pk=retro.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Retrospective not found."))
    return locked


def member_ids(commitment: Commitment) -> frozenset[int]:
    return frozenset(
        CommitmentMember.objects.filter(commitment=commitment).values_list("user_id", flat=True)
    )


def require_committed(user: Actor, commitment: Commitment) -> Viewer:
    viewer = require(user, commitment.group, perms.can_propose, str(NOT_MEMBER))
    if not perms.is_committed(viewer, commitment, member_ids(commitment)):
        raise NotAllowed(str(NOT_COMMITTED))
    return viewer


def clean_date(value: object, *, field: str, earliest: date | None = None) -> date:
    """A date (or ISO text) from `earliest` (default today) up to two years ahead."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value)
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ActionError(_("Give a date like 2026-01-31."), field=field)
    today = timezone.localdate()
    earliest = today if earliest is None else earliest
    if value < earliest:
        raise ActionError(
            _("The date can be %(day)s at the earliest.") % {"day": earliest.isoformat()},
            field=field,
        )
    if value - today > MAX_AHEAD:
        raise ActionError(_("The date can be at most two years ahead."), field=field)
    return value
