"""Purpose history of a community or one of its groups: every version, what changed, and the
proposal that made it.

A purpose changes only through a proposal (the decisions app); this page links to proposing
one. A group's page also shows the purpose of what it serves (its parent group, or the
community), so the two can be read side by side.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .. import permissions as perms
from .. import queries
from ..models import Community, Group, PurposeVersion
from ..purpose_diff import word_diff
from .helpers import Request, load_group, load_member_community, shows_refusals


def _page(
    request: Request,
    viewer: perms.Viewer,
    group: Group | None,
    breadcrumb: list[Group],
) -> HttpResponse:
    community: Community = viewer.community
    target: Community | Group = group or community
    versions = list(
        PurposeVersion.objects.filter(community=community, group=group).select_related(
            "author", "proposal"
        )
    )
    # Newest first; each version is compared with the one before it.
    history = [
        {"version": v, "diff": word_diff(older.text, v.text) if older else None}
        for v, older in zip(versions, [*versions[1:], None], strict=True)
    ]
    parent = breadcrumb[-2] if len(breadcrumb) > 1 else None
    context = {
        "section": "" if group else "purpose",
        "community": community,
        "viewer": viewer,
        "group": group,
        "target": target,
        "breadcrumb": breadcrumb,
        "history": history,
        "serves": (parent or community) if group else None,
        "may_propose": viewer.is_member if group is None else perms.is_group_member(viewer, group),
    }
    return TemplateResponse(request, "communities/purpose.html", context)


@login_required
@require_GET
@shows_refusals
def community_purpose(request: Request, slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    return _page(request, viewer, None, [])


@login_required
@require_GET
@shows_refusals
def group_purpose(request: Request, slug: str, group_slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    breadcrumb = [*queries.ancestors(group, groups), group]
    return _page(request, viewer, group, breadcrumb)
