"""Growth and health: splitting a group that outgrew its band, the community's lineage, the
hosts' view of every group's health (aggregates only), and the session page's cycle panel.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from murmuration.communities import permissions as community_perms
from murmuration.communities.views.helpers import (
    Request,
    load_host_community,
    load_member_community,
    not_found,
    posted,
    shows_refusals,
    signed_in,
    submit,
    visible_groups_by_id,
)
from murmuration.errors import ActionError
from murmuration.rhythms.models import Session

from .. import actions, queries
from ..forms import SplitForm, StartRetroForm
from ..models import Commitment
from ..splitting import SplitPlan
from .helpers import load_place, require_member


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def split(request: Request, slug: str, group_slug: str) -> HttpResponse:
    """The engine's proposal for splitting the group in two; its members agree to it here."""
    place = load_place(request, slug, group_slug, catch_up=True)
    require_member(place, _("Only the group's members can split it."))
    user = signed_in(request)
    plan: SplitPlan | None = None
    problem = ""
    try:
        plan = actions.preview_split(user, place.group)
    except ActionError as error:
        problem = error.message
    initial = {
        "name": _("%(name)s II") % {"name": place.group.name},
        "plan": plan.fingerprint if plan else "",
    }
    form = SplitForm(posted(request), initial=initial)
    outcome = submit(
        form,
        lambda data: actions.split_group(
            user, place.group, name=data["name"], expected=data["plan"]
        ),
    )
    if (new := outcome.result) is not None:
        messages.success(
            request,
            _("%(old)s split in two: %(new)s is called and meets at its own time.")
            % {"old": place.group.name, "new": new.name},
        )
        return redirect(new)
    zone = plan.rhythm.time_zone if plan and plan.rhythm else signed_in(request).time_zone
    today = timezone.localdate()
    context = place.context(
        plan=plan,
        problem=problem,
        form=form,
        stay_time=plan.meeting(plan.stay, zone, today) if plan else None,
        move_time=plan.meeting(plan.move, zone, today) if plan else None,
        zone=zone,
    )
    return TemplateResponse(request, "cycles/split.html", context, status=outcome.status)


@login_required
@require_GET
@shows_refusals
def lineage(request: Request, slug: str) -> HttpResponse:
    """Which groups grew from which, as far as the viewer may see them."""
    community, viewer = load_member_community(request, slug)
    groups = visible_groups_by_id(viewer)
    forest = queries.lineage_forest(viewer, groups)
    context = {"community": community, "viewer": viewer, "forest": forest, "section": "lineage"}
    return TemplateResponse(request, "cycles/lineage.html", context)


@login_required
@require_GET
@shows_refusals
def health(request: Request, slug: str) -> HttpResponse:
    """Every group's health for the hosts: numbers only, never what lies behind them."""
    community, viewer = load_host_community(request, slug)
    groups = visible_groups_by_id(viewer)
    shown = [g for g in groups.values() if community_perms.can_see_group(viewer, g, groups)]
    numbers = queries.health([g.pk for g in shown])
    statuses = dict(
        Commitment.objects.filter(group_id__in=[g.pk for g in shown], status__in=Commitment.OPEN)
        .order_by("pk")
        .values_list("group_id", "status")
    )
    rows = [
        {
            "group": g,
            "health": numbers[g.pk],
            "status": Commitment.Status(statuses[g.pk]).label if g.pk in statuses else "",
        }
        for g in sorted(shown, key=lambda g: (g.name, g.pk))
    ]
    context = {"community": community, "viewer": viewer, "rows": rows, "section": "health"}
    return TemplateResponse(request, "cycles/health.html", context)


@login_required
@require_GET
@shows_refusals
def session_panel(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    """The session page's cycles panel: session n of m, held at a review, its retro, and the
    group's open actions (for its members)."""
    place = load_place(request, slug, group_slug, catch_up=True)
    session = (
        Session.objects.select_related("rhythm").filter(pk=session_id, group=place.group).first()
    )
    if session is None:
        raise not_found()
    cycle = queries.session_cycle(place.viewer, place.group, session)
    context = place.context(
        session=session,
        cycle=cycle,
        next=request.GET.get("next", ""),
        today=timezone.localdate(),
    )
    if cycle.can_read_retro and cycle.retro is None and not session.is_cancelled:
        context["start_form"] = StartRetroForm(community_id=place.community.pk)
    return TemplateResponse(request, "cycles/_session_panel.html", context)
