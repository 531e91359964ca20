"""Social Golfer instances: many rounds, nobody meeting anyone twice."""

import itertools

import pytest

from murmuration.matching.engine import Problem, plan_rounds
from murmuration.matching.engine.designs import affine_plane, construction, golfers_32, kirkman_15
from murmuration.matching.engine.io import rounds_to_json
from murmuration.matching.engine.model import Member

from .conftest import load_checker, problem_json

checker = load_checker()
EVERY_EVENING = frozenset(range(36, 44))


def _golfers(n: int, size: int, rounds: int, **extra: object) -> Problem:
    members = tuple(Member(id=f"g{k}", slots=EVERY_EVENING) for k in range(n))
    return Problem(members=members, pod_size=(size, size), rounds=rounds, **extra)  # type: ignore[arg-type]


def _verdict(problem: Problem) -> dict[str, object]:
    result = checker.check(problem_json(problem), rounds_to_json(plan_rounds(problem)))
    assert isinstance(result, dict), result
    return result


def _assert_resolvable(schedule: list[list[list[int]]], n: int, size: int) -> None:
    met: set[tuple[int, int]] = set()
    for groups in schedule:
        assert sorted(p for g in groups for p in g) == list(range(n))
        assert all(len(g) == size for g in groups)
        for g in groups:
            pairs = set(itertools.combinations(sorted(g), 2))
            assert not pairs & met
            met |= pairs


def test_it_solves_kirkmans_schoolgirls_15_in_threes_for_7_rounds():
    verdict = _verdict(_golfers(15, 3, 7))
    assert verdict == {
        "repeats": 0,
        "bad_slot": 0,
        "bad_size": 0,
        "apart_broken": 0,
        "placed_of_placeable": 1.0,
    }


def test_it_solves_32_golfers_in_fours_for_10_rounds_the_known_optimum():
    verdict = _verdict(_golfers(32, 4, 10))
    assert verdict["repeats"] == 0
    assert verdict["placed_of_placeable"] == 1.0


@pytest.mark.parametrize(
    ("schedule", "n", "size", "rounds"),
    [
        (kirkman_15(), 15, 3, 7),
        (golfers_32(), 32, 4, 10),
        (affine_plane(5), 25, 5, 6),
        (affine_plane(7), 49, 7, 8),
    ],
)
def test_it_builds_designs_where_nobody_meets_twice(schedule, n, size, rounds):
    assert schedule is not None
    assert len(schedule) == rounds
    _assert_resolvable(schedule, n, size)


def test_it_has_no_design_for_sizes_it_does_not_know():
    assert construction(33, 3, 2) is None
    assert affine_plane(4) is None  # 4 is not prime; AG(2, 4) needs GF(4) arithmetic


def test_it_untangles_small_groups_with_history_by_searching_all_rounds_at_once():
    # A pair that has met rules the design out; three rounds of threes are still possible.
    problem = _golfers(9, 3, 3, history=(("g0", "g1"),))
    verdict = _verdict(problem)
    assert verdict["repeats"] == 0
    assert verdict["placed_of_placeable"] == 1.0


def test_it_keeps_pods_inside_availability_while_searching():
    # Two overlapping evenings: people 0-5 only early, 6-11 only late, 12-17 both.
    early, late = frozenset(range(36, 40)), frozenset(range(40, 44))
    members = tuple(
        Member(id=f"p{k}", slots=early if k < 6 else late if k < 12 else early | late)
        for k in range(18)
    )
    problem = Problem(members=members, pod_size=(3, 3), rounds=3)
    verdict = _verdict(problem)
    assert verdict["bad_slot"] == 0
    assert verdict["repeats"] == 0
    assert verdict["placed_of_placeable"] == 1.0
