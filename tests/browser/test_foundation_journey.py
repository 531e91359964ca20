"""The foundation issue's journey, clicked through as two people would.

Ana signs up, verifies her email and creates a community; she invites Ben by link; Ben signs
up from the invitation, joins and calls a crew; Ana, watching the community page, sees the crew
appear in the scale tree, joins it, and later sees it outgrow its band.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from murmuration.accounts.models import User
from murmuration.communities import actions
from murmuration.communities.models import Community, Group, Membership
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up_and_verify(page: Page, email: str, name: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"https?://\S+", message.body)
    assert link, message.body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_it_takes_two_people_from_sign_up_to_a_crew_that_outgrows_its_band(
    new_page, live_server, settings
):
    settings.SITE_URL = live_server.url

    # Ana signs up, verifies her address and creates a community.
    ana = new_page()
    ana.goto("/accounts/signup/")
    sign_up_and_verify(ana, "ana@example.org", "Ana")
    ana.goto("/")
    ana.get_by_role("link", name="Create a community").first.click()
    ana.get_by_label("Name").fill("Harbour Neighbours")
    ana.get_by_label("Purpose").fill("Neighbours looking after each other by the harbour.")
    ana.get_by_role("button", name="Create").click()
    expect(ana.get_by_role("heading", name="Harbour Neighbours")).to_be_visible()
    community = Community.objects.get(name="Harbour Neighbours")

    # She creates an invitation link for up to five people.
    ana.get_by_role("link", name="Invite people").first.click()
    ana.get_by_label("How many people can use it").fill("5")
    ana.get_by_role("button", name="Create link").click()
    link = ana.locator("input.link-field").first.input_value()
    assert link.startswith(f"{live_server.url}/i/")

    # Ben opens the link, signs up from there and accepts.
    ben = new_page()
    ben.goto(link)
    expect(ben.get_by_text("Harbour Neighbours").first).to_be_visible()
    ben.locator("main").get_by_role("link", name="Sign up").click()
    sign_up_and_verify(ben, "ben@example.org", "Ben")
    ben.goto(link)
    ben.get_by_role("button", name="Accept the invitation").click()
    ben.wait_for_url(f"**/c/{community.slug}/")
    assert Membership.objects.filter(community=community, user__email="ben@example.org").exists()

    # Ana is on the community page while Ben calls a crew.
    ana.goto(f"/c/{community.slug}/")
    tree = ana.locator("#scale-tree")
    expect(tree).to_contain_text("No groups yet")
    ben.get_by_role("link", name="Call a group").click()
    ben.get_by_label("Name").fill("Tuesday Walkers")
    ben.get_by_label("Intended size").select_option("crew")
    ben.get_by_role("button", name="Call the group").click()
    expect(ben.get_by_role("heading", name="Tuesday Walkers")).to_be_visible()

    # The crew appears in Ana's tree without her reloading the page.
    ana.evaluate("window.sameDocument = true")
    node = tree.locator("li", has_text="Tuesday Walkers")
    expect(node).to_contain_text("1 member", timeout=15_000)
    assert ana.evaluate("window.sameDocument") is True

    # Ana opens it, joins, and back on the community page sees it as her own pair.
    node.get_by_role("link", name="Tuesday Walkers").click()
    ana.locator("#membership-panel").get_by_role("button", name="Join").click()
    expect(ana.locator("#membership-panel")).to_contain_text("2 members")
    ana.go_back()
    ana.reload()
    node = ana.locator("#scale-tree li", has_text="Tuesday Walkers")
    expect(node).to_contain_text("2 members")
    expect(node.locator(".badge")).to_contain_text("pair")
    expect(node).to_contain_text("you are in it")

    # Five more neighbours join the crew elsewhere; the tree shows it has outgrown a crew.
    ana.evaluate("window.sameDocument = true")
    crew = Group.objects.get(name="Tuesday Walkers")
    for n in range(5):
        person = User.objects.create_user(email=f"neighbour{n}@example.org")
        Membership.objects.create(community=community, user=person)
        actions.join_group(person, crew)
    expect(node).to_contain_text("7 members", timeout=15_000)
    expect(node.locator(".badge")).to_contain_text("team")
    expect(node).to_contain_text("more than a crew (3–6). Consider splitting.")
    assert ana.evaluate("window.sameDocument") is True
