"""A problem checks itself and names the offending field."""

import pytest

from murmuration.matching.engine import Problem, ProblemError
from murmuration.matching.engine.io import problem_from_json
from murmuration.matching.engine.model import Member

ONE = (Member(id="m1", slots=frozenset([1, 2])), Member(id="m2", slots=frozenset([3])))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pod_size": (5, 4)}, "pod_size"),
        ({"pod_size": (1, 4)}, "pod_size"),
        ({"session_minutes": 0}, "session_minutes"),
        ({"session_minutes": 45}, "session_minutes"),
        ({"rounds": 0}, "rounds"),
        ({"history": (("m1", "zz"),)}, "history[0]"),
        ({"apart": (("m1", "m1"),)}, "apart[0]"),
        ({"together": (("m1", "m2"),), "apart": (("m2", "m1"),)}, "together[0]"),
        ({"callers": ("m3",)}, "callers[0]"),
        ({"members": (*ONE, Member(id="m1", slots=frozenset()))}, "members[2].id"),
        ({"members": (Member(id="m1", slots=frozenset([336])),)}, "members[0].slots"),
    ],
)
def test_it_refuses_bad_problems_naming_the_field(changes, field):
    arguments = {"members": ONE, **changes}
    with pytest.raises(ProblemError) as refused:
        Problem(**arguments)
    assert refused.value.field == field
    assert str(refused.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"session_minutes": 60, "members": []}, "pod_size"),
        ({"pod_size": [4, 5], "members": []}, "session_minutes"),
        ({"pod_size": [4], "session_minutes": 60, "members": []}, "pod_size"),
        ({"pod_size": [4, 5], "session_minutes": 60, "members": {}}, "members"),
        ({"pod_size": [4, 5], "session_minutes": 60, "members": [{"id": 3}]}, "members[0].id"),
        (
            {"pod_size": [4, 5], "session_minutes": 60, "members": [{"id": "a", "slots": ["x"]}]},
            "members[0].slots",
        ),
        (
            {"pod_size": [4, 5], "session_minutes": 60, "members": [{"id": "a", "slot": [1]}]},
            "members[0].slot",
        ),
        (
            {"pod_size": [4, 5], "session_minutes": 60, "members": [], "history": [["a"]]},
            "history[0]",
        ),
        ("[]", "(top level)"),
    ],
)
def test_it_refuses_bad_files_naming_the_field(data, field):
    with pytest.raises(ProblemError) as refused:
        problem_from_json(data)
    assert refused.value.field == field


def test_it_reads_a_good_file():
    problem = problem_from_json(
        {
            "pod_size": [4, 5],
            "session_minutes": 90,
            "members": [
                {"id": "m1", "slots": [5, 3, 3], "home": "g1", "attributes": {"lang": "es"}}
            ],
        },
        rounds=3,
    )
    assert problem.rounds == 3
    assert problem.session_slots == 3
    assert problem.members[0].slots == frozenset([3, 5])
    assert problem.members[0].attributes == {"lang": "es"}
