"""Background work of the sensing app, run by `murmur worker` (Django's tasks API)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import patterns


@task()
def recompute_patterns(community_id: int, group_id: int | None, requested_at: str) -> bool:
    """Regroup one scope, unless a recomputation that started after the request already ran."""
    return patterns.recompute(
        community_id, group_id, requested_at=datetime.fromisoformat(requested_at)
    )


def recompute_after_commit(community_id: int, group_id: int | None) -> None:
    """Queue a recomputation of the scope once the current transaction has committed.

    Requests made while one waits coalesce: the first to run sees every signal committed by
    then, and the others find their request already served.
    """
    # Stamped after the commit: a recomputation that starts later sees the new rows.
    transaction.on_commit(
        lambda: recompute_patterns.enqueue(community_id, group_id, timezone.now().isoformat())
    )
