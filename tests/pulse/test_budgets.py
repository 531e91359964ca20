"""Query budgets: every pulse page, CSV and API answer costs the same number of queries in a
small community and after it grows (more members, nested groups, private ones, rhythms with
past sessions, attendance and pods)."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from murmuration.communities.models import Group, GroupMembership
from murmuration.rhythms import actions
from murmuration.rhythms.models import Attendance, Session
from tests.api.conftest import api_for
from tests.conftest import World
from tests.web.conftest import grow, within_budget

from .conftest import NOW, History

C = "/c/river-commons"


def grow_tempo(world: World) -> None:
    """`grow`, then a rhythm in a dozen groups, each with its past sessions attended."""
    grow(world)
    for group in Group.objects.filter(community=world.community, name__startswith="Grown")[:12]:
        caller = GroupMembership.objects.filter(group=group).first().user
        rhythm = actions.create_rhythm(
            caller,
            group,
            name=f"Rhythm of {group.name}",
            category=["relational", "planning", "working", "learning"][group.pk % 4],
            recurrence="weekly",
            start_date=NOW.date() - timedelta(weeks=10),
            start_time=time(8),
            time_zone="UTC",
            duration_minutes=60,
        )
        people = [m.user for m in GroupMembership.objects.filter(group=group)]
        Attendance.objects.bulk_create(
            Attendance(session=session, user=person, present=n % 3 != 0)
            for session in Session.objects.filter(rhythm=rhythm, starts_at__lt=NOW)
            for n, person in enumerate(people)
        )


PAGES = [
    (f"{C}/pulse/", 13),
    (f"{C}/pulse/connections-groups.csv", 8),
    (f"{C}/g/morning-crew/pulse/", 10),
    (f"{C}/g/morning-crew/pulse/tempo.csv", 7),
    ("/me/pulse/", 6),
    ("/me/pulse/my-people.csv", 4),
]


@pytest.mark.parametrize(("url", "budget"), PAGES)
def test_it_keeps_each_page_to_its_budget_as_the_community_grows(history: History, url, budget):
    client = history.world.client_for("host")
    within_budget(client, url, budget)
    grow_tempo(history.world)
    within_budget(client, url, budget)


API = [
    ("/api/v1/communities/river-commons/pulse", 13),
    ("/api/v1/communities/river-commons/groups/morning-crew/pulse", 10),
    ("/api/v1/me/pulse", 6),
]


@pytest.mark.parametrize(("path", "budget"), API)
def test_it_keeps_each_api_answer_to_its_budget_as_the_community_grows(
    history: History, path, budget
):
    api = api_for(history.world, "host", via="session")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.client.get(path).status_code == 200
        return len(queries)

    assert count() <= budget
    grow_tempo(history.world)
    assert count() <= budget
