"""The meeting itself: notes, check-ins, the practice and its roles, and the live runner.

Notes and check-ins are what a pod shares inside itself, so only the group's current members
may write them (and read them: see `queries.session_detail`); community hosts are refused.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.errors import ActionError, Conflict

from .. import permissions as perms
from .. import sessions
from ..models import CHECKIN_WORD_MAX, NOTE_MAX, CheckIn, Practice, Session, SessionNote
from .common import Actor, clean_text, lock_session, require, signed_in

PRIVATE = _("Only the group's members can write in its sessions.")
RUN = _("Only the group's members can run its sessions.")


@transaction.atomic
def add_note(user: Actor, session: Session, text: str) -> SessionNote:
    require(user, session.group, perms.can_read_private, PRIVATE)
    text = clean_text(text, field="text", limit=NOTE_MAX, label=_("a note"))
    return SessionNote.objects.create(session=session, author=signed_in(user), text=text)


@transaction.atomic
def check_in(user: Actor, session: Session, word: str, rating: int) -> CheckIn:
    """Your word and 1-5 rating for this session; checking in again replaces the first."""
    session = lock_session(session)
    require(user, session.group, perms.can_read_private, PRIVATE)
    person = signed_in(user)
    word = clean_text(word, field="word", limit=CHECKIN_WORD_MAX, label=_("a word"))
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ActionError(_("Choose a rating from 1 to 5."), field="rating")
    if session.is_cancelled:
        raise ActionError(_("This session was cancelled."))
    # The session lock makes a double submit queue behind the first, so it updates, not fails.
    checkin, _created = CheckIn.objects.update_or_create(
        session=session, user=person, defaults={"word": word, "rating": rating}
    )
    return checkin


@transaction.atomic
def set_session_practice(user: Actor, session: Session, practice: Practice | None) -> Session:
    """Choose this session's practice and share out its rotating roles (e.g. the case giver)."""
    session = lock_session(session)
    viewer = require(user, session.group, perms.can_take_part, RUN)
    if practice is not None and not perms.can_see_practice(viewer, practice):
        raise ActionError(_("That practice is not available here."), field="practice")
    if session.current_step is not None or session.finished_at is not None:
        raise ActionError(_("The session has started; its practice can no longer change."))
    session.practice = practice
    sessions.assign_roles(session.rhythm, practice, [session])
    session.save(update_fields=["practice", "roles"])
    return session


# The runner ----------------------------------------------------------------------------------


def _steps(session: Session) -> list[dict[str, object]]:
    return list(session.practice.steps) if session.practice else []


@transaction.atomic
def start_session(user: Actor, session: Session) -> Session:
    """Begin at the first step. Starting a session that already runs leaves it where it is."""
    session = lock_session(session)
    require(user, session.group, perms.can_take_part, RUN)
    if session.is_cancelled:
        raise ActionError(_("This session was cancelled."))
    if session.finished_at is not None:
        raise ActionError(_("This session has finished."))
    if not _steps(session):
        raise ActionError(_("Choose a practice with steps before starting."), field="practice")
    if session.current_step is None:
        session.current_step = 0
        session.step_started_at = timezone.now()
        session.save(update_fields=["current_step", "step_started_at"])
    return session


@transaction.atomic
def go_to_step(
    user: Actor, session: Session, index: int, *, expected_step: int | None = None
) -> Session:
    """Move the running session to step `index`.

    Pages send the step they were showing as `expected_step`; when two people press "next" at
    once, the second finds the session already moved on and gets a Conflict instead of
    skipping a step.
    """
    session = lock_session(session)
    require(user, session.group, perms.can_take_part, RUN)
    if session.current_step is None or session.finished_at is not None:
        raise ActionError(_("The session is not running."))
    if expected_step is not None and expected_step != session.current_step:
        raise Conflict(_("Someone else moved the session on already."))
    steps = _steps(session)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(steps):
        raise ActionError(
            _("There is no step %(n)s; this practice has %(count)d.")
            % {"n": index, "count": len(steps)},
            field="index",
        )
    if index != session.current_step:
        session.current_step = index
        session.step_started_at = timezone.now()
        session.save(update_fields=["current_step", "step_started_at"])
    return session


@transaction.atomic
def finish_session(user: Actor, session: Session) -> Session:
    session = lock_session(session)
    require(user, session.group, perms.can_take_part, RUN)
    if session.is_cancelled:
        raise ActionError(_("This session was cancelled."))
    if session.finished_at is None:
        session.finished_at = timezone.now()
        session.save(update_fields=["finished_at"])
    return session
