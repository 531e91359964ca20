"""Editing one's own profile at /me/."""

import pytest
from django.urls import reverse

from murmuration.accounts import actions
from murmuration.errors import ActionError
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


@pytest.fixture
def ada():
    return make_user("ada@example.org", "Ada", time_zone="UTC")


def _post(client, **changes):
    data = {"display_name": "Ada", "pronouns": "", "bio": "", "time_zone": "UTC", **changes}
    return client.post(URL, data)


def test_it_shows_the_profile_form_filled_in(client, ada):
    ada.pronouns = "she/her"
    ada.save()
    client.force_login(ada)
    page = client.get(URL).content.decode()
    assert 'value="she/her"' in page
    assert '<option value="UTC" selected>' in page
    assert "data-use-zone-for" in page


def test_it_saves_the_profile(client, ada):
    client.force_login(ada)
    response = _post(
        client,
        display_name="  Ada Lovelace ",
        pronouns="she/her",
        bio="Counts things.",
        time_zone="Europe/London",
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    ada.refresh_from_db()
    assert (ada.display_name, ada.pronouns, ada.bio, ada.time_zone) == (
        "Ada Lovelace",
        "she/her",
        "Counts things.",
        "Europe/London",
    )
    assert "Your profile is saved." in client.get(URL).content.decode()


def test_it_refuses_an_unknown_time_zone_and_saves_nothing(client, ada):
    client.force_login(ada)
    response = _post(client, display_name="Changed", time_zone="Europe/Atlantis")
    assert response.status_code == 200
    assert "“Europe/Atlantis” is not a known time zone" in response.content.decode()
    ada.refresh_from_db()
    assert (ada.display_name, ada.time_zone) == ("Ada", "UTC")


def test_it_refuses_a_bio_over_500_characters_and_saves_nothing(client, ada):
    client.force_login(ada)
    response = _post(client, bio="x" * 501, time_zone="Asia/Tokyo")
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    ada.refresh_from_db()
    assert (ada.bio, ada.time_zone) == ("", "UTC")


def test_it_accepts_a_bio_of_exactly_500_characters(client, ada):
    client.force_login(ada)
    assert _post(client, bio="x" * 500).status_code == 302
    ada.refresh_from_db()
    assert len(ada.bio) == 500


def test_the_action_checks_every_field_before_writing(ada):
    with pytest.raises(ActionError) as caught:
        actions.update_profile(ada, display_name="New", pronouns="", bio="x" * 501, time_zone="UTC")
    assert caught.value.field == "bio"
    with pytest.raises(ActionError) as caught:
        actions.update_profile(ada, display_name="New", pronouns="", bio="", time_zone="Nope")
    assert caught.value.field == "time_zone"
    ada.refresh_from_db()
    assert ada.display_name == "Ada"
