"""What the sensing actions share: who is asking, in which scope, and text checks."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities import permissions as community_perms
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
    """The viewer, once sure they may read the scope.

    A group the person can see but is not in is NotAllowed; one they may not know about is
    NotFound, in the same words whether or not it exists, so refusals reveal no private group.
    """
    signed_in(user)
    if group is not None and group.community_id != community.pk:
        raise NotFound(_("Group not found."))
    viewer = viewer_for(user, community)
    if perms.can_read_scope(viewer, group):
        return viewer
    if group is not None and viewer.is_member:
        groups = {g.pk: g for g in Group.objects.filter(community=community)}
        if community_perms.can_see_group(viewer, group, groups):
            raise NotAllowed(_("Only the group's members take part in its sensing."))
    raise NotFound(_("Group not found.") if group else _("Community not found."))
