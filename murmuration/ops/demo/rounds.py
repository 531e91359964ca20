"""The demo's pod-calling rounds: one published last week, whose pods are groups now (the demo
member is in one), and one open for opt-ins, which the demo member has not joined yet so they
can try it.

Both go through `matching.actions` as hosts and members would. Actions stamp "now" and refuse a
deadline in the past, so the published round is run with a deadline ahead and its timestamps
are moved back afterwards; its pods' first meetings stay in the coming week, as they were
published to be.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from django.db.models import Model

from murmuration.accounts.availability import to_utc_slots
from murmuration.accounts.models import User
from murmuration.communities.models import Community
from murmuration.matching import actions, meeting
from murmuration.matching.engine.slots import session_starts
from murmuration.matching.models import Round

from .people import Person, Roster

PAST_ENTRANTS = 30
OPEN_ENTRANTS = 14


class Loader(Protocol):
    """What this step needs from the demo loader."""

    roster: Roster
    now: datetime
    tick: Callable[[], None]

    def user(self, person: Person) -> User: ...

    def backdate(self, model: type[Model], pk: int, **days_ago: float) -> None: ...


def step_count() -> int:
    """Progress steps this adds: one per round."""
    return 2


def add_rounds(loader: Loader, community: Community) -> None:
    roster = loader.roster
    host = loader.user(roster.host)
    people = _most_available(loader.now, [p for p in roster.others if p.availability])
    _published_round(loader, community, host, [roster.member, *people[:PAST_ENTRANTS]])
    loader.tick()
    _open_round(loader, community, host, people[PAST_ENTRANTS // 2 :][:OPEN_ENTRANTS])
    loader.tick()


def _most_available(now: datetime, people: list[Person]) -> list[Person]:
    """People ordered by how many others can meet them for an hour: those who would opt in to
    a round in a real community are the ones a round can place."""
    week = meeting.monday(now.date())
    starts = {
        p.email: set(session_starts(to_utc_slots(p.availability, p.time_zone, week), 2))
        for p in people
    }
    shared = {
        p.email: sum(1 for q in people if q is not p and starts[p.email] & starts[q.email])
        for p in people
    }
    return sorted(people, key=lambda p: (-shared[p.email], p.email))


def _opt_in(loader: Loader, round: Round, people: list[Person], callers: int) -> None:
    for n, person in enumerate(people):
        actions.opt_in(
            loader.user(person),
            round,
            role="caller" if n < callers else "member",
            format=round.formats[n % len(round.formats)],
            slots=list(person.availability),
        )


def _round(
    loader: Loader,
    community: Community,
    host: User,
    *,
    deadline: timedelta,
    weeks: int,
    smallest: int,
    **fields: object,
) -> Round:
    """A round opened now, with pods of `smallest` to 5 meeting weekly for six one-hour sessions."""
    return actions.open_round(
        host,
        community,
        opt_in_deadline=loader.now + deadline,
        first_week=meeting.monday(loader.now.date()) + timedelta(weeks=weeks),
        pod_size_min=smallest,
        pod_size_max=5,
        session_minutes=60,
        session_count=6,
        **fields,  # type: ignore[arg-type]
    )


def _published_round(
    loader: Loader, community: Community, host: User, people: list[Person]
) -> None:
    round = _round(
        loader,
        community,
        host,
        name="Autumn pods",
        description="Small peer-support pods that meet weekly for six weeks, then look back.",
        deadline=timedelta(hours=1),
        weeks=1,
        smallest=3,
        formats=["care"],
    )
    _opt_in(loader, round, people, callers=4)
    # One person asked not to share a pod with another; only they and the hosts see it.
    actions.change_entry(loader.user(people[3]), round, keep_apart=[loader.user(people[5]).pk])
    actions.propose(host, round)
    actions.publish(host, round)
    loader.backdate(
        Round, round.pk, created_at=21, opt_in_deadline=7, proposed_at=6, published_at=5
    )


def _open_round(loader: Loader, community: Community, host: User, people: list[Person]) -> None:
    round = _round(
        loader,
        community,
        host,
        name="Winter pods",
        description="A new round of pods: meet people you have not met yet.",
        deadline=timedelta(days=10),
        weeks=3,
        smallest=4,
        formats=["care", "incubator", "free"],
    )
    _opt_in(loader, round, people, callers=3)
