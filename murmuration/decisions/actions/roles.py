"""Roles in a group and filling them by selection by consent.

The steps, each an action: `start_selection` (any member; they facilitate), `nominate`
(private until revealed), `reveal_nominations` (the nomination round: everyone reads every
nomination and its reason), `open_change_round` (people may change theirs, openly),
`propose_candidate` (a consent proposal whose candidate is asked last; see
`positions.take_position`), then the proposal is closed like any other and, adopted, starts a
term (`proposals._carry_out`).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership
from murmuration.communities.permissions import Viewer
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound

from .. import permissions as perms
from ..models import (
    BODY_MAX,
    REASON_MAX,
    ROLE_NAME_MAX,
    ROLE_PURPOSE_MAX,
    GroupRole,
    Nomination,
    Proposal,
    Selection,
)
from .common import Actor, clean_text, signed_in, viewer_at
from .proposals import create_proposal

TERM_DAYS = (7, 2 * 366)
MEMBERS_ONLY = _("Only the group's members can do this.")
FACILITATOR_ONLY = _("Only the person facilitating this selection can move it on.")


def _viewer_in(user: Actor, group: Group) -> Viewer:
    return viewer_at(user, group.community, group)


def _clean_role(name: str, purpose: str, term_days: int) -> tuple[str, str, int]:
    name = clean_text(name, field="name", limit=ROLE_NAME_MAX, label=_("a name"))
    purpose = clean_text(purpose, field="purpose", limit=ROLE_PURPOSE_MAX, label=_("its purpose"))
    lo, hi = TERM_DAYS
    if isinstance(term_days, bool) or not isinstance(term_days, int) or not lo <= term_days <= hi:
        raise ActionError(
            _("A term lasts %(lo)d to %(hi)d days.") % {"lo": lo, "hi": hi}, field="term_days"
        )
    return name, purpose, term_days


def _saved_role(role: GroupRole) -> GroupRole:
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError as error:
        raise Conflict(
            _("The group has a role called “%(name)s” already.") % {"name": role.name},
            field="name",
        ) from error
    return role


@transaction.atomic
def define_role(user: Actor, group: Group, *, name: str, purpose: str, term_days: int) -> GroupRole:
    viewer = _viewer_in(user, group)
    if not perms.can_manage_roles(viewer, group):
        raise NotAllowed(_("Only the group's members can define its roles."))
    name, purpose, term_days = _clean_role(name, purpose, term_days)
    role = GroupRole(
        group=group, name=name, purpose=purpose, term_days=term_days, created_by=signed_in(user)
    )
    return _saved_role(role)


@transaction.atomic
def update_role(
    user: Actor,
    role: GroupRole,
    *,
    name: str | None = None,
    purpose: str | None = None,
    term_days: int | None = None,
) -> GroupRole:
    """A new term length applies from the next term; terms already agreed keep their dates."""
    viewer = _viewer_in(user, role.group)
    if not perms.can_manage_roles(viewer, role.group):
        raise NotAllowed(_("Only the group's members can change its roles."))
    role.name, role.purpose, role.term_days = _clean_role(
        role.name if name is None else name,
        role.purpose if purpose is None else purpose,
        role.term_days if term_days is None else term_days,
    )
    return _saved_role(role)


@transaction.atomic
def start_selection(user: Actor, role: GroupRole) -> Selection:
    viewer = _viewer_in(user, role.group)
    if not perms.can_manage_roles(viewer, role.group):
        raise NotAllowed(_("Only the group's members can start a selection."))
    try:
        with transaction.atomic():
            return Selection.objects.create(role=role, facilitator=signed_in(user))
    except IntegrityError as error:
        raise Conflict(_("A selection for this role is already under way.")) from error


def _lock_selection(selection: Selection) -> Selection:
    locked = (
        Selection.objects.select_for_update(of=("self",))
        .select_related("role", "role__group", "role__group__community")
        .filter(pk=selection.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Selection not found."))
    return locked


def _in_group(group: Group, person: User, field: str) -> None:
    if not GroupMembership.objects.filter(group=group, user=person).exists():
        # Ids can be guessed, so the message must not name the person.
        raise ActionError(_("That person is not in this group."), field=field)


@transaction.atomic
def nominate(user: Actor, selection: Selection, nominee: User, reason: str) -> Nomination:
    """Nominate someone (yourself included) with a reason; nominating again replaces yours,
    and the earlier one stays in the history."""
    selection = _lock_selection(selection)
    group = selection.role.group
    viewer = _viewer_in(user, group)
    if not perms.can_nominate(viewer, selection, group):
        if selection.phase in (Selection.Phase.NOMINATING, Selection.Phase.CHANGING):
            raise NotAllowed(_("Only the group's members nominate."))
        raise ActionError(
            _("Nominations are not open now (%(phase)s).")
            % {"phase": selection.get_phase_display().lower()}
        )
    _in_group(group, nominee, "nominee")
    reason = clean_text(reason, field="reason", limit=REASON_MAX, label=_("your reason"))
    person = signed_in(user)
    mine = selection.nominations.filter(nominator=person, current=True)
    if selection.phase == Selection.Phase.CHANGING and not mine.exists():
        raise ActionError(_("The change round is for changing a nomination already made."))
    mine.update(current=False)
    return Nomination.objects.create(
        selection=selection,
        nominator=person,
        nominee=nominee,
        reason=reason,
        round=(
            Nomination.Round.CHANGE
            if selection.phase == Selection.Phase.CHANGING
            else Nomination.Round.NOMINATION
        ),
    )


def _facilitating(user: Actor, selection: Selection, phase: str) -> Selection:
    selection = _lock_selection(selection)
    viewer = _viewer_in(user, selection.role.group)
    if not perms.can_facilitate(viewer, selection, selection.role.group):
        raise NotAllowed(FACILITATOR_ONLY)
    if selection.phase != phase:
        raise ActionError(
            _("This step is not possible now (%(phase)s).")
            % {"phase": selection.get_phase_display().lower()}
        )
    return selection


def _move(selection: Selection, phase: str) -> Selection:
    selection.phase = phase
    selection.phase_changed_at = timezone.now()
    selection.save(update_fields=["phase", "phase_changed_at"])
    return selection


@transaction.atomic
def reveal_nominations(user: Actor, selection: Selection) -> Selection:
    selection = _facilitating(user, selection, Selection.Phase.NOMINATING)
    if not selection.nominations.filter(current=True).exists():
        raise ActionError(_("Nobody has nominated anyone yet."))
    return _move(selection, Selection.Phase.REVEALED)


@transaction.atomic
def open_change_round(user: Actor, selection: Selection) -> Selection:
    selection = _facilitating(user, selection, Selection.Phase.REVEALED)
    return _move(selection, Selection.Phase.CHANGING)


@transaction.atomic
def propose_candidate(user: Actor, selection: Selection, candidate: User, reasons: str) -> Proposal:
    """Propose a nominee for the role, with the reasons heard; the group then consents."""
    selection = _facilitating(user, selection, Selection.Phase.CHANGING)
    role = selection.role
    _in_group(role.group, candidate, "candidate")
    if not selection.nominations.filter(current=True, nominee=candidate).exists():
        raise ActionError(_("Propose someone who has been nominated."), field="candidate")
    reasons = clean_text(reasons, field="reasons", limit=BODY_MAX, label=_("the reasons"))
    _move(selection, Selection.Phase.CONSENTING)
    return create_proposal(
        user,
        role.group.community,
        group=role.group,
        subject=Proposal.Subject.ROLE,
        title=_("%(name)s as %(role)s") % {"name": candidate.name, "role": role.name},
        body=reasons,
        topic=role.name[:60],
        selection=selection,
        candidate_id=candidate.pk,
    )


@transaction.atomic
def cancel_selection(user: Actor, selection: Selection) -> Selection:
    selection = _lock_selection(selection)
    viewer = _viewer_in(user, selection.role.group)
    if not perms.can_facilitate(viewer, selection, selection.role.group):
        raise NotAllowed(FACILITATOR_ONLY)
    if selection.phase not in Selection.ACTIVE:
        raise ActionError(_("This selection has ended already."))
    Proposal.objects.filter(selection=selection, status=Proposal.Status.OPEN).update(
        status=Proposal.Status.WITHDRAWN,
        outcome=_("The selection was cancelled."),
        decided_by=signed_in(user),
        decided_at=timezone.now(),
    )
    return _move(selection, Selection.Phase.CANCELLED)
