"""The pulse in a real browser: every chart of the community pulse is drawn, the table behind
it opens, a figure downloads as CSV, and a member finds the group pulse and their own.

Screenshots go to `screenshots/` at the top of the work tree (not committed; see .gitignore),
for people to look at the pictures.
"""

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from murmuration.communities import actions as community_actions
from murmuration.communities.models import Group, GroupMembership, Membership
from murmuration.rhythms import actions
from murmuration.rhythms.models import Attendance, Rhythm, Session
from tests.conftest import World, make_user

from .test_rhythms import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def weekly(group: Group, name: str, category: str, pattern: str) -> Rhythm:
    """A weekly rhythm whose past sessions, oldest first, went as `pattern` says: H held with
    most people there, h held with few, M missed, C cancelled."""
    caller = GroupMembership.objects.filter(group=group).order_by("pk").first().user
    now = timezone.now()
    rhythm = actions.create_rhythm(
        caller,
        group,
        name=name,
        category=category,
        recurrence="weekly",
        start_date=(now - timedelta(weeks=len(pattern)) + timedelta(days=1)).date(),
        start_time=(now - timedelta(hours=3)).time(),
        time_zone="UTC",
        duration_minutes=60,
    )
    people = [m.user for m in GroupMembership.objects.filter(group=group)]
    past = list(Session.objects.filter(rhythm=rhythm, starts_at__lt=now - timedelta(days=1)))
    for session, kind in zip(past, pattern, strict=True):
        if kind == "C":
            Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
        elif kind in "Hh":
            there = max(1, len(people) - 1) if kind == "H" else 1
            Attendance.objects.bulk_create(
                Attendance(session=session, user=p, present=n < there) for n, p in enumerate(people)
            )
    return rhythm


def group_of(world: World, name: str, people, parent=None, private=False) -> Group:
    group = community_actions.call_group(
        people[0], world.community, name=name, parent=parent, is_private=private
    )
    GroupMembership.objects.bulk_create(GroupMembership(group=group, user=p) for p in people[1:])
    return group


@pytest.fixture
def lively(world: World) -> World:
    """A community with a team of eleven and four groups inside it, doing well and less well."""
    people = [make_user(f"p{n}@example.org", name) for n, name in enumerate(
        ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kim", "Lou"]
    )]  # fmt: skip
    Membership.objects.bulk_create(Membership(community=world.community, user=p) for p in people)
    team = group_of(world, "Riverside Team", [world.group_member, *people[:10]])
    morning = group_of(world, "Sunrise Crew", [world.group_member, *people[:4]], parent=team)
    evening = group_of(world, "Evening Crew", people[4:8], parent=team)
    tools = group_of(world, "Tool Library", people[8:11], parent=team)
    GroupMembership.objects.create(group=world.crew, user=people[11])
    # Pods formed month by month, so the connection curve has a history to draw.
    for days, group in ((150, team), (120, morning), (80, evening), (40, tools), (10, world.crew)):
        GroupMembership.objects.filter(group=group).update(
            joined_at=timezone.now() - timedelta(days=days)
        )
    weekly(team, "Team meeting", "planning", "HHCHHMHH")
    weekly(morning, "Morning check-in", "relational", "HHHHHHHH")
    weekly(evening, "Evening circle", "relational", "HMhMMCMh")
    weekly(tools, "Repair evening", "working", "hHMHhHHM")
    weekly(world.crew, "Reading group", "learning", "HhHH")
    weekly(world.private_crew, "Garden walk", "relational", "HHH")
    return world


def charts_are_drawn(page: Page, count: int) -> None:
    charts = page.locator(".pulse-chart")
    expect(charts).to_have_count(count)
    for index in range(count):
        chart = charts.nth(index)
        expect(chart.locator("svg")).to_have_count(1)
        # Drawn, not an empty frame: bars, boxes and lines are SVG paths.
        assert chart.locator("svg path").count() > 10
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    for figure in page.locator(".pulse-figure").all():
        key = (figure.get_attribute("id") or "").removeprefix("figure-")
        figure.screenshot(path=SHOTS / f"{name}-{key}.png")


def test_a_host_sees_every_chart_of_the_community_pulse_and_downloads_a_figure(
    lively: World, new_page
):
    page = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1100, "height": 900})
    log_in(page, "host@example.org")

    # When the host opens the community's Pulse tab
    page.goto(f"/c/{lively.community.slug}/")
    page.get_by_role("navigation", name="Community").get_by_role("link", name="Pulse").click()
    expect(page.get_by_role("heading", name="Pulse", exact=True)).to_be_visible()

    # Then every figure is there and every chart is drawn
    for title in (
        "Groups by scale and health",
        "Tempo: sessions week by week",
        "Attendance over time",
        "Connections through small groups",
        "Not yet connected",
    ):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    charts_are_drawn(page, 4)
    assert errors == []
    shoot(page, "community-pulse")

    # And the table behind a chart opens on request
    tempo = page.locator("#figure-tempo")
    table = tempo.locator("table")
    tempo.get_by_role("button", name="Show the table").click()
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader", name="Category")).to_be_visible()
    tempo.get_by_role("button", name="Hide the table").click()
    expect(tempo.get_by_role("button", name="Show the table")).to_be_visible()

    # And a figure downloads as CSV with the same columns
    with page.expect_download() as download:
        tempo.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == "river-commons-tempo.csv"
    with open(download.value.path(), newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Category", "Week of", "Held", "Missed", "Cancelled", "Coming"]
    assert {row[0] for row in rows[1:]} == {"Relational", "Planning", "Working", "Learning"}


def test_a_member_finds_a_groups_pulse_and_their_own(lively: World, new_page):
    page = new_page()
    page.set_viewport_size({"width": 1100, "height": 900})
    log_in(page, "crew@example.org")

    # From the group page to its pulse
    page.goto(f"/c/{lively.community.slug}/g/riverside-team/")
    page.get_by_role("link", name="Group pulse").click()
    expect(page.get_by_role("heading", name="Pulse of Riverside Team")).to_be_visible()
    charts_are_drawn(page, 3)
    shoot(page, "group-pulse")

    # From the header to my pulse
    page.get_by_role("link", name="My pulse").first.click()
    expect(page.get_by_role("heading", name="My pulse", exact=True)).to_be_visible()
    charts_are_drawn(page, 3)
    shoot(page, "my-pulse")
