"""Properties every round must have, whatever the input."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from murmuration.matching.engine import Problem, plan_rounds
from murmuration.matching.engine.io import rounds_to_json
from murmuration.matching.engine.model import Member
from murmuration.matching.engine.slots import WEEK

from .conftest import load_checker, problem_json

checker = load_checker()

# A few overlapping windows (one across the Sunday-Monday boundary) so that pods are possible
# but not guaranteed, plus stray slots.
WINDOWS = [
    list(range(36, 42)),
    list(range(38, 44)),
    list(range(84, 88)),
    [WEEK - 2, WEEK - 1, 0, 1, 2],
    list(range(200, 203)),
]


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(0, 24))
    ids = [f"m{k}" for k in range(n)]
    members = []
    for member_id in ids:
        chosen = draw(st.lists(st.sampled_from(range(len(WINDOWS))), max_size=3))
        slots = {s for w in chosen for s in WINDOWS[w]}
        slots |= draw(st.sets(st.integers(0, WEEK - 1), max_size=3))
        home = draw(st.sampled_from([None, "g1", "g2", "g3"]))
        members.append(Member(id=member_id, slots=frozenset(slots), home=home))
    low = draw(st.integers(2, 4))
    high = draw(st.integers(low, low + 2))
    pairs = st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=12)
    history = draw(pairs) if n else []
    apart = draw(pairs) if n else []
    together = draw(pairs) if n else []
    history = [p for p in history if p[0] != p[1]]
    apart = [p for p in apart if p[0] != p[1]]
    apart_set = {frozenset(p) for p in apart}
    together = [p for p in together if p[0] != p[1] and frozenset(p) not in apart_set]
    callers = draw(st.lists(st.sampled_from(ids), unique=True)) if n else []
    return Problem(
        members=tuple(members),
        pod_size=(low, high),
        session_minutes=draw(st.sampled_from([30, 60, 90])),
        history=tuple(history),
        apart=tuple(apart),
        together=tuple(together),
        callers=tuple(callers),
        rounds=draw(st.integers(1, 3)),
        seed=draw(st.integers(0, 3)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_it_keeps_every_pod_in_size_with_a_real_common_slot_and_keep_apart_intact(problem):
    rounds = plan_rounds(problem)
    result = checker.check(problem_json(problem), rounds_to_json(rounds))
    assert isinstance(result, dict), result  # a string names a structural fault
    assert result["bad_size"] == 0
    assert result["bad_slot"] == 0
    assert result["apart_broken"] == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_it_places_each_member_once_per_round_and_gives_each_caller_one_pod(problem):
    callers = set(problem.callers)
    for r in plan_rounds(problem):
        placed = [m for pod in r.pods for m in pod.members]
        assert len(placed) == len(set(placed))
        assert set(placed).isdisjoint(u.id for u in r.unplaced)
        assert set(placed) | {u.id for u in r.unplaced} == {m.id for m in problem.members}
        assert all(u.reason for u in r.unplaced)
        for pod in r.pods:
            leading = callers.intersection(pod.members)
            assert len(leading) <= 1
            assert pod.caller == (leading.pop() if leading else None)
            if pod.caller:
                assert pod.members[0] == pod.caller


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_it_never_repeats_a_pair_when_repeats_are_not_allowed(problem):
    strict = dataclasses.replace(problem, allow_repeats=False)
    result = checker.check(problem_json(strict), rounds_to_json(plan_rounds(strict)))
    assert isinstance(result, dict), result
    assert result["repeats"] == 0
    assert result["apart_broken"] == 0
