"""My pulse: my rhythms, my sessions and the people I share groups with."""

from murmuration.communities.models import Membership
from murmuration.pulse.builders import mine

from .conftest import History


def test_it_draws_my_rhythms_one_lane_each_with_the_groups_name(history: History):
    figure = mine.my_rhythms(mine.Me(history.world.group_member))
    assert sorted({row["lane"] for row in figure.rows}) == [
        "Crew check-in · Morning Crew",
        "Garden planning · Secret Garden",
    ]
    assert figure.summary == "2 rhythms: 4 held, 2 missed, 7 coming."


def test_it_counts_the_sessions_i_was_recorded_at(history: History):
    """Pia: absent 12 May, present 2 June; 5 May, 26 May and 9 June held or missed without a
    record for her; the crew's coming sessions in the next four weeks."""
    world = history.world
    pia = Membership.objects.get(community=world.community, user__display_name="Pia").user
    figure = mine.my_sessions(mine.Me(pia))
    weeks = {
        row["week"]: row for row in figure.rows if any(v for k, v in row.items() if k != "week")
    }
    assert {
        w: (r["there"], r["not_there"], r["not_recorded"], r["coming"]) for w, r in weeks.items()
    } == {
        "2025-05-05": (0, 0, 1, 0),
        "2025-05-12": (0, 1, 0, 0),
        "2025-05-26": (0, 0, 1, 0),
        "2025-06-02": (1, 0, 0, 0),
        "2025-06-09": (0, 0, 1, 0),
        "2025-06-16": (0, 0, 0, 1),
        "2025-06-23": (0, 0, 0, 1),
        "2025-06-30": (0, 0, 0, 1),
        "2025-07-07": (0, 0, 0, 1),
    }
    assert figure.summary == "You were recorded at 1 of the 2 sessions recorded for you."


def test_it_lists_the_people_i_share_groups_with(history: History):
    """Cris shares the crew (a small group) with Pia and Quinn; nobody shares the garden."""
    figure = mine.my_people(mine.Me(history.world.group_member))
    assert figure.rows == [
        {"name": "Pia", "groups": 1, "pods": 1},
        {"name": "Quinn", "groups": 1, "pods": 1},
    ]


def test_it_forgets_a_community_i_left(history: History):
    """Leaving the community drops its groups from my pulse at once."""
    world = history.world
    Membership.objects.filter(user=world.group_member).delete()
    me = mine.Me(world.group_member)
    assert mine.my_people(me).rows == []
    assert mine.my_rhythms(me).rows == []
