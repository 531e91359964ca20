"""Browser journeys for the account pages, driven through Chromium (run with -m browser)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from murmuration.accounts.models import User
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_it_signs_up_with_the_browsers_time_zone(new_page):
    page = new_page()
    page.goto("/accounts/signup/")
    # The browser context runs in Europe/London; the script preselects it.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    page.get_by_label("Email").fill("nia@example.org")
    page.get_by_label("Your name").fill("Nia")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    link = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert link
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert User.objects.get(email="nia@example.org").time_zone == "Europe/London"


def test_it_paints_availability_by_dragging_and_by_keyboard(new_page):
    make_user("ada@example.org", "Ada", time_zone="Europe/London")
    page = new_page()
    log_in(page, "ada@example.org")
    page.goto("/me/availability/")
    expect(page.get_by_text("Times are in Europe/London")).to_be_visible()

    first = page.get_by_label("Monday 19:00–19:30")
    last = page.get_by_label("Monday 20:30–21:00")
    first.scroll_into_view_if_needed()
    start, end = first.bounding_box(), last.bounding_box()
    assert start and end
    page.mouse.move(start["x"] + 4, start["y"] + 4)
    page.mouse.down()
    page.mouse.move(end["x"] + 4, end["y"] + 4, steps=8)
    page.mouse.up()

    # Arrow keys move between cells; Space ticks.
    page.get_by_label("Wednesday 07:00–07:30").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Thursday 07:30–08:00")).to_be_focused()

    page.get_by_role("button", name="Save availability").click()
    expect(page.get_by_text("Mon 19:00–21:00, Wed 07:00–08:00")).to_be_visible()
    user = User.objects.get(email="ada@example.org")
    assert user.availability == [38, 39, 40, 41, 110, 111]


def test_it_offers_the_browsers_zone_on_the_profile(new_page):
    make_user("ada@example.org", "Ada", time_zone="UTC")
    page = new_page()
    log_in(page, "ada@example.org")
    page.goto("/me/")
    page.get_by_role("button", name="Use Europe/London").click()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    expect(page.get_by_role("button", name="Use Europe/London")).to_be_hidden()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    assert User.objects.get(email="ada@example.org").time_zone == "Europe/London"


def test_it_creates_copies_and_revokes_a_token(new_page):
    make_user("ada@example.org", "Ada")
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, "ada@example.org")
    page.goto("/me/tokens/")
    page.get_by_label("Token name").fill("laptop")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("mur_")
    page.get_by_role("button", name="Copy").click()
    expect(page.locator(".copy-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == secret

    page.goto("/me/tokens/")
    assert secret not in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke laptop").click()
    expect(page.get_by_text("The token “laptop” is revoked.")).to_be_visible()
