"""Every change to commitments.

`begin_commitment` is the one place a commitment comes into being; the actions that may start
one (a pod-calling round being published, a group committing by itself) check their own
permission first and then call it inside their transaction.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.errors import ActionError
from murmuration.rhythms.models import Rhythm

from .models import MAX_SESSIONS, Commitment, CommitmentMember


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
) -> Commitment:
    """Create a commitment with the people who already said yes to it.

    No permission check here: callers are actions that have made their own.
    """
    clean_bounds(session_count, ends_on, starts_on)
    if rhythm is not None and rhythm.group_id != group.pk:
        raise ActionError(_("That rhythm belongs to another group."), field="rhythm")
    commitment = Commitment.objects.create(
        group=group,
        rhythm=rhythm,
        starts_on=starts_on,
        session_count=session_count,
        ends_on=ends_on,
        status=status,
        created_by=created_by,
    )
    CommitmentMember.objects.bulk_create(
        CommitmentMember(commitment=commitment, user=person) for person in members
    )
    return commitment
