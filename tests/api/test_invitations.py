"""Invitations into a community: hosts create and withdraw them, anyone holding one joins."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from murmuration.communities import actions
from murmuration.communities.models import Invitation, Membership

from .conftest import COMMUNITY, access


@pytest.fixture
def link(world):
    return actions.create_invitation(world.host, world.community, max_uses=5)


@access(anonymous=401, outsider=404, member=403, group_member=403, host=200)
def test_it_shows_invitations_to_hosts_only(world, link, as_, persona, status):
    response = as_(persona).get(COMMUNITY + "/invitations")
    assert response.status_code == status
    if status == 200:
        (item,) = response.json()["items"]
        assert item["token"] == link.token
        assert item["url"].endswith(f"/{link.token}") or link.token in item["url"]
        assert item["is_usable"] is True
        assert item["created_by"]["name"] == "Hana Host"
    else:
        assert link.token not in response.content.decode()


@access(anonymous=401, outsider=404, member=403, group_member=403, host=201)
def test_it_lets_hosts_create_a_link(world, as_, persona, status):
    response = as_(persona).post(COMMUNITY + "/invitations", {"days": 7, "max_uses": 20})
    assert response.status_code == status
    assert Invitation.objects.exists() == (status == 201)
    if status == 201:
        assert response.json()["max_uses"] == 20


def test_it_sends_an_emailed_invitation(world, as_, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_("host").post(COMMUNITY + "/invitations", {"email": "New@Example.org"})
    assert response.status_code == 201
    assert response.json()["email"] == "new@example.org"
    assert [message.to for message in mail.outbox] == [["new@example.org"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not an address"}, "email"),
        ({"days": 365}, "days"),
        ({"max_uses": 0}, "max_uses"),
    ],
)
def test_it_refuses_a_bad_invitation_and_creates_nothing(world, as_, body, field):
    response = as_("host").post(COMMUNITY + "/invitations", body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Invitation.objects.exists()


def test_it_refuses_to_invite_a_member_by_email(world, as_):
    response = as_("host").post(COMMUNITY + "/invitations", {"email": "member@example.org"})
    assert response.status_code == 409


@access(anonymous=401, outsider=404, member=403, group_member=403, host=204)
def test_it_lets_hosts_withdraw_an_invitation(world, link, as_, persona, status):
    response = as_(persona).delete(f"{COMMUNITY}/invitations/{link.pk}")
    assert response.status_code == status
    link.refresh_from_db()
    assert (link.revoked_at is not None) == (status == 204)


def test_it_answers_404_for_an_invitation_of_another_community(world, as_):
    other = actions.create_community(world.outsider, name="Elsewhere")
    invitation = actions.create_invitation(world.outsider, other)
    response = as_("host").delete(f"{COMMUNITY}/invitations/{invitation.pk}")
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@access(anonymous=401, outsider=200, member=409, group_member=409, host=409)
def test_it_lets_someone_join_with_an_invitation(world, link, as_, persona, status):
    response = as_(persona).post(f"/invitations/{link.token}/accept")
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"community": "river-commons", "role": "member"}
        assert Membership.objects.filter(user=world.outsider).exists()
        link.refresh_from_db()
        assert link.uses == 1


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "This invitation has expired."),
        ({"uses": 5}, "This invitation has already been used as many times as it allows."),
        ({"revoked_at": timezone.now()}, "This invitation was withdrawn"),
    ],
)
def test_it_refuses_an_unusable_invitation_with_a_clear_message(world, link, as_, spoil, message):
    Invitation.objects.filter(pk=link.pk).update(**spoil)
    response = as_("outsider").post(f"/invitations/{link.token}/accept")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_it_refuses_an_invitation_sent_to_someone_else(world, as_):
    invitation = actions.create_invitation(world.host, world.community, email="else@example.org")
    response = as_("outsider").post(f"/invitations/{invitation.token}/accept")
    assert response.status_code == 403
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_it_answers_404_for_an_unknown_invitation(world, as_):
    response = as_("outsider").post("/invitations/made-up/accept")
    assert response.status_code == 404
    assert response.json()["detail"] == "This invitation link is not valid."
