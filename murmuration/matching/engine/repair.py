"""Second pass: place the people the greedy left out, without breaking any pod's common slot.

Every move keeps each pod inside the size range, keeps a start all its members can make, and
never adds a repeated pair or a keep-apart pair. First keep-together pairs the greedy split are
reunited where a move or a swap allows. Then, for people left out, in order of cost:

1. fit: join a pod with room at one of the person's starts;
2. eject: join a full pod by moving one of its members (or the one person it would repeat
   with) to another pod that can take them;
3. regroup: leftovers who share a start open a new pod, borrowing members from pods at that
   start that are above the minimum size.

`place_with_repeats` is the last resort for people who cannot be placed any other way: it
accepts the lightest repeated pairs (history weight), but still never a keep-apart pair.
"""

from .instance import Instance, Layout


def repair(layout: Layout, rounds: int = 3) -> None:
    reunite(layout)
    for _ in range(rounds):
        left = _leftovers(layout)
        if not left:
            return
        before = len(left)
        for i in left:
            if not fit(layout, i):
                eject(layout, i)
        regroup(layout)
        if len(_leftovers(layout)) == before:
            return


def _leftovers(layout: Layout) -> list[int]:
    inst = layout.inst
    return [i for i in inst.order if layout.pod_of[i] < 0 and inst.placeable[i]]


def best_pod(layout: Layout, i: int, exclude: int = -1) -> int:
    """The pod i fits best: with a keep-together partner, then the smallest, then most mixed."""
    inst = layout.inst
    best, best_key = -1, (0, 0, 0)
    for t in inst.starts[i]:
        for pod in layout.pods_at(t):
            if pod == exclude or not layout.fits(pod, i):
                continue
            members = layout.members[pod]
            key = (
                -sum(j in inst.together[i] for j in members),
                len(members),
                _shared_tags(inst, i, members),
            )
            if best < 0 or key < best_key:
                best, best_key = pod, key
    return best


def fit(layout: Layout, i: int) -> bool:
    pod = best_pod(layout, i)
    if pod < 0:
        return False
    layout.add(pod, i)
    return True


def eject(layout: Layout, i: int) -> bool:
    inst = layout.inst
    for t in inst.starts[i]:
        for pod in layout.pods_at(t):
            members = layout.members[pod]
            blocking = [
                j
                for j in members
                if j in inst.met[i] or j in inst.apart[i] or (inst.caller[i] and inst.caller[j])
            ]
            if len(blocking) > 1 or (not blocking and len(members) < inst.hi):
                continue
            # Move out the one person in the way, or else anyone who has somewhere to go.
            movable = blocking or sorted(members, key=lambda j: -len(inst.starts[j]))
            for j in movable:
                if _swap(layout, pod, j, i):
                    return True
    return False


def _swap(layout: Layout, pod: int, out: int, into: int) -> bool:
    """Replace `out` by `into` in pod when `out` can go to another pod; undo otherwise."""
    layout.remove(pod, out)
    if layout.fits(pod, into):
        target = best_pod(layout, out, exclude=pod)
        if target >= 0:
            layout.add(pod, into)
            layout.add(target, out)
            return True
    layout.add(pod, out)
    return False


def reunite(layout: Layout) -> None:
    """Bring keep-together pairs split across pods into one pod: a move, else a swap."""
    inst = layout.inst
    for a in range(inst.n):
        for b in inst.together[a]:
            p, q = layout.pod_of[a], layout.pod_of[b]
            if a > b or p < 0 or q < 0 or p == q:
                continue
            if _move(layout, b, q, p) or _move(layout, a, p, q):
                continue
            # Swap b with someone in a's pod, or a with someone in b's.
            _ = any(
                _exchange(layout, i, source, x, target)
                for i, source, target, partner in ((b, q, p, a), (a, p, q, b))
                for x in list(layout.members[target])
                if x != partner and not inst.together[x]
            )


def _move(layout: Layout, i: int, source: int, target: int) -> bool:
    if len(layout.members[source]) <= layout.inst.lo or not layout.fits(target, i):
        return False
    layout.remove(source, i)
    layout.add(target, i)
    return True


def _exchange(layout: Layout, i: int, p: int, j: int, q: int) -> bool:
    """Swap i (in pod p) with j (in pod q) when both pods still fit; undo otherwise."""
    layout.remove(p, i)
    layout.remove(q, j)
    if layout.fits(q, i) and layout.fits(p, j):
        layout.add(q, i)
        layout.add(p, j)
        return True
    layout.add(p, i)
    layout.add(q, j)
    return False


def regroup(layout: Layout) -> None:
    inst = layout.inst
    by_start: dict[int, list[int]] = {}
    for i in _leftovers(layout):
        for t in inst.starts[i]:
            by_start.setdefault(t, []).append(i)
    # Starts with the most leftovers first: they need the fewest borrowed members.
    for t in sorted(by_start, key=lambda t: -len(by_start[t])):
        group: list[int] = []
        for i in by_start[t]:
            if layout.pod_of[i] < 0 and inst.can_join(i, group):
                group.append(i)
            if len(group) == inst.lo:
                break
        if not group:
            continue
        lenders: list[tuple[int, int]] = []
        if len(group) < inst.lo:
            for pod in layout.pods_at(t):
                members = layout.members[pod]
                if len(members) <= inst.lo:
                    continue
                for j in members:
                    if t in inst.start_set[j] and inst.can_join(j, group):
                        lenders.append((pod, j))
                        group.append(j)
                        break
                if len(group) == inst.lo:
                    break
        if len(group) < inst.lo:
            continue
        for pod, j in lenders:
            layout.remove(pod, j)
        layout.new_pod(group)


def _shared_tags(inst: Instance, i: int, members: list[int]) -> int:
    tags = inst.tags[i]
    if not tags:
        return 0
    return sum(tag in inst.tags[j] for j in members for tag in tags)


def place_with_repeats(layout: Layout) -> None:
    """Last resort: join the pod with room where the repeated pairs weigh least."""
    inst = layout.inst
    for i in _leftovers(layout):
        best, best_weight = -1, 0
        for t in inst.starts[i]:
            for pod in layout.pods_at(t):
                members = layout.members[pod]
                if len(members) >= inst.hi or inst.is_apart(i, members):
                    continue
                if inst.caller[i] and layout.caller[pod] >= 0:
                    continue
                weight = inst.repeat_weight(i, members)
                if best < 0 or weight < best_weight:
                    best, best_weight = pod, weight
        if best >= 0:
            layout.add(best, i)
    _group_with_repeats(layout)


def _group_with_repeats(layout: Layout) -> None:
    """Leftovers who share a start form pods with the lightest history among them, borrowing
    one member from each pod at that start that is above the minimum size if need be."""
    inst = layout.inst
    for i in _leftovers(layout):
        if layout.pod_of[i] >= 0:
            continue
        best: list[int] = []
        best_weight = 0
        for t in inst.starts[i]:
            pool = [j for j in inst.bucket[t] if layout.pod_of[j] < 0 and j != i]
            lenders = [p for p in layout.pods_at(t) if len(layout.members[p]) > inst.lo]
            pool += [j for p in lenders for j in layout.members[p] if t in inst.start_set[j]]
            group, weight = _lightest_group(layout, i, pool)
            if len(group) == inst.lo and (not best or weight < best_weight):
                best, best_weight = group, weight
        if best:
            for j in best:
                if layout.pod_of[j] >= 0:
                    layout.remove(layout.pod_of[j], j)
            layout.new_pod(best)


def _lightest_group(layout: Layout, i: int, pool: list[int]) -> tuple[list[int], int]:
    inst = layout.inst
    group, weight = [i], 0
    lent: set[int] = set()  # pods that already gave someone up
    while len(group) < inst.lo:
        options = [
            j
            for j in pool
            if j not in group
            and layout.pod_of[j] not in lent
            and not inst.is_apart(j, group)
            and not (inst.caller[j] and any(inst.caller[x] for x in group))
        ]
        if not options:
            break
        j = min(options, key=lambda j: (inst.repeat_weight(j, group), layout.pod_of[j] >= 0))
        weight += inst.repeat_weight(j, group)
        group.append(j)
        if layout.pod_of[j] >= 0:
            lent.add(layout.pod_of[j])
    return group, weight
