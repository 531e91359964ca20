"""Invitation links: the hosts' list, creating and revoking them, and the page a link opens."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from murmuration.errors import ActionError

from .. import actions
from .. import permissions as perms
from ..forms import EmailInvitationForm, LinkInvitationForm
from ..models import Invitation, Membership
from .helpers import (
    Request,
    load_host_community,
    not_found,
    posted,
    shows_refusals,
    signed_in,
    submit,
)

INVITATIONS_PER_PAGE = 50
InvitationForm = LinkInvitationForm | EmailInvitationForm


def status_of(invitation: Invitation) -> str:
    """One word for the list: revoked beats used up beats expired."""
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.uses >= invitation.max_uses:
        return "used"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "active"


def _list_page(
    request: Request,
    viewer: perms.Viewer,
    sent: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The list with both forms; `sent` is the one that came back with errors, shown as sent."""
    community = viewer.community
    invitations = community.invitations.select_related("created_by")
    page = Paginator(invitations, INVITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"invitation": inv, "status": status_of(inv), "url": actions.invitation_url(inv)}
        for inv in page.object_list
    ]
    context = {
        "section": "invitations",
        "community": community,
        "viewer": viewer,
        "page": page,
        "rows": rows,
        "created": request.GET.get("created", ""),
        "link_form": sent if isinstance(sent, LinkInvitationForm) else LinkInvitationForm(),
        "email_form": sent if isinstance(sent, EmailInvitationForm) else EmailInvitationForm(),
    }
    return TemplateResponse(request, "communities/invitations.html", context, status=status)


@login_required
@shows_refusals
def invitation_list(request: Request, slug: str) -> HttpResponse:
    _community, viewer = load_host_community(request, slug)
    return _list_page(request, viewer)


def _create(
    request: Request,
    slug: str,
    form_class: type[InvitationForm],
    done: Callable[[Invitation], str],
) -> HttpResponse:
    """Create an invitation from either form, then show it highlighted in the list."""
    community, viewer = load_host_community(request, slug)
    form = form_class(posted(request))
    outcome = submit(
        form, lambda data: actions.create_invitation(signed_in(request), community, **data)
    )
    if (invitation := outcome.result) is None:
        return _list_page(request, viewer, sent=form, status=outcome.status)
    messages.success(request, done(invitation))
    url = reverse("communities:invitations", args=[slug])
    return redirect(f"{url}?created={invitation.pk}")


@login_required
@require_POST
@shows_refusals
def create_link_invitation(request: Request, slug: str) -> HttpResponse:
    return _create(
        request,
        slug,
        LinkInvitationForm,
        lambda _invitation: _("The invitation link is ready to share."),
    )


@login_required
@require_POST
@shows_refusals
def create_email_invitation(request: Request, slug: str) -> HttpResponse:
    return _create(
        request,
        slug,
        EmailInvitationForm,
        lambda invitation: (
            _("An invitation is on its way to %(email)s.") % {"email": invitation.email}
        ),
    )


@login_required
@require_POST
@shows_refusals
def revoke_invitation(request: Request, slug: str, pk: int) -> HttpResponse:
    community, _viewer = load_host_community(request, slug)
    invitation = community.invitations.filter(pk=pk).first()
    if invitation is None:
        raise not_found()
    actions.revoke_invitation(signed_in(request), invitation)
    messages.success(request, _("The invitation is withdrawn; its link no longer works."))
    return redirect("communities:invitations", slug)


@require_http_methods(["GET", "POST"])
def invitation(request: Request, token: str) -> HttpResponse:
    """The page an invitation link opens. Holding the link is what lets someone see it."""
    found = Invitation.objects.select_related("community").filter(token=token).first()
    if found is None:
        raise not_found()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            actions.accept_invitation(signed_in(request), token)
        except ActionError as error:
            return _invitation_page(request, found, error.message, error.status)
        messages.success(request, _("Welcome to %(c)s.") % {"c": found.community.name})
        return redirect(found.community)
    problem = actions.invitation_problem(found)
    # 410 Gone: the link existed and will not work again.
    return _invitation_page(request, found, problem, 410 if problem else 200)


def _invitation_page(
    request: Request, found: Invitation, problem: str | None, status: int
) -> HttpResponse:
    already_member = (
        request.user.is_authenticated
        and Membership.objects.filter(community=found.community, user=signed_in(request)).exists()
    )
    context = {
        "invitation": found,
        "community": found.community,
        "problem": problem,
        "already_member": already_member,
    }
    return TemplateResponse(request, "communities/invitation.html", context, status=status)
