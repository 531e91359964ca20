"""Purpose versions of a community and of a group."""

from murmuration.communities import actions
from murmuration.communities.models import PurposeVersion

from .conftest import COMMUNITY, CREW, SECRET, access


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_the_community_purpose_versions(world, as_, persona, status):
    actions.set_purpose(world.host, world.community, "Care for the watershed.", note="wider")
    response = as_(persona).get(COMMUNITY + "/purpose-versions")
    assert response.status_code == status
    if status == 200:
        versions = response.json()["items"]
        assert [v["number"] for v in versions] == [2, 1]
        assert versions[0]["note"] == "wider"
        assert versions[0]["author"]["name"] == "Hana Host"


@access(anonymous=401, outsider=404, member=403, group_member=403, host=201)
def test_it_lets_hosts_record_a_community_purpose(world, as_, persona, status):
    response = as_(persona).post(
        COMMUNITY + "/purpose-versions", {"text": "Care for the watershed.", "note": "wider"}
    )
    assert response.status_code == status
    world.community.refresh_from_db()
    if status == 201:
        assert response.json()["number"] == 2
        assert world.community.purpose == "Care for the watershed."
    else:
        assert world.community.purpose == "Look after the river together."


def test_it_refuses_an_oversized_purpose_and_saves_nothing(world, as_):
    before = PurposeVersion.objects.count()
    response = as_("host").post(COMMUNITY + "/purpose-versions", {"text": "x" * 2001})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A purpose can be at most 2000 characters; this one has 2001.",
        "field": "purpose",
    }
    assert PurposeVersion.objects.count() == before
    world.community.refresh_from_db()
    assert world.community.purpose == "Look after the river together."


def test_it_refuses_the_current_purpose_as_a_new_version(world, as_):
    response = as_("host").post(
        COMMUNITY + "/purpose-versions", {"text": "Look after the river together."}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "That is the current purpose already."


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_a_group_purpose_versions(world, as_, persona, status):
    response = as_(persona).get(CREW + "/purpose-versions")
    assert response.status_code == status
    if status == 200:
        assert [v["text"] for v in response.json()["items"]] == ["Support"]


@access(anonymous=401, outsider=404, member=403, group_member=201, host=201)
def test_it_lets_the_group_and_hosts_record_a_group_purpose(world, as_, persona, status):
    response = as_(persona).post(CREW + "/purpose-versions", {"text": "Support each other"})
    assert response.status_code == status
    world.crew.refresh_from_db()
    assert (world.crew.purpose == "Support each other") == (status == 201)


@access(anonymous=401, outsider=404, member=404, group_member=201, host=201)
def test_it_hides_a_private_group_purpose(world, as_, persona, status):
    response = as_(persona).post(SECRET + "/purpose-versions", {"text": "Grow quietly"})
    assert response.status_code == status
    if persona == "member":
        assert response.json() == {"detail": "Group not found.", "field": None}
