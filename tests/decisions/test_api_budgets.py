"""Query budgets of the decisions API lists: the same with a few proposals as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import COMMUNITY, api_for

from .test_pages_budgets import grow_decisions


def within(api, path, budget):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200, response.content
    assert len(queries) <= budget, f"{len(queries)} queries, budget {budget}"


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/proposals", 10),
        ("/proposals?group=morning-crew", 10),
        ("/decision-log", 10),
        ("/reviews-due?on=2031-06-01", 10),
        ("/groups/morning-crew/roles", 10),
    ],
)
def test_api_lists_keep_their_budget_as_decisions_grow(world, clock, path, budget):
    api = api_for(world, "group_member", via="session")
    within(api, COMMUNITY + path, budget)
    grow_decisions(world)
    within(api, COMMUNITY + path, budget)
