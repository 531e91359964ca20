"""Changes that are hard to undo ask first, and cancelling really cancels."""

import pytest
from playwright.sync_api import expect

from murmuration.communities.models import Membership
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_asks_before_a_host_removes_a_member(world, new_page):
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("host@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/c/{world.community.slug}/")
    questions = []

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Remove Mo Member").click()
    assert questions == ["Remove Mo Member from the community and all its groups?"]
    assert Membership.objects.filter(user=world.member).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove Mo Member").click()
    expect(page.get_by_role("button", name="Remove Mo Member")).to_have_count(0)
    assert not Membership.objects.filter(user=world.member).exists()
