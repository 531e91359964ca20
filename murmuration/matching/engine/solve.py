"""Form pods for one round, or plan several rounds with no pair meeting twice.

Methods, chosen by measurement (`python bench/matching.py`; judged by the independent checker):

- Communities (more than golfer.SMALL = 80 people): a greedy that places the least flexible
  people first, bucketed by the session starts people can make, then a repair pass that moves
  people between pods without breaking a pod's common slot. 10,000 members x 6 rounds: 0 repeats,
  100% of placeable members placed, 0.5 s a round; 100,000: 0 repeats, 100%, 6.3 s a round, 633 MB
  peak for the whole process. The greedy alone places 98.5% (1,000) and 99.9% (10,000) in the
  worst round; repair lifts that to 99.8% and 100%. Plain first fit: 1,235 repeats at 10,000.
- Small groups: Kirkman 15-5-3 x 7 and 32-8-4 x 10 come from designs (designs.py) in under
  0.1 s with 0 repeats. Round-by-round greedy leaves 14 and 80 repeats there; tabu search from
  random groupings solves Kirkman in 0.5 s but leaves 24 repeats on 32-8-4 after 60 s; CP-SAT
  (bench/cpsat_golfer.py) needs 9-27 s for Kirkman and finds nothing for 32-8-4 in 60 s. So:
  designs where they apply, else the greedy plan untangled by tabu search over all rounds.
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
