"""Load the demo community through the same action functions the web pages call.

Every decision comes from one `random.Random(seed)`, so a seed always gives the same people,
groups and memberships. Timestamps are the exception: they are spread over the months before
the moment of loading, so the demo always looks lived-in ("joined 3 weeks ago") rather than
frozen at some date.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from murmuration.accounts.availability import to_utc_slots
from murmuration.accounts.models import User
from murmuration.communities import actions
from murmuration.communities.models import (
    Community,
    Group,
    GroupMembership,
    Invitation,
    JoinPolicy,
    JoinRequest,
    Membership,
    PurposeVersion,
    Role,
    Visibility,
)
from murmuration.errors import Conflict

from .cycles import add_cycles
from .cycles import step_count as cycle_steps
from .decisions import add_decisions, change_purpose
from .decisions import step_count as decision_steps
from .people import Person, Roster, make_roster
from .rhythms import add_rhythms
from .rhythms import step_count as rhythm_steps
from .rounds import add_rounds
from .rounds import step_count as round_steps
from .sensing import add_sensing
from .sensing import step_count as sensing_steps
from .story import (
    APPLICANT_MESSAGE,
    COMMUNITY_NAME,
    COMMUNITY_SLUG,
    DECLINED_MESSAGE,
    GROUPS,
    OPEN_INVITATION_DAYS,
    OPEN_INVITATION_USES,
    PURPOSE_VERSIONS,
    TEAM_REQUEST_MESSAGE,
    GroupSpec,
)

# Published on purpose: the demo is for exploring on your own machine.
DEMO_PASSWORD = "murmuration-demo"  # noqa: S105
DEFAULT_SEED = 1
COMMUNITY_AGE_DAYS = 180
# Pods are matched on free time in one fixed week, so the choice does not depend on the date
# the demo is loaded (clock changes move UTC slots by an hour).
POD_WEEK = date(2025, 6, 2)
# Half-hour slots a pod's members must share to count as able to meet.
POD_MIN_SHARED_SLOTS = 2


class DemoExists(Conflict):
    """The demo community is there already; loading it again would change nothing."""


def reset_hint() -> str:
    return (
        "To start again with a fresh demo, empty the database with `murmur flush` "
        "(or delete the data directory), then run `murmur migrate` and `murmur demo`."
    )


def step_count(seed: int = DEFAULT_SEED) -> int:
    """How many progress steps `load_demo` reports, for sizing a progress bar."""
    roster = make_roster(random.Random(seed))
    people = 3 + len(roster.others) + len(roster.applicants)
    return (
        people
        + (people - 1 - len(roster.applicants))
        + len(GROUPS)
        + 1
        + rhythm_steps()
        + round_steps()
        + decision_steps()
        + sensing_steps()
        + cycle_steps()
    )


def load_demo(seed: int = DEFAULT_SEED, *, tick: Callable[[], None] | None = None) -> Community:
    """Create the demo community in one transaction.

    Raises DemoExists when it is there already, and Conflict when accounts it would create
    exist (someone signed up as host@example.org, say), rather than touching them.
    """
    roster = make_roster(random.Random(seed))
    if Community.objects.filter(slug=COMMUNITY_SLUG).exists():
        raise DemoExists(f"The demo community “{COMMUNITY_NAME}” is loaded already. {reset_hint()}")
    emails = [person.email for person in _everyone(roster)]
    taken = sorted(User.objects.filter(email__in=emails).values_list("email", flat=True))
    if taken:
        raise Conflict(
            f"Accounts the demo would create already exist ({', '.join(taken[:3])}…). "
            + reset_hint()
        )
    # The loader has its own generator, so changing how it uses randomness leaves the roster
    # (names, emails, availability) as it was for the same seed.
    with transaction.atomic():
        return _Loader(random.Random(seed + 1), roster, tick or (lambda: None)).run()


def _everyone(roster: Roster) -> list[Person]:
    return [roster.host, roster.co_host, roster.member, *roster.others, *roster.applicants]


class _Loader:
    def __init__(self, rng: random.Random, roster: Roster, tick: Callable[[], None]) -> None:
        self.rng = rng
        self.roster = roster
        self.tick = tick
        self.now = timezone.now()
        self.users: dict[str, User] = {}
        self.joined_days: dict[str, float] = {}  # email -> days ago they joined the community
        self.groups: dict[str, Group] = {}
        # (group key, email) -> days ago that person joined that group
        self.group_joined: dict[tuple[str, str], float] = {}
        self.group_members: dict[str, list[Person]] = {}
        self.in_pods: set[str] = set()

    def run(self) -> Community:
        self.create_accounts()
        community = self.create_community()
        self.invite_founders(community)
        self.evolve_purpose(community)
        for spec in GROUPS:
            self.call_group(community, spec)
            self.tick()
        self.add_open_requests(community)
        self.tick()
        add_rhythms(self)
        add_rounds(self, community)
        add_decisions(self, community)
        add_sensing(
            self, [self.roster.host, self.roster.co_host, self.roster.member, *self.roster.others]
        )
        add_cycles(self)
        return community

    # Helpers -----------------------------------------------------------------------------

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def backdate(self, model: type[Model], pk: int, **days_ago: float) -> None:
        """Move timestamps into the past; actions always stamp "now", which a demo cannot use."""
        model._default_manager.filter(pk=pk).update(
            **{name: self.ago(days) for name, days in days_ago.items()}
        )

    def user(self, person: Person) -> User:
        return self.users[person.email]

    def named(self, role: str) -> Person:
        return {"host": self.roster.host, "co_host": self.roster.co_host}.get(
            role, self.roster.member
        )

    # Steps -------------------------------------------------------------------------------

    def create_accounts(self) -> None:
        # Hashing is deliberately slow (Argon2); one hash shared by every demo account keeps
        # loading quick, and they all have the same published password anyway.
        password = make_password(DEMO_PASSWORD)
        for person in _everyone(self.roster):
            # There is no action for creating accounts: people sign up themselves.
            user = User(
                email=person.email,
                password=password,
                display_name=person.display_name,
                pronouns=person.pronouns,
                bio=person.bio,
                time_zone=person.time_zone,
                availability=list(person.availability),
                date_joined=self.ago(COMMUNITY_AGE_DAYS + 10),
            )
            user.full_clean(exclude=["password"], validate_unique=False)
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            self.users[person.email] = user
            self.tick()

    def create_community(self) -> Community:
        host = self.user(self.roster.host)
        community = actions.create_community(
            host,
            name=COMMUNITY_NAME,
            purpose=PURPOSE_VERSIONS[0][0],
            visibility=Visibility.LISTED,
            join_policy=JoinPolicy.ASK,
        )
        self.backdate(Community, community.pk, created_at=COMMUNITY_AGE_DAYS)
        community.refresh_from_db()
        self.backdate(
            Membership,
            community.memberships.get(user=host).pk,
            joined_at=COMMUNITY_AGE_DAYS,
        )
        self.backdate(
            PurposeVersion, community.purpose_versions.get().pk, created_at=COMMUNITY_AGE_DAYS
        )
        self.joined_days[self.roster.host.email] = COMMUNITY_AGE_DAYS
        return community

    def invite_founders(self, community: Community) -> None:
        """Everyone joins through one link the host shared, as a real community would start."""
        host = self.user(self.roster.host)
        joiners = [self.roster.co_host, self.roster.member, *self.roster.others]
        link = actions.create_invitation(host, community, days=90, max_uses=len(joiners))
        # The co-host joined first; everyone else over the following months, oldest first.
        days = sorted(self.rng.uniform(3, COMMUNITY_AGE_DAYS - 3) for _ in joiners[1:])
        schedule = [COMMUNITY_AGE_DAYS - 1, *reversed(days)]
        for person, days_ago in zip(joiners, schedule, strict=True):
            membership = actions.accept_invitation(self.user(person), link.token)
            self.backdate(Membership, membership.pk, joined_at=days_ago)
            self.joined_days[person.email] = days_ago
            self.tick()
        # The founding link has since expired; it stays in the history, used up.
        self.backdate(
            Invitation, link.pk, created_at=COMMUNITY_AGE_DAYS, expires_at=COMMUNITY_AGE_DAYS - 90
        )
        actions.set_role(host, community, self.user(self.roster.co_host), Role.HOST)

    def evolve_purpose(self, community: Community) -> None:
        """Each later version was proposed by a host and adopted by consent."""
        authors = [self.roster.host, self.roster.co_host]
        founders = [self.roster.host, self.roster.co_host, self.roster.member, *self.roster.others]
        for number, ((text, note), days_ago) in enumerate(
            zip(PURPOSE_VERSIONS[1:], (95, 12), strict=True), start=2
        ):
            author = authors[number % 2]
            present = [
                p for p in founders if p != author and self.joined_days[p.email] > days_ago + 7
            ]
            voters = [self.user(p) for p in self.rng.sample(present, min(6, len(present)))]
            change_purpose(self, community, self.user(author), voters, text, note, days_ago)

    def call_group(self, community: Community, spec: GroupSpec) -> None:
        members = self.choose_members(spec)
        caller = members[0]
        parent = self.groups[spec.parent] if spec.parent else None
        group = actions.call_group(
            self.user(caller),
            community,
            name=spec.name,
            purpose=spec.purpose,
            parent=parent,
            join_policy=JoinPolicy.INVITE if spec.is_private else JoinPolicy.OPEN,
            is_private=spec.is_private,
            intended_band=spec.intended_band,
        )
        # Called after the caller joined the community (and the parent group), and joined
        # by each member after both the group existed and they had joined the parent.
        latest = min(
            self.joined_days[caller.email],
            self.group_joined.get((spec.parent or "", caller.email), COMMUNITY_AGE_DAYS),
        )
        days_ago = self.rng.uniform(max(latest - 40, latest / 2), latest - 0.5)
        self.groups[spec.key] = group
        self.group_members[spec.key] = members
        self.group_joined[(spec.key, caller.email)] = days_ago
        self.backdate(Group, group.pk, created_at=days_ago)
        # Later actions save the whole group; they must not write "now" back over the past.
        group.refresh_from_db()
        self.backdate(GroupMembership, group.memberships.get().pk, joined_at=days_ago)
        if spec.purpose:
            self.backdate(PurposeVersion, group.purpose_versions.get().pk, created_at=days_ago)
        for person in members[1:]:
            user = self.user(person)
            request = None
            if spec.is_private:
                # A private group is invitation only: its members invite, the invitee accepts.
                request = actions.invite_to_group(self.user(caller), group, user)
                actions.decide_join_request(user, request, accept=True)
                membership = group.memberships.get(user=user)
            else:
                joined = actions.join_group(user, group)
                assert isinstance(joined, GroupMembership)
                membership = joined
            ceiling = min(
                days_ago,
                self.joined_days[person.email],
                self.group_joined.get((spec.parent or "", person.email), days_ago),
            )
            joined_ago = self.rng.uniform(ceiling / 2, ceiling)
            self.group_joined[(spec.key, person.email)] = joined_ago
            self.backdate(GroupMembership, membership.pk, joined_at=joined_ago)
            if request is not None:
                # Invited after the group existed and they were in the community.
                invited_ago = (joined_ago + ceiling) / 2
                self.backdate(
                    JoinRequest, request.pk, created_at=invited_ago, decided_at=joined_ago
                )
        if spec.new_purpose:
            text, note = spec.new_purpose
            version_ago = self.rng.uniform(0.2, 0.8) * days_ago
            # Any member may propose a new purpose; pick one who was there at the time.
            present = [p for p in members if self.group_joined[(spec.key, p.email)] > version_ago]
            author = self.rng.choice(present)
            voters = [self.user(p) for p in present if p != author]
            change_purpose(
                self, community, self.user(author), voters, text, note, version_ago, group=group
            )

    def choose_members(self, spec: GroupSpec) -> list[Person]:
        named = [self.named(role) for role in spec.includes]
        excluded = {self.named(role).email for role in spec.excludes}
        if spec.parent:
            pool = list(self.group_members[spec.parent])
        else:
            pool = [self.roster.host, self.roster.co_host, self.roster.member, *self.roster.others]
        pool = [p for p in pool if p.email not in excluded and p not in named]
        wanted = spec.size - len(named)
        chosen = self.choose_pod(pool, wanted) if spec.pod else self.rng.sample(pool, wanted)
        # Hosts named in a group called it; otherwise a randomly chosen member did.
        if named and named[0] in (self.roster.host, self.roster.co_host):
            return [*named, *chosen]
        return [*chosen, *named]

    def choose_pod(self, pool: list[Person], size: int) -> list[Person]:
        """Pick people who share free time, preferring a mix of time zones.

        Greedy is enough for a demo: from each possible first person, keep adding whoever
        leaves the pod the most shared time, and keep the best pod found.
        """
        free = {
            p.email: frozenset(to_utc_slots(p.availability, p.time_zone, POD_WEEK))
            for p in pool
            if p.availability and p.email not in self.in_pods
        }
        candidates = [p for p in pool if p.email in free]
        self.rng.shuffle(candidates)
        best: tuple[tuple[bool, int, int], list[Person]] | None = None
        for first in candidates:
            pod, shared = [first], free[first.email]
            rest = [p for p in candidates if p is not first]
            while len(pod) < size and rest:
                zones = {p.time_zone for p in pod}

                def score(
                    p: Person, zones: set[str] = zones, shared: frozenset[int] = shared
                ) -> tuple[bool, bool, int]:
                    overlap = len(shared & free[p.email])
                    return (overlap >= POD_MIN_SHARED_SLOTS, p.time_zone not in zones, overlap)

                chosen = max(rest, key=score)
                rest.remove(chosen)
                pod.append(chosen)
                shared = shared & free[chosen.email]
            quality = (
                len(shared) >= POD_MIN_SHARED_SLOTS,
                len({p.time_zone for p in pod}),
                len(shared),
            )
            if best is None or quality > best[0]:
                best = (quality, pod)
        assert best is not None, "the demo roster has people with availability"
        self.in_pods.update(p.email for p in best[1])
        return best[1]

    def add_open_requests(self, community: Community) -> None:
        """Leave things waiting for an answer, so hosts and members have something to do."""
        host = self.user(self.roster.host)
        growers = self.group_members["growers"]
        team = self.groups["seed-library"]
        team_caller = self.user(self.group_members["seed-library"][0])
        # The team grew large enough that it now asks newcomers to ask first.
        actions.update_group(team_caller, team, join_policy=JoinPolicy.ASK)
        outside_team = [p for p in growers if p not in self.group_members["seed-library"]]
        asker = self.user(self.rng.choice(outside_team))
        actions.join_group(asker, team, TEAM_REQUEST_MESSAGE)
        # The demo member has an invitation into the Compost Crew to answer.
        compost = self.groups["compost"]
        actions.invite_to_group(
            self.user(self.group_members["compost"][0]), compost, self.user(self.roster.member)
        )
        applicant, spammer = (self.user(p) for p in self.roster.applicants)
        actions.ask_to_join_community(applicant, community, APPLICANT_MESSAGE)
        declined = actions.ask_to_join_community(spammer, community, DECLINED_MESSAGE)
        assert not isinstance(declined, Membership)
        actions.decide_join_request(host, declined, accept=False)
        # A link the hosts are sharing now, for the open day.
        actions.create_invitation(
            host, community, days=OPEN_INVITATION_DAYS, max_uses=OPEN_INVITATION_USES
        )
