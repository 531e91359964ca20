"""A pod-calling round in a real browser: a host opens it, three members in three time zones
opt in by ticking their free half-hours (five others are already in), the host reviews the
proposed pods, moves someone (seeing the effect first) and publishes; a member finds their new
pod and its meeting time in their own time zone.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from murmuration.accounts.models import User
from murmuration.communities.models import Membership
from murmuration.matching.models import Entry, Pod, Round
from tests.conftest import make_user
from tests.matching.conftest import add_people, next_monday, opt_everyone_in

from .test_rhythms import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Zones without daylight saving, so the expected local times hold all year. Everyone is free
# on Tuesday 18:00-19:00 UTC, which each of them ticks in their own clock.
MEMBERS = {
    "member@example.org": ("Africa/Lagos", ["Tuesday 19:00–19:30", "Tuesday 19:30–20:00"]),
    "crew@example.org": ("Asia/Dubai", ["Tuesday 22:00–22:30", "Tuesday 22:30–23:00"]),
    "tia@example.org": ("UTC", ["Tuesday 18:00–18:30", "Tuesday 18:30–19:00"]),
}


def _opt_in(page: Page, email: str, cells: list[str]) -> None:
    log_in(page, email)
    page.goto("/")
    page.get_by_role("link", name="Winter round").click()
    page.get_by_role("link", name="Opt in").click()
    for cell in cells:
        page.get_by_label(cell, exact=True).check()
    page.get_by_role("button", name="Opt in").click()
    expect(page.get_by_role("heading", name="You are in")).to_be_visible()
    page.get_by_role("button", name="Log out").click()


def test_a_host_runs_a_round_and_a_member_finds_their_pod_in_their_own_time(world, new_page):
    tia = make_user("tia@example.org", "Tia Third")
    Membership.objects.create(community=world.community, user=tia)
    for email, (zone, _cells) in MEMBERS.items():
        User.objects.filter(email=email).update(time_zone=zone)
    User.objects.filter(pk=world.host.pk).update(time_zone="Asia/Tokyo")

    # A host opens a round from the community's Rounds tab
    page = new_page()
    log_in(page, "host@example.org")
    page.goto(f"/c/{world.community.slug}/")
    page.get_by_role("navigation", name="Community").get_by_role("link", name="Rounds").click()
    page.get_by_role("link", name="Open a round").click()
    deadline = timezone.localtime(timezone.now() + timedelta(days=5))
    page.get_by_label("Name").fill("Winter round")
    page.get_by_label("Opt-in deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("First week").fill(next_monday().isoformat())
    page.get_by_label("Smallest pod").fill("3")
    page.get_by_label("Largest pod").fill("4")
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("“Winter round” is open for opt-ins.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # Five others are in already; three members opt in with their availability
    round = Round.objects.get(name="Winter round")
    opt_everyone_in(round, add_people(world, 5))
    for email, (_zone, cells) in MEMBERS.items():
        _opt_in(page, email, cells)
    assert Entry.objects.filter(round=round).count() == 8

    # The host proposes pods and sees their times in Tokyo time
    log_in(page, "host@example.org")
    page.goto(round.get_absolute_url())
    page.get_by_role("link", name="Review the pods").click()
    page.get_by_role("button", name="Propose pods now (closes opt-ins)").click()
    expect(page.get_by_text("2 pods proposed")).to_be_visible()
    expect(page.locator(".pod").first).to_contain_text("Wednesday 03:00–04:00")

    # ...chooses to move Tia to the other pod, sees what it does, and moves her
    tias_pod = Entry.objects.get(round=round, user=tia).pod
    other = Pod.objects.filter(round=round).exclude(pk=tias_pod.pk).get()
    page.get_by_label("Move", exact=True).select_option(label="Tia Third")
    page.get_by_label("to", exact=True).select_option(label=f"Pod {other.number}")
    effect = page.locator("#move-effect")
    expect(effect).to_contain_text(f"Pod {other.number} (joining)")
    expect(effect).to_contain_text("4 → 5 people")
    expect(effect).to_contain_text("meets Wed 03:00")
    expect(effect).to_contain_text("larger than the round's largest size")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Tia Third moved.")).to_be_visible()
    assert Entry.objects.get(round=round, user=tia).pod == other

    # ...and publishes
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish the pods").click()
    expect(page.get_by_text("is published")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # A member in Lagos finds the new pod on the home page, in Lagos time
    log_in(page, "member@example.org")
    page.goto("/")
    pods = page.locator("#home-rounds")
    expect(pods.get_by_role("heading", name="Your new pods")).to_be_visible()
    expect(pods).to_contain_text("Tuesday 19:00–20:00")
    page.goto(round.get_absolute_url())
    mine = page.locator("#my-pod")
    expect(mine).to_contain_text("Tuesday 19:00–20:00")
    expect(mine).to_contain_text("Africa/Lagos")
    mine.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Winter round · pod")
