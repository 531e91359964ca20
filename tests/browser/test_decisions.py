"""Decisions in a real browser: an advice process from proposal to shared decision, a consent
round with an objection resolved by amendment, and a role filled by selection by consent."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from murmuration.communities.models import GroupMembership, Membership
from tests.browser.test_rhythms import log_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CREW = "/c/river-commons/g/morning-crew/"


def crew_mates(world, n: int):
    people = []
    for i in range(n):
        person = make_user(f"mate{i}@example.org", f"Mate {i}")
        Membership.objects.create(community=world.community, user=person)
        GroupMembership.objects.create(group=world.crew, user=person)
        people.append(person)
    return people


def open_proposal(page: Page, kind: str, title: str, body: str) -> None:
    page.goto(CREW)
    page.locator("#decisions").get_by_role("link", name="Make a proposal").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("How to decide").select_option(kind)
    page.get_by_label("What you propose, and why").fill(body)
    page.get_by_role("button", name="Open the proposal").click()
    expect(page.get_by_text("Your proposal is open.")).to_be_visible()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_an_advice_process_from_proposal_to_shared_decision(world, new_page):
    crew_mates(world, 1)
    proposer = new_page()
    log_in(proposer, "crew@example.org")
    open_proposal(proposer, "advice", "Meet in the library", "The café is too loud.")
    url = proposer.url

    # The system suggests the crew; the proposer asks Mate 0
    suggestions = proposer.locator(".suggestions")
    expect(suggestions.get_by_text("in Morning Crew")).to_be_visible()
    suggestions.get_by_role("button", name="Ask Mate 0").click()
    expect(proposer.get_by_text("They are asked for advice.")).to_be_visible()

    # Mate 0 gives advice
    adviser = new_page()
    log_in(adviser, "mate0@example.org")
    adviser.goto(url)
    adviser.get_by_label("Your advice").fill("Ask the librarian about the Tuesday room.")
    adviser.get_by_role("button", name="Give advice").click()
    expect(adviser.get_by_text("your advice is recorded")).to_be_visible()

    # The proposer reads it, decides, and the decision is shared with everyone consulted
    proposer.goto(url)
    expect(proposer.get_by_text("Ask the librarian about the Tuesday room.")).to_be_visible()
    proposer.get_by_label("Outcome").fill("We meet in the library's Tuesday room.")
    proposer.get_by_role("button", name="Decide and share").click()
    outcome = proposer.locator("#outcome")
    expect(outcome.get_by_role("heading", name="Outcome: Decided")).to_be_visible()
    expect(outcome.get_by_text("Shared with everyone consulted: Mate 0")).to_be_visible()
    adviser.goto(CREW + "decisions/")
    expect(adviser.get_by_text("We meet in the library's Tuesday room.")).to_be_visible()


def test_a_consent_round_with_an_objection_resolved_by_amendment(world, new_page):
    crew_mates(world, 1)
    proposer = new_page()
    log_in(proposer, "crew@example.org")
    open_proposal(proposer, "consent", "Meet on Tuesdays", "Tuesday evenings at seven.")
    url = proposer.url

    # Mate 0 objects: first without a reason, which is refused, then saying the harm
    objector = new_page()
    log_in(objector, "mate0@example.org")
    objector.goto(url)
    objector.get_by_label("Objection").check()
    objector.get_by_role("button", name="Give my position").click()
    expect(
        objector.get_by_text("An objection must say what harm it foresees").first
    ).to_be_visible()
    objector.get_by_label("Objection").check()
    objector.get_by_label("Reason").fill("I work late on Tuesdays; I could never come.")
    objector.get_by_role("button", name="Give my position").click()
    expect(objector.get_by_text("Your position is recorded.")).to_be_visible()

    # The proposer cannot adopt over the objection, so they amend it
    proposer.goto(url)
    proposer.get_by_label("Outcome").fill("Tuesdays it is.")
    proposer.get_by_label("Review on").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    proposer.get_by_role("button", name="Adopt").click()
    expect(proposer.get_by_text("1 objection is not resolved.").first).to_be_visible()
    proposer.get_by_role("link", name="Amend the proposal").click()
    proposer.get_by_label("What you propose, and why").fill("Wednesday evenings at seven.")
    proposer.get_by_label("What changed and why").fill("Wednesdays, after Mate 0's objection")
    proposer.get_by_role("button", name="Amend and start a new round").click()
    expect(proposer.get_by_text("a new round begins")).to_be_visible()

    # Mate 0 consents to the new round; the proposer adopts with a review date
    objector.goto(url)
    expect(objector.get_by_text("Wednesday evenings at seven.").first).to_be_visible()
    objector.get_by_label("Consent", exact=True).check()
    objector.get_by_role("button", name="Give my position").click()
    proposer.goto(url)
    proposer.get_by_label("Outcome").fill("Wednesdays at seven, reviewed in two months.")
    proposer.get_by_label("Review on").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    proposer.get_by_role("button", name="Adopt").click()
    expect(proposer.get_by_role("heading", name="Outcome: Adopted")).to_be_visible()
    proposer.get_by_text("Every position taken (2)").click()
    expect(proposer.locator(".position-history").get_by_text("since changed")).to_be_visible()


def test_a_role_filled_by_selection_by_consent(world, new_page):
    mates = crew_mates(world, 2)
    facilitator = new_page()
    log_in(facilitator, "crew@example.org")
    facilitator.goto(CREW + "roles/")
    facilitator.get_by_label("Name").fill("Timekeeper")
    facilitator.get_by_label("Purpose").fill("Keeps our sessions to time, kindly.")
    facilitator.get_by_label("Term (days)").fill("90")
    facilitator.get_by_role("button", name="Define the role").click()
    facilitator.get_by_role("button", name="Start a selection").click()
    role_url = facilitator.url.split("#")[0]

    # Private nominations: each sees only their own
    facilitator.get_by_label("Whom you nominate").select_option(label="Mate 1")
    facilitator.get_by_label("Why them").fill("Always on time.")
    facilitator.get_by_role("button", name="Nominate").click()
    mate0 = new_page()
    log_in(mate0, "mate0@example.org")
    mate0.goto(role_url)
    expect(mate0.get_by_text("1 nomination")).to_be_visible()
    expect(mate0.get_by_text("Always on time.")).to_have_count(0)
    mate0.get_by_label("Whom you nominate").select_option(label="Mate 1")
    mate0.get_by_label("Why them").fill("Calm and clear.")
    mate0.get_by_role("button", name="Nominate").click()

    # The nomination round reveals them; then the change round, then the proposal
    facilitator.goto(role_url)
    facilitator.get_by_role("button", name="Open the nomination round").click()
    mate0.goto(role_url)
    expect(mate0.get_by_text("Always on time.")).to_be_visible()
    facilitator.get_by_role("button", name="Open the change round").click()
    facilitator.get_by_label("Candidate").select_option(label="Mate 1")
    facilitator.get_by_label("Why this person, from what was heard").fill("Both named them.")
    facilitator.get_by_role("button", name="Propose and open the consent round").click()
    facilitator.get_by_role("link", name="The proposal: Mate 1 as Timekeeper").click()
    proposal_url = facilitator.url

    # The candidate is asked last
    candidate = new_page()
    log_in(candidate, "mate1@example.org")
    candidate.goto(proposal_url)
    candidate.get_by_label("Consent", exact=True).check()
    candidate.get_by_role("button", name="Give my position").click()
    expect(candidate.get_by_text("As the candidate you are asked last").first).to_be_visible()
    for page in (facilitator, mate0):
        page.goto(proposal_url)
        page.get_by_label("Consent", exact=True).check()
        page.get_by_role("button", name="Give my position").click()
        expect(page.get_by_text("Your position is recorded.")).to_be_visible()
    candidate.goto(proposal_url)
    candidate.get_by_label("Consent", exact=True).check()
    candidate.get_by_role("button", name="Give my position").click()
    expect(candidate.get_by_text("Your position is recorded.")).to_be_visible()

    facilitator.goto(proposal_url)
    facilitator.get_by_label("Outcome").fill("Mate 1 keeps time for the next term.")
    facilitator.get_by_role("button", name="Adopt").click()
    expect(facilitator.get_by_role("heading", name="Outcome: Adopted")).to_be_visible()
    facilitator.goto(CREW + "roles/")
    expect(facilitator.get_by_text("Mate 1, until")).to_be_visible()
    assert mates
