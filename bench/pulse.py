"""How the pulse pages cost as a community grows; prints one table.

usage: .venv/bin/python bench/pulse.py [--quick]

Builds two communities in a fresh SQLite database in a temporary folder: a small one and a large
one (3,000 members, 600 groups nested three deep, 600 weekly rhythms with twelve weeks of past
sessions and their attendance, and twelve weeks planned ahead; --quick: 600 members and 120
groups). Each page is opened by a host, once to warm up and then five times; the table gives
the queries and the median time, beside the community's overview page in the same run as the
baseline. Rows are written with bulk inserts, not the actions, to keep the set-up short.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["MURMUR_DATA_DIR"] = tempfile.mkdtemp(prefix="pulse-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "murmuration.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

# Pages are rendered without `collectstatic`, as in the tests.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from murmuration.accounts.models import User  # noqa: E402
from murmuration.communities.models import (  # noqa: E402
    Community,
    Group,
    GroupMembership,
    Membership,
    Role,
)
from murmuration.rhythms.models import Attendance, Rhythm, Session  # noqa: E402

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
CATEGORIES = ["relational", "planning", "working", "learning"]


def build(name: str, members: int, groups: int) -> tuple[Community, User]:
    people = User.objects.bulk_create(
        User(email=f"{name}{n}@example.org", display_name=f"{name} {n}") for n in range(members)
    )
    host = people[0]
    community = Community.objects.create(name=name, slug=name)
    Membership.objects.bulk_create(
        Membership(community=community, user=p, role=Role.HOST if p is host else Role.MEMBER)
        for p in people
    )
    made: list[Group] = []
    for n in range(groups):
        # A tenth are teams at the top, the rest crews inside them, some inside crews' teams.
        parent = made[n % max(1, len(made) // 10)] if n >= groups // 10 and made else None
        made.append(
            Group(
                community=community,
                parent=parent,
                name=f"{name} group {n}",
                slug=f"g{n}",
                is_private=n % 9 == 4,
            )
        )
        if parent is None:
            made[-1].save()
    Group.objects.bulk_create([g for g in made if g.pk is None])
    made = list(Group.objects.filter(community=community).order_by("pk"))
    GroupMembership.objects.bulk_create(
        GroupMembership(
            group=g, user=people[(n * 5 + k) % members], joined_at=NOW - timedelta(days=k * 20)
        )
        for n, g in enumerate(made)
        for k in range(12 if g.parent_id is None else 3 + n % 4)
        if (n * 5 + k) % members != 0 or g.parent_id is None
    )
    rhythms = Rhythm.objects.bulk_create(
        Rhythm(
            group=g,
            name=f"Rhythm {n}",
            category=CATEGORIES[n % 4],
            rrule="FREQ=WEEKLY",
            start_date=(NOW - timedelta(weeks=12)).date(),
            start_time=NOW.time(),
        )
        for n, g in enumerate(made)
    )
    sessions = Session.objects.bulk_create(
        Session(
            rhythm=r,
            group_id=r.group_id,
            occurrence=NOW + timedelta(weeks=w, hours=n % 48),
            starts_at=NOW + timedelta(weeks=w, hours=n % 48),
            duration_minutes=60,
            status="cancelled" if (n + w) % 13 == 0 else "scheduled",
        )
        for n, r in enumerate(rhythms)
        for w in range(-12, 12)
    )
    by_group: dict[int, list[int]] = {}
    for gm in GroupMembership.objects.filter(group__community=community):
        by_group.setdefault(gm.group_id, []).append(gm.user_id)
    Attendance.objects.bulk_create(
        Attendance(session=s, user_id=u, present=(s.pk + u) % 4 != 0)
        for s in sessions
        if s.starts_at < NOW - timedelta(days=1) and s.status == "scheduled" and s.pk % 5
        for u in by_group.get(s.group_id, [])
    )
    return community, host


def measure(client: Client, url: str) -> tuple[int, float]:
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return len(queries), statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    sizes = [("small", 60, 12), ("large", 600, 120) if args.quick else ("large", 3000, 600)]
    print(f"{'community':<28} {'page':<26} {'queries':>7} {'median ms':>10} {'× overview':>10}")
    for name, members, groups in sizes:
        community, host = build(name, members, groups)
        rows = (
            f"{name}: {members} members, {groups} groups, "
            f"{Session.objects.filter(group__community=community).count()} sessions, "
            f"{Attendance.objects.filter(session__group__community=community).count()} "
            "attendance rows"
        )
        print(rows)
        client = Client()
        client.force_login(host)
        c = f"/c/{community.slug}"
        pages = [
            ("overview (baseline)", f"{c}/"),
            ("community pulse", f"{c}/pulse/"),
            ("connections CSV", f"{c}/pulse/connections-groups.csv"),
            ("group pulse (a team)", f"{c}/g/g0/pulse/"),
            ("my pulse", "/me/pulse/"),
            ("API community pulse", f"/api/v1/communities/{community.slug}/pulse"),
        ]
        baseline = None
        for label, url in pages:
            queries, ms = measure(client, url)
            baseline = baseline or ms
            print(f"{'':<28} {label:<26} {queries:>7} {ms:>10.1f} {ms / baseline:>10.1f}")


if __name__ == "__main__":
    main()
