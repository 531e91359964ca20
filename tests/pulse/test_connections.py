"""The connection map, hand-counted: three months of pods forming, seen by a member and a host,
and a second source plugged in the way pod-calling rounds will be.

Nine members (Hana Host, Mo Member, Cris Crew, A–F) make 9 × 8 / 2 = 36 possible pairs.
March: Pod One {A, B, C, and G, who has since left the community}: AB AC BC → 3 pairs.
April: Pod Two {A, D, E}: AD AE DE → 6.
May: Pod Three {A, B, F}: AB again, AF BF → 8; a private pair {Cris, E}, which only its members
and the hosts may know: Cris–E → 9 for the host; and a team of seven (A–F and Cris), too big to
count as a pod. June: nothing new.
After the third month: 8 of 36 (22%) for a member, with Hana, Mo and Cris connected to nobody;
9 of 36 (25%) for the host, with only Hana and Mo left.
"""

from datetime import UTC, datetime

import pytest

from murmuration.communities.models import Group, GroupMembership, Membership
from murmuration.communities.permissions import viewer_for
from murmuration.pulse import connections
from murmuration.pulse.builders import community_entries
from murmuration.pulse.builders import connections as connection_figures
from murmuration.pulse.connections import Step
from murmuration.pulse.scope import community_scope
from tests.conftest import World, make_user

MONTHS = ["Mar 2025", "Apr 2025", "May 2025", "Jun 2025"]


def joined(group: Group, people, month: int) -> None:
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, user=p, joined_at=datetime(2025, month, 10, tzinfo=UTC))
        for p in people
    )


def group(world: World, name: str, **fields) -> Group:
    slug = name.lower().replace(" ", "-")
    return Group.objects.create(community=world.community, name=name, slug=slug, **fields)


@pytest.fixture
def pods(clock, world: World) -> dict[str, object]:
    people = {}
    for letter in "ABCDEFG":
        people[letter] = make_user(f"{letter.lower()}@example.org", letter)
        Membership.objects.create(community=world.community, user=people[letter])
    a, b, c, d, e, f, g = (people[x] for x in "ABCDEFG")
    joined(group(world, "Pod One"), [a, b, c, g], 3)
    Membership.objects.filter(user=g).delete()
    joined(group(world, "Pod Two"), [a, d, e], 4)
    joined(group(world, "Pod Three"), [a, b, f], 5)
    joined(group(world, "Hidden Pair", is_private=True), [world.group_member, e], 5)
    joined(group(world, "Big Team"), [a, b, c, d, e, f, world.group_member], 5)
    return people


def built(world: World, persona: str, key: str):
    user = getattr(world, persona)
    scope = community_scope(viewer_for(user, world.community), user)
    entry = next(e for e in community_entries() if e.key == key)
    return entry.build(scope)


def test_it_counts_pairs_connected_month_by_month_for_a_member(world, pods):
    figure = built(world, "member", "connections-groups")
    assert figure.rows == [
        {
            "step": month,
            "new_pairs": new,
            "connected_pairs": total,
            "possible_pairs": 36,
            "coverage_percent": share,
            "unconnected": alone,
        }
        for month, new, total, share, alone in [
            ("Mar 2025", 3, 3, 8, 6),
            ("Apr 2025", 3, 6, 17, 4),
            ("May 2025", 2, 8, 22, 3),
            ("Jun 2025", 0, 8, 22, 3),
        ]
    ]
    assert figure.summary == (
        "22% of all pairs of members are connected; 3 people are connected to nobody yet."
    )


def test_it_counts_a_private_pod_for_those_who_may_know_it(world, pods):
    host = built(world, "host", "connections-groups")
    assert [(r["connected_pairs"], r["unconnected"]) for r in host.rows] == [
        (3, 6),
        (6, 4),
        (9, 2),
        (9, 2),
    ]
    assert built(world, "group_member", "connections-groups").rows[2]["connected_pairs"] == 9


def test_it_names_the_people_connected_to_nobody(world, pods):
    figure = built(world, "host", "unconnected")
    assert figure.rows == [{"name": "Hana Host"}, {"name": "Mo Member"}]


def test_it_adds_the_curve_of_another_source_round_by_round(world, pods, monkeypatch):
    """A source plugged in (as pod-calling rounds will be) gets its own curve, and counts
    towards who is connected to nobody."""
    a, b = pods["A"], pods["B"]

    class Rounds:
        key = "rounds"

        def title(self):
            return "Cross-pollination"

        def summary(self):
            return "Round by round."

        def steps(self, scope):
            return [
                Step("Round 1", [frozenset({world.host.pk, world.member.pk, a.pk})]),
                Step("Round 2", [frozenset({world.host.pk, b.pk}), frozenset({a.pk})]),
                Step("Round 3", [frozenset({world.member.pk, a.pk})]),
            ]

    monkeypatch.setattr(connections, "SOURCES", list(connections.SOURCES))
    connections.register(Rounds())
    connections.register(Rounds())
    assert [e.key for e in community_entries()].count("connections-rounds") == 1
    figure = built(world, "host", "connections-rounds")
    assert figure.title == "Cross-pollination"
    assert [
        (r["step"], r["new_pairs"], r["connected_pairs"], r["unconnected"]) for r in figure.rows
    ] == [
        ("Round 1", 3, 3, 6),
        ("Round 2", 1, 4, 5),
        ("Round 3", 0, 4, 5),
    ]
    assert built(world, "host", "unconnected").rows == []


def test_it_draws_nothing_before_anyone_shares_a_small_group(world):
    figure = connection_figures.build(
        community_scope(viewer_for(world.host, world.community), world.host),
        connections.SharedGroups(),
    )
    assert (figure.rows, figure.chart) == ([], None)
    assert figure.summary == "Nobody shares a small group yet."
