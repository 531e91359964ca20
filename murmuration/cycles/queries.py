"""Read paths for the cycles pages, API and CLI. Each runs a fixed number of queries.

Privacy is decided here, before anything reaches a template or a schema: retro items, votes and
actions are loaded only for the group's current members; a review choice is loaded only for the
member who made it (others get the number of people who have chosen, never what); an item
written without a name carries its author only for the author.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group, GroupMembership
from murmuration.communities.permissions import Viewer
from murmuration.rhythms.models import Attendance, Session

from . import formats
from . import permissions as perms
from .actions import gate
from .models import (
    Commitment,
    CommitmentMember,
    Lineage,
    RetroAction,
    RetroItem,
    Retrospective,
    RetroVote,
    ReviewChoice,
)
from .progress import Progress, measure

RECENT = 5


def _user(viewer: Viewer) -> User | None:
    return viewer.user if isinstance(viewer.user, User) else None


# Commitments ---------------------------------------------------------------------------------


@dataclass
class CommitmentView:
    """A commitment as one viewer may see it."""

    commitment: Commitment
    people: list[User]
    progress: Progress | None
    # How many people in it have chosen at the review (a count, never who chose what).
    chosen: int = 0
    # The viewer's own choice, for the viewer alone.
    my_choice: str = ""
    is_mine: bool = False
    can_opt_in: bool = False
    can_decide: bool = False

    @property
    def member_ids(self) -> frozenset[int]:
        return frozenset(p.pk for p in self.people)

    @property
    def waiting(self) -> int:
        return max(len(self.people) - self.chosen, 0)


def _commitments(group: Group) -> QuerySet[Commitment]:
    members = CommitmentMember.objects.select_related("user").order_by("joined_at", "pk")
    return (
        Commitment.objects.filter(group=group)
        .select_related("rhythm", "group", "previous")
        .prefetch_related(Prefetch("members", queryset=members))
        .annotate(chosen_count=Count("review_choices", distinct=True))
    )


def _views(
    viewer: Viewer, group: Group, commitments: list[Commitment], now: datetime
) -> list[CommitmentView]:
    """Views of `commitments` with progress and the viewer's own choices: two more queries."""
    running = [c for c in commitments if c.is_running]
    sessions = gate.load(running) if running else []
    rhythms = None
    if any(c.rhythm_id is None for c in running):
        rhythms = gate.running_rhythm_count(group.pk)
    user = _user(viewer)
    reviewing = [c.pk for c in commitments if c.status == Commitment.Status.REVIEW]
    mine: dict[int, str] = {}
    if user is not None and reviewing:
        mine = dict(
            ReviewChoice.objects.filter(commitment_id__in=reviewing, user=user).values_list(
                "commitment_id", "choice"
            )
        )
    result = []
    for commitment in commitments:
        people = [m.user for m in commitment.members.all()]
        ids = frozenset(p.pk for p in people)
        progress = (
            measure(commitment, sessions, now, running_rhythms=rhythms)
            if commitment.is_running
            else None
        )
        result.append(
            CommitmentView(
                commitment=commitment,
                people=people,
                progress=progress,
                chosen=getattr(commitment, "chosen_count", 0),
                my_choice=mine.get(commitment.pk, ""),
                is_mine=user is not None and user.pk in ids,
                can_opt_in=perms.can_opt_in(viewer, commitment, ids),
                can_decide=perms.can_decide(viewer, commitment, ids),
            )
        )
    return result


@dataclass
class GroupCycles:
    current: list[CommitmentView]
    past: list[CommitmentView]
    can_propose: bool
    origin: Lineage | None = None
    offspring: list[Lineage] = field(default_factory=list)
    open_actions: list[RetroAction] = field(default_factory=list)


def group_cycles(
    viewer: Viewer,
    group: Group,
    groups_by_id: Mapping[int, Group],
    *,
    now: datetime | None = None,
    past: int = RECENT,
) -> GroupCycles:
    """The group's open commitments with progress, its last few decided ones, where it grew
    from and what grew from it, and (for its members) its open retro actions.

    At most seven queries, however many commitments, people and sessions there are.
    """
    now = now or timezone.now()
    open_rows = list(_commitments(group).filter(status__in=Commitment.OPEN))
    decided = list(_commitments(group).exclude(status__in=Commitment.OPEN)[:past])
    views = _views(viewer, group, [*open_rows, *decided], now)
    result = GroupCycles(
        current=views[: len(open_rows)],
        past=views[len(open_rows) :],
        can_propose=perms.can_propose(viewer, group),
    )
    result.origin, result.offspring = lineage_of(viewer, group, groups_by_id)
    if perms.can_read_retro(viewer, group):
        result.open_actions = list(open_actions(group))
    return result


def commitment_view(viewer: Viewer, group: Group, commitment_id: int) -> CommitmentView | None:
    """One of the group's commitments as the viewer may see it; four queries."""
    found = _commitments(group).filter(pk=commitment_id).first()
    if found is None:
        return None
    return _views(viewer, group, [found], timezone.now())[0]


def next_of(commitment: Commitment) -> Commitment | None:
    return Commitment.objects.filter(previous=commitment).first()


# Retrospectives ------------------------------------------------------------------------------


def with_session(found: QuerySet[RetroAction]) -> QuerySet[RetroAction]:
    """Actions with their owner and `session_id`, the session whose retro agreed them."""
    return (
        found.select_related("owner")
        .annotate(session_id=F("retro__session_id"))
        .order_by("due_on", "pk")
    )


def open_actions(group: Group, *, before: datetime | None = None) -> QuerySet[RetroAction]:
    """Actions not done yet, from retros held before `before` (any time when None)."""
    found = RetroAction.objects.filter(group=group, done_at__isnull=True)
    if before is not None:
        found = found.filter(retro__session__starts_at__lt=before)
    return with_session(found)


@dataclass
class ShownItem:
    """An item as one member sees it: the author only when named or their own."""

    item: RetroItem
    author: User | None
    mine: bool
    votes: int
    my_vote: bool
    grouped: list["ShownItem"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.item.pk

    @property
    def text(self) -> str:
        return self.item.text


@dataclass
class Column:
    key: str
    title: str
    prompt: str
    items: list[ShownItem]


@dataclass
class RetroBoard:
    retro: Retrospective
    columns: list[Column]
    actions: list[RetroAction]
    people: list[User]
    votes_left: int

    @property
    def ranked(self) -> list[ShownItem]:
        """Items heading a group (or standing alone), most votes first."""
        heads = [item for column in self.columns for item in column.items]
        return sorted(heads, key=lambda i: (-i.votes, i.item.created_at, i.pk))


def retro_board(viewer: Viewer, retro: Retrospective) -> RetroBoard | None:
    """Everything the retro page shows; None for anyone outside the pod. Three queries."""
    if not perms.can_read_retro(viewer, retro.group):
        return None
    user = _user(viewer)
    uid = user.pk if user else 0
    mine = RetroVote.objects.filter(item=OuterRef("pk"), voter_id=uid)
    rows = list(
        RetroItem.objects.filter(retro=retro)
        .select_related("author")
        .annotate(vote_count=Count("votes", distinct=True), my_vote=Exists(mine))
        .order_by("created_at", "pk")
    )
    shown = {
        row.pk: ShownItem(
            item=row,
            author=row.author if (not row.anonymous or row.author_id == uid) else None,
            mine=row.author_id == uid,
            votes=row.vote_count,
            my_vote=row.my_vote,
        )
        for row in rows
    }
    heads: dict[str, list[ShownItem]] = {}
    for row in rows:
        if row.parent_id and row.parent_id in shown:
            shown[row.parent_id].grouped.append(shown[row.pk])
        else:
            heads.setdefault(row.column, []).append(shown[row.pk])
    practice = retro.practice
    layout = formats.columns(
        practice.slug if practice else None, builtin=practice.is_builtin if practice else True
    )
    columns = [Column(c.key, str(c.title), str(c.prompt), heads.pop(c.key, [])) for c in layout]
    actions = list(with_session(RetroAction.objects.filter(retro=retro)))
    people = group_people(retro.group_id)
    used = sum(1 for s in shown.values() if s.my_vote)
    return RetroBoard(retro, columns, actions, people, max(retro.votes_each - used, 0))


def group_people(group_id: int) -> list[User]:
    """The group's current members by name, for choosing who looks after an action."""
    return [
        gm.user
        for gm in GroupMembership.objects.filter(group_id=group_id)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    ]


def retro_for_session(group: Group, session_id: int) -> Retrospective | None:
    return (
        Retrospective.objects.filter(session_id=session_id, group=group)
        .select_related("session", "session__rhythm", "group", "practice", "commitment")
        .first()
    )


# Health --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    """Aggregates only: safe for hosts, who never see what lies behind them."""

    present: int = 0
    recorded: int = 0
    cycles_completed: int = 0
    actions_on_time: int = 0
    actions_due: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self.present / self.recorded if self.recorded else None

    @property
    def on_time_rate(self) -> float | None:
        return self.actions_on_time / self.actions_due if self.actions_due else None


def health(group_ids: list[int], now: datetime | None = None) -> dict[int, Health]:
    """Health of each group in `group_ids`, in three queries however many groups.

    Attendance: of the presences recorded for held (not cancelled) sessions, the share present.
    Cycles completed: commitments that reached their review and were renewed or closed.
    Actions on time: of the actions due by today or done, the share done on or before the day.
    """
    now = now or timezone.now()
    attendance = (
        Attendance.objects.filter(
            session__group_id__in=group_ids,
            session__status=Session.Status.SCHEDULED,
            present__isnull=False,
        )
        .values("session__group_id")
        .annotate(
            recorded=Count("pk"),
            present=Count("pk", filter=Q(present=True)),
        )
    )
    cycles = (
        Commitment.objects.filter(group_id__in=group_ids, review_from__isnull=False)
        .exclude(status__in=Commitment.OPEN)
        .values("group_id")
        .annotate(n=Count("pk"))
    )
    today = timezone.localdate(now)
    due = Q(due_on__lt=today) | Q(done_at__isnull=False)
    actions = (
        RetroAction.objects.filter(due, group_id__in=group_ids)
        .values_list("group_id", "due_on", "done_at")
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {gid: {} for gid in group_ids}
    for row in attendance:
        entry = counts[row["session__group_id"]]
        entry["present"], entry["recorded"] = row["present"], row["recorded"]
    for row in cycles:
        counts[row["group_id"]]["cycles_completed"] = row["n"]
    for group_id, due_on, done in actions:
        entry = counts[group_id]
        entry["actions_due"] = entry.get("actions_due", 0) + 1
        if done is not None and timezone.localdate(done) <= due_on:
            entry["actions_on_time"] = entry.get("actions_on_time", 0) + 1
    return {gid: Health(**values) for gid, values in counts.items()}


# Lineage -------------------------------------------------------------------------------------


def lineage_of(
    viewer: Viewer, group: Group, groups_by_id: Mapping[int, Group]
) -> tuple[Lineage | None, list[Lineage]]:
    """Where the group grew from and what grew from it, among groups the viewer may see."""
    rows = Lineage.objects.filter(Q(child=group) | Q(parent=group)).order_by("created_at", "pk")
    origin = None
    offspring = []
    for row in rows:
        other_id = row.parent_id if row.child_id == group.pk else row.child_id
        other = groups_by_id.get(other_id)
        if other is None or not community_perms.can_see_group(viewer, other, groups_by_id):
            continue
        row.child = group if row.child_id == group.pk else other
        row.parent = group if row.parent_id == group.pk else other
        if row.child_id == group.pk:
            origin = row
        else:
            offspring.append(row)
    return origin, offspring


@dataclass
class LineageNode:
    group: Group
    kind: str = ""
    since: datetime | None = None
    children: list["LineageNode"] = field(default_factory=list)


def lineage_forest(viewer: Viewer, groups_by_id: Mapping[int, Group]) -> list[LineageNode]:
    """Every tree of groups that grew from one another, as far as the viewer may see.

    A group the viewer may not see is left out with its link; groups that grew from it start
    trees of their own, so nothing hints that it exists. One query for the links.
    """
    community_id = viewer.community.pk
    links = list(
        Lineage.objects.filter(child__community_id=community_id).order_by("created_at", "pk")
    )
    visible = {
        gid
        for gid, g in groups_by_id.items()
        if community_perms.can_see_group(viewer, g, groups_by_id)
    }
    nodes: dict[int, LineageNode] = {}

    def node(gid: int) -> LineageNode:
        if gid not in nodes:
            nodes[gid] = LineageNode(groups_by_id[gid])
        return nodes[gid]

    has_parent: set[int] = set()
    for link in links:
        if link.child_id not in visible or link.parent_id not in visible:
            continue
        child = node(link.child_id)
        child.kind, child.since = link.kind, link.created_at
        node(link.parent_id).children.append(child)
        has_parent.add(link.child_id)
    return [n for gid, n in sorted(nodes.items()) if gid not in has_parent]


# A session's place in the cycle --------------------------------------------------------------


@dataclass
class SessionCycle:
    """What the session page shows about cycles: which session of which commitment it is,
    whether the review gate holds it, its retro, and the group's open actions."""

    commitment: Commitment | None = None
    number: int | None = None
    total: int | None = None
    held: bool = False
    retro: Retrospective | None = None
    can_read_retro: bool = False
    open_actions: list[RetroAction] = field(default_factory=list)


def session_cycle(viewer: Viewer, group: Group, session: Session) -> SessionCycle:
    """At most five queries: commitments, their sessions, the retro, the open actions."""
    result = SessionCycle(can_read_retro=perms.can_read_retro(viewer, group))
    candidates = list(
        Commitment.objects.filter(group=group)
        .exclude(status=Commitment.Status.PROPOSED)
        .filter(Q(rhythm_id=session.rhythm_id) | Q(rhythm__isnull=True))
        .select_related("rhythm")
        .order_by("-starts_on", "-pk")[:3]
    )
    for commitment in candidates:
        if session.pk in commitment.held_sessions and commitment.status == Commitment.Status.REVIEW:
            result.commitment, result.held = commitment, True
            break
    if result.commitment is None and candidates:
        now = timezone.now()
        sessions = gate.load(candidates)
        for commitment in candidates:
            progress = measure(commitment, sessions, now)
            number = progress.number_of(session)
            if number is not None:
                result.commitment, result.number, result.total = commitment, number, progress.total
                break
    result.retro = Retrospective.objects.filter(session=session).first()
    if result.can_read_retro:
        result.open_actions = list(open_actions(group, before=session.starts_at))
    return result
