"""iCalendar feeds: a person's sessions, one group's sessions, or a single session as a file.

Each rhythm becomes one recurring VEVENT whose DTSTART is the rhythm's local time with its TZID,
plus its RRULE, so calendar apps expand it themselves and keep a weekly 19:00 at 19:00 across
daylight-saving changes. Sessions that differ from what the rule says are written against that
series: a cancelled one as an EXDATE, a moved or otherwise changed one as an override VEVENT
with the same UID and a RECURRENCE-ID naming the occurrence it replaces. Sessions the current
rule no longer produces (held before the rhythm changed its rule or time) stand on their own.

Only schedule facts go into a feed (times, place, facilitator, practice). Notes and check-ins
are never loaded here, so they cannot leak into a calendar that is shared by URL.

A feed is built in a fixed number of queries however many rhythms and sessions it holds.
"""

import dataclasses
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership, Membership

from . import recurrence
from .models import CalendarFeed, Practice, Rhythm, Session

PRODID = "-//Murmuration//Rhythms and sessions//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# A hint to calendar apps on how often to fetch again; Google and Outlook choose for themselves.
REFRESH = timedelta(hours=1)
# VTIMEZONE data is written this far past today, which covers any session a person plans for.
TIMEZONE_YEARS_AHEAD = 10


# Addresses and identifiers -------------------------------------------------------------------


def _uid_host() -> str:
    # The configured site rather than the request's host, so a UID is the same whether the
    # feed was fetched through a proxy, another hostname, or printed by the CLI.
    return urlsplit(settings.SITE_URL).hostname or "murmuration"


def rhythm_uid(rhythm: Rhythm) -> str:
    return f"rhythm-{rhythm.pk}@{_uid_host()}"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{_uid_host()}"


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("calendar:feed", args=[feed.token])


def subscribe_url(feed: CalendarFeed) -> str:
    """The webcal:// form, which calendar apps open as a subscription rather than a download."""
    return "webcal://" + feed_url(feed).split("://", 1)[1]


# Loading -------------------------------------------------------------------------------------


def _with_sessions(rhythms: QuerySet[Rhythm]) -> QuerySet[Rhythm]:
    sessions = Session.objects.select_related("facilitator", "practice").order_by("occurrence")
    return rhythms.select_related("group__community", "practice").prefetch_related(
        Prefetch("sessions", queryset=sessions)
    )


def rhythms_for_person(user: User) -> QuerySet[Rhythm]:
    """Rhythms of every group the person is in now, private groups included: it is their own."""
    # Both memberships are required, so leaving a community drops its groups at once even if a
    # group membership were left behind.
    return _with_sessions(
        Rhythm.objects.filter(
            group__memberships__user=user, group__community__memberships__user=user
        ).order_by("group__name", "name", "pk")
    )


def rhythms_for_group(group: Group) -> QuerySet[Rhythm]:
    return _with_sessions(Rhythm.objects.filter(group=group).order_by("name", "pk"))


def active_feed(token: str) -> CalendarFeed | None:
    """The feed behind a token, or None when it is unknown, revoked or no longer allowed.

    A group feed stops working as soon as its owner leaves the group or the community: the
    token was handed out because they were a member, not to whoever holds the URL.
    """
    in_group = GroupMembership.objects.filter(group=OuterRef("group"), user=OuterRef("user"))
    in_community = Membership.objects.filter(
        community=OuterRef("group__community"), user=OuterRef("user")
    )
    return (
        CalendarFeed.objects.select_related("user", "group__community")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .filter(Q(group__isnull=True) | (Exists(in_group) & Exists(in_community)))
        .first()
    )


# Building ------------------------------------------------------------------------------------


def person_calendar(user: User) -> Calendar:
    name = _("%(name)s’s sessions · Murmuration") % {"name": user.name}
    return build_calendar(name, rhythms_for_person(user))


def group_calendar(group: Group) -> Calendar:
    name = _("%(group)s · Murmuration") % {"group": group.name}
    return build_calendar(name, rhythms_for_group(group))


def feed_calendar(feed: CalendarFeed) -> Calendar:
    return group_calendar(feed.group) if feed.group else person_calendar(feed.user)


def build_calendar(name: str, rhythms: Iterable[Rhythm]) -> Calendar:
    now = timezone.now()
    calendar = _empty_calendar(name)
    first = now.date()
    for rhythm in rhythms:
        for event in _series(rhythm, now):
            calendar.add_component(event)
        first = min(first, rhythm.start_date, *(s.starts_at.date() for s in _sessions(rhythm)))
    _add_timezones(calendar, first, now)
    return calendar


def session_calendar(session: Session) -> Calendar:
    """One session on its own, for people who want it in their calendar without subscribing.

    It gets a UID of its own: reusing the series UID would make a calendar that also holds the
    subscription treat the download as a broken copy of the series.
    """
    now = timezone.now()
    rhythm = session.rhythm
    calendar = _empty_calendar(_session_summary(rhythm))
    calendar.add_component(_standalone_event(rhythm, session, now))
    _add_timezones(calendar, min(session.starts_at.date(), now.date()), now)
    return calendar


def _empty_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    return calendar


def _add_timezones(calendar: Calendar, first: date, now: datetime) -> None:
    # Generated from the zoneinfo database rather than hand-written, and limited to the years
    # the calendar spans, which keeps each VTIMEZONE to a handful of lines.
    calendar.add_missing_timezones(
        first_date=date(first.year, 1, 1),
        last_date=date(now.year + TIMEZONE_YEARS_AHEAD, 1, 1),
    )


def _sessions(rhythm: Rhythm) -> list[Session]:
    # Prefetched by `_with_sessions`; `.all()` reads the prefetch cache instead of querying.
    return list(rhythm.sessions.all())


def _series(rhythm: Rhythm, now: datetime) -> list[Event]:
    """The recurring event for a rhythm, then its overrides and any sessions outside the rule."""
    zone = ZoneInfo(rhythm.time_zone)
    rule = _feed_rule(rhythm)
    start = datetime.combine(rhythm.start_date, _minute(rhythm.start_time), tzinfo=zone)
    master = _base_event(rhythm, start, timedelta(minutes=rhythm.duration_minutes), now)
    master.add("uid", rhythm_uid(rhythm))
    master.add("sequence", 0)
    master.add("rrule", vRecur.from_ical(rule.text()))
    master.add("description", _description(rhythm, rhythm.practice, None))

    sessions = _sessions(rhythm)
    given = _given(rhythm, rule, sessions)
    others, cancelled = [], []
    for session in sessions:
        if session.occurrence not in given:
            # Held before the rule last changed (update_rhythm starts the rule again from
            # the change), so the series no longer produces it: it stands on its own.
            if not session.is_cancelled:
                others.append(_standalone_event(rhythm, session, now))
        elif session.is_cancelled:
            cancelled.append(session.occurrence.astimezone(zone))
        elif _differs(rhythm, session):
            override = _session_event(rhythm, session, now)
            override.add("uid", rhythm_uid(rhythm))
            override.add("recurrence-id", session.occurrence.astimezone(zone))
            others.append(override)
    if cancelled:
        master.add("exdate", cancelled)
    return [master, *others]


def _minute(moment: time) -> time:
    # Rules are expanded from the start time to the minute (see `recurrence`); so is DTSTART.
    return moment.replace(second=0, microsecond=0)


def _feed_rule(rhythm: Rhythm) -> recurrence.Rule:
    """The rhythm's rule, closed at the moment the rhythm ended if it would have gone on."""
    rule = recurrence.parse(rhythm.rrule, rhythm.time_zone)
    ended = rhythm.ended_at
    if ended is None or (rule.until is not None and rule.until <= ended):
        return rule
    if rule.count is not None:
        held = _occurrences(rhythm, rule, before=ended + timedelta(seconds=1))
        if len(held) >= rule.count:
            return rule  # it had run its course before it was ended
    # COUNT and UNTIL may not both appear; when the rule still had sessions to give after the
    # end, the ones it gave before are exactly those up to UNTIL.
    return dataclasses.replace(rule, count=None, until=ended.astimezone(UTC))


def _given(rhythm: Rhythm, rule: recurrence.Rule, sessions: list[Session]) -> set[datetime]:
    """Which of the sessions' occurrences the rule produces, expanded over their span only."""
    if not sessions:
        return set()
    last = max(s.occurrence for s in sessions)
    return set(_occurrences(rhythm, rule, before=last + timedelta(seconds=1)))


def _occurrences(rhythm: Rhythm, rule: recurrence.Rule, *, before: datetime) -> list[datetime]:
    # Two days before the local start date is earlier than the first session in any zone.
    first = datetime.combine(rhythm.start_date, time.min, tzinfo=UTC) - timedelta(days=2)
    return recurrence.occurrences(
        rule, rhythm.start_date, rhythm.start_time, rhythm.time_zone, after=first, before=before
    )


def _base_event(rhythm: Rhythm, start: datetime, duration: timedelta, now: datetime) -> Event:
    event = Event()
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("duration", duration)
    event.add("summary", _session_summary(rhythm))
    if rhythm.location:
        event.add("location", rhythm.location)
    event.add("categories", [rhythm.get_category_display()])
    event.add("url", _group_url(rhythm))
    return event


def _session_event(rhythm: Rhythm, session: Session, now: datetime) -> Event:
    start = session.starts_at.astimezone(ZoneInfo(rhythm.time_zone))
    event = _base_event(rhythm, start, timedelta(minutes=session.duration_minutes), now)
    event.add("sequence", session.sequence)
    event.add("description", _description(rhythm, session.practice, session.facilitator))
    return event


def _standalone_event(rhythm: Rhythm, session: Session, now: datetime) -> Event:
    """A session as an event of its own, outside any series, with a UID of its own."""
    event = _session_event(rhythm, session, now)
    event.add("uid", session_uid(session))
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return event


def _session_summary(rhythm: Rhythm) -> str:
    return f"{rhythm.group.name}: {rhythm.name}"


def _group_url(rhythm: Rhythm) -> str:
    return settings.SITE_URL + rhythm.group.get_absolute_url()


def _description(rhythm: Rhythm, practice: Practice | None, facilitator: User | None) -> str:
    lines = []
    if facilitator is not None:
        lines.append(_("Facilitator: %(name)s") % {"name": facilitator.name})
    if practice is not None:
        lines.append(_("Practice: %(name)s") % {"name": practice.name})
    lines.append(_group_url(rhythm))
    return "\n".join(lines)


def _differs(rhythm: Rhythm, session: Session) -> bool:
    """Whether a session says something its series does not, and so needs an override.

    Any change bumps the session's sequence, which covers what is not compared here; the
    facilitator rotates, so a session with one always says more than the series can.
    """
    return (
        session.is_moved
        or session.sequence > 0
        or session.duration_minutes != rhythm.duration_minutes
        or session.facilitator_id is not None
        or session.practice_id != rhythm.practice_id
    )
