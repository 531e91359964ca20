"""Who comes and who facilitates: RSVPs, attendance, the rotation, swaps."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.errors import ActionError, Conflict, NotFound

from .. import permissions as perms
from .. import sessions
from ..models import Attendance, Rhythm, RotationMember, Session
from .common import Actor, lock_rhythm, lock_session, person_in_group, require, signed_in

TAKE_PART = _("Only the group's members can take part in its sessions.")


def _open_for_planning(session: Session) -> None:
    if session.is_cancelled:
        raise ActionError(_("This session is cancelled."))
    if sessions.is_settled(session, timezone.now()):
        raise ActionError(_("This session has already started."))


@transaction.atomic
def set_rsvp(user: Actor, session: Session, rsvp: str) -> Attendance:
    """Say whether you are coming ("yes", "maybe", "no", or "" to take it back).

    A "no" from the planned facilitator hands the session to the next person in the rotation,
    unless the facilitator was fixed by a swap or by hand, which is a promise people made.
    """
    rhythm = lock_rhythm(session.rhythm_id)
    session = lock_session(session)
    require(user, session.group, perms.can_take_part, TAKE_PART)
    person = signed_in(user)
    if rsvp not in Attendance.Rsvp.values and rsvp != "":
        raise ActionError(_("Answer yes, maybe or no."), field="rsvp")
    if session.is_cancelled:
        raise ActionError(_("This session is cancelled."))
    if session.is_over(timezone.now()):
        raise ActionError(_("This session is over."))
    attendance, _created = Attendance.objects.get_or_create(session=session, user=person)
    was_no = attendance.rsvp == Attendance.Rsvp.NO
    attendance.rsvp = rsvp
    attendance.updated_at = timezone.now()
    attendance.save(update_fields=["rsvp", "updated_at"])
    if was_no != (rsvp == Attendance.Rsvp.NO) and not sessions.is_settled(session, timezone.now()):
        sessions.replan(rhythm)
        if rsvp == Attendance.Rsvp.NO and person.pk in session.roles.values():
            session.refresh_from_db(fields=["facilitator"])
            sessions.assign_roles(rhythm, session.practice, [session])
            session.save(update_fields=["roles"])
    return attendance


@transaction.atomic
def record_attendance(user: Actor, session: Session, person: User, present: bool) -> Attendance:
    """Record after a session has started whether someone was there."""
    session = lock_session(session)
    require(user, session.group, perms.can_take_part, TAKE_PART)
    person_in_group(session.group, person, field="person")
    if session.is_cancelled:
        raise ActionError(_("This session was cancelled."))
    if session.starts_at > timezone.now() and session.current_step is None:
        raise ActionError(_("Attendance can be recorded once the session has started."))
    attendance, _created = Attendance.objects.get_or_create(session=session, user=person)
    attendance.present = bool(present)
    attendance.updated_at = timezone.now()
    attendance.save(update_fields=["present", "updated_at"])
    return attendance


# The rotation --------------------------------------------------------------------------------


@transaction.atomic
def join_rotation(user: Actor, rhythm: Rhythm) -> RotationMember:
    rhythm = lock_rhythm(rhythm.pk)
    require(user, rhythm.group, perms.can_take_part, TAKE_PART)
    try:
        with transaction.atomic():
            member = RotationMember.objects.create(rhythm=rhythm, user=signed_in(user))
    except IntegrityError as error:
        raise Conflict(_("You are already in the rotation.")) from error
    # A newcomer has facilitated least, so upcoming sessions are re-planned to give them a turn
    # soon rather than after every session already planned.
    sessions.replan(rhythm)
    return member


@transaction.atomic
def leave_rotation(user: Actor, rhythm: Rhythm) -> None:
    """Step out; your upcoming turns go to others, except ones you agreed to by swap or by hand."""
    rhythm = lock_rhythm(rhythm.pk)
    require(user, rhythm.group, perms.can_take_part, TAKE_PART)
    deleted, _detail = RotationMember.objects.filter(rhythm=rhythm, user=signed_in(user)).delete()
    if not deleted:
        raise NotFound(_("You are not in the rotation."))
    sessions.replan(rhythm)


@transaction.atomic
def swap_facilitators(
    user: Actor, session_a: Session, session_b: Session
) -> tuple[Session, Session]:
    """The two facilitators trade places; both sessions keep them whatever the rotation does."""
    if session_a.rhythm_id != session_b.rhythm_id:
        raise ActionError(_("Only sessions of the same rhythm can swap facilitators."))
    if session_a.pk == session_b.pk:
        raise ActionError(_("Choose two different sessions."))
    rhythm = lock_rhythm(session_a.rhythm_id)
    # Locking in id order keeps two opposite swaps from waiting on each other.
    first, second = sorted([session_a, session_b], key=lambda s: s.pk)
    first, second = lock_session(first), lock_session(second)
    require(user, first.group, perms.can_take_part, TAKE_PART)
    for session in (first, second):
        _open_for_planning(session)
    first.facilitator_id, second.facilitator_id = second.facilitator_id, first.facilitator_id
    for session in (first, second):
        session.facilitator_fixed = True
        session.sequence += 1
        session.save(update_fields=["facilitator", "facilitator_fixed", "sequence"])
    sessions.replan(rhythm)
    a, b = (first, second) if first.pk == session_a.pk else (second, first)
    return a, b


@transaction.atomic
def set_facilitator(user: Actor, session: Session, person: User | None) -> Session:
    """Name the facilitator by hand (None: nobody); the rotation then leaves this session alone."""
    rhythm = lock_rhythm(session.rhythm_id)
    session = lock_session(session)
    require(user, session.group, perms.can_take_part, TAKE_PART)
    person_in_group(session.group, person, field="person")
    _open_for_planning(session)
    session.facilitator = person
    session.facilitator_fixed = True
    session.sequence += 1
    session.save(update_fields=["facilitator", "facilitator_fixed", "sequence"])
    sessions.replan(rhythm)
    return session
