"""What every figure builder needs to know: who is looking, at which groups, when, in which zone."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities import permissions as perms
from murmuration.communities import queries as community_queries
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer


@dataclass
class Scope:
    viewer: Viewer
    # The groups the viewer may see (each with `member_count`): for a community pulse all of
    # them, for a group pulse the group and the visible groups inside it.
    groups: list[Group]
    # The groups whose sessions and people the figures count.
    counted_ids: list[int]
    zone: ZoneInfo
    now: datetime = field(default_factory=timezone.now)
    root: Group | None = None
    # What more than one figure of a page needs (a connection source's steps), computed once.
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def community_id(self) -> int:
        return self.viewer.community.pk


def zone_of(user: User) -> ZoneInfo:
    """Weeks start on the viewer's Monday, the same in a page and in the API."""
    try:
        return ZoneInfo(user.time_zone)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def community_scope(viewer: Viewer, user: User, now: datetime | None = None) -> Scope:
    """Every group the viewer may see, in one query. Hidden private groups are left out of every
    figure, counts included: a total that changed with them would tell that they exist."""
    groups = community_queries.visible_group_list(viewer)
    return Scope(viewer, groups, [g.pk for g in groups], zone_of(user), now or timezone.now())


def group_scope(
    viewer: Viewer,
    user: User,
    group: Group,
    groups_by_id: dict[int, Group],
    now: datetime | None = None,
) -> Scope:
    """The group, and the visible groups inside it for the picture of its nesting.

    `groups_by_id` is every group of the community with `member_count`, as the group's loader
    returns it, so this costs no query.
    """
    visible = perms.visible_groups(viewer, groups_by_id.values())
    inside = [g for g in visible if _descends(g, group.pk, groups_by_id)]
    return Scope(
        viewer, [group, *inside], [group.pk], zone_of(user), now or timezone.now(), root=group
    )


def _descends(group: Group, ancestor_id: int, groups_by_id: dict[int, Group]) -> bool:
    node = groups_by_id.get(group.parent_id) if group.parent_id else None
    for _step in range(len(groups_by_id)):
        if node is None:
            return False
        if node.pk == ancestor_id:
            return True
        node = groups_by_id.get(node.parent_id) if node.parent_id else None
    return False
