"""What the engine takes and returns.

A `Problem` validates itself on construction and names the offending field the way the JSON
file does (`members[3].slots`, `history[0]`), so the CLI, the app and tests report the same words.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from .slots import SLOT_MINUTES, WEEK

Pair = tuple[str, str]

# Pods smaller than this are not pods; larger ones stop being small enough to hold everyone.
MIN_POD_SIZE = 2
MAX_POD_SIZE = 50
MAX_ROUNDS = 100


class ProblemError(ValueError):
    """Invalid input; `field` names where it is, in the file format's own terms."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Member:
    id: str
    # UTC half-hour slots of the week, 0 = Monday 00:00-00:30 UTC.
    slots: frozenset[int]
    home: str | None = None
    # Anything worth spreading across pods (e.g. {"language": "es"}); compared by equality.
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    members: tuple[Member, ...]
    pod_size: tuple[int, int] = (4, 5)
    session_minutes: int = 60
    # Pairs who have shared a pod; a pair listed twice weighs twice as much.
    history: tuple[Pair, ...] = ()
    apart: tuple[Pair, ...] = ()
    together: tuple[Pair, ...] = ()
    callers: tuple[str, ...] = ()
    rounds: int = 1
    # When nobody new is free at someone's times: place them with the lightest repeats (True),
    # or leave them out (False).
    allow_repeats: bool = True
    seed: int = 0

    def __post_init__(self) -> None:
        validate(self)

    @property
    def session_slots(self) -> int:
        return self.session_minutes // SLOT_MINUTES


@dataclass(frozen=True)
class Pod:
    members: tuple[str, ...]
    # First half-hour of a common run of at least the session length.
    slot: int
    caller: str | None = None


@dataclass(frozen=True)
class Unplaced:
    id: str
    reason: str


@dataclass(frozen=True)
class Round:
    pods: tuple[Pod, ...]
    unplaced: tuple[Unplaced, ...]


def validate(problem: Problem) -> None:
    """Raise ProblemError for the first thing wrong with the problem."""
    _check_pod_size(problem.pod_size)
    minutes = problem.session_minutes
    if _not_int(minutes) or minutes <= 0 or minutes % SLOT_MINUTES:
        raise ProblemError("session_minutes", f"must be a positive multiple of {SLOT_MINUTES}")
    if minutes > WEEK * SLOT_MINUTES:
        raise ProblemError("session_minutes", "must fit inside one week")
    if not isinstance(problem.allow_repeats, bool):
        raise ProblemError("allow_repeats", "must be true or false")
    if _not_int(problem.seed):
        raise ProblemError("seed", "must be a whole number")
    if _not_int(problem.rounds) or not 1 <= problem.rounds <= MAX_ROUNDS:
        raise ProblemError("rounds", f"must be a whole number from 1 to {MAX_ROUNDS}")
    ids: set[str] = set()
    for index, member in enumerate(problem.members):
        where = f"members[{index}]"
        if not isinstance(member.id, str) or not member.id:
            raise ProblemError(f"{where}.id", "must be a non-empty string")
        if member.id in ids:
            raise ProblemError(f"{where}.id", f"duplicate member id {member.id!r}")
        ids.add(member.id)
        for slot in sorted(member.slots, key=repr):
            if _not_int(slot) or not 0 <= slot < WEEK:
                raise ProblemError(
                    f"{where}.slots", f"slot {slot!r} is outside the week (0-{WEEK - 1})"
                )
    for name in ("history", "apart", "together"):
        for index, pair in enumerate(getattr(problem, name)):
            _check_pair(f"{name}[{index}]", pair, ids)
    apart = {frozenset(pair) for pair in problem.apart}
    for index, pair in enumerate(problem.together):
        if frozenset(pair) in apart:
            raise ProblemError(f"together[{index}]", "the same pair is also to be kept apart")
    seen: set[str] = set()
    for index, caller in enumerate(problem.callers):
        if caller not in ids:
            raise ProblemError(f"callers[{index}]", f"unknown member id {caller!r}")
        if caller in seen:
            raise ProblemError(f"callers[{index}]", f"{caller!r} is listed twice")
        seen.add(caller)


def _check_pod_size(pod_size: object) -> None:
    if (
        not isinstance(pod_size, tuple | list)
        or len(pod_size) != 2
        or any(_not_int(n) for n in pod_size)
    ):
        raise ProblemError("pod_size", "must be two whole numbers [smallest, largest]")
    low, high = pod_size
    if low < MIN_POD_SIZE:
        raise ProblemError("pod_size", f"the smallest pod must have at least {MIN_POD_SIZE}")
    if low > high:
        raise ProblemError("pod_size", f"smallest ({low}) is larger than largest ({high})")
    if high > MAX_POD_SIZE:
        raise ProblemError("pod_size", f"the largest pod may have at most {MAX_POD_SIZE}")


def _check_pair(where: str, pair: object, ids: set[str]) -> None:
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        raise ProblemError(where, "must be a pair of member ids")
    for member_id in pair:
        if not isinstance(member_id, str) or member_id not in ids:
            raise ProblemError(where, f"unknown member id {member_id!r}")
    if pair[0] == pair[1]:
        raise ProblemError(where, "names the same member twice")


def _not_int(value: object) -> bool:
    return isinstance(value, bool) or not isinstance(value, int)
