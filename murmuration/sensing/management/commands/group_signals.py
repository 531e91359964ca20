"""`murmur group-signals FILE`: group plain-text signals, one per line, and print the patterns."""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from murmuration.sensing import grouping


class Command(BaseCommand):
    help = (
        'Read one signal per line and print {"patterns": [{"label": …, "signals": [line '
        "numbers from 0]}]}, every line in exactly one pattern."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="a UTF-8 text file, one signal per line; - for stdin")
        parser.add_argument(
            "--method",
            choices=sorted(grouping.METHODS),
            help="words (default) or semantic (needs murmuration[semantic])",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        texts = self._lines(options["file"])
        try:
            method = grouping.method_named(options["method"] or settings.MURMUR_GROUPING)
        except grouping.MethodUnavailable as error:
            raise CommandError(str(error)) from error
        found = grouping.group_texts(texts, method)
        document = {"patterns": [{"label": label, "signals": m} for label, m in found]}
        self.stdout.write(json.dumps(document, ensure_ascii=False))

    def _lines(self, name: str) -> list[str]:
        try:
            raw = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{name} is not UTF-8 text.") from error
        # Line numbers count every line, blank ones included, as an editor shows them.
        return raw.splitlines()
