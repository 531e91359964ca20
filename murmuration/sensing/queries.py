"""Read paths for sensing pages, the API and other apps. Each runs a fixed number of queries.

Everything is filtered to scopes the viewer may read (`permissions.can_read_scope`): the
community's own scope for its members, and each group's scope for that group's members.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from . import permissions as perms
from .models import CheckIn, Experiment, Participant, Pattern, Signal

# Trends compare the last two weeks with the four before them, per week.
RECENT = timedelta(weeks=2)
BEFORE = timedelta(weeks=4)
RISING = 1.5


def readable(viewer: Viewer) -> Q:
    """The scopes `viewer` reads, as a filter for any model with community and group."""
    if not viewer.is_member:
        return Q(pk__in=[])
    return Q(community=viewer.community) & (
        Q(group__isnull=True) | Q(group_id__in=viewer.group_ids)
    )


def in_scope(viewer: Viewer, group: Group | None) -> Q:
    if not perms.can_read_scope(viewer, group):
        return Q(pk__in=[])
    return Q(community=viewer.community, group=group)


def signal_list(viewer: Viewer, group: Group | None) -> QuerySet[Signal]:
    return (
        Signal.objects.filter(in_scope(viewer, group))
        .select_related("author", "pattern", "group")
        .defer("vector", "pattern__centroid")
        .order_by("-created_at", "-pk")
    )


def trend(recent: int, before: int) -> str:
    """rising, steady or falling: signals per week lately against the weeks before."""
    now_rate, then_rate = recent / (RECENT.days / 7), before / (BEFORE.days / 7)
    if recent >= 2 and now_rate >= RISING * then_rate:
        return "rising"
    if before >= 2 and now_rate * RISING <= then_rate:
        return "falling"
    return "steady"


def with_counts(patterns: QuerySet[Pattern], now: datetime | None = None) -> QuerySet[Pattern]:
    now = now or timezone.now()
    return patterns.defer("centroid").annotate(
        signal_count=Count("signals", distinct=True),
        recent_count=Count(
            "signals", filter=Q(signals__created_at__gte=now - RECENT), distinct=True
        ),
        before_count=Count(
            "signals",
            filter=Q(
                signals__created_at__lt=now - RECENT,
                signals__created_at__gte=now - RECENT - BEFORE,
            ),
            distinct=True,
        ),
    )


def patterns(viewer: Viewer, group: Group | None, *, now: datetime | None = None) -> list[Pattern]:
    """The scope's patterns, biggest first, each with `signal_count` and `trend`. One query."""
    found = list(
        with_counts(Pattern.objects.filter(in_scope(viewer, group)), now)
        .select_related("group")
        .filter(signal_count__gt=0)  # type: ignore[misc]
        .order_by("-signal_count", "pk")
    )
    for pattern in found:
        pattern.trend = trend(pattern.recent_count, pattern.before_count)  # type: ignore[attr-defined]
    return found


@dataclass
class PatternDetail:
    pattern: Pattern
    signals: list[Signal]
    experiments: list[Experiment]
    siblings: list[Pattern] = field(default_factory=list)


def pattern_detail(viewer: Viewer, pattern_id: int, *, limit: int = 200) -> PatternDetail | None:
    """A pattern with its signals, its experiments and the other patterns of its scope (for
    merging). Four queries; None when missing or not readable."""
    found = (
        with_counts(Pattern.objects.filter(readable(viewer), pk=pattern_id))
        .select_related("group")
        .first()
    )
    if found is None:
        return None
    found.trend = trend(found.recent_count, found.before_count)  # type: ignore[attr-defined]
    members = list(
        Signal.objects.filter(pattern=found)
        .select_related("author", "group")
        .defer("vector")
        .order_by("-created_at", "-pk")[:limit]
    )
    experiments = list(
        Experiment.objects.filter(pattern=found).select_related("owner").order_by("-starts_on")
    )
    siblings = list(
        Pattern.objects.filter(community=found.community_id, group=found.group_id)
        .exclude(pk=found.pk)
        .filter(signals__isnull=False)
        .distinct()
        .defer("centroid")
        .order_by("label", "pk")
    )
    return PatternDetail(found, members, experiments, siblings)


def _experiments(query: Q) -> QuerySet[Experiment]:
    return (
        Experiment.objects.filter(query)
        .select_related("owner", "group", "pattern", "follows")
        .defer("pattern__centroid")
        .annotate(participant_count=Count("participants", distinct=True))
    )


def register(viewer: Viewer, *, status: str | None = None) -> QuerySet[Experiment]:
    """Every experiment the viewer may read, newest first, with `participant_count`."""
    experiments = _experiments(readable(viewer))
    if status:
        experiments = experiments.filter(status=status)
    return experiments.order_by("-starts_on", "-pk")


@dataclass
class ExperimentDetail:
    experiment: Experiment
    participants: list[Participant]
    checkins: list[CheckIn]
    follow_ups: list[Experiment]

    @property
    def participant_ids(self) -> set[int]:
        return {p.user_id for p in self.participants}


def experiment_detail(viewer: Viewer, experiment_id: int) -> ExperimentDetail | None:
    """An experiment with its participants, check-ins and follow-ups. Four queries."""
    experiment = _experiments(readable(viewer) & Q(pk=experiment_id)).first()
    if experiment is None:
        return None
    participants = list(experiment.participants.select_related("user"))
    checkins = list(experiment.checkins.select_related("author"))
    follow_ups = list(experiment.follow_ups.order_by("starts_on", "pk"))
    return ExperimentDetail(experiment, participants, checkins, follow_ups)


def open_experiments_for_group(group: Group) -> list[Experiment]:
    """Running experiments of a group, for its retrospective. One query.

    No permission check: the caller (a retro page) shows them to the group's own members, the
    same people who may read the group's experiments here.
    """
    return list(
        _experiments(Q(group=group, status=Experiment.Status.RUNNING)).order_by("ends_on", "pk")
    )


def counts_by_status(viewer: Viewer) -> dict[str, Any]:
    """How many experiments of each state the register holds for the viewer."""
    rows = register(viewer).order_by().values("status").annotate(n=Count("pk", distinct=True))
    return {row["status"]: row["n"] for row in rows}
