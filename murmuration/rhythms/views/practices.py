"""The practice library of a community: browsing, adding, editing, importing and exporting.

Every page is for members only (a private community answers 404 to everyone else, a listed one
403), like the community's other member pages. The built-ins appear in every library.

The add/edit form takes the steps and the roles as YAML in two text areas: that works without
JavaScript, with any keyboard and screen reader, and is the same format as an exported file.
"""

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.communities import permissions as community_perms
from murmuration.communities.forms import Form
from murmuration.communities.views.helpers import (
    Request,
    load_member_community,
    not_found,
    posted,
    refuse,
    shows_refusals,
    signed_in,
)
from murmuration.errors import ActionError, Conflict

from .. import permissions as perms
from .. import practice_actions as actions
from .. import practices
from ..models import Practice

OWN_PER_PAGE = 50
CONTENT_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json"}


class PracticeForm(Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=practices.NAME_MAX)
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        required=False,
        max_length=practices.SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the practice is for, in a sentence or two."),
    )
    is_retrospective = forms.BooleanField(
        label=gettext_lazy("This is a retrospective"),
        required=False,
        help_text=gettext_lazy(
            "A way for a group to look back: what's working, what could be better, what to change."
        ),
    )
    roles = forms.CharField(
        label=gettext_lazy("Roles (YAML)"),
        required=False,
        strip=False,
        max_length=practices.MAX_FILE_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "code"}),
        help_text=gettext_lazy(
            "One entry per role, each with a name, a description, and rotates: true when a "
            "different person takes it each session. Leave empty if the practice has no roles."
        ),
    )
    steps = forms.CharField(
        label=gettext_lazy("Steps (YAML)"),
        strip=False,
        max_length=practices.MAX_FILE_BYTES,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "code"}),
        help_text=gettext_lazy(
            "One entry per step, in order, each with a title, minutes (1 to 240), guidance, and "
            "optionally the role the step belongs to."
        ),
    )
    # The version the person started from, so a save over someone else's change is refused.
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def practice_data(self) -> dict[str, Any]:
        """The form as a practice mapping; the YAML fields' syntax errors name their field."""
        try:
            return {
                "name": self.cleaned_data["name"],
                "summary": self.cleaned_data["summary"],
                "is_retrospective": self.cleaned_data["is_retrospective"],
                "roles": practices.parse_fragment(self.cleaned_data["roles"], "roles"),
                "steps": practices.parse_fragment(self.cleaned_data["steps"], "steps"),
            }
        except practices.PracticeFileError as error:
            raise ActionError(error.message, field=error.field) from error

    def expected_updated_at(self) -> datetime | None:
        raw = self.cleaned_data.get("updated_at") or ""
        if not raw:
            return None
        try:
            parsed = parse_datetime(raw)
        except ValueError:
            # Well-formed but impossible, like 2026-02-30T10:00: as damaged as unreadable.
            parsed = None
        if parsed is None:
            raise Conflict(_("The form was damaged; please reload the page and try again."))
        return parsed

    def show_error(self, error: ActionError) -> int:
        # "steps[3].minutes" belongs under the steps text area.
        field = (error.field or "").split("[")[0].split(".")[0]
        self.add_error(field if field in self.fields else None, error.message)
        return error.status


class ImportForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Practice file"),
        help_text=gettext_lazy("A YAML or JSON file, like the ones the export links download."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".yaml,.yml,.json,application/yaml,application/json,text/plain"}
        ),
    )

    def clean_file(self) -> bytes:
        # One byte over the limit is enough for the import to refuse the file as too large.
        return self.cleaned_data["file"].read(practices.MAX_FILE_BYTES + 1)


def _form_initial(practice: Practice) -> dict[str, Any]:
    return {
        "name": practice.name,
        "summary": practice.summary,
        "is_retrospective": practice.is_retrospective,
        "roles": practices.dump_fragment(practice.roles),
        "steps": practices.dump_fragment(practice.steps),
        "updated_at": practice.updated_at.isoformat(),
    }


def _load_practice(viewer: community_perms.Viewer, practice_slug: str) -> Practice:
    practice = actions.practice_for(viewer.community, practice_slug)
    if practice is None or not perms.can_see_practice(viewer, practice):
        raise not_found()
    return practice


def _timeline(practice: Practice) -> list[dict[str, Any]]:
    """Each step with the minute it starts at, counted from the start of the practice."""
    steps, start = [], 0
    for step in practice.steps:
        steps.append({**step, "start": start, "end": start + step["minutes"]})
        start += step["minutes"]
    return steps


def _context(viewer: community_perms.Viewer, **extra: Any) -> dict[str, Any]:
    return {"section": "practices", "community": viewer.community, "viewer": viewer, **extra}


@login_required
@require_GET
@shows_refusals
def library(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    own = Paginator(Practice.objects.filter(community=community), OWN_PER_PAGE)
    page = own.get_page(request.GET.get("page"))
    context = _context(
        viewer,
        page=page,
        own=page.object_list,
        builtins=Practice.objects.filter(community=None),
        can_add=perms.can_add_practice(viewer),
    )
    return TemplateResponse(request, "rhythms/practices.html", context)


@login_required
@require_GET
@shows_refusals
def detail(request: Request, slug: str, practice_slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    practice = _load_practice(viewer, practice_slug)
    context = _context(
        viewer,
        practice=practice,
        steps=_timeline(practice),
        can_change=perms.can_change_practice(viewer, practice),
        can_copy=practice.is_builtin and perms.can_add_practice(viewer),
    )
    return TemplateResponse(request, "rhythms/practice.html", context)


def _form_page(viewer: community_perms.Viewer, form: PracticeForm, **extra: Any) -> dict[str, Any]:
    return _context(viewer, form=form, example=_example(), **extra)


def _example() -> dict[str, str]:
    """The shape the two YAML text areas expect, shown beside the form."""
    return {
        "roles": practices.dump_fragment(
            [{"name": _("speaker"), "description": _("Brings the topic."), "rotates": True}]
        ),
        "steps": practices.dump_fragment(
            [
                {"title": _("Arrive"), "minutes": 5, "guidance": _("A word each on how you are.")},
                {
                    "title": _("Speak"),
                    "minutes": 10,
                    "guidance": _("Nobody interrupts."),
                    "role": _("speaker"),
                },
            ]
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def create(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    if not perms.can_add_practice(viewer):
        return refuse(request, _("Only members can add practices."))
    form = PracticeForm(posted(request))
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                practice = actions.create_practice(
                    signed_in(request), community, form.practice_data()
                )
            except ActionError as error:
                status = form.show_error(error)
            else:
                messages.success(request, _("“%(name)s” is in the library.") % {"name": practice})
                return redirect(_url("rhythms:practice", practice, community.slug))
    context = _form_page(viewer, form)
    return TemplateResponse(request, "rhythms/practice_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def edit(request: Request, slug: str, practice_slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    practice = _load_practice(viewer, practice_slug)
    if not perms.can_change_practice(viewer, practice):
        return refuse(
            request,
            _("Built-in practices cannot be changed; make a copy to adapt it.")
            if practice.is_builtin
            else _("Only the community's hosts and the person who added it can change it."),
        )
    form = PracticeForm(posted(request), initial=_form_initial(practice))
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                practice = actions.update_practice(
                    signed_in(request),
                    practice,
                    form.practice_data(),
                    expected_updated_at=form.expected_updated_at(),
                )
            except ActionError as error:
                status = form.show_error(error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(_url("rhythms:practice", practice, community.slug))
    context = _form_page(viewer, form, practice=practice)
    return TemplateResponse(request, "rhythms/practice_form.html", context, status=status)


@login_required
@require_POST
@shows_refusals
def delete(request: Request, slug: str, practice_slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    practice = _load_practice(viewer, practice_slug)
    actions.delete_practice(signed_in(request), practice)
    messages.success(request, _("“%(name)s” was removed from the library.") % {"name": practice})
    return redirect("rhythms:practices", community.slug)


@login_required
@require_POST
@shows_refusals
def copy(request: Request, slug: str, practice_slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    practice = _load_practice(viewer, practice_slug)
    copied = actions.copy_builtin(signed_in(request), community, practice)
    messages.success(
        request, _("This is the community's own copy of “%(name)s”.") % {"name": practice}
    )
    return redirect(_url("rhythms:practice_edit", copied, community.slug))


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def import_file(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_member_community(request, slug)
    if not perms.can_add_practice(viewer):
        return refuse(request, _("Only members can add practices."))
    form = ImportForm(posted(request), request.FILES or None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                practice = actions.import_practice(
                    signed_in(request), community, form.cleaned_data["file"]
                )
            except ActionError as error:
                form.add_error("file", error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("“%(name)s” was imported at the address %(slug)s.")
                    % {"name": practice, "slug": practice.slug},
                )
                return redirect(_url("rhythms:practice", practice, community.slug))
    context = _context(viewer, form=form)
    return TemplateResponse(request, "rhythms/practice_import.html", context, status=status)


@login_required
@require_GET
@shows_refusals
def export(request: Request, slug: str, practice_slug: str) -> HttpResponse:
    _community, viewer = load_member_community(request, slug)
    practice = _load_practice(viewer, practice_slug)
    fmt = request.GET.get("format", "yaml")
    if fmt not in practices.FORMATS:
        return refuse(request, _("The format must be yaml or json."), 400)
    response = HttpResponse(practices.dump(practice, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{practice.slug}.{fmt}"'
    return response


def _url(name: str, practice: Practice, community_slug: str) -> str:
    return reverse(name, args=[community_slug, practice.slug])
