"""`murmur rounds list|show|propose|publish`: run a pod-calling round from the command line.

    murmur rounds list COMMUNITY --as EMAIL
    murmur rounds show COMMUNITY ROUND --as EMAIL
    murmur rounds propose COMMUNITY ROUND --as EMAIL
    murmur rounds publish COMMUNITY ROUND --as EMAIL

Everything is done as the person named by --as, through the same permission rules and actions
as the pages: only the community's hosts may show, propose and publish. Proposing and publishing
a big round show a progress bar on stderr. Times are printed in that person's time zone.
"""

from argparse import ArgumentParser
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import viewer_for
from murmuration.errors import ActionError
from murmuration.ops.management.commands._progress import progress

from ... import actions, queries
from ...actions.common import hosting, viewer_of_round
from ...models import Round
from ...proposal import Review


class Command(BaseCommand):
    help = "List a community's rounds, or show, propose and publish a round's pods (hosts)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(
            dest="action", required=True, metavar="list|show|propose|publish"
        )
        listing = commands.add_parser("list", help="the community's rounds")
        listing.add_argument("community", help="the community's address (slug)")
        listing.add_argument("--as", dest="email", required=True, help="who is asking")
        for name, text in (
            ("show", "print the proposed pods"),
            ("propose", "form pods with the engine (closes opt-ins; drops earlier moves)"),
            ("publish", "turn the proposed pods into groups and tell everyone"),
        ):
            command = commands.add_parser(name, help=text)
            command.add_argument("community", help="the community's address (slug)")
            command.add_argument("round", type=int, help="the round's number, from `list`")
            command.add_argument("--as", dest="email", required=True, help="a host's email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"There is no account for {options['email']}.")
        community = Community.objects.filter(slug=options["community"]).first()
        try:
            if community is None or not viewer_for(user, community).is_member:
                raise CommandError(f"{user.email} is not in a community “{options['community']}”.")
            if options["action"] == "list":
                self.list(user, community)
                return
            round = Round.objects.filter(pk=options["round"], community=community).first()
            if round is None:
                raise CommandError(f"There is no round {options['round']} in {community.name}.")
            round.community = community
            getattr(self, options["action"])(user, round, options)
        except ActionError as error:
            raise CommandError(error.message) from error

    def list(self, user: User, community: Community) -> None:
        viewer = viewer_for(user, community)
        groups = {g.pk: g for g in Group.objects.filter(community=community)}
        zone = ZoneInfo(user.time_zone)
        for round in queries.rounds_for(viewer, groups):
            deadline = round.opt_in_deadline.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{round.pk}\t{round.name}\t{round.status}\topt in by {deadline}"
                f"\t{round.entry_count} opted in"  # type: ignore[attr-defined]
            )

    def show(self, user: User, round: Round, options: dict[str, Any]) -> None:
        hosting(user, round)
        self._print(user, Review.load(round))

    def propose(self, user: User, round: Round, options: dict[str, Any]) -> None:
        viewer_of_round(user, round)
        with progress(options, len(round.formats), "Forming pods", "format") as bar:
            review = actions.propose(user, round, tick=lambda _format: bar.update())
        self._print(user, review)

    def publish(self, user: User, round: Round, options: dict[str, Any]) -> None:
        hosting(user, round)
        pods = len(Review.load(round).pods)
        with progress(options, pods, "Publishing", "pod") as bar:
            published = actions.publish(user, round, tick=bar.update)
        self._print(user, Review.load(published))

    def _print(self, user: User, review: Review) -> None:
        zone = ZoneInfo(user.time_zone)
        round = review.round
        self.stdout.write(
            f"{round.name}: {round.get_status_display()}, {len(review.pods)} pods, "
            f"{review.repeat_count} repeated pairs, {len(review.unplaced)} left out "
            f"(times in {user.time_zone})"
        )
        for view in review.pods:
            when = view.start.astimezone(zone).strftime("%a %H:%M") if view.start else "no time"
            names = ", ".join(e.user.name for e in view.entries)
            group = f"\t{view.pod.group.get_absolute_url()}" if view.pod.group else ""
            self.stdout.write(f"pod {view.pod.number}\t{when}\t{names}{group}")
        for entry in review.unplaced:
            self.stdout.write(f"left out\t{entry.user.name}\t{entry.unplaced_reason}")
