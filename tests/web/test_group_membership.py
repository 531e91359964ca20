"""Joining and leaving groups (with and without htmx), inviting people, and group settings."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import Group, GroupMembership, JoinRequest
from tests.conftest import PERSONAS
from tests.web.conftest import HTMX, SECRET

JOIN = {"anonymous": 302, "outsider": 404, "member": 302, "group_member": 409, "host": 302}
LEAVE = {"anonymous": 302, "outsider": 404, "member": 404, "group_member": 302, "host": 404}
JOIN_PRIVATE = {"anonymous": 302, "outsider": 404, "member": 404, "group_member": 409, "host": 302}
INVITE = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 302, "host": 302}
SETTINGS_PAGE = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 200, "host": 200}
SETTINGS_POST = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 302, "host": 302}


def url(world, group=None, suffix=""):
    return f"/c/{world.community.slug}/g/{(group or world.crew).slug}/{suffix}"


def in_group(group, user) -> bool:
    return GroupMembership.objects.filter(group=group, user=user).exists()


# Joining and leaving ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_community_members_join_an_open_group(world, persona):
    response = world.client_for(persona).post(url(world, suffix="join/"))
    assert response.status_code == JOIN[persona]
    if JOIN[persona] == 302 and persona != "anonymous":
        assert response["Location"] == url(world)
        assert in_group(world.crew, world.user_for(persona))
    assert not in_group(world.crew, world.outsider)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_those_who_see_a_private_group_join_it(world, persona):
    response = world.client_for(persona).post(url(world, world.private_crew, "join/"))
    assert response.status_code == JOIN_PRIVATE[persona]
    if persona in ("outsider", "member"):
        assert SECRET not in response.content.decode()
        assert not in_group(world.private_crew, world.user_for(persona))


def test_it_says_so_when_someone_joins_twice(world):
    client = world.client_for("member")
    client.post(url(world, suffix="join/"))
    response = client.post(url(world, suffix="join/"))
    assert response.status_code == 409
    assert "You are already in Morning Crew." in response.content.decode()
    assert GroupMembership.objects.filter(group=world.crew, user=world.member).count() == 1


def test_it_records_a_request_when_the_group_asks(world):
    actions.update_group(world.group_member, world.crew, join_policy="ask")
    response = world.client_for("member").post(url(world, suffix="join/"), {"message": "hi"})
    assert response.status_code == 302
    assert not in_group(world.crew, world.member)
    assert JoinRequest.objects.get(group=world.crew, user=world.member).message == "hi"


def test_it_refuses_joining_an_invitation_only_group(world):
    actions.update_group(world.group_member, world.crew, join_policy="invite")
    response = world.client_for("member").post(url(world, suffix="join/"))
    assert response.status_code == 403
    assert "invitation only" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_group_members_leave(world, persona):
    response = world.client_for(persona).post(url(world, suffix="leave/"))
    assert response.status_code == LEAVE[persona]
    assert in_group(world.crew, world.group_member) is (persona != "group_member")


def test_it_says_so_when_someone_leaves_a_group_they_are_not_in(world):
    response = world.client_for("member").post(url(world, suffix="leave/"))
    assert "You are not in this group." in response.content.decode()


def test_it_sends_someone_who_left_a_private_group_back_to_the_community(world):
    response = world.client_for("group_member").post(url(world, world.private_crew, "leave/"))
    assert response["Location"] == f"/c/{world.community.slug}/"


# htmx ---------------------------------------------------------------------------------------


def test_it_answers_an_htmx_join_with_the_member_panel_only(world):
    # When the member joins with htmx
    response = world.client_for("member").post(url(world, suffix="join/"), **HTMX)
    # Then only the panel comes back, now with them in it and the band badge redrawn
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="membership-panel"')
    assert "<html" not in content
    assert "Mo Member" in content
    assert "2 members" in content
    assert 'class="badge band-pair"' in content
    assert "You joined Morning Crew." in content
    assert f'hx-post="{url(world, suffix="leave/")}"' in content
    assert in_group(world.crew, world.member)


def test_it_answers_an_htmx_leave_with_the_member_panel_only(world):
    response = world.client_for("group_member").post(url(world, suffix="leave/"), **HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="membership-panel"')
    assert "0 members" in content
    assert f'hx-post="{url(world, suffix="join/")}"' in content


def test_it_redirects_htmx_away_from_a_private_group_just_left(world):
    response = world.client_for("group_member").post(
        url(world, world.private_crew, "leave/"), **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/c/{world.community.slug}/"


def test_it_shows_an_htmx_refusal_inside_the_panel(world):
    response = world.client_for("group_member").post(url(world, suffix="join/"), **HTMX)
    assert response.status_code == 409
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="membership-panel"')
    assert "You are already in Morning Crew." in content


def test_it_draws_the_join_button_for_htmx_with_a_plain_post_fallback(world):
    content = world.client_for("member").get(url(world)).content.decode()
    join = url(world, suffix="join/")
    assert f'action="{join}"' in content
    assert f'hx-post="{join}"' in content
    assert 'hx-target="#membership-panel"' in content


# Inviting -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_group_members_and_hosts_invite_a_community_member(world, persona):
    response = world.client_for(persona).post(
        url(world, suffix="invite/"), {"person": world.member.pk}
    )
    assert response.status_code == INVITE[persona]
    invited = JoinRequest.objects.filter(
        group=world.crew, user=world.member, direction="invite"
    ).exists()
    assert invited is (INVITE[persona] == 302 and persona != "anonymous")


def test_it_offers_only_community_members_outside_the_group(world):
    form = world.client_for("group_member").get(url(world)).context["invite_form"]
    offered = {label for _value, label in form.fields["person"].choices}
    assert {"Mo Member", "Hana Host"} <= offered
    assert "Cris Crew" not in offered
    assert "Otto Outsider" not in offered


@pytest.mark.parametrize("person", ["outsider", "group_member", "unknown"])
def test_it_refuses_inviting_someone_who_cannot_be_invited(world, person):
    person_id = 999 if person == "unknown" else getattr(world, person).pk
    response = world.client_for("group_member").post(
        url(world, suffix="invite/"), {"person": person_id}
    )
    assert response.status_code == 400
    assert "choose a member of the community" in response.content.decode()
    assert not JoinRequest.objects.filter(direction="invite").exists()


# Settings -----------------------------------------------------------------------------------

CHANGES = {"name": "Dawn Crew", "join_policy": "ask", "intended_band": "team"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_group_settings_to_the_caller_and_hosts(world, persona):
    response = world.client_for(persona).get(url(world, suffix="settings/"))
    assert response.status_code == SETTINGS_PAGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_the_caller_and_hosts_change_group_settings(world, persona):
    response = world.client_for(persona).post(url(world, suffix="settings/"), CHANGES)
    assert response.status_code == SETTINGS_POST[persona]
    changed = Group.objects.get(pk=world.crew.pk).name == "Dawn Crew"
    assert changed is (SETTINGS_POST[persona] == 302 and persona != "anonymous")


@pytest.mark.parametrize(
    ("field", "value"), [("join_policy", "sometimes"), ("intended_band", "huge"), ("name", "")]
)
def test_it_refuses_bad_group_settings_and_changes_nothing(world, field, value):
    response = world.client_for("group_member").post(
        url(world, suffix="settings/"), {**CHANGES, field: value}
    )
    assert response.status_code == 400
    assert Group.objects.get(pk=world.crew.pk).name == "Morning Crew"


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_hides_private_group_settings_like_a_missing_group(world, persona):
    client = world.client_for(persona)
    for response in (
        client.get(url(world, world.private_crew, "settings/")),
        client.post(url(world, world.private_crew, "settings/"), CHANGES),
        client.post(url(world, world.private_crew, "invite/"), {"person": world.member.pk}),
        client.post(url(world, world.private_crew, "leave/")),
    ):
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
