"""The community's rounds, opening one, a round's page, and cancelling it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.communities import permissions as community_perms
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    load_member_community,
    posted,
    shows_refusals,
    signed_in,
    submit,
    visible_groups_by_id,
)

from .. import actions, queries
from .. import permissions as perms
from ..forms import RoundForm, VersionForm
from ..models import Round
from .common import context, load_hosted_round, load_round


@login_required
@require_GET
@shows_refusals
def round_list(request: Request, slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    rounds = queries.rounds_for(viewer, visible_groups_by_id(viewer))
    return TemplateResponse(request, "matching/rounds.html", context(viewer, rounds=rounds))


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def create(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    if not perms.can_host_rounds(viewer):
        raise Refused(_("Only the community's hosts can open a round."))
    groups = community_perms.visible_groups(viewer, visible_groups_by_id(viewer).values())
    form = RoundForm(posted(request), initial=RoundForm.initial_values(), groups=groups)
    outcome = submit(form, lambda data: actions.open_round(signed_in(request), community, **data))
    if outcome.result is not None:
        messages.success(
            request, _("“%(name)s” is open for opt-ins.") % {"name": outcome.result.name}
        )
        return redirect(outcome.result)
    return TemplateResponse(
        request, "matching/round_form.html", context(viewer, form=form), status=outcome.status
    )


@login_required
@require_GET
@shows_refusals
def detail(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, viewer, round, _groups = load_round(request, slug, round_id)
    me = signed_in(request)
    counted = queries.with_counts(Round.objects.filter(pk=round.pk), me).get()
    extra = {
        "entry_count": counted.entry_count,  # type: ignore[attr-defined]
        "mine": queries.my_pod(round, me),
        "can_take_part": perms.can_take_part(viewer, round),
        "takes_opt_ins": round.takes_opt_ins(),
        "version_form": VersionForm(initial={"version": round.version}),
    }
    return TemplateResponse(request, "matching/round.html", context(viewer, round, **extra))


@login_required
@require_POST
@shows_refusals
def cancel(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, _viewer, round, _groups = load_hosted_round(request, slug, round_id)
    actions.cancel_round(signed_in(request), round)
    messages.success(request, _("“%(name)s” is cancelled.") % {"name": round.name})
    return redirect(round)
