"""Synthetic communities with availability people actually give.

Each person lives in one of nine time zones (six continents) and offers a mix of local habits:
weekday evenings, early mornings, lunch breaks, weekend daytime. A few offer one short window,
and a few offer nothing. Local slots become UTC slots through the app's own conversion
(murmuration.accounts.availability.to_utc_slots) for a fixed week, so daylight-saving offsets are
the real ones. `sparse=True` gives everyone one or two short windows at random hours instead:
a stress case where few people share any time, so new partners run out within a few rounds.
"""

import random
from datetime import date

from murmuration.accounts.availability import to_utc_slots
from murmuration.matching.engine.model import Member, Problem

# (zone, share of members): weighted towards Europe and the Americas, as many networks are.
ZONES = (
    ("America/Los_Angeles", 0.12),
    ("America/New_York", 0.18),
    ("America/Sao_Paulo", 0.08),
    ("Europe/London", 0.14),
    ("Europe/Berlin", 0.18),
    ("Africa/Lagos", 0.07),
    ("Asia/Kolkata", 0.10),
    ("Asia/Tokyo", 0.06),
    ("Australia/Sydney", 0.07),
)
WEEK_OF = date(2025, 10, 27)  # Europe has left summer time, the US has not: offsets are uneven.
HOMES_PER_1000 = 40
PER_DAY = 48


def _window(day: int, first: int, length: int) -> list[int]:
    return [day * PER_DAY + first + k for k in range(length)]


def _habits(rng: random.Random) -> list[int]:
    local: list[int] = []
    roll = rng.random()
    if roll < 0.01:
        return []  # opted in without giving times
    if roll < 0.04:
        # One short window somewhere in the week: the hardest people to place.
        return _window(rng.randrange(7), rng.randrange(16, 44), rng.choice((2, 3)))
    kinds = rng.sample(("evening", "morning", "lunch", "weekend"), k=rng.choice((1, 1, 2, 2, 3)))
    for kind in kinds:
        if kind == "evening":
            for day in rng.sample(range(5), k=rng.randint(2, 5)):
                local += _window(day, rng.choice((34, 36, 37, 38, 39)), rng.randint(3, 8))
        elif kind == "morning":
            for day in rng.sample(range(5), k=rng.randint(2, 5)):
                local += _window(day, rng.choice((12, 13, 14)), rng.randint(2, 5))
        elif kind == "lunch":
            for day in rng.sample(range(5), k=rng.randint(2, 5)):
                local += _window(day, 24, rng.randint(2, 3))
        else:
            for day in rng.sample((5, 6), k=rng.randint(1, 2)):
                local += _window(day, rng.randint(18, 30), rng.randint(4, 12))
    return local


def _sparse(rng: random.Random) -> list[int]:
    """One or two days, one short window anywhere between 07:00 and 23:00: thin availability."""
    local: list[int] = []
    for day in rng.sample(range(7), k=rng.randint(1, 2)):
        local += _window(day, rng.randint(14, 42), rng.randint(2, 4))
    return local


def community(
    n: int, seed: int = 1, pod_size: tuple[int, int] = (4, 5), sparse: bool = False
) -> Problem:
    rng = random.Random(seed)
    zones = [zone for zone, _share in ZONES]
    shares = [share for _zone, share in ZONES]
    # One conversion table per zone: the week's offsets apply slot by slot.
    table = {
        zone: [to_utc_slots([slot], zone, WEEK_OF)[0] for slot in range(7 * PER_DAY)]
        for zone in zones
    }
    habits = _sparse if sparse else _habits
    homes = max(1, n * HOMES_PER_1000 // 1000)
    members = []
    for k in range(n):
        zone = rng.choices(zones, shares)[0]
        utc = frozenset(table[zone][slot] for slot in habits(rng))
        home = f"g{rng.randrange(homes)}"
        members.append(Member(id=f"m{k}", slots=utc, home=home))
    return Problem(members=tuple(members), pod_size=pod_size, session_minutes=60, seed=seed)
