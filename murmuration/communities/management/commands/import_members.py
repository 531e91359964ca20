"""`murmur import-members SLUG FILE.csv --as HOST_EMAIL [--dry-run]`: invite people from a CSV."""

import sys
from argparse import ArgumentParser
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

from murmuration.accounts.models import User
from murmuration.communities.csv_import import ERROR, ImportReport, import_members
from murmuration.communities.models import Community
from murmuration.errors import ActionError

OUTCOME_LABELS = {
    "invite": "invite",
    "already_member": "member",
    "already_invited": "invited",
    "error": "ERROR",
}


class Command(BaseCommand):
    help = (
        "Invite the people listed in a CSV file (columns: name, email) to a community. "
        "Each person gets an emailed invitation; nobody is added without accepting it."
    )

    # Tests (and callers of call_command) can hand in a stream instead of the real stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("community", help="the community's address (slug)")
        parser.add_argument("file", help="a UTF-8 CSV file with a header row, or - for stdin")
        parser.add_argument(
            "--as",
            dest="host",
            required=True,
            metavar="HOST_EMAIL",
            help="the email address of the community host sending the invitations",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and show what would happen, without inviting anyone",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"No community has the address “{options['community']}”.")
        host = User.objects.filter(email__iexact=options["host"].strip()).first()
        if host is None:
            raise CommandError(f"No account has the email address “{options['host']}”.")
        data = self._read(options["file"], options.get("stdin") or sys.stdin)
        try:
            report = import_members(host, community, data, dry_run=options["dry_run"])
        except ActionError as error:
            raise CommandError(error.message) from error
        self._print(report)

    def _read(self, path: str, stdin: IO[Any]) -> bytes | str:
        try:
            if path == "-":
                return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

    def _print(self, report: ImportReport) -> None:
        table = [("Line", "Name", "Email", "Outcome", "Message")] + [
            (str(r.line), r.name, r.email, OUTCOME_LABELS[r.outcome], r.message)
            for r in report.rows
        ]
        widths = [min(max(len(row[i]) for row in table), 40) for i in range(4)]
        for index, row in enumerate(table):
            cells = [cell[:40].ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
            line = "  ".join([*cells, row[4]])
            if index > 0 and report.rows[index - 1].outcome == ERROR:
                self.stdout.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
        self.stdout.write("")
        if report.dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        self.stdout.write(report.summary)
