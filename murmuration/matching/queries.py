"""Read paths shared by the round pages, the API and the CLI. Each runs a fixed number of
queries, whatever the number of rounds, entries or pods."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership, Membership
from murmuration.communities.permissions import Viewer

from . import meeting
from . import permissions as perms
from .models import Entry, Round

# Published pods stay on the home page this long, so people find their new pod.
RECENT = timedelta(weeks=8)


def with_counts(rounds: QuerySet[Round], user: User) -> QuerySet[Round]:
    """Rounds annotated with `entry_count` and `my_role` (the viewer's entry, if any)."""
    mine = Entry.objects.filter(round=OuterRef("pk"), user=user).values("role")[:1]
    return (
        rounds.select_related("community", "group")
        .annotate(entry_count=Count("entries"), my_role=Subquery(mine))
        .order_by("-opt_in_deadline", "-pk")
    )


def rounds_for(viewer: Viewer, groups_by_id: Mapping[int, Group]) -> list[Round]:
    assert isinstance(viewer.user, User)
    rounds = with_counts(Round.objects.filter(community=viewer.community), viewer.user)
    return [r for r in rounds if perms.can_see_round(viewer, r, groups_by_id)]


@dataclass(frozen=True)
class MyPod:
    entry: Entry
    group: Group | None
    others: list[User]
    start: datetime | None
    end: datetime | None


def my_pod(round: Round, user: User) -> MyPod | None:
    """The person's entry and, once placed, their pod's group, people and first meeting."""
    entry = (
        Entry.objects.filter(round=round, user=user)
        .select_related("pod", "pod__group")
        .prefetch_related("keep_apart__other")
        .first()
    )
    if entry is None:
        return None
    pod = entry.pod
    if pod is None or round.status != Round.Status.PUBLISHED:
        return MyPod(entry, None, [], None, None)
    others = [
        e.user for e in Entry.objects.filter(pod=pod).exclude(pk=entry.pk).select_related("user")
    ]
    start = end = None
    if pod.slot is not None:
        start = meeting.first_meeting(round, pod.slot, not_before=round.published_at)
        end = meeting.meeting_end(round, start)
    return MyPod(entry, pod.group, others, start, end)


def open_to(user: User) -> QuerySet[Round]:
    """Rounds taking opt-ins that `user` may join: their communities' rounds, and rounds inside
    groups they are in."""
    communities = Membership.objects.filter(user=user).values("community_id")
    groups = GroupMembership.objects.filter(user=user).values("group_id")
    return with_counts(
        Round.objects.filter(
            Q(group__isnull=True) | Q(group_id__in=groups),
            community_id__in=communities,
            status=Round.Status.OPEN,
            opt_in_deadline__gt=timezone.now(),
        ),
        user,
    )


def recent_pods(user: User) -> list[MyPod]:
    """Pods of rounds published lately that `user` was placed in, with their first meeting."""
    entries = (
        Entry.objects.filter(
            user=user,
            round__status=Round.Status.PUBLISHED,
            round__published_at__gt=timezone.now() - RECENT,
            pod__group__isnull=False,
            # Someone who has left the pod's group since is not shown it any more.
            pod__group__memberships__user=user,
        )
        .select_related("round", "pod", "pod__group", "pod__group__community")
        .order_by("-round__published_at", "pk")
    )
    found = []
    for entry in entries:
        pod = entry.pod
        assert pod is not None
        start = (
            meeting.first_meeting(entry.round, pod.slot, not_before=entry.round.published_at)
            if pod.slot is not None
            else None
        )
        end = meeting.meeting_end(entry.round, start) if start else None
        found.append(MyPod(entry, pod.group, [], start, end))
    return found
