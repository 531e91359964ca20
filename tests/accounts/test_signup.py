"""Sign-up, email confirmation, login, password reset and logout through allauth's pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from murmuration.accounts.models import User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a much longer pass phrase 42"


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _logged_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_it_signs_up_confirms_by_email_and_logs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "Nia New",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Europe/Lisbon",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.org")
    assert (user.display_name, user.time_zone) == ("Nia New", "Europe/Lisbon")
    assert _logged_in_as(client) is None

    inbox = client.get(response["Location"])
    assert "Check your inbox" in inbox.content.decode()

    assert len(mail.outbox) == 1
    confirm_url = _link(mail.outbox[0])
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "new@example.org" in page.content.decode()

    response = client.post(confirm_url)
    assert response.status_code == 302
    assert _logged_in_as(client) == user.pk
    assert user.emailaddress_set.get().verified


def test_it_renders_the_sign_up_page_in_the_site_layout(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'class="brand"' in page  # base.html's header
    assert "murmuration/accounts.js" in page
    assert 'data-suggest-zone="prefill"' in page
    assert '<option value="Asia/Kolkata">' in page


def test_it_renders_the_login_page_with_a_way_to_reset_and_sign_up(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'class="brand"' in page
    assert reverse("account_reset_password") in page
    assert reverse("account_signup") in page


def test_it_refuses_an_unknown_time_zone_at_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Mars/Olympus_Mons",
        },
    )
    assert response.status_code == 200
    assert "is not a known time zone" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_it_refuses_login_before_the_address_is_confirmed(client, db):
    User.objects.create_user(email="pending@example.org", password=PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": "pending@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert _logged_in_as(client) is None
    # A fresh link is sent so the person can still finish signing up.
    assert len(mail.outbox) == 1


def test_it_logs_in_a_confirmed_person(client):
    user = make_user("ada@example.org")
    response = client.post(
        reverse("account_login"), {"login": "ada@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert _logged_in_as(client) == user.pk


def test_it_shows_an_error_for_a_wrong_password(client):
    make_user("ada@example.org")
    response = client.post(
        reverse("account_login"), {"login": "ada@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert _logged_in_as(client) is None


def test_it_rate_limits_login_after_repeated_failures(client):
    make_user("ada@example.org")
    url = reverse("account_login")
    # login_failed allows 5 failures per address in 5 minutes.
    for _ in range(5):
        response = client.post(url, {"login": "ada@example.org", "password": "wrong"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(url, {"login": "ada@example.org", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert _logged_in_as(client) is None


def test_it_resets_a_forgotten_password(client):
    user = make_user("ada@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]

    # The emailed link stores the key in the session and redirects to a key-free URL.
    link = _link(mail.outbox[0])
    assert "/password/reset/key/" in link
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert "Choose a new password" in client.get(form_url).content.decode()
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_it_sends_no_reset_email_for_an_unknown_address(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    # The same answer as for a known address, so the form cannot be used to find accounts.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert not any("/password/reset/key/" in message.body for message in mail.outbox)


def test_it_logs_out_with_a_post(client):
    user = make_user("ada@example.org")
    client.force_login(user)
    page = client.get(reverse("account_logout"))
    assert "Are you sure you want to log out?" in page.content.decode()
    assert _logged_in_as(client) == user.pk
    client.post(reverse("account_logout"))
    assert _logged_in_as(client) is None


def test_it_explains_an_expired_or_invalid_confirmation_link(client, db):
    page = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "has expired or is not valid" in text
    assert 'class="brand"' in text


def test_it_renders_the_password_reset_pages_in_the_site_layout(client, db):
    for name in ("account_reset_password", "account_reset_password_done"):
        page = client.get(reverse(name)).content.decode()
        assert 'class="brand"' in page
        assert "murmuration/accounts.css" in page


def test_it_answers_too_many_sign_ups_with_a_page_in_the_site_layout(client, db):
    # The signup limit is 20 a minute per address; rejected forms count too.
    for _ in range(20):
        assert client.post(reverse("account_signup"), {"email": "x"}).status_code == 200
    response = client.post(reverse("account_signup"), {"email": "x"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts" in page
    assert 'class="brand"' in page
