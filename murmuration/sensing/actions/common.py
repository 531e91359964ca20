"""What the sensing actions share: who is asking, in which scope, and text checks."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import Viewer, viewer_for
from murmuration.errors import NotAllowed, NotFound
from murmuration.rhythms.actions.common import clean_text

from .. import permissions as perms

Actor = User | AnonymousUser
__all__ = ["Actor", "clean_text", "scope_viewer", "signed_in"]


def signed_in(user: Actor) -> User:
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAllowed(_("Please log in first."))
    return user


def scope_viewer(user: Actor, community: Community, group: Group | None) -> Viewer:
    """The viewer, once sure they may read the scope; a scope they may not read is NotFound,
    in the same words whether or not it exists, so refusals reveal no private group."""
    signed_in(user)
    if group is not None and group.community_id != community.pk:
        raise NotFound(_("Group not found."))
    viewer = viewer_for(user, community)
    if not perms.can_read_scope(viewer, group):
        raise NotFound(_("Group not found.") if group else _("Community not found."))
    return viewer
