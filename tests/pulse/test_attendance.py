"""Attendance over time: present and absent per week, and the rate."""

from murmuration.communities.permissions import viewer_for
from murmuration.communities.views.helpers import visible_groups_by_id
from murmuration.pulse.builders import attendance
from murmuration.pulse.scope import group_scope

from .conftest import History


def test_it_counts_the_people_recorded_each_week(history: History):
    """Twelve weeks up to this one; the crew's 12 May (1 of 2) and 2 June (2 of 3)."""
    world = history.world
    viewer = viewer_for(world.host, world.community)
    scope = group_scope(viewer, world.host, world.crew, visible_groups_by_id(viewer))
    figure = attendance.build(scope)
    weeks = [row["week"] for row in figure.rows]
    assert (len(weeks), weeks[0], weeks[-1]) == (12, "2025-03-24", "2025-06-09")
    recorded = {row["week"]: row for row in figure.rows if row["present"] or row["absent"]}
    assert recorded == {
        "2025-05-12": {"week": "2025-05-12", "present": 1, "absent": 1, "attendance_percent": 50},
        "2025-06-02": {"week": "2025-06-02", "present": 2, "absent": 1, "attendance_percent": 67},
    }
    assert figure.summary == "60% of the people recorded were there, over the last 12 weeks."
