"""Personal API tokens at /me/tokens/: create, show once, list and revoke."""

import pytest
from django.urls import reverse

from murmuration.accounts import actions, tokens
from murmuration.accounts.models import ApiToken
from murmuration.errors import ActionError, NotFound
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = reverse("accounts:tokens")


@pytest.fixture
def ada():
    return make_user("ada@example.org", "Ada")


@pytest.fixture
def ada_client(client, ada):
    client.force_login(ada)
    return client


def _secret(page: str) -> str:
    marker = 'id="token-secret" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_it_creates_a_token_and_shows_its_secret_once(ada_client, ada):
    response = ada_client.post(URL, {"name": "calendar script"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    secret = _secret(page)
    assert secret.startswith(tokens.TOKEN_PREFIX)
    assert "it will not be shown again" in page
    assert "data-copy=" in page
    assert tokens.user_for_token(secret) == ada

    token = ApiToken.objects.get(user=ada)
    assert token.name == "calendar script"
    assert secret not in (token.digest, token.prefix)

    later = ada_client.get(URL).content.decode()
    assert "calendar script" in later
    assert token.prefix in later
    assert secret not in later
    assert 'id="token-secret"' not in later


def test_it_lists_name_prefix_dates_and_status(ada_client, ada):
    active, _ = tokens.create_token(ada, "active one")
    revoked, _ = tokens.create_token(ada, "old one")
    tokens.revoke_token(ada, revoked.pk)
    page = ada_client.get(URL).content.decode()
    assert f"{active.prefix}…" in page
    assert "Never" in page
    assert "status-revoked" in page
    assert "status-active" in page
    assert reverse("accounts:token_revoke", args=[active.pk]) in page
    assert reverse("accounts:token_revoke", args=[revoked.pk]) not in page


def test_it_requires_a_token_name(ada_client, ada):
    response = ada_client.post(URL, {"name": "   "})
    assert response.status_code == 200
    assert 'id="token-secret"' not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_refuses_an_overlong_token_name(ada_client, ada):
    response = ada_client.post(URL, {"name": "x" * 81})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    with pytest.raises(ActionError):
        actions.create_api_token(ada, "x" * 81)


def test_it_revokes_a_token_so_it_no_longer_authenticates(ada_client, ada):
    token, secret = tokens.create_token(ada, "laptop")
    assert tokens.user_for_token(secret) == ada
    response = ada_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert tokens.user_for_token(secret) is None
    assert "is revoked" in ada_client.get(URL).content.decode()


def test_it_revokes_only_by_post(ada_client, ada):
    token, _ = tokens.create_token(ada, "laptop")
    response = ada_client.get(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_is_harmless(ada):
    token, _ = tokens.create_token(ada, "laptop")
    first = actions.revoke_api_token(ada, token.pk).revoked_at
    assert actions.revoke_api_token(ada, token.pk).revoked_at == first


def test_it_answers_404_for_someone_elses_token(ada_client, ada):
    bea = make_user("bea@example.org", "Bea")
    token, secret = tokens.create_token(bea, "bea's")
    response = ada_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ada_client.post(reverse("accounts:token_revoke", args=[999999])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert tokens.user_for_token(secret) == bea
    with pytest.raises(NotFound):
        actions.revoke_api_token(ada, token.pk)


def test_it_lists_only_ones_own_tokens(ada_client, ada):
    bea = make_user("bea@example.org", "Bea")
    tokens.create_token(bea, "bea's secret project")
    tokens.create_token(ada, "ada's script")
    page = ada_client.get(URL).content.decode()
    assert "ada&#x27;s script" in page
    assert "bea&#x27;s secret project" not in page


@pytest.mark.parametrize("count", [1, 40])
def test_the_token_list_has_a_query_budget(ada_client, ada, count, django_assert_max_num_queries):
    for index in range(count):
        token, _ = tokens.create_token(ada, f"token {index}")
        if index % 2:
            tokens.revoke_token(ada, token.pk)
    # Session, user and the token list, whatever the number of tokens.
    with django_assert_max_num_queries(3):
        response = ada_client.get(URL)
    assert response.content.decode().count("<tr") == count + 1
