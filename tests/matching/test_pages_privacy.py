"""Keep-apart wishes reach only the person who made them and the round's hosts, on every page;
why someone was left out (which can come from another person's wish) reaches only the hosts."""

import re

from murmuration.matching import actions
from murmuration.matching.models import Entry
from tests.web.conftest import HTMX

from .scenes import APART_NAME, make_scene, propose, publish


def _selected_names(html: str) -> list[str]:
    return re.findall(r"<option value=\"\d+\" selected>([^<]+)</option>", html)


def test_it_shows_the_wish_on_the_entry_page_to_its_maker_only(world):
    scene = make_scene(world)
    url = scene.url(world, "entry/")
    mine = world.client_for("member").get(url).content.decode()
    theirs = world.client_for("group_member").get(url).content.decode()
    assert _selected_names(mine) == [APART_NAME]
    assert _selected_names(theirs) == []


def test_it_keeps_the_wish_off_every_page_other_members_see(world):
    scene = make_scene(world)
    client = world.client_for("group_member")
    pages = [f"/c/{world.community.slug}/rounds/", scene.url(world), "/me/rounds/"]
    before = [client.get(page, **HTMX).content for page in pages]
    round = publish(world, scene.round)
    group = Entry.objects.get(round=round, user=world.group_member).pod.group
    after = [client.get(page, **HTMX).content for page in pages]
    for content in before + after:
        assert APART_NAME.encode() not in content
        assert b"apart from" not in content
    # The pod's page names Zed only in its invitation list of community members, as for
    # any group; never as someone's wish.
    pod_page = client.get(group.get_absolute_url()).content.decode()
    assert "apart from" not in pod_page.lower()
    assert pod_page.count(APART_NAME) == 1
    assert re.search(rf"<option value=\"\d+\">{APART_NAME}</option>", pod_page)


def test_it_shows_wishes_to_the_hosts_on_the_review_page(world):
    scene = make_scene(world)
    propose(world, scene.round)
    page = world.client_for("host").get(scene.url(world, "review/"))
    assert f"apart from {APART_NAME}".encode() in page.content


def test_it_tells_a_member_left_out_that_there_is_no_pod_but_not_why(world):
    scene = make_scene(world)
    # Someone who can only meet at a time nobody else can: the engine gives a reason.
    actions.change_entry(world.group_member, scene.round, slots=[0, 1])
    round = publish(world, scene.round)
    reason = Entry.objects.get(round=round, user=world.group_member).unplaced_reason
    assert reason
    page = world.client_for("group_member").get(scene.url(world))
    assert b"no pod for you" in page.content
    assert reason.encode() not in page.content
    review = world.client_for("host").get(scene.url(world, "review/"))
    assert reason.encode() in review.content


def test_it_shows_the_member_their_pod_in_their_own_time_zone(world):
    scene = make_scene(world)
    world.member.time_zone = "Australia/Sydney"
    world.member.save()
    publish(world, scene.round)
    page = world.client_for("member").get(scene.url(world)).content.decode()
    # Tuesday 18:00-19:00 UTC is Wednesday 04:00 or 05:00 in Sydney, depending on the season.
    assert re.search(r"Wednesday 0[45]:00–0[56]:00", page)
    assert "Australia/Sydney" in page
