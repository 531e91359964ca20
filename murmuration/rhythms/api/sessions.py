"""Sessions: a group's schedule, my sessions, one session, and everything done in it.

Whoever may see the group sees its sessions' times, facilitators, practices and RSVP counts,
the community's hosts included. What the pod shares inside a session (who answered what,
check-ins, notes, role holders) reaches only the group's current members: for anyone else those
fields are null (DESIGN.md, privacy rule 1; `queries.session_detail` never loads them).
Every write is one of `rhythms.actions`, so the web pages and the API follow the same rules.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.communities.api.lookups import GroupView, group_for
from murmuration.errors import ActionError, Conflict, NotFound

from .. import actions, queries, sessions
from .. import permissions as perms
from ..actions.attendance import TAKE_PART
from ..actions.common import lock_rhythm, lock_session, require
from ..actions.schedule import MANAGE
from ..models import Session
from ..queries import SessionDetail
from .rhythms import GROUP, practice_named
from .schemas import (
    AttendanceIn,
    AttendanceOut,
    CheckInIn,
    CheckInOut,
    NoteIn,
    NoteOut,
    RsvpIn,
    RunnerIn,
    SessionDetailOut,
    SessionOut,
    SessionPatch,
    SwapIn,
)

router = Router(tags=["sessions"])

SESSIONS = GROUP + "/sessions"
SESSION = SESSIONS + "/{session_id}"
FROM = Query(None, alias="from", description="Sessions starting at or after; default now (UTC).")
TO = Query(None, description="Sessions starting before; default twelve weeks after `from`.")


# Reading -------------------------------------------------------------------------------------


def session_not_found() -> NotFound:
    return NotFound(_("Session not found."))


def _window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """[from, to) in UTC; a time without an offset is read as UTC."""
    start = _utc(start, "from") if start else timezone.now()
    if end:
        end = _utc(end, "to")
    else:
        try:
            end = start + sessions.HORIZON
        except OverflowError:
            raise _out_of_range("from") from None
    if end <= start:
        raise ActionError(_("“to” must be later than “from”."), field="to")
    return start, end


def _utc(moment: datetime, field: str) -> datetime:
    aware = moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
    try:
        # The database compares UTC times; the ends of the calendar have none in some offsets.
        return aware.astimezone(UTC)
    except OverflowError:
        raise _out_of_range(field) from None


def _out_of_range(field: str) -> ActionError:
    return ActionError(
        _("“%(field)s” is too far from today.") % {"field": field},
        field=field,
    )


def _rows(chosen: QuerySet[Session], user: User) -> QuerySet[Session]:
    """Sessions with everything SessionOut shows, in one query however many there are."""
    return (
        queries.with_counts(chosen, user)
        .select_related("rhythm", "group", "group__community", "facilitator", "practice")
        .order_by("starts_at", "pk")
    )


def _session(found: GroupView, session_id: int) -> Session:
    session = Session.objects.filter(pk=session_id, group=found.group).first()
    if session is None:
        raise session_not_found()
    session.group = found.group
    return session


def _detail(found: GroupView, session_id: int) -> SessionDetailOut:
    detail = queries.session_detail(found.viewer, session_id)
    if detail is None or detail.session.group_id != found.group.pk:
        raise session_not_found()
    detail.session.group.community = found.viewer.community
    return detail_out(detail)


class _Shown:
    """A session as SessionDetailOut reads it: the row's own fields, and the pod's private
    parts only for a viewer who may read them."""

    def __init__(self, detail: SessionDetail) -> None:
        self._detail = detail
        private = detail.can_read_private
        self.can_take_part = detail.can_take_part
        self.can_read_private = private
        self.steps = detail.steps
        # Null, not empty, for everyone outside the group: an empty list would still say
        # something about the pod's session that they may not know.
        self.attendance = detail.attendance if private else None
        self.checkins = detail.checkins if private else None
        self.notes = detail.notes if private else None
        self.roles = detail.role_holders if private else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._detail.session, name)


def detail_out(detail: SessionDetail) -> SessionDetailOut:
    return SessionDetailOut.model_validate(_Shown(detail))


@router.get(SESSIONS, response=list[SessionOut], summary="The group's sessions in a time window")
@paginate(Page)
def list_sessions(
    request: HttpRequest,
    slug: str,
    group_slug: str,
    start: datetime | None = FROM,
    to: datetime | None = TO,
) -> Any:
    """Sessions that start in [from, to), soonest first, cancelled ones included. Sessions are
    planned twelve weeks ahead, so a later window is empty until the time comes nearer."""
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    first, last = _window(start, to)
    window = Session.objects.filter(group=found.group, starts_at__gte=first, starts_at__lt=last)
    return _rows(window, user)


@router.get("/me/sessions", response=list[SessionOut], summary="My sessions in every group")
@paginate(Page)
def my_sessions(
    request: HttpRequest, start: datetime | None = FROM, to: datetime | None = TO
) -> Any:
    """The sessions of every group you are in, in every community, that start in [from, to)."""
    user = current_user(request)
    first, last = _window(start, to)
    mine = queries.my_group_ids(user)
    window = Session.objects.filter(group_id__in=mine, starts_at__gte=first, starts_at__lt=last)
    return _rows(window, user)


@router.get(SESSION, response=SessionDetailOut, summary="One session")
def get_session(
    request: HttpRequest, slug: str, group_slug: str, session_id: int
) -> SessionDetailOut:
    found = group_for(current_user(request), slug, group_slug)
    return _detail(found, session_id)


# Changing one session ------------------------------------------------------------------------


def _member(found: GroupView, user: User, person_id: int | None, field: str) -> User | None:
    """The group member a body names by id; someone else is a 400 on `field`.

    The permission to act is checked first, so a refusal never depends on whom the body names.
    """
    if person_id is None:
        return None
    require(user, found.group, perms.can_take_part, TAKE_PART)
    person = User.objects.filter(pk=person_id, group_memberships__group=found.group).first()
    if person is None:
        raise ActionError(_("That person is not in this group."), field=field)
    return person


@router.patch(
    SESSION,
    response=SessionDetailOut,
    summary="Move, cancel or restore a session, or set its facilitator or practice",
)
def change_session(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: SessionPatch
) -> SessionDetailOut:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    session = _session(found, session_id)
    sent = payload.model_dump(exclude_unset=True)
    steps: list[Callable[[Session], object]] = []
    status = sent.get("status")
    # Restoring comes first and cancelling last: a cancelled session cannot be moved or
    # given a facilitator.
    if status == Session.Status.SCHEDULED and session.is_cancelled:
        steps.append(lambda s: actions.restore_session(user, s))
    if sent.get("starts_at") is not None:
        steps.append(lambda s: actions.move_session(user, s, sent["starts_at"]))
    if "facilitator_id" in sent:
        person = _member(found, user, sent["facilitator_id"], "facilitator_id")
        steps.append(lambda s: actions.set_facilitator(user, s, person))
    if "practice" in sent:
        practice = practice_named(found, sent["practice"])
        steps.append(lambda s: actions.set_session_practice(user, s, practice))
    if status == Session.Status.CANCELLED and not session.is_cancelled:
        steps.append(lambda s: actions.cancel_session(user, s))
    if not steps:
        # Nothing to change still answers only those who could have changed something.
        steps.append(lambda s: require(user, found.group, perms.can_manage_rhythms, MANAGE))
    with transaction.atomic():
        # Rhythm first, then session: the order every action locks them in.
        lock_rhythm(session.rhythm_id)
        seen = lock_session(session).sequence
        for index, step in enumerate(steps):
            step(session)
            # Checked after the first action, which has checked permission, so a stale
            # sequence never tells someone who may not change the session that it changed.
            # Raising here rolls back what that action wrote.
            expected = payload.expected_sequence
            if index == 0 and expected is not None and expected != seen:
                raise Conflict(_("This session changed since you opened it. Please look again."))
    return _detail(found, session.pk)


@router.post(
    SESSION + "/rsvp",
    response=AttendanceOut,
    summary="Say whether you are coming",
    description='A "no" from the planned facilitator hands the session to the next person.',
)
def rsvp(request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: RsvpIn) -> Any:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    return actions.set_rsvp(user, _session(found, session_id), payload.rsvp)


@router.post(
    SESSION + "/attendance",
    response=AttendanceOut,
    summary="Record whether someone was there (once the session has started)",
)
def record_attendance(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: AttendanceIn
) -> Any:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    session = _session(found, session_id)
    person = _member(found, user, payload.person_id, "person_id")
    assert person is not None
    return actions.record_attendance(user, session, person, payload.present)


@router.post(
    SESSION + "/swap",
    response=list[SessionOut],
    summary="Swap facilitators with another session of the same rhythm",
)
def swap(request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: SwapIn) -> Any:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    a, b = actions.swap_facilitators(
        user, _session(found, session_id), _session(found, payload.with_session)
    )
    return list(_rows(Session.objects.filter(pk__in=[a.pk, b.pk]), user))


@router.post(
    SESSION + "/notes", response={201: NoteOut}, summary="Add a note (the group's members only)"
)
def add_note(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: NoteIn
) -> Any:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    return actions.add_note(user, _session(found, session_id), payload.text)


@router.post(
    SESSION + "/checkins",
    response=CheckInOut,
    summary="Check in with a word and a rating from 1 to 5 (the group's members only)",
    description="Checking in again replaces your earlier check-in.",
)
def check_in(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: CheckInIn
) -> Any:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    return actions.check_in(user, _session(found, session_id), payload.word, payload.rating)


@router.post(
    SESSION + "/runner",
    response=SessionDetailOut,
    summary="Run the session: start, next step, previous step, finish",
)
def run(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: RunnerIn
) -> SessionDetailOut:
    """Send the step you were showing as `expected_step`: when two people press "next" at
    once, the second gets 409 instead of skipping a step."""
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    session = _session(found, session_id)
    expected = payload.expected_step
    if payload.action in ("next", "previous"):
        # Without expected_step, the step read now is the one moved from, so two "next"s sent
        # together still move one step and refuse the other.
        base = expected if expected is not None else session.current_step
        # A session that is not running is refused by the action, whatever the step.
        target = 0 if base is None else base + (1 if payload.action == "next" else -1)
        actions.go_to_step(user, session, target, expected_step=base)
    else:
        act = actions.start_session if payload.action == "start" else actions.finish_session
        with transaction.atomic():
            current = lock_session(session).current_step
            act(user, session)
            if expected is not None and expected != current:
                raise Conflict(_("Someone else moved the session on already."))
    return _detail(found, session.pk)
