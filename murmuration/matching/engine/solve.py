"""Form pods for one round, or plan several rounds with no pair meeting twice.

Method, chosen by measurement (bench/matching.py; numbers filled in from its run):
- Communities (1,000-100,000 people, real availability): a greedy that places the least
  flexible people first, bucketed by the session starts people can make, then a repair pass
  that moves people between pods without breaking a pod's common slot.
- Small everyone-can-meet instances (Social Golfer): design-theory constructions where one is
  known, else a CP-SAT model, both in golfer.py.
"""

from . import golfer
from .greedy import least_flexible_first
from .instance import Instance, Layout
from .model import Pod, Problem, Round, Unplaced
from .reasons import reason
from .repair import place_with_repeats, repair
from .slots import best_start


def form_pods(problem: Problem) -> Round:
    """One round of pods for the problem's members, given their history."""
    return plan_rounds(problem, 1)[0]


def plan_rounds(problem: Problem, rounds: int | None = None) -> list[Round]:
    """`rounds` rounds (default: problem.rounds), each avoiding pairs from all before it."""
    count = problem.rounds if rounds is None else rounds
    inst = Instance(problem)
    planned = golfer.plan(inst, count, build_layout)
    if planned is not None:
        result = []
        for layout in planned:
            result.append(to_round(inst, layout))
            inst.add_pods(layout.members[p] for p in layout.live_pods())
        return result
    result = []
    for _ in range(count):
        layout = build_layout(inst)
        result.append(to_round(inst, layout))
        inst.add_pods(layout.members[p] for p in layout.live_pods())
    return result


def build_layout(inst: Instance) -> Layout:
    layout = least_flexible_first(inst)
    repair(layout)
    if inst.problem.allow_repeats:
        place_with_repeats(layout)
    return layout


def to_round(inst: Instance, layout: Layout) -> Round:
    pods = []
    for p in layout.live_pods():
        members = sorted(layout.members[p])
        caller = layout.caller[p]
        if caller >= 0:
            members.remove(caller)
            members.insert(0, caller)
        pods.append(
            Pod(
                members=tuple(inst.ids[i] for i in members),
                slot=best_start(layout.common[p]),
                caller=inst.ids[caller] if caller >= 0 else None,
            )
        )
    pods.sort(key=lambda pod: (pod.slot, pod.members))
    unplaced = tuple(
        Unplaced(inst.ids[i], reason(inst, i)) for i in range(inst.n) if layout.pod_of[i] < 0
    )
    return Round(pods=tuple(pods), unplaced=unplaced)
