"""Loading the place (a community or one of its groups) or the proposal a page is about.

Hidden or missing things answer the same 404; a community's pages are for its members (403
for others who may know it exists), as everywhere else.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer
from murmuration.communities.queries import ancestors
from murmuration.communities.views.helpers import (
    Request,
    load_group,
    load_member_community,
    not_found,
)
from murmuration.errors import ActionError

from .. import queries


@dataclass(frozen=True)
class Place:
    viewer: Viewer
    group: Group | None
    groups: dict[int, Group]

    @property
    def name(self) -> str:
        return (self.group or self.viewer.community).name

    @property
    def breadcrumb(self) -> list[Group]:
        return [*ancestors(self.group, self.groups), self.group] if self.group else []

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "community": self.viewer.community,
            "viewer": self.viewer,
            "group": self.group,
            "place": self,
            "breadcrumb": self.breadcrumb,
            "section": "" if self.group else "decisions",
            **extra,
        }


def load_place(request: Request, slug: str, group_slug: str | None = None) -> Place:
    _community, viewer = load_member_community(request, slug)
    if group_slug is None:
        return Place(viewer, None, {})
    group, groups = load_group(viewer, group_slug)
    return Place(viewer, group, groups)


def load_proposal(
    request: Request, slug: str, proposal_id: int
) -> tuple[Place, queries.ProposalDetail]:
    _community, viewer = load_member_community(request, slug)
    detail = queries.proposal_detail(viewer, proposal_id)
    if detail is None:
        raise not_found()
    return Place(viewer, detail.proposal.group, detail.groups), detail


def posted_people(request: Request, field: str) -> QuerySet[User]:
    """The person a form names by id, as the one choice its field accepts (none if garbled)."""
    value = request.POST.get(field, "")
    return User.objects.filter(pk=int(value)) if value.isdigit() else User.objects.none()


def named_person(value: str, field: str) -> User:
    person = User.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if person is None:
        raise ActionError(_("Choose a person."), field=field)
    return person
