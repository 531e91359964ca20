"""/communities: which communities each person sees, starting one, and changing one."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import Community, Membership, Visibility

from .conftest import COMMUNITY, access


@pytest.fixture
def elsewhere(world):
    """Two communities the World's personas are not in: one listed, one private."""
    from tests.conftest import make_user

    stranger = make_user("stranger@example.org", "Sam Stranger")
    actions.create_community(stranger, name="Open Meadow", visibility=Visibility.LISTED)
    actions.create_community(stranger, name="Hidden Valley")
    return stranger


@access(anonymous=401, outsider=200, member=200, group_member=200, host=200)
def test_it_lists_my_communities_and_listed_ones(world, elsewhere, as_, persona, status):
    response = as_(persona).get("/communities")
    assert response.status_code == status
    if status != 200:
        return
    roles = {c["name"]: c["my_role"] for c in response.json()["items"]}
    expected = {"Open Meadow": None}
    if persona in ("member", "group_member"):
        expected["River Commons"] = "member"
    if persona == "host":
        expected["River Commons"] = "host"
    assert roles == expected
    assert "Hidden Valley" not in response.content.decode()


def test_it_lists_only_my_communities_when_asked(world, elsewhere, as_):
    response = as_("member").get("/communities", mine="true")
    assert [c["name"] for c in response.json()["items"]] == ["River Commons"]


def test_it_pages_the_list(world, elsewhere, as_):
    response = as_("host").get("/communities", limit=1, offset=1)
    body = response.json()
    assert body["count"] == 2
    assert [c["name"] for c in body["items"]] == ["River Commons"]


def test_it_caps_a_page_at_200(world, as_):
    assert as_("host").get("/communities", limit=201).status_code == 422


@access(anonymous=401, outsider=201, member=201, group_member=201, host=201)
def test_it_starts_a_community_with_its_starter_as_host(world, as_, persona, status):
    response = as_(persona).post(
        "/communities", {"name": "Tide Pool", "purpose": "Swim", "visibility": "listed"}
    )
    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["slug"], body["my_role"], body["visibility"]) == (
            "tide-pool",
            "host",
            "listed",
        )
        community = Community.objects.get(slug="tide-pool")
        assert Membership.objects.get(community=community).user == getattr(world, persona)
    else:
        assert not Community.objects.filter(name="Tide Pool").exists()


def test_it_refuses_an_oversized_purpose_and_creates_nothing(world, as_):
    response = as_("outsider").post("/communities", {"name": "Too Much", "purpose": "x" * 2001})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A purpose can be at most 2000 characters; this one has 2001.",
        "field": "purpose",
    }
    assert not Community.objects.filter(name="Too Much").exists()


def test_it_asks_for_a_name(world, as_):
    response = as_("outsider").post("/communities", {"name": "   "})
    assert response.status_code == 400
    assert response.json()["field"] == "name"


@pytest.mark.parametrize(
    "body",
    [{"name": "Odd", "visibility": "secret"}, {"name": "Odd", "join_policy": "whenever"}],
)
def test_it_refuses_an_unknown_choice_and_creates_nothing(world, as_, body):
    assert as_("outsider").post("/communities", body).status_code == 422
    assert not Community.objects.filter(name="Odd").exists()


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_shows_a_private_community_to_its_members_only(world, as_, persona, status):
    response = as_(persona).get(COMMUNITY)
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == "River Commons"


def test_it_answers_for_a_private_community_exactly_as_for_a_missing_one(world, as_):
    hidden = as_("outsider").get(COMMUNITY)
    missing = as_("outsider").get("/communities/no-such-place")
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
    assert b"River" not in hidden.content


def test_it_shows_a_listed_community_to_outsiders(world, as_):
    actions.update_community(world.host, world.community, visibility=Visibility.LISTED)
    response = as_("outsider").get(COMMUNITY)
    assert response.status_code == 200
    assert response.json()["my_role"] is None


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_lets_hosts_change_the_community(world, as_, persona, status):
    response = as_(persona).patch(COMMUNITY, {"name": "River Commons Co-op", "join_policy": "ask"})
    assert response.status_code == status
    world.community.refresh_from_db()
    changed = (world.community.name, world.community.join_policy)
    if status == 200:
        assert changed == ("River Commons Co-op", "ask")
        assert response.json()["name"] == "River Commons Co-op"
    else:
        assert changed == ("River Commons", "invite")


def test_it_refuses_an_unknown_visibility_when_changing(world, as_):
    response = as_("host").patch(COMMUNITY, {"visibility": "public"})
    assert response.status_code == 422
    world.community.refresh_from_db()
    assert world.community.visibility == "private"
