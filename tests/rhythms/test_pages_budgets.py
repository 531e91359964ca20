"""Query budgets: each rhythm page costs the same with one rhythm and a quiet crew as with many
rhythms, many sessions, many members, RSVPs, notes and check-ins.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from murmuration.communities.models import GroupMembership, Membership
from murmuration.rhythms import actions
from murmuration.rhythms.models import Attendance, CheckIn, Practice, Session, SessionNote
from tests.conftest import World, make_user
from tests.rhythms.test_pages_access import Scene, make_scene
from tests.web.conftest import HTMX

# Login session and user, community, membership and group ids, the group tree: six queries
# before a page does anything of its own.
BUDGETS = {
    "group_rhythms": 8,
    "summary": 10,
    "calendar": 8,
    "my_sessions": 3,
    "rhythm": 10,
    "session": 13,
    # One more when the practice's roles have holders, whose names are loaded in one query.
    "session_upcoming": 15,
    "runner": 10,
    "runner_step": 8,
    "runner_step_unchanged": 7,
    "runner_shared": 8,
}


def urls(world: World, scene: Scene) -> dict[str, str]:
    group = f"/c/{world.community.slug}/g/{world.crew.slug}/"
    past = scene.url(world, "", scene.past)
    return {
        "group_rhythms": group + "rhythms/",
        "summary": group + "rhythms/summary/",
        "calendar": group + "calendar/",
        "my_sessions": "/me/sessions/",
        "rhythm": scene.url(world, "rhythm"),
        "session": past,
        "session_upcoming": scene.url(world, ""),
        "runner": past + "run/",
        "runner_step": past + "run/step/",
        "runner_step_unchanged": past + "run/step/?state=-.0.r",
        "runner_shared": past + "run/shared/?part=notes",
    }


def crowd(world: World, scene: Scene, people: int = 25, rhythms: int = 6) -> None:
    """Many people in the crew, many rhythms, and every kind of row a page might loop over."""
    practice = Practice.objects.get(slug="case-clinic", community=None)
    extra = [make_user(f"crowd{n}@example.org", f"Crowd {n}", "Asia/Tokyo") for n in range(people)]
    Membership.objects.bulk_create(Membership(community=world.community, user=p) for p in extra)
    GroupMembership.objects.bulk_create(GroupMembership(group=world.crew, user=p) for p in extra)
    for n in range(rhythms):
        rhythm = actions.create_rhythm(
            world.group_member,
            world.crew,
            name=f"Rhythm {n}",
            category="working",
            recurrence="weekly",
            start_date=timezone.localdate() - timedelta(days=20 - n),
            start_time=f"{8 + n:02d}:15",
            time_zone=["America/New_York", "Asia/Kolkata", "Europe/Berlin"][n % 3],
            duration_minutes=50,
            practice=practice,
        )
        for person in extra[:4]:
            actions.join_rotation(person, rhythm)
    sessions = list(Session.objects.filter(group=world.crew))
    Attendance.objects.bulk_create(
        Attendance(session=s, user=p, rsvp="yes", present=True) for s in sessions for p in extra
    )
    for session in (scene.past, scene.future):
        SessionNote.objects.bulk_create(
            SessionNote(session=session, author=p, text=f"note {p.pk}") for p in extra
        )
        CheckIn.objects.bulk_create(
            CheckIn(session=session, user=p, word=f"w{p.pk}", rating=3) for p in extra
        )
    # The practice's rotating roles now have people to go round.
    actions.set_session_practice(world.group_member, scene.future, practice)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **(HTMX if "/step/" in url or "/shared/" in url else {}))
    assert response.status_code in (200, 204), (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("page", list(BUDGETS))
def test_each_page_keeps_its_budget_as_the_crew_grows(world, page):
    scene = make_scene(world)
    client = world.client_for("group_member")
    url = urls(world, scene)[page]
    few = count(client, url)
    crowd(world, scene)
    many = count(client, url)
    assert few <= BUDGETS[page], f"{few} queries with a few rows"
    assert many <= BUDGETS[page], f"{many} queries with many rows"


@pytest.mark.parametrize("page", ["session", "group_rhythms", "calendar", "rhythm", "summary"])
def test_a_host_outside_the_group_costs_no_more(world, page):
    scene = make_scene(world)
    crowd(world, scene)
    assert count(world.client_for("host"), urls(world, scene)[page]) <= BUDGETS[page]
