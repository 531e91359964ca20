"""`murmur demo [--seed N]`: load a lived-in demo community to explore."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from murmuration.errors import ActionError
from murmuration.ops import demo

from ._progress import progress


class Command(BaseCommand):
    help = (
        f"Load the demo community “{demo.COMMUNITY_NAME}”: about 60 members in six time zones, "
        "nested groups, pods, purpose history and open requests."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="the same seed always gives the same people and groups",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not set up yet. Run `murmur migrate` first.")
        seed = options["seed"]
        with progress(options, demo.step_count(seed), "Loading demo", "step") as bar:
            try:
                community = demo.load_demo(seed, tick=bar.update)
            except demo.DemoExists as error:
                # Not a failure: `make demo` runs this before every `murmur serve`.
                headline, hint = error.message, ""
            except ActionError as error:
                raise CommandError(error.message) from error
            else:
                members = community.memberships.count()
                headline = self.style.SUCCESS(f"Loaded “{community.name}” with {members} members.")
                hint = "\n" + demo.reset_hint()
        lines = [
            headline,
            "",
            f"Start the server with `murmur serve`, then open {settings.SITE_URL}",
            "",
            f"  Host:     {demo.HOST_EMAIL}",
            f"  Member:   {demo.MEMBER_EMAIL}",
            f"  Password: {demo.DEMO_PASSWORD}  (the same for every demo account)",
        ]
        self.stdout.write("\n".join(lines) + ("\n" + hint if hint else ""))
