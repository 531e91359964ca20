"""The cycles pages used as a member would: forms that work, and bad input that gets a message
next to the field with nothing saved."""

from datetime import timedelta

import pytest
from django.test import Client

from murmuration.communities.models import GroupMembership
from murmuration.cycles import actions
from murmuration.cycles.models import Commitment, RetroAction, RetroItem, RetroVote, ReviewChoice
from murmuration.rhythms.models import Practice
from tests.web.conftest import HTMX

from .conftest import FIRST_TUESDAY, NAMED_ITEM, weekly


def client(_pod, person) -> Client:
    browser = Client()
    browser.force_login(person)
    return browser


def test_a_member_proposes_others_opt_in_and_it_begins(pod, clock):
    rhythm = weekly(pod)
    base = f"/c/river-commons/g/{pod.group.slug}/cycles/"
    response = client(pod, pod.ana).post(
        base + "new/",
        {"rhythm": rhythm.pk, "starts_on": FIRST_TUESDAY.isoformat(), "session_count": "6"},
    )
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == base + f"{commitment.pk}/"
    assert commitment.status == Commitment.Status.PROPOSED
    response = client(pod, pod.ben).post(base + f"{commitment.pk}/membership/", {"answer": "join"})
    assert response.status_code == 302
    response = client(pod, pod.ben).post(base + f"{commitment.pk}/begin/")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.ACTIVE
    page = client(pod, pod.cai).get(base).content.decode()
    assert "Cris Crew, Ben Brook" in page


def test_a_proposal_with_a_last_date_before_its_first_names_the_field(pod, clock):
    rhythm = weekly(pod)
    response = client(pod, pod.ana).post(
        f"/c/river-commons/g/{pod.group.slug}/cycles/new/",
        {
            "rhythm": rhythm.pk,
            "starts_on": (FIRST_TUESDAY + timedelta(days=7)).isoformat(),
            "ends_on": FIRST_TUESDAY.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "The date can be" in response.content.decode()
    assert not Commitment.objects.exists()


def test_beginning_with_one_person_in_is_refused_with_a_message(pod, clock):
    rhythm = weekly(pod)
    commitment = actions.propose_commitment(
        pod.ana, pod.group, rhythm=rhythm, starts_on=FIRST_TUESDAY, session_count=6
    )
    response = client(pod, pod.ana).post(
        f"/c/river-commons/g/{pod.group.slug}/cycles/{commitment.pk}/begin/"
    )
    assert response.status_code == 400
    assert "At least 2 people" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PROPOSED


def test_stepping_out_says_thank_you_and_invites_to_the_next_round(scene):
    response = client(scene.pod, scene.pod.cai).post(
        scene.url("cycles/{c}/review/"), {"choice": "step_out"}, follow=True
    )
    text = response.content.decode()
    assert "Thank you for being part of this pod" in text
    assert "invited to the next round" in text
    assert ReviewChoice.objects.get().choice == "step_out"


def test_a_choice_that_is_not_offered_is_refused_on_its_field(scene):
    response = client(scene.pod, scene.pod.ben).post(
        scene.url("cycles/{c}/review/"), {"choice": "fail"}
    )
    assert response.status_code == 400
    assert 'class="field has-error"' in response.content.decode()
    assert not ReviewChoice.objects.exists()


def test_the_pod_renews_from_its_page_with_a_changed_rhythm(scene):
    pod = scene.pod
    for person, choice in [(pod.ana, "continue"), (pod.ben, "change"), (pod.cai, "step_out")]:
        actions.choose_review(person, scene.commitment, choice)
    response = client(pod, pod.ben).post(
        scene.url("cycles/{c}/renew/"),
        {"session_count": "4", "recurrence": "fortnightly", "start_time": "18:00"},
    )
    renewed = Commitment.objects.get(previous=scene.commitment)
    assert response.status_code == 302
    assert renewed.rhythm.rrule == "FREQ=WEEKLY;INTERVAL=2"
    assert not GroupMembership.objects.filter(group=pod.group, user=pod.cai).exists()


def test_renewing_before_everyone_chose_says_how_many_are_waiting(scene):
    actions.choose_review(scene.pod.ana, scene.commitment, "continue")
    response = client(scene.pod, scene.pod.ana).post(scene.url("cycles/{c}/renew/"), {})
    assert response.status_code == 409
    assert "2 of you have not chosen yet" in response.content.decode()
    assert Commitment.objects.count() == 1


def test_closing_without_a_note_asks_for_one(scene):
    response = client(scene.pod, scene.pod.ana).post(
        scene.url("cycles/{c}/close/"), {"closing_note": ""}
    )
    assert response.status_code == 400
    assert "Please write a closing note." in response.content.decode()
    scene.commitment.refresh_from_db()
    assert scene.commitment.status == Commitment.Status.REVIEW


def test_acting_on_a_closed_commitment_gets_a_clear_message(scene):
    actions.close_commitment(scene.pod.ana, scene.commitment, "Thank you.")
    response = client(scene.pod, scene.pod.ben).post(
        scene.url("cycles/{c}/review/"), {"choice": "continue"}
    )
    assert response.status_code == 409
    assert "already been decided" in response.content.decode()
    assert not ReviewChoice.objects.exists()


@pytest.fixture
def collecting(scene):
    actions.set_phase(scene.pod.ana, scene.retro, "collect")
    return scene


def test_an_item_added_through_htmx_redraws_the_board(collecting):
    response = client(collecting.pod, collecting.pod.ben).post(
        collecting.url("sessions/{s}/retro/items/"),
        {"column": "change", "text": "Walk and talk", "anonymous": "on"},
        **HTMX,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="retro-board"' in text and "<html" not in text
    assert "Walk and talk" in text
    assert RetroItem.objects.get(text="Walk and talk").anonymous


def test_an_item_over_280_characters_is_refused_with_the_board_redrawn(collecting):
    response = client(collecting.pod, collecting.pod.ben).post(
        collecting.url("sessions/{s}/retro/items/"),
        {"column": "change", "text": "x" * 281},
        **HTMX,
    )
    assert response.status_code == 400
    assert "at most 280 characters" in response.content.decode()
    assert not RetroItem.objects.filter(column="change").exists()


def test_voting_beyond_your_votes_is_refused_with_a_message(collecting):
    pod = collecting.pod
    retro = collecting.retro
    extra = [actions.add_item(pod.ben, retro, "change", f"idea {n}") for n in range(3)]
    actions.set_phase(pod.ana, retro, "vote")
    ana = client(pod, pod.ana)
    url = collecting.url("sessions/{s}/retro/votes/")
    for item in extra[:2]:
        assert ana.post(url, {"item": item.pk}, **HTMX).status_code == 200
    # Ana's third vote went to the secret item when the scene was made.
    response = ana.post(url, {"item": extra[2].pk}, **HTMX)
    assert response.status_code == 400
    assert "You have used all 3 of your votes" in response.content.decode()
    assert RetroVote.objects.filter(voter=pod.ana).count() == 3


def test_grouping_and_actions_through_the_page(collecting):
    pod = collecting.pod
    retro = collecting.retro
    first = RetroItem.objects.get(text=NAMED_ITEM)
    twin = actions.add_item(pod.ben, retro, "working", "Punctual starts")
    ben = client(pod, pod.ben)
    response = ben.post(
        collecting.url("sessions/{s}/retro/items/group/"), {"item": twin.pk, "under": first.pk}
    )
    assert response.status_code == 302
    assert RetroItem.objects.get(pk=twin.pk).parent_id == first.pk
    actions.set_phase(pod.ana, retro, "act")
    response = ben.post(
        collecting.url("sessions/{s}/retro/actions/"),
        {"item": first.pk, "text": "", "owner": pod.ben.pk, "due_on": "2030-03-01"},
    )
    assert response.status_code == 302
    assert RetroAction.objects.filter(owner=pod.ben, text=NAMED_ITEM).exists()
    response = ben.post(
        collecting.url("sessions/{s}/retro/actions/"),
        {"text": "Nobody", "owner": "", "due_on": "2030-03-01"},
        **HTMX,
    )
    assert response.status_code == 400
    assert RetroAction.objects.count() == 2


def test_a_session_becomes_a_retro_in_a_chosen_format(scene):
    four_ls = Practice.objects.get(community=None, slug="four-ls")
    response = client(scene.pod, scene.pod.ben).post(
        scene.url("sessions/{f}/retro/start/"), {"retro-practice": four_ls.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == scene.url("sessions/{f}/retro/")
    page = client(scene.pod, scene.pod.ben).get(response["Location"]).content.decode()
    assert "Longed for" in page


def test_open_actions_show_on_later_sessions_until_done(scene, clock):
    pod = scene.pod
    for person in pod.people:
        actions.choose_review(person, scene.commitment, "continue")
    renewed = actions.renew_commitment(pod.ana, scene.commitment)
    later = renewed.rhythm.sessions.filter(starts_at__gt=scene.retro.session.starts_at).first()
    panel = scene.url(f"sessions/{later.pk}/cycle/")
    ben = client(pod, pod.ben)
    assert "Rotate who opens the call" in ben.get(panel).content.decode()
    action = RetroAction.objects.get()
    response = ben.post(scene.url(f"actions/{action.pk}/done/"), {"next": panel})
    assert response.status_code == 302 and response["Location"] == panel
    assert "Rotate who opens the call" not in ben.get(panel).content.decode()
