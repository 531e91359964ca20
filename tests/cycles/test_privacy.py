"""What stays inside the pod: retro items, votes and actions reach its current members alone;
a review choice reaches the person who made it alone; an item without a name shows no name."""

import pytest
from django.test import Client

from murmuration.communities.models import GroupMembership
from murmuration.cycles import actions
from murmuration.cycles.models import RetroItem, ReviewChoice
from tests.api.conftest import api_as, api_for

from .conftest import ACTION_TEXT, NAMED_ITEM, SECRET_ITEM

PAGES = [
    "",
    "cycles/",
    "cycles/summary/",
    "cycles/{c}/",
    "sessions/{s}/",
    "sessions/{s}/cycle/",
    "sessions/{f}/cycle/",
    "sessions/{s}/retro/",
]
CREW = "/communities/river-commons/groups/morning-crew"


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize("persona", ["member", "host"])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_the_retro_to_people_outside_the_pod(scene, persona, page):
    text = scene.pod.world.client_for(persona).get(scene.url(page)).content.decode()
    for secret in (NAMED_ITEM, SECRET_ITEM, ACTION_TEXT):
        assert secret not in text


def test_someone_who_left_the_pod_no_longer_reads_its_retro(scene):
    GroupMembership.objects.filter(group=scene.pod.group, user=scene.pod.cai).delete()
    response = signed_in(scene.pod.cai).get(scene.url("sessions/{s}/retro/"))
    assert response.status_code == 403
    assert SECRET_ITEM not in response.content.decode()


def test_an_item_without_a_name_shows_its_author_to_its_author_alone(scene):
    pod = scene.pod
    secret = RetroItem.objects.get(text=SECRET_ITEM)
    for person, sees_name in [(pod.cai, True), (pod.ana, False), (pod.ben, False)]:
        page = signed_in(person).get(scene.url("sessions/{s}/retro/")).content.decode()
        shown = page.split(f'id="item-{secret.pk}"', 1)[1].split("</li>", 1)[0]
        assert SECRET_ITEM in shown
        assert ("Cai Cedar" in shown) == sees_name
        assert ("without a name" in shown) != sees_name
        board = api_as(person).get(f"{CREW}/sessions/{scene.retro.session_id}/retro").json()
        item = next(i for c in board["columns"] for i in c["items"] if i["text"] == SECRET_ITEM)
        assert (item["author"] is not None) == sees_name
        assert item["mine"] == sees_name


@pytest.mark.parametrize("persona", ["group_member", "member", "host"])
def test_nobody_reads_someone_elses_review_choice(scene, persona):
    """Ben steps out. Ana (the world's group member), members and hosts see only a count."""
    actions.choose_review(scene.pod.ben, scene.commitment, "step_out")
    world = scene.pod.world
    page = world.client_for(persona).get(scene.url("cycles/{c}/")).content.decode()
    assert "1 of 3 people have chosen." in page
    assert "checked" not in page
    for via in ("token", "session"):
        api = api_for(world, persona, via)
        shown = api.get(f"{CREW}/commitments/{scene.commitment.pk}").json()
        assert shown["my_choice"] is None and shown["chosen"] == 1
        listed = api.get(f"{CREW}/commitments").json()["items"]
        assert all(c["my_choice"] is None for c in listed)
        assert "step_out" not in str(listed)


def test_a_member_sees_their_own_choice_checked(scene):
    actions.choose_review(scene.pod.ben, scene.commitment, "change")
    page = signed_in(scene.pod.ben).get(scene.url("cycles/{c}/")).content.decode()
    checked = [line for line in page.splitlines() if "checked" in line]
    assert len(checked) == 1 and 'value="change"' in checked[0]
    assert ReviewChoice.objects.get().user == scene.pod.ben


def test_the_outcome_is_what_the_others_see(scene):
    pod = scene.pod
    actions.choose_review(pod.ana, scene.commitment, "continue")
    actions.choose_review(pod.ben, scene.commitment, "change")
    actions.choose_review(pod.cai, scene.commitment, "step_out")
    renewed = actions.renew_commitment(pod.ana, scene.commitment)
    for persona in ("host", "member"):
        page = pod.world.client_for(persona).get(scene.url(f"cycles/{renewed.pk}/")).content
        main = page.decode().split("<main", 1)[1]
        assert "Cris Crew, Ben Brook" in main and "Cai Cedar" not in main
        assert "with a change" not in main and "Step out" not in main
