"""The retro board of a session: items in columns, grouping, dot votes, actions, phases.

Only the group's current members reach these pages; anyone else who may see the group (the
community's hosts among them) gets a 403 on every retro address, whether or not the session has
a retro, so nothing about its content or its existence beyond the session page's own mention
leaks (DESIGN.md, privacy rule 1). Changes redraw the board through htmx, or redirect back to
the page without JavaScript.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
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
from django.views.decorators.http import require_GET, require_POST

from murmuration.accounts.models import User
from murmuration.communities.views.helpers import (
    Request,
    not_found,
    safe_next,
    shows_refusals,
    signed_in,
)
from murmuration.errors import ActionError
from murmuration.rhythms.models import Session
from murmuration.rhythms.views.sessions import posted_number

from .. import actions, queries
from ..forms import ActionForm, FormatForm, ItemForm, StartRetroForm
from ..models import RetroItem, Retrospective
from .helpers import Place, action_in, load_place, partial, require_retro_reader, retro_in

RETRO_PAGE = "cycles/retro.html"


def retro_url(place: Place, session_id: int) -> str:
    return reverse("cycles:retro", args=[place.community.slug, place.group.slug, session_id])


def _page(
    request: Request, place: Place, retro: Retrospective, *, status: int = 200, **extra: Any
) -> TemplateResponse:
    board = queries.retro_board(place.viewer, retro)
    if board is None:
        raise not_found()
    context = place.context(
        retro=retro,
        board=board,
        session=retro.session,
        phases=Retrospective.Phase.choices,
        phase_order=[str(p) for p in Retrospective.ORDER],
        item_form=ItemForm(),
        today=timezone.localdate(),
        **extra,
    )
    context.setdefault("action_form", ActionForm(people=board.people))
    return TemplateResponse(request, RETRO_PAGE, context, status=status)


@login_required
@require_GET
@shows_refusals
def retro_page(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    place = load_place(request, slug, group_slug, catch_up=True)
    require_retro_reader(place)
    return _page(request, place, retro_in(place, session_id))


@login_required
@require_POST
@shows_refusals
def start(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    """Make this session a retrospective in the chosen format."""
    place = load_place(request, slug, group_slug)
    require_retro_reader(place)
    session = (
        Session.objects.select_related("group", "group__community", "rhythm")
        .filter(pk=session_id, group=place.group)
        .first()
    )
    if session is None:
        raise not_found()
    form = StartRetroForm(request.POST, community_id=place.community.pk)
    try:
        if not form.is_valid():
            raise ActionError(_("Choose a retrospective format."), field="practice")
        actions.start_retro(signed_in(request), session, practice=form.cleaned_data["practice"])
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("rhythms:session", slug, group_slug, session_id)
    messages.success(request, _("This session is a retrospective now."))
    return redirect(retro_url(place, session_id))


@dataclass
class Change:
    request: Request
    place: Place
    retro: Retrospective

    @property
    def user(self) -> User:
        return signed_in(self.request)

    def item(self, key: str = "item") -> RetroItem:
        item_id = posted_number(self.request.POST.get(key))
        found = RetroItem.objects.filter(pk=item_id or 0, retro=self.retro).first()
        if found is None:
            raise ActionError(_("That item is not in this retrospective."), field=key)
        found.retro = self.retro
        return found


def retro_change(change: Callable[[Change], str]) -> Callable[..., HttpResponse]:
    """A POST by a pod member that changes the retro and says what it did.

    A refusal redraws the board (or the page) with the message and the action's status.
    """

    @login_required
    @require_POST
    @shows_refusals
    @functools.wraps(change)
    def view(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
        place = load_place(request, slug, group_slug)
        require_retro_reader(place)
        retro = retro_in(place, session_id)
        try:
            done = change(Change(request, place, retro))
        except ActionError as error:
            retro.refresh_from_db()
            response = _page(request, place, retro, status=error.status, error=error.message)
            return partial(response, RETRO_PAGE, "board") if request.htmx else response
        if request.htmx:
            retro.refresh_from_db()
            return partial(_page(request, place, retro, done=done), RETRO_PAGE, "board")
        messages.success(request, done)
        return redirect(retro_url(place, session_id))

    return view


def _form_error(form: forms.Form) -> ActionError:
    field, errors = next(iter(form.errors.items()))
    return ActionError(str(errors[0]), field=field)


@retro_change
def add_item(change: Change) -> str:
    form = ItemForm(change.request.POST)
    if not form.is_valid():
        raise _form_error(form)
    data = form.cleaned_data
    actions.add_item(
        change.user, change.retro, data["column"], data["text"], anonymous=data["anonymous"]
    )
    return _("Your item is on the board.")


@retro_change
def remove_item(change: Change) -> str:
    actions.remove_item(change.user, change.item())
    return _("Your item is taken back.")


@retro_change
def group_item(change: Change) -> str:
    item = change.item()
    if change.request.POST.get("under"):
        actions.group_items(change.user, item, change.item("under"))
        return _("Grouped.")
    actions.group_items(change.user, item, None)
    return _("The item stands on its own again.")


@retro_change
def vote(change: Change) -> str:
    item = change.item()
    if change.request.POST.get("answer") == "unvote":
        actions.unvote(change.user, item)
        return _("Your vote is taken back.")
    actions.vote(change.user, item)
    return _("Your vote is counted.")


@retro_change
def phase(change: Change) -> str:
    actions.set_phase(
        change.user,
        change.retro,
        change.request.POST.get("phase", ""),
        expected=change.request.POST.get("expected") or None,
    )
    return _("The retrospective moved on.")


@retro_change
def settings(change: Change) -> str:
    form = FormatForm(change.request.POST)
    if not form.is_valid():
        raise ActionError(_("Each person gets 1 to 10 votes."), field="votes_each")
    actions.set_format(change.user, change.retro, None, form.cleaned_data["votes_each"])
    return _("Saved.")


@retro_change
def add_action(change: Change) -> str:
    people = queries.group_people(change.retro.group_id)
    form = ActionForm(change.request.POST, people=people)
    if not form.is_valid():
        raise _form_error(form)
    data = form.cleaned_data
    owner = next((p for p in people if p.pk == data["owner"]), None)
    item = change.item() if data.get("item") else None
    actions.add_action(
        change.user, change.retro, text=data["text"], owner=owner, due_on=data["due_on"], item=item
    )
    return _("The action is agreed.")


@login_required
@require_POST
@shows_refusals
def action_done(request: Request, slug: str, group_slug: str, action_id: int) -> HttpResponse:
    """Mark an open action done (or not done after all); back to where it was shown."""
    place = load_place(request, slug, group_slug)
    require_retro_reader(place)
    action = action_in(place, action_id)
    done = request.POST.get("done", "yes") != "no"
    actions.set_action_done(signed_in(request), action, done)
    messages.success(request, _("Marked done.") if done else _("Marked not done."))
    fallback = reverse("cycles:group", args=[slug, group_slug])
    return redirect(safe_next(request, fallback))
