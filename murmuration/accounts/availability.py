"""Weekly availability as half-hour slots.

A member states availability in their own time zone: slot 0 is Monday 00:00-00:30 local time and
slot 335 is Sunday 23:30-24:00. The pod formation engine needs UTC slots; the conversion depends on
the week because daylight-saving offsets change, so callers pass the week they plan for.
This module has no Django imports so the engine and its tests can use it directly.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY
MAX_TIME_ZONE_LENGTH = 64


def all_time_zones() -> list[str]:
    # "localtime" and the like appear on some systems but are not IANA names people can pick.
    return sorted(tz for tz in available_timezones() if "/" in tz or tz == "UTC")


def is_time_zone(name: str) -> bool:
    return len(name) <= MAX_TIME_ZONE_LENGTH and name in _time_zone_set()


_ZONES: frozenset[str] | None = None


def _time_zone_set() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(all_time_zones())
    return _ZONES


def normalise_slots(slots: Iterable[object]) -> list[int]:
    """Return sorted unique slots, or raise ValueError naming the first bad one."""
    result: set[int] = set()
    for slot in slots:
        if isinstance(slot, bool) or not isinstance(slot, int):
            raise ValueError(f"slot {slot!r} is not a whole number")
        if not 0 <= slot < SLOTS_PER_WEEK:
            raise ValueError(f"slot {slot} is outside the week (0-{SLOTS_PER_WEEK - 1})")
        result.add(slot)
    return sorted(result)


def slot_start(slot: int) -> tuple[int, time]:
    """The weekday (0 = Monday) and local start time of a slot."""
    day, index = divmod(slot, SLOTS_PER_DAY)
    minutes = index * SLOT_MINUTES
    return day, time(minutes // 60, minutes % 60)


def to_utc_slots(local_slots: Iterable[int], time_zone: str, week_of: date) -> list[int]:
    """Convert local slots to UTC slots for the week that contains `week_of`.

    Each local slot start is placed on its real calendar day in that week, so a member in a zone
    that changes its clocks that week gets the offset that applies on the day itself.
    """
    zone = ZoneInfo(time_zone)
    monday = week_of - timedelta(days=week_of.weekday())
    utc = ZoneInfo("UTC")
    result = set()
    for slot in local_slots:
        day, start = slot_start(slot)
        local = datetime.combine(monday + timedelta(days=day), start, tzinfo=zone)
        moment = local.astimezone(utc)
        offset_days = (moment.date() - monday).days
        minutes = offset_days * 24 * 60 + moment.hour * 60 + moment.minute
        result.add((minutes // SLOT_MINUTES) % SLOTS_PER_WEEK)
    return sorted(result)


def slot_ranges(slots: Iterable[int]) -> list[tuple[int, int]]:
    """Collapse slots into (first, last-exclusive) runs, for compact display and storage."""
    ordered = sorted(set(slots))
    runs: list[tuple[int, int]] = []
    for slot in ordered:
        if runs and runs[-1][1] == slot:
            runs[-1] = (runs[-1][0], slot + 1)
        else:
            runs.append((slot, slot + 1))
    return runs
