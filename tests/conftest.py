"""Shared fixtures: one small community seen by each persona.

- anonymous: not logged in
- outsider: has an account, is not in the community
- member: in the community, in no group
- group_member: in the community and in its crew and private crew
- host: hosts the community, in no group
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from murmuration.accounts.models import User
from murmuration.communities import actions
from murmuration.communities.models import Community, Group, Role

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A fresh cache per test keeps login rate limits from leaking between tests.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run where they are enqueued, so a test sees their effect without a worker; tests
    # of the queue itself switch back to the database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_user(email: str, name: str = "", time_zone: str = "UTC") -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, display_name=name, time_zone=time_zone
    )
    # allauth refuses logins for unverified addresses; fixtures are verified people.
    user.emailaddress_set.create(email=email, verified=True, primary=True)
    return user


@dataclass
class World:
    community: Community
    host: User
    member: User
    group_member: User
    outsider: User
    crew: Group
    private_crew: Group

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(getattr(self, persona))
        return client

    def user_for(self, persona: str) -> User | None:
        return None if persona == "anonymous" else getattr(self, persona)


PERSONAS = ["anonymous", "outsider", "member", "group_member", "host"]


@pytest.fixture
def world(db) -> World:
    host = make_user("host@example.org", "Hana Host")
    member = make_user("member@example.org", "Mo Member")
    group_member = make_user("crew@example.org", "Cris Crew")
    outsider = make_user("outsider@example.org", "Otto Outsider")
    community = actions.create_community(
        host, name="River Commons", purpose="Look after the river together."
    )
    # Private communities get a random slug tail; a fixed one keeps test URLs readable.
    Community.objects.filter(pk=community.pk).update(slug="river-commons")
    community.refresh_from_db()
    for person in (member, group_member):
        community.memberships.create(user=person, role=Role.MEMBER)
    crew = actions.call_group(group_member, community, name="Morning Crew", purpose="Support")
    private_crew = actions.call_group(
        group_member, community, name="Secret Garden", is_private=True
    )
    # Likewise for the private group (tests/communities/test_privacy_edges.py covers the tail).
    Group.objects.filter(pk=private_crew.pk).update(slug="secret-garden")
    private_crew.refresh_from_db()
    return World(community, host, member, group_member, outsider, crew, private_crew)
