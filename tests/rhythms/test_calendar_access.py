"""Who reaches which calendar: the feed by token, single-session downloads, and the links page."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from murmuration.communities import actions as community_actions
from murmuration.rhythms.feed_actions import create_feed, revoke_feed
from murmuration.rhythms.models import CalendarFeed, Session

from ..conftest import PERSONAS
from .calendar_factory import make_rhythm, session_on


@pytest.fixture
def crew_session(world) -> Session:
    return session_on(make_rhythm(world.crew, "Crew circle"), date(2026, 2, 2))


@pytest.fixture
def garden_session(world) -> Session:
    return session_on(make_rhythm(world.private_crew, "Garden walk"), date(2026, 2, 2))


def _feed_url(feed: CalendarFeed) -> str:
    return f"/cal/{feed.token}.ics"


def _active(user, group=None) -> list[CalendarFeed]:
    return list(CalendarFeed.objects.filter(user=user, group=group, revoked_at__isnull=True))


# The feed endpoint ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_serves_a_feed_to_whoever_holds_its_token(world, crew_session, persona):
    """Calendar apps cannot log in: the token is the credential, whoever is signed in."""
    feed = create_feed(world.group_member, world.crew)
    response = world.client_for(persona).get(_feed_url(feed))
    assert response.status_code == 200
    assert b"SUMMARY:Morning Crew: Crew circle" in response.content


@pytest.mark.parametrize(
    ("persona", "summaries"),
    [
        ("outsider", set()),
        ("member", set()),
        ("group_member", {"Morning Crew: Crew circle", "Secret Garden: Garden walk"}),
        ("host", set()),  # hosts see the schedule on the site, but these groups are not theirs
    ],
)
def test_it_fills_a_persons_feed_with_their_own_groups_only(
    world, crew_session, garden_session, persona, summaries
):
    feed = create_feed(world.user_for(persona))
    response = Client().get(_feed_url(feed))
    assert response.status_code == 200
    found = {
        line.removeprefix("SUMMARY:")
        for line in response.content.decode().split("\r\n")
        if line.startswith("SUMMARY:")
    }
    assert found == summaries


def test_it_answers_404_for_an_unknown_token(world):
    assert Client().get("/cal/not-a-real-token.ics").status_code == 404


def test_it_answers_404_for_a_revoked_token(world):
    feed = create_feed(world.group_member)
    revoke_feed(world.group_member, feed)
    assert Client().get(_feed_url(feed)).status_code == 404


def test_it_answers_404_for_a_replaced_token_and_serves_the_new_one(world):
    old = create_feed(world.group_member)
    new = create_feed(world.group_member)
    assert Client().get(_feed_url(old)).status_code == 404
    assert Client().get(_feed_url(new)).status_code == 200


def test_it_answers_404_for_a_group_feed_once_its_owner_leaves_the_group(world):
    feed = create_feed(world.group_member, world.private_crew)
    assert Client().get(_feed_url(feed)).status_code == 200
    community_actions.leave_group(world.group_member, world.private_crew)
    assert Client().get(_feed_url(feed)).status_code == 404


def test_it_answers_404_for_a_group_feed_once_its_owner_is_removed(world):
    feed = create_feed(world.group_member, world.crew)
    community_actions.remove_member(world.host, world.community, world.group_member)
    assert Client().get(_feed_url(feed)).status_code == 404


def test_it_empties_a_personal_feed_of_a_community_the_person_left(world, crew_session):
    feed = create_feed(world.group_member)
    community_actions.leave_community(world.group_member, world.community)
    response = Client().get(_feed_url(feed))
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" not in response.content


def test_it_answers_404_for_a_deactivated_account(world):
    feed = create_feed(world.group_member)
    world.group_member.is_active = False
    world.group_member.save()
    assert Client().get(_feed_url(feed)).status_code == 404


def test_it_only_reads_a_feed(world):
    feed = create_feed(world.group_member)
    assert Client().post(_feed_url(feed)).status_code == 405
    assert Client().head(_feed_url(feed)).status_code == 200


# A single session as a file ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("member", 200), ("group_member", 200), ("host", 200)],
)
def test_it_lets_whoever_sees_a_group_download_a_session(world, crew_session, persona, status):
    url = f"/c/river-commons/g/morning-crew/sessions/{crew_session.pk}.ics"
    response = world.client_for(persona).get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")
    if status == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert b"Morning Crew: Crew circle" in response.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("member", 404), ("group_member", 200), ("host", 200)],
)
def test_it_hides_a_private_groups_session_from_those_who_cannot_see_the_group(
    world, garden_session, persona, status
):
    url = f"/c/river-commons/g/secret-garden/sessions/{garden_session.pk}.ics"
    response = world.client_for(persona).get(url)
    assert response.status_code == status
    if status != 200:
        assert b"Garden walk" not in response.content


def test_it_answers_404_for_a_session_under_another_groups_address(world, garden_session):
    url = f"/c/river-commons/g/morning-crew/sessions/{garden_session.pk}.ics"
    assert world.client_for("group_member").get(url).status_code == 404
    url = "/c/river-commons/g/morning-crew/sessions/999999.ics"
    assert world.client_for("group_member").get(url).status_code == 404


# The links page ------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_of_the_links_page_to_log_in(world):
    response = Client().get("/me/calendar/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "groups"),
    [
        ("outsider", []),
        ("member", []),
        ("group_member", ["Morning Crew", "Secret Garden"]),
        ("host", []),
    ],
)
def test_it_offers_links_for_the_persons_own_groups_only(world, persona, groups):
    response = world.client_for(persona).get("/me/calendar/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "All my sessions" in page
    for name in ("Morning Crew", "Secret Garden"):
        assert (name in page) == (name in groups)


def test_it_shows_the_persons_own_links_and_nobody_elses(world):
    mine = create_feed(world.group_member)
    theirs = create_feed(world.member)
    page = world.client_for("group_member").get("/me/calendar/").content.decode()
    assert f"/cal/{mine.token}.ics" in page
    assert f"webcal://127.0.0.1:8000/cal/{mine.token}.ics" in page
    assert theirs.token not in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_creates_a_personal_link_for_anyone_signed_in(world, persona):
    response = world.client_for(persona).post("/me/calendar/new/")
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert not CalendarFeed.objects.exists()
        return
    assert response.status_code == 302
    assert response["Location"] == "/me/calendar/"
    assert len(_active(world.user_for(persona))) == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("member", 404), ("group_member", 302), ("host", 404)],
)
def test_it_creates_a_group_link_only_for_the_groups_members(world, persona, status):
    client = world.client_for(persona)
    for group in (world.crew, world.private_crew):
        response = client.post("/me/calendar/new/", {"group": group.pk})
        assert response.status_code == status
        feeds = CalendarFeed.objects.filter(group=group)
        if persona == "group_member":
            assert [f.user for f in feeds] == [world.group_member]
        else:
            assert not feeds.exists()


@pytest.mark.parametrize("group", ["not-a-number", "999999", "²", "9" * 5000])
def test_it_answers_404_for_a_group_that_is_not_there(world, group):
    response = world.client_for("group_member").post("/me/calendar/new/", {"group": group})
    assert response.status_code == 404
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_owner_revoke_a_link(world, persona):
    feed = create_feed(world.group_member)
    response = world.client_for(persona).post(f"/me/calendar/{feed.pk}/revoke/")
    feed.refresh_from_db()
    if persona == "group_member":
        assert response.status_code == 302
        assert feed.revoked_at is not None
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert feed.revoked_at is None


def test_it_takes_changes_to_links_by_post_only(world):
    feed = create_feed(world.group_member)
    client = world.client_for("group_member")
    assert client.get("/me/calendar/new/").status_code == 405
    assert client.get(f"/me/calendar/{feed.pk}/revoke/").status_code == 405
    assert client.post("/me/calendar/").status_code == 405


# The actions ---------------------------------------------------------------------------------


def test_it_keeps_one_working_link_per_scope(world):
    personal = create_feed(world.group_member)
    crew = create_feed(world.group_member, world.crew)
    garden = create_feed(world.group_member, world.private_crew)
    replacement = create_feed(world.group_member)
    assert _active(world.group_member) == [replacement]
    assert _active(world.group_member, world.crew) == [crew]
    assert _active(world.group_member, world.private_crew) == [garden]
    personal.refresh_from_db()
    assert personal.revoked_at is not None
    assert len({personal.token, crew.token, garden.token, replacement.token}) == 4


def test_it_treats_revoking_twice_as_done(world):
    feed = create_feed(world.group_member)
    first = revoke_feed(world.group_member, feed).revoked_at
    assert revoke_feed(world.group_member, feed).revoked_at == first


def test_it_draws_the_links_page_in_the_same_number_of_queries_for_more_groups(world):
    client = world.client_for("group_member")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/me/calendar/").status_code == 200
        return len(captured)

    create_feed(world.group_member, world.crew)
    few = queries()
    for n in range(8):
        group = community_actions.call_group(world.group_member, world.community, name=f"Pod {n}")
        create_feed(world.group_member, group)
    assert queries() == few
