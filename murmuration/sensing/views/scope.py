"""A scope's sensing page (patterns, newest signals, the posting form), posting and raising."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from murmuration.communities.models import Group
from murmuration.communities.views.helpers import (
    Request,
    form_error,
    load_member_community,
    not_found,
    safe_next,
    shows_refusals,
    signed_in,
)
from murmuration.errors import ActionError

from .. import actions, queries
from ..forms import SignalForm
from ..models import Signal
from .common import load_scope, scope_name

SIGNALS_PER_PAGE = 30


def scope_url(slug: str, group: Group | None) -> str:
    if group is None:
        return reverse("sensing:community", args=[slug])
    return reverse("sensing:group", args=[slug, group.slug])


@login_required
@require_GET
@shows_refusals
def scope_page(request: Request, slug: str, group_slug: str | None = None) -> HttpResponse:
    community, viewer, group = load_scope(request, slug, group_slug)
    page = Paginator(queries.signal_list(viewer, group), SIGNALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    groups = Group.objects.filter(pk__in=viewer.group_ids).order_by("name")
    context = {
        "community": community,
        "viewer": viewer,
        "group": group,
        "scope_name": scope_name(community, group),
        "scopes": groups,
        "patterns": queries.patterns(viewer, group),
        "page": page,
        "signal_form": SignalForm(),
        "section": "sensing",
        "me": signed_in(request),
    }
    return TemplateResponse(request, "sensing/scope.html", context)


@login_required
@require_POST
@shows_refusals
def post(request: Request, slug: str) -> HttpResponse:
    """Post a signal; from htmx, answer with the posting form and where the signal went."""
    form = SignalForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    community, _viewer, group = load_scope(request, slug, data.get("group") or None)
    status, signal = 200, None
    try:
        signal = actions.post_signal(
            signed_in(request),
            community,
            data.get("text", ""),
            group=group,
            kind=data.get("kind") or Signal.Kind.OBSERVATION,
            tags=data.get("tags", ""),
        )
    except ActionError as error:
        status = form_error(form, error)
    if request.htmx:
        context = {
            "community": community,
            "group": group,
            "signal_form": SignalForm() if signal else form,
            "posted": signal,
        }
        return TemplateResponse(request, "sensing/_post.html", context, status=status)
    if signal is None:
        for problems in form.errors.values():
            messages.error(request, " ".join(str(p) for p in problems))
    else:
        messages.success(request, _("Thank you: your signal is in."))
    return redirect(safe_next(request, scope_url(slug, group)))


@login_required
@require_POST
@shows_refusals
def raise_signal(request: Request, slug: str, pk: int) -> HttpResponse:
    community, _viewer = load_member_community(request, slug)
    signal = Signal.objects.filter(pk=pk, community=community).select_related("group").first()
    if signal is None:
        raise not_found()
    raised = actions.raise_signal(signed_in(request), signal)
    where = raised.group.name if raised.group else community.name
    messages.success(request, _("Raised: %(where)s can see it now.") % {"where": where})
    return redirect(safe_next(request, scope_url(slug, raised.group)))
