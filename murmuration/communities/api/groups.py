"""/communities/{slug}/groups: the groups a member can see, calling, joining and leaving them."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.accounts.schemas import PersonOut
from murmuration.errors import ActionError, NotAllowed

from .. import actions, queries
from .. import permissions as perms
from ..models import BandChoice, Group, GroupMembership, JoinPolicy, JoinRequest, PurposeVersion
from ..schemas import (
    GroupDetailOut,
    GroupIn,
    GroupInviteIn,
    GroupMemberOut,
    GroupOut,
    GroupPatch,
    GroupRef,
    JoinAskIn,
    JoinOutcomeOut,
    JoinRequestOut,
    PurposeVersionOut,
)
from .joining import join_outcome, join_requests
from .lookups import GroupView, changes, community_for, group_for, group_not_found

router = Router(tags=["groups"])

GROUP = "/communities/{slug}/groups/{group_slug}"


def group_out(viewer: perms.Viewer, group: Group) -> GroupOut:
    """A group with its size: `member_count` must be annotated (see queries.groups_with_counts)."""
    count: int = group.member_count  # type: ignore[attr-defined]
    return GroupOut(
        id=group.pk,
        slug=group.slug,
        name=group.name,
        parent_id=group.parent_id,
        purpose=group.purpose,
        join_policy=JoinPolicy(group.join_policy),
        is_private=group.is_private,
        intended_band=BandChoice(group.intended_band),
        caller_id=group.caller_id,
        member_count=count,
        band=group.band_for_count(count).key,
        outgrown=group.outgrown(count),
        is_member=perms.is_group_member(viewer, group),
    )


def _caller_and_group(request: HttpRequest, slug: str, group_slug: str) -> tuple[User, GroupView]:
    """The signed-in caller, and the group they name if they may see it."""
    user = current_user(request)
    return user, group_for(user, slug, group_slug)


def group_detail(found: GroupView) -> GroupDetailOut:
    viewer, group = found.viewer, found.group
    caller = group.caller
    return GroupDetailOut(
        **group_out(viewer, group).model_dump(),
        caller=PersonOut.model_validate(caller) if caller else None,
        ancestors=[
            GroupRef.model_validate(g) for g in queries.ancestors(group, found.groups_by_id)
        ],
        can_change=perms.can_change_group(viewer, group),
    )


@router.get(
    "/communities/{slug}/groups",
    response=list[GroupOut],
    summary="The groups I can see, with their size",
)
@paginate(Page)
def list_groups(request: HttpRequest, slug: str) -> Any:
    """Every group you may see, nested ones included (see `parent_id`), ordered by name.

    Private groups appear only to their members and the community's hosts; outside the
    community the list is empty.
    """
    viewer = community_for(current_user(request), slug)
    return [group_out(viewer, group) for group in queries.visible_group_list(viewer)]


@router.post("/communities/{slug}/groups", response={201: GroupDetailOut}, summary="Call a group")
def call_group(request: HttpRequest, slug: str, payload: GroupIn) -> GroupDetailOut:
    user = current_user(request)
    viewer = community_for(user, slug)
    fields = payload.model_dump()
    parent_id = fields.pop("parent_id")
    parent = None
    if parent_id is not None:
        parent = Group.objects.filter(pk=parent_id, community=viewer.community).first()
        if parent is None:
            raise group_not_found()
    group = actions.call_group(user, viewer.community, parent=parent, **fields)
    return group_detail(group_for(user, slug, group.slug))


@router.get(GROUP, response=GroupDetailOut, summary="One group")
def get_group(request: HttpRequest, slug: str, group_slug: str) -> GroupDetailOut:
    return group_detail(group_for(current_user(request), slug, group_slug))


@router.patch(GROUP, response=GroupDetailOut, summary="Change a group (its caller and hosts)")
def change_group(
    request: HttpRequest, slug: str, group_slug: str, payload: GroupPatch
) -> GroupDetailOut:
    user, found = _caller_and_group(request, slug, group_slug)
    actions.update_group(user, found.group, **changes(payload))
    return group_detail(found)


@router.post(
    GROUP + "/join",
    response={201: JoinOutcomeOut},
    summary="Join an open group, or ask to join one that takes requests",
)
def join_group(
    request: HttpRequest, slug: str, group_slug: str, payload: JoinAskIn
) -> JoinOutcomeOut:
    user, found = _caller_and_group(request, slug, group_slug)
    return join_outcome(actions.join_group(user, found.group, payload.message))


@router.post(GROUP + "/leave", response={204: None}, summary="Leave a group")
def leave_group(request: HttpRequest, slug: str, group_slug: str) -> None:
    user, found = _caller_and_group(request, slug, group_slug)
    actions.leave_group(user, found.group)


@router.get(GROUP + "/members", response=list[GroupMemberOut], summary="The group's members")
@paginate(Page)
def list_group_members(request: HttpRequest, slug: str, group_slug: str) -> Any:
    found = group_for(current_user(request), slug, group_slug)
    return (
        GroupMembership.objects.filter(group=found.group)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


@router.post(
    GROUP + "/invite",
    response={201: JoinRequestOut},
    summary="Invite a member of the community into the group",
)
def invite(request: HttpRequest, slug: str, group_slug: str, payload: GroupInviteIn) -> Any:
    user, found = _caller_and_group(request, slug, group_slug)
    invitee = User.objects.filter(
        pk=payload.user_id, memberships__community=found.viewer.community
    ).first()
    if invitee is None:
        raise ActionError(
            _("Only members of the community can be invited into its groups."), field="user_id"
        )
    invitation = actions.invite_to_group(user, found.group, invitee)
    return join_requests().get(pk=invitation.pk)


@router.get(
    GROUP + "/join-requests",
    response=list[JoinRequestOut],
    summary="Requests to join the group and invitations into it (its members and hosts)",
)
@paginate(Page)
def list_group_join_requests(
    request: HttpRequest,
    slug: str,
    group_slug: str,
    status: JoinRequest.Status = JoinRequest.Status.PENDING,
) -> Any:
    found = group_for(current_user(request), slug, group_slug)
    if not perms.can_decide_group_requests(found.viewer, found.group):
        raise NotAllowed(_("Only the group's members can see requests to join it."))
    return join_requests().filter(group=found.group, status=status)


@router.get(
    GROUP + "/purpose-versions",
    response=list[PurposeVersionOut],
    summary="The group's purpose, newest version first",
)
@paginate(Page)
def list_group_purpose(request: HttpRequest, slug: str, group_slug: str) -> Any:
    found = group_for(current_user(request), slug, group_slug)
    return (
        PurposeVersion.objects.filter(group=found.group)
        .select_related("author")
        .order_by("-number")
    )
