"""Rhythms in a real browser: adding one and answering on the calendar, running a session with
two people watching the same step, and a private note a host cannot read.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from murmuration.accounts.models import User
from murmuration.communities.models import GroupMembership, Membership
from murmuration.rhythms import actions
from murmuration.rhythms.models import Practice, Rhythm, Session
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def crew_session(world, practice_slug: str = "case-clinic") -> Session:
    rhythm = actions.create_rhythm(
        world.group_member,
        world.crew,
        name="Case clinic circle",
        category="learning",
        recurrence="weekly",
        start_date=timezone.localdate() + timedelta(days=1),
        start_time=timezone.now().time(),
        time_zone="Europe/London",
        duration_minutes=45,
        practice=Practice.objects.get(slug=practice_slug, community=None),
    )
    return rhythm.sessions.order_by("starts_at").first()


def test_a_member_adds_a_weekly_rhythm_sees_it_in_their_time_and_says_they_are_coming(
    world, new_page
):
    # Given a crew member who lives in New York
    User.objects.filter(pk=world.group_member.pk).update(time_zone="America/New_York")
    page = new_page()
    log_in(page, "crew@example.org")
    page.goto(f"/c/{world.community.slug}/g/{world.crew.slug}/")

    # When they add a weekly rhythm at 19:00 London time from the group page
    section = page.locator("#group-rhythms")
    expect(section.get_by_text("No rhythms yet.")).to_be_visible()
    section.get_by_role("link", name="Add a rhythm").click()
    first = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Name").fill("Tuesday walk")
    page.get_by_label("Kind of encounter").select_option("relational")
    page.get_by_label("Repeats").select_option("weekly")
    expect(page.get_by_label("Custom rule")).to_be_hidden()
    page.get_by_label("First date").fill(first.isoformat())
    page.get_by_label("Start time").fill("19:00")
    expect(page.get_by_label("Time zone")).to_have_value("America/New_York")
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_label("Duration (minutes)").fill("60")
    page.get_by_label("Place or video link").fill("The bridge by the mill")
    page.get_by_label("Practice").select_option(label="Check-in round (13 min)")
    page.get_by_role("button", name="Add the rhythm").click()
    expect(page.get_by_text("“Tuesday walk” is in the calendar.")).to_be_visible()

    # Then the calendar shows it at New York time, with London's time beside it
    rhythm = Rhythm.objects.get(name="Tuesday walk")
    session = rhythm.sessions.order_by("starts_at").first()
    new_york = session.starts_at.astimezone(ZoneInfo("America/New_York"))
    page.get_by_role("link", name="Calendar").first.click()
    expect(page.get_by_role("heading", name="Calendar of Morning Crew")).to_be_visible()
    first_row = page.locator(".sessions li").first
    expect(first_row.locator(".time")).to_have_text(new_york.strftime("%H:%M"))
    expect(first_row).to_contain_text("(19:00 Europe/London)")
    expect(first_row).to_contain_text("you have not answered")

    # And answering "Coming" on the session page redraws only the RSVP panel
    first_row.get_by_role("link", name="Tuesday walk").click()
    page.evaluate("window.stillTheSamePage = true")
    panel = page.locator("#rsvp-panel")
    panel.get_by_role("button", name="Coming", exact=True).click()
    expect(panel.get_by_text("Saved: Coming.")).to_be_visible()
    expect(panel.get_by_role("button", name="Coming", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.evaluate("window.stillTheSamePage") is True
    assert session.attendance.get(user=world.group_member).rsvp == "yes"

    # And the calendar now shows the answer
    page.goto(f"/c/{world.community.slug}/g/{world.crew.slug}/calendar/")
    expect(page.locator(".sessions li").first).to_contain_text("you: coming")


def test_two_people_run_a_case_clinic_and_both_see_every_step(world, new_page):
    # Given a second crew member and a session of the case clinic
    ben = make_user("ben@example.org", "Ben Brook")
    Membership.objects.create(community=world.community, user=ben)
    GroupMembership.objects.create(group=world.crew, user=ben)
    session = crew_session(world)
    steps = [step["title"] for step in session.practice.steps]
    assert len(steps) == 7
    runner = f"/c/{world.community.slug}/g/{world.crew.slug}/sessions/{session.pk}/run/"

    # Both open the runner; the second only watches, never reloading
    cris = new_page()
    log_in(cris, "crew@example.org")
    cris.goto(runner)
    watcher = new_page()
    log_in(watcher, "ben@example.org")
    watcher.goto(runner)
    watcher.evaluate("window.stillTheSamePage = true")
    watcher_panel = watcher.locator("#runner-step")
    expect(watcher_panel).to_contain_text("Not started")

    # When the facilitator starts, and moves through every step
    cris_panel = cris.locator("#runner-step")
    cris_panel.get_by_role("button", name="Start the session").click()
    for number, title in enumerate(steps, start=1):
        expect(cris_panel.get_by_role("heading", name=title)).to_be_visible()
        expect(cris_panel).to_contain_text(f"Step {number} of 7")
        # Then the watcher's page shows the same step by itself
        expect(watcher_panel.get_by_role("heading", name=title)).to_be_visible(timeout=3000)
        expect(watcher_panel).to_contain_text(f"Step {number} of 7")
        expect(watcher_panel.locator("[data-countdown]")).to_contain_text("left")
        if number < len(steps):
            cris_panel.get_by_role("button", name="Next step").click()

    # One step back and forth from the watcher's side reaches the facilitator too
    watcher_panel.get_by_role("button", name="Previous step").click()
    expect(cris_panel.get_by_role("heading", name=steps[-2])).to_be_visible(timeout=3000)
    watcher_panel.get_by_role("button", name="Next step").click()
    expect(cris_panel.get_by_role("heading", name=steps[-1])).to_be_visible(timeout=3000)

    # And finishing ends it for both
    cris_panel.get_by_role("button", name="Finish the session").click()
    expect(watcher_panel.get_by_role("heading", name="The session is over.")).to_be_visible(
        timeout=3000
    )
    assert watcher.evaluate("window.stillTheSamePage") is True
    session.refresh_from_db()
    assert session.finished_at is not None
    assert session.current_step == len(steps) - 1

    # The check-in round and the notes reach the other page too
    watcher.reload()
    cris.locator("#checkins-panel").get_by_label("One word for how you arrive").fill("grateful")
    cris.locator("#checkins-panel").get_by_label("4", exact=True).check()
    cris.locator("#checkins-panel").get_by_role("button", name="Check in").click()
    expect(watcher.locator("#checkins-list")).to_contain_text("grateful", timeout=4000)
    cris.locator("#notes-panel").get_by_label("Add a note").fill("Ben will try the pairing idea.")
    cris.locator("#notes-panel").get_by_role("button", name="Add the note").click()
    expect(watcher.locator("#notes-list")).to_contain_text("pairing idea", timeout=4000)


def test_a_private_note_is_not_shown_to_a_host_outside_the_group(world, new_page):
    # Given a crew member writes a note on a session page
    session = crew_session(world, "check-in-round")
    url = f"/c/{world.community.slug}/g/{world.crew.slug}/sessions/{session.pk}/"
    cris = new_page()
    log_in(cris, "crew@example.org")
    cris.goto(url)
    notes = cris.locator("#notes-panel")
    notes.get_by_label("Add a note").fill("Cris is worried about the rent.")
    notes.get_by_role("button", name="Add the note").click()
    expect(notes.locator("#notes-list")).to_contain_text("worried about the rent")

    # When the community's host, who is not in the crew, opens the same session
    host = new_page()
    log_in(host, "host@example.org")
    host.goto(url)

    # Then they see the session but not the note, nor a place to write one
    expect(host.get_by_role("heading", name="Case clinic circle")).to_be_visible()
    expect(host.get_by_text("Notes and check-ins are private to the group.")).to_be_visible()
    assert "worried" not in host.content()
    expect(host.locator("#notes-panel")).to_have_count(0)
    expect(host.get_by_role("link", name="Open the runner")).to_have_count(0)
