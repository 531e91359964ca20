"""Who may see and do what with commitments, retrospectives, review choices, health and growth.

Built on `communities.permissions`. Whoever may see a group sees its commitments: their status,
progress and who is in (like its member list). What the pod shares inside itself — retro items,
votes and actions — is readable only by the group's current members, never by the community's
hosts (DESIGN.md, privacy rule 1). A review choice is readable by the member who made it alone:
the queries never load anyone else's. Hosts see aggregates (group health), never contents.
"""

from collections.abc import Mapping

from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from .models import Commitment


def can_see_commitments(viewer: Viewer, group: Group, groups_by_id: Mapping[int, Group]) -> bool:
    return community_perms.can_see_group(viewer, group, groups_by_id)


def can_propose(viewer: Viewer, group: Group) -> bool:
    """A group commits itself: its members propose, each opts in on their own."""
    return community_perms.is_group_member(viewer, group)


def is_committed(viewer: Viewer, commitment: Commitment, member_ids: frozenset[int]) -> bool:
    """In the group now and opted in to the commitment (`member_ids`: its members' user ids)."""
    return (
        community_perms.is_group_member(viewer, commitment.group) and viewer.user.pk in member_ids
    )


def can_opt_in(viewer: Viewer, commitment: Commitment, member_ids: frozenset[int]) -> bool:
    return (
        community_perms.is_group_member(viewer, commitment.group)
        and viewer.user.pk not in member_ids
        and commitment.status in (Commitment.Status.PROPOSED, Commitment.Status.ACTIVE)
    )


def can_decide(viewer: Viewer, commitment: Commitment, member_ids: frozenset[int]) -> bool:
    """Begin, renew or close: the people who opted in, while they are in the group."""
    return is_committed(viewer, commitment, member_ids)


def can_read_retro(viewer: Viewer, group: Group) -> bool:
    """Retro items, votes and actions: the group's current members only, hosts included out."""
    return community_perms.is_group_member(viewer, group)


def can_see_health(viewer: Viewer, group: Group, groups_by_id: Mapping[int, Group]) -> bool:
    """Attendance, cycles and actions done on time are aggregates: the group and the hosts."""
    return community_perms.is_group_member(viewer, group) or (
        viewer.is_host and community_perms.can_see_group(viewer, group, groups_by_id)
    )


def can_see_community_health(viewer: Viewer) -> bool:
    return viewer.is_host


def can_split(viewer: Viewer, group: Group) -> bool:
    """The group decides to split itself; hosts open space, they do not move people."""
    return community_perms.is_group_member(viewer, group)
