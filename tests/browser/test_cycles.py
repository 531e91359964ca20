"""Cycles in a real browser: a pod completes its commitment, runs its retro (add, group, vote,
act), two continue and one steps out, and it renews with a changed rhythm; a crew that outgrew
its band splits in two and the lineage shows both halves.
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from murmuration.communities.models import Group, GroupMembership, Membership
from murmuration.cycles import actions
from murmuration.cycles.models import Commitment, RetroAction, RetroItem, RetroVote
from murmuration.rhythms import actions as rhythm_actions
from tests.conftest import make_user

from .test_rhythms import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def crew_of_three(world):
    people = [world.group_member]
    for email, name in [("ben@example.org", "Ben Brook"), ("cai@example.org", "Cai Cedar")]:
        person = make_user(email, name)
        Membership.objects.create(community=world.community, user=person)
        GroupMembership.objects.create(group=world.crew, user=person)
        people.append(person)
    return people


def six_weeks_ending_now(world, people) -> Commitment:
    """A weekly rhythm whose sixth session is under way, in a commitment of six sessions."""
    sixth = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=20)
    first = sixth - timedelta(weeks=5)
    rhythm = rhythm_actions.create_rhythm(
        world.group_member,
        world.crew,
        name="Pod check-in",
        category="relational",
        recurrence="weekly",
        start_date=first.date(),
        start_time=first.time(),
        time_zone="UTC",
        duration_minutes=60,
    )
    return actions.begin_commitment(
        world.crew, rhythm=rhythm, starts_on=first.date(), session_count=6, members=people
    )


def choose(page: Page, url: str, label: str) -> None:
    page.goto(url)
    review = page.locator("section.review")
    review.get_by_label(label, exact=True).check()
    review.get_by_role("button", name="Save my choice").click()


def test_a_pod_runs_its_retro_reviews_privately_and_renews_with_a_changed_rhythm(
    world, new_page, time_machine
):
    ana, ben, cai = crew_of_three(world)
    commitment = six_weeks_ending_now(world, [ana, ben, cai])
    group_url = f"/c/{world.community.slug}/g/{world.crew.slug}/"

    # The pod is in its sixth and last session, which is its retrospective
    cris = new_page()
    log_in(cris, "crew@example.org")
    cris.goto(group_url)
    cycles = cris.locator("#group-cycles")
    expect(cycles).to_contain_text("Session 6 of 6")
    cycles.get_by_role("link", name="Pod check-in").click()
    cris.get_by_role("link", name="Session 6").click()
    cris.get_by_role("link", name="Open the retrospective").click()
    board = cris.locator("#retro-board")

    # Items go into the columns, two of them saying the same thing
    for column, text in [
        ("What's working", "Starting on time"),
        ("What's working", "Punctual starts"),
        ("What could be better", "We run over the hour"),
    ]:
        board.get_by_label(f"Add to “{column}”").fill(text)
        board.get_by_label(f"Add to “{column}”").locator("..").get_by_role(
            "button", name="Add"
        ).click()
        expect(board.locator(".item-text", has_text=text)).to_be_visible()
    # Grouping the similar ones
    board.get_by_label("Group “Punctual starts” with").select_option(label="Starting on time")
    board.get_by_role("button", name="Group “Punctual starts”").click()
    expect(board.locator(".grouped")).to_contain_text("Punctual starts")

    # Voting: Cris and Ben, each on their own page
    board.get_by_role("button", name="Move on to the vote").click()
    expect(board).to_contain_text("3 votes left")
    board.get_by_role("button", name="Vote “We run over the hour”").click()
    expect(board).to_contain_text("2 votes left")
    board.get_by_role("button", name="Vote “Starting on time”").click()
    ben_page = new_page()
    log_in(ben_page, "ben@example.org")
    ben_page.goto(cris.url)
    ben_page.locator("#retro-board").get_by_role(
        "button", name="Vote “We run over the hour”"
    ).click()
    expect(ben_page.locator("#retro-board")).to_contain_text("2 votes left")
    assert RetroVote.objects.count() == 3

    # Acting on the top item: an owner and a date
    cris.reload()
    board = cris.locator("#retro-board")
    board.get_by_role("button", name="Close the vote and agree actions").click()
    top = board.locator(".top-items li").first
    expect(top).to_contain_text("We run over the hour")
    expect(top).to_contain_text("2 votes")
    top.get_by_label("Action").fill("A timekeeper each week")
    top.get_by_label("Who looks after it").select_option(label="Ben Brook")
    top.get_by_label("Check back on").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    top.get_by_role("button", name="Agree the action").click()
    expect(board.locator(".retro-actions")).to_contain_text("A timekeeper each week")
    board.get_by_role("button", name="Finish the retrospective").click()
    expect(board.locator('[aria-current="step"]')).to_have_text("Done")
    assert RetroAction.objects.get().owner == ben
    assert RetroItem.objects.filter(parent__isnull=False).count() == 1

    # The session ends: an hour later the commitment is at its review gate
    time_machine.move_to(timezone.now() + timedelta(hours=1), tick=True)
    cris.goto(group_url)
    expect(cycles).to_contain_text("In review")
    cycles.get_by_role("link", name="Make your choice").click()
    review_url = cris.url.split("#")[0]

    # Each chooses privately: two continue, one steps out
    choose(cris, review_url, "Continue")
    expect(cris.get_by_text("Your choice is saved. Only you can see it.")).to_be_visible()
    choose(ben_page, review_url, "Continue with a change")
    cai_page = new_page()
    log_in(cai_page, "cai@example.org")
    choose(cai_page, review_url, "Step out")
    expect(cai_page.get_by_text("Thank you for being part of this pod")).to_be_visible()
    expect(cai_page.get_by_text("invited to the next round")).to_be_visible()
    cris.goto(review_url)
    expect(cris.get_by_text("3 of 3 people have chosen.")).to_be_visible()
    assert "Step out" not in cris.locator(".commitment-status").inner_text()

    # Cris renews, fortnightly at 18:30 as the retro agreed
    renew = cris.locator("form", has=cris.get_by_role("button", name="Renew the commitment"))
    renew.get_by_label("Number of sessions").fill("4")
    renew.get_by_label("Repeats").select_option("fortnightly")
    renew.get_by_label("Start time").fill("18:30")
    renew.get_by_role("button", name="Renew the commitment").click()
    expect(cris.get_by_text("The pod renewed. Here is the new commitment.")).to_be_visible()
    expect(cris.locator(".commitment-status")).to_contain_text("Active")
    expect(cris.locator("dl.facts")).to_contain_text("Cris Crew, Ben Brook")
    expect(cris.locator("dl.facts")).not_to_contain_text("Cai Cedar")

    renewed = Commitment.objects.get(previous=commitment)
    assert renewed.session_count == 4
    assert renewed.rhythm.rrule == "FREQ=WEEKLY;INTERVAL=2"
    assert not GroupMembership.objects.filter(group=world.crew, user=cai).exists()


def test_a_crew_that_outgrew_its_band_splits_in_two_and_the_lineage_shows_both(world, new_page):
    for n in range(7):
        person = make_user(f"p{n}@example.org", f"Person {n}")
        Membership.objects.create(community=world.community, user=person)
        GroupMembership.objects.create(group=world.crew, user=person)
    rhythm_actions.create_rhythm(
        world.group_member,
        world.crew,
        name="Crew meeting",
        category="relational",
        recurrence="weekly",
        start_date=timezone.localdate() + timedelta(days=2),
        start_time=time(19, 0),
        time_zone="Europe/London",
        duration_minutes=60,
    )
    cris = new_page()
    log_in(cris, "crew@example.org")
    cris.goto(f"/c/{world.community.slug}/g/{world.crew.slug}/")
    cris.locator("#group-cycles").get_by_role("link", name="Split in two").click()

    expect(cris.get_by_role("heading", name="Stay in Morning Crew")).to_be_visible()
    stay = cris.locator("section", has=cris.get_by_role("heading", name="Stay in Morning Crew"))
    expect(stay.locator(".people li")).to_have_count(4)
    move = cris.locator("section", has=cris.get_by_role("heading", name="Form the new group"))
    expect(move.locator(".people li")).to_have_count(4)
    cris.get_by_label("Name of the new group").fill("Evening Crew")
    cris.get_by_role("button", name="Split the group").click()
    expect(cris.get_by_role("heading", name="Evening Crew")).to_be_visible()
    expect(cris.get_by_text("Morning Crew split in two")).to_be_visible()

    cris.get_by_role("link", name="Lineage").click()
    tree = cris.locator(".lineage").first
    expect(tree.get_by_role("link", name="Morning Crew")).to_be_visible()
    expect(tree.get_by_role("link", name="Evening Crew")).to_be_visible()
    expect(tree).to_contain_text("split off")
    new = Group.objects.get(name="Evening Crew")
    assert new.memberships.count() == 4 and world.crew.memberships.count() == 4
