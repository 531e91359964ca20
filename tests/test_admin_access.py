"""The Django admin: nobody but staff gets past its login, whatever their role in a community."""

import pytest
from django.test import Client

from murmuration.accounts.models import User
from tests.conftest import PERSONAS

PAGES = ["/admin/", "/admin/communities/group/"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_sends_everyone_who_is_not_staff_to_the_admin_login(world, persona, page):
    response = world.client_for(persona).get(page)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={page}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_no_group_names_to_anyone_who_is_not_staff(world, persona):
    response = world.client_for(persona).get("/admin/communities/group/", follow=True)
    content = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    for name in (world.crew.name, world.private_crew.name, world.community.name):
        assert name not in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_keeps_community_roles_from_making_anyone_staff(world, persona):
    user = world.user_for(persona)
    assert user is None or not (user.is_staff or user.is_superuser)


@pytest.fixture
def superuser_client(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(email="root@example.org", password="x"))
    return client


def test_it_lets_a_superuser_in(superuser_client):
    assert superuser_client.get("/admin/").status_code == 200


def test_it_shows_a_superuser_the_groups(world, superuser_client):
    response = superuser_client.get("/admin/communities/group/")
    assert response.status_code == 200
    assert world.private_crew.name in response.content.decode()


def test_it_gives_operators_no_view_of_what_pods_share_inside(superuser_client):
    """Session notes and check-ins stay private to the pod, from operators too."""
    for path in ("/admin/rhythms/sessionnote/", "/admin/rhythms/checkin/"):
        assert superuser_client.get(path).status_code == 404
