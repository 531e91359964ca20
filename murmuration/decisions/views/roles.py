"""A group's roles: the list and defining one, a role's page with its terms and the selection
under way, and each step of selection by consent.

Who sees what in a selection is `role_queries.selection_view`: before the nomination round each
person sees only their own nomination (and how many there are); from the round on, everyone
who may see the group reads every nomination with its reason, and every change.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.accounts.models import User
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    not_found,
    posted,
    shows_refusals,
    signed_in,
    submit,
)
from murmuration.errors import ActionError

from .. import actions, role_queries
from .. import permissions as perms
from ..forms import CandidateForm, NominationForm, RoleForm
from ..models import GroupRole
from .helpers import Place, load_place, named_person, posted_people


def _role(place: Place, role_id: int) -> GroupRole:
    role = GroupRole.objects.filter(pk=role_id, group=place.group).first()
    if role is None or place.group is None:
        raise not_found()
    role.group = place.group
    return role


def role_url(role: GroupRole) -> str:
    group = role.group
    return reverse("decisions:role", args=[group.community.slug, group.slug, role.pk])


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def roles(request: Request, slug: str, group_slug: str) -> HttpResponse:
    place = load_place(request, slug, group_slug)
    group = place.group
    assert group is not None
    may_manage = perms.can_manage_roles(place.viewer, group)
    form = RoleForm(posted(request), initial={"term_days": 180})
    if form.is_bound and not may_manage:
        raise Refused(_("Only the group's members can define its roles."))
    outcome = submit(form, lambda data: actions.define_role(signed_in(request), group, **data))
    if outcome.result is not None:
        messages.success(request, _("The role is defined. Start a selection to fill it."))
        return redirect(role_url(outcome.result))
    context = place.context(
        roles=role_queries.roles_for_group(group),
        form=form if may_manage else None,
    )
    return TemplateResponse(request, "decisions/roles.html", context, status=outcome.status)


def _role_page(
    request: Request,
    place: Place,
    role: GroupRole,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    assert place.group is not None
    view = role_queries.selection_view(place.viewer, role)
    members = role_queries.group_people(place.group)
    nominees = {n.nominee_id: n.nominee for n in view.current} if view.selection else {}
    mine = view.mine
    context = place.context(
        role=role,
        view=view,
        may_manage=perms.can_manage_roles(place.viewer, place.group),
        forms={
            "role": RoleForm(
                initial={"name": role.name, "purpose": role.purpose, "term_days": role.term_days}
            ),
            "nominate": NominationForm(
                people=members,
                initial={"nominee": mine.nominee_id, "reason": mine.reason} if mine else None,
            ),
            "candidate": CandidateForm(people=nominees.values()),
            **(bound or {}),
        },
    )
    return TemplateResponse(request, "decisions/role.html", context, status=status)


@login_required
@require_GET
@shows_refusals
def role_page(request: Request, slug: str, group_slug: str, role_id: int) -> HttpResponse:
    place = load_place(request, slug, group_slug)
    return _role_page(request, place, _role(place, role_id))


def _role_step(
    request: Request,
    slug: str,
    group_slug: str,
    role_id: int,
    name: str,
    make_form: Callable[[], forms.Form],
    run: Callable[[User, GroupRole, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    place = load_place(request, slug, group_slug)
    role = _role(place, role_id)
    form = make_form()
    outcome = submit(form, lambda data: run(signed_in(request), role, data) or True)
    if outcome.result is not None:
        messages.success(request, done)
        return redirect(role_url(role))
    role.refresh_from_db()
    return _role_page(request, place, role, {name: form}, outcome.status)


@login_required
@require_POST
@shows_refusals
def edit_role(request: Request, slug: str, group_slug: str, role_id: int) -> HttpResponse:
    return _role_step(
        request,
        slug,
        group_slug,
        role_id,
        "role",
        lambda: RoleForm(request.POST),
        lambda user, role, data: actions.update_role(user, role, **data),
        _("The role is changed."),
    )


def _active(role: GroupRole) -> Any:
    selection = role.selections.filter(phase__in=role.selections.model.ACTIVE).first()
    if selection is None:
        raise ActionError(_("No selection is under way for this role."))
    return selection


@login_required
@require_POST
@shows_refusals
def nominate(request: Request, slug: str, group_slug: str, role_id: int) -> HttpResponse:
    return _role_step(
        request,
        slug,
        group_slug,
        role_id,
        "nominate",
        lambda: NominationForm(request.POST, people=posted_people(request, "nominee")),
        lambda user, role, data: actions.nominate(
            user, _active(role), named_person(data["nominee"], "nominee"), data["reason"]
        ),
        _("Your nomination is recorded."),
    )


@login_required
@require_POST
@shows_refusals
def propose(request: Request, slug: str, group_slug: str, role_id: int) -> HttpResponse:
    return _role_step(
        request,
        slug,
        group_slug,
        role_id,
        "candidate",
        lambda: CandidateForm(request.POST, people=posted_people(request, "candidate")),
        lambda user, role, data: actions.propose_candidate(
            user, _active(role), named_person(data["candidate"], "candidate"), data["reasons"]
        ),
        _("The consent round is open; the candidate is asked last."),
    )


STEPS = {
    "start": (
        lambda user, role: actions.start_selection(user, role),
        _("The selection has begun: nominations are private until the nomination round."),
    ),
    "reveal": (
        lambda user, role: actions.reveal_nominations(user, _active(role)),
        _("The nomination round is open: everyone can read every nomination and its reason."),
    ),
    "changes": (
        lambda user, role: actions.open_change_round(user, _active(role)),
        _("The change round is open: anyone may change their nomination."),
    ),
    "cancel": (
        lambda user, role: actions.cancel_selection(user, _active(role)),
        _("The selection is cancelled."),
    ),
}


@login_required
@require_POST
@shows_refusals
def step(request: Request, slug: str, group_slug: str, role_id: int) -> HttpResponse:
    """Start a selection, or move it to its next round (the facilitator)."""
    place = load_place(request, slug, group_slug)
    role = _role(place, role_id)
    chosen = STEPS.get(request.POST.get("step", ""))
    if chosen is None:
        raise ActionError(_("Unknown step."))
    run, done = chosen
    run(signed_in(request), role)
    messages.success(request, done)
    return redirect(role_url(role))
