"""Who is in a community: members, their roles, removing them and leaving."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.errors import NotAllowed, NotFound

from .. import actions, queries
from .. import permissions as perms
from ..models import Membership
from ..schemas import MemberOut, RolePatch
from .lookups import community_for

router = Router(tags=["members"])


def _require_member_view(viewer: perms.Viewer) -> None:
    if not perms.can_see_members(viewer):
        raise NotAllowed(_("Only members can see who is in this community."))


def _member(viewer: perms.Viewer, user_id: int) -> User:
    # Whether someone is a member is itself something only members may learn, so that is
    # checked before looking the person up.
    _require_member_view(viewer)
    member = User.objects.filter(pk=user_id, memberships__community=viewer.community).first()
    if member is None:
        raise NotFound(_("That person is not a member of this community."))
    return member


# Members -------------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/members", response=list[MemberOut], summary="Members (members only)"
)
@paginate(Page)
def list_members(request: HttpRequest, slug: str) -> Any:
    viewer = community_for(current_user(request), slug)
    _require_member_view(viewer)
    return queries.members(viewer.community)


@router.patch(
    "/communities/{slug}/members/{user_id}",
    response=MemberOut,
    summary="Change a member's role (hosts)",
)
def change_role(request: HttpRequest, slug: str, user_id: int, payload: RolePatch) -> Membership:
    viewer = community_for(current_user(request), slug)
    member = _member(viewer, user_id)
    membership = actions.set_role(current_user(request), viewer.community, member, payload.role)
    membership.user = member
    return membership


@router.delete(
    "/communities/{slug}/members/{user_id}",
    response={204: None},
    summary="Remove a member (hosts)",
)
def remove_member(request: HttpRequest, slug: str, user_id: int) -> None:
    viewer = community_for(current_user(request), slug)
    actions.remove_member(current_user(request), viewer.community, _member(viewer, user_id))


@router.post("/communities/{slug}/leave", response={204: None}, summary="Leave a community")
def leave(request: HttpRequest, slug: str) -> None:
    viewer = community_for(current_user(request), slug)
    actions.leave_community(current_user(request), viewer.community)
