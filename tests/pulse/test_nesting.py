"""The nested groups figure: every visible group with its band, counts and health."""

from murmuration.communities import actions as community_actions
from murmuration.communities.permissions import viewer_for
from murmuration.pulse.builders import nesting
from murmuration.pulse.health import Tally
from murmuration.pulse.scope import community_scope

from .conftest import History


def figure_for(history: History, persona: str):
    world = history.world
    user = getattr(world, persona)
    return nesting.build(community_scope(viewer_for(user, world.community), user))


def test_it_counts_each_groups_sessions_and_health(history: History):
    """Hand-counted in conftest: the crew held 3 of 6 (50%) with 60% attendance, steady; the
    garden held 1 of 1 with everyone there, thriving."""
    rows = {row["group"]: row for row in figure_for(history, "host").rows}
    assert rows["Morning Crew"] == {
        "group": "Morning Crew",
        "inside": "",
        "band": "crew",
        "members": 3,
        "held": 3,
        "missed": 2,
        "cancelled": 1,
        "held_percent": 50,
        "attendance_percent": 60,
        "health": "Steady",
    }
    assert rows["Secret Garden"]["health"] == "Thriving"
    assert (rows["Secret Garden"]["held"], rows["Secret Garden"]["band"]) == (1, "pair")


def test_it_leaves_out_a_private_group_the_viewer_may_not_know(history: History):
    figure = figure_for(history, "member")
    assert [row["group"] for row in figure.rows] == ["Morning Crew"]
    assert figure.summary == "1 group: 1 steady."
    assert "Secret Garden" not in str(figure.chart)


def test_it_nests_groups_and_never_draws_a_box_smaller_than_those_inside(history: History):
    """A team of one with a crew of three inside is drawn the crew's size, and listed as
    holding it; a group with no session in eight weeks is quiet."""
    world = history.world
    team = community_actions.call_group(world.host, world.community, name="Big Team")
    world.crew.parent = team
    world.crew.save(update_fields=["parent"])
    figure = figure_for(history, "member")
    rows = {row["group"]: row for row in figure.rows}
    assert rows["Morning Crew"]["inside"] == "Big Team"
    assert rows["Big Team"]["health"] == "Quiet"
    assert [row["group"] for row in figure.rows] == ["Big Team", "Morning Crew"]
    (team_node,) = figure.chart["series"][0]["data"]
    assert (team_node["name"], team_node["value"]) == ("Big Team", 3)
    assert [child["value"] for child in team_node["children"]] == [3]


def test_it_escapes_names_in_the_picture(history: History):
    """Tooltips are HTML; a name is shown as text, never run as markup."""
    world = history.world
    community_actions.call_group(
        world.host, world.community, name="<img src=x onerror=alert(1)> {b}"
    )
    figure = figure_for(history, "host")
    nodes = figure.chart["series"][0]["data"]
    tooltip = next(n for n in nodes if n["name"].startswith("<img"))["tooltip"]["formatter"]
    assert "<img" not in tooltip
    assert "&lt;img src=x onerror=alert(1)&gt;" in tooltip


def test_health_is_quiet_steady_thriving_or_struggling_from_the_counts():
    """Score: share held, averaged with attendance where some was recorded."""
    assert Tally().health == "quiet"
    assert Tally(coming=4).health == "quiet"
    assert Tally(held=3, missed=1).health == "thriving"  # 75%, no attendance recorded
    assert Tally(held=3, missed=1, present=1, absent=3).health == "steady"  # (75+25)/2 = 50%
    assert Tally(held=1, missed=1, cancelled=1, present=1, absent=1).health == "struggling"
    assert Tally(held=1, cancelled=1, present=1).health == "thriving"  # (50+100)/2 = 75%
