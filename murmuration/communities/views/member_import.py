"""Importing members from a CSV file: a dry-run report first, then the import itself."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import csv_import
from ..forms import ConfirmImportForm, ImportForm
from .helpers import Request, load_host_community, shows_refusals, signed_in, submit


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def import_members(request: Request, slug: str) -> HttpResponse:
    community, viewer = load_host_community(request, slug)
    host = signed_in(request)
    context: dict = {
        "section": "import",
        "community": community,
        "viewer": viewer,
        "form": ImportForm(),
    }
    status = 200
    if request.method == "POST" and "text" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            text = confirm.cleaned_data["text"]
            context["report"] = csv_import.import_members(host, community, text, dry_run=False)
            context["done"] = True
        else:
            context["problem"] = _("There was nothing to import; please choose the file again.")
            status = 400
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        outcome = submit(
            form,
            lambda data: csv_import.import_members(host, community, data["file"], dry_run=True),
        )
        status = outcome.status
        if outcome.result is not None:
            context["report"] = outcome.result
            text = csv_import.decode(form.cleaned_data["file"])
            context["confirm"] = ConfirmImportForm(initial={"text": text})
    return TemplateResponse(request, "communities/import.html", context, status=status)
