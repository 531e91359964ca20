"""Experiments: the register, starting one, its page, joining, check-ins and the outcome."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.communities.permissions import Viewer
from murmuration.communities.views.helpers import (
    Request,
    load_member_community,
    not_found,
    posted,
    shows_refusals,
    signed_in,
    submit,
)

from .. import actions, queries
from .. import permissions as perms
from ..forms import CheckInForm, DecideForm, PlanForm
from ..models import Experiment
from .common import load_scope

REGISTER_LIMIT = 200


@login_required
@require_GET
@shows_refusals
def register(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    status = request.GET.get("status") or None
    if status not in Experiment.Status.values:
        status = None
    context = {
        "community": community,
        "viewer": viewer,
        "experiments": list(queries.register(viewer, status=status)[:REGISTER_LIMIT]),
        "counts": queries.counts_by_status(viewer),
        "statuses": Experiment.Status.choices,
        "status": status,
        "section": "sensing",
    }
    return TemplateResponse(request, "sensing/register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def start(request: Request, slug: str) -> HttpResponse:
    """From a pattern (?pattern=id) or a scope (?group=slug), or from scratch in the community."""
    source = request.POST if request.method == "POST" else request.GET
    community, viewer = load_member_community(request, slug)
    pattern = None
    if source.get("pattern"):
        found = queries.pattern_detail(viewer, _number(source.get("pattern")))
        if found is None:
            raise not_found()
        pattern = found.pattern
    group_slug = pattern.group.slug if pattern and pattern.group else source.get("group") or None
    community, viewer, group = load_scope(request, slug, group_slug)
    form = PlanForm(posted(request), initial=PlanForm.defaults())
    outcome = submit(
        form,
        lambda data: actions.start_experiment(
            signed_in(request), community, group=group, pattern=pattern, **data
        ),
    )
    if outcome.result is not None:
        messages.success(request, _("The experiment is running. Others can join it now."))
        return redirect("sensing:experiment", slug, outcome.result.pk)
    context = {
        "community": community,
        "viewer": viewer,
        "group": group,
        "pattern": pattern,
        "form": form,
        "section": "sensing",
    }
    return TemplateResponse(request, "sensing/start.html", context, status=outcome.status)


def _number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise not_found() from None


def _detail(request: Request, slug: str, pk: int) -> tuple[Viewer, queries.ExperimentDetail]:
    _community, viewer = load_member_community(request, slug)
    found = queries.experiment_detail(viewer, pk)
    if found is None:
        raise not_found()
    return viewer, found


def _page(
    request: Request,
    viewer: Viewer,
    found: queries.ExperimentDetail,
    status: int = 200,
    **forms: Any,
) -> TemplateResponse:
    experiment = found.experiment
    ids = found.participant_ids
    context = {
        "community": viewer.community,
        "viewer": viewer,
        "detail": found,
        "experiment": experiment,
        "joined": viewer.user.pk in ids,
        "can_join": perms.can_join(viewer, experiment) and viewer.user.pk not in ids,
        "can_check_in": perms.can_check_in(viewer, experiment, ids),
        "can_decide": perms.can_decide(viewer, experiment, ids),
        "checkin_form": CheckInForm(),
        "decide_form": DecideForm(initial=PlanForm.defaults() | {"title": experiment.title}),
        "section": "sensing",
        **forms,
    }
    return TemplateResponse(request, "sensing/experiment.html", context, status=status)


@login_required
@require_GET
@shows_refusals
def detail(request: Request, slug: str, pk: int) -> HttpResponse:
    viewer, found = _detail(request, slug, pk)
    return _page(request, viewer, found)


@login_required
@require_POST
@shows_refusals
def join(request: Request, slug: str, pk: int) -> HttpResponse:
    _viewer, found = _detail(request, slug, pk)
    actions.join_experiment(signed_in(request), found.experiment)
    messages.success(request, _("You are taking part."))
    return redirect("sensing:experiment", slug, pk)


@login_required
@require_POST
@shows_refusals
def leave(request: Request, slug: str, pk: int) -> HttpResponse:
    _viewer, found = _detail(request, slug, pk)
    actions.leave_experiment(signed_in(request), found.experiment)
    messages.success(request, _("You have left the experiment."))
    return redirect("sensing:experiment", slug, pk)


@login_required
@require_POST
@shows_refusals
def check_in(request: Request, slug: str, pk: int) -> HttpResponse:
    viewer, found = _detail(request, slug, pk)
    form = CheckInForm(request.POST)
    outcome = submit(
        form, lambda data: actions.check_in(signed_in(request), found.experiment, **data)
    )
    if outcome.result is None:
        return _page(request, viewer, found, outcome.status, checkin_form=form)
    messages.success(request, _("Check-in recorded."))
    return redirect("sensing:experiment", slug, pk)


@login_required
@require_POST
@shows_refusals
def decide(request: Request, slug: str, pk: int) -> HttpResponse:
    viewer, found = _detail(request, slug, pk)
    form = DecideForm(request.POST)

    def run(data: dict[str, Any]) -> Experiment:
        follow_up = None
        if data["outcome"] == Experiment.Status.ADAPTED:
            keys = ("title", "hypothesis", "action", "observe", "ends_on")
            follow_up = {key: data.get(key) for key in keys}
        spawned = actions.decide(
            signed_in(request),
            found.experiment,
            outcome=data["outcome"],
            learnings=data["learnings"],
            follow_up=follow_up,
        )
        return spawned or found.experiment

    outcome = submit(form, run)
    if outcome.result is None:
        return _page(request, viewer, found, outcome.status, decide_form=form)
    if outcome.result.pk != pk:
        messages.success(request, _("Adapted: the follow-up experiment is running."))
    else:
        messages.success(request, _("Outcome recorded, with its learnings."))
    return redirect("sensing:experiment", slug, outcome.result.pk)
