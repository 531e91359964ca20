"""`murmur patterns --community SLUG`: recompute every scope's patterns now, with a progress bar."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from murmuration.communities.models import Community
from murmuration.ops.management.commands._progress import progress
from murmuration.sensing import grouping, patterns
from murmuration.sensing.models import Pattern, Signal


class Command(BaseCommand):
    help = (
        "Regroup a community's signals into patterns now, scope by scope (the community and "
        "each group), keeping people's corrections."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--community", required=True, help="the community's address (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"No community has the address “{options['community']}”.")
        scopes = list(
            Signal.objects.filter(community=community)
            .values("group_id")
            .annotate(n=Count("pk"))
            .order_by("group_id")
        )
        # Per scope: loading, embedding batches, clustering.
        steps = sum(2 + -(-row["n"] // patterns.EMBED_BATCH) for row in scopes)
        try:
            with progress(options, steps, "Regrouping", "step") as bar:
                for row in scopes:
                    patterns.recompute(community, row["group_id"], tick=bar.update)
        except grouping.MethodUnavailable as error:
            raise CommandError(str(error)) from error
        total = Pattern.objects.filter(community=community, signals__isnull=False).distinct()
        self.stdout.write(
            f"Regrouped {sum(r['n'] for r in scopes)} signals in {len(scopes)} scopes "
            f"into {total.count()} patterns."
        )
