"""`murmur import FILE`: restore a community archive made by `murmur export`."""

import json
import sys
from argparse import ArgumentParser
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

from murmuration.ops import archive

from ._progress import progress


class Command(BaseCommand):
    help = (
        "Restore a community from an archive made by `murmur export` (a file, or - for stdin). "
        "The community must not exist here yet; people who already have an account are reused, "
        "the others get an account without a password and set one with “forgot password”. "
        "Everything is written in one transaction: a broken archive writes nothing."
    )

    # Tests (and callers of call_command) can hand in a stream instead of the real stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the archive, or - to read it from stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        data = self._load(options["file"], options.get("stdin") or sys.stdin)
        with progress(options, archive.record_count(data), "Importing", "record") as bar:
            try:
                restored = archive.restore(data, tick=bar.update)
            except archive.ArchiveError as error:
                raise CommandError(f"{error.message}\nNothing was imported.") from error
        community = restored.community
        reused = len(restored.users) - restored.created_users
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{community.name}” ({community.slug}): "
                f"{community.memberships.count()} members, {len(restored.groups)} groups."
            )
        )
        self.stdout.write(
            f"{restored.created_users} new accounts (without passwords: people choose one with "
            f"“forgot password” on the login page); {reused} existing accounts reused as they are."
        )

    def _load(self, path: str, stdin: IO[Any]) -> object:
        try:
            if path == "-":
                raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
                text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
            else:
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8-sig")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text, so not an archive.") from error
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            name = "The input" if path == "-" else path
            raise CommandError(
                f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg}). Is the file complete? Nothing was imported."
            ) from error
