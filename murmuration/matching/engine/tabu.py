"""Local search over all rounds at once, for small groups planning several rounds ahead.

Round-by-round greedy planning paints itself into corners on small, dense instances (everyone
free at the same time, several rounds): by the last round every remaining grouping repeats a
pair. Here all rounds are open to change together. The search swaps two people between pods
of the same round (or moves one into a pod with room) and keeps the move that lowers

    cost = sum over pairs of c*h + c*(c-1)/2  +  UNPLACED * people left out

where h is the pair's history weight and c the rounds it shares in the plan, so every meeting
beyond the first costs more than the one before. Moves never break a pod's common slot, the
size range, keep-apart or the one-caller rule. A move just made is tabu for a while so the
search climbs out of local minima instead of undoing its last step; the aspiration rule allows
a tabu move that beats the best plan so far. This is the scheme of Dotú and Van Hentenryck,
"Scheduling social golfers locally" (CPAIOR 2005), with availability added.
"""

import random
import time

from .instance import Instance

# One person left out weighs more than any number of repeats a swap could remove at once.
UNPLACED = 1000
TENURE = (4, 12)


class Plan:
    """Pods of every round as plain lists, with pair counts kept current on every move."""

    def __init__(self, inst: Instance, rounds: list[list[list[int]]]) -> None:
        self.inst = inst
        n = inst.n
        self.history = [[0] * n for _ in range(n)]
        for a in range(n):
            for b, weight in inst.met[a].items():
                self.history[a][b] = weight
        self.load(rounds)
        everywhere = set.intersection(*(set(s) for s in inst.starts)) if n else set()
        # When one start suits everybody, no move can break a common slot: skip the checks.
        self.free_slots = bool(everywhere)

    def load(self, rounds: list[list[list[int]]]) -> None:
        n = self.inst.n
        self.count = [[0] * n for _ in range(n)]
        self.pods = [[list(pod) for pod in pods] for pods in rounds]
        self.pod_of = [[-1] * n for _ in rounds]
        for r, pods in enumerate(self.pods):
            for p, pod in enumerate(pods):
                for k, a in enumerate(pod):
                    self.pod_of[r][a] = p
                    for b in pod[k + 1 :]:
                        self.count[a][b] += 1
                        self.count[b][a] += 1

    def cost(self) -> int:
        inst = self.inst
        total = 0
        for a in range(inst.n):
            for b in range(a + 1, inst.n):
                c, h = self.count[a][b], self.history[a][b]
                total += c * h + c * (c - 1) // 2
        for pod_of in self.pod_of:
            total += UNPLACED * sum(1 for a in range(inst.n) if pod_of[a] < 0 and inst.placeable[a])
        return total

    def repeats(self) -> int:
        """Pairs meeting again (history or an earlier round), weighted like the cost."""
        return self.cost() - UNPLACED * sum(
            1
            for pod_of in self.pod_of
            for a in range(self.inst.n)
            if pod_of[a] < 0 and self.inst.placeable[a]
        )

    def join_cost(self, a: int, others: list[int], leaving: int = -1) -> int:
        """What a's meetings with `others` (minus `leaving`) add if a joins them this round."""
        history, count = self.history[a], self.count[a]
        return sum(history[x] + count[x] for x in others if x != leaving)

    def leave_gain(self, a: int, pod: list[int]) -> int:
        history, count = self.history[a], self.count[a]
        return sum(history[x] + count[x] - 1 for x in pod if x != a)

    def conflicted(self, r: int) -> list[int]:
        found = []
        for pod in self.pods[r]:
            for a in pod:
                count, history = self.count[a], self.history[a]
                if any(count[x] > 1 or history[x] for x in pod if x != a):
                    found.append(a)
        return found

    def fits_slot(self, pod: list[int], out: int, into: int) -> bool:
        if self.free_slots:
            return True
        inst = self.inst
        common = set(inst.start_set[into])
        for x in pod:
            if x != out:
                common &= inst.start_set[x]
                if not common:
                    return False
        return True

    def allowed(self, pod: list[int], out: int, into: int) -> bool:
        inst = self.inst
        apart = inst.apart[into]
        if any(x in apart for x in pod if x != out):
            return False
        if inst.caller[into] and any(inst.caller[x] for x in pod if x != out):
            return False
        return self.fits_slot(pod, out, into)

    def swap(self, r: int, a: int, b: int) -> None:
        pods, pod_of = self.pods[r], self.pod_of[r]
        p, q = pod_of[a], pod_of[b]
        self._leave(a, pods[p])
        self._leave(b, pods[q])
        pods[p][pods[p].index(a)] = b
        pods[q][pods[q].index(b)] = a
        pod_of[a], pod_of[b] = q, p
        self._join(b, pods[p])
        self._join(a, pods[q])

    def _leave(self, a: int, pod: list[int]) -> None:
        for x in pod:
            if x != a:
                self.count[a][x] -= 1
                self.count[x][a] -= 1

    def _join(self, a: int, pod: list[int]) -> None:
        for x in pod:
            if x != a:
                self.count[a][x] += 1
                self.count[x][a] += 1


def untangle(plan: Plan, seconds: float, patience: int, seed: int = 0) -> int:
    """Swap people between pods until no pair repeats, time runs out, or `patience` steps
    pass without a better plan; leave the best plan found in `plan` and return its cost."""
    rng = random.Random(seed)
    cost = plan.cost()
    best_cost, best = cost, [[list(pod) for pod in pods] for pods in plan.pods]
    tabu: dict[tuple[int, int, int], int] = {}
    deadline = time.monotonic() + seconds
    step = 0
    stale = 0
    last_best = 0
    while cost > 0 and time.monotonic() < deadline and step - last_best < patience:
        step += 1
        best_delta, moves = _best_swaps(plan, tabu, step, best_cost - cost)
        if not moves or best_delta is None:
            break
        r, a, b = rng.choice(moves)
        plan.swap(r, a, b)
        cost += best_delta
        tabu[(r, a, b)] = step + rng.randint(*TENURE)
        if cost < best_cost:
            best_cost, stale, last_best = cost, 0, step
            best = [[list(pod) for pod in pods] for pods in plan.pods]
        else:
            stale += 1
            if stale > 400:
                # A long plateau: shake the plan with a few random legal swaps and go on.
                _perturb(plan, rng, 3)
                cost, stale = plan.cost(), 0
    if cost > best_cost:
        plan.load(best)
    return min(cost, best_cost)


def _best_swaps(
    plan: Plan, tabu: dict[tuple[int, int, int], int], step: int, to_beat: int
) -> tuple[int | None, list[tuple[int, int, int]]]:
    """The cheapest legal swaps of someone in a conflict with someone in another pod.

    A tabu swap counts only when its delta is below `to_beat` (it would set a new best).
    """
    moves: list[tuple[int, int, int]] = []
    best_delta: int | None = None
    for r, (pods, pod_of) in enumerate(zip(plan.pods, plan.pod_of, strict=True)):
        for a in plan.conflicted(r):
            pod_a = pods[pod_of[a]]
            gain_a = plan.leave_gain(a, pod_a)
            for pod_b in pods:
                if pod_b is pod_a:
                    continue
                for b in pod_b:
                    delta = (
                        plan.join_cost(b, pod_a, a)
                        + plan.join_cost(a, pod_b, b)
                        - gain_a
                        - plan.leave_gain(b, pod_b)
                    )
                    if best_delta is not None and delta > best_delta:
                        continue
                    is_tabu = tabu.get((r, a, b), 0) > step or tabu.get((r, b, a), 0) > step
                    if is_tabu and delta >= to_beat:
                        continue
                    if not (plan.allowed(pod_a, a, b) and plan.allowed(pod_b, b, a)):
                        continue
                    if best_delta is None or delta < best_delta:
                        best_delta, moves = delta, [(r, a, b)]
                    else:
                        moves.append((r, a, b))
    return best_delta, moves


def _perturb(plan: Plan, rng: random.Random, swaps: int) -> None:
    for _ in range(swaps * 10):
        r = rng.randrange(len(plan.pods))
        pods = plan.pods[r]
        if len(pods) < 2:
            return
        p, q = rng.sample(range(len(pods)), 2)
        a, b = rng.choice(pods[p]), rng.choice(pods[q])
        if plan.allowed(pods[p], a, b) and plan.allowed(pods[q], b, a):
            plan.swap(r, a, b)
            swaps -= 1
            if swaps == 0:
                return
