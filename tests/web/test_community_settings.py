"""Community settings: name, visibility and how people join, changed by hosts."""

import pytest

from murmuration.communities.models import Community
from tests.conftest import PERSONAS

HOST_PAGE = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 200}
HOST_POST = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 302}
CHANGES = {"name": "River Commons Co-op", "visibility": "listed", "join_policy": "ask"}


def url(world):
    return f"/c/{world.community.slug}/settings/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_settings_to_hosts_only(world, persona):
    response = world.client_for(persona).get(url(world))
    assert response.status_code == HOST_PAGE[persona]


def test_it_fills_the_form_with_the_current_settings(world):
    content = world.client_for("host").get(url(world)).content.decode()
    assert 'value="River Commons"' in content
    assert '<label for="id_visibility"' in content
    assert '<label for="id_join_policy"' in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_change_settings(world, persona):
    response = world.client_for(persona).post(url(world), CHANGES)
    assert response.status_code == HOST_POST[persona]
    community = Community.objects.get(pk=world.community.pk)
    assert (community.name == "River Commons Co-op") is (persona == "host")
    assert (community.visibility == "listed") is (persona == "host")


@pytest.mark.parametrize(
    ("field", "value"), [("visibility", "everyone"), ("join_policy", "maybe"), ("name", "")]
)
def test_it_refuses_bad_values_and_changes_nothing(world, field, value):
    response = world.client_for("host").post(url(world), {**CHANGES, field: value})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    community = Community.objects.get(pk=world.community.pk)
    assert (community.name, community.visibility) == ("River Commons", "private")
