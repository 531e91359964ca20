"""The JSON file format of `murmur form-pods`.

Input::

    {"pod_size": [4, 5], "session_minutes": 60, "rounds": 1,
     "members": [{"id": "m1", "slots": [0, 1, 2], "home": "g1", "attributes": {"lang": "es"}}],
     "history": [["m1", "m2"]], "apart": [["m3", "m4"]], "together": [], "callers": []}

`pod_size`, `session_minutes` and `members` are required. A slot is a UTC half-hour from Monday
00:00 (0-335). A pair listed twice in `history` counts twice. Optional `allow_repeats` (default
true) places someone with the lightest repeated pairs when nobody new is free at their times;
false leaves them out instead. Optional `seed` varies the tie-breaks. Output::

    {"rounds": [{"pods": [{"members": ["m1", "m2", "m3", "m4"], "slot": 18, "caller": "m1"}],
                 "unplaced": [{"id": "m9", "reason": "..."}]}]}

`slot` is the first half-hour of the common meeting time; `caller` appears when the pod has one.
Unknown fields are refused rather than ignored, so a misspelt "histroy" cannot pass silently.
"""

from collections.abc import Iterable
from typing import Any

from .model import Member, Pair, Problem, ProblemError, Round

REQUIRED = ("pod_size", "session_minutes", "members")
OPTIONAL = ("rounds", "history", "apart", "together", "callers", "allow_repeats", "seed")
MEMBER_FIELDS = ("id", "slots", "home", "attributes")


def problem_from_json(data: Any, rounds: int | None = None) -> Problem:
    """Build a Problem from parsed JSON; `rounds` overrides the file's own."""
    if not isinstance(data, dict):
        raise ProblemError("(top level)", "must be a JSON object")
    for name in data:
        if name not in REQUIRED + OPTIONAL:
            raise ProblemError(name, "unknown field")
    for name in REQUIRED:
        if name not in data:
            raise ProblemError(name, "is required")
    pod_size = data["pod_size"]
    if not isinstance(pod_size, list) or len(pod_size) != 2:
        raise ProblemError("pod_size", "must be two whole numbers [smallest, largest]")
    members = tuple(_member(f"members[{k}]", m) for k, m in enumerate(_list(data, "members")))
    callers = _list(data, "callers")
    for k, caller in enumerate(callers):
        if not isinstance(caller, str):
            raise ProblemError(f"callers[{k}]", "must be a member id")
    return Problem(
        members=members,
        pod_size=(pod_size[0], pod_size[1]),
        session_minutes=data["session_minutes"],
        history=_pairs(data, "history"),
        apart=_pairs(data, "apart"),
        together=_pairs(data, "together"),
        callers=tuple(callers),
        rounds=data.get("rounds", 1) if rounds is None else rounds,
        allow_repeats=data.get("allow_repeats", True),
        seed=data.get("seed", 0),
    )


def rounds_to_json(rounds: Iterable[Round]) -> dict[str, Any]:
    result = []
    for r in rounds:
        pods = []
        for pod in r.pods:
            entry: dict[str, Any] = {"members": list(pod.members), "slot": pod.slot}
            if pod.caller is not None:
                entry["caller"] = pod.caller
            pods.append(entry)
        unplaced = [{"id": u.id, "reason": u.reason} for u in r.unplaced]
        result.append({"pods": pods, "unplaced": unplaced})
    return {"rounds": result}


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise ProblemError(name, "must be a list")
    return value


def _member(where: str, data: Any) -> Member:
    if not isinstance(data, dict):
        raise ProblemError(where, "must be an object with an id and slots")
    for name in data:
        if name not in MEMBER_FIELDS:
            raise ProblemError(f"{where}.{name}", "unknown field")
    if not isinstance(data.get("id"), str):
        raise ProblemError(f"{where}.id", "must be a string")
    slots = data.get("slots", [])
    if not isinstance(slots, list):
        raise ProblemError(f"{where}.slots", "must be a list of half-hour slots")
    for slot in slots:
        if isinstance(slot, bool) or not isinstance(slot, int):
            raise ProblemError(f"{where}.slots", f"slot {slot!r} is not a whole number")
    home = data.get("home")
    if home is not None and not isinstance(home, str):
        raise ProblemError(f"{where}.home", "must be a string")
    attributes = data.get("attributes", {})
    if not isinstance(attributes, dict) or not all(
        isinstance(v, str | int | float | bool) for v in attributes.values()
    ):
        raise ProblemError(f"{where}.attributes", "must be an object of plain values")
    return Member(
        id=data["id"],
        slots=frozenset(slots),
        home=home,
        attributes={k: str(v) for k, v in attributes.items()},
    )


def _pairs(data: dict[str, Any], name: str) -> tuple[Pair, ...]:
    pairs = []
    for k, pair in enumerate(_list(data, name)):
        if not isinstance(pair, list) or len(pair) != 2:
            raise ProblemError(f"{name}[{k}]", "must be a pair of member ids")
        a, b = pair
        if not isinstance(a, str) or not isinstance(b, str):
            raise ProblemError(f"{name}[{k}]", "must be a pair of member ids")
        pairs.append((a, b))
    return tuple(pairs)
