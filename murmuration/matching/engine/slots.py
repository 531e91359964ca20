"""Weekly half-hour slots and the meeting windows they allow.

Slot 0 is Monday 00:00-00:30 UTC and slot 335 is Sunday 23:30-24:00 UTC. The week is a circle:
a session may start late on Sunday and end early on Monday, because the same people are free on
those evenings every week.
"""

from collections.abc import Iterable

SLOT_MINUTES = 30
WEEK = 7 * 24 * 60 // SLOT_MINUTES
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def session_starts(slots: Iterable[int], length: int) -> list[int]:
    """Every slot that begins `length` consecutive free slots (wrapping round the week)."""
    free = set(slots)
    if len(free) == WEEK:
        return list(range(WEEK))
    # Walk each run backwards from its end: a slot starts a session when the run ahead of it is
    # long enough. Counting ahead once per slot keeps this linear in the number of free slots.
    ahead: dict[int, int] = {}
    result = []
    for slot in sorted(free, reverse=True):
        ahead[slot] = 1 + ahead.get(slot + 1, 0)
    # Runs that end at slot 335 carry on into Monday.
    if WEEK - 1 in free and 0 in free:
        for slot in sorted(free, reverse=True):
            if slot + ahead[slot] != WEEK:
                break
            ahead[slot] += ahead[0]
    for slot in sorted(free):
        if ahead[slot] >= length:
            result.append(slot)
    return result


def runs(slots: Iterable[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive slots as (first, length), a Sunday-Monday run counted once."""
    ordered = sorted(set(slots))
    if len(ordered) == WEEK:
        return [(0, WEEK)]
    result: list[tuple[int, int]] = []
    for slot in ordered:
        if result and sum(result[-1]) == slot:
            result[-1] = (result[-1][0], result[-1][1] + 1)
        else:
            result.append((slot, 1))
    if len(result) > 1 and result[0][0] == 0 and sum(result[-1]) == WEEK:
        first, length = result.pop()
        result[0] = (first, length + result[0][1])
    return result


def best_start(starts: Iterable[int]) -> int:
    """The first start of the longest run of common starts: the window with the most slack."""
    run_list = runs(starts)
    first, _length = max(run_list, key=lambda run: (run[1], -run[0]))
    return first


def label(slot: int) -> str:
    """'Tue 18:30 UTC' - for messages and reports."""
    day, index = divmod(slot % WEEK, 48)
    minutes = index * SLOT_MINUTES
    return f"{_DAYS[day]} {minutes // 60:02d}:{minutes % 60:02d} UTC"
