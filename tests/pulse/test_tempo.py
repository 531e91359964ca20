"""The tempo figure: sessions held, missed, cancelled and coming per week, against the
hand-counted history in conftest."""

from murmuration.communities.permissions import viewer_for
from murmuration.communities.views.helpers import visible_groups_by_id
from murmuration.pulse.builders import tempo
from murmuration.pulse.scope import community_scope, group_scope

from .conftest import History

WEEKS = [
    "2025-04-14", "2025-04-21", "2025-04-28", "2025-05-05", "2025-05-12", "2025-05-19",
    "2025-05-26", "2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23", "2025-06-30",
    "2025-07-07",
]  # fmt: skip


def rows_by_lane(figure):
    lanes: dict[str, dict[str, dict]] = {}
    for row in figure.rows:
        lanes.setdefault(row["lane"], {})[row["week"]] = row
    return lanes


def test_it_counts_the_crews_weeks_by_state(history: History):
    """Each week of the crew's rhythm lands in the state the conftest history gives it."""
    world = history.world
    viewer = viewer_for(world.group_member, world.community)
    groups = visible_groups_by_id(viewer)
    figure = tempo.build(group_scope(viewer, world.group_member, world.crew, groups))
    lanes = rows_by_lane(figure)
    assert list(lanes) == ["Crew check-in"]
    weeks = lanes["Crew check-in"]
    assert list(weeks) == WEEKS
    states = {
        week: next((s for s in ("held", "missed", "cancelled", "coming") if row[s]), "")
        for week, row in weeks.items()
    }
    assert states == {
        "2025-04-14": "", "2025-04-21": "", "2025-04-28": "",
        "2025-05-05": "held", "2025-05-12": "held", "2025-05-19": "cancelled",
        "2025-05-26": "missed", "2025-06-02": "held", "2025-06-09": "missed",
        "2025-06-16": "coming", "2025-06-23": "coming", "2025-06-30": "coming",
        "2025-07-07": "coming",
    }  # fmt: skip
    assert figure.summary == "1 rhythm: 3 held, 2 missed, 4 coming."


def test_it_draws_the_community_by_category_with_private_groups_only_for_those_who_know(
    history: History,
):
    """A member who cannot see the Secret Garden gets no Planning lane and no count of it."""
    world = history.world
    seen = {}
    for persona in ("member", "group_member", "host"):
        user = getattr(world, persona)
        figure = tempo.build(community_scope(viewer_for(user, world.community), user))
        lanes = rows_by_lane(figure)
        seen[persona] = {
            lane: [sum(row[s] for row in weeks.values()) for s in ("held", "missed", "coming")]
            for lane, weeks in lanes.items()
        }
    assert seen["member"] == {"Relational": [3, 2, 4]}
    # The garden's session that began three hours ago, with nothing recorded, is still coming.
    assert seen["group_member"] == seen["host"] == {"Relational": [3, 2, 4], "Planning": [1, 0, 3]}
