"""Opening and cancelling rounds."""

import contextlib
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import viewer_for
from murmuration.cycles.models import MAX_SESSIONS
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound

from .. import meeting
from .. import permissions as perms
from ..models import (
    DESCRIPTION_MAX,
    MAX_POD_SIZE,
    MAX_SESSION_MINUTES,
    MIN_POD_SIZE,
    NAME_MAX,
    Format,
    Round,
)
from .common import Actor, hosting, lock_round, signed_in, whole_number

MAX_AHEAD = timedelta(days=366)


def _clean_text(value: str, *, field: str, limit: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ActionError(_("Please give the round a name."), field=field)
    if len(text) > limit:
        raise ActionError(
            _("This can be at most %(max)d characters; it has %(n)d.")
            % {"max": limit, "n": len(text)},
            field=field,
        )
    return text


def _clean_deadline(value: object, now: datetime) -> datetime:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value)
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise ActionError(
            _("Give the opt-in deadline as a date and time with its time zone."),
            field="opt_in_deadline",
        )
    if value <= now:
        raise ActionError(_("The opt-in deadline is in the past."), field="opt_in_deadline")
    if value - now > MAX_AHEAD:
        raise ActionError(
            _("The opt-in deadline can be at most a year away."), field="opt_in_deadline"
        )
    return value


def _clean_first_week(value: object, deadline: datetime) -> date:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value)
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ActionError(_("Give the first week as a date like 2026-03-02."), field="first_week")
    week = meeting.monday(value)
    if week < deadline.astimezone(UTC).date():
        raise ActionError(
            _("The pods' first week must begin after the opt-in deadline."), field="first_week"
        )
    if week - deadline.astimezone(UTC).date() > MAX_AHEAD:
        raise ActionError(
            _("The first week can be at most a year after the deadline."), field="first_week"
        )
    return week


def clean_pod_size(low: object, high: object) -> tuple[int, int]:
    message = _("Pods can have from %(min)d to %(max)d people.") % {
        "min": MIN_POD_SIZE,
        "max": MAX_POD_SIZE,
    }
    low = whole_number(low, "pod_size_min", message)
    high = whole_number(high, "pod_size_max", message)
    if not MIN_POD_SIZE <= low <= MAX_POD_SIZE:
        raise ActionError(message, field="pod_size_min")
    if not MIN_POD_SIZE <= high <= MAX_POD_SIZE:
        raise ActionError(message, field="pod_size_max")
    if low > high:
        raise ActionError(
            _("The smallest pod (%(low)d) is larger than the largest (%(high)d).")
            % {"low": low, "high": high},
            field="pod_size_min",
        )
    return low, high


def _clean_session_minutes(value: object) -> int:
    message = _("A session lasts from 30 to %(max)d minutes, in steps of 30.") % {
        "max": MAX_SESSION_MINUTES
    }
    minutes = whole_number(value, "session_minutes", message)
    if not 30 <= minutes <= MAX_SESSION_MINUTES or minutes % 30:
        raise ActionError(message, field="session_minutes")
    return minutes


def _clean_session_count(value: object) -> int:
    message = _("A commitment runs for 1 to %(max)d weekly sessions.") % {"max": MAX_SESSIONS}
    count = whole_number(value, "session_count", message)
    if not 1 <= count <= MAX_SESSIONS:
        raise ActionError(message, field="session_count")
    return count


def _clean_formats(values: object) -> list[str]:
    if isinstance(values, str) or not isinstance(values, list | tuple):
        values = [values]
    chosen: list[str] = []
    for value in values:
        if value not in Format.values:
            raise ActionError(
                _("“%(value)s” is not a format; choose care, incubator or free.")
                % {"value": str(value)[:40]},
                field="formats",
            )
        if value not in chosen:
            chosen.append(str(value))
    if not chosen:
        raise ActionError(_("Offer at least one kind of pod."), field="formats")
    return chosen


@transaction.atomic
def open_round(
    user: Actor,
    community: Community,
    *,
    name: str,
    opt_in_deadline: datetime,
    first_week: date,
    pod_size_min: int = 4,
    pod_size_max: int = 5,
    session_minutes: int = 60,
    session_count: int = 6,
    formats: list[str] | tuple[str, ...] = (Format.CARE,),
    description: str = "",
    group: Group | None = None,
) -> Round:
    """Open a round for opt-ins, for the whole community or inside one of its groups."""
    host = signed_in(user)
    viewer = viewer_for(host, community)
    if not viewer.is_member:
        raise NotFound(_("Community not found."))
    if not perms.can_host_rounds(viewer):
        raise NotAllowed(_("Only the community's hosts can open a round."))
    if group is not None and group.community_id != community.pk:
        raise NotFound(_("Group not found."))
    now = timezone.now()
    deadline = _clean_deadline(opt_in_deadline, now)
    low, high = clean_pod_size(pod_size_min, pod_size_max)
    return Round.objects.create(
        community=community,
        group=group,
        name=_clean_text(name, field="name", limit=NAME_MAX, required=True),
        description=_clean_text(
            description, field="description", limit=DESCRIPTION_MAX, required=False
        ),
        opt_in_deadline=deadline,
        first_week=_clean_first_week(first_week, deadline),
        pod_size_min=low,
        pod_size_max=high,
        session_minutes=_clean_session_minutes(session_minutes),
        session_count=_clean_session_count(session_count),
        formats=_clean_formats(list(formats)),
        created_by=host,
        created_at=now,
    )


@transaction.atomic
def cancel_round(user: Actor, round: Round) -> Round:
    """Call a round off before it is published; entries and proposal stay for the record."""
    round = lock_round(round)
    hosting(user, round)
    if round.status == Round.Status.PUBLISHED:
        raise Conflict(_("This round is published; its pods are groups now."))
    if round.status == Round.Status.CANCELLED:
        raise Conflict(_("This round is already cancelled."))
    round.status = Round.Status.CANCELLED
    round.cancelled_at = timezone.now()
    round.version += 1
    round.save(update_fields=["status", "cancelled_at", "version"])
    return round
