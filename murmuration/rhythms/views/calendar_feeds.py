"""Calendar feeds by URL, single-session downloads, and the page where people manage their links.

The feed endpoint has no login: calendar apps cannot log in, so the token in the address is the
credential, and every way a token can stop being valid answers the same 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar

from murmuration.communities.models import Group
from murmuration.communities.views.helpers import (
    Request,
    load_community,
    load_group,
    not_found,
    signed_in,
)
from murmuration.errors import NotFound

from .. import calendars, feed_actions
from .. import permissions as perms
from ..models import CalendarFeed, Session
from .sessions import posted_number


def _ics(calendar: Calendar, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=calendars.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Personal data behind a secret address: no shared cache may keep it, and no search engine
    # should list it if the address ever leaks into a page.
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def feed(request: Request, token: str) -> HttpResponse:
    subscription = calendars.active_feed(token)
    if subscription is None:
        raise not_found()
    return _ics(calendars.feed_calendar(subscription), "murmuration.ics", attachment=False)


@login_required
@require_safe
def session_ics(request: Request, slug: str, group_slug: str, session_id: int) -> HttpResponse:
    # load_community/load_group answer 404 for anything the person may not know exists.
    _community, viewer = load_community(request, slug)
    group, groups = load_group(viewer, group_slug)
    if not perms.can_see_schedule(viewer, group, groups):
        raise not_found()
    session = (
        Session.objects.select_related("rhythm__group__community", "rhythm__practice")
        .select_related("facilitator", "practice")
        .filter(pk=session_id, group=group)
        .first()
    )
    if session is None:
        raise not_found()
    filename = f"{group.slug}-session-{session.pk}.ics"
    return _ics(calendars.session_calendar(session), filename, attachment=True)


# The person's own links ----------------------------------------------------------------------


@never_cache
@login_required
@require_safe
def manage(request: Request) -> HttpResponse:
    """The person's calendar links: one for all their sessions, one per group they are in.

    Only their own links are shown, so the page needs no permission check beyond login;
    never_cache keeps the secret addresses out of browser and proxy caches.
    """
    me = signed_in(request)
    feeds = list(
        CalendarFeed.objects.filter(user=me, revoked_at__isnull=True).select_related("group")
    )
    by_group = {feed.group_id: feed for feed in feeds}
    groups = (
        Group.objects.filter(memberships__user=me, community__memberships__user=me)
        .select_related("community")
        .order_by("community__name", "name", "pk")
    )
    personal = {
        "id": "personal",
        "level": 2,
        "title": _("All my sessions"),
        "explanation": _(
            "Every session of every group you are in, private groups included. Groups you "
            "join later appear by themselves; groups you leave drop out."
        ),
        "group": None,
        "link": _link(by_group.get(None)),
    }
    per_group = [
        {
            "id": f"group-{group.pk}",
            "level": 3,
            "title": f"{group.name} · {group.community.name}",
            "group": group,
            "link": _link(by_group.get(group.pk)),
        }
        for group in groups
    ]
    context = {"section": "calendar", "cards": [personal, *per_group]}
    return TemplateResponse(request, "rhythms/calendar_manage.html", context)


def _link(feed: CalendarFeed | None) -> dict[str, object] | None:
    if feed is None:
        return None
    return {
        "feed": feed,
        "url": calendars.feed_url(feed),
        "subscribe_url": calendars.subscribe_url(feed),
    }


@login_required
@require_POST
def create(request: Request) -> HttpResponse:
    me = signed_in(request)
    group = None
    if raw := request.POST.get("group", ""):
        group_id = posted_number(raw)
        if group_id is None:
            raise not_found()
        group = Group.objects.select_related("community").filter(pk=group_id).first()
        if group is None:
            raise not_found()
    try:
        feed_actions.create_feed(me, group)
    except NotFound as error:
        raise Http404(error.message) from error
    if group is None:
        messages.success(request, _("Your calendar link is ready. Any older one stops working."))
    else:
        messages.success(
            request,
            _("The calendar link for %(group)s is ready. Any older one stops working.")
            % {"group": group.name},
        )
    return redirect("calendar:manage")


@login_required
@require_POST
def revoke(request: Request, feed_id: int) -> HttpResponse:
    me = signed_in(request)
    # Looked up within the person's own links, so another person's id is simply not found.
    feed = CalendarFeed.objects.filter(user=me, pk=feed_id).first()
    if feed is None:
        raise not_found()
    feed_actions.revoke_feed(me, feed)
    messages.success(request, _("The calendar link is revoked; calendars using it stop updating."))
    return redirect("calendar:manage")
