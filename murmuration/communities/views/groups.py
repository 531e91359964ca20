"""Groups: calling one, its page, joining and leaving, inviting, and its settings."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from murmuration.accounts.models import User
from murmuration.errors import ActionError, NotAllowed

from .. import actions, queries
from .. import permissions as perms
from ..forms import CallGroupForm, GroupSettingsForm, InviteToGroupForm
from ..models import Group, GroupMembership, JoinRequest
from .helpers import (
    Request,
    load_group,
    load_member_community,
    posted,
    shows_refusals,
    signed_in,
    submit,
    visible_groups_by_id,
)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def call_group(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    groups = visible_groups_by_id(viewer)
    # Labelled with their path, since names repeat across a big tree. Every group above a
    # visible group is visible too, so the path names nothing hidden.
    parents = [
        (g, " › ".join(a.name for a in [*queries.ancestors(g, groups), g]))
        for g in groups.values()
        if perms.can_see_group(viewer, g, groups) and perms.can_call_group(viewer, g)
    ]
    initial = {"parent": request.GET.get("parent", "")}
    form = CallGroupForm(posted(request), initial=initial, parents=parents)
    outcome = submit(form, lambda data: actions.call_group(signed_in(request), community, **data))
    if (group := outcome.result) is not None:
        messages.success(
            request, _("%(group)s is called. Invite people in.") % {"group": group.name}
        )
        return redirect(group)
    context = {"community": community, "viewer": viewer, "form": form}
    return TemplateResponse(request, "communities/call_group.html", context, status=outcome.status)


def _panel_context(viewer: perms.Viewer, group: Group, count: int) -> dict:
    """What the membership panel needs; the panel is redrawn alone after joining or leaving."""
    user = viewer.user
    waiting = (
        user.is_authenticated
        and not perms.is_group_member(viewer, group)
        and JoinRequest.objects.filter(
            group=group, user_id=user.pk, status=JoinRequest.Status.PENDING
        ).exists()
    )
    return {
        "community": viewer.community,
        "group": group,
        "viewer": viewer,
        "count": count,
        "group_members": GroupMembership.objects.filter(group=group)
        .select_related("user")
        .order_by("user__display_name", "user__email"),
        "is_group_member": perms.is_group_member(viewer, group),
        "can_join": perms.can_join_group(viewer, group),
        "can_ask": perms.can_ask_to_join_group(viewer, group),
        "waiting": waiting,
    }


@login_required
@shows_refusals
def group_detail(request: Request, slug: str, group_slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    count: int = group.member_count  # type: ignore[attr-defined]
    chain = queries.ancestors(group, groups)
    parent = chain[-1] if chain else None
    children = [
        g
        for g in groups.values()
        if g.parent_id == group.pk and perms.can_see_group(viewer, g, groups)
    ]
    context = {
        **_panel_context(viewer, group, count),
        "breadcrumb": chain,
        "parent": parent,
        "serves": parent.purpose if parent else community.purpose,
        "children": children,
        "can_change": perms.can_change_group(viewer, group),
        "can_call_inside": perms.can_call_group(viewer, group),
        "can_call_beside": perms.can_call_group(viewer, parent),
        "can_decide": perms.can_decide_group_requests(viewer, group),
        "can_invite": perms.can_invite_to_group(viewer, group),
    }
    if context["can_decide"]:
        context["pending"] = list(
            group.join_requests.filter(
                status=JoinRequest.Status.PENDING, direction=JoinRequest.Direction.ASK
            ).select_related("user")
        )
    if context["can_invite"]:
        context["invite_form"] = InviteToGroupForm(people=_invitable(group))
    return TemplateResponse(request, "communities/group.html", context)


def _invitable(group: Group) -> list[User]:
    """Community members not in the group and not already invited into it."""
    return list(
        User.objects.filter(memberships__community_id=group.community_id)
        .exclude(group_memberships__group=group)
        .exclude(
            Exists(
                JoinRequest.objects.filter(
                    user=OuterRef("pk"), group=group, status=JoinRequest.Status.PENDING
                )
            )
        )
        .order_by("display_name", "email")
    )


def _membership_changed(request: Request, slug: str, group_slug: str, done: str) -> HttpResponse:
    """After joining or leaving: redraw the panel for htmx, or go back to the group page.

    Leaving a private group hides it from the person who left, so they go to the community.
    """
    community, viewer = load_member_community(request, slug)
    groups = visible_groups_by_id(viewer)
    group = next((g for g in groups.values() if g.slug == group_slug), None)
    if group is None or not perms.can_see_group(viewer, group, groups):
        messages.success(request, done)
        if request.htmx:
            return HttpResponseClientRedirect(community.get_absolute_url())
        return redirect(community)
    if not request.htmx:
        messages.success(request, done)
        return redirect(group)
    context = _panel_context(viewer, group, group.member_count)  # type: ignore[attr-defined]
    context["done"] = done
    return TemplateResponse(request, "communities/group.html#membership-panel", context)


def _change_membership(
    request: Request, slug: str, group_slug: str, change: Callable[[Group], str]
) -> HttpResponse:
    """Join or leave: `change` runs the action on the group and says what it did.

    A refusal is shown in the panel for htmx; a plain form post gets the refusal page.
    """
    _community, viewer = load_member_community(request, slug)
    group, _groups = load_group(viewer, group_slug)
    try:
        done = change(group)
    except ActionError as error:
        if not request.htmx:
            raise
        count = group.memberships.count()
        context = {**_panel_context(viewer, group, count), "error": error.message}
        return TemplateResponse(
            request, "communities/group.html#membership-panel", context, status=error.status
        )
    return _membership_changed(request, slug, group_slug, done)


@login_required
@require_POST
@shows_refusals
def join_group(request: Request, slug: str, group_slug: str) -> HttpResponse:
    def join(group: Group) -> str:
        result = actions.join_group(signed_in(request), group, request.POST.get("message", ""))
        if isinstance(result, JoinRequest):
            return _("Your request to join was sent to the group.")
        return _("You joined %(group)s.") % {"group": group.name}

    return _change_membership(request, slug, group_slug, join)


@login_required
@require_POST
@shows_refusals
def leave_group(request: Request, slug: str, group_slug: str) -> HttpResponse:
    def leave(group: Group) -> str:
        actions.leave_group(signed_in(request), group)
        return _("You left %(group)s.") % {"group": group.name}

    return _change_membership(request, slug, group_slug, leave)


@login_required
@require_POST
@shows_refusals
def invite_to_group(request: Request, slug: str, group_slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    group, _groups = load_group(viewer, group_slug)
    if not perms.can_invite_to_group(viewer, group):
        raise NotAllowed(_("Only the group's members can invite."))
    form = InviteToGroupForm(posted(request), people=_invitable(group))
    if not form.is_valid():
        raise ActionError(_("Please choose a member of the community to invite."))
    invitee = form.cleaned_data["person"]
    actions.invite_to_group(signed_in(request), group, invitee)
    messages.success(request, _("%(name)s is invited.") % {"name": invitee.name})
    return redirect(group)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def group_settings(request: Request, slug: str, group_slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    if not perms.can_change_group(viewer, group):
        raise NotAllowed(
            _("Only the group's caller and the community's hosts can change its settings.")
        )
    initial = {
        "name": group.name,
        "join_policy": group.join_policy,
        "is_private": group.is_private,
        "intended_band": group.intended_band,
    }
    form = GroupSettingsForm(posted(request), initial=initial)
    outcome = submit(
        form,
        lambda data: actions.update_group(signed_in(request), group, **data),
        undo=group.refresh_from_db,
    )
    if outcome.result is not None:
        messages.success(request, _("Settings saved."))
        return redirect(group)
    context = {
        "community": community,
        "viewer": viewer,
        "group": group,
        "breadcrumb": [*queries.ancestors(group, groups), group],
        "form": form,
    }
    return TemplateResponse(
        request, "communities/group_settings.html", context, status=outcome.status
    )
