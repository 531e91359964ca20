"""The demo's decisions: purposes changed by consent, proposals of every kind in every state,
and roles in the Growers Band with terms and selections.

Everything goes through `decisions.actions`, as members would, except what an action cannot do
because it records the present: timestamps are moved into the past (a vote's round is opened
days ago so it may be counted, a review date is moved back so a review is due, a term starts
when it did).
"""

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from django.db.models import Model

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group, PurposeVersion
from murmuration.decisions import actions
from murmuration.decisions.models import (
    Advice,
    AdviceRequest,
    GroupRole,
    Nomination,
    Position,
    Proposal,
    Revision,
    RoleTerm,
    Selection,
)

from .people import Person, Roster

ROLE_GROUP = "growers"
STEPS = 4


class Loader(Protocol):
    rng: random.Random
    now: datetime
    roster: Roster
    groups: dict[str, Group]
    group_members: dict[str, list[Person]]
    tick: Callable[[], None]

    def user(self, person: Person) -> User: ...

    def backdate(self, model: type[Model], pk: int, **days_ago: float) -> None: ...

    def ago(self, days: float) -> datetime: ...


def step_count() -> int:
    return STEPS


class _Decisions:
    def __init__(self, loader: Loader, community: Community) -> None:
        self.loader = loader
        self.community = community
        self.today = loader.now.date()

    def propose(self, author: User, **fields: Any) -> Proposal:
        return actions.create_proposal(author, self.community, **fields)

    def later(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def sample(self, people: Sequence[User], n: int, *, without: Sequence[User] = ()) -> list[User]:
        pool = [p for p in people if p not in without]
        return self.loader.rng.sample(pool, min(n, len(pool)))

    def backdate_proposal(self, proposal: Proposal, opened: float, decided: float | None) -> None:
        """Move a proposal's story into the past: opened `opened` days ago, each position and
        piece of advice somewhere between then and its close (or now)."""
        load = self.loader
        end = decided if decided is not None else 0.05
        fields = {"created_at": opened, "round_opened_at": opened}
        if decided is not None:
            fields["decided_at"] = decided
        load.backdate(Proposal, proposal.pk, **fields)
        for revision in Revision.objects.filter(proposal=proposal):
            load.backdate(Revision, revision.pk, created_at=opened if revision.round == 1 else end)
        rows: list[tuple[type[Model], int]] = [
            *((Position, pk) for pk in proposal.positions.values_list("pk", flat=True)),
            *((Advice, pk) for pk in proposal.advice.values_list("pk", flat=True)),
            *((AdviceRequest, pk) for pk in proposal.requests.values_list("pk", flat=True)),
        ]
        for step, (model, pk) in enumerate(rows, start=1):
            load.backdate(model, pk, created_at=opened - (opened - end) * step / (len(rows) + 1))

    def consent(
        self,
        author: User,
        voters: Sequence[User],
        *,
        title: str,
        body: str,
        group: Group | None = None,
        subject: str = "general",
        purpose_text: str = "",
        concern: str = "",
    ) -> Proposal:
        proposal = self.propose(
            author,
            group=group,
            kind="consent",
            subject=subject,
            title=title,
            body=body,
            purpose_text=purpose_text,
        )
        for i, person in enumerate(voters):
            if i == 1 and concern:
                actions.take_position(person, proposal, "concern", concern)
            else:
                actions.take_position(person, proposal, "consent")
        return proposal

    # The community's purpose, and groups' --------------------------------------------------

    def change_purpose(
        self,
        author: User,
        voters: Sequence[User],
        text: str,
        note: str,
        days_ago: float,
        group: Group | None = None,
    ) -> None:
        proposal = self.consent(
            author,
            voters,
            group=group,
            subject="purpose",
            title=note.split(":")[0].split(";")[0][:150],
            body=note,
            purpose_text=text,
            concern="Will newcomers still understand what we do?",
        )
        actions.close_proposal(author, proposal, outcome=note, review_on=self.later(365))
        self.backdate_proposal(proposal, days_ago + 6, days_ago)
        version = PurposeVersion.objects.get(proposal=proposal)
        self.loader.backdate(PurposeVersion, version.pk, created_at=days_ago)

    # Proposals of every kind in every state --------------------------------------------------

    def everything(self) -> None:
        load, roster = self.loader, self.loader.roster
        host, co_host, member = (load.user(p) for p in (roster.host, roster.co_host, roster.member))
        everyone = [
            load.user(p) for p in (roster.host, roster.co_host, roster.member, *roster.others)
        ]
        growers = [load.user(p) for p in load.group_members[ROLE_GROUP]]
        band = load.groups[ROLE_GROUP]
        actions.set_defaults(host, self.community, kind="consent", purpose_kind="consent")

        # Consent, adopted long ago: its review is due now.
        shed = self.consent(
            co_host,
            self.sample(everyone, 7, without=[co_host]),
            title="Quiet hours at the shared shed",
            body="No power tools before nine or after seven, so the neighbours can rest.",
            concern="Weekend work parties start at eight.",
        )
        actions.close_proposal(
            co_host,
            shed,
            outcome="Adopted: quiet before nine and after seven.",
            review_on=self.later(30),
        )
        self.backdate_proposal(shed, 104, 100)
        Proposal.objects.filter(pk=shed.pk).update(review_on=self.today - timedelta(days=5))

        # Consent, withdrawn.
        fee = self.propose(
            host,
            kind="consent",
            title="A yearly membership fee",
            body="Ten a year towards seeds and tools.",
        )
        actions.take_position(
            member,
            fee,
            "objection",
            "Harm: people on low incomes would leave. Improvement: a voluntary contribution.",
        )
        actions.withdraw_proposal(host, fee, outcome="Withdrawn in favour of a donation jar.")
        self.backdate_proposal(fee, 70, 66)

        # Votes: passed, blocked, withdrawn, and one open now.
        freezer = self.propose(
            member,
            kind="vote",
            title="Buy a second seed freezer",
            body="The seed library has outgrown the first; the grant covers it.",
        )
        for person in self.sample(everyone, 40, without=[member]):
            stance = self.loader.rng.choice(["agree", "agree", "agree", "abstain"])
            actions.take_position(person, freezer, stance)
        self.open_vote_days_ago(freezer, 45)
        actions.close_proposal(member, freezer, outcome="Passed: the freezer is ordered.")
        self.backdate_proposal(freezer, 45, 40)

        sundays = self.propose(
            co_host,
            kind="vote",
            title="Move the gatherings to Sundays",
            body="More people are free on Sundays.",
        )
        voters = self.sample(everyone, 30, without=[co_host, member])
        for person in voters[:-1]:
            actions.take_position(person, sundays, "agree")
        actions.take_position(voters[-1], sundays, "block", "Sunday is the only day I can rest.")
        self.open_vote_days_ago(sundays, 30)
        actions.close_proposal(co_host, sundays, outcome="Blocked; gatherings stay on Saturdays.")
        self.backdate_proposal(sundays, 30, 26)

        logo = self.propose(
            host,
            kind="vote",
            title="A new logo",
            body="A heron over the river.",
        )
        actions.withdraw_proposal(host, logo, outcome="The design group will bring options.")
        self.backdate_proposal(logo, 20, 19)

        autumn = self.propose(
            co_host,
            kind="vote",
            title="Autumn gathering on 18 October",
            body="The hall is free that day and the harvest will be in.",
        )
        for person in self.sample(everyone, 14, without=[co_host, member]):
            actions.take_position(person, autumn, self.loader.rng.choice(["agree", "abstain"]))
        self.backdate_proposal(autumn, 1, None)

        # Advice processes: decided, withdrawn, and one the demo member is running.
        newsletter = self.propose(
            co_host,
            kind="advice",
            title="A monthly newsletter",
            body="Weekly is too much to write and to read.",
            topic="newsletter",
            touches=[load.groups["welcome"]],
        )
        for person in self.sample(everyone, 3, without=[co_host]):
            actions.ask_for_advice(co_host, newsletter, person, "reads it every week")
            actions.give_advice(person, newsletter, "Monthly, with a short note when urgent.")
        actions.close_proposal(
            co_host,
            newsletter,
            outcome="Monthly from next month; urgent news goes to the groups directly.",
            review_on=self.later(90),
        )
        self.backdate_proposal(newsletter, 25, 18)

        mural = self.propose(
            member,
            kind="advice",
            title="Paint a mural on the shed",
            body="The children's group asked for one.",
        )
        actions.give_advice(host, mural, "Ask the landlord first.")
        actions.withdraw_proposal(member, mural, outcome="The landlord said no.")
        self.backdate_proposal(mural, 60, 55)

        grant = self.propose(
            member,
            kind="advice",
            title="Apply for the council's green grant",
            body="Up to 2,000 for tools and a polytunnel; the application is due next month.",
            topic="money",
            touches=[band],
        )
        asked = self.sample(growers, 2, without=[member])
        actions.ask_for_advice(member, grant, asked[0], "in Growers Band")
        actions.give_advice(asked[0], grant, "Yes, and ask for a water butt too.")
        self.backdate_proposal(grant, 3, None)

        # In the Growers Band: adopted, and open after an objection and an amendment.
        beds = self.consent(
            growers[0],
            self.sample(growers, 8, without=[growers[0]]),
            group=band,
            title="Raised beds for the accessible plot",
            body="Two raised beds by the gate, so everyone can garden.",
        )
        actions.close_proposal(
            growers[0],
            beds,
            outcome="Adopted; built at the next work party.",
            review_on=self.later(60),
        )
        self.backdate_proposal(beds, 35, 31)

        rota = self.propose(
            growers[1],
            group=band,
            kind="consent",
            title="Rotate the plots every season",
            body="Everyone gets a turn on the sunny plots.",
        )
        objector = self.sample(growers, 1, without=[growers[1], member])[0]
        actions.take_position(
            objector,
            rota,
            "objection",
            "Harm: perennials would be dug up. Improvement: rotate the annual beds only.",
        )
        actions.amend_proposal(
            growers[1],
            rota,
            title="Rotate the annual beds every season",
            body="Everyone gets a turn on the sunny beds; perennials stay where they are.",
            note="Perennials stay, after the objection",
        )
        actions.take_position(objector, rota, "consent")
        for person in self.sample(growers, 5, without=[growers[1], member, objector]):
            actions.take_position(person, rota, "consent")
        self.backdate_proposal(rota, 6, None)
        self.loader.tick()

    def open_vote_days_ago(self, proposal: Proposal, days: float) -> None:
        """A vote must stay open its minimum time before it is counted; the demo's happened
        days ago."""
        Proposal.objects.filter(pk=proposal.pk).update(round_opened_at=self.loader.ago(days))

    # Roles -------------------------------------------------------------------------------------

    def roles(self) -> None:
        load = self.loader
        band = load.groups[ROLE_GROUP]
        growers = [load.user(p) for p in load.group_members[ROLE_GROUP]]
        member = load.user(load.roster.member)
        caller = growers[0]

        def role(name: str, purpose: str, days: int) -> GroupRole:
            return actions.define_role(caller, band, name=name, purpose=purpose, term_days=days)

        facilitator = role(
            "Facilitator", "Holds the space at band meetings and keeps us to our purpose.", 90
        )
        self.select(facilitator, caller, growers, growers[2], started=150)
        self.select(facilitator, caller, growers, growers[3], started=60)
        steward = role("Tool steward", "Keeps the shed's tools sharp, counted and lent fairly.", 60)
        self.select(steward, growers[1], growers, growers[4], started=53)
        treasurer = role("Treasurer", "Looks after the band's money and reports each season.", 180)
        selection = actions.start_selection(caller, treasurer)
        for person in [member, *self.sample(growers, 4, without=[member, caller])]:
            nominee = self.sample(growers, 1, without=[person])[0]
            actions.nominate(
                person, selection, nominee, "Careful with numbers and open about them."
            )
        role_timekeeper = role("Timekeeper", "Keeps meetings to time, kindly.", 90)
        self.select(role_timekeeper, growers[2], growers, growers[5], started=None)
        load.tick()

    def select(
        self,
        role: GroupRole,
        facilitator: User,
        group: list[User],
        candidate: User,
        started: float | None,
    ) -> None:
        """A selection by consent; `started` days ago it concluded and the term began, or with
        None it is left in its consent round with the candidate still to answer."""
        selection = actions.start_selection(facilitator, role)
        nominators = self.sample(group, 5, without=[candidate])
        for person in nominators:
            actions.nominate(person, selection, candidate, "Steady, fair, and has the time now.")
        actions.nominate(candidate, selection, nominators[0], "They know the band well and listen.")
        actions.reveal_nominations(facilitator, selection)
        actions.open_change_round(facilitator, selection)
        proposal = actions.propose_candidate(
            facilitator, selection, candidate, "Most nominations, for steadiness and fairness."
        )
        consenting = [p for p in group if p != candidate][:8]
        for person in consenting:
            actions.take_position(person, proposal, "consent")
        if started is None:
            self.backdate_proposal(proposal, 2, None)
            return
        actions.ask_candidate(facilitator, proposal)
        actions.take_position(candidate, proposal, "consent")
        actions.close_proposal(
            facilitator, proposal, outcome="Selected by consent.", review_on=self.later(30)
        )
        self.backdate_proposal(proposal, started + 5, started)
        term = RoleTerm.objects.get(proposal=proposal)
        starts = self.today - timedelta(days=int(started))
        RoleTerm.objects.filter(pk=term.pk).update(
            starts_on=starts, ends_on=starts + timedelta(days=role.term_days - 1)
        )
        Proposal.objects.filter(pk=proposal.pk).update(review_on=None)
        for model, queryset in (
            (Selection, Selection.objects.filter(pk=selection.pk)),
            (Nomination, selection.nominations.all()),
        ):
            for pk in queryset.values_list("pk", flat=True):
                self.loader.backdate(model, pk, created_at=started + 8)


def change_purpose(
    loader: Loader,
    community: Community,
    author: User,
    voters: Sequence[User],
    text: str,
    note: str,
    days_ago: float,
    group: Group | None = None,
) -> None:
    """A purpose version made by an adopted consent proposal, as the demo's history has them."""
    _Decisions(loader, community).change_purpose(author, voters, text, note, days_ago, group)
    # The loader keeps these objects and later saves them whole; they must carry the new text.
    (group or community).refresh_from_db(fields=["purpose"])


def add_decisions(loader: Loader, community: Community) -> None:
    decisions = _Decisions(loader, community)
    decisions.everything()
    decisions.roles()
    loader.tick()
    loader.tick()
