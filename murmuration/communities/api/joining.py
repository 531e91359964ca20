"""Getting into a community or group: invitations, requests to join, and answering them."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.errors import NotAllowed, NotFound

from .. import actions
from .. import permissions as perms
from ..models import Group, GroupMembership, Invitation, JoinRequest, Membership, Role
from ..schemas import (
    DecisionIn,
    InvitationIn,
    InvitationOut,
    JoinAskIn,
    JoinedOut,
    JoinOutcomeOut,
    JoinRequestOut,
)
from .lookups import community_for

router = Router(tags=["joining"])


def join_requests() -> QuerySet[JoinRequest]:
    return JoinRequest.objects.select_related("community", "group", "user").order_by(
        "created_at", "pk"
    )


def join_outcome(result: Membership | GroupMembership | JoinRequest) -> JoinOutcomeOut:
    """What joining did: a membership means in at once; a request means waiting for an answer."""
    if isinstance(result, JoinRequest):
        request = join_requests().get(pk=result.pk)
        return JoinOutcomeOut.model_validate({"joined": False, "request": request})
    return JoinOutcomeOut(joined=True)


# Invitations ---------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/invitations",
    response=list[InvitationOut],
    summary="Invitations, newest first (hosts)",
)
@paginate(Page)
def list_invitations(request: HttpRequest, slug: str) -> Any:
    viewer = community_for(current_user(request), slug)
    if not perms.can_host(viewer):
        raise NotAllowed(_("Only hosts can see invitations."))
    return (
        Invitation.objects.filter(community=viewer.community)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


@router.post(
    "/communities/{slug}/invitations",
    response={201: InvitationOut},
    summary="Invite people with a link, or send one by email (hosts)",
)
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn) -> Invitation:
    viewer = community_for(current_user(request), slug)
    return actions.create_invitation(
        current_user(request), viewer.community, **payload.model_dump()
    )


@router.delete(
    "/communities/{slug}/invitations/{invitation_id}",
    response={204: None},
    summary="Withdraw an invitation (hosts)",
)
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int) -> None:
    viewer = community_for(current_user(request), slug)
    invitation = Invitation.objects.filter(pk=invitation_id, community=viewer.community).first()
    if invitation is None:
        raise NotFound(_("Invitation not found."))
    invitation.community = viewer.community
    actions.revoke_invitation(current_user(request), invitation)


@router.post("/invitations/{token}/accept", response=JoinedOut, summary="Join with an invitation")
def accept_invitation(request: HttpRequest, token: str) -> JoinedOut:
    membership = actions.accept_invitation(current_user(request), token)
    return JoinedOut(community=membership.community.slug, role=Role(membership.role))


# Requests to join ----------------------------------------------------------------------------


@router.post(
    "/communities/{slug}/join-requests",
    response={201: JoinOutcomeOut},
    summary="Join an open community, or ask to join one that takes requests",
)
def ask_to_join(request: HttpRequest, slug: str, payload: JoinAskIn) -> JoinOutcomeOut:
    viewer = community_for(current_user(request), slug)
    result = actions.ask_to_join_community(current_user(request), viewer.community, payload.message)
    return join_outcome(result)


@router.get(
    "/communities/{slug}/join-requests",
    response=list[JoinRequestOut],
    summary="Requests to join the community (hosts)",
)
@paginate(Page)
def list_join_requests(
    request: HttpRequest, slug: str, status: JoinRequest.Status = JoinRequest.Status.PENDING
) -> Any:
    viewer = community_for(current_user(request), slug)
    if not perms.can_host(viewer):
        raise NotAllowed(_("Only hosts can see requests to join."))
    return join_requests().filter(community=viewer.community, group=None, status=status)


@router.get(
    "/join-requests",
    response=list[JoinRequestOut],
    summary="My requests to join, and my invitations into groups",
)
@paginate(Page)
def my_join_requests(request: HttpRequest, status: JoinRequest.Status | None = None) -> Any:
    requests = join_requests().filter(user=current_user(request))
    return requests.filter(status=status) if status else requests


@router.post(
    "/join-requests/{request_id}/decide",
    response=JoinRequestOut,
    summary="Accept or decline a request, or answer an invitation into a group",
)
def decide(request: HttpRequest, request_id: int, payload: DecisionIn) -> JoinRequest:
    user = current_user(request)
    join_request = join_requests().filter(pk=request_id).first()
    if join_request is None:
        raise NotFound(_("Request not found."))
    # Someone may always see a request about themselves; anyone else must be able to see the
    # place it is for, or it does not exist for them.
    if join_request.user_id != user.pk:
        viewer = perms.viewer_for(user, join_request.community)
        if not viewer.is_member:
            raise NotFound(_("Request not found."))
        if join_request.group is not None:
            groups = {g.pk: g for g in Group.objects.filter(community=viewer.community)}
            if not perms.can_see_group(viewer, join_request.group, groups):
                raise NotFound(_("Request not found."))
    actions.decide_join_request(user, join_request, payload.accept)
    return join_requests().get(pk=request_id)
