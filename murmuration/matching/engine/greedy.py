"""First pass: form pods around the least flexible people first.

People with few possible meeting times are the ones a careless grouping strands, so they go
first and each opens a pod at the start where most people are still free. The pod is filled
from that start's bucket in the same least-flexible-first order, skipping anyone who would
repeat a pair, break a keep-apart wish or be a second caller. Pods open at the smallest size;
leftovers are fitted into pods with room afterwards (see repair.py).

`plain_greedy` is the baseline the benchmark compares against: first fit in a given order,
with no regard for history.
"""

from .instance import Instance, Layout

# How many compatible candidates to look at beyond the minimum when choosing for mix: enough
# to spread home groups, few enough that the least flexible are still the ones chosen.
MIX_WINDOW = 2
# Starts tried per person before giving up for this pass (the best few by free people).
STARTS_TRIED = 6


def least_flexible_first(inst: Instance) -> Layout:
    layout = Layout(inst)
    lo = inst.lo
    free = {t: len(members) for t, members in inst.bucket.items()}
    head = dict.fromkeys(inst.bucket, 0)
    done = [False] * inst.n

    def retire(i: int) -> None:
        done[i] = True
        for t in inst.starts[i]:
            free[t] -= 1

    def candidates(i: int, t: int, pod: list[int], wanted: int) -> list[int]:
        bucket = inst.bucket[t]
        k = head[t]
        while k < len(bucket) and done[bucket[k]]:
            k += 1
        head[t] = k
        found: list[int] = []
        caller = any(inst.caller[j] for j in pod)
        for position in range(k, len(bucket)):  # no slice: buckets can hold thousands
            j = bucket[position]
            if done[j] or j in pod or (caller and inst.caller[j]) or inst.blocked(j, pod):
                continue
            if inst.together[j] and any(
                not done[x] and t not in inst.start_set[x] for x in inst.together[j]
            ):
                continue  # leave j for a start their keep-together partner can make
            found.append(j)
            if len(found) >= wanted:
                break
        return found

    def with_partners(pod: list[int], t: int) -> None:
        """Pull in keep-together partners of pod members who can make start t."""
        for x in list(pod):
            for j in sorted(inst.together[x], key=inst.rank.__getitem__):
                if len(pod) >= inst.hi or j in pod or done[j] or t not in inst.start_set[j]:
                    continue
                if inst.can_join(j, pod):
                    pod.append(j)

    def build(i: int) -> list[int] | None:
        options = [t for t in inst.starts[i] if free[t] >= lo]
        partners = [j for j in inst.together[i] if not done[j]]
        # Prefer starts where keep-together partners can come too, then the busiest starts.
        options.sort(key=lambda t: (-sum(t in inst.start_set[j] for j in partners), -free[t]))
        for t in options[:STARTS_TRIED]:
            pod = [i]
            with_partners(pod, t)
            while len(pod) < lo:
                pool = candidates(i, t, pod, lo - len(pod) + MIX_WINDOW)
                if len(pool) < lo - len(pod):
                    break
                pod.append(_most_different(inst, pod, pool[: lo - len(pod) + MIX_WINDOW]))
                if inst.together[pod[-1]]:
                    with_partners(pod, t)
            if len(pod) >= lo:
                return pod
        return None

    # Callers go first so that each of them leads a pod before the pods fill up.
    order = sorted(inst.order, key=lambda i: not inst.caller[i])
    for i in order:
        if done[i] or not inst.starts[i]:
            continue
        pod = build(i)
        if pod is None:
            retire(i)
            continue
        layout.new_pod(pod)
        for j in pod:
            retire(j)
    return layout


def _most_different(inst: Instance, pod: list[int], pool: list[int]) -> int:
    """The candidate sharing the fewest tags with the pod; the least flexible on a tie."""
    if not inst.tags[pool[0]]:
        return pool[0]
    present: set[object] = set()
    for j in pod:
        present.update(inst.tags[j])
    return min(pool, key=lambda j: sum(tag in present for tag in inst.tags[j]))


def plain_greedy(inst: Instance, order: list[int] | None = None) -> Layout:
    """Baseline: in input order, join an open pod at one of your starts, else open one.

    A new pod opens at the person's most popular start. It ignores history and keep-apart, which
    is what simple pairing tools do; pods left below the minimum size are dissolved.
    """
    layout = Layout(inst)
    open_at: dict[int, int] = {}
    for i in range(inst.n) if order is None else order:
        starts = inst.starts[i]
        if not starts:
            continue
        for t in starts:
            pod = open_at.get(t, -1)
            if pod >= 0 and len(layout.members[pod]) < inst.hi:
                layout.add(pod, i)
                break
        else:
            t = max(starts, key=lambda s: len(inst.bucket[s]))
            open_at[t] = layout.new_pod([i])
    for pod in layout.live_pods():
        if len(layout.members[pod]) < inst.lo:
            for i in list(layout.members[pod]):
                layout.remove(pod, i)
    return layout
