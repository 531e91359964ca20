"""`murmur create-token EMAIL [--name NAME]`: make a personal API token for someone."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from murmuration.accounts.models import User
from murmuration.accounts.tokens import create_token


class Command(BaseCommand):
    help = "Create a personal API token for the account with this email address and print it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="the account's email address")
        parser.add_argument(
            "--name", default="Command line", help="a label to recognise the token by later"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the email address “{email}”.")
        token, raw = create_token(user, options["name"])
        # The token alone goes to stdout so scripts can capture it; the advice goes to stderr.
        self.stdout.write(raw)
        self.stderr.write(
            f"API token “{token.name}” for {user.email}. Keep it safe: it is shown only "
            "this once, and anyone who has it can act as this person."
        )
