"""Read paths shared by pages and the API. Each runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from murmuration.accounts.models import User

from . import permissions as perms
from . import scale
from .models import Community, Group, Membership, Visibility


def my_memberships(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user).select_related("community").order_by("community__name")
    )


def visible_communities(user: User, *, mine_only: bool = False) -> QuerySet[Community]:
    """Communities `user` is in, then listed ones, each annotated with `my_role`.

    This is `permissions.can_see_community` written as a filter, so a list costs one query
    however many communities there are.
    """
    mine = Membership.objects.filter(user=user)
    visible = Q(pk__in=mine.values("community_id"))
    if not mine_only:
        visible |= Q(visibility=Visibility.LISTED)
    role = mine.filter(community=OuterRef("pk")).values("role")[:1]
    return Community.objects.filter(visible).annotate(my_role=Subquery(role)).order_by("name", "pk")


def directory(exclude_ids: list[int], size: int) -> list[Community]:
    """Listed communities with their member counts, for finding one to join."""
    listed = (
        Community.objects.filter(visibility=Visibility.LISTED)
        .exclude(pk__in=exclude_ids)
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )
    return list(listed[:size])


def members(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )


def groups_with_counts(community: Community) -> QuerySet[Group]:
    return Group.objects.filter(community=community).annotate(member_count=Count("memberships"))


@dataclass
class TreeNode:
    group: Group
    count: int
    children: list["TreeNode"] = field(default_factory=list)
    is_member: bool = False

    @property
    def band(self) -> scale.Band:
        return scale.band_for(self.count)

    @property
    def outgrown(self) -> bool:
        return scale.outgrows(self.count, self.group.intended_band)


def visible_group_list(viewer: perms.Viewer) -> list[Group]:
    """Every group the viewer may see, with `member_count`, in one query."""
    if not viewer.is_member:
        return []
    return perms.visible_groups(viewer, groups_with_counts(viewer.community))


def group_tree(viewer: perms.Viewer) -> list[TreeNode]:
    """The nested groups the viewer may see, as a forest ordered by name.

    One query loads every group with its member count; nesting is assembled in memory, so the
    cost does not grow with depth.
    """
    groups = visible_group_list(viewer)
    nodes = {
        g.pk: TreeNode(g, g.member_count, is_member=g.pk in viewer.group_ids)  # type: ignore[attr-defined]
        for g in groups
    }
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.group.parent_id) if node.group.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def ancestors(group: Group, groups_by_id: dict[int, Group]) -> list[Group]:
    """The chain from the top-level group down to `group`'s parent."""
    chain: list[Group] = []
    node = groups_by_id.get(group.parent_id) if group.parent_id else None
    while node is not None and len(chain) <= len(groups_by_id):
        chain.append(node)
        node = groups_by_id.get(node.parent_id) if node.parent_id else None
    return list(reversed(chain))
