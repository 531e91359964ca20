"""The problem in integer form, and the pods of one round while they are being built.

Members become indexes 0..n-1 so the hot loops touch lists, not dictionaries of strings. Members
are bucketed by the session starts they can make: two people can share a pod only if they share a
bucket, which keeps every search local to a bucket instead of all n² pairs.
"""

import random
from collections.abc import Iterable

from .model import Problem
from .slots import session_starts


class Instance:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.rng = random.Random(problem.seed)
        self.lo, self.hi = problem.pod_size
        self.need = problem.session_slots
        members = problem.members
        self.n = n = len(members)
        self.ids = [m.id for m in members]
        self.index = {member_id: i for i, member_id in enumerate(self.ids)}
        self.has_slots = [bool(m.slots) for m in members]
        self.starts: list[tuple[int, ...]] = [
            tuple(session_starts(m.slots, self.need)) for m in members
        ]
        self.start_set = [frozenset(s) for s in self.starts]
        # A random tie-break fixed per instance, so equally flexible people take turns by seed,
        # not by the order of the input file.
        tie = [self.rng.random() for _ in range(n)]
        self.rank_key = [(len(self.starts[i]), tie[i]) for i in range(n)]
        self.order = sorted(range(n), key=self.rank_key.__getitem__)
        self.rank = [0] * n
        for position, i in enumerate(self.order):
            self.rank[i] = position
        self.bucket: dict[int, list[int]] = {}
        for i in self.order:
            for t in self.starts[i]:
                self.bucket.setdefault(t, []).append(i)
        self.placeable = [any(len(self.bucket[t]) >= self.lo for t in s) for s in self.starts]
        self.met: list[dict[int, int]] = [{} for _ in range(n)]
        self.add_pairs((self.index[a], self.index[b]) for a, b in problem.history)
        self.apart: list[set[int]] = [set() for _ in range(n)]
        for a, b in problem.apart:
            self.apart[self.index[a]].add(self.index[b])
            self.apart[self.index[b]].add(self.index[a])
        self.together: list[set[int]] = [set() for _ in range(n)]
        for a, b in problem.together:
            self.together[self.index[a]].add(self.index[b])
            self.together[self.index[b]].add(self.index[a])
        self.caller = [False] * n
        for member_id in problem.callers:
            self.caller[self.index[member_id]] = True
        # Home group and attributes as hashable tags; pods prefer people whose tags differ.
        self.tags: list[tuple[object, ...]] = []
        for m in members:
            tags: list[object] = [("home", m.home)] if m.home else []
            tags.extend(sorted(m.attributes.items()))
            self.tags.append(tuple(tags))

    def add_pairs(self, pairs: Iterable[tuple[int, int]]) -> None:
        for a, b in pairs:
            self.met[a][b] = self.met[a].get(b, 0) + 1
            self.met[b][a] = self.met[b].get(a, 0) + 1

    def add_pods(self, pods: Iterable[list[int]]) -> None:
        for pod in pods:
            self.add_pairs((a, b) for k, a in enumerate(pod) for b in pod[k + 1 :])

    def blocked(self, i: int, others: Iterable[int]) -> bool:
        """True when i may not join these people without a repeat or a keep-apart breach."""
        met, apart = self.met[i], self.apart[i]
        return any(j in met or j in apart for j in others)

    def can_join(self, i: int, group: Iterable[int]) -> bool:
        """No repeat, no keep-apart breach and at most one caller if i joins the group."""
        group = list(group)
        if self.caller[i] and any(self.caller[j] for j in group):
            return False
        return not self.blocked(i, group)

    def repeat_weight(self, i: int, others: Iterable[int]) -> int:
        met = self.met[i]
        return sum(met.get(j, 0) for j in others)

    def is_apart(self, i: int, others: Iterable[int]) -> bool:
        apart = self.apart[i]
        return any(j in apart for j in others)


class Layout:
    """The pods of one round; pod ids stay stable while members move between them."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.members: list[list[int]] = []
        self.common: list[set[int]] = []
        self.caller: list[int] = []
        self.pod_of = [-1] * inst.n
        # Pods listed under every start they could meet at; entries go stale when a pod's
        # common starts shrink and are skipped by whoever reads them.
        self.by_start: dict[int, list[int]] = {}

    def new_pod(self, members: list[int]) -> int:
        pod = len(self.members)
        self.members.append([])
        self.common.append(set())
        self.caller.append(-1)
        for i in members:
            self.add(pod, i)
        return pod

    def add(self, pod: int, i: int) -> None:
        inst = self.inst
        members = self.members[pod]
        if members:
            self.common[pod] &= inst.start_set[i]
        else:
            self.common[pod] = set(inst.starts[i])
            for t in inst.starts[i]:
                self.by_start.setdefault(t, []).append(pod)
        members.append(i)
        self.pod_of[i] = pod
        if inst.caller[i]:
            self.caller[pod] = i

    def remove(self, pod: int, i: int) -> None:
        inst = self.inst
        members = self.members[pod]
        members.remove(i)
        self.pod_of[i] = -1
        if self.caller[pod] == i:
            self.caller[pod] = -1
        if not members:
            self.common[pod] = set()
            return
        grown = set(inst.start_set[members[0]]).intersection(
            *(inst.start_set[j] for j in members[1:])
        )
        for t in grown - self.common[pod]:
            self.by_start.setdefault(t, []).append(pod)
        self.common[pod] = grown

    def pods_at(self, t: int) -> list[int]:
        """Live pods that can meet at start t (compacting the stale entries on the way)."""
        listed = self.by_start.get(t)
        if not listed:
            return []
        live = [p for p in dict.fromkeys(listed) if t in self.common[p]]
        self.by_start[t] = live
        return live

    def fits(self, pod: int, i: int) -> bool:
        """Can i join this pod: room, a shared start, no repeat, no keep-apart, one caller?"""
        inst = self.inst
        members = self.members[pod]
        return (
            len(members) < inst.hi
            and not self.common[pod].isdisjoint(inst.start_set[i])
            and not (inst.caller[i] and self.caller[pod] >= 0)
            and not inst.blocked(i, members)
        )

    def live_pods(self) -> list[int]:
        return [p for p, members in enumerate(self.members) if members]
