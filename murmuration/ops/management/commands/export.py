"""`murmur export SLUG`: write a community's archive (JSON) to stdout."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from murmuration.communities.models import Community
from murmuration.ops import archive

from ._progress import progress


class Command(BaseCommand):
    help = (
        "Write everything about a community (members, groups, purposes, invitations, …) as one "
        "JSON document to stdout, for `murmur import` on another server. It holds private "
        "data: keep it as safe as a database backup."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("community", help="the community's address (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"No community has the address “{options['community']}”.")
        with progress(options, len(archive.sections()), "Exporting", "part") as bar:
            document = archive.export_community(community, tick=bar.update)
        # Written as-is: OutputWrapper would add a second newline after the document's own.
        self.stdout.write(archive.dumps(document), ending="")
