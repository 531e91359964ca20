"""Resolvable designs: schedules where nobody meets anyone twice, built from algebra.

Each function returns rounds of groups over people 0..n-1, or None when it does not apply.
All are derived here by the method of differences (R. C. Bose, "On the construction of
balanced incomplete block designs", 1939): choose a group G acting on the people, find a few
base blocks whose differences are all distinct, and let G move them around. The small searches
below find the base blocks in milliseconds, so nothing is copied from tables.
"""

import itertools
from collections.abc import Iterator

Schedule = list[list[list[int]]]


def affine_plane(p: int) -> Schedule | None:
    """p² people in groups of p for p+1 rounds (p prime): the lines of AG(2, p)."""
    if p < 2 or any(p % d == 0 for d in range(2, int(p**0.5) + 1)):
        return None
    rounds = [
        [[x * p + (slope * x + c) % p for x in range(p)] for c in range(p)] for slope in range(p)
    ]
    rounds.append([[x * p + y for y in range(p)] for x in range(p)])
    return rounds


def kirkman_15() -> Schedule:
    """15 people in threes for 7 rounds (Kirkman's schoolgirls), 1-rotational over Z7.

    People are (x, side) for x in Z7 and side 0/1, plus one fixed person ∞. One base round
    holds {∞, (0,0), (0,1)} and four triples; adding s to every x (mod 7) gives round s. Every
    pair then meets once exactly when the base round uses each pair "difference" once: ±d on
    one side (d = 1, 2, 3), y - x across sides, and ∞ with either side.
    """
    infinity = 14

    def person(x: int, side: int) -> int:
        return side * 7 + x % 7

    def difference(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
        (x, s), (y, t) = sorted((a, b), key=lambda q: q[1])
        if s == t:
            d = (y - x) % 7
            return (s, min(d, 7 - d))
        return (2, (y - x) % 7)

    points = [(x, s) for s in (0, 1) for x in range(1, 7)]
    base = _triples(points, {difference((0, 0), (0, 1))}, difference)
    assert base is not None  # the search space is tiny and a solution is known to exist
    rounds = []
    for shift in range(7):
        groups = [[infinity, person(shift, 0), person(shift, 1)]]
        for block in base:
            groups.append([person(x + shift, s) for x, s in block])
        rounds.append(groups)
    return rounds


def _triples(
    points: list[tuple[int, int]], used: set[tuple[int, int]], difference: object
) -> list[list[tuple[int, int]]] | None:
    """Split points into triples whose pairs use each difference at most once."""
    assert callable(difference)
    if not points:
        return []
    first, rest = points[0], points[1:]
    for b, c in itertools.combinations(rest, 2):
        ds = [difference(first, b), difference(first, c), difference(b, c)]
        if len(set(ds)) < 3 or used.intersection(ds):
            continue
        found = _triples([q for q in rest if q not in (b, c)], used | set(ds), difference)
        if found is not None:
            return [[first, b, c], *found]
    return None


def golfers_32() -> Schedule:
    """32 people in fours for 10 rounds, the optimum (each meets 30 of the other 31).

    People are (x, layer) with x in F₂³ (0-7 under XOR) and four layers of eight; G = F₂³ acts
    by x -> x ^ g on every layer. A group of four whose members differ inside a layer by h is
    mapped onto itself by h, so the only kinds of G-orbits that cover every pair at most once are:

    - transversals {(g, 0), (g^t1, 1), (g^t2, 2), (g^t3, 3)}: eight groups, a whole round;
      they cover, between layers i and j, the pairs at difference ti ^ tj;
    - "two and two" {(x, i), (x^h, i), (x^d, j), (x^d^h, j)}: four groups, half a round;
      they cover difference h inside layers i and j and differences d, d^h between them;
    - the two cosets of a plane V inside one layer: two groups, covering V's differences.

    Counting pairs leaves one shape: six transversal rounds whose vectors t give six distinct
    differences between every two layers; the two missing differences {d, d^h} of each layer
    pair become a two-and-two orbit; the three h's meeting at a layer must avoid some plane V of
    that layer, whose cosets fill the last round. The search for t takes milliseconds.
    """
    layer_pairs = list(itertools.combinations(range(4), 2))
    planes = {frozenset((0, a, b, a ^ b)) for a, b in itertools.combinations(range(1, 8), 2)}
    for vectors in _transversal_vectors(6):
        missing = {
            (i, j): sorted(set(range(8)) - {t[i] ^ t[j] for t in vectors}) for i, j in layer_pairs
        }
        h = {pair: d[0] ^ d[1] for pair, d in missing.items()}
        avoid: dict[int, frozenset[int]] = {}
        for layer in range(4):
            meeting = [h[pair] for pair in layer_pairs if layer in pair]
            fits = [v for v in planes if not v.intersection(meeting)]
            if len(set(meeting)) < 3 or not fits:
                break
            avoid[layer] = min(fits, key=sorted)
        else:
            return _golfers_32_rounds(vectors, missing, h, avoid)
    raise AssertionError("no transversal vectors found")  # pragma: no cover - search is exhaustive


def _transversal_vectors(count: int) -> Iterator[list[tuple[int, int, int, int]]]:
    """Sets of vectors (0, t1, t2, t3) with distinct differences between every two layers."""
    vectors = [(0, a, b, c) for a in range(8) for b in range(8) for c in range(8)]
    chosen = [(0, 0, 0, 0)]

    def extend(start: int) -> Iterator[list[tuple[int, int, int, int]]]:
        if len(chosen) == count:
            yield list(chosen)
            return
        for k in range(start, len(vectors)):
            v = vectors[k]
            if all(
                len({t[i] ^ t[j] for t in (*chosen, v)}) == len(chosen) + 1
                for i, j in itertools.combinations(range(4), 2)
            ):
                chosen.append(v)
                yield from extend(k + 1)
                chosen.pop()

    yield from extend(1)


def _golfers_32_rounds(
    vectors: list[tuple[int, int, int, int]],
    missing: dict[tuple[int, int], list[int]],
    h: dict[tuple[int, int], int],
    planes: dict[int, frozenset[int]],
) -> Schedule:
    def person(x: int, layer: int) -> int:
        return layer * 8 + x

    rounds = [
        [[person(g ^ t[layer], layer) for layer in range(4)] for g in range(8)] for t in vectors
    ]

    def two_and_two(i: int, j: int) -> list[list[int]]:
        d, step = missing[(i, j)][0], h[(i, j)]
        reps = sorted({min(x, x ^ step) for x in range(8)})
        return [
            [person(x, i), person(x ^ step, i), person(x ^ d, j), person(x ^ d ^ step, j)]
            for x in reps
        ]

    for (a, b), (c, e) in (((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2))):
        rounds.append(two_and_two(a, b) + two_and_two(c, e))
    last = []
    for layer in range(4):
        plane = planes[layer]
        other = next(x for x in range(8) if x not in plane)
        last.append([person(x, layer) for x in sorted(plane)])
        last.append([person(x ^ other, layer) for x in sorted(plane)])
    rounds.append(last)
    return rounds


def construction(n: int, size: int, rounds: int) -> Schedule | None:
    """A known schedule for n people in groups of `size` with at least `rounds` rounds."""
    schedule: Schedule | None = None
    if (n, size) == (15, 3):
        schedule = kirkman_15()
    elif (n, size) == (32, 4):
        schedule = golfers_32()
    elif n == size * size:
        schedule = affine_plane(size)
    if schedule is None or len(schedule) < rounds:
        return None
    return schedule[:rounds]
