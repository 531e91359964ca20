"""The demo community's story: its name, how its purpose evolved, and the groups it grew.

The groups show each scale band and the situations the software helps with: nesting (a band
holding a team holding crews), a private group, a crew that has outgrown its size, pods of
people in different time zones, and a team that asks newcomers to ask before joining.
"""

from dataclasses import dataclass

COMMUNITY_NAME = "Riverbend Commons"
COMMUNITY_SLUG = "riverbend-commons"

# (text, note explaining the change); the first version has no note.
PURPOSE_VERSIONS: list[tuple[str, str]] = [
    (
        "Neighbours along the river growing food together.",
        "",
    ),
    (
        "Neighbours along the river growing food and looking after each other.",
        "After the autumn gathering: people stayed for the peer-support pods as much as for "
        "the gardens.",
    ),
    (
        "A network of neighbours, near and far, who grow food, share skills and look after "
        "each other, in small groups that meet on a steady rhythm.",
        "Members now join from five time zones; “along the river” no longer describes us, "
        "and small groups are how we work.",
    ),
]


@dataclass(frozen=True)
class GroupSpec:
    key: str
    name: str
    intended_band: str
    size: int
    purpose: str
    parent: str | None = None
    # A later purpose version and its note, to show a group's purpose evolving too.
    new_purpose: tuple[str, str] | None = None
    is_private: bool = False
    # Pods are chosen so their members share free time across time zones.
    pod: bool = False
    # Named people ("host", "co_host", "member") always in, or never in, the group; the caller
    # is the first of `includes`, or a randomly chosen member when there are none.
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ("host",)


# Parents come before their children: a group is called from inside its parent.
GROUPS: list[GroupSpec] = [
    GroupSpec(
        "growers",
        "Growers Band",
        "band",
        22,
        "Grow food together on the riverbank plots and on members' balconies, and share the "
        "harvest.",
        includes=("member",),
    ),
    GroupSpec(
        "seed-library",
        "Seed Library Team",
        "team",
        10,
        "Keep a seed library so every garden in the network can grow from local seed.",
        parent="growers",
        new_purpose=(
            "Keep a living seed library: save, swap and share seed adapted to each member's "
            "climate.",
            "Saving seed matters more than collecting it, and our climates now differ.",
        ),
        includes=("member",),
    ),
    GroupSpec(
        "seed-swap",
        "Seed Swap Crew",
        "crew",
        5,
        "Run the spring and autumn seed swaps, online and in person.",
        parent="seed-library",
        includes=("member",),
    ),
    GroupSpec(
        "germination",
        "Germination Lab",
        "crew",
        4,
        "Test how well every batch germinates before it goes on the shelf.",
        parent="seed-library",
    ),
    GroupSpec(
        "compost",
        "Compost Crew",
        "crew",
        5,
        "Turn the kitchen scraps of forty households into soil.",
        parent="growers",
        excludes=("host", "member"),
    ),
    GroupSpec(
        "rooftop",
        "Rooftop Beds Crew",
        "crew",
        7,  # one more than a crew holds, so the outgrown warning shows
        "Turn the library roof into raised beds.",
        parent="growers",
    ),
    GroupSpec(
        "welcome",
        "Welcome Crew",
        "crew",
        4,
        "Greet every new member within a week and help them find a first group.",
        includes=("host", "co_host"),
        excludes=(),
    ),
    GroupSpec(
        "dawn-dusk",
        "Dawn and Dusk Pod",
        "crew",
        4,
        "Peer support across time zones: one person's early morning is another's evening.",
        pod=True,
    ),
    GroupSpec(
        "sunflower",
        "Sunflower Pod",
        "crew",
        5,
        "Peer support: a weekly check-in on whatever is alive for each of us.",
        pod=True,
    ),
    GroupSpec(
        "parents",
        "Parents' Pod",
        "crew",
        3,
        "Parents of young children supporting each other through the early years.",
        pod=True,
    ),
    GroupSpec(
        "care",
        "Care Circle",
        "crew",
        4,
        "A confidential space for members going through a hard time.",
        is_private=True,
        includes=("co_host",),
        excludes=("host", "member"),
    ),
]

APPLICANT_MESSAGE = (
    "I met some of you at the seed swap and would love to join the Growers Band. I'm in Berlin."
)
DECLINED_MESSAGE = "Hi, I sell gardening supplies and would like to advertise to your members."
TEAM_REQUEST_MESSAGE = "I've been saving bean seed for years and would love to help."
OPEN_INVITATION_DAYS = 30
OPEN_INVITATION_USES = 25
