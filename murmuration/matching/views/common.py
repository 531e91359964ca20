"""Loading the round a page is about, as the person asking may see it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import Viewer
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    load_member_community,
    not_found,
    visible_groups_by_id,
)

from .. import permissions as perms
from ..models import Round


def load_round(
    request: Request, slug: str, round_id: int
) -> tuple[Community, Viewer, Round, dict[int, Group]]:
    """The round and its community; 404 for a round the person may not see, 403 for a
    community they may see but are not in."""
    community, viewer = load_member_community(request, slug)
    round = Round.objects.select_related("group").filter(pk=round_id, community=community).first()
    groups = visible_groups_by_id(viewer) if round is not None and round.group_id else {}
    if round is None or not perms.can_see_round(viewer, round, groups):
        raise not_found()
    round.community = community
    return community, viewer, round, groups


def load_hosted_round(
    request: Request, slug: str, round_id: int
) -> tuple[Community, Viewer, Round, dict[int, Group]]:
    found = load_round(request, slug, round_id)
    if not perms.can_host_rounds(found[1]):
        raise Refused(_("Only the community's hosts can review and publish a round."))
    return found


def context(viewer: Viewer, round: Round | None = None, **extra: object) -> dict[str, object]:
    return {
        "community": viewer.community,
        "viewer": viewer,
        "round": round,
        "section": "rounds",
        "can_host": perms.can_host_rounds(viewer),
        "my_zone": timezone.get_current_timezone_name(),
        **extra,
    }
