"""A private group's name never reaches people outside it, whatever they open or send.

Every page and every form target is tried with the names and ids of the private group, a
missing group and the visible crew, and the private group's name must appear in none of the
answers: pages, refusals, 404s and form errors alike.
"""

import pytest

from murmuration.communities import actions
from tests.web.conftest import HTMX, SECRET, make_listed


def _pages(world) -> list[str]:
    c = f"/c/{world.community.slug}/"
    pages = [
        "/",
        "/new/",
        c,
        c + "members/",
        c + "tree/",
        c + "purpose/",
        c + "settings/",
        c + "invitations/",
        c + "requests/",
        c + "import/",
        c + "groups/new/",
        c + f"groups/new/?parent={world.private_crew.pk}",
    ]
    for slug in (world.crew.slug, world.private_crew.slug, "secret-garden", "nothing"):
        pages += [c + f"g/{slug}/", c + f"g/{slug}/settings/", c + f"g/{slug}/purpose/"]
    return pages


def _posts(world) -> list[tuple[str, dict]]:
    c = f"/c/{world.community.slug}/"
    secret_request = world.community.join_requests.create(group=world.private_crew, user=world.host)
    posts = [
        (
            c + "groups/new/",
            {
                "name": "Mine",
                "parent": world.private_crew.pk,
                "join_policy": "open",
                "intended_band": "crew",
            },
        ),
        (c + f"requests/{secret_request.pk}/", {"decision": "accept"}),
        (c + "join/", {}),
        (c + "purpose/", {"purpose": "x"}),
    ]
    for slug in (world.crew.slug, world.private_crew.slug, "nothing"):
        g = c + f"g/{slug}/"
        posts += [
            (g + "join/", {}),
            (g + "leave/", {}),
            (g + "invite/", {"person": world.member.pk}),
            (g + "settings/", {"name": "x", "join_policy": "open", "intended_band": "crew"}),
            (g + "purpose/", {"purpose": "x" * 2001}),
        ]
    return posts


@pytest.mark.parametrize("listed", [False, True])
@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_never_names_a_private_group_in_any_page(world, persona, listed):
    if listed:
        make_listed(world.community, "ask")
    client = world.client_for(persona)
    for page in _pages(world):
        response = client.get(page)
        assert SECRET not in response.content.decode(), page


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_it_never_names_a_private_group_in_any_answer_to_a_post(world, persona, htmx):
    client = world.client_for(persona)
    headers = HTMX if htmx else {}
    for target, data in _posts(world):
        response = client.post(target, data, follow=True, **headers)
        assert SECRET not in response.content.decode(), target


def test_it_names_the_private_group_to_its_members_and_hosts(world):
    for persona in ("group_member", "host"):
        content = world.client_for(persona).get(f"/c/{world.community.slug}/").content.decode()
        assert SECRET in content


def test_it_names_a_private_group_to_someone_invited_into_it(world):
    # Being invited is being told the group exists; that is the point of the invitation.
    actions.invite_to_group(world.group_member, world.private_crew, world.member)
    assert SECRET in world.client_for("member").get("/").content.decode()
