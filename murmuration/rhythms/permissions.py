"""Who may see and do what with rhythms, sessions, practices and calendars.

Built on `communities.permissions`: a group's rhythms and session times are visible to whoever
may see the group; what a pod shares inside a session (notes, check-ins) is readable only by the
group's current members — never by community hosts (DESIGN.md, privacy rule 1).
"""

from collections.abc import Mapping

from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from .models import Practice


def can_see_schedule(viewer: Viewer, group: Group, groups_by_id: Mapping[int, Group]) -> bool:
    """Rhythms, session times, facilitators and RSVP counts."""
    return community_perms.can_see_group(viewer, group, groups_by_id)


def can_read_private(viewer: Viewer, group: Group) -> bool:
    """Session notes and check-ins: the group's current members only, hosts included out."""
    return community_perms.is_group_member(viewer, group)


def can_take_part(viewer: Viewer, group: Group) -> bool:
    """RSVP, record attendance, check in, write notes, run the session, join the rotation."""
    return community_perms.is_group_member(viewer, group)


def can_manage_rhythms(viewer: Viewer, group: Group) -> bool:
    """Create, change, move and cancel: the group decides its own tempo, so its members do."""
    return community_perms.is_group_member(viewer, group)


def can_see_practice(viewer: Viewer, practice: Practice) -> bool:
    return practice.is_builtin or (
        viewer.is_member and practice.community_id == viewer.community.pk
    )


def can_add_practice(viewer: Viewer) -> bool:
    return viewer.is_member


def can_change_practice(viewer: Viewer, practice: Practice) -> bool:
    """Built-ins are shared by every community and change only with the software."""
    if practice.is_builtin or practice.community_id != viewer.community.pk:
        return False
    return viewer.is_host or (viewer.is_member and practice.created_by_id == viewer.user.pk)
