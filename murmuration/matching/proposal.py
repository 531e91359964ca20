"""The Django side of pod formation: entries into the engine, its pods back, and the proposal
as a host reviews it.

The engine knows nothing of formats, so each format the round offers is formed on its own:
people who asked for a care pod are matched among themselves, and so on. History (pairs who
met before) and keep-apart wishes go in as the engine's `history` and `apart`.

`Review` holds a round's proposal with everything the review page, the API and the CLI show
(each pod's members, common time, repeated pairs) and answers "what would moving this person
there do" in memory, so the page can show it at once.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from murmuration.matching import engine
from murmuration.matching.engine.model import Member

from . import history, meeting
from .models import Entry, KeepApart, Pod, Round

Pair = frozenset[int]


def load_entries(round: Round) -> list[Entry]:
    """The round's entries with their people and keep-apart wishes, in three queries."""
    return list(
        Entry.objects.filter(round=round)
        .select_related("user")
        .prefetch_related(
            Prefetch("keep_apart", queryset=KeepApart.objects.select_related("other"))
        )
        .order_by("pk")
    )


def apart_pairs(entries: Iterable[Entry]) -> set[Pair]:
    """Keep-apart wishes between people who both opted in (either may have asked)."""
    entries = list(entries)
    present = {e.user_id for e in entries}
    return {
        frozenset((e.user_id, wish.other_id))
        for e in entries
        for wish in e.keep_apart.all()
        if wish.other_id in present and wish.other_id != e.user_id
    }


@dataclass(frozen=True)
class Formed:
    """One pod as the engine returned it: user ids (caller first) and the UTC slot."""

    format: str
    members: tuple[int, ...]
    slot: int
    caller: int | None


def form(
    round: Round,
    entries: list[Entry],
    *,
    tick: Callable[[str], None] | None = None,
) -> tuple[list[Formed], dict[int, str]]:
    """Run the engine once per format; returns the pods and, for each person left out, why."""
    met = history.pairs_met(round)
    homes = history.home_groups(round)
    apart = apart_pairs(entries)
    pods: list[Formed] = []
    reasons: dict[int, str] = {}
    for format in round.formats:
        chosen = [e for e in entries if e.format == format]
        if not chosen:
            continue
        if tick:
            tick(format)
        ids = {e.user_id for e in chosen}
        problem = engine.Problem(
            members=tuple(
                Member(
                    id=_key(e.user_id),
                    slots=meeting.utc_slots(round, e),
                    home=str(homes[e.user_id]) if e.user_id in homes else None,
                )
                for e in chosen
            ),
            pod_size=(round.pod_size_min, round.pod_size_max),
            session_minutes=round.session_minutes,
            history=_pairs_within(met.elements(), ids),
            apart=_pairs_within(apart, ids),
            callers=tuple(_key(e.user_id) for e in chosen if e.is_caller),
            # Stable for the same round settings, so the demo is the same for the same seed.
            seed=round.first_week.toordinal(),
        )
        result = engine.form_pods(problem)
        for pod in result.pods:
            pods.append(
                Formed(
                    format=format,
                    members=tuple(int(m) for m in pod.members),
                    slot=pod.slot,
                    caller=int(pod.caller) if pod.caller else None,
                )
            )
        for left in result.unplaced:
            reasons[int(left.id)] = left.reason
    return pods, reasons


def _key(user_id: int) -> str:
    """The engine's id for a person. Zero-padded, so ids sort as the numbers do: the engine
    breaks ties by id, and the same people must get the same pods whatever their ids."""
    return f"{user_id:012d}"


def _pairs_within(pairs: Iterable[Pair], ids: set[int]) -> tuple[tuple[str, str], ...]:
    result = []
    for pair in pairs:
        a, b = sorted(pair)
        if a in ids and b in ids:
            result.append((_key(a), _key(b)))
    return tuple(sorted(result))


# Reviewing ------------------------------------------------------------------------------------


@dataclass
class PodView:
    pod: Pod
    entries: list[Entry]
    slot: int | None
    # (first, second, times met), for pairs in this pod who have met before.
    repeats: list[tuple[Entry, Entry, int]]
    start: datetime | None
    end: datetime | None
    size_ok: bool

    @property
    def caller(self) -> Entry | None:
        return next((e for e in self.entries if e.is_caller), None)


@dataclass(frozen=True)
class Side:
    """One pod before and after a move: its size, repeated pairs and common time."""

    pod: Pod | None
    size_before: int
    size_after: int
    repeats_before: int
    repeats_after: int
    slot_before: int | None
    slot_after: int | None
    start_after: datetime | None


@dataclass(frozen=True)
class Effect:
    entry: Entry
    source: Side | None
    target: Side | None
    # Why the move cannot be made, or "" when it can.
    refusal: str = ""
    warnings: tuple[str, ...] = ()


@dataclass
class Review:
    round: Round
    entries: list[Entry]
    pods_by_id: dict[int, Pod]
    met: Counter[Pair]
    apart: set[Pair]
    slots: dict[int, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, round: Round) -> "Review":
        entries = load_entries(round)
        pods = {pod.pk: pod for pod in Pod.objects.filter(round=round)}
        # A published round's own pods are history now; their pairs are no repeats of it.
        met = Counter() if round.status == Round.Status.PUBLISHED else history.pairs_met(round)
        review = cls(round, entries, pods, met, apart_pairs(entries))
        review.slots = {e.user_id: meeting.utc_slots(round, e) for e in entries}
        return review

    def members_of(self, pod_id: int | None) -> list[Entry]:
        return [e for e in self.entries if e.pod_id == pod_id]

    def name_of(self, user_id: int) -> str:
        entry = self.entry_of(user_id)
        return entry.user.name if entry else ""

    def entry_of(self, user_id: int) -> Entry | None:
        return next((e for e in self.entries if e.user_id == user_id), None)

    @property
    def unplaced(self) -> list[Entry]:
        return self.members_of(None)

    def repeats(self, members: list[Entry]) -> list[tuple[Entry, Entry, int]]:
        found = []
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                times = self.met.get(frozenset((a.user_id, b.user_id)), 0)
                if times:
                    found.append((a, b, times))
        return found

    def slot_of(self, members: list[Entry]) -> int | None:
        return meeting.common_slot(self.round, (self.slots[e.user_id] for e in members))

    @cached_property
    def pods(self) -> list[PodView]:
        views = []
        for pod in sorted(self.pods_by_id.values(), key=lambda p: p.number):
            members = self.members_of(pod.pk)
            if not members:
                continue
            views.append(self.view(pod, members))
        return views

    def view(self, pod: Pod, members: list[Entry]) -> PodView:
        start = meeting.first_meeting(self.round, pod.slot) if pod.slot is not None else None
        low, high = self.round.pod_size_min, self.round.pod_size_max
        return PodView(
            pod=pod,
            entries=sorted(members, key=lambda e: (not e.is_caller, e.user.name.lower(), e.pk)),
            slot=pod.slot,
            repeats=self.repeats(members),
            start=start,
            end=meeting.meeting_end(self.round, start) if start else None,
            size_ok=low <= len(members) <= high,
        )

    @property
    def repeat_count(self) -> int:
        return sum(len(view.repeats) for view in self.pods)

    def apart_in(self, entry: Entry, members: list[Entry]) -> Entry | None:
        """Someone in `members` whom `entry` is to be kept apart from (by either's wish)."""
        return next(
            (
                other
                for other in members
                if other.user_id != entry.user_id
                and frozenset((entry.user_id, other.user_id)) in self.apart
            ),
            None,
        )

    def effect(self, entry: Entry, target: Pod | None) -> Effect:
        """What moving `entry` into `target` (None: out of every pod) does to both pods."""
        source_pod = self.pods_by_id.get(entry.pod_id) if entry.pod_id else None
        source = None
        if source_pod is not None:
            before = self.members_of(source_pod.pk)
            after = [e for e in before if e.pk != entry.pk]
            source = self._side(source_pod, before, after)
        if target is None:
            return Effect(entry, source, None)
        before = self.members_of(target.pk)
        after = [*before, entry]
        side = self._side(target, before, after)
        refusal = ""
        if target.pk == entry.pod_id:
            refusal = _("%(name)s is in that pod already.") % {"name": entry.user.name}
        elif (other := self.apart_in(entry, before)) is not None:
            refusal = _("%(a)s and %(b)s are to be kept apart.") % {
                "a": entry.user.name,
                "b": other.user.name,
            }
        elif entry.is_caller and any(e.is_caller for e in before):
            refusal = _("That pod has a caller already; a pod has one caller.")
        warnings = []
        if side.slot_after is None:
            warnings.append(_("The pod would have no time when everyone can meet."))
        if side.size_after > self.round.pod_size_max:
            warnings.append(_("The pod would be larger than the round's largest size."))
        if source is not None and 0 < source.size_after < self.round.pod_size_min:
            warnings.append(_("The pod left behind would be smaller than the smallest size."))
        return Effect(entry, source, side, refusal, tuple(warnings))

    def _side(self, pod: Pod, before: list[Entry], after: list[Entry]) -> Side:
        slot_after = self.slot_of(after) if after else None
        return Side(
            pod=pod,
            size_before=len(before),
            size_after=len(after),
            repeats_before=len(self.repeats(before)),
            repeats_after=len(self.repeats(after)),
            slot_before=pod.slot,
            slot_after=slot_after,
            start_after=(
                meeting.first_meeting(self.round, slot_after) if slot_after is not None else None
            ),
        )
