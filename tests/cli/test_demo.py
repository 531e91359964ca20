import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management.base import CommandError
from django.test import Client

from murmuration.accounts.models import User
from murmuration.communities import permissions as perms
from murmuration.communities import queries
from murmuration.communities.models import Community, Group, JoinRequest
from murmuration.ops import archive, demo

from .conftest import run

RANDOM_TAIL = re.compile(r"-[0-9a-f]{6}$")


def _without_moments(value: Any) -> Any:
    """An export without timestamps, invitation tokens and the random tails of private slugs:
    the parts a seed decides."""
    if isinstance(value, str):
        return RANDOM_TAIL.sub("-<random>", value)
    if isinstance(value, dict):
        return {
            key: _without_moments(item)
            for key, item in value.items()
            if not key.endswith("_at") and key != "token"
        }
    if isinstance(value, list):
        return [_without_moments(item) for item in value]
    return value


def _depth(nodes: list[queries.TreeNode]) -> int:
    return max((1 + _depth(node.children) for node in nodes), default=0)


def _host_view(community: Community) -> perms.Viewer:
    return perms.viewer_for(User.objects.get(email=demo.HOST_EMAIL), community)


def test_it_loads_sixty_members_in_at_least_four_time_zones(demo_community):
    members = list(queries.members(demo_community))
    assert len(members) >= 60
    assert len({m.user.time_zone for m in members}) >= 4
    assert all(m.user.display_name and m.user.bio for m in members)
    with_availability = [m for m in members if m.user.availability]
    assert len(with_availability) >= 50


def test_it_loads_the_same_community_for_the_same_seed(db):
    first = archive.export_community(demo.load_demo(7))
    Community.objects.all().delete()
    User.objects.all().delete()
    second = archive.export_community(demo.load_demo(7))
    assert _without_moments(first) == _without_moments(second)


def test_it_loads_other_people_for_another_seed(db):
    first = archive.export_community(demo.load_demo(1))
    Community.objects.all().delete()
    User.objects.all().delete()
    second = archive.export_community(demo.load_demo(2))
    assert _without_moments(first["people"]) != _without_moments(second["people"])


def test_it_records_three_purpose_versions_with_notes(demo_community):
    versions = list(demo_community.purpose_versions.filter(group=None).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert all(v.note for v in versions[1:])
    assert demo_community.purpose == versions[-1].text
    assert versions[0].created_at < versions[1].created_at < versions[2].created_at


def test_it_nests_a_band_a_team_and_crews_with_a_private_group(demo_community):
    tree = queries.group_tree(_host_view(demo_community))
    assert _depth(tree) >= 3
    groups = queries.groups_with_counts(demo_community)
    bands = {g.intended_band for g in groups}
    assert {"crew", "team", "band"} <= bands
    for group in groups:
        if group.intended_band in ("team", "band"):
            low, high = {"team": (7, 15), "band": (16, 50)}[group.intended_band]
            assert low <= group.member_count <= high  # type: ignore[attr-defined]
    assert groups.filter(is_private=True).exists()


def test_it_hides_the_private_group_from_the_demo_member(demo_community):
    member = User.objects.get(email=demo.MEMBER_EMAIL)
    visible = queries.visible_group_list(perms.viewer_for(member, demo_community))
    # The only private groups the member sees are ones they are in (their pod from a round).
    mine = set(member.group_memberships.values_list("group_id", flat=True))
    assert not any(group.is_private and group.pk not in mine for group in visible)
    assert Group.objects.filter(community=demo_community, is_private=True).exclude(pk__in=mine)


def test_it_has_a_crew_that_outgrew_its_band(demo_community):
    outgrown = [
        group
        for group in queries.groups_with_counts(demo_community)
        if group.outgrown(group.member_count)  # type: ignore[attr-defined]
    ]
    assert [(g.intended_band, g.member_count) for g in outgrown] == [("crew", 7)]  # type: ignore[attr-defined]


def test_it_leaves_requests_and_an_invitation_link_open(demo_community):
    pending = JoinRequest.objects.filter(community=demo_community, status="pending")
    assert pending.filter(group=None, direction="ask").exists()
    assert pending.filter(group__isnull=False, direction="ask").exists()
    assert pending.filter(user__email=demo.MEMBER_EMAIL, direction="invite").exists()
    links = [i for i in demo_community.invitations.all() if i.is_usable and not i.email]
    assert len(links) == 1


@pytest.mark.parametrize("email", [demo.HOST_EMAIL, demo.MEMBER_EMAIL])
def test_it_lets_the_demo_accounts_log_in(demo_community, email):
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk)


def test_it_verifies_every_address_and_hashes_the_password_once(demo_community):
    users = User.objects.all()
    assert len({user.password for user in users}) == 1
    assert users[0].check_password(demo.DEMO_PASSWORD)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == users.count()
    host = demo_community.memberships.get(user__email=demo.HOST_EMAIL)
    assert host.is_host


def test_it_prints_the_address_and_the_logins(db):
    out, _err = run("demo", verbosity=0)
    assert "http://127.0.0.1:8000" in out
    assert demo.HOST_EMAIL in out and demo.MEMBER_EMAIL in out
    assert demo.DEMO_PASSWORD in out


def test_it_leaves_a_loaded_demo_alone_and_says_how_to_reset(demo_community):
    groups, users = Group.objects.count(), User.objects.count()
    out, _err = run("demo", verbosity=0)
    assert "is loaded already" in out and "murmur flush" in out
    assert demo.HOST_EMAIL in out
    assert (Group.objects.count(), User.objects.count()) == (groups, users)


def test_it_refuses_when_a_demo_account_exists_already(db):
    User.objects.create_user(email=demo.MEMBER_EMAIL, password="x")
    with pytest.raises(CommandError, match="already exist"):
        run("demo", verbosity=0)
    assert not Community.objects.exists()
