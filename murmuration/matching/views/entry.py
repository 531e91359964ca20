"""Opting in to a round, changing one's entry and withdrawing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from murmuration.accounts import forms as account_forms
from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    posted,
    shows_refusals,
    signed_in,
    submit,
)

from .. import actions
from .. import permissions as perms
from ..actions.common import people_of
from ..forms import EntryForm
from ..models import Entry, Round
from .common import context, load_round


def _people(round: Round, me: User) -> list[User]:
    """Everyone who could share a pod with `me`, by name, for the keep-apart list."""
    return list(
        User.objects.filter(pk__in=people_of(round))
        .exclude(pk=me.pk)
        .only("pk", "display_name", "email")
        .order_by("display_name", "email")
    )


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def entry(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, viewer, round, _groups = load_round(request, slug, round_id)
    me = signed_in(request)
    if not perms.can_take_part(viewer, round):
        raise Refused(_("Join the group to take part in its round."))
    mine = Entry.objects.filter(round=round, user=me).prefetch_related("keep_apart").first()
    if not round.takes_opt_ins():
        raise Refused(_("This round no longer takes opt-ins."))
    my_groups = Group.objects.filter(community=round.community, memberships__user=me)
    form = EntryForm(
        posted(request),
        initial=EntryForm.initial_for(round, me, mine),
        round=round,
        people=_people(round, me),
        my_groups=my_groups,
    )

    def save(data: dict) -> Entry:
        if mine is None:
            return actions.opt_in(me, round, **data)
        return actions.change_entry(me, round, **data)

    outcome = submit(form, save)
    if outcome.result is not None:
        messages.success(
            request,
            _("You are in. Pods are formed after the opt-in deadline; yours will show here.")
            if mine is None
            else _("Your entry is changed."),
        )
        return redirect(round)
    sent = request.POST.getlist("slots") if form.is_bound else None
    # A refused form shows the times that were sent, so nothing ticked is lost.
    week = (
        {int(s) for s in sent if s.isdigit()}
        if sent is not None
        else set(form.initial.get("slots", []))
    )
    extra = {
        "form": form,
        "entry": mine,
        "days": account_forms.week_days(),
        "grid": account_forms.week_grid(week),
        "my_time_zone": me.time_zone,
    }
    return TemplateResponse(
        request, "matching/entry.html", context(viewer, round, **extra), status=outcome.status
    )


@login_required
@require_POST
@shows_refusals
def withdraw(request: Request, slug: str, round_id: int) -> HttpResponse:
    _community, _viewer, round, _groups = load_round(request, slug, round_id)
    actions.withdraw(signed_in(request), round)
    messages.success(request, _("You withdrew from “%(name)s”.") % {"name": round.name})
    return redirect(round)
