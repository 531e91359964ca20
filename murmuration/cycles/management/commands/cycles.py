"""`murmur cycles …`: commitments, reviews, retros, actions, lineage and health from the shell.

    murmur cycles advance
    murmur cycles list COMMUNITY GROUP --as EMAIL
    murmur cycles review COMMUNITY GROUP COMMITMENT continue|change|step-out --as EMAIL
    murmur cycles retro COMMUNITY GROUP SESSION --as EMAIL
    murmur cycles actions COMMUNITY GROUP [--done ACTION] --as EMAIL
    murmur cycles lineage COMMUNITY --as EMAIL
    murmur cycles health COMMUNITY --as EMAIL
    murmur cycles split COMMUNITY GROUP [--name NAME] [--yes] --as EMAIL

`advance` brings every running commitment up to date (review gates, held sessions): run it
daily from a scheduler, next to `murmur sessions ensure`; pages and the API also catch up the
group they show. Every other subcommand acts as the person named by --as, with that person's
permissions, through the same queries and actions as the pages: a retro prints only for the
pod's members, a review choice only for the person who made it.
"""

from argparse import ArgumentParser
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities import permissions as community_perms
from murmuration.communities.api.lookups import GroupView, community_for, group_for
from murmuration.communities.views.helpers import visible_groups_by_id
from murmuration.errors import ActionError
from murmuration.ops.management.commands._progress import progress

from ... import actions, queries
from ... import permissions as perms
from ...models import Commitment, RetroAction, ReviewChoice
from ...views.commitments import THANKS

CHOICES = {"continue": "continue", "change": "change", "step-out": "step_out"}


class Command(BaseCommand):
    help = "Commitments, reviews, retrospectives, actions, lineage and health."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="SUBCOMMAND")
        sub.add_parser("advance", help="open review gates that are due (run daily)")

        def acting(name: str, text: str, *, group: bool = True) -> ArgumentParser:
            command = sub.add_parser(name, help=text)
            command.add_argument("community", help="the community's address (slug)")
            if group:
                command.add_argument("group", help="the group's address (slug)")
            command.add_argument("--as", dest="email", required=True, metavar="EMAIL")
            return command

        acting("list", "a group's commitments, their progress and your own review choice")
        review = acting("review", "your private choice at a commitment's review")
        review.add_argument("commitment", type=int)
        review.add_argument("choice", choices=list(CHOICES))
        retro = acting("retro", "a session's retrospective (for the pod's members)")
        retro.add_argument("session", type=int)
        done = acting("actions", "the group's open retro actions (for the pod's members)")
        done.add_argument("--done", type=int, metavar="ACTION", help="mark this action done")
        acting("lineage", "which groups grew from which", group=False)
        acting("health", "every group's health, for hosts: numbers only", group=False)
        split = acting("split", "how the engine would split a group that outgrew its band")
        split.add_argument("--name", default="", help="the new group's name")
        split.add_argument("--yes", action="store_true", help="split it now")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "advance":
            self.advance(options)
            return
        user = self._user(options["email"])
        run = {
            "list": self.commitments,
            "review": self.review,
            "retro": self.retro,
            "actions": self.actions,
            "lineage": self.lineage,
            "health": self.health,
            "split": self.split,
        }[action]
        try:
            run(user, options)
        except ActionError as error:
            raise CommandError(error.message) from error

    # Helpers ----------------------------------------------------------------------------------

    def _user(self, email: str) -> User:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the email address “{email.strip()}”.")
        return user

    def _group(self, user: User, options: dict[str, Any]) -> GroupView:
        found = group_for(user, options["community"], options["group"])
        actions.catch_up(found.group)
        return found

    def _when(self, user: User, moment: Any) -> str:
        return f"{moment.astimezone(ZoneInfo(user.time_zone)):%a %d %b %H:%M}"

    # Subcommands ------------------------------------------------------------------------------

    def advance(self, options: dict[str, Any]) -> None:
        active = Commitment.objects.filter(status=Commitment.Status.ACTIVE)
        before = set(active.values_list("pk", flat=True))
        groups = Commitment.objects.filter(status__in=Commitment.RUNNING)
        total = groups.values("group_id").distinct().count()
        with progress(options, total, "Catching up commitments", "group") as bar:
            looked = actions.catch_up_all(tick=bar.update)
        opened = len(before - set(active.values_list("pk", flat=True)))
        self.stdout.write(
            f"Looked at {looked} groups with running commitments; {opened} reached their review."
        )

    def commitments(self, user: User, options: dict[str, Any]) -> None:
        found = self._group(user, options)
        cycles = queries.group_cycles(found.viewer, found.group, found.groups_by_id, past=20)
        self.stdout.write(f"Commitments of {found.group.name}:")
        for shown in [*cycles.current, *cycles.past]:
            commitment, progress_ = shown.commitment, shown.progress
            parts = [f"#{commitment.pk}", commitment.get_status_display()]
            if commitment.rhythm:
                parts.append(commitment.rhythm.name)
            if progress_ is not None and progress_.total:
                parts.append(f"session {progress_.held} of {progress_.total}")
            parts.append("in it: " + ", ".join(p.name for p in shown.people))
            if commitment.status == Commitment.Status.REVIEW:
                parts.append(f"{shown.chosen} of {len(shown.people)} have chosen")
                if shown.my_choice:
                    parts.append(f"your choice: {ReviewChoice.Choice(shown.my_choice).label}")
            if commitment.closing_note:
                parts.append(f"note: {commitment.closing_note}")
            self.stdout.write("  " + "  ·  ".join(str(p) for p in parts))
        if not (cycles.current or cycles.past):
            self.stdout.write("  none")

    def review(self, user: User, options: dict[str, Any]) -> None:
        found = self._group(user, options)
        commitment = Commitment.objects.filter(pk=options["commitment"], group=found.group).first()
        if commitment is None:
            raise CommandError("That group has no such commitment.")
        chosen = actions.choose_review(user, commitment, CHOICES[options["choice"]])
        self.stdout.write(f"Your choice is saved: {chosen.get_choice_display()}.")
        if chosen.choice == ReviewChoice.Choice.STEP_OUT:
            self.stdout.write(str(THANKS))

    def retro(self, user: User, options: dict[str, Any]) -> None:
        found = self._group(user, options)
        if not perms.can_read_retro(found.viewer, found.group):
            raise CommandError("Retrospectives are private to the group's members.")
        retro = queries.retro_for_session(found.group, options["session"])
        if retro is None:
            raise CommandError("That session has no retrospective.")
        board = queries.retro_board(found.viewer, retro)
        assert board is not None
        self.stdout.write(
            f"Retrospective of {self._when(user, retro.session.starts_at)} "
            f"({retro.get_phase_display()}); you have {board.votes_left} votes left."
        )
        for column in board.columns:
            self.stdout.write(f"{column.title}:")
            for item in column.items:
                who = item.author.name if item.author else "without a name"
                self.stdout.write(f"  [{item.votes}] #{item.pk} {item.text} ({who})")
                for child in item.grouped:
                    self.stdout.write(f"        + {child.text}")
        self.stdout.write("Actions:")
        for action in board.actions:
            owner = action.owner.name if action.owner else "nobody"
            state = "done" if action.done_at else f"due {action.due_on:%d %b}"
            self.stdout.write(f"  #{action.pk} {action.text} — {owner}, {state}")

    def actions(self, user: User, options: dict[str, Any]) -> None:
        found = self._group(user, options)
        if not perms.can_read_retro(found.viewer, found.group):
            raise CommandError("Retro actions are private to the group's members.")
        if options["done"] is not None:
            action = RetroAction.objects.filter(pk=options["done"], group=found.group).first()
            if action is None:
                raise CommandError("That group has no such action.")
            actions.set_action_done(user, action)
            self.stdout.write(f"Marked done: {action.text}")
            return
        open_ones = list(queries.open_actions(found.group))
        self.stdout.write(f"Open actions of {found.group.name}:")
        for action in open_ones:
            owner = action.owner.name if action.owner else "nobody"
            self.stdout.write(f"  #{action.pk} {action.text} — {owner}, due {action.due_on}")
        if not open_ones:
            self.stdout.write("  none")

    def lineage(self, user: User, options: dict[str, Any]) -> None:
        viewer = community_for(user, options["community"])
        if not viewer.is_member:
            raise CommandError("Only the community's members see its lineage.")
        forest = queries.lineage_forest(viewer, visible_groups_by_id(viewer))
        if not forest:
            self.stdout.write("No group has grown from another yet.")

        def show(nodes: list[queries.LineageNode], depth: int) -> None:
            for node in nodes:
                how = f" ({node.kind} {node.since:%Y-%m-%d})" if node.since else ""
                self.stdout.write("  " * depth + f"- {node.group.name}{how}")
                show(node.children, depth + 1)

        show(forest, 0)

    def health(self, user: User, options: dict[str, Any]) -> None:
        viewer = community_for(user, options["community"])
        if not perms.can_see_community_health(viewer):
            raise CommandError("Only the community's hosts see every group's health.")
        groups = visible_groups_by_id(viewer)
        shown = sorted(
            (g for g in groups.values() if community_perms.can_see_group(viewer, g, groups)),
            key=lambda g: (g.name, g.pk),
        )
        numbers = queries.health([g.pk for g in shown], timezone.now())

        def rate(value: float | None) -> str:
            return "—" if value is None else f"{round(value * 100)}%"

        self.stdout.write("group  ·  attendance  ·  cycles completed  ·  actions on time")
        for group in shown:
            h = numbers[group.pk]
            self.stdout.write(
                f"{group.name}  ·  {rate(h.attendance_rate)}  ·  {h.cycles_completed}  ·  "
                f"{rate(h.on_time_rate)}"
            )

    def split(self, user: User, options: dict[str, Any]) -> None:
        found = self._group(user, options)
        plan = actions.preview_split(user, found.group)
        self.stdout.write("Stay: " + ", ".join(p.name for p in plan.stay.members))
        self.stdout.write("Move: " + ", ".join(p.name for p in plan.move.members))
        if not options["yes"]:
            self.stdout.write("Nothing changed. Run again with --yes to split.")
            return
        new = actions.split_group(
            user, found.group, name=options["name"], expected=plan.fingerprint
        )
        self.stdout.write(self.style.SUCCESS(f"Split: {new.name} is called ({new.slug})."))
