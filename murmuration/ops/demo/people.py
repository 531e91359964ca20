"""The demo's people: names, pronouns, bios, time zones and weekly availability.

Everything here is decided by the `random.Random` passed in, so one seed always gives the same
roster. No Django imports: the roster can be built and inspected on its own.
"""

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from murmuration.accounts.availability import SLOTS_PER_DAY

HOST_EMAIL = "host@example.org"
MEMBER_EMAIL = "member@example.org"


def _split(text: str, separator: str = ";") -> list[str]:
    return [item.strip() for item in text.split(separator) if item.strip()]


@dataclass(frozen=True)
class Person:
    email: str
    display_name: str
    pronouns: str
    bio: str
    time_zone: str
    availability: tuple[int, ...]


# Names per time zone, each with the pronouns the person usually gives (s, h, t).
NAMES: dict[str, str] = {
    "Europe/London": """Amara Okafor|s, Tom Whitfield|h, Priya Shah|s, Callum Reid|h,
        Siobhan Byrne|s, Ade Bankole|h, Fern Holloway|t, Hannah Price|s, Declan Moss|h,
        Imogen Clarke|s, Yusuf Rahman|h, Bethan Morgan|s, Kit Ashworth|t, Grace Mensah|s,
        Oliver Dunn|h, Rosa Lindley|s, Sam Carter|t, Nadia Aziz|s""",
    "America/New_York": """Jasmine Carter|s, Marcus Bell|h, Elena Ruiz|s, DeShawn Brooks|h,
        Riley Quinn|t, Abigail Stein|s, Luis Ortega|h, Naomi Feld|s, Theo Park|h, Carmen Vega|s,
        Jordan Lee|t, Maggie O'Neill|s, Andre Baptiste|h""",
    "Europe/Berlin": """Jonas Weber|h, Lena Fischer|s, Mehmet Yilmaz|h, Sophie Krüger|s,
        Felix Braun|h, Mira Hoffmann|s, Alex Neumann|t, Katarina Novak|s, Paul Schäfer|h,
        Ilse Vogel|s, Jan Richter|h, Greta Wolf|s""",
    "Asia/Kolkata": """Ananya Iyer|s, Rohan Mehta|h, Kavya Nair|s, Arjun Reddy|h, Meera Pillai|s,
        Vikram Desai|h, Ishita Banerjee|s, Sahil Kapoor|h, Devika Menon|s, Kiran Rao|t""",
    "Australia/Sydney": """Chloe Nguyen|s, Liam O'Connor|h, Matilda Evans|s, Jack Thompson|h,
        Aroha Walker|s, Noah Kelly|h, Isla Martin|s, Ren Tanaka|t, Zoe Papadopoulos|s""",
    "Africa/Lagos": """Chidi Okeke|h, Funmi Adeyemi|s, Tunde Balogun|h, Ngozi Eze|s,
        Bisi Ogunleye|s""",
}
# How many members come from each zone; the rest of each list is never used or becomes an
# applicant who is not a member yet.
MEMBERS_PER_ZONE = {
    "Europe/London": 15,
    "America/New_York": 11,
    "Europe/Berlin": 10,
    "Asia/Kolkata": 9,
    "Australia/Sydney": 8,
    "Africa/Lagos": 5,
}
APPLICANT_ZONES = ("Europe/Berlin", "America/New_York")
PRONOUNS = {"s": "she/her", "h": "he/him", "t": "they/them"}

# Fragments for short bios, separated by semicolons.
WORK = _split("""Allotment keeper; Retired teacher; Nurse on night shifts; Software tester;
    Beekeeper in training; Primary school parent; Carpenter; Ecology student; Community organiser;
    Librarian; Bike mechanic; Chef; Translator; Physiotherapist; Illustrator; Data analyst;
    Midwife; Sound engineer; Potter; Social worker; Bookkeeper; Youth worker;
    Landscape architect; Barista""")
INTEREST = _split("""loves saving seeds; here to learn facilitation;
    curious about consent decisions; grows chillies on a balcony; happiest with soil on my hands;
    runs a repair café; into fermentation; walks the river path most mornings;
    learning to host circles; keen on peer-support pods; makes compost tea;
    sings in a community choir; building a tool library; mapping the river's wildflowers;
    bakes for every gathering""")
CLOSING = [
    *_split("""Ask me about tomatoes.; Slow to reply at weekends.; New here, say hello!;
        Happy to pair on anything.; Always up for a walk-and-talk."""),
    "",
    "",
]


def _span(day: int, start: float, end: float) -> list[int]:
    """Slots on `day` (0 = Monday) from `start` to `end`, in hours of local time."""
    base = day * SLOTS_PER_DAY
    return list(range(base + round(start * 2), base + round(end * 2)))


def _weekday_evenings(rng: random.Random) -> list[int]:
    start = rng.choice([18, 18.5, 19, 19.5, 20])
    length = rng.choice([1.5, 2, 2.5, 3])
    days = rng.sample(range(5), rng.randint(2, 4))
    return [slot for day in days for slot in _span(day, start, min(start + length, 23.5))]


def _early_mornings(rng: random.Random) -> list[int]:
    start = rng.choice([6, 6.5, 7])
    days = rng.sample(range(5), rng.randint(3, 5))
    return [slot for day in days for slot in _span(day, start, start + 1.5)]


def _lunchtimes(rng: random.Random) -> list[int]:
    start = rng.choice([12, 12.5])
    days = rng.sample(range(5), rng.randint(2, 4))
    return [slot for day in days for slot in _span(day, start, start + 1)]


def _weekend_mornings(rng: random.Random) -> list[int]:
    start = rng.choice([8, 9, 10])
    days = rng.sample([5, 6], rng.randint(1, 2))
    return [slot for day in days for slot in _span(day, start, start + rng.choice([2, 3]))]


def _weekend_afternoons(rng: random.Random) -> list[int]:
    start = rng.choice([13, 14, 15])
    days = rng.sample([5, 6], rng.randint(1, 2))
    return [slot for day in days for slot in _span(day, start, start + 3)]


def _weekday_daytime(rng: random.Random) -> list[int]:
    # Freelancers, shift workers and retired members, free during working hours.
    start = rng.choice([9.5, 10, 11])
    days = rng.sample(range(5), rng.randint(2, 3))
    return [slot for day in days for slot in _span(day, start, start + rng.choice([3, 4, 5]))]


PATTERNS: list[tuple[int, Callable[[random.Random], list[int]]]] = [
    (6, _weekday_evenings),
    (3, _early_mornings),
    (2, _lunchtimes),
    (4, _weekend_mornings),
    (2, _weekend_afternoons),
    (2, _weekday_daytime),
]


def availability(rng: random.Random) -> tuple[int, ...]:
    """One to three everyday patterns; a few people have not filled theirs in yet."""
    if rng.random() < 0.05:
        return ()
    weights = [weight for weight, _pattern in PATTERNS]
    chosen = set()
    for _ in range(rng.choice([1, 2, 2, 3])):
        chosen.add(rng.choices(range(len(PATTERNS)), weights=weights)[0])
    slots = {slot for index in sorted(chosen) for slot in PATTERNS[index][1](rng)}
    return tuple(sorted(slots))


def _pronouns(rng: random.Random, usual: str) -> str:
    roll = rng.random()
    if roll < 0.06:
        return ""  # not everyone fills every field
    if roll < 0.12 and usual != "t":
        return {"s": "she/they", "h": "he/they"}[usual]
    return PRONOUNS[usual]


def _bio(rng: random.Random) -> str:
    return f"{rng.choice(WORK)}; {rng.choice(INTEREST)}. {rng.choice(CLOSING)}".strip()


def _email(name: str, taken: set[str]) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    local = ".".join(part.strip("'").lower().replace("'", "") for part in ascii_name.split())
    email, n = f"{local}@example.org", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@example.org"
    taken.add(email)
    return email


def _person(
    rng: random.Random, entry: str, zone: str, taken: set[str], email: str = "", bio: str = ""
) -> Person:
    name, usual = entry.split("|")
    return Person(
        email=email or _email(name, taken),
        display_name=name,
        pronouns=_pronouns(rng, usual),
        bio=bio or _bio(rng),
        time_zone=zone,
        availability=availability(rng),
    )


@dataclass(frozen=True)
class Roster:
    host: Person
    co_host: Person
    member: Person
    others: list[Person]  # community members besides the three above
    applicants: list[Person]  # people with an account who asked to join


def make_roster(rng: random.Random) -> Roster:
    taken = {HOST_EMAIL, MEMBER_EMAIL}
    host = _person(
        rng,
        "Rowan Hale|t",
        "Europe/London",
        taken,
        email=HOST_EMAIL,
        bio="Gardener and facilitator; one of the hosts. Ask me anything about how we work.",
    )
    member = _person(
        rng,
        "Maya Lindqvist|s",
        "Europe/Berlin",
        taken,
        email=MEMBER_EMAIL,
        bio="Bookkeeper by day, seed saver by night. Joined for the seed library.",
    )
    chosen: dict[str, list[str]] = {}
    for zone, count in MEMBERS_PER_ZONE.items():
        names = _split(NAMES[zone], ",")
        chosen[zone] = rng.sample(names, len(names))[: count + 1]
    people = [
        _person(rng, entry, zone, taken)
        for zone, count in MEMBERS_PER_ZONE.items()
        for entry in chosen[zone][:count]
    ]
    applicants = [_person(rng, chosen[zone][-1], zone, taken) for zone in APPLICANT_ZONES]
    rng.shuffle(people)
    # A co-host on the other side of the world, so someone can answer requests while the first
    # host sleeps.
    co_host = next(person for person in people if person.time_zone == "Asia/Kolkata")
    others = [person for person in people if person is not co_host]
    return Roster(host, co_host, member, others, applicants)
