"""The decisions of a community or group (open proposals, reviews due, the decision log), the
panel the community and group pages load, making a proposal, and the community's defaults."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from murmuration.communities.views.helpers import (
    Refused,
    Request,
    load_host_community,
    posted,
    shows_refusals,
    signed_in,
    submit,
)

from .. import actions, queries
from .. import permissions as perms
from ..actions.common import defaults_for
from ..forms import DefaultsForm, ProposalForm
from ..models import Proposal
from .helpers import Place, load_place
from .proposal import proposal_url

LOG_PAGE = 25
SUMMARY_ROWS = 5


def _lists(place: Place) -> dict:
    viewer, group = place.viewer, place.group
    kwargs = {"group": group, "groups": place.groups or queries.groups_by_id(viewer)}
    today = timezone.localdate()
    return {
        "open": list(queries.open_proposals(viewer, **kwargs)),
        "due": list(queries.reviews_due_for(viewer, today, **kwargs)),
        "log": queries.decision_log(viewer, **kwargs),
        "today": today,
        "can_propose": perms.can_propose(viewer, group),
    }


def _log_page(request: Request, place: Place) -> HttpResponse:
    lists = _lists(place)
    lists["log"] = Paginator(lists["log"], LOG_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "decisions/log.html", place.context(**lists))


@login_required
@require_GET
@shows_refusals
def community_log(request: Request, slug: str) -> HttpResponse:
    return _log_page(request, load_place(request, slug))


@login_required
@require_GET
@shows_refusals
def group_log(request: Request, slug: str, group_slug: str) -> HttpResponse:
    return _log_page(request, load_place(request, slug, group_slug))


def _summary(request: Request, place: Place) -> HttpResponse:
    """The decisions panel of the community or group page: open proposals and reviews due."""
    lists = _lists(place)
    lists["open"] = lists["open"][:SUMMARY_ROWS]
    lists["log"] = list(lists["log"][:SUMMARY_ROWS])
    return TemplateResponse(request, "decisions/_summary.html", place.context(**lists))


@login_required
@require_GET
@shows_refusals
def community_summary(request: Request, slug: str) -> HttpResponse:
    return _summary(request, load_place(request, slug))


@login_required
@require_GET
@shows_refusals
def group_summary(request: Request, slug: str, group_slug: str) -> HttpResponse:
    return _summary(request, load_place(request, slug, group_slug))


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def new_proposal(request: Request, slug: str) -> HttpResponse:
    """Make a proposal for the community, or for the group named by `?group=`."""
    place = load_place(request, slug, request.GET.get("group") or None)
    viewer, group = place.viewer, place.group
    if not perms.can_propose(viewer, group):
        raise Refused(_("Only the group's members can make proposals for it."))
    purpose = request.GET.get("subject") == Proposal.Subject.PURPOSE
    defaults = defaults_for(viewer.community)
    target = group or viewer.community
    groups = place.groups or queries.groups_by_id(viewer)
    touchable = [
        g for g in groups.values() if g != group and perms.can_see_place(viewer, g, groups)
    ]
    initial = {
        "kind": defaults.purpose_kind if purpose else defaults.kind,
        "purpose_text": target.purpose,
        "title": _("A new purpose for %(name)s") % {"name": target.name} if purpose else "",
    }
    form = ProposalForm(
        posted(request), initial=initial, groups=sorted(touchable, key=str), purpose=purpose
    )
    outcome = submit(
        form,
        lambda data: _create(request, place, data, purpose, groups),
    )
    if outcome.result is not None:
        messages.success(request, _("Your proposal is open."))
        return redirect(proposal_url(outcome.result))
    context = place.context(form=form, purpose=purpose, target=target)
    return TemplateResponse(request, "decisions/new.html", context, status=outcome.status)


def _create(request: Request, place: Place, data: dict, purpose: bool, groups: dict) -> Proposal:
    return actions.create_proposal(
        signed_in(request),
        place.viewer.community,
        group=place.group,
        kind=data["kind"],
        subject=Proposal.Subject.PURPOSE if purpose else Proposal.Subject.GENERAL,
        title=data["title"],
        body=data["body"],
        topic=data["topic"],
        purpose_text=data.get("purpose_text", ""),
        touches=[groups[int(pk)] for pk in data.get("touches", []) if int(pk) in groups],
    )


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def defaults(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_host_community(request, slug)
    current = defaults_for(community)
    initial = {
        field: getattr(current, field)
        for field in (
            "kind",
            "purpose_kind",
            "review_days",
            "vote_min_open_hours",
            "vote_quorum_percent",
        )
    }
    form = DefaultsForm(posted(request), initial=initial)
    outcome = submit(form, lambda data: actions.set_defaults(signed_in(request), community, **data))
    if outcome.result is not None:
        messages.success(request, _("The community's ways to decide are saved."))
        return redirect("decisions:defaults", slug)
    context = {"community": community, "viewer": viewer, "section": "decisions", "form": form}
    return TemplateResponse(request, "decisions/defaults.html", context, status=outcome.status)
