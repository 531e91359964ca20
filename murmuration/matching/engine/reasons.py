"""Why someone was left out, in words a host can act on."""

from collections.abc import Callable

from .instance import Instance


def reason(inst: Instance, i: int) -> str:
    minutes = inst.problem.session_minutes
    others = inst.lo - 1
    if not inst.has_slots[i]:
        return "no availability given"
    if not inst.starts[i]:
        return f"availability has no free stretch of {minutes} minutes"
    if not inst.placeable[i]:
        return (
            f"availability shares no slot of {minutes} minutes with enough others "
            f"(needs {others} more people free at the same time)"
        )
    apart, met = inst.apart[i], inst.met[i]
    if max(_count(inst, i, t, lambda j: j not in apart) for t in inst.starts[i]) < others:
        return "keep-apart wishes leave no pod"
    unmet = max(
        _count(inst, i, t, lambda j: j not in apart and j not in met) for t in inst.starts[i]
    )
    if unmet < others:
        return "everyone free at the same times has already shared a pod with them"
    if inst.caller[i]:
        return "no pod of their own to lead at their times: the people free then are in other pods"
    return "the pods at their times were full or would repeat a pair"


def _count(inst: Instance, i: int, t: int, keep: Callable[[int], bool]) -> int:
    return sum(1 for j in inst.bucket[t] if j != i and keep(j))
