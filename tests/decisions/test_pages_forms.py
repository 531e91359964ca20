"""Forms on the decisions pages: clear messages next to the field, nothing half-saved."""

from datetime import date

from murmuration.communities.models import PurposeVersion
from murmuration.decisions import actions
from murmuration.decisions.models import Position, Proposal

from .conftest import people, propose

C = "/c/river-commons/"


def test_an_objection_without_a_reason_shows_why_and_saves_nothing(world, places):
    person = people(world, 1, crew=True)[0]
    client = world.client_for("group_member")
    client.force_login(person)
    response = client.post(f"{C}decisions/{places.crew.pk}/position/", {"stance": "objection"})
    assert response.status_code == 400
    assert "what harm it foresees or what improvement it offers" in response.content.decode()
    assert not Position.objects.exists()


def test_a_review_date_in_the_past_is_refused_and_the_proposal_stays_open(world, places, clock):
    person = people(world, 1, crew=True)[0]
    actions.take_position(person, places.crew, "consent")
    response = world.client_for("group_member").post(
        f"{C}decisions/{places.crew.pk}/close/", {"outcome": "Yes.", "review_on": "2020-01-01"}
    )
    assert response.status_code == 400
    assert "The review date must be after today." in response.content.decode()
    assert Proposal.objects.get(pk=places.crew.pk).status == "open"


def test_a_position_on_a_closed_proposal_is_refused(world, places, clock):
    person = people(world, 1, crew=True)[0]
    actions.take_position(person, places.crew, "consent")
    actions.close_proposal(
        world.group_member, places.crew, outcome="Yes.", review_on=date(2030, 9, 1)
    )
    response = world.client_for("group_member").post(
        f"{C}decisions/{places.crew.pk}/position/", {"stance": "objection", "reason": "Late."}
    )
    assert response.status_code == 400
    assert "This proposal is closed (adopted)" in response.content.decode()
    assert Position.objects.count() == 1


def test_a_member_proposes_a_new_community_purpose_from_the_purpose_page(world, clock):
    client = world.client_for("member")
    form = client.get(f"{C}decisions/new/?subject=purpose").content.decode()
    assert "Look after the river together." in form  # the current text to start from
    response = client.post(
        f"{C}decisions/new/?subject=purpose",
        {
            "title": "Wider",
            "kind": "consent",
            "body": "We care for more than the river.",
            "purpose_text": "Look after the river and its people.",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert (proposal.subject, proposal.purpose_text) == (
        "purpose",
        "Look after the river and its people.",
    )
    page = client.get(response.url).content.decode()
    assert "<ins>and its people.</ins>" in page
    assert PurposeVersion.objects.filter(group=None).count() == 1


def test_an_oversized_title_is_refused_and_creates_nothing(world):
    response = world.client_for("member").post(
        f"{C}decisions/new/", {"title": "x" * 161, "kind": "consent", "body": "Why"}
    )
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_the_proposer_asks_a_suggested_person_and_decides(world, clock):
    proposal = propose(world, "advice", group=world.crew, topic="")
    crew = people(world, 1, crew=True)[0]
    client = world.client_for("group_member")
    page = client.get(f"{C}decisions/{proposal.pk}/").content.decode()
    assert "Person 0" in page and "in Morning Crew" in page
    client.post(f"{C}decisions/{proposal.pk}/ask/", {"person": crew.pk, "why": "in Morning Crew"})
    response = client.post(
        f"{C}decisions/{proposal.pk}/close/", {"outcome": "We go to the library."}
    )
    assert response.status_code == 302
    page = client.get(f"{C}decisions/{proposal.pk}/").content.decode()
    assert "Shared with everyone consulted:" in page and "Person 0" in page


def test_a_garbled_person_is_a_message_not_an_error_page(world, places, clock):
    advice = propose(world, "advice", group=world.crew)
    client = world.client_for("group_member")
    asked = client.post(f"{C}decisions/{advice.pk}/ask/", {"person": "x1"})
    assert asked.status_code == 400
    selection = actions.start_selection(world.group_member, places.role)
    nominated = client.post(
        f"{C}g/morning-crew/roles/{places.role.pk}/nominate/", {"nominee": "9x", "reason": "Hi"}
    )
    assert nominated.status_code == 400
    assert not selection.nominations.exists()
