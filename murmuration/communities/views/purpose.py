"""Purpose history, and setting a new purpose, for a community or one of its groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import actions, queries
from .. import permissions as perms
from ..forms import PurposeForm
from ..models import Community, Group, PurposeVersion
from .helpers import (
    Refused,
    Request,
    load_group,
    load_member_community,
    posted,
    shows_refusals,
    signed_in,
    submit,
)


def _page(
    request: Request,
    viewer: perms.Viewer,
    group: Group | None,
    may_change: bool,
    breadcrumb: list[Group],
) -> HttpResponse:
    community: Community = viewer.community
    target: Community | Group = group or community
    form = PurposeForm(posted(request), initial={"purpose": target.purpose})
    if form.is_bound and not may_change:
        raise Refused(
            _("Only hosts can change the community's purpose.")
            if group is None
            else _("Only the group's members can change its purpose.")
        )
    outcome = submit(
        form,
        lambda data: actions.set_purpose(
            signed_in(request), community, data["purpose"], group=group, note=data["note"]
        ),
    )
    if outcome.result is not None:
        messages.success(request, _("The purpose is updated."))
        return redirect(request.path)
    versions = PurposeVersion.objects.filter(community=community, group=group).select_related(
        "author"
    )
    context = {
        "section": "" if group else "purpose",
        "community": community,
        "viewer": viewer,
        "group": group,
        "target": target,
        "breadcrumb": breadcrumb,
        "versions": versions,
        "form": form if may_change else None,
    }
    return TemplateResponse(request, "communities/purpose.html", context, status=outcome.status)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def community_purpose(request: Request, slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    return _page(request, viewer, None, perms.can_host(viewer), [])


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def group_purpose(request: Request, slug: str, group_slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    breadcrumb = [*queries.ancestors(group, groups), group]
    return _page(request, viewer, group, perms.can_change_group_purpose(viewer, group), breadcrumb)
