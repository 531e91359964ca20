"""Helpers for decisions tests: more people in the community or the crew, and proposals."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from murmuration.accounts.models import User
from murmuration.communities.models import GroupMembership, Membership
from murmuration.decisions import actions
from murmuration.decisions.models import GroupRole, Proposal
from tests.conftest import World, make_user

# A fixed moment, so minimum open times and review dates do not depend on the day tests run.
NOW = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def people(world: World, n: int, *, crew: bool = False, start: int = 0) -> list[User]:
    """`n` new community members (also in the crew when `crew`)."""
    made = []
    for i in range(start, start + n):
        person = make_user(f"person{i}@example.org", f"Person {i}")
        Membership.objects.create(community=world.community, user=person)
        if crew:
            GroupMembership.objects.create(group=world.crew, user=person)
        made.append(person)
    return made


def propose(world: World, kind: str = "consent", *, group=None, by=None, **fields) -> Proposal:
    fields.setdefault("title", "Meet in the library")
    fields.setdefault("body", "The café is too loud; the library has a free room on Tuesdays.")
    return actions.create_proposal(
        by or world.group_member, world.community, group=group, kind=kind, **fields
    )


@dataclass
class Places:
    """A proposal in each kind of place, and a role in the crew."""

    community: Proposal
    crew: Proposal
    secret: Proposal
    role: GroupRole


@pytest.fixture
def places(world) -> Places:
    return Places(
        community=propose(world, by=world.member, title="Community picnic"),
        crew=propose(world, group=world.crew, title="Crew moves to the library"),
        secret=propose(world, group=world.private_crew, title="Garden budget"),
        role=actions.define_role(
            world.group_member, world.crew, name="Timekeeper", purpose="Keeps time", term_days=90
        ),
    )
