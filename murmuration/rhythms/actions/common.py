"""What every rhythm action shares: who is asking, which rows they may touch, row locks."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer, viewer_for
from murmuration.errors import ActionError, NotAllowed, NotFound

from .. import permissions as perms
from ..models import Rhythm, Session

Actor = User | AnonymousUser


def viewer_in_group(user: Actor, group: Group) -> Viewer:
    """The viewer, after making sure the group's schedule is visible to them at all.

    Someone who may not know the group exists gets NotFound, with the same words whether or
    not it exists, so refusals reveal nothing about private groups.
    """
    if not user.is_authenticated:
        raise NotAllowed(_("Please log in first."))
    viewer = viewer_for(user, group.community)
    if viewer.is_member:
        groups = {g.pk: g for g in Group.objects.filter(community_id=group.community_id)}
        if perms.can_see_schedule(viewer, group, groups):
            return viewer
    raise NotFound(_("Group not found."))


def require(
    user: Actor, group: Group, rule: Callable[[Viewer, Group], bool], message: str
) -> Viewer:
    viewer = viewer_in_group(user, group)
    if not rule(viewer, group):
        raise NotAllowed(message)
    return viewer


def signed_in(user: Actor) -> User:
    """`user` as a signed-in User, for actions that passed `require` and write their name."""
    if not isinstance(user, User):
        raise NotAllowed(_("Please log in first."))
    return user


def lock_session(session: Session) -> Session:
    """The session re-read under a row lock, so changes that depend on its state queue up.

    of=("self",) because PostgreSQL locks every joined row otherwise, and the rhythm and group
    rows are shared by all sessions.
    """
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("rhythm", "group", "group__community", "practice")
        .filter(pk=session.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Session not found."))
    return locked


def lock_rhythm(rhythm_id: int) -> Rhythm:
    """The rhythm under a row lock: planning facilitators reads and rewrites all its sessions.

    Actions that lock both take the rhythm first and the session second, always in that order,
    so two of them can never wait on each other.
    """
    locked = (
        Rhythm.objects.select_for_update(of=("self",))
        .select_related("group", "group__community")
        .filter(pk=rhythm_id)
        .first()
    )
    if locked is None:
        raise NotFound(_("Rhythm not found."))
    return locked


def clean_text(value: str, *, field: str, limit: int, label: str, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ActionError(_("Please write %(label)s.") % {"label": label}, field=field)
    if len(text) > limit:
        raise ActionError(
            _("%(label)s can be at most %(max)d characters; this has %(n)d.")
            % {"label": label.capitalize(), "max": limit, "n": len(text)},
            field=field,
        )
    return text


def person_in_group(group: Group, person: User | None, *, field: str) -> None:
    if person is None:
        return
    if not group.memberships.filter(user=person).exists():
        # The person is named by an id anyone can type, so the message must not say who it is:
        # naming them would reveal any account's name to whoever guesses ids.
        raise ActionError(_("That person is not in this group."), field=field)
