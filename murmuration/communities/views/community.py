"""A community's own page, its members, its settings, and joining or leaving it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from murmuration.accounts.models import User

from .. import actions, queries
from .. import permissions as perms
from ..forms import CommunitySettingsForm
from ..models import Community, JoinPolicy, JoinRequest, Membership
from .helpers import (
    Request,
    load_community,
    load_host_community,
    load_member_community,
    not_found,
    posted,
    safe_next,
    shows_refusals,
    signed_in,
    submit,
)

# The community page shows the first members; the members page has everyone, page by page.
MEMBERS_ON_PAGE = 50
MEMBERS_PER_PAGE = 100


def detail(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_community(request, slug)
    if not viewer.is_member:
        return _outside_view(request, viewer)
    members = list(queries.members(community)[: MEMBERS_ON_PAGE + 1])
    context = {
        "section": "overview",
        "community": community,
        "viewer": viewer,
        "members": members[:MEMBERS_ON_PAGE],
        "more_members": len(members) > MEMBERS_ON_PAGE,
        "member_count": community.memberships.count(),
        "tree": queries.group_tree(viewer),
        "pending_requests": (
            community.join_requests.filter(group=None, status=JoinRequest.Status.PENDING).count()
            if viewer.is_host
            else 0
        ),
    }
    return TemplateResponse(request, "communities/detail.html", context)


@login_required
@shows_refusals
def tree(request: Request, slug: str) -> HttpResponse:
    """The group tree alone, which the community page polls to stay current."""
    community, viewer = load_member_community(request, slug)
    context = {"community": community, "tree": queries.group_tree(viewer)}
    return TemplateResponse(request, "communities/detail.html#scale-tree", context)


def _outside_view(request: Request, viewer: perms.Viewer) -> HttpResponse:
    """What a listed community shows to people who are not in it: no names, no groups."""
    community = viewer.community
    waiting = (
        request.user.is_authenticated
        and community.join_requests.filter(
            user=signed_in(request), group=None, status=JoinRequest.Status.PENDING
        ).exists()
    )
    context = {
        "community": community,
        "viewer": viewer,
        "member_count": community.memberships.count(),
        "can_ask": perms.can_ask_to_join(viewer),
        "by_request": community.join_policy == JoinPolicy.ASK,
        "waiting": waiting,
    }
    return TemplateResponse(request, "communities/outside.html", context)


@login_required
@require_POST
@shows_refusals
def join(request: Request, slug: str) -> HttpResponse:
    community, _viewer = load_community(request, slug)
    result = actions.ask_to_join_community(
        signed_in(request), community, request.POST.get("message", "")
    )
    if isinstance(result, Membership):
        messages.success(request, _("Welcome to %(c)s.") % {"c": community.name})
    else:
        messages.success(request, _("Your request was sent to the hosts."))
    return redirect(community)


@login_required
@require_POST
@shows_refusals
def leave(request: Request, slug: str) -> HttpResponse:
    community, _viewer = load_member_community(request, slug)
    actions.leave_community(signed_in(request), community)
    messages.success(request, _("You left %(c)s.") % {"c": community.name})
    return redirect("communities:home")


@login_required
@shows_refusals
def members(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    page = Paginator(queries.members(community), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "section": "members",
        "community": community,
        "viewer": viewer,
        "page": page,
        "members": page.object_list,
    }
    return TemplateResponse(request, "communities/members.html", context)


def _host_and_member(request: Request, slug: str, user_id: int) -> tuple[Community, User]:
    """The community a host acts in, and the member they act on; 404 for anyone else."""
    community, _viewer = load_host_community(request, slug)
    member = User.objects.filter(pk=user_id, memberships__community_id=community.pk).first()
    if member is None:
        raise not_found()
    return community, member


def _back_to_members(request: Request, slug: str) -> HttpResponse:
    return redirect(safe_next(request, reverse("communities:members", args=[slug])))


@login_required
@require_POST
@shows_refusals
def remove_member(request: Request, slug: str, user_id: int) -> HttpResponse:
    community, member = _host_and_member(request, slug, user_id)
    actions.remove_member(signed_in(request), community, member)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": member.name})
    return _back_to_members(request, slug)


@login_required
@require_POST
@shows_refusals
def set_role(request: Request, slug: str, user_id: int) -> HttpResponse:
    community, member = _host_and_member(request, slug, user_id)
    membership = actions.set_role(
        signed_in(request), community, member, request.POST.get("role", "")
    )
    messages.success(
        request,
        _("%(name)s is now a %(role)s.")
        % {"name": member.name, "role": membership.get_role_display().lower()},
    )
    return _back_to_members(request, slug)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def edit_settings(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_host_community(request, slug)
    initial = {
        "name": community.name,
        "visibility": community.visibility,
        "join_policy": community.join_policy,
    }
    form = CommunitySettingsForm(posted(request), initial=initial)
    outcome = submit(
        form,
        lambda data: actions.update_community(signed_in(request), community, **data),
        undo=community.refresh_from_db,
    )
    if outcome.result is not None:
        messages.success(request, _("Settings saved."))
        return redirect(community)
    context = {"section": "settings", "community": community, "viewer": viewer, "form": form}
    return TemplateResponse(request, "communities/settings.html", context, status=outcome.status)
