"""Loading what a page is about, submitting its form, and turning refusals into responses, the
same way everywhere.

Every lookup that could reveal a private community or group raises the same `Http404` as a
lookup of something that does not exist, so a guessed address tells nothing.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from murmuration.accounts.models import User
from murmuration.errors import ActionError

from .. import permissions as perms
from ..models import Community, Group
from ..queries import groups_with_counts

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
Result = TypeVar("Result")


class Request(HttpRequest):
    """The request as the middleware leaves it: typed so views need no casts."""

    user: User | AnonymousUser
    htmx: HtmxDetails


def signed_in(request: Request) -> User:
    """The person behind a request that `login_required` has already let through."""
    assert isinstance(request.user, User)
    return request.user


class Refused(Exception):
    """A page the person may know about but not use; `shows_refusals` turns it into a 403."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shows_refusals(view: View) -> View:
    """Render refusals and action errors nobody caught as a page with the matching status.

    Views catch `ActionError` themselves where a form can show it next to a field; what is left
    (a button whose action was refused, a conflict) becomes a short page with the message.
    """

    @functools.wraps(view)
    def wrapper(request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return refuse(request, refusal.message, 403)
        except ActionError as error:
            return refuse(request, error.message, error.status)

    return cast(View, wrapper)


def not_found() -> Http404:
    return Http404(_("Not found."))


def load_community(request: Request, slug: str) -> tuple[Community, perms.Viewer]:
    """The community and who is looking at it; 404 when it does not exist or is hidden."""
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise not_found()
    viewer = perms.viewer_for(request.user, community)
    if not perms.can_see_community(viewer):
        raise not_found()
    return community, viewer


def refuse(request: Request, message: str, status: int = 403, **context: Any) -> TemplateResponse:
    return TemplateResponse(
        request, "communities/problem.html", {"message": message, **context}, status=status
    )


def load_member_community(request: Request, slug: str) -> tuple[Community, perms.Viewer]:
    """Like `load_community`, for pages only members see; raises `Refused` for others."""
    community, viewer = load_community(request, slug)
    if not viewer.is_member:
        raise Refused(_("Only members of %(c)s can see this.") % {"c": community.name})
    return community, viewer


def load_host_community(request: Request, slug: str) -> tuple[Community, perms.Viewer]:
    community, viewer = load_member_community(request, slug)
    if not perms.can_host(viewer):
        raise Refused(_("Only the community's hosts can do this."))
    return community, viewer


def visible_groups_by_id(viewer: perms.Viewer) -> dict[int, Group]:
    """Every group of the community with `member_count` and caller, in one query.

    The whole community's groups are needed (not only the visible ones) to decide visibility,
    because a group is hidden when any group above it is.
    """
    return {g.pk: g for g in groups_with_counts(viewer.community).select_related("caller")}


def load_group(viewer: perms.Viewer, group_slug: str) -> tuple[Group, dict[int, Group]]:
    """A group the viewer may see, and all groups of its community by id; 404 otherwise."""
    groups = visible_groups_by_id(viewer)
    group = next((g for g in groups.values() if g.slug == group_slug), None)
    if group is None or not perms.can_see_group(viewer, group, groups):
        raise not_found()
    return group, groups


def form_error(form: forms.Form, error: ActionError) -> int:
    """Put an action's message on the field it is about, or on the form as a whole.

    Returns the status the re-rendered form should carry.
    """
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
    return error.status


@dataclass(frozen=True)
class Outcome(Generic[Result]):
    """What `submit` came to: the action's result, or None and the status to show the form with."""

    status: int
    result: Result | None = None


def submit(
    form: forms.Form,
    action: Callable[[dict[str, Any]], Result],
    undo: Callable[[], object] | None = None,
) -> Outcome[Result]:
    """Run `action` on the form's cleaned data when the form was sent and is valid.

    An unsent form is shown with 200, an invalid one with 400. A refused action puts its message
    on the form and gives its status; `undo` then puts back what the action may have changed on
    an object the page still shows (actions set fields before a later one is refused).
    """
    if not form.is_bound:
        return Outcome(200)
    if not form.is_valid():
        return Outcome(400)
    try:
        result = action(form.cleaned_data)
    except ActionError as error:
        if undo is not None:
            undo()
        return Outcome(form_error(form, error))
    return Outcome(200, result)


def posted(request: Request) -> QueryDict | None:
    """The form data of a POST (even an empty one, which should fail validation), else None."""
    return request.POST if request.method == "POST" else None


def safe_next(request: Request, fallback: str) -> str:
    """Where to go after a POST: the `next` field when it is a local address."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
