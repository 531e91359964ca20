"""Creating, changing and ending rhythms; moving, cancelling and restoring single sessions."""

import contextlib
import dataclasses
import hashlib
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts import availability
from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.errors import ActionError, Conflict

from .. import permissions as perms
from .. import recurrence as rules
from .. import sessions
from ..models import (
    LOCATION_MAX,
    MAX_DURATION_MINUTES,
    Category,
    Practice,
    Rhythm,
    RotationMember,
    Session,
)
from .common import Actor, clean_text, lock_rhythm, lock_session, require, signed_in

NAME_MAX = 120
# How far back a new rhythm may start (so a group can record the sessions it already had)
# and how far ahead.
MAX_PAST_START = timedelta(days=366)
MAX_FUTURE_START = timedelta(days=5 * 366)
MAX_MOVE = timedelta(days=366)
_UNSET = object()

MANAGE = _("Only the group's members can change its rhythms.")


# Validation ----------------------------------------------------------------------------------


def _clean_time_zone(value: str) -> str:
    value = (value or "").strip()
    if not availability.is_time_zone(value):
        raise ActionError(
            _("“%(zone)s” is not a known time zone.") % {"zone": value[:64]}, field="time_zone"
        )
    return value


def _clean_duration(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ActionError(_("The duration must be a whole number of minutes."), field="duration")
    if not 0 < value <= MAX_DURATION_MINUTES:
        raise ActionError(
            _("A session lasts from 1 minute to 24 hours (%(max)d minutes).")
            % {"max": MAX_DURATION_MINUTES},
            field="duration_minutes",
        )
    return value


def _clean_category(value: str) -> str:
    if value not in Category.values:
        raise ActionError(
            _("“%(value)s” is not a category; choose relational, planning, working or learning.")
            % {"value": str(value)[:40]},
            field="category",
        )
    return value


def _clean_date(value: object) -> date:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value)
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ActionError(_("The first date should be a date like 2026-01-31."), field="start_date")
    return value


def _clean_start_date(value: object) -> date:
    """A first date within the range a rhythm may start in.

    Checked before any rule is expanded from it: a date near the ends of the calendar (year 1,
    year 9999) has no UTC time in some zones, so it must be refused with a message first.
    """
    start_date = _clean_date(value)
    today = timezone.localdate()
    if start_date < today - MAX_PAST_START:
        raise ActionError(_("The first date can be at most a year ago."), field="start_date")
    if start_date - today > MAX_FUTURE_START:
        raise ActionError(
            _("The first session would be more than five years away."), field="start_date"
        )
    return start_date


def _clean_time(value: object) -> time:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = time.fromisoformat(value)
    if not isinstance(value, time):
        raise ActionError(_("The start time should be a time like 19:00."), field="start_time")
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _practice_for_group(group: Group, practice: Practice | None) -> Practice | None:
    """A built-in practice or one of the group's community, as `can_see_practice` allows its
    members."""
    if practice is not None and not (
        practice.is_builtin or practice.community_id == group.community_id
    ):
        raise ActionError(_("That practice is not available here."), field="practice")
    return practice


def _schedule(
    rule_text: str, start_date: date, start_time: time, time_zone: str, *, earliest: date
) -> tuple[str, date]:
    """The canonical rule and the date of its first session on or after `earliest`.

    The first date is moved onto the rule's first date ("every Tuesday" starting on a Monday
    starts on the Tuesday), so the rhythm's start is always one of its sessions; calendar
    apps disagree about a DTSTART the rule does not produce, and this way none has to guess.
    """
    try:
        rule = rules.parse(rule_text, time_zone)
        first = rules.check(rule, max(start_date, earliest), start_time, time_zone)
    except rules.RecurrenceError as error:
        raise ActionError(str(error), field="recurrence") from error
    first_date = rules.to_local(first, time_zone).date()
    if first_date - timezone.localdate() > MAX_FUTURE_START:
        raise ActionError(
            _("The first session would be more than five years away."), field="start_date"
        )
    return rule.text(), first_date


# Rhythms -------------------------------------------------------------------------------------


def rhythm_version(rhythm: Rhythm) -> str:
    """A fingerprint of everything a rhythm's edit form shows, for refusing stale forms.

    A form sends every field back, so a form opened before someone else's change would put
    their change back; the fingerprint the form was drawn from tells that it is stale.
    """
    shown = (
        rhythm.name,
        rhythm.category,
        rhythm.rrule,
        rhythm.start_date.isoformat(),
        rhythm.start_time.isoformat(),
        rhythm.time_zone,
        rhythm.duration_minutes,
        rhythm.location,
        rhythm.practice_id,
        rhythm.rotation_enabled,
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


@transaction.atomic
def create_rhythm(
    user: Actor,
    group: Group,
    *,
    name: str,
    category: str,
    recurrence: str,
    start_date: date,
    start_time: time,
    time_zone: str,
    duration_minutes: int,
    location: str = "",
    practice: Practice | None = None,
    rotation_enabled: bool = True,
) -> Rhythm:
    """A new rhythm with its sessions up to the horizon.

    With rotation on, the person who starts the rhythm is its first facilitator in the
    rotation; others opt in with `join_rotation`.
    """
    require(user, group, perms.can_manage_rhythms, _("Join the group to add rhythms."))
    return add_rhythm(
        group,
        created_by=signed_in(user),
        name=name,
        category=category,
        recurrence=recurrence,
        start_date=start_date,
        start_time=start_time,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location,
        practice=practice,
        rotation_enabled=rotation_enabled,
    )


@transaction.atomic
def add_rhythm(
    group: Group,
    *,
    created_by: User,
    name: str,
    category: str,
    recurrence: str,
    start_date: date,
    start_time: time,
    time_zone: str,
    duration_minutes: int,
    location: str = "",
    practice: Practice | None = None,
    rotation_enabled: bool = True,
) -> Rhythm:
    """Validate and create a rhythm; `created_by` starts its rotation.

    No permission check here: callers are actions that have made their own (`create_rhythm`,
    and publishing a pod-calling round, whose host is not one of the pod's members).
    """
    creator = created_by
    name = clean_text(name, field="name", limit=NAME_MAX, label=_("a name"))
    category = _clean_category(category)
    time_zone = _clean_time_zone(time_zone)
    duration_minutes = _clean_duration(duration_minutes)
    location = clean_text(
        location, field="location", limit=LOCATION_MAX, label=_("the place"), required=False
    )
    start_date = _clean_start_date(start_date)
    start_time = _clean_time(start_time)
    rule, start_date = _schedule(recurrence, start_date, start_time, time_zone, earliest=start_date)
    rhythm = Rhythm.objects.create(
        group=group,
        name=name,
        category=category,
        rrule=rule,
        start_date=start_date,
        start_time=start_time,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location,
        practice=_practice_for_group(group, practice),
        rotation_enabled=bool(rotation_enabled),
        created_by=creator,
    )
    if rhythm.rotation_enabled:
        RotationMember.objects.create(rhythm=rhythm, user=creator)
    sessions.ensure_sessions(rhythm, sessions.horizon())
    return rhythm


@transaction.atomic
def update_rhythm(
    user: Actor,
    rhythm: Rhythm,
    *,
    name: str | None = None,
    category: str | None = None,
    recurrence: str | None = None,
    start_date: date | None = None,
    start_time: time | None = None,
    time_zone: str | None = None,
    duration_minutes: int | None = None,
    location: str | None = None,
    practice: Practice | object | None = _UNSET,
    rotation_enabled: bool | None = None,
    expected_version: str | None = None,
) -> Rhythm:
    """Change a rhythm from now on; past sessions and moved ones stay as they were.

    `expected_version` is the `rhythm_version` the person's form was drawn from; if the rhythm
    changed since, nothing is saved (Conflict).

    When the rule, first date, time or zone changes, the rhythm starts again from the change:
    its first date becomes the first new session after now, upcoming sessions the new rule no
    longer gives are removed (with their RSVPs), and the new ones are created. A COUNT that is
    left as it was keeps counting the sessions already held.
    """
    rhythm = lock_rhythm(rhythm.pk)
    require(user, rhythm.group, perms.can_manage_rhythms, MANAGE)
    if rhythm.ended_at is not None:
        raise ActionError(_("This rhythm has ended."))
    if expected_version is not None and expected_version != rhythm_version(rhythm):
        raise Conflict(
            _(
                "This rhythm changed since you opened it. Nothing was saved: reload the page "
                "to see the change, then make yours again."
            )
        )
    now = timezone.now()
    if name is not None:
        rhythm.name = clean_text(name, field="name", limit=NAME_MAX, label=_("a name"))
    if category is not None:
        rhythm.category = _clean_category(category)
    if location is not None:
        rhythm.location = clean_text(
            location, field="location", limit=LOCATION_MAX, label=_("the place"), required=False
        )
    old_duration, old_practice_id = rhythm.duration_minutes, rhythm.practice_id
    if duration_minutes is not None:
        rhythm.duration_minutes = _clean_duration(duration_minutes)
    if practice is not _UNSET:
        rhythm.practice = _practice_for_group(rhythm.group, practice)  # type: ignore[arg-type]
    old_rotation = rhythm.rotation_enabled
    if rotation_enabled is not None:
        rhythm.rotation_enabled = bool(rotation_enabled)

    new_zone = _clean_time_zone(time_zone) if time_zone is not None else rhythm.time_zone
    new_time = _clean_time(start_time) if start_time is not None else rhythm.start_time
    new_date = _clean_date(start_date) if start_date is not None else None
    if new_date is not None and new_date != rhythm.start_date:
        # Only a new date is held to the range: sending back the stored one changes nothing.
        new_date = _clean_start_date(new_date)
    rule_text = rhythm.rrule
    if recurrence is not None:
        try:
            rule_text = rules.normalise(recurrence, new_zone)
        except rules.RecurrenceError as error:
            raise ActionError(str(error), field="recurrence") from error
    # Forms send every field; only a real difference restarts the schedule.
    reschedule = (
        rule_text != rhythm.rrule
        or new_date not in {None, rhythm.start_date}
        or new_time != rhythm.start_time
        or new_zone != rhythm.time_zone
    )
    if reschedule:
        _reschedule(rhythm, rule_text, new_date, new_time, new_zone, now=now)
    rhythm.save()

    upcoming = Session.objects.filter(
        rhythm=rhythm, starts_at__gt=now, current_step__isnull=True, finished_at__isnull=True
    )
    unmoved = [s for s in upcoming if not s.is_moved]
    if rhythm.duration_minutes != old_duration:
        for session in unmoved:
            session.duration_minutes = rhythm.duration_minutes
            session.sequence += 1
        Session.objects.bulk_update(unmoved, ["duration_minutes", "sequence"])
    if rhythm.practice_id != old_practice_id:
        following = [s for s in unmoved if s.practice_id == old_practice_id]
        for session in following:
            session.practice_id = rhythm.practice_id
        sessions.assign_roles(rhythm, rhythm.practice, following)
        Session.objects.bulk_update(following, ["practice", "roles"])
    if reschedule or (rhythm.rotation_enabled and not old_rotation):
        sessions.replan(rhythm, now)
    return rhythm


def _reschedule(
    rhythm: Rhythm,
    rule_text: str,
    new_date: date | None,
    new_time: time,
    new_zone: str,
    *,
    now: datetime,
) -> None:
    """Restart the rhythm at its first session after `now` under the new schedule.

    The new rule is laid over the original first date (unless a new one is given), so what a
    rule leaves implicit stays as it was: "weekly" keeps its weekday, "fortnightly" its weeks,
    "monthly" its day, and a COUNT keeps counting the sessions already held.
    """
    base = new_date or rhythm.start_date
    try:
        rule = rules.parse(rule_text, new_zone)
    except rules.RecurrenceError as error:
        raise ActionError(str(error), field="recurrence") from error
    dawn = datetime.combine(base, time.min, tzinfo=UTC) - timedelta(days=2)
    upcoming = rules.occurrences(
        rule, base, new_time, new_zone, after=now, before=now + MAX_FUTURE_START, limit=1
    )
    if not upcoming:
        raise ActionError(_("This rule gives no sessions from now on."), field="recurrence")
    if rule.count is not None:
        held = len(
            rules.occurrences(rule, base, new_time, new_zone, after=dawn, before=upcoming[0])
        )
        rule = dataclasses.replace(rule, count=rule.count - held)
    first_date = rules.to_local(upcoming[0], new_zone).date()
    rhythm.rrule, rhythm.start_date = _schedule(
        rule.text(), first_date, new_time, new_zone, earliest=first_date
    )
    old_zone = rhythm.time_zone
    rhythm.start_time, rhythm.time_zone = new_time, new_zone
    new_starts = sessions.rhythm_occurrences(rhythm, after=now, before=sessions.horizon(now))
    upcoming_sessions = Session.objects.filter(
        rhythm=rhythm, starts_at__gt=now, current_step__isnull=True, finished_at__isnull=True
    ).exclude(occurrence__in=new_starts)
    # A session someone moved by hand is a decision about that one meeting, so it stays; when
    # the new rule has a session on the same day, the moved one stands in for it (it takes
    # that occurrence), so the week does not get two. Unmoved sessions the rule no longer
    # gives are removed.
    by_day = {rules.to_local(start, new_zone).date(): start for start in new_starts}
    for session in upcoming_sessions.exclude(starts_at=F("occurrence")):
        day = rules.to_local(session.occurrence, old_zone).date()
        if day in by_day:
            session.occurrence = by_day.pop(day)
            session.sequence += 1
            session.save(update_fields=["occurrence", "sequence"])
    upcoming_sessions.filter(starts_at=F("occurrence")).delete()
    sessions.ensure_sessions(rhythm, sessions.horizon(now), after=now)


@transaction.atomic
def end_rhythm(user: Actor, rhythm: Rhythm) -> Rhythm:
    """Close a rhythm with grace: past sessions stay, sessions that have not begun are removed."""
    rhythm = lock_rhythm(rhythm.pk)
    require(user, rhythm.group, perms.can_manage_rhythms, MANAGE)
    if rhythm.ended_at is not None:
        raise Conflict(_("This rhythm has already ended."))
    now = timezone.now()
    rhythm.ended_at = now
    rhythm.save(update_fields=["ended_at"])
    Session.objects.filter(
        rhythm=rhythm, starts_at__gt=now, current_step__isnull=True, finished_at__isnull=True
    ).delete()
    return rhythm


# Single sessions -----------------------------------------------------------------------------


def _check_sequence(session: Session, expected: int | None) -> None:
    if expected is not None and expected != session.sequence:
        raise Conflict(_("This session changed since you opened it. Please look again."))


@transaction.atomic
def move_session(
    user: Actor, session: Session, starts_at: datetime, *, expected_sequence: int | None = None
) -> Session:
    """Move one session; the others keep their times."""
    rhythm = lock_rhythm(session.rhythm_id)
    session = lock_session(session)
    require(user, session.group, perms.can_manage_rhythms, MANAGE)
    _check_sequence(session, expected_sequence)
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        raise ActionError(_("Give the new time with its time zone."), field="starts_at")
    if session.is_cancelled:
        raise ActionError(_("Restore the session before moving it."))
    if session.current_step is not None or session.finished_at is not None:
        raise ActionError(_("This session has already run."))
    if abs(starts_at - session.occurrence) > MAX_MOVE:
        raise ActionError(
            _("A session can move at most a year from its usual date."), field="starts_at"
        )
    session.starts_at = starts_at
    session.sequence += 1
    session.save(update_fields=["starts_at", "sequence"])
    sessions.replan(rhythm)
    return session


@transaction.atomic
def cancel_session(
    user: Actor, session: Session, *, expected_sequence: int | None = None
) -> Session:
    rhythm = lock_rhythm(session.rhythm_id)
    session = lock_session(session)
    require(user, session.group, perms.can_manage_rhythms, MANAGE)
    _check_sequence(session, expected_sequence)
    if session.is_cancelled:
        raise Conflict(_("This session is already cancelled."))
    if session.current_step is not None or session.finished_at is not None:
        raise ActionError(_("This session has already run."))
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    sessions.replan(rhythm)
    return session


@transaction.atomic
def restore_session(
    user: Actor, session: Session, *, expected_sequence: int | None = None
) -> Session:
    rhythm = lock_rhythm(session.rhythm_id)
    session = lock_session(session)
    require(user, session.group, perms.can_manage_rhythms, MANAGE)
    _check_sequence(session, expected_sequence)
    if not session.is_cancelled:
        raise Conflict(_("This session is not cancelled."))
    if rhythm.ended_at is not None and session.starts_at > rhythm.ended_at:
        raise ActionError(_("This rhythm has ended."))
    session.status = Session.Status.SCHEDULED
    session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    sessions.replan(rhythm)
    return session
