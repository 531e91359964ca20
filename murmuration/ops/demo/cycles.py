"""The demo's cycles: pods at different points of their commitments, retros, and a split.

- Dawn and Dusk Pod: six weekly sessions, three held ("session 3 of 6").
- Seed Swap Crew (the demo member is in it): its four sessions are over and it is at its
  review, with the retro open for items, so the demo member can add, vote and choose.
- Sunflower Pod: at its review after a completed retro (items, a group of similar ones, votes,
  actions, one done); two of its five have made their private choice.
- Care Circle (private): renewed after a first short commitment, with a longer one now.
- Parents' Pod: closed at its review with a closing note; its rhythm has ended.
- Welcome Crew: a proposal two of its four have opted in to.
- Compost Crew: a commitment bounded by a date rather than a number of sessions.
- Evening Pod: eight people who outgrew a crew, split in two by the pod formation engine;
  the lineage page shows Evening Pod II growing from it. (Rooftop Beds Crew is left outgrown,
  for trying the split yourself.)

Everything goes through `cycles.actions` except what records the present: commitments that
began weeks ago are begun through `begin_commitment` with their past first date, and timestamps
are moved into the past afterwards, as the rhythms demo does.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Protocol

from django.db.models import Model

from murmuration.accounts.models import User
from murmuration.communities import actions as community_actions
from murmuration.communities.models import Group, GroupMembership, JoinPolicy
from murmuration.cycles import actions
from murmuration.cycles.models import (
    Commitment,
    RetroAction,
    RetroItem,
    Retrospective,
    RetroVote,
)
from murmuration.cycles.progress import local_day
from murmuration.rhythms import actions as rhythm_actions
from murmuration.rhythms.models import Rhythm, Session

from .people import Person

SPLIT_POD = "Evening Pod"
SPLIT_SIZE = 8

SUNFLOWER_ITEMS = [
    ("working", "The one-word check-in keeps us honest and on time", False),
    ("working", "Starting with a check-in word", False),
    ("working", "Knowing someone will ask how last week's thing went", False),
    ("better", "Evenings run over; I am tired by the end", True),
    ("better", "We drift into advice before the person has finished", False),
    ("change", "Try a walking session once a month", False),
    ("change", "A timekeeper each week", False),
]
SWAP_ITEMS = [
    ("working", "The seed inventory spreadsheet finally works", False),
    ("better", "The same two people do all the packing", True),
]
PARENTS_NOTE = (
    "Our youngest ones started school and the evenings belong to homework now. Three lovely "
    "evenings; we will keep in touch on our own. Thank you, all of you."
)


class Loader(Protocol):
    rng: random.Random
    now: datetime
    groups: dict[str, Group]
    group_members: dict[str, list[Person]]
    tick: Callable[[], None]

    def user(self, person: Person) -> User: ...


def step_count() -> int:
    """Progress steps this adds: one per pod in the story above."""
    return 8


def add_cycles(loader: Loader) -> None:
    _Cycles(loader).run()


class _Cycles:
    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.rng = loader.rng
        self.now = loader.now

    def run(self) -> None:
        for step in (
            self.dawn_and_dusk,
            self.seed_swap,
            self.sunflower,
            self.care,
            self.parents,
            self.welcome,
            self.compost,
            self.evening_pod,
        ):
            step()
            self.loader.tick()

    # Helpers ----------------------------------------------------------------------------------

    def people(self, key: str) -> list[User]:
        return [self.loader.user(p) for p in self.loader.group_members[key]]

    def rhythm(self, key: str) -> Rhythm:
        rhythm = Rhythm.objects.filter(group=self.loader.groups[key]).order_by("pk").first()
        assert rhythm is not None, key
        return rhythm

    def held(self, rhythm: Rhythm) -> list[Session]:
        """Sessions that have ended, first to last (one under way now does not count)."""
        sessions = (
            rhythm.sessions.filter(starts_at__lt=self.now, status=Session.Status.SCHEDULED)
            .select_related("rhythm")
            .order_by("starts_at")
        )
        return [s for s in sessions if s.ends_at <= self.now]

    def first(self, rhythm: Rhythm, held_back: int) -> tuple[Session, int]:
        """The session `held_back` held sessions ago (or the next one if none was held), and
        how many held sessions that goes back."""
        held = self.held(rhythm)
        held_back = min(held_back, len(held))
        if held_back:
            return held[-held_back], held_back
        upcoming = rhythm.sessions.filter(starts_at__gt=self.now).order_by("starts_at").first()
        assert upcoming is not None, rhythm.name
        return upcoming, 0

    def since(
        self, key: str, rhythm: Rhythm, held_back: int, count: int | None = None
    ) -> Commitment:
        """A commitment begun `held_back` held sessions ago (as many as the group has had),
        for `count` sessions; without a count it ran exactly those, so it is at its review.

        A group too young to have met yet begins with its next session instead.
        """
        first, held_back = self.first(rhythm, held_back)
        count = (held_back or 4) if count is None else count
        commitment = actions.begin_commitment(
            rhythm.group,
            rhythm=rhythm,
            starts_on=local_day(first, rhythm.time_zone),
            session_count=count,
            created_by=self.people(key)[0],
            members=self.people(key),
        )
        began = first.starts_at - timedelta(days=3)
        _stamp(Commitment, commitment.pk, created_at=began, began_at=began, status_changed_at=began)
        commitment.refresh_from_db()
        actions.catch_up(rhythm.group, self.now)
        commitment.refresh_from_db()
        return commitment

    def fill_retro(
        self,
        retro: Retrospective,
        people: list[User],
        items: list[tuple[str, str, bool]],
        *,
        finish: bool,
    ) -> None:
        added = []
        for column, text, anonymous in items:
            author = self.rng.choice(people)
            added.append(actions.add_item(author, retro, column, text, anonymous=anonymous))
        session = retro.session
        for minute, item in enumerate(added, start=5):
            _stamp(RetroItem, item.pk, created_at=session.starts_at + timedelta(minutes=minute))
        _stamp(Retrospective, retro.pk, created_at=session.starts_at)
        if not finish:
            return
        actions.group_items(people[0], added[1], added[0])
        actions.set_phase(people[0], retro, "vote")
        heads = [i for i in added if i.pk != added[1].pk]
        for person in people:
            for item in self.rng.sample(heads, min(3, len(heads))):
                actions.vote(person, item)
        RetroVote.objects.filter(retro=retro).update(
            created_at=session.starts_at + timedelta(minutes=30)
        )
        actions.set_phase(people[0], retro, "act")
        ranked = sorted(heads, key=lambda i: -i.votes.count())[:2]
        agreed = session.starts_at.date()
        done = actions.add_action(
            people[1], retro, text="", owner=people[1], due_on=self.now.date(), item=ranked[0]
        )
        open_one = actions.add_action(
            people[0],
            retro,
            text="",
            owner=people[2],
            due_on=self.now.date() + timedelta(days=10),
            item=ranked[1],
        )
        for action in (done, open_one):
            _stamp(RetroAction, action.pk, created_at=session.starts_at + timedelta(minutes=50))
        actions.set_action_done(people[1], done)
        _stamp(RetroAction, done.pk, done_at=self.now - timedelta(days=2))
        RetroAction.objects.filter(pk=done.pk).update(due_on=agreed + timedelta(days=7))
        actions.set_phase(people[0], retro, "closed")

    # The pods ---------------------------------------------------------------------------------

    def dawn_and_dusk(self) -> None:
        self.since("dawn-dusk", self.rhythm("dawn-dusk"), held_back=3, count=6)

    def reviewing(self, key: str, held_back: int) -> Commitment | None:
        """A commitment that ran its last `held_back` sessions and is at its review, with its
        retro; None (and a commitment just begun) for a group that has not met yet."""
        commitment = self.since(key, self.rhythm(key), held_back=held_back)
        return commitment if commitment.status == Commitment.Status.REVIEW else None

    def seed_swap(self) -> None:
        commitment = self.reviewing("seed-swap", 4)
        if commitment is not None:
            retro = Retrospective.objects.select_related("session").get(commitment=commitment)
            self.fill_retro(retro, self.people("seed-swap"), SWAP_ITEMS, finish=False)

    def sunflower(self) -> None:
        commitment = self.reviewing("sunflower", 4)
        if commitment is None:
            return
        retro = Retrospective.objects.select_related("session").get(commitment=commitment)
        people = self.people("sunflower")
        self.fill_retro(retro, people, SUNFLOWER_ITEMS, finish=True)
        actions.choose_review(people[0], commitment, "continue")
        actions.choose_review(people[3], commitment, "change")

    def care(self) -> None:
        first = self.reviewing("care", 2)
        if first is None:
            return
        people = self.people("care")
        for person in people:
            actions.choose_review(person, first, "continue")
        actions.renew_commitment(people[0], first, session_count=6)

    def parents(self) -> None:
        commitment = self.reviewing("parents", 3)
        if commitment is None:
            return
        people = self.people("parents")
        for person, choice in zip(people, ["step_out", "step_out", "continue"], strict=False):
            actions.choose_review(person, commitment, choice)
        actions.close_commitment(people[0], commitment, PARENTS_NOTE)

    def welcome(self) -> None:
        rhythm = self.rhythm("welcome")
        people = self.people("welcome")
        following = rhythm.sessions.filter(starts_at__gt=self.now).order_by("starts_at")[1]
        commitment = actions.propose_commitment(
            people[1],
            rhythm.group,
            rhythm=rhythm,
            starts_on=local_day(following, rhythm.time_zone),
            session_count=8,
        )
        actions.opt_in(people[2], commitment)

    def compost(self) -> None:
        rhythm = self.rhythm("compost")
        people = self.people("compost")
        first, _held = self.first(rhythm, 2)
        start = local_day(first, rhythm.time_zone)
        commitment = actions.begin_commitment(
            rhythm.group,
            rhythm=rhythm,
            starts_on=start,
            ends_on=start + timedelta(weeks=10),
            created_by=people[0],
            members=people[:4],
        )
        began = first.starts_at - timedelta(days=2)
        _stamp(Commitment, commitment.pk, created_at=began, began_at=began, status_changed_at=began)

    def evening_pod(self) -> None:
        """Eight people who kept joining a pod until it had to become two."""
        caller, *others = self.split_people()
        community = self.loader.groups["sunflower"].community
        group = community_actions.call_group(
            caller,
            community,
            name=SPLIT_POD,
            purpose="Peer support for people who can only meet after the children are asleep.",
            join_policy=JoinPolicy.OPEN,
        )
        for person in others:
            community_actions.join_group(person, group)
        zone = caller.time_zone
        today = self.now.date()
        rhythm_actions.create_rhythm(
            caller,
            group,
            name="Late check-in",
            category="relational",
            recurrence="weekly",
            start_date=today + timedelta(days=(3 - today.weekday()) % 7 or 7),
            start_time=datetime.strptime("21:00", "%H:%M").time(),
            time_zone=zone,
            duration_minutes=60,
        )
        formed = self.now - timedelta(days=30)
        _stamp(Group, group.pk, created_at=formed)
        GroupMembership.objects.filter(group=group).update(joined_at=formed)
        plan = actions.preview_split(caller, group)
        actions.split_group(caller, group, name=f"{SPLIT_POD} II", expected=plan.fingerprint)

    def split_people(self) -> list[User]:
        """Eight members from different pods who share the evening; deterministic by email."""
        taken = {
            p.email for key in ("care", "welcome") for p in self.loader.group_members.get(key, [])
        }
        pool = sorted(
            {p.email: p for key, ps in self.loader.group_members.items() for p in ps}.values(),
            key=lambda p: p.email,
        )
        chosen = [p for p in pool if p.email not in taken and p.availability][:SPLIT_SIZE]
        return [self.loader.user(p) for p in chosen]


def _stamp(model: type[Model], pk: int, **moments: datetime | date) -> None:
    """Put timestamps where they belong; actions stamp "now", which history cannot use."""
    model._default_manager.filter(pk=pk).update(**moments)
