"""A pattern's page: its signals and experiments; renaming, merging and splitting it."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from murmuration.communities.permissions import Viewer
from murmuration.communities.views.helpers import (
    Request,
    load_member_community,
    not_found,
    shows_refusals,
    signed_in,
    submit,
)

from .. import actions, queries
from ..forms import LabelForm, MergeForm, SplitForm
from ..models import Pattern


def _forms(detail: queries.PatternDetail, data: Any = None, which: str = "") -> dict[str, Any]:
    signals = [(s.pk, s.text) for s in detail.signals]
    siblings = [(p.pk, p.label) for p in detail.siblings]
    return {
        "rename_form": LabelForm(
            data if which == "rename" else None, initial={"label": detail.pattern.label}
        ),
        "merge_form": MergeForm(data if which == "merge" else None, choices=siblings),
        "split_form": SplitForm(data if which == "split" else None, choices=signals),
    }


def _detail(request: Request, slug: str, pk: int) -> tuple[Viewer, queries.PatternDetail]:
    _community, viewer = load_member_community(request, slug)
    detail = queries.pattern_detail(viewer, pk)
    if detail is None:
        raise not_found()
    return viewer, detail


def _page(
    request: Request,
    viewer: Viewer,
    detail: queries.PatternDetail,
    status: int = 200,
    **forms_: forms.Form,
) -> TemplateResponse:
    context = {
        "community": viewer.community,
        "viewer": viewer,
        "detail": detail,
        "pattern": detail.pattern,
        "section": "sensing",
        "me": viewer.user,
        **_forms(detail),
        **forms_,
    }
    return TemplateResponse(request, "sensing/pattern.html", context, status=status)


@login_required
@require_GET
@shows_refusals
def detail(request: Request, slug: str, pk: int) -> HttpResponse:
    viewer, found = _detail(request, slug, pk)
    return _page(request, viewer, found)


def _correct(
    which: str, form_class: Callable[..., forms.Form], run: Callable[[Any, Pattern, dict], Pattern]
) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    @shows_refusals
    def view(request: Request, slug: str, pk: int) -> HttpResponse:
        viewer, found = _detail(request, slug, pk)
        form = _forms(found, request.POST, which)[f"{which}_form"]
        outcome = submit(form, lambda data: run(signed_in(request), found.pattern, data))
        if outcome.result is None:
            return _page(request, viewer, found, outcome.status, **{f"{which}_form": form})
        messages.success(request, _("Saved. The next regrouping keeps this correction."))
        return redirect("sensing:pattern", slug, outcome.result.pk)

    return view


rename = _correct(
    "rename", LabelForm, lambda user, p, data: actions.rename_pattern(user, p, data["label"])
)
merge = _correct(
    "merge",
    MergeForm,
    lambda user, p, data: actions.merge_patterns(
        user, p, list(Pattern.objects.filter(pk__in=data["others"]))
    ),
)
split = _correct(
    "split",
    SplitForm,
    lambda user, p, data: actions.split_pattern(user, p, data["signals"], data["label"]),
)
