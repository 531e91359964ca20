"""Purpose versions of a community and of a group (changing one: tests/decisions)."""

from murmuration.communities import actions

from .conftest import COMMUNITY, CREW, access


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_the_community_purpose_versions(world, as_, persona, status):
    actions.record_purpose(
        world.community, "Care for the watershed.", note="wider", author=world.host
    )
    response = as_(persona).get(COMMUNITY + "/purpose-versions")
    assert response.status_code == status
    if status == 200:
        versions = response.json()["items"]
        assert [v["number"] for v in versions] == [2, 1]
        assert versions[0]["note"] == "wider"
        assert versions[0]["author"]["name"] == "Hana Host"
        assert versions[0]["proposal_id"] is None


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_a_group_purpose_versions(world, as_, persona, status):
    response = as_(persona).get(CREW + "/purpose-versions")
    assert response.status_code == status
    if status == 200:
        assert [v["text"] for v in response.json()["items"]] == ["Support"]


def test_it_no_longer_takes_a_purpose_directly(world, as_):
    """A purpose changes through a proposal; the old direct path is gone."""
    response = as_("host").post(
        COMMUNITY + "/purpose-versions", {"text": "Care for the watershed."}
    )
    assert response.status_code == 405
    world.community.refresh_from_db()
    assert world.community.purpose == "Look after the river together."
