"""Who has already shared a pod, so the engine can give everyone new people.

A pair has met once for every group they share that is crew-sized (a pod, or any small group
of the community) and for every published pod of an earlier round, counted once per pod even
when that pod's group still exists. So each published round feeds the next by itself. Two
queries, whatever the size of the community.
"""

import itertools
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from murmuration.communities import scale
from murmuration.communities.models import Community, Group, GroupMembership

from .models import Entry, Round

Pair = frozenset[int]
# Groups up to this size count as having met: pairs and crews.
MET_SIZE = scale.get_band("crew").high or 6


def entrants(round: Round) -> QuerySet[Entry, Any]:
    """The people of a round, as a subquery (a list of ids would not fit in one query's
    parameters for a big community)."""
    return Entry.objects.filter(round=round).values("user_id")


def small_groups(community: Community, people: QuerySet[Entry, Any]) -> dict[int, set[int]]:
    """Crew-sized groups of the community, each with those of `people` who are in it."""
    small = (
        Group.objects.filter(community=community)
        .annotate(size=Count("memberships"))
        .filter(size__gte=2, size__lte=MET_SIZE)
        .values("pk")
    )
    members: dict[int, set[int]] = defaultdict(set)
    rows = (
        GroupMembership.objects.filter(group__in=small, user__in=people)
        .order_by("group_id", "user_id")
        .values_list("group_id", "user_id")
    )
    for group_id, user_id in rows:
        members[group_id].add(user_id)
    return members


def pairs_met(round: Round) -> Counter[Pair]:
    """How often each pair of the round's people has shared a small group or a published pod."""
    community, people = round.community, entrants(round)
    together: dict[tuple[str, int], set[int]] = {
        ("group", group_id): users for group_id, users in small_groups(community, people).items()
    }
    placed = (
        Entry.objects.filter(
            round__community=community,
            round__status=Round.Status.PUBLISHED,
            pod__isnull=False,
            user__in=people,
        )
        .exclude(round=round)
        .values_list("pod_id", "pod__group_id", "user_id")
    )
    for pod_id, group_id, user_id in placed:
        key = ("group", group_id) if group_id is not None else ("pod", pod_id)
        together.setdefault(key, set()).add(user_id)
    met: Counter[Pair] = Counter()
    for users in together.values():
        for a, b in itertools.combinations(sorted(users), 2):
            met[frozenset((a, b))] += 1
    return met


def home_groups(round: Round) -> dict[int, int]:
    """A small group each person is in, so the engine can mix people from different pods."""
    home: dict[int, int] = {}
    for group_id, users in sorted(small_groups(round.community, entrants(round)).items()):
        for user_id in users:
            home.setdefault(user_id, group_id)
    return home
