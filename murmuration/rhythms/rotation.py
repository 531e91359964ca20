"""Who facilitates which session: a fair rotation among the people who opted in.

The rule is deliberately simple so people can predict it: each session goes to the available
person who has facilitated least so far; among equals, to whoever facilitated longest ago (never
counts as longest ago), and then to whoever joined the rotation first. Someone who said they will
not come is skipped, and a session whose facilitator was fixed by hand or by a swap keeps it (and
it still counts as that person's turn).

Because each choice depends only on what came before it, planning sessions 1-12 and later
planning 13-24 from the recorded history gives the same answer as planning 1-24 at once, and
re-running a plan with the same inputs changes nothing.

No Django imports; `rhythms.sessions` adapts rows in and out.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

P = TypeVar("P", bound=Hashable)  # a person: a user id in the app, a name in tests
K = TypeVar("K", bound=Hashable)  # a session's key


@dataclass(frozen=True)
class Candidate(Generic[P]):
    """Someone in the rotation, with their history before the sessions being planned."""

    person: P
    count: int = 0
    last: datetime | None = None


@dataclass(frozen=True)
class Slot(Generic[K, P]):
    """A session to plan. A fixed slot keeps `facilitator`, which may be nobody."""

    key: K
    starts_at: datetime
    absent: frozenset[P] = field(default_factory=frozenset)
    fixed: bool = False
    facilitator: P | None = None


def plan(candidates: Sequence[Candidate[P]], slots: Iterable[Slot[K, P]]) -> dict[K, P | None]:
    """Choose a facilitator for each slot, in order of start; None when nobody is available.

    `candidates` are in join order, which breaks the last ties.
    """
    order = {c.person: index for index, c in enumerate(candidates)}
    counts = {c.person: c.count for c in candidates}
    last = {c.person: c.last for c in candidates}
    chosen: dict[K, P | None] = {}
    for slot in sorted(slots, key=lambda s: s.starts_at):
        if slot.fixed:
            person: P | None = slot.facilitator
        else:
            available = [p for p in order if p not in slot.absent]
            person = min(available, key=lambda p: _rank(p, counts, last, order), default=None)
        chosen[slot.key] = person
        if person in counts:
            counts[person] += 1
            last[person] = slot.starts_at
    return chosen


def _rank(
    person: P, counts: dict[P, int], last: dict[P, datetime | None], order: dict[P, int]
) -> tuple[int, bool, float, int]:
    when = last[person]
    # (count, has facilitated, when, join order): never-facilitated sorts before any date.
    return counts[person], when is not None, when.timestamp() if when else 0.0, order[person]


def share_out(
    roles: Sequence[str],
    people: Sequence[P],
    history: dict[str, dict[P, int]],
    *,
    exclude: Iterable[P | None] = (),
) -> dict[str, P]:
    """Give each rotating role (e.g. the case giver) to a different person, fairly over time.

    `history[role][person]` is how often that person held the role before; the least-practised
    person gets it, ties going to `people`'s order. Roles are skipped when nobody is left.
    """
    taken: set[P | None] = set(exclude)
    result: dict[str, P] = {}
    for role in roles:
        held = history.get(role, {})
        free = [p for p in people if p not in taken]
        if not free:
            continue
        person = min(free, key=lambda p: (held.get(p, 0), people.index(p)))
        result[role] = person
        taken.add(person)
    return result
