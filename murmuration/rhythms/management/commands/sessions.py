"""`murmur sessions ensure|list`: keep sessions planned ahead, and show someone's sessions.

    murmur sessions ensure [--weeks N]
    murmur sessions list EMAIL [--days N]

Rhythms only have sessions a few weeks ahead (see `rhythms.sessions`), so something has to top
them up as time passes: `ensure` is that job, for a scheduler such as cron to run daily. It is
safe to run at any time and as often as wanted: it only adds sessions that are missing, plans
their facilitators, and never touches a session that exists, moved or cancelled.

`list` prints a member's upcoming sessions in their own time zone, with the group's time beside
it when the group meets in another zone.
"""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.ops.management.commands._progress import progress

from ... import queries, sessions
from ...actions.common import lock_rhythm
from ...models import Rhythm, Session

MAX_WEEKS = 52
MAX_DAYS = 366


def _bounded(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError as error:
            raise ValueError(text) from error
        if not low <= value <= high:
            raise ValueError(text)
        return value

    parse.__name__ = f"number from {low} to {high}"
    return parse


class Command(BaseCommand):
    help = "Plan every running rhythm's sessions ahead (ensure), or list a member's sessions."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="ensure|list")
        ensure = commands.add_parser(
            "ensure", help="create the missing sessions of every running rhythm"
        )
        ensure.add_argument(
            "--weeks",
            type=_bounded(1, MAX_WEEKS),
            default=sessions.HORIZON.days // 7,
            help=f"how far ahead to plan (default {sessions.HORIZON.days // 7}, at most "
            f"{MAX_WEEKS})",
        )
        listing = commands.add_parser("list", help="print a member's upcoming sessions")
        listing.add_argument("email", help="the account's email address")
        listing.add_argument(
            "--days",
            type=_bounded(1, MAX_DAYS),
            default=14,
            help="how many days ahead (default 14)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "ensure":
            self.ensure(options)
        else:
            self.show(options)

    def ensure(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        until = now + timedelta(weeks=options["weeks"])
        running = list(
            Rhythm.objects.filter(ended_at__isnull=True).order_by("pk").values_list("pk", flat=True)
        )
        created = 0
        with progress(options, len(running), "Planning sessions", "rhythm") as bar:
            for rhythm_id in running:
                # One transaction per rhythm, under the lock the actions take, so a rhythm
                # being changed meanwhile is planned either before or after the change.
                with transaction.atomic():
                    created += sessions.ensure_sessions(lock_rhythm(rhythm_id), until)
                bar.update()
        self.stdout.write(
            f"Created {created} sessions for {len(running)} running rhythms, "
            f"planned up to {until:%Y-%m-%d %H:%M} UTC."
        )

    def show(self, options: dict[str, Any]) -> None:
        email = options["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the email address “{email}”.")
        days = options["days"]
        now = timezone.now()
        found = queries.my_sessions(user, start=now, end=now + timedelta(days=days))
        zone = ZoneInfo(user.time_zone)
        self.stdout.write(f"Sessions of {user.name} in the next {days} days, in {user.time_zone}:")
        if not found:
            self.stdout.write("  none")
        for session in found:
            self.stdout.write("  " + _line(session, zone))


def _line(session: Session, zone: ZoneInfo) -> str:
    start = session.starts_at.astimezone(zone)
    end = start + timedelta(minutes=session.duration_minutes)
    rhythm = session.rhythm
    parts = [
        f"{start:%a %d %b %H:%M}–{end:%H:%M}",
        f"{session.group.name}: {rhythm.name}",
    ]
    if rhythm.time_zone != zone.key:
        local = session.starts_at.astimezone(ZoneInfo(rhythm.time_zone))
        # The weekday too: the group's evening can be the member's next morning.
        parts.append(f"({local:%a %H:%M} {rhythm.time_zone})")
    if session.facilitator:
        parts.append(f"facilitator {session.facilitator.name}")
    if session.is_cancelled:
        parts.append("CANCELLED")
    elif session.is_moved:
        parts.append("moved")
    return "  ".join(parts)
