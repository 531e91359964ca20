"""The hosts' review: the proposed pods with their common times (in the host's zone), repeated
pairs and the people left out with the reason; moving someone, with the effect shown at once;
proposing again and publishing.

Every form carries the proposal's version, so a page drawn before another host's change is
refused (409) instead of undoing it.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.communities.permissions import Viewer
from murmuration.communities.views.helpers import Request, shows_refusals, signed_in
from murmuration.errors import ActionError

from .. import actions
from ..forms import MoveForm, VersionForm
from ..models import Pod, Round
from ..proposal import Review
from .common import context, load_hosted_round


def _move_form(review: Review, data: Any = None) -> MoveForm:
    people = [(str(e.user_id), e.user.name) for e in sorted(review.entries, key=_by_name)]
    pods: list[tuple[str, str]] = [
        ("", _("Out of every pod")),
        (actions.NEW_POD, _("A new pod")),
        *((str(pod.pk), _("Pod %(n)d") % {"n": pod.number}) for pod in _pods_by_number(review)),
    ]
    return MoveForm(data, initial={"version": review.round.version}, people=people, pods=pods)


def _by_name(entry: Any) -> tuple[str, int]:
    return (entry.user.name.lower(), entry.pk)


def _pods_by_number(review: Review) -> list[Pod]:
    return sorted(review.pods_by_id.values(), key=lambda pod: pod.number)


def _review_context(viewer: Viewer, review: Review, **extra: Any) -> dict[str, Any]:
    round = review.round
    for entry in review.entries:
        # Read by _apart.html; this page is for the round's hosts, who may see the wishes.
        entry.apart_names = [k.other.name for k in entry.keep_apart.all()]  # type: ignore[attr-defined]
    return context(
        viewer,
        round,
        review=review,
        move_form=extra.pop("move_form", None) or _move_form(review),
        version_form=VersionForm(initial={"version": round.version}),
        reviewing=round.status == Round.Status.REVIEWING,
        **extra,
    )


@login_required
@require_GET
@shows_refusals
def review(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, viewer, round, _groups = load_hosted_round(request, slug, round_id)
    found = Review.load(round)
    return TemplateResponse(request, "matching/review.html", _review_context(viewer, found))


@login_required
@require_POST
@shows_refusals
def propose(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, _viewer, round, _groups = load_hosted_round(request, slug, round_id)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    found = actions.propose(signed_in(request), round, expected_version=version)
    messages.success(
        request,
        _("%(pods)d pods proposed; %(left)d people could not be placed.")
        % {"pods": len(found.pods), "left": len(found.unplaced)},
    )
    return redirect("matching:review", slug, round.pk)


def _effect(review: Review, form: MoveForm) -> dict[str, Any]:
    """What the move in `form` would do, for the preview under the move form."""
    if not form.is_valid():
        return {}
    entry = review.entry_of(form.cleaned_data["person"])
    to = form.cleaned_data["to"]
    if entry is None:
        return {}
    if to == actions.NEW_POD:
        return {"effect": review.effect(entry, None), "to_new": True}
    target = review.pods_by_id.get(int(to)) if to else None
    return {"effect": review.effect(entry, target), "target": target}


@login_required
@require_GET
@shows_refusals
def preview(request: Request, slug: str, round_id: int) -> HttpResponse:
    """The effect of a move before it is made: sizes, repeated pairs and common times."""
    _community, viewer, round, _groups = load_hosted_round(request, slug, round_id)
    found = Review.load(round)
    form = _move_form(found, request.GET)
    extra = _effect(found, form)
    return TemplateResponse(
        request, "matching/_effect.html", context(viewer, round, review=found, **extra)
    )


@login_required
@require_http_methods(["POST"])
@shows_refusals
def move(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, viewer, round, _groups = load_hosted_round(request, slug, round_id)
    found = Review.load(round)
    form = _move_form(found, request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            found = actions.move(
                signed_in(request),
                round,
                person=data["person"],
                to=data["to"] or None,
                expected_version=data["version"],
            )
        except ActionError as error:
            status = error.status
            form.add_error(None, error.message)
        else:
            if not request.htmx:
                messages.success(request, _("Moved."))
                return redirect("matching:review", slug, round.pk)
            done = _("%(name)s moved.") % {"name": found.name_of(data["person"])}
            page = _review_context(viewer, found, done=done)
            return TemplateResponse(request, "matching/review.html#review-body", page)
    page = _review_context(viewer, found, move_form=form)
    template = "matching/review.html#review-body" if request.htmx else "matching/review.html"
    return TemplateResponse(request, template, page, status=status)


@login_required
@require_POST
@shows_refusals
def publish(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, viewer, round, _groups = load_hosted_round(request, slug, round_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise ActionError(_("The page was missing its version; please reload it."))
    try:
        actions.publish(signed_in(request), round, expected_version=form.cleaned_data["version"])
    except ActionError as error:
        found = Review.load(round)
        page = _review_context(viewer, found, publish_error=error.message)
        return TemplateResponse(request, "matching/review.html", page, status=error.status)
    messages.success(
        request,
        _("“%(name)s” is published: its pods are groups now, and everyone has been told.")
        % {"name": round.name},
    )
    return redirect(round)
