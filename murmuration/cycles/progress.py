"""Where a commitment stands: which sessions are its own, how far it has come, when it ends.

A commitment's sessions are its rhythm's sessions (every rhythm of the group when it has none)
from its first date on, cancelled ones left out, up to its last date and at most its number of
sessions. A cancelled session does not count, so a commitment of six sessions meets six times.

Sessions exist only a few weeks ahead (`rhythms.sessions.HORIZON`), so a long commitment's end
may not be known yet; it is known once enough sessions exist, once the rhythm has ended (no
more will come), or once its last date is past. Nothing here writes: `actions.gate` acts on it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from murmuration.rhythms import recurrence
from murmuration.rhythms.models import Session
from murmuration.rhythms.sessions import rhythm_occurrences

from .models import Commitment


@dataclass(frozen=True)
class Progress:
    commitment: Commitment
    # The commitment's sessions that exist, first to last; never more than `total`.
    sessions: tuple[Session, ...]
    # How many sessions it runs for; None while the rhythm's rule cannot tell (no rhythm yet).
    total: int | None
    # Whether `sessions` is the whole run, so that its last session is the last one.
    complete: bool
    # How many of its sessions have started.
    held: int
    now: datetime

    @property
    def last(self) -> Session | None:
        return self.sessions[-1] if self.complete and self.sessions else None

    @property
    def end(self) -> datetime | None:
        """When the last session ends, once that is known."""
        last = self.last
        return last.ends_at if last is not None else None

    @property
    def next_session(self) -> Session | None:
        return next((s for s in self.sessions if s.ends_at > self.now), None)

    @property
    def due(self) -> bool:
        """Its run is over: every one of its sessions has ended and no more will come."""
        return self.complete and all(s.ends_at <= self.now for s in self.sessions)

    def number_of(self, session: Session) -> int | None:
        """1 for the commitment's first session, and so on; None for a session not its own."""
        for index, own in enumerate(self.sessions, start=1):
            if own.pk == session.pk:
                return index
        return None


def zone_of(commitment: Commitment) -> str:
    return commitment.rhythm.time_zone if commitment.rhythm else "UTC"


def local_day(session: Session, zone: str) -> date:
    return recurrence.to_local(session.starts_at, zone).date()


def day_start(day: date, zone: str) -> datetime:
    """The UTC moment a local day begins (a day's margin either side suits every zone)."""
    return recurrence.to_utc(datetime.combine(day, time.min), zone)


def sessions_from(commitments: Sequence[Commitment]) -> QuerySet[Session]:
    """One query for the sessions every commitment in `commitments` may count.

    Its rhythm's sessions from the day before its first date (any zone's local day starts after
    that in UTC), or the whole group's when it has no rhythm.
    """
    condition = Q(pk__in=[])
    for commitment in commitments:
        earliest = datetime.combine(commitment.starts_on, time.min, tzinfo=UTC) - timedelta(days=1)
        if commitment.rhythm_id:
            condition |= Q(rhythm_id=commitment.rhythm_id, starts_at__gte=earliest)
        else:
            condition |= Q(group_id=commitment.group_id, starts_at__gte=earliest)
    return Session.objects.filter(condition).select_related("rhythm").order_by("starts_at", "pk")


def belongs(commitment: Commitment, session: Session) -> bool:
    """Whether `session` is one the commitment may count (its rhythm's, or its group's)."""
    if commitment.rhythm_id:
        return session.rhythm_id == commitment.rhythm_id
    return session.group_id == commitment.group_id


def measure(
    commitment: Commitment,
    sessions: Sequence[Session],
    now: datetime,
    *,
    running_rhythms: int | None = None,
) -> Progress:
    """The commitment's progress from `sessions` (a superset, e.g. `sessions_from`'s result).

    `running_rhythms` is how many of the group's rhythms have not ended, needed only for a
    commitment without a rhythm (to know whether more sessions may come).
    """
    zone = zone_of(commitment)
    mine = [s for s in sessions if belongs(commitment, s)]
    in_range = [
        s
        for s in mine
        if not s.is_cancelled
        and local_day(s, zone) >= commitment.starts_on
        and (commitment.ends_on is None or local_day(s, zone) <= commitment.ends_on)
    ]
    count = commitment.session_count
    if count is not None and len(in_range) >= count:
        chosen, complete = in_range[:count], True
    else:
        chosen, complete = in_range, _no_more_coming(commitment, mine, now, zone, running_rhythms)
    total: int | None
    if complete:
        total = len(chosen)
    elif count is not None:
        total = count
    else:
        total = _expected_by_date(commitment, mine, in_range)
    held = sum(1 for s in chosen if s.starts_at <= now or s.current_step is not None)
    return Progress(commitment, tuple(chosen), total, complete, held, now)


def _no_more_coming(
    commitment: Commitment,
    mine: Sequence[Session],
    now: datetime,
    zone: str,
    running_rhythms: int | None,
) -> bool:
    """No session the commitment could still count will ever be created."""
    rhythm = commitment.rhythm
    if rhythm is not None and rhythm.ended_at is not None:
        return True
    if rhythm is None and running_rhythms == 0:
        return True
    if commitment.ends_on is None:
        return False
    after_end = day_start(commitment.ends_on + timedelta(days=1), zone)
    if now >= after_end:
        return True
    # Sessions are created in order, so one after the last date means all before it exist.
    return any(s.starts_at >= after_end for s in mine)


def _expected_by_date(
    commitment: Commitment, mine: Sequence[Session], in_range: Sequence[Session]
) -> int | None:
    """Sessions up to the last date: those that exist, plus what the rule gives after them."""
    rhythm = commitment.rhythm
    if rhythm is None or commitment.ends_on is None:
        return None
    zone = rhythm.time_zone
    newest = max((s.occurrence for s in mine), default=None)
    after = newest + timedelta(seconds=1) if newest else day_start(commitment.starts_on, zone)
    after = max(after, day_start(commitment.starts_on, zone))
    before = day_start(commitment.ends_on + timedelta(days=1), zone)
    return len(in_range) + len(rhythm_occurrences(rhythm, after=after, before=before))
