"""A direct CP-SAT model of the Social Golfer Problem, measured against the engine's methods.

It is not used by the engine: the benchmark shows why (designs solve the known instances in
milliseconds, CP-SAT needs seconds for Kirkman and does not finish 32-8-4 in its time limit).
Kept here so the comparison can be re-run.
"""

import itertools

from ortools.sat.python import cp_model


def solve(n: int, size: int, rounds: int, seconds: float) -> list[list[list[int]]] | None:
    groups = n // size
    model = cp_model.CpModel()
    x = {
        (r, p, g): model.new_bool_var(f"x{r}_{p}_{g}")
        for r in range(rounds)
        for p in range(n)
        for g in range(groups)
    }
    for r in range(rounds):
        for p in range(n):
            model.add_exactly_one(x[r, p, g] for g in range(groups))
        for g in range(groups):
            model.add(sum(x[r, p, g] for p in range(n)) == size)
    for a, b in itertools.combinations(range(n), 2):
        together = []
        for r in range(rounds):
            for g in range(groups):
                both = model.new_bool_var("")
                model.add_bool_and([x[r, a, g], x[r, b, g]]).only_enforce_if(both)
                model.add_bool_or([x[r, a, g].Not(), x[r, b, g].Not(), both])
                together.append(both)
        model.add(sum(together) <= 1)
    # Symmetry breaking: round 0 in order; in later rounds person g opens group g.
    for p in range(n):
        model.add(x[0, p, p // size] == 1)
    for r in range(1, rounds):
        for g in range(min(groups, size)):
            model.add(x[r, g, g] == 1)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [
        [[p for p in range(n) if solver.value(x[r, p, g])] for g in range(groups)]
        for r in range(rounds)
    ]
