"""A group's commitments: the panel on the group page, the cycles page, one commitment, and
everything done with one (propose, opt in or out, begin, choose at the review, renew, close).

Whoever may see the group sees its commitments, progress and who is in. Each review choice is
shown to the person who made it alone (`queries` never loads anyone else's).
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.communities.views.helpers import (
    Request,
    not_found,
    posted,
    shows_refusals,
    signed_in,
    submit,
)
from murmuration.errors import ActionError
from murmuration.rhythms.models import Rhythm

from .. import actions, queries
from .. import permissions as perms
from ..forms import CloseForm, ProposeForm, RenewForm, ReviewForm
from ..models import Commitment, ReviewChoice
from .helpers import Place, commitment_in, load_place, require_member

COMMITMENT_PAGE = "cycles/commitment.html"


def commitment_url(place: Place, commitment: Commitment) -> str:
    args = [place.community.slug, place.group.slug, commitment.pk]
    return reverse("cycles:commitment", args=args)


@login_required
@require_GET
@shows_refusals
def summary(request: Request, slug: str, group_slug: str) -> HttpResponse:
    """The group page's cycles panel: the current commitment, its progress, what to do next."""
    place = load_place(request, slug, group_slug, catch_up=True)
    cycles = queries.group_cycles(place.viewer, place.group, place.groups, past=1)
    count: int = place.group.member_count  # type: ignore[attr-defined]
    context = place.context(cycles=cycles, outgrown=place.group.outgrown(count))
    return TemplateResponse(request, "cycles/_group_summary.html", context)


@login_required
@require_GET
@shows_refusals
def group_page(request: Request, slug: str, group_slug: str) -> HttpResponse:
    """All of the group's cycles: current, past, its lineage, health and open actions."""
    place = load_place(request, slug, group_slug, catch_up=True)
    cycles = queries.group_cycles(place.viewer, place.group, place.groups)
    context = place.context(cycles=cycles, today=timezone.localdate())
    if perms.can_see_health(place.viewer, place.group, place.groups):
        context["health"] = queries.health([place.group.pk])[place.group.pk]
    return TemplateResponse(request, "cycles/group_cycles.html", context)


def _rhythms(place: Place) -> Any:
    return Rhythm.objects.filter(group=place.group, ended_at__isnull=True).order_by("name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def propose(request: Request, slug: str, group_slug: str) -> HttpResponse:
    place = load_place(request, slug, group_slug, catch_up=True)
    require_member(place, _("Join the group to propose a commitment."))
    rhythms = _rhythms(place)
    initial = {"starts_on": timezone.localdate(), "session_count": 6, "rhythm": rhythms.first()}
    form = ProposeForm(posted(request), initial=initial, rhythms=rhythms)
    outcome = submit(
        form,
        lambda data: actions.propose_commitment(signed_in(request), place.group, **data),
    )
    if (commitment := outcome.result) is not None:
        messages.success(
            request, _("The commitment is proposed. Each person opts in for themselves.")
        )
        return redirect(commitment_url(place, commitment))
    context = place.context(form=form, has_rhythms=rhythms.exists())
    return TemplateResponse(request, "cycles/propose.html", context, status=outcome.status)


def _detail_context(place: Place, commitment_id: int, **extra: Any) -> dict[str, Any]:
    shown = queries.commitment_view(place.viewer, place.group, commitment_id)
    if shown is None:
        raise not_found()
    commitment = shown.commitment
    context = place.context(shown=shown, commitment=commitment, **extra)
    context["retros"] = list(
        commitment.retrospectives.select_related("session").order_by("session__starts_at")
    )
    if commitment.status != Commitment.Status.PROPOSED and not commitment.is_open:
        context["next"] = queries.next_of(commitment)
    if commitment.status == Commitment.Status.REVIEW and shown.can_decide:
        context.setdefault("review_form", ReviewForm(initial={"choice": shown.my_choice}))
        context.setdefault(
            "renew_form",
            RenewForm(
                initial={"session_count": commitment.session_count},
                community_id=place.community.pk,
            ),
        )
    if commitment.is_open and shown.can_decide:
        context.setdefault("close_form", CloseForm())
    return context


def _page(
    request: Request, place: Place, commitment_id: int, *, status: int = 200, **extra: Any
) -> TemplateResponse:
    context = _detail_context(place, commitment_id, **extra)
    return TemplateResponse(request, COMMITMENT_PAGE, context, status=status)


@login_required
@require_GET
@shows_refusals
def detail(request: Request, slug: str, group_slug: str, commitment_id: int) -> HttpResponse:
    place = load_place(request, slug, group_slug, catch_up=True)
    return _page(request, place, commitment_id)


def _refused(
    request: Request, place: Place, commitment_id: int, error: ActionError, **forms: Any
) -> TemplateResponse:
    return _page(request, place, commitment_id, status=error.status, error=error.message, **forms)


Change = Callable[[Request, Place, Commitment], HttpResponse]


def commitment_post(change: Change) -> Callable[..., HttpResponse]:
    """A POST by a group member about one of the group's commitments.

    Loading the group and the commitment, and refusing people outside the group, are the same
    for every button; `change` does the rest and answers.
    """

    @login_required
    @require_POST
    @shows_refusals
    @functools.wraps(change)
    def view(request: Request, slug: str, group_slug: str, commitment_id: int) -> HttpResponse:
        place = load_place(request, slug, group_slug)
        commitment = commitment_in(place, commitment_id)
        require_member(place)
        return change(request, place, commitment)

    return view


@commitment_post
def membership(request: Request, place: Place, commitment: Commitment) -> HttpResponse:
    """Opt in (`join`) or take your yes back (`leave`)."""
    try:
        if request.POST.get("answer") == "leave":
            actions.opt_out(signed_in(request), commitment)
            done = _("You are no longer in this commitment. No reason needed.")
        else:
            actions.opt_in(signed_in(request), commitment)
            done = _("You are in.")
    except ActionError as error:
        return _refused(request, place, commitment.pk, error)
    messages.success(request, done)
    return redirect(commitment_url(place, commitment))


@commitment_post
def begin(request: Request, place: Place, commitment: Commitment) -> HttpResponse:
    try:
        actions.start_commitment(signed_in(request), commitment)
    except ActionError as error:
        return _refused(request, place, commitment.pk, error)
    messages.success(request, _("The commitment has begun. Sessions count from now."))
    return redirect(commitment_url(place, commitment))


THANKS = gettext_lazy(
    "Thank you for being part of this pod. Stepping out is a normal part of how pods work, "
    "and you are warmly invited to the next round: when one opens you can join a new pod."
)


def _form_refused(
    request: Request, place: Place, commitment_id: int, status: int, **forms: Any
) -> TemplateResponse:
    """The page again with the form that failed; a refusal about no field shows on top."""
    form = next(iter(forms.values()))
    general = form.non_field_errors()
    return _page(
        request, place, commitment_id, status=status, error=general[0] if general else "", **forms
    )


@commitment_post
def review(request: Request, place: Place, commitment: Commitment) -> HttpResponse:
    """Your private choice at the review gate."""
    form = ReviewForm(request.POST)
    outcome = submit(
        form, lambda data: actions.choose_review(signed_in(request), commitment, data["choice"])
    )
    if (choice := outcome.result) is None:
        return _form_refused(request, place, commitment.pk, outcome.status, review_form=form)
    if choice.choice == ReviewChoice.Choice.STEP_OUT:
        messages.success(request, THANKS)
    else:
        messages.success(request, _("Your choice is saved. Only you can see it."))
    return redirect(commitment_url(place, commitment))


@commitment_post
def renew(request: Request, place: Place, commitment: Commitment) -> HttpResponse:
    form = RenewForm(request.POST, community_id=place.community.pk)
    outcome = submit(
        form,
        lambda _data: actions.renew_commitment(signed_in(request), commitment, **form.changes()),
    )
    if (renewed := outcome.result) is None:
        return _form_refused(request, place, commitment.pk, outcome.status, renew_form=form)
    messages.success(request, _("The pod renewed. Here is the new commitment."))
    return redirect(commitment_url(place, renewed))


@commitment_post
def close(request: Request, place: Place, commitment: Commitment) -> HttpResponse:
    form = CloseForm(request.POST)
    outcome = submit(
        form,
        lambda data: actions.close_commitment(signed_in(request), commitment, data["closing_note"]),
    )
    if outcome.result is None:
        return _form_refused(request, place, commitment.pk, outcome.status, close_form=form)
    messages.success(request, _("Closed with grace. Thank you, all of you."))
    return redirect(commitment_url(place, commitment))
