"""`murmur decisions …`: proposals, positions, outcomes, reviews and role terms from a shell.

    murmur decisions list COMMUNITY --as EMAIL [--group SLUG] [--closed]
    murmur decisions show ID --as EMAIL
    murmur decisions propose COMMUNITY --as EMAIL --title T --body B [--kind K] [--group SLUG]
    murmur decisions position ID STANCE --as EMAIL [--reason R]
    murmur decisions advise ID --as EMAIL --text T
    murmur decisions close ID --as EMAIL --outcome O [--review-on YYYY-MM-DD]
    murmur decisions reviews-due [--on YYYY-MM-DD]
    murmur decisions terms-ending [--within DAYS]

Every command that reads or changes one community's decisions acts as the member named by
--as, with that member's permissions, through the same actions as the web and the API.
`reviews-due` and `terms-ending` are for whoever runs the server (a scheduler, say) and list
across communities without content beyond titles and names.
"""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import viewer_for
from murmuration.errors import ActionError

from ... import actions, queries
from ... import permissions as perms
from ...models import Proposal


def _date(text: str) -> date:
    return date.fromisoformat(text)


_date.__name__ = "date (YYYY-MM-DD)"


class Command(BaseCommand):
    help = "List, show, make and answer proposals; list reviews due and role terms ending."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)

        def command(name: str, text: str, *, member: bool = True) -> ArgumentParser:
            sub = commands.add_parser(name, help=text)
            if member:
                sub.add_argument("--as", dest="email", required=True, metavar="EMAIL")
            return sub

        listing = command("list", "open proposals (or, with --closed, the decision log)")
        listing.add_argument("community")
        listing.add_argument("--group", default=None)
        listing.add_argument("--closed", action="store_true")
        show = command("show", "one proposal with its tally")
        show.add_argument("id", type=int)
        propose = command("propose", "make a proposal")
        propose.add_argument("community")
        propose.add_argument("--title", required=True)
        propose.add_argument("--body", required=True)
        propose.add_argument("--kind", default=None, choices=["advice", "consent", "vote"])
        propose.add_argument("--group", default=None)
        position = command("position", "take or change your position")
        position.add_argument("id", type=int)
        position.add_argument("stance")
        position.add_argument("--reason", default="")
        advise = command("advise", "give advice on an advice process")
        advise.add_argument("id", type=int)
        advise.add_argument("--text", required=True)
        close = command("close", "close your proposal with an outcome")
        close.add_argument("id", type=int)
        close.add_argument("--outcome", required=True)
        close.add_argument("--review-on", type=_date, default=None)
        due = command("reviews-due", "adopted decisions whose review date has come", member=False)
        due.add_argument("--on", type=_date, default=None)
        ending = command("terms-ending", "role terms ending soon", member=False)
        ending.add_argument("--within", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except ActionError as error:
            raise CommandError(error.message) from error

    # Lookups -----------------------------------------------------------------------------------

    def _user(self, options: dict[str, Any]) -> User:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account has the email address “{options['email']}”.")
        return user

    def _community(self, slug: str) -> Community:
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            raise CommandError(f"No community has the address “{slug}”.")
        return community

    def _detail(self, options: dict[str, Any]) -> queries.ProposalDetail:
        user = self._user(options)
        proposal = Proposal.objects.filter(pk=options["id"]).select_related("community").first()
        detail = (
            queries.proposal_detail(viewer_for(user, proposal.community), proposal.pk)
            if proposal
            else None
        )
        if detail is None:
            raise CommandError(f"No proposal {options['id']} that {user.email} can see.")
        return detail

    def _row(self, proposal: Proposal) -> None:
        place = proposal.group.name if proposal.group else proposal.community.name
        review = f"  review {proposal.review_on}" if proposal.review_on else ""
        self.stdout.write(
            f"{proposal.pk:>6}  {proposal.status_label:<12} {proposal.kind:<8} "
            f"{place}: {proposal.title}{review}"
        )

    # Commands ------------------------------------------------------------------------------------

    def _list(self, options: dict[str, Any]) -> None:
        user = self._user(options)
        viewer = viewer_for(user, self._community(options["community"]))
        if not viewer.is_member:
            raise CommandError(f"{user.email} is not a member of {viewer.community.name}.")
        groups = queries.groups_by_id(viewer)
        group: Group | None = None
        if options["group"]:
            group = next((g for g in groups.values() if g.slug == options["group"]), None)
            if group is None or not perms.can_see_place(viewer, group, groups):
                raise CommandError(f"No group “{options['group']}” that {user.email} can see.")
        listing = queries.decision_log if options["closed"] else queries.open_proposals
        for proposal in listing(viewer, group=group, groups=groups):
            proposal.community = viewer.community
            self._row(proposal)

    def _show(self, options: dict[str, Any]) -> None:
        detail = self._detail(options)
        proposal = detail.proposal
        self._row(proposal)
        self.stdout.write(f"\n{proposal.body}\n")
        if detail.result is not None:
            counts = ", ".join(f"{label} {n}" for _stance, label, n in detail.tally)
            self.stdout.write(f"Round {proposal.round}: {counts}; {len(detail.waiting)} to answer")
            for reason in detail.result.reasons:
                self.stdout.write(f"  {reason}")
        for position in detail.current:
            reason = f" — {position.reason}" if position.reason else ""
            self.stdout.write(f"  {position.user.name}: {position.stance}{reason}")
        for advice in detail.advice:
            name = advice.author.name if advice.author else "someone who has left"
            self.stdout.write(f"  advice from {name}: {advice.text}")
        if proposal.outcome:
            self.stdout.write(f"Outcome: {proposal.outcome}")

    def _propose(self, options: dict[str, Any]) -> None:
        user = self._user(options)
        community = self._community(options["community"])
        group = None
        if options["group"]:
            group = Group.objects.filter(community=community, slug=options["group"]).first()
            if group is None:
                raise CommandError(f"No group “{options['group']}” that {user.email} can see.")
        proposal = actions.create_proposal(
            user,
            community,
            group=group,
            kind=options["kind"],
            title=options["title"],
            body=options["body"],
        )
        self.stdout.write(f"Proposal {proposal.pk} is open ({proposal.get_kind_display()}).")

    def _position(self, options: dict[str, Any]) -> None:
        detail = self._detail(options)
        actions.take_position(
            self._user(options), detail.proposal, options["stance"], options["reason"]
        )
        self.stdout.write("Your position is recorded.")

    def _advise(self, options: dict[str, Any]) -> None:
        detail = self._detail(options)
        actions.give_advice(self._user(options), detail.proposal, options["text"])
        self.stdout.write("Your advice is recorded.")

    def _close(self, options: dict[str, Any]) -> None:
        detail = self._detail(options)
        proposal = actions.close_proposal(
            self._user(options),
            detail.proposal,
            outcome=options["outcome"],
            review_on=options["review_on"],
        )
        self.stdout.write(f"Closed: {proposal.status_label}.")

    def _reviews_due(self, options: dict[str, Any]) -> None:
        for proposal in queries.due_reviews(options["on"] or timezone.localdate()):
            self._row(proposal)

    def _terms_ending(self, options: dict[str, Any]) -> None:
        for term in queries.terms_ending(timezone.localdate(), within_days=options["within"]):
            group = term.role.group
            self.stdout.write(
                f"{term.ends_on}  {group.community.name} / {group.name}: {term.role.name} "
                f"({term.holder.name})"
            )
