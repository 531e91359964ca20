"""The main journey in a real browser: a host invites, a newcomer joins, then joins a crew.

Runs with the browser tests (`make test-browser`).
"""

import pytest

from murmuration.communities import actions
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")


def test_it_takes_a_newcomer_from_an_invitation_link_into_a_crew(
    world, new_page, live_server, settings
):
    settings.SITE_URL = live_server.url
    # Given the host creates an invitation link
    host = new_page()
    host.goto("/accounts/login/")
    log_in(host, "host@example.org")
    host.goto(f"/c/{world.community.slug}/invitations/")
    host.fill("input[name=max_uses]", "5")
    host.click("text=Create link")
    link = host.locator("input.link-field").first.input_value()
    assert link.startswith(f"{live_server.url}/i/")

    # When a newcomer opens it, logs in from there, and accepts
    newcomer = new_page()
    newcomer.goto(link)
    newcomer.locator("main").get_by_role("link", name="Log in").click()
    log_in(newcomer, "outsider@example.org")
    newcomer.wait_for_url(link)
    newcomer.click("text=Accept the invitation")

    # Then they are in the community and see its groups
    newcomer.wait_for_url(f"**/c/{world.community.slug}/")
    assert newcomer.locator("text=Welcome to River Commons.").is_visible()
    newcomer.click("a.node-name >> text=Morning Crew")

    # And joining the crew redraws its member panel without loading the page again
    newcomer.evaluate("window.stillTheSamePage = true")
    panel = newcomer.locator("#membership-panel")
    panel.locator("button", has_text="Join").click()
    panel.locator("text=You joined Morning Crew.").wait_for()
    assert newcomer.evaluate("window.stillTheSamePage") is True
    assert panel.locator("text=Otto Outsider").is_visible()
    assert panel.locator(".badge").inner_text() == "pair"
    assert panel.locator("h2").inner_text() == "2 members"


def test_it_shows_a_refused_join_inside_the_panel(world, new_page):
    # Given a member looking at the crew's page
    page = new_page()
    page.goto("/accounts/login/")
    log_in(page, "member@example.org")
    page.goto(f"/c/{world.community.slug}/g/{world.crew.slug}/")
    # ...who joins it meanwhile somewhere else
    actions.join_group(world.member, world.crew)
    # When they press the now stale Join button
    panel = page.locator("#membership-panel")
    panel.locator("button", has_text="Join").click()
    # Then the conflict is explained in the panel, which now offers Leave
    panel.locator("text=You are already in Morning Crew.").wait_for()
    assert panel.locator("button", has_text="Leave").is_visible()
