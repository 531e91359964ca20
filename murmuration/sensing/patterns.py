"""The Django side of grouping: placing a new signal at once, recomputing a scope's patterns.

Recomputation respects people's corrections. A kept pattern (renamed, merged, split, or acted
on) keeps its pinned signals and its label; fresh clusters of the other signals join a kept
pattern when their centre lies within the method's threshold of it, and otherwise continue the
automatic pattern they overlap most (so its id, and links to it, survive), or become new ones.

The clustering runs outside any transaction; its result is written in one short transaction,
and only when no newer recomputation of the scope has been written meanwhile.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from murmuration.communities.models import Community, Group

from . import grouping
from .models import Grouping, Pattern, Signal

Tick = Callable[[], None]
# Signals embedded per batch when a scope's vectors are (re)computed.
EMBED_BATCH = 256
# Signal ids per UPDATE, well under every database's limit on query parameters.
UPDATE_CHUNK = 2000


def method() -> grouping.Method:
    return grouping.method_named(settings.MURMUR_GROUPING)


def embed(texts: Sequence[str]) -> tuple[str, list[bytes]]:
    chosen = method()
    return chosen.name, chosen.embed(texts)


def scope_filter(community: Community | int, group: Group | int | None) -> dict[str, object]:
    community_id = community if isinstance(community, int) else community.pk
    group_id = group if group is None or isinstance(group, int) else group.pk
    return {"community_id": community_id, "group_id": group_id}


def place(signal: Signal) -> Pattern | None:
    """Put a new signal in the nearest pattern of its scope; None when the scope has none yet.

    One query for the scope's centroids; the comparison itself is a sparse or dense product.
    """
    patterns = list(
        Pattern.objects.filter(
            **scope_filter(signal.community_id, signal.group_id), method=signal.method
        )
        .exclude(centroid=b"")
        .only("pk", "label", "centroid")
    )
    if not patterns:
        return None
    index = method().nearest(bytes(signal.vector), [bytes(p.centroid) for p in patterns])
    return None if index is None else patterns[index]


@dataclass
class _Row:
    pk: int
    text: str
    vector: bytes
    pattern_id: int | None
    pinned: bool


def _ensure_vectors(rows: list[_Row], tick: Tick) -> str:
    """Embed the signals whose stored vector came from another method (or none)."""
    chosen = method()
    stale = [row for row in rows if not row.vector]
    for start in range(0, len(stale), EMBED_BATCH):
        batch = stale[start : start + EMBED_BATCH]
        for row, vector in zip(batch, chosen.embed([r.text for r in batch]), strict=True):
            row.vector = vector
        Signal.objects.bulk_update(
            [Signal(pk=r.pk, vector=r.vector, method=chosen.name) for r in batch],
            ["vector", "method"],
        )
        tick()
    return chosen.name


def recompute(
    community: Community | int,
    group: Group | int | None,
    *,
    requested_at: datetime | None = None,
    tick: Tick = lambda: None,
) -> bool:
    """Regroup one scope. False when a newer recomputation made this one unnecessary."""
    scope = scope_filter(community, group)
    started = timezone.now()
    if requested_at is not None and _computed_at(scope) >= requested_at:
        return False
    chosen = method()
    loaded = Signal.objects.filter(**scope).order_by("pk")
    rows = [
        _Row(pk, text, bytes(vector) if m == chosen.name else b"", pattern_id, pinned)
        for pk, text, vector, m, pattern_id, pinned in loaded.values_list(
            "pk", "text", "vector", "method", "pattern_id", "pinned"
        )
    ]
    tick()
    _ensure_vectors(rows, tick)
    kept = {p.pk: p for p in Pattern.objects.filter(**scope, kept=True)}
    plan = _plan(rows, kept, chosen) if rows else _Plan([], [], [])
    tick()
    return _write(scope, started, rows, kept, plan, chosen)


@dataclass
class _Plan:
    # Final patterns: (existing pattern id or None for a new one, member row indexes).
    patterns: list[tuple[int | None, list[int]]]
    labels: list[str]
    centroids: list[bytes]


def _plan(rows: list[_Row], kept: dict[int, Pattern], chosen: grouping.Method) -> _Plan:
    space = chosen.space([r.vector for r in rows])
    fixed: dict[int, list[int]] = {pk: [] for pk in kept}
    free: list[int] = []
    for index, row in enumerate(rows):
        if row.pinned and row.pattern_id in fixed:
            fixed[row.pattern_id].append(index)
        else:
            free.append(index)
    fixed = {pk: members for pk, members in fixed.items() if members}
    kept_ids = list(fixed)
    kept_centres = _centres(space, list(fixed.values()))
    clusters: dict[int, list[int]] = {}
    if free:
        for index, cluster in zip(free, grouping.group(space[free], chosen.threshold), strict=True):
            clusters.setdefault(int(cluster), []).append(index)
    automatic: list[list[int]] = []
    for members in clusters.values():
        target = _closest_kept(space, members, kept_centres, chosen.threshold)
        if target is None:
            automatic.append(members)
        else:
            fixed[kept_ids[target]].extend(members)
    patterns: list[tuple[int | None, list[int]]] = [(pk, m) for pk, m in fixed.items()]
    patterns += _continue_automatic(rows, automatic, set(kept))
    texts = [r.text for r in rows]
    labels = grouping.label_clusters(texts, [m for _pk, m in patterns])
    centroids = chosen.centroids([r.vector for r in rows], [m for _pk, m in patterns])
    return _Plan(patterns, labels, centroids)


def _centres(space: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    if not groups:
        return np.zeros((0, space.shape[1]))
    means = np.vstack([space[m].mean(axis=0) for m in groups])
    return means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)


def _closest_kept(
    space: np.ndarray, members: list[int], centres: np.ndarray, threshold: float
) -> int | None:
    if not len(centres):
        return None
    similarity = centres @ _centres(space, [members])[0]
    best = int(np.argmax(similarity))
    return best if 1 - similarity[best] <= threshold else None


def _continue_automatic(
    rows: list[_Row], clusters: list[list[int]], kept_ids: set[int]
) -> list[tuple[int | None, list[int]]]:
    """Give each cluster the automatic pattern it shares most signals with, largest first."""
    overlaps = []
    for position, members in enumerate(clusters):
        counts: dict[int, int] = {}
        for index in members:
            old = rows[index].pattern_id
            if old is not None and old not in kept_ids:
                counts[old] = counts.get(old, 0) + 1
        overlaps += [(-count, position, old) for old, count in counts.items()]
    chosen: dict[int, int] = {}
    taken: set[int] = set()
    for _count, position, old in sorted(overlaps):
        if position not in chosen and old not in taken:
            chosen[position] = old
            taken.add(old)
    return [(chosen.get(position), members) for position, members in enumerate(clusters)]


def _computed_at(scope: dict[str, object]) -> datetime:
    found = Grouping.objects.filter(**scope).values_list("computed_at", flat=True).first()
    return found or datetime.min.replace(tzinfo=UTC)


def _grouping_row(scope: dict[str, object]) -> Grouping:
    try:
        with transaction.atomic():
            Grouping.objects.get_or_create(**scope)  # type: ignore[arg-type]
    except IntegrityError:  # created by a concurrent recomputation; it is there now
        pass
    return Grouping.objects.select_for_update().get(**scope)


@transaction.atomic
def _write(
    scope: dict[str, object],
    started: datetime,
    rows: list[_Row],
    kept: dict[int, Pattern],
    plan: _Plan,
    chosen: grouping.Method,
) -> bool:
    state = _grouping_row(scope)
    if state.computed_at is not None and state.computed_at > started:
        return False
    existing = set(Pattern.objects.filter(**scope).select_for_update().values_list("pk", flat=True))
    keep: set[int] = set()
    for (pk, members), label, centroid in zip(
        plan.patterns, plan.labels, plan.centroids, strict=True
    ):
        if pk is not None and pk in existing:
            fields = {"centroid": centroid, "method": chosen.name}
            if pk not in kept:
                fields["label"] = label
            Pattern.objects.filter(pk=pk).update(**fields)
        else:
            pk = Pattern.objects.create(
                **scope, label=label, centroid=centroid, method=chosen.name
            ).pk
        keep.add(pk)
        ids = [rows[index].pk for index in members]
        # Signals posted after the clustering started are not in `ids`: they keep the place
        # they were given, and the recomputation their posting queued will see them.
        for start in range(0, len(ids), UPDATE_CHUNK):
            chunk = ids[start : start + UPDATE_CHUNK]
            Signal.objects.filter(pk__in=chunk).exclude(pattern_id=pk).update(pattern_id=pk)
    # Patterns no cluster continued go, except kept ones that experiments still refer to.
    gone = Pattern.objects.filter(**scope, pk__in=existing - keep)
    gone.filter(kept=False).delete()
    gone.filter(experiments__isnull=True).delete()
    state.computed_at = started
    state.method = chosen.name
    state.save(update_fields=["computed_at", "method"])
    return True
