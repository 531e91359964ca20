"""`murmur calendar EMAIL`: print the iCalendar feed of every session that person has."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from murmuration.accounts.models import User
from murmuration.rhythms import calendars


class Command(BaseCommand):
    help = "Print the calendar feed (iCalendar) of all sessions of the groups this person is in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="the account's email address")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the email address “{email}”.")
        # Written as text without an added newline: the feed already ends in CRLF, and a stray
        # LF after it would make a strict parser of the saved file complain.
        self.stdout.write(calendars.person_calendar(user).to_ical().decode(), ending="")
