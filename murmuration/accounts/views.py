"""A person's own account pages: profile, weekly availability and API tokens.

Every page shows and changes only the signed-in person's own data, so there is no object-level
permission to check beyond login; token ids are always looked up within the person's tokens.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from murmuration.errors import ActionError, NotFound

from . import actions, forms
from .models import User


def _me(request: HttpRequest) -> User:
    # login_required has run, so this is a real User and not AnonymousUser.
    user = request.user
    assert isinstance(user, User)
    return user


def _report(form: Form, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = forms.ProfileForm.for_user(me, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            actions.update_profile(me, **form.cleaned_data)
        except ActionError as error:
            _report(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return TemplateResponse(request, "accounts/profile.html", {"form": form, "section": "profile"})


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = forms.AvailabilityForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            actions.set_availability(me, form.cleaned_data["slots"])
        except ActionError as error:
            _report(form, error)
        else:
            messages.success(request, _("Your weekly availability is saved."))
            return redirect("accounts:availability")
    context = {
        "form": form,
        "section": "availability",
        # After a rejected post the grid shows the saved week, since nothing was saved.
        "days": forms.week_days(),
        "grid": forms.week_grid(set(me.availability)),
        "summary": forms.describe_week(me.availability),
    }
    return TemplateResponse(request, "accounts/availability.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List tokens; a POST creates one and answers with its secret, the only time it is shown.

    The secret is rendered straight into the POST response rather than redirecting, because a
    redirect would need the secret kept in the session; never_cache keeps it out of caches.
    """
    me = _me(request)
    form = forms.TokenForm(request.POST if request.method == "POST" else None)
    created = secret = None
    if form.is_bound and form.is_valid():
        try:
            created, secret = actions.create_api_token(me, form.cleaned_data["name"])
        except ActionError as error:
            _report(form, error)
        else:
            form = forms.TokenForm()
    context = {
        "form": form,
        "section": "tokens",
        "tokens": me.api_tokens.order_by("-created_at", "-pk"),
        "created": created,
        "secret": secret,
    }
    return TemplateResponse(request, "accounts/tokens.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = actions.revoke_api_token(_me(request), token_id)
    except NotFound as error:
        raise Http404(error.message) from error
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
