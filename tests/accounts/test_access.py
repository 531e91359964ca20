"""Who may open each account page: logged-in people see only their own account."""

import pytest
from django.urls import reverse

from murmuration.accounts import actions, tokens
from tests.conftest import PERSONAS

PAGES = ["accounts:profile", "accounts:availability", "accounts:tokens"]
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_login(world, name, method):
    client = world.client_for("anonymous")
    url = reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_it_sends_anonymous_visitors_to_login_before_revoking(world):
    token, secret = tokens.create_token(world.member, "member's")
    url = reverse("accounts:token_revoke", args=[token.pk])
    response = world.client_for("anonymous").post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert tokens.user_for_token(secret) == world.member


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_each_person_sees_their_own_profile(world, persona):
    response = world.client_for(persona).get(reverse("accounts:profile"))
    assert response.status_code == 200
    page = response.content.decode()
    for other in LOGGED_IN:
        assert (world.user_for(other).email in page) == (other == persona)


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_each_person_sees_their_own_availability(world, persona):
    # A different single slot for each person, so the ticked box shows whose week it is.
    for index, other in enumerate(LOGGED_IN):
        actions.set_availability(world.user_for(other), [index])
    response = world.client_for(persona).get(reverse("accounts:availability"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(" checked>") == 1
    assert f'value="{LOGGED_IN.index(persona)}" checked>' in page


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_each_person_sees_only_their_own_tokens(world, persona):
    for other in LOGGED_IN:
        tokens.create_token(world.user_for(other), f"token of {other}")
    page = world.client_for(persona).get(reverse("accounts:tokens")).content.decode()
    for other in LOGGED_IN:
        assert (f"token of {other}" in page) == (other == persona)


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_nobody_can_revoke_another_persons_token(world, persona):
    owner = world.host if persona != "host" else world.member
    token, secret = tokens.create_token(owner, "not yours")
    response = world.client_for(persona).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert tokens.user_for_token(secret) == owner


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_a_profile_post_changes_only_ones_own_profile(world, persona):
    client = world.client_for(persona)
    data = {"display_name": "Renamed", "pronouns": "", "bio": "", "time_zone": "UTC"}
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    for other in LOGGED_IN:
        user = world.user_for(other)
        user.refresh_from_db()
        assert (user.display_name == "Renamed") == (other == persona)
