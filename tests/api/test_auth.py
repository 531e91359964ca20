"""Getting in: personal tokens, the login session with its CSRF check, and 401 for the rest."""

import pytest
from django.test import Client

from murmuration.accounts.models import ApiToken
from murmuration.accounts.tokens import create_token, revoke_token
from murmuration.communities.models import Community

from .conftest import COMMUNITY, CREW

CSRF_SECRET = "a" * 32  # the unmasked form Django accepts in both the cookie and the header


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/me"),
        ("patch", "/me"),
        ("get", "/communities"),
        ("post", "/communities"),
        ("get", COMMUNITY),
        ("get", COMMUNITY + "/members"),
        ("get", CREW),
        ("post", CREW + "/join"),
        ("post", "/invitations/whatever/accept"),
    ],
)
def test_it_answers_401_in_json_without_credentials(world, method, path):
    response = getattr(Client(), method)("/api/v1" + path, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_it_accepts_a_personal_token_as_bearer(world):
    _token, secret = create_token(world.member, "script")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.json()["email"] == "member@example.org"


def test_it_records_when_a_token_was_last_used(world):
    token, secret = create_token(world.member, "script")
    Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_refuses_a_revoked_token_with_401(world):
    token, secret = create_token(world.member, "script")
    revoke_token(world.member, token.pk)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer mur_" + "x" * 43, "Bearer ", "Token mur_abc", "mur_abc"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_a_garbage_token_with_401(world, header, method):
    """Also for writes: a bad token is 401, never a CSRF 403 from the session fallback."""
    send = getattr(Client(enforce_csrf_checks=True), method)
    response = send(
        "/api/v1/communities",
        {"name": "Nope"},
        content_type="application/json",
        headers={"Authorization": header},
    )
    assert response.status_code == 401
    assert not Community.objects.filter(name="Nope").exists()


def test_it_lets_a_token_write_without_a_csrf_token(world):
    _token, secret = create_token(world.outsider, "script")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/communities",
        {"name": "Tide Pool"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201


def _browser(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.outsider)
    return client


def test_it_lets_a_session_read_without_a_csrf_token(world):
    assert _browser(world).get("/api/v1/me").status_code == 200


def test_it_refuses_a_session_write_without_the_csrf_token(world):
    response = _browser(world).post(
        "/api/v1/communities", {"name": "Forged"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Community.objects.filter(name="Forged").exists()


def test_it_accepts_a_session_write_with_the_csrf_token(world):
    client = _browser(world)
    client.cookies["csrftoken"] = CSRF_SECRET
    response = client.post(
        "/api/v1/communities",
        {"name": "Tide Pool"},
        content_type="application/json",
        headers={"X-CSRFToken": CSRF_SECRET},
    )
    assert response.status_code == 201


def test_it_mints_tokens_only_for_a_browser_session(world):
    """A leaked token must not be able to mint tokens that outlive its own revocation."""
    _token, secret = create_token(world.member, "script")
    response = Client().post(
        "/api/v1/me/tokens",
        {"name": "another"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 401
    assert ApiToken.objects.filter(user=world.member).count() == 1
