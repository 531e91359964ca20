"""Pulse pages: a community's, a group's and my own, each figure with its CSV download.

The figures are built on the request's person and the groups they may see; the CSV of one
figure builds only that figure, from the same builder the page and the API use.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import Viewer
from murmuration.communities.queries import ancestors
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    load_group,
    load_member_community,
    not_found,
    shows_refusals,
    signed_in,
)

from . import permissions as perms
from .builders import Entry, allowed, community_entries, find, group_entries, mine
from .figures import Figure
from .scope import community_scope, group_scope


@dataclass(frozen=True)
class Panel:
    figure: Figure
    csv_url: str


def csv_response(figure: Figure, filename: str) -> HttpResponse:
    response = HttpResponse(figure.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def entry_for(viewer: Viewer, entries: list[Entry], key: str) -> Entry:
    entry = find(entries, key)
    if entry is None:
        raise not_found()
    if not perms.can_see_figure(viewer, entry.hosts_only):
        raise Refused(_("Only the community's hosts can see this."))
    return entry


@login_required
@require_GET
@shows_refusals
def community(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    scope = community_scope(viewer, signed_in(request))
    panels = [
        Panel(entry.build(scope), reverse("pulse:community_csv", args=[slug, entry.key]))
        for entry in allowed(viewer, community_entries())
    ]
    context = {"section": "pulse", "community": community, "viewer": viewer, "panels": panels}
    return TemplateResponse(request, "pulse/community.html", context)


@login_required
@require_GET
@shows_refusals
def community_csv(request: Request, slug: str, key: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    entry = entry_for(viewer, community_entries(), key)
    figure = entry.build(community_scope(viewer, signed_in(request)))
    return csv_response(figure, f"{community.slug}-{key}.csv")


def _load_group(
    request: Request, slug: str, group_slug: str
) -> tuple[Community, Viewer, Group, dict[int, Group]]:
    community, viewer = load_member_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    if not perms.can_see_group_pulse(viewer, group, groups):
        raise not_found()
    return community, viewer, group, groups


@login_required
@require_GET
@shows_refusals
def group(request: Request, slug: str, group_slug: str) -> HttpResponse:
    community, viewer, group, groups = _load_group(request, slug, group_slug)
    scope = group_scope(viewer, signed_in(request), group, groups)
    panels = [
        Panel(entry.build(scope), reverse("pulse:group_csv", args=[slug, group_slug, entry.key]))
        for entry in allowed(viewer, group_entries())
    ]
    context = {
        "community": community,
        "viewer": viewer,
        "group": group,
        "breadcrumb": [*ancestors(group, groups), group],
        "panels": panels,
    }
    return TemplateResponse(request, "pulse/group.html", context)


@login_required
@require_GET
@shows_refusals
def group_csv(request: Request, slug: str, group_slug: str, key: str) -> HttpResponse:
    community, viewer, group, groups = _load_group(request, slug, group_slug)
    entry = entry_for(viewer, group_entries(), key)
    figure = entry.build(group_scope(viewer, signed_in(request), group, groups))
    return csv_response(figure, f"{community.slug}-{group.slug}-{key}.csv")


@login_required
@require_GET
def my_pulse(request: Request) -> HttpResponse:
    me = mine.Me(signed_in(request))
    panels = [
        Panel(build(me), reverse("pulse:my_csv", args=[key]))
        for key, build in mine.BUILDERS.items()
    ]
    return TemplateResponse(request, "pulse/mine.html", {"panels": panels})


@login_required
@require_GET
def my_csv(request: Request, key: str) -> HttpResponse:
    build = mine.BUILDERS.get(key)
    if build is None:
        raise not_found()
    return csv_response(build(mine.Me(signed_in(request))), f"{key}.csv")
