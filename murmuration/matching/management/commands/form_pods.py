"""`murmur form-pods INPUT.json [--rounds R] > OUTPUT.json`: form pods from a file.

The file format is described in murmuration/matching/engine/io.py. Invalid input is refused
with a message naming the field, and exit status 2 (the usual status for bad usage), so scripts
can tell bad input from a crash.
"""

import json
import sys
from argparse import ArgumentParser
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError

from murmuration.matching.engine import ProblemError, plan_rounds
from murmuration.matching.engine.io import problem_from_json, rounds_to_json

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Form pods from a JSON file of members, availability and history (a file, or - for "
        "stdin) and print the pods of each round as JSON."
    )
    # Works on a file alone: no database, so no checks or migrations are needed.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    # Tests (and callers of call_command) can hand in a stream instead of the real stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("input", help="the input file, or - to read it from stdin")
        parser.add_argument(
            "--rounds", type=int, default=None, help="rounds to plan (overrides the file's)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = self._load(options["input"], options.get("stdin") or sys.stdin)
        try:
            problem = problem_from_json(data, rounds=options["rounds"])
        except ProblemError as error:
            raise CommandError(f"Invalid input: {error}", returncode=BAD_INPUT) from error
        rounds = plan_rounds(problem)
        self.stdout.write(json.dumps(rounds_to_json(rounds), ensure_ascii=False))

    def _load(self, path: str, stdin: IO[Any]) -> object:
        try:
            if path == "-":
                raw = stdin.read()
            else:
                with open(path, encoding="utf-8") as handle:
                    raw = handle.read()
        except OSError as error:
            raise CommandError(
                f"Cannot read {path}: {error.strerror}.", returncode=BAD_INPUT
            ) from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.", returncode=BAD_INPUT) from error
        try:
            return json.loads(raw)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"Invalid input: {path} is not JSON ({error.msg}, line {error.lineno} "
                f"column {error.colno}).",
                returncode=BAD_INPUT,
            ) from error
