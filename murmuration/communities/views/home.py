"""The home page and starting a community."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from .. import actions, queries
from ..forms import CommunityForm
from ..models import GroupMembership, JoinRequest
from .helpers import Request, posted, signed_in, submit

# The directory is for finding a few communities, not an index of all of them.
DIRECTORY_SIZE = 50


def home(request: Request) -> HttpResponse:
    if not request.user.is_authenticated:
        return TemplateResponse(
            request,
            "communities/landing.html",
            {"directory": queries.directory([], DIRECTORY_SIZE)},
        )
    user = signed_in(request)
    memberships = list(queries.my_memberships(user))
    my_groups = (
        GroupMembership.objects.filter(user=user)
        .select_related("group__community")
        .order_by("group__community__name", "group__name")
    )
    # Leaving a community leaves its group invitations pending; they can no longer be
    # accepted, so only those in communities the person is still in are shown.
    group_invitations = JoinRequest.objects.filter(
        user=user,
        direction=JoinRequest.Direction.INVITE,
        status=JoinRequest.Status.PENDING,
        group__isnull=False,
        community__memberships__user=user,
    ).select_related("group", "community")
    context = {
        "memberships": memberships,
        "my_groups": list(my_groups),
        "group_invitations": list(group_invitations),
        "directory": queries.directory([m.community_id for m in memberships], DIRECTORY_SIZE),
    }
    return TemplateResponse(request, "communities/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create_community(request: Request) -> HttpResponse:
    form = CommunityForm(posted(request))
    outcome = submit(form, lambda data: actions.create_community(signed_in(request), **data))
    if (community := outcome.result) is not None:
        return redirect(community)
    return TemplateResponse(
        request, "communities/create.html", {"form": form}, status=outcome.status
    )
