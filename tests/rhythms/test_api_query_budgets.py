"""Every rhythms and sessions list costs the same number of queries with a few rows or many."""

from datetime import timedelta

import pytest
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities.models import GroupMembership, Membership
from murmuration.rhythms import actions
from murmuration.rhythms.models import Attendance, RotationMember
from murmuration.rhythms.practice_actions import practice_for
from tests.api.conftest import CREW, api_for

from .test_api_rhythms import weekly

MORE = 40


def grow(world) -> None:
    """More people in the crew, more rhythms, each with rotation, RSVPs and attendance."""
    people = User.objects.bulk_create(
        User(email=f"person{n}@example.org", display_name=f"Person {n}") for n in range(MORE)
    )
    Membership.objects.bulk_create(Membership(community=world.community, user=p) for p in people)
    GroupMembership.objects.bulk_create(GroupMembership(group=world.crew, user=p) for p in people)
    practice = practice_for(world.community, "case-clinic")
    for n in range(4):
        weekly(world, world.crew, name=f"Extra {n}", practice=practice)
    for rhythm in world.crew.rhythms.all():
        RotationMember.objects.bulk_create(
            [RotationMember(rhythm=rhythm, user=p) for p in people], ignore_conflicts=True
        )
    sessions = list(world.crew.sessions.all())
    Attendance.objects.bulk_create(
        Attendance(session=s, user=p, rsvp="yes", present=True) for s in sessions for p in people
    )


@pytest.fixture
def rhythm(world):
    return weekly(world, world.crew, practice=practice_for(world.community, "check-in-round"))


def _window() -> dict[str, str]:
    now = timezone.now()
    return {
        "from": (now - timedelta(weeks=8)).isoformat(),
        "to": (now + timedelta(weeks=13)).isoformat(),
    }


# (persona, path, most queries). Authentication costs two; the community and the viewer three;
# the group one more; the page and its count two (a list built in Python has no count query,
# but its query also checks the group's visibility).
LISTS = [
    ("host", CREW + "/rhythms", 8),
    ("group_member", CREW + "/rhythms", 8),
    ("host", CREW + "/rhythms/{rhythm}/rotation", 9),
    ("group_member", CREW + "/sessions", 8),
    ("host", CREW + "/sessions", 8),
    ("group_member", "/me/sessions", 4),
]


@pytest.mark.parametrize(("persona", "path", "budget"), LISTS)
@pytest.mark.parametrize("via", ["token", "session"])
def test_it_lists_with_a_fixed_number_of_queries(
    world, rhythm, django_assert_max_num_queries, persona, path, budget, via
):
    api = api_for(world, persona, via)
    path = path.format(rhythm=rhythm.pk)
    params = {"limit": 200, **(_window() if "sessions" in path else {})}
    with django_assert_max_num_queries(budget):
        small = api.get(path, **params)
    assert small.status_code == 200
    grow(world)
    with django_assert_max_num_queries(budget):
        large = api.get(path, **params)
    assert large.status_code == 200
    assert large.json()["count"] > small.json()["count"]
    assert len(large.json()["items"]) == min(large.json()["count"], 200)


def test_a_session_costs_the_same_however_much_was_shared_in_it(
    world, rhythm, django_assert_max_num_queries
):
    held = rhythm.sessions.filter(starts_at__lt=timezone.now()).first()
    api = api_for(world, "group_member", "token")
    path = f"{CREW}/sessions/{held.pk}"  # type: ignore[union-attr]
    with django_assert_max_num_queries(13) as small:
        assert api.get(path).status_code == 200
    grow(world)
    for person in User.objects.filter(email__startswith="person")[:20]:
        actions.add_note(person, held, f"A note from {person.display_name}")
        actions.check_in(person, held, "ok", 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = api.get(path).json()
    assert len(data["notes"]) == 20 and len(data["checkins"]) == 20
