"""Invitations: the hosts' list, creating and revoking links, and the page a link opens."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from murmuration.communities import actions
from murmuration.communities.models import Invitation, Membership
from tests.conftest import PERSONAS, make_user
from tests.web.conftest import within_budget_as_it_grows

INVITATIONS_BUDGET = 7

HOST_PAGE = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 200}
HOST_POST = {"anonymous": 302, "outsider": 404, "member": 403, "group_member": 403, "host": 302}


def url(world, suffix=""):
    return f"/c/{world.community.slug}/invitations/{suffix}"


def link(world, **kwargs) -> Invitation:
    return actions.create_invitation(world.host, world.community, **kwargs)


# The hosts' list ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_invitations_to_hosts_only(world, persona):
    response = world.client_for(persona).get(url(world))
    assert response.status_code == HOST_PAGE[persona]


def test_it_lists_active_used_expired_and_revoked_invitations(world):
    # Given one invitation in each state
    active = link(world)
    used = link(world)
    Invitation.objects.filter(pk=used.pk).update(uses=1)
    expired = link(world)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    revoked = link(world)
    actions.revoke_invitation(world.host, revoked)
    # When the host opens the list
    response = world.client_for("host").get(url(world))
    # Then each has its status, and only the active one offers its link
    statuses = {row["invitation"].pk: row["status"] for row in response.context["rows"]}
    assert statuses == {
        active.pk: "active",
        used.pk: "used",
        expired.pk: "expired",
        revoked.pk: "revoked",
    }
    content = response.content.decode()
    assert f"/i/{active.token}/" in content
    assert f"/i/{used.token}/" not in content


@pytest.mark.parametrize("persona", ["host"])
def test_it_keeps_the_invitation_list_within_its_query_budget_however_many_there_are(
    world, persona
):
    link(world)
    within_budget_as_it_grows(world, world.client_for(persona), url(world), INVITATIONS_BUDGET)


# Creating and revoking ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_create_a_link(world, persona):
    response = world.client_for(persona).post(url(world, "link/"), {"days": 7, "max_uses": 20})
    assert response.status_code == HOST_POST[persona]
    assert Invitation.objects.exists() is (persona == "host")


def test_it_shows_the_new_link_in_full_with_a_copy_button(world):
    client = world.client_for("host")
    response = client.post(url(world, "link/"), {"days": 7, "max_uses": 20}, follow=True)
    invitation = Invitation.objects.get()
    assert invitation.max_uses == 20
    content = response.content.decode()
    assert f"http://127.0.0.1:8000/i/{invitation.token}/" in content
    assert f'data-copy="link-{invitation.pk}"' in content
    assert "ready to share" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days": 0, "max_uses": 1}, "greater than or equal to 1"),
        ({"days": 91, "max_uses": 1}, "less than or equal to 90"),
        ({"days": 7, "max_uses": 0}, "greater than or equal to 1"),
        ({"days": "soon", "max_uses": 1}, "Enter a whole number"),
    ],
)
def test_it_refuses_bad_link_settings_and_creates_nothing(world, data, message):
    response = world.client_for("host").post(url(world, "link/"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_invite_by_email(world, persona):
    response = world.client_for(persona).post(
        url(world, "email/"), {"email": "friend@example.org", "days": 7}
    )
    assert response.status_code == HOST_POST[persona]
    assert Invitation.objects.filter(email="friend@example.org").exists() is (persona == "host")


def test_it_emails_the_invitation(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("host").post(
            url(world, "email/"), {"email": "friend@example.org", "days": 7}
        )
    assert [m.to for m in mail.outbox] == [["friend@example.org"]]


def test_it_refuses_inviting_an_existing_member_by_email(world):
    response = world.client_for("host").post(
        url(world, "email/"), {"email": "member@example.org", "days": 7}
    )
    assert response.status_code == 409
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_refuses_an_address_that_is_not_one(world):
    response = world.client_for("host").post(url(world, "email/"), {"email": "nope", "days": 7})
    assert response.status_code == 400
    assert "valid email address" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_hosts_revoke(world, persona):
    invitation = link(world)
    response = world.client_for(persona).post(url(world, f"{invitation.pk}/revoke/"))
    assert response.status_code == HOST_POST[persona]
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) is (persona == "host")


def test_it_does_not_revoke_another_communitys_invitation(world):
    other = actions.create_community(world.outsider, name="Tide Pool")
    theirs = actions.create_invitation(world.outsider, other)
    response = world.client_for("host").post(url(world, f"{theirs.pk}/revoke/"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


# The invitation page ------------------------------------------------------------------------

OPEN = {"anonymous": 200, "outsider": 200, "member": 200, "group_member": 200, "host": 200}
ACCEPT = {"anonymous": 302, "outsider": 302, "member": 409, "group_member": 409, "host": 409}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_invitation_to_whoever_holds_the_link(world, persona):
    invitation = link(world)
    response = world.client_for(persona).get(f"/i/{invitation.token}/")
    assert response.status_code == OPEN[persona]
    content = response.content.decode()
    assert "River Commons" in content
    assert "Look after the river together." in content


def test_it_asks_visitors_to_log_in_or_sign_up_and_come_back(world, client):
    invitation = link(world)
    content = client.get(f"/i/{invitation.token}/").content.decode()
    assert f"/accounts/login/?next=/i/{invitation.token}/" in content
    assert f"/accounts/signup/?next=/i/{invitation.token}/" in content
    assert "Accept" not in content


def test_it_offers_an_accept_button_to_people_logged_in(world):
    invitation = link(world)
    content = world.client_for("outsider").get(f"/i/{invitation.token}/").content.decode()
    assert "Accept the invitation" in content


def test_it_tells_members_they_are_in_already(world):
    invitation = link(world)
    content = world.client_for("member").get(f"/i/{invitation.token}/").content.decode()
    assert "already a member" in content
    assert "Accept the invitation" not in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_people_accept(world, persona):
    invitation = link(world)
    response = world.client_for(persona).post(f"/i/{invitation.token}/")
    assert response.status_code == ACCEPT[persona]
    if persona == "anonymous":
        assert response["Location"] == f"/accounts/login/?next=/i/{invitation.token}/"
    if persona == "outsider":
        assert response["Location"] == f"/c/{world.community.slug}/"
        assert Membership.objects.filter(user=world.outsider).exists()


def test_it_says_so_when_a_member_accepts_again(world):
    invitation = link(world)
    response = world.client_for("member").post(f"/i/{invitation.token}/")
    assert response.status_code == 409
    assert "already a member of River Commons" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.uses == 0


def test_it_answers_an_unknown_token_with_not_found(world, client):
    assert client.get("/i/not-a-token/").status_code == 404
    assert world.client_for("outsider").post("/i/not-a-token/").status_code == 404


def _expired(world):
    invitation = link(world)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    return invitation


def _revoked(world):
    invitation = link(world)
    actions.revoke_invitation(world.host, invitation)
    return invitation


def _used_up(world):
    invitation = link(world)
    actions.accept_invitation(make_user("first@example.org"), invitation.token)
    return invitation


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_expired, "has expired"),
        (_revoked, "withdrawn by the community"),
        (_used_up, "already been used as many times"),
    ],
)
def test_it_explains_why_an_invitation_no_longer_works(world, make, message):
    invitation = make(world)
    client = world.client_for("outsider")
    # When the holder opens the link, then presses accept anyway
    page = client.get(f"/i/{invitation.token}/")
    accepted = client.post(f"/i/{invitation.token}/")
    # Then both say why, and nobody joined
    assert page.status_code == 410
    assert message in page.content.decode()
    assert "Accept the invitation" not in page.content.decode()
    assert accepted.status_code == 400
    assert message in accepted.content.decode()
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_it_refuses_an_emailed_invitation_to_someone_else(world):
    invitation = link(world, email="friend@example.org")
    response = world.client_for("outsider").post(f"/i/{invitation.token}/")
    assert response.status_code == 403
    assert "another email address" in response.content.decode()
    assert not Membership.objects.filter(user=world.outsider).exists()
