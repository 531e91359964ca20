"""`murmur practices export|import`: practice files in and out of a community's library.

    murmur practices export COMMUNITY [PRACTICE] [--format yaml|json]
    murmur practices export --builtin [PRACTICE] [--format yaml|json]
    murmur practices import COMMUNITY FILE --as EMAIL

Export writes to stdout: one practice file when PRACTICE is named, otherwise every practice of
the community (or every built-in) as a YAML stream or a JSON array, which import reads back.
Export is for whoever runs the server and needs no account; import acts as the member named by
--as, with that member's permissions, and adds all the file's practices or none.
"""

import sys
from argparse import ArgumentParser
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

from murmuration.accounts.models import User
from murmuration.communities.models import Community
from murmuration.errors import ActionError

from ... import practice_actions, practices
from ...models import Practice


class Command(BaseCommand):
    help = "Export practices as YAML or JSON files, or import practice files into a community."

    # Tests (and callers of call_command) can hand in a stream instead of the real stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="export|import")

        export = actions.add_parser("export", help="write practices to stdout")
        export.add_argument(
            "names",
            nargs="*",
            metavar="COMMUNITY [PRACTICE]",
            help="the community's address and optionally one practice's slug",
        )
        export.add_argument(
            "--builtin",
            action="store_true",
            help="export the built-in practices instead of a community's (then PRACTICE only)",
        )
        export.add_argument("--format", choices=practices.FORMATS, default="yaml")

        imp = actions.add_parser("import", help="add the practices in a file to a community")
        imp.add_argument("community", help="the community's address (slug)")
        imp.add_argument("file", help="a YAML or JSON practice file, or - for stdin")
        imp.add_argument(
            "--as",
            dest="email",
            required=True,
            metavar="EMAIL",
            help="the email address of the member who adds them",
        )
        imp.add_argument("--format", choices=practices.FORMATS, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options["names"], options["builtin"], options["format"])
        else:
            self._import(options)

    # Export -----------------------------------------------------------------------------------

    def _export(self, names: list[str], builtin: bool, fmt: str) -> None:
        if builtin:
            if len(names) > 1:
                raise CommandError("With --builtin, name at most one practice.")
            community, slug = None, (names[0] if names else None)
        else:
            if not names or len(names) > 2:
                raise CommandError("Name a community (and optionally a practice), or --builtin.")
            community = self._community(names[0])
            slug = names[1] if len(names) > 1 else None
        if slug is not None:
            practice = (
                practice_actions.practice_for(community, slug)
                if community
                else Practice.objects.filter(community=None, slug=slug).first()
            )
            if practice is None:
                raise CommandError(f"No practice has the address “{slug}” there.")
            self.stdout.write(practices.dump(practice, fmt), ending="")
            return
        rows = Practice.objects.filter(community=community)
        if not rows:
            raise CommandError("There are no practices to export.")
        self.stdout.write(practices.dump_many(rows, fmt), ending="")

    # Import -----------------------------------------------------------------------------------

    def _import(self, options: dict[str, Any]) -> None:
        community = self._community(options["community"])
        email = options["email"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the email address “{email}”.")
        text = self._read(options["file"], options.get("stdin") or sys.stdin)
        try:
            added = practice_actions.import_practices(user, community, text, options["format"])
        except ActionError as error:
            raise CommandError(error.message) from error
        for practice in added:
            self.stdout.write(f"Added “{practice.name}” as {practice.slug}")
        self.stdout.write(self.style.SUCCESS(f"{len(added)} practice(s) added to {community}."))

    def _community(self, slug: str) -> Community:
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            raise CommandError(f"No community has the address “{slug}”.")
        return community

    def _read(self, path: str, stdin: IO[Any]) -> bytes | str:
        # One byte over the limit is enough for the import to refuse the file as too large.
        limit = practices.MAX_FILE_BYTES + 1
        try:
            if path == "-":
                stream = getattr(stdin, "buffer", stdin)
                return stream.read(limit)
            with open(path, "rb") as handle:
                return handle.read(limit)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
