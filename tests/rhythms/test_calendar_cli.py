"""`murmur calendar EMAIL` prints a person's feed."""

from datetime import UTC, date, datetime

import icalendar
import pytest
from django.core.management.base import CommandError

from murmuration.__main__ import main

from ..cli.conftest import run
from .calendar_factory import expand, make_rhythm


def test_it_prints_a_feed_that_parses_and_expands(world):
    make_rhythm(world.crew, "Crew circle")
    make_rhythm(world.private_crew, "Garden walk", zone="America/New_York")
    out, _err = run("calendar", "Crew@Example.org")
    assert out.startswith("BEGIN:VCALENDAR\r\n")
    assert out.endswith("END:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(out)
    events = expand(calendar, date(2026, 3, 9), date(2026, 3, 9))
    assert sorted((e["SUMMARY"], e.start.astimezone(UTC)) for e in events) == [
        ("Morning Crew: Crew circle", datetime(2026, 3, 9, 19, tzinfo=UTC)),
        ("Secret Garden: Garden walk", datetime(2026, 3, 9, 23, tzinfo=UTC)),
    ]
    assert {tz.tz_name for tz in calendar.timezones} == {"Europe/London", "America/New_York"}


def test_it_prints_an_empty_calendar_for_someone_in_no_group(world):
    out, _err = run("calendar", "member@example.org")
    assert "BEGIN:VEVENT" not in out
    assert icalendar.Calendar.from_ical(out)["X-WR-CALNAME"]


def test_it_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match=r"No active account .*nobody@example\.org"):
        run("calendar", "nobody@example.org")


def test_it_exits_with_status_1_for_an_unknown_email(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["murmur", "calendar", "nobody@example.org"])
    assert exit_info.value.code == 1
    assert "nobody@example.org" in capsys.readouterr().err
