"""Rhythms made directly in the database for the calendar tests, with their sessions.

`create_rhythm` refuses first dates more than a year ago, which would make tests about fixed
dates in 2026 start failing a year later; so the rhythm row is written here and its sessions are
made by the app's own `ensure_sessions`, as they would be for a real rhythm. The feeds are then
read back with recurring-ical-events, independently of the code that wrote them.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.test import Client

from murmuration.communities.models import Group
from murmuration.rhythms import actions
from murmuration.rhythms.models import CalendarFeed, Rhythm, Session
from murmuration.rhythms.sessions import ensure_sessions


def make_rhythm(
    group: Group,
    name: str = "Weekly circle",
    *,
    start: date = date(2026, 1, 5),
    at: time = time(19, 0),
    zone: str = "Europe/London",
    rrule: str = "FREQ=WEEKLY;BYDAY=MO",
    minutes: int = 90,
    location: str = "The boathouse",
    sessions_until: date = date(2027, 1, 1),
    **fields: object,
) -> Rhythm:
    rhythm = Rhythm.objects.create(
        group=group,
        name=name,
        start_date=start,
        start_time=at,
        time_zone=zone,
        rrule=rrule,
        duration_minutes=minutes,
        location=location,
        rotation_enabled=False,
        **fields,
    )
    ensure_sessions(rhythm, datetime.combine(sessions_until, time.min, tzinfo=UTC))
    return rhythm


def session_on(rhythm: Rhythm, day: date) -> Session:
    """The session whose original occurrence falls on `day` in the rhythm's zone."""
    zone = ZoneInfo(rhythm.time_zone)
    for session in rhythm.sessions.all():
        if session.occurrence.astimezone(zone).date() == day:
            return session
    raise LookupError(f"{rhythm} has no session on {day}")


def cancel(session: Session) -> None:
    actions.cancel_session(_member(session), session)


def move(session: Session, to: datetime) -> None:
    actions.move_session(_member(session), session, to)


def _member(session: Session):
    return session.group.memberships.select_related("user").first().user


def fetch(feed: CalendarFeed, client: Client | None = None) -> icalendar.Calendar:
    response = (client or Client()).get(f"/cal/{feed.token}.ics")
    assert response.status_code == 200, response.status_code
    return icalendar.Calendar.from_ical(response.content)


def expand(calendar: icalendar.Calendar, first: date, last: date) -> list[icalendar.Event]:
    """Every occurrence between two dates, expanded by recurring-ical-events."""
    return list(recurring_ical_events.of(calendar).between(first, last + timedelta(days=1)))


def starts_utc(calendar: icalendar.Calendar, first: date, last: date) -> list[datetime]:
    return sorted(event.start.astimezone(UTC) for event in expand(calendar, first, last))
