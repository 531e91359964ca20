"""A pod of three in the world's Morning Crew, a weekly rhythm, and a pinned clock."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest

from murmuration.accounts.models import User
from murmuration.communities.models import GroupMembership, Membership
from murmuration.cycles import actions
from murmuration.cycles.models import Commitment, Retrospective
from murmuration.rhythms import actions as rhythm_actions
from murmuration.rhythms.models import Rhythm, Session
from tests.conftest import World, make_user

# A Monday; the pod meets on Tuesdays at 19:00 London time (UTC in winter).
MONDAY = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
FIRST_TUESDAY = date(2030, 1, 8)


@dataclass
class Pod:
    world: World
    ana: User  # the world's group_member, who called the crew
    ben: User
    cai: User

    @property
    def people(self) -> list[User]:
        return [self.ana, self.ben, self.cai]

    @property
    def group(self):
        return self.world.crew


def add_to_crew(world: World, email: str, name: str) -> User:
    person = make_user(email, name)
    Membership.objects.create(community=world.community, user=person)
    GroupMembership.objects.create(group=world.crew, user=person)
    return person


@pytest.fixture
def clock(time_machine):
    """The clock at MONDAY, standing still; move it with clock.move_to(...)."""
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def pod(world: World, clock) -> Pod:
    ben = add_to_crew(world, "ben@example.org", "Ben Brook")
    cai = add_to_crew(world, "cai@example.org", "Cai Cedar")
    return Pod(world, world.group_member, ben, cai)


def weekly(pod: Pod, **overrides) -> Rhythm:
    fields = {
        "name": "Pod check-in",
        "category": "relational",
        "recurrence": "weekly",
        "start_date": FIRST_TUESDAY,
        "start_time": time(19, 0),
        "time_zone": "Europe/London",
        "duration_minutes": 60,
        **overrides,
    }
    return rhythm_actions.create_rhythm(pod.ana, pod.group, **fields)


def running(pod: Pod, rhythm: Rhythm, sessions: int = 6) -> Commitment:
    """A commitment everyone in the pod opted in to, begun."""
    commitment = actions.propose_commitment(
        pod.ana, pod.group, rhythm=rhythm, starts_on=FIRST_TUESDAY, session_count=sessions
    )
    actions.opt_in(pod.ben, commitment)
    actions.opt_in(pod.cai, commitment)
    return actions.start_commitment(pod.ana, commitment)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


LAST_END = at(FIRST_TUESDAY + timedelta(weeks=5), 20, 0)
NAMED_ITEM = "We always started on time"
SECRET_ITEM = "I felt unheard in week three"
ACTION_TEXT = "Rotate who opens the call"


@dataclass
class Scene:
    """A pod at its review: its last session holds a retro with items, votes and an action."""

    pod: Pod
    rhythm: Rhythm
    commitment: Commitment
    retro: Retrospective
    first: Session

    @property
    def base(self) -> str:
        world = self.pod.world
        return f"/c/{world.community.slug}/g/{self.rhythm.group.slug}/"

    def url(self, page: str) -> str:
        return self.base + page.replace("{c}", str(self.commitment.pk)).replace(
            "{s}", str(self.retro.session_id)
        ).replace("{f}", str(self.first.pk))


def make_scene(pod: Pod, clock, group=None) -> Scene:
    rhythm = weekly(pod) if group is None else weekly_in(pod, group)
    commitment = actions.propose_commitment(
        pod.ana, rhythm.group, rhythm=rhythm, starts_on=FIRST_TUESDAY, session_count=6
    )
    for person in pod.people[1:]:
        if rhythm.group.memberships.filter(user=person).exists():
            actions.opt_in(person, commitment)
    actions.start_commitment(pod.ana, commitment)
    retro = Retrospective.objects.get(commitment=commitment)
    clock.move_to(LAST_END - timedelta(minutes=30))
    people = [p for p in pod.people if rhythm.group.memberships.filter(user=p).exists()]
    actions.add_item(pod.ana, retro, "working", NAMED_ITEM)
    secret = actions.add_item(people[-1], retro, "better", SECRET_ITEM, anonymous=True)
    actions.set_phase(pod.ana, retro, "vote")
    actions.vote(pod.ana, secret)
    actions.set_phase(pod.ana, retro, "act")
    actions.add_action(
        pod.ana, retro, text=ACTION_TEXT, owner=pod.ana, due_on=LAST_END.date() + timedelta(days=7)
    )
    clock.move_to(LAST_END + timedelta(hours=1))
    actions.catch_up(rhythm.group)
    commitment.refresh_from_db()
    first = rhythm.sessions.order_by("starts_at").first()
    return Scene(pod, rhythm, commitment, Retrospective.objects.get(pk=retro.pk), first)


def weekly_in(pod: Pod, group) -> Rhythm:
    return rhythm_actions.create_rhythm(
        pod.ana,
        group,
        name="Garden circle",
        category="relational",
        recurrence="weekly",
        start_date=FIRST_TUESDAY,
        start_time=time(19, 0),
        time_zone="Europe/London",
        duration_minutes=60,
    )


@pytest.fixture
def scene(pod, clock) -> Scene:
    return make_scene(pod, clock)
