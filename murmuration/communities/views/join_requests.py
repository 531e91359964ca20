"""Requests to join, and invitations into groups, waiting for an answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from murmuration.errors import ActionError

from .. import actions
from .. import permissions as perms
from ..models import Group, JoinRequest
from .helpers import (
    Request,
    load_community,
    load_host_community,
    not_found,
    safe_next,
    shows_refusals,
    signed_in,
    visible_groups_by_id,
)

DECISIONS = {"accept": True, "decline": False}


@login_required
@shows_refusals
def waiting(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_host_community(request, slug)
    pending = community.join_requests.filter(
        group=None, status=JoinRequest.Status.PENDING
    ).select_related("user")
    context = {
        "section": "requests",
        "community": community,
        "viewer": viewer,
        "pending": list(pending),
    }
    return TemplateResponse(request, "communities/join_requests.html", context)


def _may_know_about(viewer: perms.Viewer, join_request: JoinRequest) -> bool:
    """Whether the request's existence (and its group's name) may be shown to the viewer."""
    if join_request.user_id == viewer.user.pk:
        return True
    if join_request.group is None:
        return viewer.is_host
    groups = visible_groups_by_id(viewer)
    group = groups.get(join_request.group.pk)
    return group is not None and perms.can_see_group(viewer, group, groups)


@login_required
@require_POST
@shows_refusals
def decide(request: Request, slug: str, pk: int) -> HttpResponse:
    # A person invited into a group is not yet in it, and may answer from the home page.
    community, viewer = load_community(request, slug)
    join_request = community.join_requests.select_related("group").filter(pk=pk).first()
    if join_request is None or not _may_know_about(viewer, join_request):
        raise not_found()
    decision = request.POST.get("decision", "")
    if decision not in DECISIONS:
        raise ActionError(_("Please choose accept or decline."))
    decided = actions.decide_join_request(signed_in(request), join_request, DECISIONS[decision])
    messages.success(request, _answered_message(decided))
    return redirect(safe_next(request, _after(decided)))


def _answered_message(join_request: JoinRequest) -> str:
    accepted = join_request.status == JoinRequest.Status.ACCEPTED
    if join_request.direction == JoinRequest.Direction.INVITE:
        assert join_request.group is not None
        if accepted:
            return _("You joined %(group)s.") % {"group": join_request.group.name}
        return _("You declined the invitation.")
    if accepted:
        return _("%(name)s is in.") % {"name": join_request.user.name}
    return _("The request was declined.")


def _after(join_request: JoinRequest) -> str:
    group: Group | None = join_request.group
    if join_request.direction == JoinRequest.Direction.INVITE and group is not None:
        if join_request.status == JoinRequest.Status.ACCEPTED:
            return group.get_absolute_url()
        return reverse("communities:home")
    if group is not None:
        return group.get_absolute_url()
    return reverse("communities:join_requests", args=[join_request.community.slug])
