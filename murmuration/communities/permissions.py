"""Who may see and do what in a community. Every view, API endpoint and action asks here.

A `Viewer` bundles what the rules need to know about one person in one community (their
membership and the groups they belong to), loaded in at most two queries, so lists can apply the
rules to every row without querying per row.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from murmuration.accounts.models import User

from .models import Community, Group, GroupMembership, JoinPolicy, Membership, Visibility


@dataclass(frozen=True)
class Viewer:
    user: User | AnonymousUser
    community: Community
    membership: Membership | None
    group_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_host(self) -> bool:
        return self.membership is not None and self.membership.is_host


def viewer_for(user: User | AnonymousUser, community: Community) -> Viewer:
    if not user.is_authenticated:
        return Viewer(user, community, None)
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is None:
        return Viewer(user, community, None)
    group_ids = frozenset(
        GroupMembership.objects.filter(group__community=community, user=user).values_list(
            "group_id", flat=True
        )
    )
    return Viewer(user, community, membership, group_ids)


# Communities ---------------------------------------------------------------------------------


def can_see_community(viewer: Viewer) -> bool:
    """Listed communities show their name and purpose to anyone; private ones only to members."""
    return viewer.is_member or viewer.community.visibility == Visibility.LISTED


def can_see_members(viewer: Viewer) -> bool:
    return viewer.is_member


def can_host(viewer: Viewer) -> bool:
    return viewer.is_host


def can_ask_to_join(viewer: Viewer) -> bool:
    return (
        viewer.user.is_authenticated
        and not viewer.is_member
        and viewer.community.visibility == Visibility.LISTED
        and viewer.community.join_policy in (JoinPolicy.ASK, JoinPolicy.OPEN)
    )


# Groups --------------------------------------------------------------------------------------


def can_see_group(viewer: Viewer, group: Group, groups_by_id: Mapping[int, Group]) -> bool:
    """A group is visible when it and every group above it are visible to the viewer.

    Checking the ancestors matters: a public crew inside a private team would otherwise reveal
    the team's name in its breadcrumb.
    """
    if not viewer.is_member:
        return False
    node: Group | None = group
    seen = 0
    while node is not None:
        if node.is_private and not viewer.is_host and node.pk not in viewer.group_ids:
            return False
        node = groups_by_id.get(node.parent_id) if node.parent_id else None
        seen += 1
        if seen > len(groups_by_id) + 1:  # a cycle would be a data bug; fail closed
            return False
    return True


def visible_groups(viewer: Viewer, groups: Iterable[Group]) -> list[Group]:
    groups = list(groups)
    by_id = {group.pk: group for group in groups}
    return [group for group in groups if can_see_group(viewer, group, by_id)]


def is_group_member(viewer: Viewer, group: Group) -> bool:
    return group.pk in viewer.group_ids


def can_change_group(viewer: Viewer, group: Group) -> bool:
    """The caller, while still in the group, and the community's hosts change its settings."""
    return viewer.is_host or (is_group_member(viewer, group) and group.caller_id == viewer.user.pk)


def can_call_group(viewer: Viewer, parent: Group | None) -> bool:
    """Any member may call a group at community level; inside a group, its members may."""
    if not viewer.is_member:
        return False
    return parent is None or viewer.is_host or is_group_member(viewer, parent)


def can_join_group(viewer: Viewer, group: Group) -> bool:
    return (
        viewer.is_member
        and not is_group_member(viewer, group)
        and group.join_policy == JoinPolicy.OPEN
    )


def can_ask_to_join_group(viewer: Viewer, group: Group) -> bool:
    return (
        viewer.is_member
        and not is_group_member(viewer, group)
        and group.join_policy == JoinPolicy.ASK
    )


def can_invite_to_group(viewer: Viewer, group: Group) -> bool:
    return viewer.is_host or is_group_member(viewer, group)


def can_decide_group_requests(viewer: Viewer, group: Group) -> bool:
    return viewer.is_host or is_group_member(viewer, group)
