"""The connection map: what share of all possible pairs of members have shared a pod.

Where pods come from is pluggable. A `ConnectionSource` turns a scope into steps, each a list of
pods (sets of person ids) that had formed by then; the curve counts, after each step, the pairs
of current members who have shared at least one pod. Shared groups are the source on every
install: a group of at most six members (a pair or a crew) is small enough that its members
know each other, and its pods "form" month by month as people join. Pod-calling rounds plug in
a second source whose steps are rounds, which draws the cross-pollination curve; register it
with `register(source)` from that app's `ready()`.

Only pods in groups the viewer may see are counted, so the figures never move with a hidden
group.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import combinations
from typing import Protocol

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from murmuration.communities import scale
from murmuration.communities.models import GroupMembership, Membership

from .scope import Scope

# The largest group counted as a pod: the top of the crew band.
POD_MAX = scale.get_band("crew").high or 6
MONTHS = 12


@dataclass(frozen=True)
class Step:
    label: str
    pods: list[frozenset[int]]


class ConnectionSource(Protocol):
    key: str

    def title(self) -> str: ...

    def summary(self) -> str: ...

    def steps(self, scope: Scope) -> list[Step]: ...


@dataclass(frozen=True)
class Point:
    label: str
    new_pairs: int
    connected_pairs: int
    possible_pairs: int
    unconnected: int

    @property
    def share(self) -> float | None:
        return self.connected_pairs / self.possible_pairs if self.possible_pairs else None


def curve(steps: Iterable[Step], member_ids: set[int]) -> tuple[list[Point], set[int]]:
    """Coverage after each step, and who is connected to nobody after the last one.

    People who are no longer members are left out of pods and of the possible pairs alike.
    """
    n = len(member_ids)
    possible = n * (n - 1) // 2
    pairs: set[tuple[int, int]] = set()
    connected: set[int] = set()
    points = []
    for step in steps:
        before = len(pairs)
        for pod in step.pods:
            people = sorted(pod & member_ids)
            pairs.update(combinations(people, 2))
            if len(people) > 1:
                connected.update(people)
        points.append(
            Point(step.label, len(pairs) - before, len(pairs), possible, n - len(connected))
        )
    return points, member_ids - connected


def steps_of(source: ConnectionSource, scope: Scope) -> list[Step]:
    """The source's steps, computed once per scope: the curve and the list of people connected
    to nobody both walk them."""
    key = f"steps:{source.key}"
    if key not in scope.shared:
        scope.shared[key] = source.steps(scope)
    steps: list[Step] = scope.shared[key]
    return steps


def member_ids(scope: Scope) -> set[int]:
    return set(
        Membership.objects.filter(community_id=scope.community_id).values_list("user_id", flat=True)
    )


class SharedGroups:
    """Pods are the small groups the viewer may see; a step is a month of people joining them."""

    key = "groups"

    def title(self) -> str:
        return _("Connections through small groups")

    def summary(self) -> str:
        return _(
            "The share of all pairs of members who are together in a group of at most "
            "%(n)d people, at the end of each month."
        ) % {"n": POD_MAX}

    def steps(self, scope: Scope) -> list[Step]:
        small = [g.pk for g in scope.groups if 2 <= g.member_count <= POD_MAX]  # type: ignore[attr-defined]
        joined = GroupMembership.objects.filter(group_id__in=small).values_list(
            "group_id", "user_id", "joined_at"
        )
        members: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
        for group_id, user_id, at in joined:
            members[group_id].append((user_id, at))
        if not members:
            return []
        first = min(at for people in members.values() for _user, at in people)
        ends = _month_ends(first, scope)
        return [
            Step(
                _month_label(month),
                [frozenset(user for user, at in people if at < end) for people in members.values()],
            )
            for month, end in ends
        ]


def _month_ends(first: datetime, scope: Scope) -> list[tuple[date, datetime]]:
    """The first day of each month from `first` to now, at most MONTHS, with each month's end."""
    start = timezone.localtime(first, scope.zone).date().replace(day=1)
    today = timezone.localtime(scope.now, scope.zone).date()
    months = []
    month = start
    while month <= today:
        following = (month.replace(day=28) + (date.resolution * 4)).replace(day=1)
        months.append((month, datetime.combine(following, time.min, tzinfo=scope.zone)))
        month = following
    return months[-MONTHS:]


def _month_label(month: date) -> str:
    return date_format(month, "M Y")


SOURCES: list[ConnectionSource] = [SharedGroups()]


def register(source: ConnectionSource) -> None:
    if all(existing.key != source.key for existing in SOURCES):
        SOURCES.append(source)
