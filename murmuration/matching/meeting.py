"""When a pod meets: UTC slots of the round's first week and the moments they stand for.

The engine works in UTC half-hours of a week (slot 0 is Monday 00:00 UTC). A round names the
week its pods first meet, so a slot stands for one real moment; entries' local slots are
converted for that week, which gets daylight-saving offsets right for the first session.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from murmuration.accounts.availability import SLOT_MINUTES, to_utc_slots
from murmuration.matching.engine.slots import WEEK, best_start, session_starts

from .models import Entry, Round


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_start(round: Round) -> datetime:
    return datetime.combine(round.first_week, time.min, tzinfo=UTC)


def session_slots(round: Round) -> int:
    return round.session_minutes // SLOT_MINUTES


def utc_slots(round: Round, entry: Entry) -> frozenset[int]:
    return frozenset(to_utc_slots(entry.slots, entry.time_zone, round.first_week))


def common_slot(round: Round, slot_sets: Iterable[frozenset[int]]) -> int | None:
    """The start with the most slack that everyone can make for a whole session, if any."""
    sets = list(slot_sets)
    if not sets:
        return None
    shared = frozenset.intersection(*sets)
    starts = session_starts(shared, session_slots(round))
    return best_start(starts) if starts else None


def first_meeting(round: Round, slot: int, *, not_before: datetime | None = None) -> datetime:
    """The pod's first session: its slot in the round's first week, or the first week after
    `not_before` when that has passed (a round published late loses the weeks gone by)."""
    moment = week_start(round) + timedelta(minutes=SLOT_MINUTES * (slot % WEEK))
    if not_before is not None and moment <= not_before:
        weeks = (not_before - moment) // timedelta(weeks=1) + 1
        moment += timedelta(weeks=weeks)
    return moment


def meeting_end(round: Round, start: datetime) -> datetime:
    return start + timedelta(minutes=round.session_minutes)
