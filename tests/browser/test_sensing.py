"""Sensing in a real browser: a member posts a signal from the community page and sees it join
a pattern, starts an experiment from that pattern, another member joins and checks in, and the
owner adapts it, which starts the follow-up."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from murmuration.sensing import actions
from murmuration.sensing.models import Experiment

from .test_rhythms import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EARLIER = [
    "Dirty dishes pile up in the kitchen sink",
    "Nobody washes the dishes after the potluck",
    "The kitchen sink is full of dirty mugs",
    "The last bus leaves before the meeting ends",
    "Buses stop running before we finish",
]


def test_a_signal_becomes_an_adapted_experiment(world, new_page):
    # Given signals the community has already shared, grouped into patterns
    for text in EARLIER:
        actions.post_signal(world.host, world.community, text)
    member = new_page()
    log_in(member, "member@example.org")

    # When a member posts a signal from the community page, with one field and one click
    member.goto(f"/c/{world.community.slug}/")
    member.get_by_label("Share a signal with everyone").fill("Dirty dishes left in the sink again")
    member.get_by_role("button", name="Post").click()

    # Then it joins the pattern of the other dirty dishes at once
    notice = member.locator("#post-signal .notice")
    expect(notice).to_contain_text("It joined the pattern")
    notice.get_by_role("link").click()
    signals = member.locator("ul.signals")
    expect(signals.get_by_text("Dirty dishes left in the sink again")).to_be_visible()
    expect(signals.get_by_text("The kitchen sink is full of dirty mugs")).to_be_visible()

    # When they start an experiment from the pattern
    member.get_by_role("link", name="Start an experiment from this pattern").click()
    member.get_by_label("Title").fill("Washing-up rota")
    member.get_by_label("Hypothesis").fill("We believe a rota will lead to an empty sink")
    member.get_by_label("Smallest action").fill("A paper rota on the fridge")
    member.get_by_label("What to observe").fill("Dishes left overnight")
    ends = timezone.localdate() + timedelta(weeks=3)
    member.get_by_label("Ends").fill(ends.isoformat())
    member.get_by_role("button", name="Start", exact=True).click()
    expect(member.get_by_text("The experiment is running.")).to_be_visible()
    experiment_url = member.url

    # And another member joins it by choice and checks in
    other = new_page()
    log_in(other, "crew@example.org")
    other.goto(experiment_url)
    other.get_by_role("button", name="Join this experiment").click()
    expect(other.get_by_text("You are taking part.")).to_be_visible()
    expect(other.get_by_role("heading", name="2 people taking part")).to_be_visible()
    other.get_by_label("What happened").fill("Two clean evenings, then a pile on Friday")
    other.get_by_label("Any adjustment").fill("Add Friday to the rota")
    other.get_by_role("button", name="Check in").click()
    expect(other.get_by_text("Check-in recorded.")).to_be_visible()

    # Then the owner adapts it, and the follow-up starts
    member.reload()
    expect(member.get_by_text("Two clean evenings, then a pile on Friday")).to_be_visible()
    member.get_by_label("Adapt: try a changed version next").check()
    member.get_by_label("Learnings").fill("The rota works on weekdays only")
    member.get_by_label("Follow-up title").fill("Washing-up rota with Fridays")
    member.get_by_label("Follow-up hypothesis").fill(
        "We believe a Friday slot will lead to an empty sink"
    )
    member.get_by_label("Follow-up smallest action").fill("Add Friday to the paper rota")
    member.get_by_label("Follow-up: what to observe").fill("Dishes left on Saturday mornings")
    member.get_by_label("Follow-up ends").fill((ends + timedelta(weeks=2)).isoformat())
    member.get_by_role("button", name="Record the outcome").click()
    expect(member.get_by_text("Adapted: the follow-up experiment is running.")).to_be_visible()
    expect(member.get_by_role("heading", name="Washing-up rota with Fridays")).to_be_visible()
    first = Experiment.objects.get(title="Washing-up rota")
    assert first.status == "adapted"
    assert Experiment.objects.get(follows=first).is_running

    # And the register shows both
    member.goto(f"/c/{world.community.slug}/experiments/")
    expect(member.get_by_role("link", name="Washing-up rota", exact=True)).to_be_visible()
    expect(member.get_by_text("follows “Washing-up rota”")).to_be_visible()
