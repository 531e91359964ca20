"""Calendar pages: a group's upcoming sessions, and "my sessions" across every group I am in.

Both are agendas grouped by week and day in the viewer's own time zone, each session with the
group's local time beside it when the two clocks differ. Each costs a fixed number of queries:
the sessions come with their rhythm, facilitator, practice and my RSVP in one.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from murmuration.communities.queries import ancestors
from murmuration.communities.views.helpers import Request, shows_refusals, signed_in

from .. import permissions as perms
from .. import queries
from ..models import MAX_DURATION_MINUTES, Session
from ..sessions import HORIZON
from .sessions import Timed, load_schedule, timed

# Sessions are planned twelve weeks ahead; a busy group has a few a week.
GROUP_LIMIT = 120
MY_LIMIT = 300


@dataclass
class Day:
    date: date
    sessions: list[Timed] = field(default_factory=list)


@dataclass
class Week:
    monday: date
    days: list[Day] = field(default_factory=list)


def agenda(sessions: list[Session]) -> list[Week]:
    """Sessions (in order of start) grouped by week and day as the viewer's calendar has them."""
    weeks: list[Week] = []
    zone = timezone.get_current_timezone()
    for session in sessions:
        item = timed(session, zone)
        day = item.local.date()
        monday = day - timedelta(days=day.weekday())
        if not weeks or weeks[-1].monday != monday:
            weeks.append(Week(monday))
        days = weeks[-1].days
        if not days or days[-1].date != day:
            days.append(Day(day))
        days[-1].sessions.append(item)
    return weeks


@login_required
@require_GET
@shows_refusals
def group_calendar(request: Request, slug: str, group_slug: str) -> HttpResponse:
    _community, viewer, group, groups = load_schedule(request, slug, group_slug)
    sessions = queries.upcoming_sessions(viewer, group, limit=GROUP_LIMIT)
    context = {
        "community": viewer.community,
        "viewer": viewer,
        "group": group,
        "breadcrumb": [*ancestors(group, groups), group],
        "weeks": agenda(sessions),
        "full": len(sessions) >= GROUP_LIMIT,
        "can_manage": perms.can_manage_rhythms(viewer, group),
        "my_zone": timezone.get_current_timezone_name(),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "rhythms/calendar_page.html", context)


@never_cache
@login_required
@require_GET
def my_sessions(request: Request) -> HttpResponse:
    """Every upcoming session of every group I am in, private groups included."""
    me = signed_in(request)
    now = timezone.now()
    found = queries.my_sessions(
        me, start=now - timedelta(minutes=MAX_DURATION_MINUTES), end=now + HORIZON
    )
    sessions = [s for s in found if s.starts_at + timedelta(minutes=s.duration_minutes) > now][
        :MY_LIMIT
    ]
    context = {
        "weeks": agenda(sessions),
        "full": len(sessions) >= MY_LIMIT,
        "mine": True,
        "my_zone": timezone.get_current_timezone_name(),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "rhythms/calendar_page_mine.html", context)
