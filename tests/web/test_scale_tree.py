"""The scale tree on the community page, and the fragment the page polls to keep it current."""

import pytest

from murmuration.communities import actions
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET, make_listed, outgrow_crew, within_budget_as_it_grows

TREE_BUDGET = 6
EXPECTED = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}


def tree_url(world):
    return f"/c/{world.community.slug}/tree/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_serves_the_tree_only_to_members(world, persona):
    assert world.client_for(persona).get(tree_url(world)).status_code == EXPECTED[persona]


def test_it_refuses_the_tree_to_outsiders_of_a_listed_community(world):
    make_listed(world.community)
    response = world.client_for("outsider").get(tree_url(world))
    assert response.status_code == 403
    assert b"Morning Crew" not in response.content


@pytest.mark.parametrize(
    ("persona", "sees_secret"), [("member", False), ("group_member", True), ("host", True)]
)
def test_it_draws_private_groups_only_for_those_who_may_see_them(world, persona, sees_secret):
    content = world.client_for(persona).get(tree_url(world)).content.decode()
    assert "Morning Crew" in content
    assert (SECRET in content) is sees_secret


def test_it_is_a_fragment_that_polls_itself(world):
    content = world.client_for("member").get(tree_url(world)).content.decode()
    assert content.lstrip().startswith('<div id="scale-tree"')
    assert 'hx-trigger="every 5s' in content
    assert "<html" not in content


def test_it_shows_a_group_that_grew_since_the_page_was_drawn(world):
    client = world.client_for("member")
    assert "1 member<" in client.get(tree_url(world)).content.decode()
    actions.join_group(world.member, world.crew)
    content = client.get(tree_url(world)).content.decode()
    assert "2 members" in content
    assert "you are in it" in content


def test_it_warns_when_a_crew_outgrows_its_band(world):
    outgrow_crew(world)
    content = world.client_for("member").get(tree_url(world)).content.decode()
    assert "7 members — more than a crew (3–6). Consider splitting." in content


def test_it_keeps_the_same_query_budget_for_a_large_community(world):
    within_budget_as_it_grows(world, world.client_for("member"), tree_url(world), TREE_BUDGET)
