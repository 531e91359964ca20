"""Helpers shared by the matching tests: the independent checker and JSON conversion for the
engine, and rounds with people who opted in for the app."""

import importlib.util
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from django.utils import timezone

from murmuration.communities.models import Membership
from murmuration.matching import actions
from murmuration.matching.engine.model import Problem
from tests.conftest import make_user

# CI clones the repository with ../shared beside it; the checker is deliberately not ours.
CHECKER = Path(__file__).resolve().parents[2] / ".." / "shared" / "tools" / "check_pods.py"


def load_checker() -> ModuleType:
    if not CHECKER.is_file():
        raise FileNotFoundError(f"the independent checker is missing: {CHECKER}")
    spec = importlib.util.spec_from_file_location("check_pods", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def problem_json(problem: Problem, rounds: int | None = None) -> dict[str, Any]:
    """The problem in the file format, with every key the checker reads."""
    return {
        "pod_size": list(problem.pod_size),
        "session_minutes": problem.session_minutes,
        "rounds": problem.rounds if rounds is None else rounds,
        "members": [
            {"id": m.id, "slots": sorted(m.slots), **({"home": m.home} if m.home else {})}
            for m in problem.members
        ],
        "history": [list(pair) for pair in problem.history],
        "apart": [list(pair) for pair in problem.apart],
        "together": [list(pair) for pair in problem.together],
        "callers": list(problem.callers),
    }


# Rounds in the app --------------------------------------------------------------------------

EVENING = [1 * 48 + 36, 1 * 48 + 37, 1 * 48 + 38, 1 * 48 + 39]  # Tuesday 18:00-20:00 local


def next_monday(weeks: int = 2) -> date:
    today = timezone.now().date()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def open_test_round(world, **fields: Any):
    """A round in the world's community, deadline in a week, pods of 3-4 meeting for an hour."""
    values = {
        "name": "Spring round",
        "opt_in_deadline": timezone.now() + timedelta(days=7),
        "first_week": next_monday(),
        "pod_size_min": 3,
        "pod_size_max": 4,
        "session_minutes": 60,
        "session_count": 6,
        "formats": ["care"],
        **fields,
    }
    return actions.open_round(world.host, world.community, **values)


def add_people(world, count: int, *, prefix: str = "p", time_zone: str = "UTC") -> list:
    """Community members (not in any group) with a Tuesday evening free in their zone."""
    people = [
        make_user(f"{prefix}{n}@example.org", f"{prefix.upper()} Person {n}", time_zone=time_zone)
        for n in range(count)
    ]
    Membership.objects.bulk_create(Membership(community=world.community, user=p) for p in people)
    for person in people:
        person.availability = EVENING
        person.save(update_fields=["availability"])
    return people


def opt_everyone_in(round, people, **fields: Any) -> None:
    for person in people:
        values = {"role": "member", "format": "care", "slots": EVENING, **fields}
        actions.opt_in(person, round, **values)
