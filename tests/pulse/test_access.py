"""Who gets which pulse: every page, CSV export and API endpoint for each persona.

The world's community is private: outsiders get the same 404 as for a missing one. The crew is
visible to every member; the Secret Garden only to its member and the community's hosts. The
names of people connected to nobody are for hosts.
"""

import pytest

from tests.api.conftest import access
from tests.conftest import World
from tests.web.conftest import make_listed

C = "/c/river-commons/pulse/"
CREW = "/c/river-commons/g/morning-crew/pulse/"
SECRET = "/c/river-commons/g/secret-garden/pulse/"
API = "/communities/river-commons"


def status_of(world: World, persona: str, url: str) -> int:
    return world.client_for(persona).get(url).status_code


@access(anonymous=302, outsider=404, member=200, group_member=200, host=200)
@pytest.mark.parametrize(
    "url", [C, C + "nesting.csv", C + "tempo.csv", C + "connections-groups.csv"]
)
def test_it_shows_the_community_pulse_to_members(world, persona, status, url):
    """Members see the community pulse and download its figures; nobody else learns of it."""
    assert status_of(world, persona, url) == status


@access(anonymous=302, outsider=404, member=403, group_member=403, host=200)
def test_it_gives_the_names_of_people_connected_to_nobody_to_hosts_only(world, persona, status):
    assert status_of(world, persona, C + "unconnected.csv") == status


@access(anonymous=302, outsider=404, member=200, group_member=200, host=200)
@pytest.mark.parametrize("url", [CREW, CREW + "tempo.csv", CREW + "attendance.csv"])
def test_it_shows_a_groups_pulse_to_whoever_may_see_the_group(world, persona, status, url):
    assert status_of(world, persona, url) == status


@access(anonymous=302, outsider=404, member=404, group_member=200, host=200)
@pytest.mark.parametrize("url", [SECRET, SECRET + "nesting.csv"])
def test_it_answers_a_private_groups_pulse_as_missing_for_those_who_may_not_know_it(
    world, persona, status, url
):
    assert status_of(world, persona, url) == status


@access(anonymous=302, outsider=200, member=200, group_member=200, host=200)
@pytest.mark.parametrize("url", ["/me/pulse/", "/me/pulse/my-people.csv"])
def test_it_shows_my_pulse_to_anyone_signed_in(world, persona, status, url):
    assert status_of(world, persona, url) == status


@pytest.mark.parametrize("url", [C + "nope.csv", CREW + "unconnected.csv", "/me/pulse/tempo.csv"])
def test_it_answers_an_unknown_figure_with_404(world, url):
    assert status_of(world, "host", url) == 404


def test_it_refuses_an_outsider_a_listed_communitys_pulse(world):
    """A listed community is known to exist, so its pulse says who may see it (403)."""
    make_listed(world.community)
    response = world.client_for("outsider").get(C)
    assert response.status_code == 403
    assert b"Only members" in response.content


def test_it_serves_csv_as_a_download(world):
    response = world.client_for("member").get(C + "tempo.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="river-commons-tempo.csv"'


# API -----------------------------------------------------------------------------------------


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
@pytest.mark.parametrize("path", [API + "/pulse", API + "/pulse/tempo"])
def test_it_answers_the_community_pulse_api_for_members(as_, persona, status, path):
    assert as_(persona).get(path).status_code == status


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_answers_the_unconnected_figure_api_for_hosts(as_, persona, status):
    response = as_(persona).get(API + "/pulse/unconnected")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {
            "detail": "Only the community's hosts can see this.",
            "field": None,
        }


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_answers_a_groups_pulse_api_to_whoever_may_see_the_group(as_, persona, status):
    assert as_(persona).get(API + "/groups/morning-crew/pulse").status_code == status


@access(anonymous=401, outsider=404, member=404, group_member=200, host=200)
@pytest.mark.parametrize("path", ["/pulse", "/pulse/nesting"])
def test_it_answers_a_private_groups_pulse_api_as_missing(as_, persona, status, path):
    response = as_(persona).get(API + "/groups/secret-garden" + path)
    assert response.status_code == status


@access(anonymous=401, outsider=200, member=200, group_member=200, host=200)
@pytest.mark.parametrize("path", ["/me/pulse", "/me/pulse/my-sessions"])
def test_it_answers_my_pulse_api_to_anyone_signed_in(as_, persona, status, path):
    assert as_(persona).get(path).status_code == status


def test_it_answers_an_unknown_figure_in_the_api_with_404(as_):
    response = as_("host").get(API + "/pulse/nope")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such figure."


def test_it_refuses_an_outsider_the_api_of_a_listed_communitys_pulse(world, as_):
    make_listed(world.community)
    assert as_("outsider").get(API + "/pulse").status_code == 403
