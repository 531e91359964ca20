"""One proposal's page and everything done on it: positions, advice, amending, closing,
withdrawing and reviewing.

Each form posts to its own address; a refused or invalid form re-renders the proposal page with
that form's message next to its field (and the status of the refusal), anything else redirects
back to the page.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.accounts.models import User
from murmuration.communities.purpose_diff import word_diff
from murmuration.communities.queries import members
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    posted,
    shows_refusals,
    signed_in,
    submit,
)

from .. import actions
from ..actions.common import defaults_for
from ..forms import (
    AdviceForm,
    AmendForm,
    AskForm,
    CloseForm,
    PositionForm,
    ReviewForm,
    WithdrawForm,
)
from ..models import Proposal
from ..queries import ProposalDetail
from .helpers import Place, load_proposal, named_person, posted_people

Data = dict[str, Any]


def proposal_url(proposal: Proposal, anchor: str = "") -> str:
    url = reverse("decisions:proposal", args=[proposal.community.slug, proposal.pk])
    return f"{url}#{anchor}" if anchor else url


def _forms(detail: ProposalDetail, place: Place) -> dict[str, forms.Form]:
    proposal = detail.proposal
    today = timezone.localdate()
    review_days = defaults_for(place.viewer.community).review_days
    mine = detail.my_position
    asked = {r.person_id for r in detail.requests} | {proposal.author_id}
    people = (
        [m.user for m in members(place.viewer.community) if m.user_id not in asked]
        if detail.can_lead and proposal.kind == "advice"
        else []
    )
    return {
        "position": PositionForm(
            proposal=proposal,
            initial={"stance": mine.stance, "reason": mine.reason} if mine else None,
        ),
        "advice": AdviceForm(),
        "ask": AskForm(people=people),
        "close": CloseForm(initial={"review_on": today + timedelta(days=review_days)}),
        "withdraw": WithdrawForm(),
        "review": ReviewForm(initial={"next_review_on": today + timedelta(days=review_days)}),
    }


def _page(
    request: Request,
    place: Place,
    detail: ProposalDetail,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    proposal = detail.proposal
    target = proposal.group or proposal.community
    # A refusal is also said at the top: the form it came from may not be shown any more (a
    # position sent just as the proposal closed).
    problems = [
        e for form in (bound or {}).values() for errors in form.errors.values() for e in errors
    ]
    context = place.context(
        detail=detail,
        proposal=proposal,
        problems=problems,
        forms={**_forms(detail, place), **(bound or {})},
        purpose_diff=(
            word_diff(target.purpose, proposal.purpose_text)
            if proposal.subject == Proposal.Subject.PURPOSE and proposal.is_open
            else None
        ),
        consulted=(
            sorted(
                {r.person for r in detail.requests}
                | {a.author for a in detail.advice if a.author is not None},
                key=lambda u: u.name,
            )
            if proposal.kind == "advice"
            else []
        ),
    )
    return TemplateResponse(request, "decisions/proposal.html", context, status=status)


@login_required
@require_GET
@shows_refusals
def proposal_page(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    place, detail = load_proposal(request, slug, proposal_id)
    return _page(request, place, detail)


def _step(
    request: Request,
    slug: str,
    proposal_id: int,
    name: str,
    make_form: Callable[[ProposalDetail], forms.Form],
    run: Callable[[User, Proposal, Data], object],
    done: str,
    anchor: str,
) -> HttpResponse:
    place, detail = load_proposal(request, slug, proposal_id)
    form = make_form(detail)
    outcome = submit(form, lambda data: run(signed_in(request), detail.proposal, data) or True)
    if outcome.result is not None:
        messages.success(request, done)
        return redirect(proposal_url(detail.proposal, anchor))
    return _page(request, place, detail, {name: form}, outcome.status)


@login_required
@require_POST
@shows_refusals
def position(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    return _step(
        request,
        slug,
        proposal_id,
        "position",
        lambda d: PositionForm(request.POST, proposal=d.proposal),
        lambda user, p, data: actions.take_position(user, p, data["stance"], data["reason"]),
        _("Your position is recorded."),
        "positions",
    )


@login_required
@require_POST
@shows_refusals
def advice(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    return _step(
        request,
        slug,
        proposal_id,
        "advice",
        lambda d: AdviceForm(request.POST),
        lambda user, p, data: actions.give_advice(user, p, data["text"]),
        _("Thank you: your advice is recorded for the proposer."),
        "advice",
    )


@login_required
@require_POST
@shows_refusals
def ask(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    """Ask someone for advice: from the suggestions (a button each) or anyone in the list."""
    people = posted_people(request, "person")
    return _step(
        request,
        slug,
        proposal_id,
        "ask",
        lambda d: AskForm(request.POST, people=people),
        lambda user, p, data: actions.ask_for_advice(
            user, p, named_person(data["person"], "person"), data["why"]
        ),
        _("They are asked for advice."),
        "advice",
    )


@login_required
@require_POST
@shows_refusals
def close(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    return _step(
        request,
        slug,
        proposal_id,
        "close",
        lambda d: CloseForm(request.POST),
        lambda user, p, data: actions.close_proposal(
            user, p, outcome=data["outcome"], review_on=data["review_on"]
        ),
        _("The proposal is closed and its outcome is in the decision log."),
        "outcome",
    )


@login_required
@require_POST
@shows_refusals
def withdraw(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    return _step(
        request,
        slug,
        proposal_id,
        "withdraw",
        lambda d: WithdrawForm(request.POST),
        lambda user, p, data: actions.withdraw_proposal(user, p, outcome=data["outcome"]),
        _("The proposal is withdrawn."),
        "outcome",
    )


@login_required
@require_POST
@shows_refusals
def review(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    return _step(
        request,
        slug,
        proposal_id,
        "review",
        lambda d: ReviewForm(request.POST),
        lambda user, p, data: actions.record_review(
            user, p, note=data["note"], next_review_on=data["next_review_on"]
        ),
        _("The review is recorded."),
        "reviews",
    )


@login_required
@require_POST
@shows_refusals
def ask_candidate(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    _place, detail = load_proposal(request, slug, proposal_id)
    actions.ask_candidate(signed_in(request), detail.proposal)
    messages.success(request, _("The candidate may now give their position."))
    return redirect(proposal_url(detail.proposal, "positions"))


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def amend(request: Request, slug: str, proposal_id: int) -> HttpResponse:
    place, detail = load_proposal(request, slug, proposal_id)
    proposal = detail.proposal
    if not detail.can_lead:
        raise Refused(_("Only the person who made the proposal can amend it, while it is open."))
    purpose = proposal.subject == Proposal.Subject.PURPOSE
    initial = {
        "title": proposal.title,
        "body": proposal.body,
        "purpose_text": proposal.purpose_text,
    }
    form = AmendForm(posted(request), initial=initial, purpose=purpose)
    outcome = submit(
        form,
        lambda data: actions.amend_proposal(
            signed_in(request),
            proposal,
            title=data["title"],
            body=data["body"],
            note=data["note"],
            purpose_text=data.get("purpose_text"),
        ),
    )
    if outcome.result is not None:
        messages.success(
            request, _("The proposal is amended; a new round begins and everyone answers again.")
        )
        return redirect(proposal_url(proposal))
    context = place.context(proposal=proposal, form=form)
    return TemplateResponse(request, "decisions/amend.html", context, status=outcome.status)
