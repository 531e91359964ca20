"""Rounds in sequence: new people every round, history weighed, wishes honoured."""

import itertools
import random

from murmuration.matching.engine import Problem, form_pods, plan_rounds
from murmuration.matching.engine.io import rounds_to_json
from murmuration.matching.engine.model import Member

from .conftest import load_checker, problem_json

checker = load_checker()
EVENING = frozenset(range(36, 42))


def _community(n: int, seed: int = 3) -> tuple[Member, ...]:
    """People spread over four evening windows that overlap in pairs, plus a Sunday-Monday one."""
    rng = random.Random(seed)
    windows = [range(36, 42), range(40, 46), range(84, 90), [334, 335, 0, 1]]
    members = []
    for k in range(n):
        chosen = rng.sample(windows, k=rng.choice((1, 2)))
        slots = frozenset(s for w in chosen for s in w)
        members.append(Member(id=f"m{k}", slots=slots, home=f"g{k % 7}"))
    return tuple(members)


def test_it_plans_six_rounds_of_a_community_without_repeating_a_pair():
    problem = Problem(members=_community(300), pod_size=(4, 5), rounds=6)
    verdict = checker.check(problem_json(problem), rounds_to_json(plan_rounds(problem)))
    assert verdict["repeats"] == 0
    assert verdict["bad_slot"] == 0
    assert verdict["bad_size"] == 0
    assert verdict["placed_of_placeable"] >= 0.99


def test_it_avoids_pairs_from_history():
    members = tuple(Member(id=f"m{k}", slots=EVENING) for k in range(8))
    history = tuple(itertools.combinations([f"m{k}" for k in range(4)], 2))
    result = form_pods(Problem(members=members, pod_size=(2, 2), history=history))
    assert len(result.pods) == 4
    for pod in result.pods:
        assert len({"m0", "m1", "m2", "m3"} & set(pod.members)) == 1


def test_it_takes_the_lightest_repeats_when_every_grouping_repeats():
    members = tuple(Member(id=name, slots=EVENING) for name in "ABCD")
    history = (
        *[("A", "B")] * 3,
        *[("C", "D")] * 3,
        *[("A", "D")] * 2,
        *[("B", "C")] * 2,
        ("A", "C"),
        ("B", "D"),
    )
    result = form_pods(Problem(members=members, pod_size=(2, 2), history=history))
    assert {pod.members for pod in result.pods} == {("A", "C"), ("B", "D")}


def test_it_leaves_people_out_rather_than_repeat_when_asked_to():
    members = tuple(Member(id=name, slots=EVENING) for name in "ABCD")
    history = tuple(itertools.combinations("ABCD", 2))
    result = form_pods(
        Problem(members=members, pod_size=(2, 2), history=history, allow_repeats=False)
    )
    assert result.pods == ()
    assert {u.reason for u in result.unplaced} == {
        "everyone free at the same times has already shared a pod with them"
    }


def test_it_gives_each_caller_a_pod_of_their_own():
    members = tuple(Member(id=f"m{k}", slots=EVENING) for k in range(12))
    problem = Problem(members=members, pod_size=(4, 4), callers=("m0", "m1", "m2"))
    pods = form_pods(problem).pods
    assert sorted(pod.caller for pod in pods if pod.caller) == ["m0", "m1", "m2"]
    for pod in pods:
        assert pod.caller is None or pod.members[0] == pod.caller


def test_it_reports_a_caller_it_cannot_place():
    members = (
        Member(id="lonely", slots=frozenset(range(200, 204))),
        *(Member(id=f"m{k}", slots=EVENING) for k in range(4)),
    )
    result = form_pods(Problem(members=members, pod_size=(4, 4), callers=("lonely",)))
    assert [u.id for u in result.unplaced] == ["lonely"]
    assert "shares no slot of 60 minutes" in result.unplaced[0].reason


def test_it_keeps_together_those_who_asked():
    members = _community(60)
    together = (("m0", "m1"), ("m2", "m3"))
    wishing = {"m0", "m1", "m2", "m3"}
    # Give each pair a common evening so the wish can be honoured.
    members = tuple(
        Member(id=m.id, slots=m.slots | EVENING, home=m.home) if m.id in wishing else m
        for m in members
    )
    pods = form_pods(Problem(members=members, pod_size=(4, 5), together=together)).pods
    pod_of = {m: pod for pod in pods for m in pod.members}
    assert pod_of["m0"] is pod_of["m1"]
    assert pod_of["m2"] is pod_of["m3"]


def test_it_never_puts_people_kept_apart_together_even_if_that_leaves_someone_out():
    members = tuple(Member(id=f"m{k}", slots=EVENING) for k in range(4))
    apart = (("m0", "m1"),)
    result = form_pods(Problem(members=members, pod_size=(4, 4), apart=apart))
    assert result.pods == ()
    reasons = {u.id: u.reason for u in result.unplaced}
    assert reasons["m0"] == "keep-apart wishes leave no pod"


def test_it_mixes_home_groups():
    members = tuple(
        Member(id=f"m{k}", slots=EVENING, home=f"g{k // 4}") for k in range(16)
    )  # four home groups of four
    pods = form_pods(Problem(members=members, pod_size=(4, 4))).pods
    homes = {m.id: m.home for m in members}
    mixed = sum(len({homes[m] for m in pod.members}) for pod in pods)
    assert mixed >= 12  # on average at least three home groups per pod


def test_it_meets_at_a_slot_everyone_in_the_pod_can_make_across_the_week_boundary():
    late_sunday = frozenset([333, 334, 335, 0, 1])
    members = tuple(Member(id=f"m{k}", slots=late_sunday) for k in range(4))
    pods = form_pods(Problem(members=members, pod_size=(4, 4), session_minutes=120)).pods
    assert [pod.slot for pod in pods] == [333]
