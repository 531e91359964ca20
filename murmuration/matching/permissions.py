"""Who may see and do what with pod-calling rounds.

Built on `communities.permissions`. A round is seen by whoever may see the place it is in (the
community, or its group); the community's hosts run it; the people of that place opt in.
Keep-apart wishes are read only by the person who made them and the round's hosts (DESIGN.md,
privacy rule 1): no page, fragment or API answer built for anyone else contains them.
"""

from collections.abc import Mapping

from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from .models import Entry, Round


def can_see_round(viewer: Viewer, round: Round, groups_by_id: Mapping[int, Group]) -> bool:
    if not viewer.is_member or round.community_id != viewer.community.pk:
        return False
    if round.group_id is None:
        return True
    group = groups_by_id.get(round.group_id)
    return group is not None and community_perms.can_see_group(viewer, group, groups_by_id)


def can_host_rounds(viewer: Viewer) -> bool:
    """Open, propose, review, move people, publish and cancel: the community's hosts."""
    return viewer.is_host


def can_take_part(viewer: Viewer, round: Round) -> bool:
    """Opt in: the community's members, or for a round inside a group, that group's members."""
    if not viewer.is_member:
        return False
    return round.group_id is None or round.group_id in viewer.group_ids


def can_see_entries(viewer: Viewer) -> bool:
    """Who opted in, with their availability and wishes: the round's hosts."""
    return viewer.is_host


def can_see_keep_apart(viewer: Viewer, entry: Entry) -> bool:
    return viewer.is_host or entry.user_id == viewer.user.pk
