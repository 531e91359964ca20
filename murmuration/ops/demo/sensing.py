"""The demo's sensing: three months of signals with real patterns in them, and experiments in
every state (running, adopted, adapted with its follow-up, abandoned).

Signals are posted through `sensing.actions` by members, most to the whole community and some
inside their own groups (one pod's raised to the band above). Themes come and go: slugs in the
beds rise in the last weeks, the cold meeting room fades after winter, the rest hold steady.
The grouping runs once per scope at the end, as the background task would after posting.
"""

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.sensing import actions, patterns
from murmuration.sensing.models import CheckIn, Experiment, Participant, Pattern, Signal

from .people import Person

DAYS = 90
# (theme, how its signals spread over the 90 days: "steady", "rising" or "fading", phrasings)
THEMES: list[tuple[str, str, list[str]]] = [
    (
        "slugs",
        "rising",
        [
            "Slugs ate the lettuce seedlings in the raised beds",
            "Another night of slugs on the young beans",
            "Could we try beer traps for the slugs?",
            "The slugs love the wet corner by the shed",
            "Hedgehog house might help with the slugs",
            "Half the brassicas lost to slugs this week",
        ],
    ),
    (
        "watering",
        "steady",
        [
            "Nobody watered the greenhouse on Sunday",
            "A watering rota for the hot weeks would help",
            "The tomatoes wilt when the watering is skipped",
            "The water butt was empty again",
            "Can we share who waters the rooftop beds?",
            "Drip hoses would save us evening watering",
        ],
    ),
    (
        "seed-storage",
        "steady",
        [
            "Seed packets in the library are getting damp",
            "Labels on the seed jars have faded",
            "We need a cooler, drier shelf for the seeds",
            "Some stored seeds did not germinate this year",
            "A seed inventory spreadsheet would stop duplicates",
            "Mice got into the seed tin",
        ],
    ),
    (
        "meeting-times",
        "steady",
        [
            "The evening call is very late for our members in Asia",
            "Could planning meetings alternate between mornings and evenings?",
            "Saturday workdays clash with the market for some of us",
            "Meetings overrun and people leave before decisions",
            "A shared calendar of workdays would help",
            "Time zones make it hard to find a slot for the whole band",
        ],
    ),
    (
        "newcomers",
        "steady",
        [
            "New people at the workday did not know where to start",
            "A short welcome walk around the plots would help newcomers",
            "Two newcomers asked who to talk to about a plot",
            "Pair each newcomer with someone who has been here a while",
            "The welcome email is long and confusing",
            "Lovely to see three new faces at the seed swap",
        ],
    ),
    (
        "tools",
        "steady",
        [
            "The shed lock is broken and spades keep going missing",
            "The wheelbarrow has a flat tyre",
            "A sign-out sheet for the tools would help",
            "Someone left the secateurs out in the rain",
            "The tool shed needs better shelves",
            "Sharpening day for the hoes and shears?",
        ],
    ),
    (
        "cold-room",
        "fading",
        [
            "The meeting room is freezing in the mornings",
            "The heater in the meeting room is broken",
            "People keep coats on during the whole meeting",
            "Could we meet in the greenhouse when the room is this cold?",
            "Thermos of tea made the cold meeting bearable",
        ],
    ),
    (
        "harvest-sharing",
        "rising",
        [
            "Too many courgettes: can we share them with the food bank?",
            "A harvest table at the gate for neighbours",
            "Surplus beans went to compost; what a waste",
            "Swap shelf for extra produce on Saturdays",
            "The school asked whether they could have our extra apples",
        ],
    ),
    (
        "compost",
        "steady",
        [
            "The compost heap smells and needs turning",
            "Plastic keeps turning up in the compost",
            "Clear signs on what goes in the compost bins",
            "Compost bays are full; we need another",
            "Thanks to whoever turned the compost on Tuesday",
        ],
    ),
    (
        "children",
        "steady",
        [
            "Kids at the workday loved planting sunflowers",
            "A small children's bed would keep little ones busy",
            "Parents can only come if there is something for the kids",
            "Children's gloves and small tools for workdays",
        ],
    ),
]
TAGS = {
    "slugs": ["pests"],
    "watering": ["rota"],
    "seed-storage": ["seeds"],
    "tools": ["shed"],
    "harvest-sharing": ["food"],
}
OPENERS = ["", "", "", "Again: ", "Noticed today: ", "Small thing: ", "Idea: "]
# Trailing context, so repeated observations read like different people's notes.
ENDINGS = [
    "",
    "",
    "",
    " (Saturday workday)",
    " (on my evening round)",
    " this morning",
    ", as last month",
    "; worth a chat?",
]
KINDS = {"Idea: ": "idea", "Thanks": "appreciation", "Lovely": "appreciation"}
SIGNALS_PER_THEME = 30
# Themes a group's members also talk about among themselves.
GROUP_THEMES = {"compost": "compost", "seed-library": "seed-storage", "parents": "children"}


class Loader(Protocol):
    rng: random.Random
    now: datetime
    groups: dict[str, Group]
    group_members: dict[str, list[Person]]
    tick: Callable[[], None]

    def user(self, person: Person) -> User: ...

    def ago(self, days: float) -> datetime: ...


def step_count() -> int:
    """Progress steps this adds: one per theme, one for grouping, one for experiments."""
    return len(THEMES) + 2


def _days_ago(rng: random.Random, spread: str) -> float:
    if spread == "rising":
        return DAYS * (1 - rng.random() ** 0.35)
    if spread == "fading":
        return DAYS * rng.random() ** 0.35
    return rng.uniform(0.2, DAYS)


def add_sensing(loader: Loader, community_members: list[Person]) -> None:
    rng = loader.rng
    for theme, spread, phrasings in THEMES:
        for _ in range(SIGNALS_PER_THEME):
            opener = rng.choice(OPENERS)
            text = opener + rng.choice(phrasings) + rng.choice(ENDINGS)
            kind = next((k for start, k in KINDS.items() if text.startswith(start)), "observation")
            if theme == "cold-room" or text.endswith("?"):
                kind = "tension" if theme == "cold-room" else "idea"
            group_key = next((g for g, t in GROUP_THEMES.items() if t == theme), None)
            group = None
            if group_key and rng.random() < 0.3:
                group = loader.groups[group_key]
                author = rng.choice(loader.group_members[group_key])
            else:
                author = rng.choice(community_members)
            signal = actions.post_signal(
                loader.user(author),
                group.community if group else loader.groups["growers"].community,
                text,
                group=group,
                kind=kind,
                tags=TAGS.get(theme, []),
            )
            Signal.objects.filter(pk=signal.pk).update(
                created_at=loader.ago(_days_ago(rng, spread))
            )
        loader.tick()
    _raise_from_a_pod(loader)
    community = loader.groups["growers"].community
    scopes = set(Signal.objects.filter(community=community).values_list("group_id", flat=True))
    for group_id in sorted(scopes, key=lambda g: g or 0):
        patterns.recompute(community, group_id)
    loader.tick()
    _experiments(loader)
    loader.tick()


def _raise_from_a_pod(loader: Loader) -> None:
    """The parents' pod notices something the whole community should hear."""
    members = loader.group_members["parents"]
    group = loader.groups["parents"]
    signal = actions.post_signal(
        loader.user(members[0]),
        group.community,
        "Workdays at nine are impossible with school runs; could some start at eleven?",
        group=group,
        kind="tension",
    )
    while signal.group is not None:
        signal = actions.raise_signal(loader.user(members[0]), signal)


def _pattern_of(text: str) -> Pattern | None:
    signal = Signal.objects.filter(text__contains=text, group=None).first()
    return signal.pattern if signal else None


def _experiments(loader: Loader) -> None:
    community = loader.groups["growers"].community
    people = loader.group_members["growers"]
    today = loader.now.date()

    def start(
        owner: Person,
        title: str,
        plan: tuple[str, str, str],
        days_ago: int,
        weeks: int,
        anchor: str,
    ) -> Experiment:
        hypothesis, action, observe = plan
        experiment = actions.start_experiment(
            loader.user(owner),
            community,
            title=title,
            hypothesis=hypothesis,
            action=action,
            observe=observe,
            starts_on=today - timedelta(days=days_ago),
            ends_on=today - timedelta(days=days_ago) + timedelta(weeks=weeks),
            pattern=_pattern_of(anchor),
        )
        Experiment.objects.filter(pk=experiment.pk).update(created_at=loader.ago(days_ago))
        for person in people[1:4]:
            if person is not owner:
                Participant.objects.get_or_create(experiment=experiment, user=loader.user(person))
        return experiment

    def check_in(
        experiment: Experiment, person: Person, happened: str, adjustment: str, days_ago: int
    ) -> None:
        Participant.objects.get_or_create(experiment=experiment, user=loader.user(person))
        entry = actions.check_in(
            loader.user(person), experiment, happened=happened, adjustment=adjustment
        )
        CheckIn.objects.filter(pk=entry.pk).update(created_at=loader.ago(days_ago))

    rota = start(
        people[0],
        "Watering rota on the fridge",
        (
            "We believe a paper watering rota will lead to no skipped days",
            "Pin a two-week rota by the tap",
            "Days the greenhouse went unwatered",
        ),
        50,
        4,
        "A watering rota for the hot weeks would help",
    )
    check_in(rota, people[1], "Only one skipped day in the first week", "", 44)
    actions.decide(
        loader.user(people[0]),
        rota,
        outcome="adopted",
        learnings="Paper by the tap works better than the group chat.",
    )

    traps = start(
        people[1],
        "Beer traps for slugs",
        (
            "We believe beer traps will lead to fewer seedlings lost",
            "Ten traps in the two worst beds",
            "Seedlings lost per bed per week",
        ),
        40,
        3,
        "Could we try beer traps for the slugs?",
    )
    check_in(
        traps,
        people[1],
        "Traps full every morning, losses halved",
        "Moved two traps nearer the shed",
        30,
    )
    follow = actions.decide(
        loader.user(people[1]),
        traps,
        outcome="adapted",
        learnings="Traps work but need emptying daily; the shed corner needs more.",
        follow_up={
            "title": "Beer traps with a daily emptying rota",
            "hypothesis": "We believe a daily emptying rota will keep the traps working",
            "action": "Add trap emptying to the watering rota",
            "observe": "Seedlings lost per week, and skipped emptyings",
            "starts_on": today - timedelta(days=12),
            "ends_on": today + timedelta(weeks=3),
        },
    )
    assert follow is not None
    check_in(follow, people[2], "Emptied every day so far", "", 5)

    heater = start(
        people[2],
        "Meet in the greenhouse in winter",
        (
            "We believe meeting in the greenhouse will lead to warmer, shorter meetings",
            "Hold two planning meetings in the greenhouse",
            "How long people stay, and how cold they say they were",
        ),
        70,
        2,
        "The meeting room is freezing in the mornings",
    )
    actions.decide(
        loader.user(people[2]),
        heater,
        outcome="abandoned",
        learnings="Too dark after four; the room got its heater fixed instead.",
    )

    start(
        people[3],
        "Harvest table at the gate",
        (
            "We believe a harvest table will lead to less surplus composted",
            "A table with a sign at the gate on Saturdays",
            "What is left at the end of the day",
        ),
        10,
        6,
        "A harvest table at the gate for neighbours",
    )
    welcome = start(
        people[0],
        "Welcome walks for newcomers",
        (
            "We believe a ten-minute walk will lead to newcomers coming back",
            "Whoever greets a newcomer walks them round the plots",
            "Newcomers who return for a second workday",
        ),
        20,
        8,
        "A short welcome walk around the plots would help newcomers",
    )
    check_in(welcome, people[0], "Four walks, three came back", "", 8)
