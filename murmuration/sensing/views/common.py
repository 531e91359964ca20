"""Loading the scope or object a sensing page is about, for the person asking."""

from django.utils.translation import gettext as _

from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import Viewer
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    load_group,
    load_member_community,
)

from .. import permissions as perms


def load_scope(
    request: Request, slug: str, group_slug: str | None
) -> tuple[Community, Viewer, Group | None]:
    """The community, the viewer and the group named (None for the community's own scope).

    A group the viewer may not know of is a 404; one they see but are not in is a 403.
    """
    community, viewer = load_member_community(request, slug)
    if not group_slug:
        return community, viewer, None
    group, _groups = load_group(viewer, group_slug)
    if not perms.can_read_scope(viewer, group):
        raise Refused(_("Only the members of %(group)s read its signals.") % {"group": group.name})
    return community, viewer, group


def scope_name(community: Community, group: Group | None) -> str:
    return group.name if group else community.name
