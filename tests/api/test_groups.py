"""Groups: the ones each person may see, calling, changing, joining, leaving and members."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import BandChoice, Group, GroupMembership, PurposeVersion
from tests.conftest import make_user

from .conftest import COMMUNITY, CREW, SECRET, access

GROUPS = COMMUNITY + "/groups"


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_lists_the_groups_each_person_may_see(world, as_, persona, status):
    response = as_(persona).get(GROUPS)
    assert response.status_code == status
    if status == 200:
        names = [g["name"] for g in response.json()["items"]]
        expected = ["Morning Crew"] if persona == "member" else ["Morning Crew", "Secret Garden"]
        assert names == expected


def test_it_lists_no_groups_to_outsiders_of_a_listed_community(world, as_):
    actions.update_community(world.host, world.community, visibility="listed")
    response = as_("outsider").get(GROUPS)
    assert response.json() == {"items": [], "count": 0}


def test_it_gives_each_group_its_size_band_and_parent(world, as_):
    for n in range(3):
        person = make_user(f"p{n}@example.org")
        world.community.memberships.create(user=person)
        actions.join_group(person, world.crew)
    actions.update_group(world.host, world.crew, intended_band=BandChoice.PAIR)
    child = actions.call_group(
        world.group_member, world.community, name="Seedlings", parent=world.crew
    )
    items = {g["name"]: g for g in as_("group_member").get(GROUPS).json()["items"]}
    crew = items["Morning Crew"]
    assert (crew["member_count"], crew["band"], crew["outgrown"], crew["is_member"]) == (
        4,
        "crew",
        True,
        True,
    )
    assert items["Seedlings"]["parent_id"] == world.crew.pk
    assert items["Seedlings"]["outgrown"] is False
    assert child.pk == items["Seedlings"]["id"]


@access(anonymous=401, outsider=404, member=201, group_member=201, host=201)
def test_it_lets_members_call_a_group(world, as_, persona, status):
    response = as_(persona).post(
        GROUPS, {"name": "Reading Pod", "purpose": "Read together", "intended_band": "crew"}
    )
    assert response.status_code == status
    created = Group.objects.filter(name="Reading Pod").first()
    assert (created is not None) == (status == 201)
    if created is not None:
        body = response.json()
        assert (body["slug"], body["member_count"], body["is_member"]) == ("reading-pod", 1, True)
        assert body["caller"]["id"] == getattr(world, persona).pk
        assert created.purpose_versions.count() == 1


def test_it_calls_a_group_inside_another_and_shows_the_way_down(world, as_):
    api = as_("group_member")
    response = api.post(GROUPS, {"name": "Seedlings", "parent_id": world.crew.pk})
    assert response.status_code == 201
    assert response.json()["ancestors"] == [
        {"id": world.crew.pk, "slug": "morning-crew", "name": "Morning Crew"}
    ]


def test_it_hides_a_private_parent_exactly_like_a_missing_one(world, as_):
    api = as_("member")
    hidden = api.post(GROUPS, {"name": "Sprout", "parent_id": world.private_crew.pk})
    missing = api.post(GROUPS, {"name": "Sprout", "parent_id": 99999})
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
    assert hidden.status_code == 404
    assert not Group.objects.filter(name="Sprout").exists()


def test_it_refuses_an_oversized_group_purpose_and_creates_nothing(world, as_):
    response = as_("member").post(GROUPS, {"name": "Wordy", "purpose": "x" * 2001})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.json()["detail"]
    assert not Group.objects.filter(name="Wordy").exists()
    assert not PurposeVersion.objects.filter(text="x" * 2001).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Odd", "intended_band": "tribe"},
        {"name": "Odd", "join_policy": "sometimes"},
        {"name": "Odd", "is_private": "perhaps"},
    ],
)
def test_it_refuses_unknown_choices_and_creates_nothing(world, as_, body):
    assert as_("member").post(GROUPS, body).status_code == 422
    assert not Group.objects.filter(name="Odd").exists()


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_shows_a_group(world, as_, persona, status):
    response = as_(persona).get(CREW)
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["name"], body["caller"]["name"]) == ("Morning Crew", "Cris Crew")
        assert body["can_change"] == (persona in ("group_member", "host"))


@access(anonymous=401, outsider=404, member=404, group_member=200, host=200)
def test_it_shows_a_private_group_to_its_members_and_hosts_only(world, as_, persona, status):
    response = as_(persona).get(SECRET)
    assert response.status_code == status


def test_it_answers_for_a_private_group_exactly_as_for_a_missing_one(world, as_):
    hidden = as_("member").get(SECRET)
    missing = as_("member").get(GROUPS + "/no-such-group")
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)


@access(anonymous=401, outsider=404, member=403, group_member=200, host=200)
def test_it_lets_the_caller_and_hosts_change_a_group(world, as_, persona, status):
    response = as_(persona).patch(CREW, {"name": "Dawn Crew", "intended_band": "team"})
    assert response.status_code == status
    world.crew.refresh_from_db()
    changed = (world.crew.name, world.crew.intended_band)
    assert changed == (("Dawn Crew", "team") if status == 200 else ("Morning Crew", "crew"))
    if status == 200:
        assert response.json()["intended_band"] == "team"


def test_it_refuses_an_unknown_band_when_changing(world, as_):
    assert as_("group_member").patch(CREW, {"intended_band": "huge"}).status_code == 422


@access(anonymous=401, outsider=404, member=201, group_member=409, host=201)
def test_it_lets_members_join_an_open_group(world, as_, persona, status):
    response = as_(persona).post(CREW + "/join")
    assert response.status_code == status
    if status == 201:
        assert response.json() == {"joined": True, "request": None}
        assert GroupMembership.objects.filter(group=world.crew, user=getattr(world, persona))


def test_it_refuses_joining_twice(world, as_):
    api = as_("member")
    assert api.post(CREW + "/join").status_code == 201
    response = api.post(CREW + "/join")
    assert response.status_code == 409
    assert response.json()["detail"] == "You are already in Morning Crew."
    assert GroupMembership.objects.filter(group=world.crew, user=world.member).count() == 1


def test_it_refuses_joining_an_invitation_only_group(world, as_):
    actions.update_group(world.group_member, world.crew, join_policy="invite")
    assert as_("member").post(CREW + "/join").status_code == 403


def test_it_does_not_let_a_member_join_a_private_group_they_cannot_see(world, as_):
    response = as_("member").post(SECRET + "/join")
    assert response.status_code == 404
    assert not GroupMembership.objects.filter(group=world.private_crew, user=world.member)


@access(anonymous=401, outsider=404, member=404, group_member=204, host=404)
def test_it_lets_group_members_leave(world, as_, persona, status):
    response = as_(persona).post(CREW + "/leave")
    assert response.status_code == status
    still_in = GroupMembership.objects.filter(group=world.crew, user=world.group_member).exists()
    assert still_in == (status != 204)


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
def test_it_shows_a_groups_members(world, as_, persona, status):
    response = as_(persona).get(CREW + "/members")
    assert response.status_code == status
    if status == 200:
        assert [m["user"]["name"] for m in response.json()["items"]] == ["Cris Crew"]


@access(anonymous=401, outsider=404, member=404, group_member=200, host=200)
def test_it_shows_a_private_groups_members_only_to_those_who_see_it(world, as_, persona, status):
    assert as_(persona).get(SECRET + "/members").status_code == status
