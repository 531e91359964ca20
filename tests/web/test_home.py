"""The home page: a landing for visitors, and for members their communities and groups."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import Community, Membership
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET, grow, make_listed, within_budget

HOME_BUDGET = 6


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_opens_the_home_page_for_everyone(world, persona):
    response = world.client_for(persona).get("/")
    assert response.status_code == 200


def test_it_welcomes_visitors_with_login_signup_and_the_directory(world, client):
    # Given a listed community and a private one
    make_listed(world.community)
    actions.create_community(world.outsider, name="Hidden Hollow")
    # When a visitor opens the home page
    response = client.get("/")
    # Then they are invited to log in or sign up, and see only the listed community
    content = response.content.decode()
    assert "/accounts/login/" in content
    assert "/accounts/signup/" in content
    assert "River Commons" in content
    assert "Hidden Hollow" not in content


def test_it_shows_my_communities_with_my_role_and_my_groups(world):
    response = world.client_for("group_member").get("/")
    content = response.content.decode()
    assert "River Commons" in content
    assert "Member" in content
    assert "Morning Crew" in content
    # Their own private group is theirs to see.
    assert SECRET in content


def test_it_shows_a_host_their_role(world):
    content = world.client_for("host").get("/").content.decode()
    assert 'class="role role-host"' in content


def test_it_lists_other_listed_communities_but_not_mine(world):
    # Given the member's community is listed, and so is another one they are not in
    make_listed(world.community)
    other = actions.create_community(world.outsider, name="Tide Pool", visibility="listed")
    # When the member opens the home page
    response = world.client_for("member").get("/")
    # Then the directory offers the other one; their own shows once, as theirs
    directory = response.context["directory"]
    assert [c.pk for c in directory] == [other.pk]


def test_it_offers_a_create_community_button(world):
    content = world.client_for("member").get("/").content.decode()
    assert 'href="/new/"' in content


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_never_names_a_private_group_to_people_outside_it(world, persona):
    content = world.client_for(persona).get("/").content.decode()
    assert SECRET not in content


def test_it_shows_invitations_into_groups_addressed_to_me(world):
    # Given the crew invited the plain member
    actions.invite_to_group(world.group_member, world.crew, world.member)
    # When the member opens the home page
    content = world.client_for("member").get("/").content.decode()
    # Then the invitation is there with accept and decline
    assert "You are invited" in content
    assert "Morning Crew" in content
    assert 'value="accept"' in content
    assert 'value="decline"' in content


def test_it_drops_group_invitations_from_a_community_i_left(world):
    actions.invite_to_group(world.group_member, world.private_crew, world.member)
    actions.leave_community(world.member, world.community)
    content = world.client_for("member").get("/").content.decode()
    assert "You are invited" not in content
    assert SECRET not in content


@pytest.mark.parametrize("persona", ["anonymous", "member", "host"])
def test_it_keeps_the_home_page_within_its_query_budget_however_big_the_world(world, persona):
    make_listed(world.community)
    client = world.client_for(persona)
    within_budget(client, "/", HOME_BUDGET)
    # When the world grows: more members, groups, invitations, other communities
    grow(world)
    for n in range(20):
        actions.create_community(world.outsider, name=f"Listed {n}", visibility="listed")
    invitable = world.community.groups.exclude(memberships__user=world.member).exclude(
        join_requests__user=world.member
    )
    for group in invitable[:10]:
        actions.invite_to_group(world.host, group, world.member)
    # Then the page needs no more queries than before
    within_budget(client, "/", HOME_BUDGET)


# Creating a community -----------------------------------------------------------------------

CREATE_GET = {"anonymous": 302, "outsider": 200, "member": 200, "group_member": 200, "host": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_create_form_to_people_who_are_logged_in(world, persona):
    response = world.client_for(persona).get("/new/")
    assert response.status_code == CREATE_GET[persona]
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=/new/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_anyone_logged_in_create_a_community(world, persona):
    data = {"name": "Tide Pool", "purpose": "Swim", "visibility": "listed", "join_policy": "ask"}
    response = world.client_for(persona).post("/new/", data)
    assert response.status_code == 302
    created = Community.objects.filter(name="Tide Pool").first()
    if persona == "anonymous":
        assert created is None
        assert "/accounts/login/" in response["Location"]
    else:
        assert created is not None
        assert response["Location"] == f"/c/{created.slug}/"
        assert Membership.objects.get(community=created).role == "host"


def test_it_labels_every_field_of_the_create_form(world):
    content = world.client_for("outsider").get("/new/").content.decode()
    for field in ("name", "purpose", "visibility", "join_policy"):
        assert f'<label for="id_{field}"' in content


def test_it_refuses_an_oversized_purpose_and_creates_nothing(world):
    data = {
        "name": "Tide Pool",
        "purpose": "x" * 2001,
        "visibility": "listed",
        "join_policy": "ask",
    }
    response = world.client_for("outsider").post("/new/", data)
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert not Community.objects.filter(name="Tide Pool").exists()


@pytest.mark.parametrize(
    ("field", "value"), [("visibility", "secret"), ("join_policy", "whenever")]
)
def test_it_refuses_unknown_choices_and_creates_nothing(world, field, value):
    data = {"name": "Tide Pool", "visibility": "listed", "join_policy": "ask", field: value}
    response = world.client_for("outsider").post("/new/", data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Community.objects.filter(name="Tide Pool").exists()


def test_it_refuses_an_empty_submission(world):
    response = world.client_for("outsider").post("/new/", {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
