"""The pod formation engine: framework-free, so it runs in the app, the CLI, tests and benchmarks.

Entry points live in `solve.py` (`form_pods`, `plan_rounds`); the data they take and return in
`model.py`; the JSON file format in `io.py`.
"""

from .model import Pod, Problem, ProblemError, Round, Unplaced
from .solve import form_pods, plan_rounds

__all__ = ["Pod", "Problem", "ProblemError", "Round", "Unplaced", "form_pods", "plan_rounds"]
