"""Loading what a cycles page is about, the same way on every page.

Built on the communities helpers: a group the viewer may not see answers 404 like a missing
one; a page the viewer may know about but not use (a pod's retro, for a host) answers 403.
"""

from dataclasses import dataclass
from typing import Any

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import Viewer
from murmuration.communities.queries import ancestors
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    load_group,
    load_member_community,
    not_found,
)

from .. import actions
from .. import permissions as perms
from ..models import Commitment, RetroAction, Retrospective


@dataclass
class Place:
    """The community, viewer and group a page is about, and all groups by id."""

    community: Community
    viewer: Viewer
    group: Group
    groups: dict[int, Group]

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "community": self.community,
            "viewer": self.viewer,
            "group": self.group,
            "breadcrumb": [*ancestors(self.group, self.groups), self.group],
            **extra,
        }


def load_place(request: Request, slug: str, group_slug: str, *, catch_up: bool = False) -> Place:
    """The group the URL names, brought up to date first when `catch_up` (see actions.gate)."""
    community, viewer = load_member_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    if not perms.can_see_commitments(viewer, group, groups):
        raise not_found()
    if catch_up:
        actions.catch_up(group)
    return Place(community, viewer, group, groups)


def commitment_in(place: Place, commitment_id: int) -> Commitment:
    found = (
        Commitment.objects.select_related("group", "group__community", "rhythm")
        .filter(pk=commitment_id, group=place.group)
        .first()
    )
    if found is None:
        raise not_found()
    return found


def require_member(place: Place, message: str | None = None) -> None:
    if not perms.can_propose(place.viewer, place.group):
        raise Refused(message or _("Only the group's members can do this."))


def require_retro_reader(place: Place) -> None:
    if not perms.can_read_retro(place.viewer, place.group):
        raise Refused(_("Retrospectives are private to the group's members."))


def retro_in(place: Place, session_id: int) -> Retrospective:
    retro = (
        Retrospective.objects.select_related(
            "session", "session__rhythm", "group", "group__community", "practice", "commitment"
        )
        .filter(session_id=session_id, group=place.group)
        .first()
    )
    if retro is None:
        raise not_found()
    return retro


def action_in(place: Place, action_id: int) -> RetroAction:
    found = (
        RetroAction.objects.select_related("group", "retro")
        .filter(pk=action_id, group=place.group)
        .first()
    )
    if found is None:
        raise not_found()
    return found


def partial(response: TemplateResponse, template: str, name: str) -> TemplateResponse:
    response.template_name = f"{template}#{name}"
    return response
