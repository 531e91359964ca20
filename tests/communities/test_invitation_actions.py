from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from murmuration.communities import actions
from murmuration.communities.models import Invitation, Membership
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound


def _invite(world, **kwargs):
    return actions.create_invitation(world.host, world.community, **kwargs)


def test_it_admits_someone_with_a_link(world):
    invitation = _invite(world, max_uses=2)
    actions.accept_invitation(world.outsider, invitation.token)
    invitation.refresh_from_db()
    assert invitation.uses == 1
    assert Membership.objects.filter(community=world.community, user=world.outsider).exists()


def test_it_makes_tokens_long_and_unguessable(world):
    tokens = {_invite(world).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 40 for token in tokens)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "withdrawn"),
        ({"uses": 1}, "already been used"),
    ],
)
def test_it_refuses_an_unusable_invitation_and_writes_nothing(world, change, message):
    invitation = _invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(**change)
    with pytest.raises(ActionError, match=message):
        actions.accept_invitation(world.outsider, invitation.token)
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_it_refuses_a_made_up_token(world):
    with pytest.raises(NotFound):
        actions.accept_invitation(world.outsider, "not-a-token")


def test_it_refuses_a_second_acceptance_by_a_member_without_using_up_the_link(world):
    invitation = _invite(world, max_uses=5)
    with pytest.raises(Conflict, match="already a member"):
        actions.accept_invitation(world.member, invitation.token)
    invitation.refresh_from_db()
    assert invitation.uses == 0


def test_it_emails_an_invitation_and_keeps_it_for_that_address(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, email="Newcomer@Example.org")
    assert invitation.email == "newcomer@example.org"
    assert invitation.max_uses == 1
    assert mail.outbox[0].to == ["newcomer@example.org"]
    assert invitation.token in mail.outbox[0].body
    with pytest.raises(NotAllowed, match="another email address"):
        actions.accept_invitation(world.outsider, invitation.token)


def test_it_refuses_to_invite_an_existing_member_by_email(world):
    with pytest.raises(Conflict):
        _invite(world, email="member@example.org")


def test_it_lets_only_hosts_invite(world):
    with pytest.raises(NotAllowed):
        actions.create_invitation(world.member, world.community)


@pytest.mark.parametrize(("days", "uses"), [(0, 1), (91, 1), (7, 0), (7, 10_001)])
def test_it_refuses_out_of_range_invitation_settings(world, days, uses):
    with pytest.raises(ActionError):
        _invite(world, days=days, max_uses=uses)
    assert not Invitation.objects.exists()


def test_it_queues_a_join_request_for_an_asking_community(world):
    actions.update_community(world.host, world.community, visibility="listed", join_policy="ask")
    request = actions.ask_to_join_community(world.outsider, world.community, "Hello!")
    with pytest.raises(Conflict, match="waiting"):
        actions.ask_to_join_community(world.outsider, world.community)
    with pytest.raises(NotAllowed):
        actions.decide_join_request(world.member, request, accept=True)
    actions.decide_join_request(world.host, request, accept=True)
    assert Membership.objects.filter(community=world.community, user=world.outsider).exists()
    with pytest.raises(Conflict, match="already been answered"):
        actions.decide_join_request(world.host, request, accept=False)


def test_it_refuses_join_requests_to_a_private_community(world):
    with pytest.raises(NotFound):
        actions.ask_to_join_community(world.outsider, world.community)
