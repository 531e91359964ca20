"""Benchmark of the pod formation engine against simple baselines; prints one table.

usage: .venv/bin/python bench/matching.py [--quick]

Every row runs in its own process so its peak memory is its own. The rows are judged by the
independent checker (../shared/tools/check_pods.py), not by the engine: repeated pairs across
history and earlier rounds, the worst round's share of placeable members placed, and pods with
a real common slot. --quick leaves out the 100,000-member community (about a minute in all).
"""

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and `murmuration` importable

from bench import cpsat_golfer, synthetic  # noqa: E402
from murmuration.matching.engine import Problem, plan_rounds  # noqa: E402
from murmuration.matching.engine.greedy import plain_greedy  # noqa: E402
from murmuration.matching.engine.instance import Instance, Layout  # noqa: E402
from murmuration.matching.engine.io import rounds_to_json  # noqa: E402
from murmuration.matching.engine.model import Member, Pod, Round, Unplaced  # noqa: E402
from murmuration.matching.engine.slots import best_start  # noqa: E402
from murmuration.matching.engine.solve import build_layout, to_round  # noqa: E402
from murmuration.matching.engine.tabu import Plan, untangle  # noqa: E402

CHECKER = ROOT / ".." / "shared" / "tools" / "check_pods.py"
EVERY_EVENING = frozenset(range(36, 44))


def golfers(n: int, size: int, rounds: int) -> Problem:
    members = tuple(Member(id=f"g{k}", slots=EVERY_EVENING) for k in range(n))
    return Problem(members=members, pod_size=(size, size), rounds=rounds)


def community(n: int, sparse: bool = False) -> Problem:
    base = synthetic.community(n, seed=1, sparse=sparse)
    return Problem(members=base.members, pod_size=(4, 5), session_minutes=60, rounds=6, seed=1)


# name: (build the problem, methods to run)
CASES: dict[str, tuple[Callable[[], Problem], tuple[str, ...]]] = {
    "Kirkman 15-5-3 x7": (
        lambda: golfers(15, 3, 7),
        ("engine", "stepwise", "tabu", "cp-sat", "plain greedy", "random"),
    ),
    "Golfers 32-8-4 x10": (
        lambda: golfers(32, 4, 10),
        ("engine", "stepwise", "tabu", "cp-sat", "plain greedy", "random"),
    ),
    "Community 1,000 x6": (lambda: community(1_000), ("engine", "plain greedy", "random")),
    "Community 1,000 sparse x6": (
        lambda: community(1_000, sparse=True),
        ("engine", "plain greedy", "random"),
    ),
    "Community 10,000 x6": (lambda: community(10_000), ("engine", "plain greedy", "random")),
    "Community 100,000 x6": (lambda: community(100_000), ("engine", "plain greedy", "random")),
}
# --quick leaves out the largest community and the two minute-long searches on 32-8-4.
QUICK_SKIPS = {
    ("Community 100,000 x6", "engine"),
    ("Community 100,000 x6", "plain greedy"),
    ("Community 100,000 x6", "random"),
    ("Golfers 32-8-4 x10", "tabu"),
    ("Golfers 32-8-4 x10", "cp-sat"),
}
SEARCH_SECONDS = 60.0


def stepwise(problem: Problem) -> list[Round]:
    """The large-community method alone: greedy and repair, one round after another."""
    inst = Instance(problem)
    result = []
    for _ in range(problem.rounds):
        layout = build_layout(inst)
        result.append(to_round(inst, layout))
        inst.add_pods(layout.members[p] for p in layout.live_pods())
    return result


def tabu_only(problem: Problem) -> list[Round]:
    """All rounds at once by tabu search from random groupings, no designs."""
    inst = Instance(problem)
    rng = random.Random(problem.seed)
    size = problem.pod_size[0]
    start = []
    for _ in range(problem.rounds):
        people = list(range(inst.n))
        rng.shuffle(people)
        start.append([people[k : k + size] for k in range(0, inst.n, size)])
    plan = Plan(inst, start)
    untangle(plan, SEARCH_SECONDS, patience=10**9, seed=problem.seed)
    return [to_round(inst, _layout(inst, pods)) for pods in plan.pods]


def cp_sat(problem: Problem) -> list[Round]:
    size = problem.pod_size[0]
    schedule = cpsat_golfer.solve(len(problem.members), size, problem.rounds, SEARCH_SECONDS)
    inst = Instance(problem)
    if schedule is None:
        return [Round(pods=(), unplaced=to_round(inst, Layout(inst)).unplaced)] * problem.rounds
    return [to_round(inst, _layout(inst, pods)) for pods in schedule]


def plain(problem: Problem) -> list[Round]:
    """What a simple tool does: shuffle, then first fit by availability; history ignored."""
    inst = Instance(problem)
    rng = random.Random(problem.seed)
    result = []
    for _ in range(problem.rounds):
        order = list(range(inst.n))
        rng.shuffle(order)
        result.append(to_round(inst, plain_greedy(inst, order)))
    return result


def random_groups(problem: Problem) -> list[Round]:
    """What pairing bots do: shuffle everyone who gave times and cut into pods."""
    rng = random.Random(problem.seed)
    low, high = problem.pod_size
    need = problem.session_slots
    people = [m for m in problem.members if m.slots]
    silent = tuple(Unplaced(m.id, "no availability given") for m in problem.members if not m.slots)
    result = []
    for _ in range(problem.rounds):
        rng.shuffle(people)
        count = max(1, -(-len(people) // high))
        if len(people) < low * count:
            count = len(people) // low
        pods = []
        for k in range(count):
            group = people[k::count]
            common = frozenset.intersection(*(m.slots for m in group))
            starts = [t for t in common if all((t + j) % 336 in common for j in range(need))]
            # Without a common start the bot still names a time: the first member's.
            slot = best_start(starts) if starts else min(group[0].slots)
            pods.append(Pod(tuple(m.id for m in group), slot))
        result.append(Round(pods=tuple(pods), unplaced=silent))
    return result


METHODS: dict[str, Callable[[Problem], list[Round]]] = {
    "engine": plan_rounds,
    "stepwise": stepwise,
    "tabu": tabu_only,
    "cp-sat": cp_sat,
    "plain greedy": plain,
    "random": random_groups,
}


def _layout(inst: Instance, pods: list[list[int]]) -> Layout:
    layout = Layout(inst)
    for pod in pods:
        layout.new_pod(list(pod))
    return layout


def _checker() -> ModuleType:
    if not CHECKER.is_file():
        raise SystemExit(f"the independent checker is missing: {CHECKER}")
    spec = importlib.util.spec_from_file_location("check_pods", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _as_file(problem: Problem) -> dict[str, Any]:
    return {
        "pod_size": list(problem.pod_size),
        "session_minutes": problem.session_minutes,
        "rounds": problem.rounds,
        "members": [{"id": m.id, "slots": sorted(m.slots)} for m in problem.members],
        "history": [list(p) for p in problem.history],
        "apart": [list(p) for p in problem.apart],
    }


def run_one(case: str, method: str) -> dict[str, Any]:
    problem = CASES[case][0]()
    started = time.perf_counter()
    rounds = METHODS[method](problem)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    output = rounds_to_json(rounds)
    verdict = _checker().check(_as_file(problem), output)
    pods = sum(len(r["pods"]) for r in output["rounds"])
    return {
        "case": case,
        "method": method,
        "rounds": problem.rounds,
        "seconds": seconds,
        "peak_mb": peak_mb,
        "pods": pods,
        "verdict": verdict,
    }


def _row(result: dict[str, Any]) -> str:
    verdict = result["verdict"]
    if not isinstance(verdict, dict):
        faults = f"checker: {verdict}"
        return f"| {result['case']} | {result['method']} | {faults} | | | | | |"
    pods = result["pods"]
    if not pods:
        return f"| {result['case']} | {result['method']} | no pods formed (no solution in time) |"
    with_slot = pods - verdict["bad_slot"]
    share = f"{with_slot / pods:.1%}" if pods else "-"
    per_round = result["seconds"] / result["rounds"]
    return (
        f"| {result['case']} | {result['method']} | {verdict['repeats']:,} "
        f"| {verdict['placed_of_placeable']:.2%} | {with_slot:,}/{pods:,} ({share}) "
        f"| {verdict['bad_size']:,} | {result['seconds']:.2f} | {per_round:.2f} "
        f"| {result['peak_mb']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="skip the 100,000 community and slow searches"
    )
    parser.add_argument("--one", nargs=2, metavar=("CASE", "METHOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    print(
        "| instance | method | repeated pairs | placed of placeable (worst round) "
        "| pods with a common slot | pods outside size | total s | s/round | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for case, (_build, methods) in CASES.items():
        for method in methods:
            if args.quick and (case, method) in QUICK_SKIPS:
                continue
            child = subprocess.run(
                [sys.executable, __file__, "--one", case, method],
                capture_output=True,
                text=True,
                check=True,
            )
            print(_row(json.loads(child.stdout)), flush=True)
    print(
        "\npeak MB: the whole process (interpreter, instance and solver), from getrusage. "
        "Times include building the engine's index but not generating the instance."
    )


if __name__ == "__main__":
    main()
