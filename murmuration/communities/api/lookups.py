"""Finding the community or group a URL names, as the caller is allowed to see it, and what a
PATCH to it asks to change.

Something the caller may not see is reported exactly like something that does not exist, with
the same status and the same words, so a 404 never confirms that a private place is there.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema

from murmuration.accounts.models import User
from murmuration.errors import NotFound

from .. import permissions as perms
from .. import queries
from ..models import Community, Group


def community_not_found() -> NotFound:
    return NotFound(_("Community not found."))


def group_not_found() -> NotFound:
    return NotFound(_("Group not found."))


def community_for(user: User, slug: str) -> perms.Viewer:
    """The viewer of the community at `slug`, or 404 when it is missing or hidden from `user`."""
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise community_not_found()
    viewer = perms.viewer_for(user, community)
    if not perms.can_see_community(viewer):
        raise community_not_found()
    return viewer


def changes(patch: Schema) -> dict[str, Any]:
    """The fields a PATCH sets; null, like leaving a field out, keeps the current value."""
    return {k: v for k, v in patch.model_dump(exclude_unset=True).items() if v is not None}


def role_of(viewer: perms.Viewer) -> str | None:
    return viewer.membership.role if viewer.membership else None


@dataclass(frozen=True)
class GroupView:
    """A group found for a viewer, with the community's groups it was checked against."""

    viewer: perms.Viewer
    group: Group
    groups_by_id: dict[int, Group]

    @property
    def member_count(self) -> int:
        return self.group.member_count  # type: ignore[attr-defined]


def group_for(user: User, slug: str, group_slug: str) -> GroupView:
    """The group at `group_slug`, or 404 when it is missing or hidden from `user`.

    Every group of the community is loaded in one query, because whether a group is visible
    depends on each group above it.
    """
    viewer = community_for(user, slug)
    if not viewer.is_member:
        raise group_not_found()
    groups = list(queries.groups_with_counts(viewer.community).select_related("caller"))
    by_id = {group.pk: group for group in groups}
    group = next((g for g in groups if g.slug == group_slug), None)
    if group is None or not perms.can_see_group(viewer, group, by_id):
        raise group_not_found()
    # The actions read group.community; the viewer already holds it.
    group.community = viewer.community
    return GroupView(viewer, group, by_id)
